#pragma once
// Runs an (optimized) logical plan: cuts it into pipelines at the breakers
// (aggregate, sort, distinct, windows, limit), runs each pipeline over the
// thread pool, and returns the result table. With a profile, it records
// rows and time per plan node for explain(analyze=True) / profile().
// One query at a time per Executor; the work inside runs in parallel.

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "lode/core/table.h"
#include "lode/exec/pipeline.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

struct NodeProfile {
  OperatorProfile counters;
  int64_t splits_read = 0;
  int64_t splits_skipped = 0;
};

class QueryProfile {
 public:
  NodeProfile& node(const plan::PlanNode* node);
  /// Returns the plan as text with rows and time per operator.
  std::string render(const plan::PlanNode& root, int indent = 0) const;

 private:
  mutable std::mutex mutex_;
  std::map<const plan::PlanNode*, std::unique_ptr<NodeProfile>> nodes_;
};

/// Executes `plan`; fills `profile` when given.
std::shared_ptr<Table> execute(const plan::PlanPtr& plan, QueryProfile* profile = nullptr);

/// Executes `plan` and passes its result's batches, in order, to `write`
/// as they are produced (streaming when the plan's top is a pipeline).
void execute_into(const plan::PlanPtr& plan, const std::function<void(const Batch&)>& write);

}  // namespace lode::exec

namespace lode::exec {

/// Evaluates an expression whose inputs are constants (for constant folding).
Scalar evaluate_constant(const plan::Expr& expr);

/// Optimizes with the executor's constant folding; `enabled` false returns the plan.
plan::PlanPtr optimize_plan(const plan::PlanPtr& plan, bool enabled = true);

}  // namespace lode::exec
