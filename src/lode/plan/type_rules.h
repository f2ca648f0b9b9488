#pragma once
// The result types of functions and aggregates, given their argument types:
// the "what" of every function, used by bind_expr(). The executor's kernels
// (exec/kernels) implement the "how" for exactly these signatures.
//
// Numeric promotion follows Polars: equal types stay; integers widen to the
// wider type (signed + unsigned to the next wider signed, up to int64; with
// uint64 to float64); any float gives float64 (float32 op float32 stays
// float32); decimal with integer stays decimal; "/" is always floating.

#include <string>
#include <vector>

#include "lode/core/data_type.h"

namespace lode::plan {

/// Returns the common type of two types for arithmetic, comparison and
/// coalescing, or throws InvalidInputError naming `context`.
DataType common_type(const DataType& left, const DataType& right, const std::string& context);

/// Returns the result type of scalar function `name`; throws
/// InvalidInputError for unknown functions or unsupported argument types.
DataType call_result_type(const std::string& name, const std::vector<DataType>& args);

/// Returns the result type of aggregate or ranking function `name`.
DataType aggregate_result_type(const std::string& name, const std::vector<DataType>& args);

/// Throws NotSupportedError when `type` is a list or struct: `use` (e.g.
/// "a sort key col(\"x\")") needs values that hash and compare.
void require_flat(const DataType& type, const std::string& use);

/// Returns true if `name` is a known aggregate or ranking function.
bool is_aggregate_function(const std::string& name);
/// Returns true for ranking functions (row_number, rank), valid only in windows.
bool is_ranking_function(const std::string& name);

}  // namespace lode::plan
