#pragma once
// Functions of the rows of one partition of a partitioned materializing
// breaker (operators/materialize.h): distinct and window expressions. Rows
// come as one batch in input order, and every key's rows are all there, so
// the results are exact. Each call runs in one finalize task (partitions
// in parallel); ranking sorts its groups with a nested parallel_for.

#include <memory>
#include <vector>

#include "lode/core/batch.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

struct QueryContext;

/// Returns the rows to keep for distinct on `keys`: the first or last row
/// of each key (first for "any"), or for "none" the rows of keys that
/// appear once; ascending row numbers.
std::vector<int64_t> distinct_rows(const Batch& rows, const std::vector<plan::ExprPtr>& keys, const std::string& keep);

/// Returns the value of a bound window expression for every row.
std::shared_ptr<Column> evaluate_window(QueryContext& context, const Batch& rows, const plan::Expr& window);

/// Returns, for every row, whether its ordinal rank within its partition
/// (the bound window `rank`) is at most `k`: `rank(...).over(...) <= k`
/// without ranking every row. Returns nullptr when the shape is not one it
/// handles (then rank all rows instead).
std::shared_ptr<Column> evaluate_window_top_k(const Batch& rows, const plan::Expr& rank, int64_t k);

/// Returns, for every row, the dense group of its `keys` (ids in order of
/// first appearance, in [0, num_groups)); no keys make one group.
std::vector<uint32_t> group_rows(const Batch& rows, const std::vector<plan::ExprPtr>& keys, int64_t& num_groups);

}  // namespace lode::exec
