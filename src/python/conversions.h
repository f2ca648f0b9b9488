#pragma once
// Conversions between lode columns and Python/numpy objects: the only place
// that knows both memory layouts. Numeric columns go to numpy without a copy
// (the array keeps the column's buffers alive); the Python package decides
// how those arrays become pandas or numpy results.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <memory>

#include "lode/core/column.h"

namespace lode::python {

namespace py = pybind11;

/// Builds a column of `type` from `values` and an optional `null_mask` (a
/// numpy bool array, True = null). `values` is a numpy array of the type's
/// physical C type (bool for bool, int32 days for date32, int64 micros for
/// timestamp, (n, 2) uint64 low/high words for decimal128) or, for string,
/// a sequence of str or None; lists and structs as column_to_python gives them.
std::shared_ptr<Column> column_from_python(const py::object& values, const py::object& null_mask,
                                           const DataType& type);

/// Returns (values, null_mask or None) for a column, the inverse of
/// column_from_python; fixed-width values are a zero-copy view. For a list
/// `values` is (offsets, (element values, element mask)); for a struct, a
/// list of one (values, mask) per field.
py::tuple column_to_python(const std::shared_ptr<Column>& column);

}  // namespace lode::python
