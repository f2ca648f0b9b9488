#pragma once
// Bindings of expressions, logical plans (the LazyFrame's engine side) and
// the function catalogue.

#include <pybind11/pybind11.h>

namespace lode::python {

void bind_plans(pybind11::module_& module);
/// functions(): the function catalogue (name, kind, arity, doc) for python/lode.
void bind_function_catalog(pybind11::module_& module);

}  // namespace lode::python
