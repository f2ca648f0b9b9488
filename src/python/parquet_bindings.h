#pragma once
// Bindings of lode's Parquet reader and writer (lode._lode.read_parquet,
// write_parquet): conversions and calls only.

#include <pybind11/pybind11.h>

namespace lode::python {

void bind_parquet(pybind11::module_& module);

}  // namespace lode::python
