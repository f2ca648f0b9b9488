#pragma once
// A breaker that needs its whole input at once: it gathers the input in
// order, computes a table from it in one finalize task (distinct, window
// functions: each parallelizes inside, through nested pipelines), and is
// the source of the result, a batch per task.
// TODO: hash-partition the input of distinct and windows on their keys
// and compute partition by partition, as the aggregate does; that bounds
// memory per task and is what spilling needs.

#include <functional>
#include <memory>

#include "lode/core/table.h"
#include "lode/exec/operators/ordered_batches.h"
#include "lode/exec/physical/physical_operator.h"

namespace lode::exec {

class PhysicalMaterialize final : public PhysicalOperator {
 public:
  using Compute = std::function<std::shared_ptr<const Table>(QueryContext&, std::shared_ptr<const Table>)>;

  PhysicalMaterialize(Schema schema, std::string name, std::string details, Compute compute)
      : PhysicalOperator(std::move(schema)), name_(std::move(name)), details_(std::move(details)), compute_(std::move(compute)) {}
  std::string name() const override { return name_; }
  std::string details() const override { return details_; }

  bool is_sink() const override { return true; }
  SinkResult sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) override;
  int64_t finalize_round(QueryContext& context, int round) override { return round == 0 ? 1 : 0; }
  void finalize_task(QueryContext& context, int round, int64_t task) override;

  bool is_source() const override { return true; }
  int64_t num_source_tasks(QueryContext& context) override;
  SourceResult get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) override;

 private:
  std::string name_, details_;
  Compute compute_;
  OrderedBatches input_;
  std::shared_ptr<const Table> result_;
};

/// Runs a physical plan whose root is a sink (a nested query shares the
/// context's cancel token and memory).
void run_physical_plan(QueryContext& context, PhysicalOperator& root);

}  // namespace lode::exec
