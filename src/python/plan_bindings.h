#pragma once
// Bindings of expressions and logical plans (the LazyFrame's engine side).

#include <pybind11/pybind11.h>

namespace lode::python {

void bind_plans(pybind11::module_& module);

}  // namespace lode::python
