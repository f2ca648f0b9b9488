#pragma once
// Bindings of lode's Parquet reader and writer (lode._lode.plan_scan_parquet,
// write_parquet, plan_sink_parquet): conversions and calls only.

#include <pybind11/pybind11.h>

namespace lode::python {

void bind_parquet(pybind11::module_& module);

}  // namespace lode::python
