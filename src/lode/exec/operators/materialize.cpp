#include "lode/exec/operators/materialize.h"

#include "lode/exec/scheduler/pipeline_executor.h"

namespace lode::exec {

SinkResult PhysicalMaterialize::sink(QueryContext&, OperatorState&, Batch batch, const BatchOrder& order) {
  input_.add(order, std::move(batch));
  return SinkResult::kNeedMoreInput;
}

void PhysicalMaterialize::finalize_task(QueryContext& context, int, int64_t) {
  auto input = std::make_shared<Table>(children[0]->schema(), input_.take_all());
  result_ = compute_(context, input);
}

int64_t PhysicalMaterialize::num_source_tasks(QueryContext&) { return static_cast<int64_t>(result_->batches().size()); }

SourceResult PhysicalMaterialize::get_data(QueryContext&, int64_t task, const BatchEmitter& emit) {
  emit(result_->batches()[task]);
  return SourceResult::kFinished;
}

void run_physical_plan(QueryContext& context, PhysicalOperator& root) {
  auto pipelines = build_pipelines(root);
  run_pipelines(context, pipelines, root);
}

}  // namespace lode::exec
