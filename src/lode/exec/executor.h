#pragma once
// Runs an optimized logical plan: the physical planner makes operators of
// it, the pipeline builder cuts them into pipelines at the breakers, and
// the pipeline executor runs those as a graph of jobs on the query's thread
// pool (docs/architecture.md). Each call runs one query with its own
// QueryContext, so queries on several threads run at once, and cancelling
// one (its context's token) stops only it. With a profile, it records rows
// and time per plan node for explain(analyze=True) / profile().

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "lode/core/table.h"
#include "lode/exec/physical/physical_operator.h"
#include "lode/exec/query_context.h"
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

/// Executes `plan` under `context` (its profile filled when set).
std::shared_ptr<Table> execute(const plan::PlanPtr& plan, QueryContext& context);
/// Executes `plan` with a context of its own; fills `profile` when given.
std::shared_ptr<Table> execute(const plan::PlanPtr& plan, QueryProfile* profile = nullptr);

/// Executes `plan` and passes its result's batches, in order, to `write`
/// as they are produced (one call at a time).
void execute_into(const plan::PlanPtr& plan, QueryContext& context, const std::function<void(const Batch&)>& write);

/// Returns the physical plan and its pipelines as text (explain(format="physical")).
std::string explain_physical(const plan::PlanPtr& plan);

/// Evaluates an expression whose inputs are constants (for constant folding).
Scalar evaluate_constant(const plan::Expr& expr);

/// Optimizes with the executor's constant folding; `enabled` false returns
/// the plan, and so does every call while the optimizer is switched off.
plan::PlanPtr optimize_plan(const plan::PlanPtr& plan, bool enabled = true);
/// A stress switch (tests only): runs every query unoptimized.
void set_optimizer_enabled(bool enabled);

}  // namespace lode::exec
