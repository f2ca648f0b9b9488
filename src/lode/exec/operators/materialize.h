#pragma once
// A breaker for the operators that need every row of a key at once
// (distinct, window functions). The sink hashes each batch's partition keys
// (group_keys.h) and files every row under its radix partition
// (partitioning.h) in per-thread local state, with the row's position in
// the input order; rows of equal keys always share a partition, and no keys
// (a global window) make one partition. Finalize computes the partitions in
// parallel, one task each, over that partition's rows in input order. As a
// source, each task emits the results of a range of input positions, so the
// output is in input order. The operator owns the rows until it is dropped.

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "lode/core/table.h"
#include "lode/exec/partitioning.h"
#include "lode/exec/physical/physical_operator.h"
#include "lode/plan/expression.h"

namespace lode::exec {

class PhysicalMaterialize final : public PhysicalOperator {
 public:
  /// What a partition gives: its output rows and, when it keeps only some
  /// of its input rows (distinct), which ones (ascending row numbers).
  struct PartitionOutput {
    Batch batch;
    bool keeps_all_rows = true;
    std::vector<int64_t> kept_rows;
  };
  /// Computes one partition from its rows (one batch, in input order).
  /// Called from many threads at once, each on its own partition.
  using Compute = std::function<PartitionOutput(QueryContext&, const Batch& partition)>;

  /// `keys` are bound to the input; rows are partitioned on them.
  PhysicalMaterialize(Schema schema, std::string name, std::string details, std::vector<plan::ExprPtr> keys,
                      Compute compute);
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
  struct Local;
  struct Partition {
    Batch output;
    std::vector<int64_t> positions;  // input position of each output row, ascending
  };
  void number_input_rows();
  Batch gather_partition_rows(int partition, std::vector<int64_t>& positions) const;

  std::string name_, details_;
  std::vector<plan::ExprPtr> keys_;
  RadixPartitioning partitioning_;
  Compute compute_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Local>> locals_;  // combined local states
  std::vector<Partition> partitions_;
  int64_t num_input_rows_ = 0;
};

/// Runs a physical plan whose root is a sink (a nested query shares the
/// context's cancel token and memory).
void run_physical_plan(QueryContext& context, PhysicalOperator& root);

}  // namespace lode::exec
