#include "parquet_bindings.h"

#include <pybind11/stl.h>

#include "lode/io/parquet/parquet_source.h"

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
}

}  // namespace lode::python
