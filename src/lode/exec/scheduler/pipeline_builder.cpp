// Cuts a physical plan into pipelines (DuckDB's BuildPipelines, in small):
// walking down from the root sink, streaming operators join the current
// pipeline, a breaker ends it (becoming its source) and starts a new
// pipeline that sinks into the breaker, a join's build side starts a
// pipeline into the join while its probe side continues the current one,
// and a union gives each input a copy of the current pipeline.

#include <algorithm>
#include <climits>
#include <map>

#include "lode/core/error.h"
#include "lode/exec/scheduler/pipeline.h"

namespace lode::exec {

Pipeline::Local& Pipeline::acquire_local(QueryContext& context) {
  {
    std::lock_guard lock(mutex_);
    if (!free_.empty()) {
      Local* local = free_.back();
      free_.pop_back();
      return *local;
    }
  }
  auto local = std::make_unique<Local>();
  for (PhysicalOperator* op : operators) local->operator_states.push_back(op->make_operator_state(context));
  local->sink_state = sink->make_sink_state(context);
  std::lock_guard lock(mutex_);
  locals_.push_back(std::move(local));
  return *locals_.back();
}

void Pipeline::release_local(Local& local) {
  std::lock_guard lock(mutex_);
  free_.push_back(&local);
}

std::string Pipeline::to_string() const {
  std::string text = source->name();
  for (const PhysicalOperator* op : operators) text += " -> " + op->name();
  return text + " -> " + sink->name();
}

namespace {

class PipelineBuilder {
 public:
  std::vector<std::unique_ptr<Pipeline>> build(PhysicalOperator& root) {
    Pipeline* top = add_pipeline();
    top->sink = &root;
    LODE_CHECK(root.is_sink(), "the root of a physical plan must be a sink");
    build_input(root, *top);
    finish();
    return std::move(pipelines_);
  }

 private:
  Pipeline* add_pipeline() {
    pipelines_.push_back(std::make_unique<Pipeline>());
    pipelines_.back()->id = static_cast<int>(pipelines_.size()) - 1;
    return pipelines_.back().get();
  }

  // Starts a pipeline that sinks into `breaker` and reads its input.
  void build_input(PhysicalOperator& breaker, Pipeline& pipeline) {
    LODE_CHECK(!breaker.children.empty(), "a breaker without input: " + breaker.name());
    build(*breaker.children[0], pipeline);
  }

  void build(PhysicalOperator& op, Pipeline& current) {
    if (op.is_sink() && op.is_streaming()) return build_join(op, current);
    if (op.is_sink()) {
      current.source = &op;
      Pipeline* input = add_pipeline();
      input->sink = &op;
      return build_input(op, *input);
    }
    if (op.is_streaming()) {
      current.operators.insert(current.operators.begin(), &op);
      return build(*op.children[0], current);
    }
    if (op.is_source()) {
      current.source = &op;
      return;
    }
    // A union: each input feeds a copy of the pipeline above it.
    LODE_CHECK(!op.children.empty(), "an operator that is no source: " + op.name());
    std::vector<Pipeline*> copies{&current};
    for (size_t i = 1; i < op.children.size(); ++i) {
      Pipeline* copy = add_pipeline();
      copy->operators = current.operators;
      copy->sink = current.sink;
      copy->order_path = current.order_path;
      copy->after = current.after;
      copies.push_back(copy);
    }
    for (size_t i = 0; i < op.children.size(); ++i) {
      copies[i]->order_path.push_back(static_cast<int>(i));
      build(*op.children[i], *copies[i]);
    }
  }

  // children[0] is the probe side, children[1] the build side. A join that
  // is also a source emits rows after probing (unmatched build rows).
  void build_join(PhysicalOperator& join, Pipeline& current) {
    const std::vector<PhysicalOperator*> above = current.operators;
    const std::vector<int> path = current.order_path;
    PhysicalOperator* sink = current.sink;
    current.operators.insert(current.operators.begin(), &join);
    Pipeline* build_side = add_pipeline();
    build_side->sink = &join;
    build(*join.children[1], *build_side);
    build(*join.children[0], current);
    if (!join.is_source()) return;
    Pipeline* rest = add_pipeline();
    rest->source = &join;
    rest->operators = above;
    rest->sink = sink;
    rest->order_path = path;
    rest->order_path.push_back(INT_MAX);
    unmatched_.push_back({rest, &join});
  }

  void finish() {
    for (auto& [rest, join] : unmatched_)
      for (const auto& pipeline : pipelines_)
        if (std::find(pipeline->operators.begin(), pipeline->operators.end(), join) != pipeline->operators.end())
          rest->after.push_back(pipeline->id);
    std::map<PhysicalOperator*, std::vector<Pipeline*>> by_sink;
    for (const auto& pipeline : pipelines_) by_sink[pipeline->sink].push_back(pipeline.get());
    for (auto& [sink, feeding] : by_sink) {
      std::stable_sort(feeding.begin(), feeding.end(),
                       [](const Pipeline* a, const Pipeline* b) { return a->order_path < b->order_path; });
      for (size_t i = 0; i < feeding.size(); ++i) feeding[i]->stream = static_cast<int64_t>(i);
    }
  }

  std::vector<std::unique_ptr<Pipeline>> pipelines_;
  std::vector<std::pair<Pipeline*, PhysicalOperator*>> unmatched_;
};

}  // namespace

std::vector<std::unique_ptr<Pipeline>> build_pipelines(PhysicalOperator& root) {
  return PipelineBuilder().build(root);
}

}  // namespace lode::exec
