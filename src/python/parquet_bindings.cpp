#include "parquet_bindings.h"

#include "interruptible.h"
#include "lode/exec/executor.h"
#include "lode/plan/logical_plan.h"

#include <pybind11/stl.h>

#include "lode/core/error.h"

#include "lode/io/parquet/compression.h"
#include "lode/io/parquet/parquet_source.h"
#include "lode/io/parquet/parquet_writer.h"

namespace lode::python {

namespace py = pybind11;

namespace {

// Converts ("column", "op", value) tuples into predicates on `schema`.
std::vector<io::ColumnPredicate> predicates_from_python(const Schema& schema, const py::list& filters) {
  static const std::pair<const char*, io::PredicateOp> kOperators[] = {
      {"==", io::PredicateOp::kEqual}, {"!=", io::PredicateOp::kNotEqual}, {"<", io::PredicateOp::kLess},
      {"<=", io::PredicateOp::kLessEqual}, {">", io::PredicateOp::kGreater}, {">=", io::PredicateOp::kGreaterEqual}};
  std::vector<io::ColumnPredicate> predicates;
  for (const auto& item : filters) {
    auto filter = item.cast<py::tuple>();
    io::ColumnPredicate predicate;
    predicate.column = schema.index_of(filter[0].cast<std::string>());
    const auto op = filter[1].cast<std::string>();
    bool known = false;
    for (const auto& [text, value] : kOperators)
      if (op == text) predicate.op = value, known = true;
    if (!known) throw InvalidInputError("unknown filter operator '" + op + "'");
    py::object value = filter[2];
    if (py::isinstance<py::str>(value)) predicate.values.push_back(Scalar::string(value.cast<std::string>()));
    else if (py::isinstance<py::float_>(value)) predicate.values.push_back(Scalar::float64(value.cast<double>()));
    else predicate.values.push_back(Scalar::int64(value.cast<int64_t>()));
    predicates.push_back(std::move(predicate));
  }
  return predicates;
}

}  // namespace

void bind_parquet(py::module_& module) {
  module.def("read_parquet",
             [](const std::vector<std::string>& paths, const std::optional<std::vector<std::string>>& columns,
                bool hive_partitioning) {
               io::ParquetOptions options{.hive_partitioning = hive_partitioning,
                                          .skip_unsupported_columns = columns.has_value()};
               auto source = io::open_parquet(paths, options);
               return io::read_parquet_table(*source, columns.value_or(std::vector<std::string>{}));
             },
             py::arg("paths"), py::arg("columns"), py::arg("hive_partitioning") = true,
             py::call_guard<py::gil_scoped_release>());
  // The scan layer alone, as the engine drives it: row groups that the
  // filters rule out are skipped; the rows of the others are not filtered.
  // For benchmarks and tests; returns (table, splits read, splits skipped).
  module.def("scan_parquet_pruned",
             [](const std::vector<std::string>& paths, const std::vector<std::string>& columns, const py::list& filters) {
               auto source = io::open_parquet(paths, io::ParquetOptions{.skip_unsupported_columns = true});
               auto predicates = predicates_from_python(source->schema(), filters);
               io::ScanStatistics statistics;
               std::shared_ptr<Table> table;
               {
                 py::gil_scoped_release release;
                 table = io::read_parquet_table(*source, columns, predicates, &statistics);
               }
               return py::make_tuple(table, statistics.splits_read, statistics.splits_skipped);
             },
             py::arg("paths"), py::arg("columns"), py::arg("filters"));
  module.def("write_parquet",
             [](const Table& table, const std::string& path, const std::string& compression, int64_t row_group_rows) {
               io::ParquetWriteOptions options;
               options.codec = io::parquet::codec_from_name(compression);
               if (row_group_rows > 0) options.row_group_rows = row_group_rows;
               io::write_parquet(table, path, options);
             },
             py::arg("table"), py::arg("path"), py::arg("compression"), py::arg("row_group_rows"),
             py::call_guard<py::gil_scoped_release>());
  // A lazy scan: the engine pushes the query's columns and filters into the
  // reader (only needed column chunks read, row groups pruned by statistics).
  module.def("plan_scan_parquet",
             [](const std::vector<std::string>& paths, bool hive_partitioning) {
               std::shared_ptr<io::TableSource> source;
               {
                 py::gil_scoped_release release;
                 source = io::open_parquet(paths, io::ParquetOptions{.hive_partitioning = hive_partitioning});
               }
               return std::const_pointer_cast<plan::PlanNode>(plan::scan(source));
             },
             py::arg("paths"), py::arg("hive_partitioning") = true);
  // Streams a query's result into a Parquet file, row group by row group.
  module.def("plan_sink_parquet",
             [](const std::shared_ptr<plan::PlanNode>& plan, const std::string& path, const std::string& compression,
                int64_t row_group_rows) {
               io::ParquetWriteOptions options;
               options.codec = io::parquet::codec_from_name(compression);
               if (row_group_rows > 0) options.row_group_rows = row_group_rows;
               const plan::PlanPtr optimized = exec::optimize_plan(plan);
               run_interruptibly<int>([&](exec::QueryContext& context) {
                 io::ParquetWriter writer(path, optimized->schema, options);
                 exec::execute_into(optimized, context, [&](const Batch& batch) { writer.write(batch); });
                 writer.finish();
                 return 0;
               });
             },
             py::arg("plan"), py::arg("path"), py::arg("compression"), py::arg("row_group_rows"));
}

}  // namespace lode::python
