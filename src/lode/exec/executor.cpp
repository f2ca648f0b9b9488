#include "lode/exec/subplans.h"
#include "lode/exec/executor.h"

#include <atomic>
#include <cstdio>

#include "lode/exec/expression_evaluator.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/operators/materialize.h"
#include "lode/exec/operators/result_collector.h"
#include "lode/exec/operators/table_scan.h"
#include "lode/exec/physical/physical_planner.h"
#include "lode/plan/optimizer.h"

namespace lode::exec {

NodeProfile& QueryProfile::node(const plan::PlanNode* node) {
  std::lock_guard lock(mutex_);
  auto& entry = nodes_[node];
  if (!entry) entry = std::make_unique<NodeProfile>();
  return *entry;
}

std::string QueryProfile::render(const plan::PlanNode& root, int indent) const {
  std::string text = root.to_string(indent);
  // Only the node's own first line gets the numbers; its inputs render below.
  const size_t line_end = text.find('\n');
  std::string own = text.substr(0, line_end);
  std::string rest;
  size_t details = line_end;
  // Keep the scan's detail lines (columns, filters) with it.
  while (details != std::string::npos && text.compare(details + 1, indent * 2 + 2, std::string(indent * 2 + 2, ' ')) == 0 &&
         root.kind == plan::PlanKind::kScan) {
    const size_t next = text.find('\n', details + 1);
    own += text.substr(details, next == std::string::npos ? std::string::npos : next - details);
    details = next;
  }
  {
    std::lock_guard lock(mutex_);
    auto it = nodes_.find(&root);
    if (it != nodes_.end()) {
      const NodeProfile& profile = *it->second;
      char numbers[160];
      std::snprintf(numbers, sizeof(numbers), "  [rows: %lld, time: %.3f s", static_cast<long long>(profile.counters.rows_out.load()),
                    profile.counters.nanoseconds.load() / 1e9);
      own += numbers;
      if (root.kind == plan::PlanKind::kScan)
        own += ", splits read: " + std::to_string(profile.splits_read) + ", skipped: " + std::to_string(profile.splits_skipped);
      own += "]";
    }
  }
  for (const auto& input : root.inputs) rest += "\n" + render(*input, indent + 1);
  return own + rest;
}

namespace {

// Copies each operator's counters to its logical node; a node made of two
// operators (a window and its projection) gets the upper one's rows and both times.
void record_profile(const PhysicalOperator& op, QueryProfile& profile, std::map<const plan::PlanNode*, bool>& seen) {
  if (op.logical) {
    NodeProfile& node = profile.node(op.logical);
    if (!seen[op.logical]) node.counters.rows_out = op.profile.rows_out.load();
    seen[op.logical] = true;
    node.counters.nanoseconds += op.profile.nanoseconds.load();
    if (auto* scan = dynamic_cast<const PhysicalTableScan*>(&op)) {
      node.splits_read = scan->splits_read();
      node.splits_skipped = scan->splits_skipped();
    }
  }
  for (const auto& child : op.children) record_profile(*child, profile, seen);
}

void run_with_root(const plan::PlanPtr& plan, QueryContext& context, PhysicalOperator& root) {
  root.children.push_back(plan_physical(*compute_subplans(plan, context)));
  run_physical_plan(context, root);
  if (context.profile) {
    std::map<const plan::PlanNode*, bool> seen;
    record_profile(*root.children[0], *context.profile, seen);
  }
}

}  // namespace

std::shared_ptr<Table> execute(const plan::PlanPtr& plan, QueryContext& context) {
  ResultCollector collector(plan->schema);
  run_with_root(plan, context, collector);
  return collector.result();
}

std::shared_ptr<Table> execute(const plan::PlanPtr& plan, QueryProfile* profile) {
  QueryContext context;
  context.profile = profile;
  return execute(plan, context);
}

void execute_into(const plan::PlanPtr& plan, QueryContext& context, const std::function<void(const Batch&)>& write) {
  OrderedWriter writer(plan->schema, write);
  run_with_root(plan, context, writer);
}

std::string explain_physical(const plan::PlanPtr& plan) {
  ResultCollector root(plan->schema);
  root.children.push_back(plan_physical(*plan));
  return explain_physical(root);
}

Scalar evaluate_constant(const plan::Expr& expr) {
  const Batch one_row({}, 1);
  Datum value = evaluate_datum(expr, one_row);
  return value.is_scalar() ? *value.scalar : scalar_at(*value.column, 0);
}

namespace {
std::atomic<bool> optimizer_enabled{true};
}

void set_optimizer_enabled(bool enabled) { optimizer_enabled.store(enabled); }

plan::PlanPtr optimize_plan(const plan::PlanPtr& plan, bool enabled) {
  plan::OptimizerOptions options;
  options.enabled = enabled && optimizer_enabled.load();
  options.fold_constant = evaluate_constant;
  return plan::optimize(plan, options);
}

}  // namespace lode::exec
