#pragma once
// Type rules shared by the function catalogue (function_catalog.h, where
// each function's own result-type rule sits beside its entry), bind_expr()
// and the plan builders.
//
// Numeric promotion follows Polars: equal types stay; integers widen to the
// wider type (signed + unsigned to the next wider signed, up to int64; with
// uint64 to float64); any float gives float64 (float32 op float32 stays
// float32); decimal with integer stays decimal; "/" is always floating.

#include <string>
#include <string_view>
#include <vector>

#include "lode/core/data_type.h"

namespace lode::plan {

/// Returns the common type of two types for arithmetic, comparison and
/// coalescing, or throws InvalidInputError naming `context`.
DataType common_type(const DataType& left, const DataType& right, const std::string& context);

/// Throws InvalidInputError: `function` (e.g. "'sqrt'") does not take `args`.
[[noreturn]] void throw_type_error(std::string_view function, const std::vector<DataType>& args);

/// Throws NotSupportedError when `type` is a list or struct: `use` (e.g.
/// "a sort key col(\"x\")") needs values that hash and compare.
void require_flat(const DataType& type, const std::string& use);

/// Returns true for date32 and timestamp.
bool is_temporal(const DataType& type);

}  // namespace lode::plan
