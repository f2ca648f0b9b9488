#pragma once
// The hash aggregate (group_by().agg()), a sink and then a source. Each
// worker groups the rows it sees into its own hash table and aggregate
// states, without locks, and files every new group under its radix
// partition (partitioning.h) as it appears, from the first batch on. As a
// source, task t merges partition t (or, for few groups, all partitions in
// one task) of every worker's table into one final table and emits its
// groups, partitions in parallel: the partitions that spilling and MPI
// exchange work on. A worker whose table outgrows the memory limit spills
// it (spilling.h): each partition's keys and partial states go to a spill
// file, and the merge of partition p reads them back, split again by the
// next bits of the hash while too large for memory.

#include <memory>
#include <mutex>
#include <vector>

#include "lode/exec/partitioned_spill.h"
#include "lode/exec/partitioning.h"
#include "lode/exec/physical/physical_operator.h"
#include "lode/plan/expression.h"

namespace lode::exec {

class AggregateState;
class GroupTable;

class PhysicalHashAggregate final : public PhysicalOperator {
 public:
  /// `keys` and `aggregates` are bound to the input; the output is the keys
  /// then one column per aggregate.
  PhysicalHashAggregate(Schema schema, std::vector<plan::ExprPtr> keys, std::vector<plan::ExprPtr> aggregates);
  ~PhysicalHashAggregate() override;

  std::string name() const override { return "HASH_AGGREGATE"; }
  std::string details() const override;

  bool is_sink() const override { return true; }
  std::unique_ptr<OperatorState> make_sink_state(QueryContext& context) override;
  SinkResult sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) override;
  void combine(QueryContext& context, OperatorState& state) override;
  int64_t finalize_round(QueryContext& context, int round) override;

  bool is_source() const override { return true; }
  int64_t num_source_tasks(QueryContext& context) override { return static_cast<int64_t>(task_partitions_.size()); }
  SourceResult get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) override;


 private:
  struct Local;
  // Writes a worker's groups out by partition and empties its table (spilling.h).
  void spill(Local& local);
  static void absorb_spilled(const Batch& spilled, GroupTable& table,
                             std::vector<std::unique_ptr<AggregateState>>& states);
  Batch merge_partitions(const std::vector<int>& partitions);
  Batch finish_groups(const GroupTable& table, std::vector<std::unique_ptr<AggregateState>>& states) const;
  Batch spilled_groups(Local& local, int partition);
  bool too_large_to_merge(QueryContext& context, const PartitionedSpill& spill, int partition,
                          RadixPartitioning partitioning) const;
  void merge_repartitioned(QueryContext& context, const PartitionedSpill& spill, int partition,
                           RadixPartitioning partitioning, bool with_locals, const BatchEmitter& emit);

  std::vector<plan::ExprPtr> keys_, aggregates_;
  RadixPartitioning partitioning_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Local>> locals_;  // combined local states
  PartitionedSpill spilled_{partitioning_.count()};  // groups the workers wrote out
  std::vector<std::vector<int>> task_partitions_;
  bool needs_positions_ = false;
};

}  // namespace lode::exec
