#pragma once
// Functions of the rows of one partition of a partitioned materializing
// breaker (operators/materialize.h): distinct and window expressions. Rows
// come as one batch in input order, with each row's group of the partition
// keys, and every key's rows are all there, so the results are exact. Each
// call runs in one finalize task (partitions in parallel); ranking sorts its
// groups with a nested parallel_for.

#include <memory>
#include <vector>

#include "lode/core/batch.h"
#include "lode/exec/operators/sort_keys.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

struct QueryContext;

/// The rows of one partition, in input order, and the group of each row
/// (dense ids in [0, num_groups), in no particular order).
struct PartitionRows {
  Batch batch;
  std::vector<uint32_t> groups;
  int64_t num_groups = 0;
};

/// Returns the rows to keep for distinct on the groups: the first or last
/// row of each group (first for "any"), or for "none" the rows of groups of
/// one row; ascending row numbers.
std::vector<int64_t> distinct_rows(const PartitionRows& rows, const std::string& keep);

/// Returns the value of a bound window expression for every row; `rows` are
/// grouped on the window's partition_by.
std::shared_ptr<Column> evaluate_window(QueryContext& context, const PartitionRows& rows, const plan::Expr& window);

/// Returns, for every row, whether its ordinal rank within its group
/// (the bound window `rank`) is at most `k`: `rank(...).over(...) <= k`
/// without ranking every row. Returns nullptr when the shape is not one it
/// handles (then rank all rows instead).
std::shared_ptr<Column> evaluate_window_top_k(const PartitionRows& rows, const plan::Expr& rank, int64_t k);

/// Each group's rows in an order: `rows` holds group g's rows at
/// [starts[g], starts[g + 1]), sorted by the keys (ties in input order).
struct OrderedRows {
  std::vector<int64_t> starts;
  std::vector<int64_t> rows;
  std::vector<NormalizedKey> keys;  // the sort keys, by row
  /// Returns true if rows a and b tie on every key (peers).
  bool ties(int64_t a, int64_t b) const;
  /// Returns one past the last position of [p, end) whose row ties with
  /// position p's: the end of its run of peers.
  int64_t peers_end(int64_t p, int64_t end) const;
};

OrderedRows order_rows(QueryContext& context, const Batch& batch, const std::vector<plan::SortKey>& keys,
                       const std::vector<uint32_t>& groups, int64_t num_groups);

/// Returns the value of a window function that reads the rows in the
/// window's order (window_frames.cpp): an aggregate over a frame, lag,
/// lead, first/last/nth_value, ntile, percent_rank or cume_dist.
std::shared_ptr<Column> evaluate_ordered_window(QueryContext& context, const Batch& batch, const plan::Expr& window,
                                                const std::vector<uint32_t>& groups, int64_t num_groups);

/// Returns `batch` grouped on `keys` (ids in order of first appearance); no
/// keys make one group.
PartitionRows group_rows(const Batch& batch, const std::vector<plan::ExprPtr>& keys);

}  // namespace lode::exec
