// Bindings of the CSV reader: converts Python arguments into CsvReadOptions
// and opens the files as a scan plan without the GIL (Ctrl-C cancels the
// planning pass); read_csv collects that plan (python/lode/csv_io.py), then
// asks the scan's source for the rows it skipped. Argument checking lives
// in python/lode/csv_io.py.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "interruptible.h"
#include "lode/exec/executor.h"
#include "lode/io/csv/csv_source.h"
#include "lode/io/csv/csv_writer.h"
#include "lode/plan/logical_plan.h"

namespace py = pybind11;

namespace lode::python {

namespace {

std::optional<char> optional_char(const py::object& value) {
  if (value.is_none()) return std::nullopt;
  const std::string text = value.cast<std::string>();
  return text.empty() ? '\0' : text[0];
}

using TypeList = std::vector<std::pair<std::string, DataType>>;

io::CsvReadOptions options_from(const py::dict& arguments) {
  io::CsvReadOptions options;
  options.separator = optional_char(arguments["separator"]);
  options.quote = optional_char(arguments["quote_char"]);
  options.escape = optional_char(arguments["escape_char"]);
  if (!arguments["has_header"].is_none()) options.has_header = arguments["has_header"].cast<bool>();
  if (!arguments["skip_rows"].is_none()) options.skip_rows = arguments["skip_rows"].cast<int64_t>();
  options.comment_prefix = arguments["comment_prefix"].cast<std::string>();
  options.null_values = arguments["null_values"].cast<std::vector<std::string>>();
  options.columns = arguments["columns"].cast<std::vector<std::string>>();
  options.schema = arguments["schema"].cast<TypeList>();
  options.schema_overrides = arguments["schema_overrides"].cast<TypeList>();
  options.date_format = arguments["date_format"].cast<std::string>();
  options.timestamp_format = arguments["timestamp_format"].cast<std::string>();
  options.infer_schema_length = arguments["infer_schema_length"].cast<int64_t>();
  options.on_error = arguments["on_error"].cast<std::string>() == "skip" ? io::CsvOnError::kSkip : io::CsvOnError::kRaise;
  options.keep_rejects = arguments["keep_rejects"].cast<bool>();
  options.null_padding = arguments["null_padding"].cast<bool>();
  options.hive_partitioning = arguments["hive_partitioning"].cast<bool>();
  options.n_rows = arguments["n_rows"].cast<int64_t>();
  options.batch_rows = arguments["batch_rows"].cast<int64_t>();
  options.split_bytes = arguments["split_bytes"].cast<int64_t>();
  return options;
}

}  // namespace

void bind_csv(py::module_& module) {
  // The rows that on_error="skip" left out of a CSV scan's reads so far:
  // (count, rejects as tuples in file order).
  module.def("csv_scan_rejects", [](const std::shared_ptr<plan::PlanNode>& scan) {
        const auto* source = dynamic_cast<const io::CsvSource*>(scan->source.get());
        if (scan->kind != plan::PlanKind::kScan || !source) throw InvalidInputError("not a CSV scan");
        py::list rejects;
        for (const io::CsvReject& reject : source->rejects())
          rejects.append(py::make_tuple(reject.path, reject.line, reject.column.empty() ? py::object(py::none()) : py::object(py::str(reject.column)),
                                        py::bytes(reject.text), reject.reason));
        return py::make_tuple(source->rows_skipped(), rejects);
      }, py::arg("scan"));
  module.def("plan_sink_csv", [](const std::shared_ptr<plan::PlanNode>& plan, const std::string& path, bool header,
                                 char separator, char quote, const std::string& null_string,
                                 const std::string& date_format, const std::string& timestamp_format) {
        const io::CsvWriteOptions options{header, separator, quote, null_string, date_format, timestamp_format};
        const plan::PlanPtr optimized = exec::optimize_plan(plan);
        run_interruptibly<int>([&](exec::QueryContext& context) {
          io::CsvWriter writer(path, optimized->schema, options);
          exec::execute_into(optimized, context, [&](const Batch& batch) { writer.write(batch); });
          writer.finish();
          return 0;
        });
      }, py::arg("plan"), py::arg("path"), py::arg("header"), py::arg("separator"), py::arg("quote"),
      py::arg("null_string"), py::arg("date_format"), py::arg("timestamp_format"));
  // A lazy scan: the plan reads the files when collected, with the query's
  // projection, filters and limit pushed into the reader; n_rows is a limit
  // of the scan itself.
  module.def("plan_scan_csv", [](const std::vector<std::string>& paths, const py::dict& arguments) {
        // Planning reads every byte (the quote pass): Ctrl-C cancels it too.
        const io::CsvReadOptions options = options_from(arguments);
        const auto source = run_interruptibly<std::shared_ptr<io::TableSource>>([&](exec::QueryContext& context) {
          return io::open_csv(paths, options, [&context] { context.check_cancelled(); });
        });
        const plan::PlanPtr scan = options.n_rows >= 0 ? plan::scan(source, options.n_rows) : plan::scan(source);
        return std::const_pointer_cast<plan::PlanNode>(scan);
      }, py::arg("paths"), py::arg("arguments"));
}

}  // namespace lode::python
