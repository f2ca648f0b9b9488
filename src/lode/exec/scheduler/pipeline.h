#pragma once
// A pipeline: a source, the streaming operators its batches pass through,
// and the sink they end in. The pipeline builder cuts a physical plan into
// pipelines at the breakers and records what each must wait for; the
// executor runs them as a graph of jobs on the thread pool.
// Threading: a pipeline's tasks run on many workers; each task borrows a
// local state (operator states and sink state) that no other task uses
// meanwhile, and gives it back when done.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lode/exec/physical/physical_operator.h"

namespace lode::exec {

struct Pipeline {
  /// Per-thread state of the operators and the sink.
  struct Local {
    std::vector<std::unique_ptr<OperatorState>> operator_states;
    std::unique_ptr<OperatorState> sink_state;
  };

  int id = 0;
  PhysicalOperator* source = nullptr;
  std::vector<PhysicalOperator*> operators;  // streaming, in order
  PhysicalOperator* sink = nullptr;
  /// Orders the pipelines that feed one sink; becomes `stream`.
  std::vector<int> order_path;
  int64_t stream = 0;
  /// Pipelines that must end before this one starts (beyond its source's
  /// and its operators' finalized sinks), by id.
  std::vector<int> after;

  /// Borrows a local state, making one when none is free.
  Local& acquire_local(QueryContext& context);
  void release_local(Local& local);
  /// Returns every local state made (after the pipeline's tasks ended).
  std::vector<std::unique_ptr<Local>>& locals() { return locals_; }

  /// "scan -> filter -> hash_aggregate", for explain().
  std::string to_string() const;

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<Local>> locals_;
  std::vector<Local*> free_;
};

/// Cuts the physical plan under `root` (a sink) into pipelines, in an order
/// in which every pipeline comes after those it depends on.
std::vector<std::unique_ptr<Pipeline>> build_pipelines(PhysicalOperator& root);

}  // namespace lode::exec
