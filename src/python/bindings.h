#pragma once
// Registration functions of the binding files, each adding one area's
// functions to the lode._lode module; module.cpp calls them.

#include <pybind11/pybind11.h>

namespace lode::python {

/// Adds read_csv (and the CSV options it takes) to the module.
void bind_csv(pybind11::module_& module);

}  // namespace lode::python
