#pragma once
// Registration functions of the binding files, each adding one area's
// functions to the lode._lode module; module.cpp calls them.

#include <pybind11/pybind11.h>

namespace lode::python {

/// Adds the CSV scan (and the CSV options it takes), its rejects and the CSV sink to the module.
void bind_csv(pybind11::module_& module);
/// Adds sql_plan: a SQL query to a plan, tables looked up through Python callables.
void bind_sql(pybind11::module_& module);

}  // namespace lode::python
