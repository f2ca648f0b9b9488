#include "lode/exec/physical/physical_planner.h"

#include "lode/core/error.h"
#include "lode/exec/operators/cross_join.h"
#include "lode/exec/operators/hash_aggregate.h"
#include "lode/exec/operators/hash_join.h"
#include "lode/exec/operators/materialize.h"
#include "lode/exec/operators/materialized.h"
#include "lode/exec/operators/result_collector.h"
#include "lode/exec/operators/sort.h"
#include "lode/exec/operators/streaming.h"
#include "lode/exec/operators/table_scan.h"
#include "lode/exec/physical/window_rewrite.h"
#include "lode/exec/scan_predicates.h"
#include "lode/exec/scheduler/pipeline.h"
#include "lode/plan/cardinality.h"

namespace lode::exec {

namespace {

bool has_window(const plan::PlanNode& node) {
  for (const auto& expr : node.exprs)
    if (plan::contains_window(*expr)) return true;
  return false;
}

PhysicalOperatorPtr with_child(PhysicalOperatorPtr op, PhysicalOperatorPtr child) {
  op->children.push_back(std::move(child));
  return op;
}

PhysicalOperatorPtr plan_scan(const plan::PlanNode& node) {
  io::ScanRequest request;
  request.columns = node.scan_columns;
  request.predicates = to_column_predicates(node);
  return std::make_unique<PhysicalTableScan>(node.schema, node.source, std::move(request), node.scan_filters,
                                             node.scan_limit, node.scan_emitted);
}

// The residual condition of a join over just the columns it reads, each
// taken from the probe or the build side.
JoinResidual plan_residual(const plan::PlanNode& node, int probe_side) {
  JoinResidual residual;
  if (!node.join_condition) return residual;
  const Schema combined = plan::join_condition_schema(node.inputs[0]->schema, node.inputs[1]->schema, node.suffix);
  const int left_columns = node.inputs[0]->schema.num_fields();
  std::vector<std::string> names;
  plan::collect_columns(*node.join_condition, names);
  std::vector<Field> fields;
  for (const auto& name : names) {
    const int index = combined.index_of(name);
    const int side = index < left_columns ? 0 : 1;
    residual.inputs.from_probe.push_back(side == probe_side);
    residual.inputs.columns.push_back(side == 0 ? index : index - left_columns);
    fields.push_back(combined.field(index));
  }
  residual.condition = plan::bind_expr(node.join_condition, Schema(std::move(fields)));
  return residual;
}

// The probe side is the left input unless the join may swap and the left
// looks smaller; the kind is then seen from the probe side.
PhysicalOperatorPtr plan_join(const plan::PlanNode& node) {
  JoinKind kind = join_kind_from_name(node.how);
  if (kind == JoinKind::kCross) {
    JoinOutput output{{}, node.join_columns};
    for (int side : node.join_sides) output.from_probe.push_back(side == 0);
    auto join = std::make_unique<PhysicalCrossJoin>(node.schema, std::move(output));
    join->children.push_back(plan_physical(*node.inputs[0]));
    join->children.push_back(plan_physical(*node.inputs[1]));
    return join;
  }
  // The smaller side builds; a semi or anti join building on its left side
  // becomes a right semi or anti join.
  const bool probe_is_left = !(plan::estimate_rows(*node.inputs[0]) < plan::estimate_rows(*node.inputs[1]));
  if (!probe_is_left) {
    if (kind == JoinKind::kLeft) kind = JoinKind::kRight;
    else if (kind == JoinKind::kRight) kind = JoinKind::kLeft;
    else if (kind == JoinKind::kSemi) kind = JoinKind::kRightSemi;
    else if (kind == JoinKind::kAnti) kind = JoinKind::kRightAnti;
  }
  const int probe_side = probe_is_left ? 0 : 1;
  JoinOutput output{{}, node.join_columns};
  for (int side : node.join_sides) output.from_probe.push_back(side == probe_side);
  auto join = std::make_unique<PhysicalHashJoin>(node.schema, kind, probe_is_left ? node.left_keys : node.right_keys,
                                                 probe_is_left ? node.right_keys : node.left_keys, node.nulls_equal,
                                                 std::move(output), plan_residual(node, probe_side));
  join->children.push_back(plan_physical(*node.inputs[probe_side]));
  join->children.push_back(plan_physical(*node.inputs[1 - probe_side]));
  return join;
}

PhysicalOperatorPtr plan_distinct(const plan::PlanNode& node) {
  std::string details = "keep " + node.keep + ", subset [";
  for (size_t i = 0; i < node.subset.size(); ++i) details += (i ? ", " : "") + node.subset[i];
  std::vector<plan::ExprPtr> keys;
  for (const auto& name : node.subset) keys.push_back(plan::bind_expr(plan::column(name), node.inputs[0]->schema));
  auto compute = [keep = node.keep](QueryContext&, const PartitionRows& rows) {
    return PhysicalMaterialize::PartitionOutput{{}, false, distinct_rows(rows, keep)};
  };
  return std::make_unique<PhysicalMaterialize>(node.schema, "DISTINCT", details + "]", keys, std::vector<plan::ExprPtr>{},
                                               std::move(compute));
}

PhysicalOperatorPtr plan_node(const plan::PlanNode& node) {
  switch (node.kind) {
    case plan::PlanKind::kScan: return plan_scan(node);
    case plan::PlanKind::kFilter:
      return with_child(std::make_unique<PhysicalFilter>(node.schema, node.predicate), plan_physical(*node.inputs[0]));
    case plan::PlanKind::kProject:
      if (has_window(node)) return plan_window_project(node, plan_physical(*node.inputs[0]));
      return with_child(std::make_unique<PhysicalProject>(node.schema, node.exprs), plan_physical(*node.inputs[0]));
    case plan::PlanKind::kAggregate:
      return with_child(std::make_unique<PhysicalHashAggregate>(node.schema, node.keys, node.exprs),
                        plan_physical(*node.inputs[0]));
    case plan::PlanKind::kSort:
      return with_child(std::make_unique<PhysicalSort>(node.schema, node.sort_keys, node.offset, node.limit),
                        plan_physical(*node.inputs[0]));
    case plan::PlanKind::kLimit:
      return with_child(std::make_unique<PhysicalLimit>(node.schema, node.offset, node.limit), plan_physical(*node.inputs[0]));
    case plan::PlanKind::kDistinct: return with_child(plan_distinct(node), plan_physical(*node.inputs[0]));
    case plan::PlanKind::kJoin: return plan_join(node);
    case plan::PlanKind::kUnion:
    case plan::PlanKind::kRecursiveUnion: {
      // A recursive union gets here only from explain_physical(), shown as
      // its two parts: a query computes its recursive unions first
      // (subplans.h).
      auto op = std::make_unique<PhysicalUnion>(node.schema);
      for (const auto& input : node.inputs) op->children.push_back(plan_physical(*input));
      return op;
    }
  }
  throw InternalError("unknown plan node");
}

void render(const PhysicalOperator& op, int indent, std::string& text) {
  text += std::string(indent * 2, ' ') + op.name();
  const std::string details = op.details();
  if (!details.empty()) text += " (" + details + ")";
  text += "\n";
  for (const auto& child : op.children) render(*child, indent + 1, text);
}

}  // namespace

PhysicalOperatorPtr plan_physical(const plan::PlanNode& node) {
  PhysicalOperatorPtr op = plan_node(node);
  // The window's projection and its materialization both stand for the node.
  op->logical = &node;
  return op;
}

std::string explain_physical(PhysicalOperator& root) {
  std::string text;
  render(root, 0, text);
  text += "pipelines:\n";
  for (const auto& pipeline : build_pipelines(root))
    text += "  " + std::to_string(pipeline->id) + ": " + pipeline->to_string() +
            (pipeline->after.empty() ? "" : " (after every probe of its join)") + "\n";
  return text;
}

}  // namespace lode::exec
