#include "parquet_bindings.h"

#include "interruptible.h"
#include "lode/exec/executor.h"
#include "lode/plan/logical_plan.h"

#include <pybind11/stl.h>

#include "lode/core/memory_manager.h"
#include "lode/io/parquet/compression.h"
#include "lode/io/parquet/parquet_source.h"
#include "lode/io/parquet/parquet_writer.h"

namespace lode::python {

namespace py = pybind11;

void bind_parquet(py::module_& module) {
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
  // With `columns` (read_parquet's), the scan reads those, in that order;
  // columns lode cannot read raise NotSupportedError only when named, and
  // an empty list reads every column lode can read.
  module.def("plan_scan_parquet",
             [](const std::vector<std::string>& paths, bool hive_partitioning,
                const std::optional<std::vector<std::string>>& columns) {
               std::shared_ptr<io::ParquetSource> source;
               {
                 py::gil_scoped_release release;
                 source = io::open_parquet(paths, io::ParquetOptions{.hive_partitioning = hive_partitioning,
                                                                     .skip_unsupported_columns = columns.has_value()});
               }
               if (!columns || columns->empty()) return std::const_pointer_cast<plan::PlanNode>(plan::scan(source));
               source->require_readable(*columns);
               return std::const_pointer_cast<plan::PlanNode>(plan::scan(source, *columns));
             },
             py::arg("paths"), py::arg("hive_partitioning") = true, py::arg("columns") = py::none());
  // Streams a query's result into a Parquet file, row group by row group.
  module.def("plan_sink_parquet",
             [](const std::shared_ptr<plan::PlanNode>& plan, const std::string& path, const std::string& compression,
                int64_t row_group_rows) {
               io::ParquetWriteOptions options;
               options.codec = io::parquet::codec_from_name(compression);
               if (row_group_rows > 0) options.row_group_rows = row_group_rows;
               // Under a memory limit, a row group (held twice while it is
               // encoded) takes at most a 32nd of it.
               const MemoryManager& memory = MemoryManager::global();
               if (memory.has_limit()) options.row_group_bytes = std::max<int64_t>(memory.limit_bytes() / 32, 1 << 20);
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
