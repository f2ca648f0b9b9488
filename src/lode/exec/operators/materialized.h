#pragma once
// Functions of a whole materialized table, for the breakers that need all
// their input at once (operators/materialize.h): distinct and window
// expressions. Each parallelizes inside, through nested pipelines on the
// query's thread pool.

#include <memory>
#include <vector>

#include "lode/core/table.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

struct QueryContext;

/// Returns the rows of a table that are distinct on `subset`, keeping the
/// first, last or any row of each (or, for "none", only unique rows), in input order.
std::shared_ptr<Table> distinct_table(QueryContext& context, const std::shared_ptr<const Table>& table,
                                      const std::vector<std::string>& subset, const std::string& keep);

/// Returns the value of a bound window expression for every row of `table`.
std::shared_ptr<Column> evaluate_window(QueryContext& context, const std::shared_ptr<const Table>& table, const plan::Expr& window);

/// Returns, for every row, whether its ordinal rank within its partition
/// (the bound window `rank`) is at most `k`: `rank(...).over(...) <= k`
/// without ranking every row. Returns nullptr when the shape is not one it
/// handles (then rank all rows instead).
std::shared_ptr<Column> evaluate_window_top_k(QueryContext& context, const std::shared_ptr<const Table>& table, const plan::Expr& rank,
                                              int64_t k);

/// Returns, for every row of `table`, the dense group of its `keys`, and
/// the number of groups (rows of one group share an id; ids in [0, groups)).
std::vector<uint32_t> group_rows(QueryContext& context, const std::shared_ptr<const Table>& table, const std::vector<plan::ExprPtr>& keys,
                                 int64_t& num_groups);

}  // namespace lode::exec
