#pragma once
// The hash aggregate sink (group_by().agg()). Each worker groups the rows it
// sees into its own hash table and aggregate states, with no locks. finish()
// splits every worker's groups into radix partitions by hash, and merges
// partition p of all workers into one final table, partitions in parallel:
// the partitioning that DESIGN.md wants to share with spilling and MPI.

#include <memory>
#include <vector>

#include "lode/exec/pipeline.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

class HashAggregateSink final : public Sink {
 public:
  /// `node` is a kAggregate plan node (bound keys and aggregates).
  HashAggregateSink(const plan::PlanNode& node, int num_workers);
  ~HashAggregateSink() override;

  void consume(int worker, int64_t split, int64_t rows_before, Batch batch) override;
  std::shared_ptr<Table> finish() override;

  /// For windows and distinct: makes consume() keep each row's group, and
  /// finish() translate them to the final groups (see row_groups()).
  void keep_row_groups() { keep_row_groups_ = true; }
  /// Returns, per split, the final group of each row, after finish().
  /// Final groups number the result's rows in order.
  const std::vector<std::vector<uint32_t>>& row_groups() const { return row_groups_; }

 private:
  struct Local;
  Local& local(int worker);
  Batch finish_partition(int partition, const std::vector<std::vector<std::vector<uint32_t>>>& groups_by_partition,
                         std::vector<std::vector<uint32_t>>& final_ids);

  const plan::PlanNode& node_;
  std::vector<std::unique_ptr<Local>> locals_;
  bool keep_row_groups_ = false;
  std::vector<std::vector<uint32_t>> row_groups_;
};

}  // namespace lode::exec
