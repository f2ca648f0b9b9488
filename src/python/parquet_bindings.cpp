#include "parquet_bindings.h"

#include <pybind11/stl.h>

#include "lode/io/parquet/compression.h"
#include "lode/io/parquet/parquet_source.h"
#include "lode/io/parquet/parquet_writer.h"

namespace lode::python {

namespace py = pybind11;

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
  module.def("write_parquet",
             [](const Table& table, const std::string& path, const std::string& compression, int64_t row_group_rows) {
               io::ParquetWriteOptions options;
               options.codec = io::parquet::codec_from_name(compression);
               if (row_group_rows > 0) options.row_group_rows = row_group_rows;
               io::write_parquet(table, path, options);
             },
             py::arg("table"), py::arg("path"), py::arg("compression"), py::arg("row_group_rows"),
             py::call_guard<py::gil_scoped_release>());
}

}  // namespace lode::python
