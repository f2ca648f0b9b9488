#pragma once
// A breaker for the operators that need every row of a key at once
// (distinct, window functions). The sink keeps each input batch as it is
// (its columns are shared, nothing is copied) and groups its rows on the
// partition keys in per-thread local state (a group table, fronted by the
// hash aggregate's DirectKeyMap for small-range integer keys); a group's
// hash names its radix partition (partitioning.h), and per partition the
// sink files only the rows' numbers within the batch and their groups.
// Rows of equal keys always share a partition, and no keys (a global
// window) make one partition. Finalize computes the partitions in
// parallel, one task each: it numbers the partition's groups densely
// (merging the threads' groups of equal keys), gathers the partition's
// rows, in input order, of just the columns the computation reads, and
// keeps its result (the appended columns of a window, or the rows distinct
// keeps). As a source, one task per input batch, in input order, emits that
// batch with the appended columns (each partition's slice for the batch,
// interleaved back into row order), or the batch's kept rows. The operator
// owns its input until it is dropped. Past 3/4 of the memory limit it spills
// (spilling.h): rows go to disk by partition with their input positions; a
// partition is computed from disk (split again by the next bits of the hash
// while too large for memory), and its output goes back to disk by bucket,
// a range of positions, which the source emits in order, a bucket a task.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "lode/core/table.h"
#include "lode/exec/operators/materialized.h"
#include "lode/exec/partitioned_spill.h"
#include "lode/exec/partitioning.h"
#include "lode/exec/physical/physical_operator.h"
#include "lode/plan/expression.h"

namespace lode::exec {

class PhysicalMaterialize final : public PhysicalOperator {
 public:
  /// What a partition gives: the columns appended to its rows (a value per
  /// row), or, when it keeps only some rows (distinct), which ones
  /// (ascending row numbers) and no columns.
  struct PartitionOutput {
    std::vector<std::shared_ptr<Column>> columns;
    bool keeps_all_rows = true;
    std::vector<int64_t> kept_rows;
  };
  /// Computes one partition from its rows (in input order, grouped on the
  /// keys; of the input's columns, those the computation does not read hold
  /// no data). Called from many threads at once, each on its own partition.
  using Compute = std::function<PartitionOutput(QueryContext&, const PartitionRows& partition)>;

  /// `keys` and `reads` are bound to the input: rows are grouped and
  /// partitioned on `keys`, and `compute` reads the columns `reads` names.
  PhysicalMaterialize(Schema schema, std::string name, std::string details, std::vector<plan::ExprPtr> keys,
                      const std::vector<plan::ExprPtr>& reads, Compute compute);
  ~PhysicalMaterialize() override;
  std::string name() const override { return name_; }
  std::string details() const override;

  bool is_sink() const override { return true; }
  std::unique_ptr<OperatorState> make_sink_state(QueryContext& context) override;
  SinkResult sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) override;
  void combine(QueryContext& context, OperatorState& state) override;
  int64_t finalize_round(QueryContext& context, int round) override;
  void finalize_task(QueryContext& context, int round, int64_t task) override;

  bool is_source() const override { return true; }
  int64_t num_source_tasks(QueryContext& context) override;
  SourceResult get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) override;

 private:
  struct Input;
  struct Worker;
  struct Local;
  struct InputInfo {
    BatchOrder order;
    int64_t bytes = 0;
  };
  PartitionRows gather_partition_rows(int partition);
  // ---- spilling
  bool should_spill(QueryContext& context, int64_t growth = 0);
  void start_spilling(QueryContext& context, Local& local);
  void spill_input(QueryContext& context, PartitionedSpill::Writer& writer, const Batch& batch, const BatchOrder& order) const;
  void write_by_partition(const Batch& rows, RadixPartitioning partitioning, PartitionedSpill::Writer& writer) const;
  int64_t finalize_spilled_round(QueryContext& context, int round);
  void plan_output_buckets(QueryContext& context);
  void compute_spilled(QueryContext& context, const PartitionedSpill& spill, int partition,
                       RadixPartitioning partitioning, PartitionedSpill::Writer& out) const;
  void compute_in_memory(QueryContext& context, const PartitionedSpill& spill, int partition,
                         PartitionedSpill::Writer& out) const;
  int bucket_of(int64_t position) const;

  std::string name_, details_;
  std::vector<plan::ExprPtr> keys_;
  std::vector<bool> reads_column_;  // by input column
  RadixPartitioning partitioning_;
  Compute compute_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Input> inputs_;  // in input order after finalize_round
  std::vector<PartitionOutput> outputs_;

  // Spilled (spilling.h): the input rows with their positions go to disk by
  // partition; each partition's output rows go to disk by bucket, a range
  // of input positions, and each source task emits a bucket in order.
  std::atomic<bool> spilling_{false};
  PartitionedSpill input_spill_{partitioning_.count()};
  std::vector<InputInfo> input_infos_;          // every input batch's
  std::vector<std::vector<Input>> spill_groups_;  // finalize's inputs to write out, a group a task
  std::vector<int64_t> bucket_starts_;          // the first position of each output bucket
  std::unique_ptr<PartitionedSpill> output_spill_;
};

/// Runs a physical plan whose root is a sink (a nested query shares the
/// context's cancel token and memory).
void run_physical_plan(QueryContext& context, PhysicalOperator& root);

}  // namespace lode::exec
