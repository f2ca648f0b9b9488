#pragma once
// Operators that need all their input at once and work on a materialized
// table: sort (with fused top-k), distinct, and window expressions.
// Each parallelizes inside over the thread pool.

#include <memory>
#include <vector>

#include "lode/core/table.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

/// Sorts a table by the node's keys (stable); with node.limit >= 0 keeps
/// only rows [offset, offset + limit) of the order (top-k).
std::shared_ptr<Table> sort_table(const Table& table, const plan::PlanNode& node);

/// Returns the rows of a table that are distinct on `node.subset`.
std::shared_ptr<Table> distinct_table(const std::shared_ptr<const Table>& table, const plan::PlanNode& node);

/// Returns the value of a bound window expression for every row of `table`.
std::shared_ptr<Column> evaluate_window(const std::shared_ptr<const Table>& table, const plan::Expr& window);

/// Returns, for every row, whether its ordinal rank within its partition
/// (the bound window `rank`) is at most `k`: `rank(...).over(...) <= k`
/// without ranking every row. Returns nullptr when the shape is not one it
/// handles (then rank all rows instead).
std::shared_ptr<Column> evaluate_window_top_k(const std::shared_ptr<const Table>& table, const plan::Expr& rank,
                                              int64_t k);

/// Returns, for every row of `table`, the dense group of its `keys`, and
/// the number of groups (rows of one group share an id; ids in [0, groups)).
std::vector<uint32_t> group_rows(const std::shared_ptr<const Table>& table, const std::vector<plan::ExprPtr>& keys,
                                 int64_t& num_groups);

}  // namespace lode::exec
