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
// owns its input until it is dropped.

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "lode/core/table.h"
#include "lode/exec/operators/materialized.h"
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
  PartitionRows gather_partition_rows(int partition);

  std::string name_, details_;
  std::vector<plan::ExprPtr> keys_;
  std::vector<bool> reads_column_;  // by input column
  RadixPartitioning partitioning_;
  Compute compute_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Input> inputs_;  // in input order after finalize_round
  std::vector<PartitionOutput> outputs_;
};

/// Runs a physical plan whose root is a sink (a nested query shares the
/// context's cancel token and memory).
void run_physical_plan(QueryContext& context, PhysicalOperator& root);

}  // namespace lode::exec
