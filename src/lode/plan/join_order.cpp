// A region is a tree of inner and cross joins (no residual condition) over
// leaves with distinct column names (the SQL binder renames clashing ones
// first), and its key equalities are the edges between leaves. A region is
// rebuilt greedily: start from the largest leaf (the probe side that
// streams), then add the connected leaf that the scans' filters shrink most
// (then the smallest), joining on every edge between it and what is joined;
// a leaf nothing connects comes last, as a cross join. Equalities that no
// join used stay as a filter above. The greedy order replaces the written
// one when it has fewer cross joins, or as many and an estimated 20% fewer
// intermediate rows (tree_cost).

#include "lode/plan/join_order.h"

#include <algorithm>
#include <set>

#include "lode/plan/cardinality.h"

namespace lode::plan {

namespace {

struct Edge {
  ExprPtr a, b;  // a = b
  bool used = false;
};

struct Region {
  std::vector<PlanPtr> leaves;
  std::vector<Edge> edges;
  int cross_joins = 0;
};

bool in_region(const PlanNode& node) {
  return node.kind == PlanKind::kJoin && (node.how == "inner" || node.how == "cross") && !node.join_condition &&
         !node.nulls_equal;
}

void collect(const PlanPtr& node, Region& region) {
  if (!in_region(*node)) {
    region.leaves.push_back(reorder_joins(node));
    return;
  }
  region.cross_joins += node->how == "cross";
  collect(node->inputs[0], region);
  collect(node->inputs[1], region);
  for (size_t i = 0; i < node->left_keys.size(); ++i) region.edges.push_back({node->left_keys[i], node->right_keys[i]});
}

std::set<std::string> columns_of(const Expr& expr) {
  std::vector<std::string> names;
  collect_columns(expr, names);
  return {names.begin(), names.end()};
}

bool within(const Expr& expr, const std::set<std::string>& names) {
  const std::set<std::string> used = columns_of(expr);
  return !used.empty() && std::includes(names.begin(), names.end(), used.begin(), used.end());
}

PlanPtr rebuild_in_order(Region& region, const Schema& output) {
  const size_t count = region.leaves.size();
  std::vector<std::set<std::string>> columns(count);
  std::vector<double> rows(count), shares(count);
  for (size_t i = 0; i < count; ++i) {
    const auto names = region.leaves[i]->schema.names();
    columns[i] = {names.begin(), names.end()};
    rows[i] = estimate_rows(*region.leaves[i]);
    shares[i] = estimate_share(*region.leaves[i]);
  }
  std::vector<bool> joined_leaf(count, false);
  const size_t first = std::max_element(rows.begin(), rows.end()) - rows.begin();
  PlanPtr joined = region.leaves[first];
  std::set<std::string> joined_columns = columns[first];
  joined_leaf[first] = true;
  auto connects = [&](const Edge& edge, size_t leaf) {
    return !edge.used && ((within(*edge.a, joined_columns) && within(*edge.b, columns[leaf])) ||
                          (within(*edge.b, joined_columns) && within(*edge.a, columns[leaf])));
  };
  for (size_t step = 1; step < count; ++step) {
    size_t next = count;
    bool connected = false;
    for (size_t leaf = 0; leaf < count; ++leaf) {
      if (joined_leaf[leaf]) continue;
      const bool linked = std::any_of(region.edges.begin(), region.edges.end(), [&](const Edge& e) { return connects(e, leaf); });
      const bool better = next == count || (linked && !connected) ||
                          (linked == connected && (shares[leaf] < shares[next] ||
                                                   (shares[leaf] == shares[next] && rows[leaf] < rows[next])));
      if (better) {
        next = leaf;
        connected = linked;
      }
    }
    std::vector<ExprPtr> left_keys, right_keys;
    for (auto& edge : region.edges) {
      if (!connects(edge, next)) continue;
      const bool a_joined = within(*edge.a, joined_columns);
      left_keys.push_back(a_joined ? edge.a : edge.b);
      right_keys.push_back(a_joined ? edge.b : edge.a);
      edge.used = true;
    }
    joined = join(joined, region.leaves[next], left_keys, right_keys, left_keys.empty() ? "cross" : "inner", "_right",
                  false);
    joined_columns.insert(columns[next].begin(), columns[next].end());
    joined_leaf[next] = true;
  }
  std::vector<ExprPtr> leftover;
  for (const auto& edge : region.edges)
    if (!edge.used) leftover.push_back(call("equal", {edge.a, edge.b}));
  if (!leftover.empty()) joined = filter(joined, leftover.size() == 1 ? leftover[0] : call("and", leftover));
  std::vector<ExprPtr> outputs;
  for (const auto& name : output.names()) outputs.push_back(column(name));
  return project(joined, outputs);
}

// The rows a region's joins produce, all together (cardinality.h's
// estimates: a join keeps its larger side's rows times the share of the
// smaller side that its filters keep).
double tree_cost(const PlanNode& node) {
  if (node.kind == PlanKind::kProject || node.kind == PlanKind::kFilter) return tree_cost(*node.inputs[0]);
  if (!in_region(node)) return 0;
  return estimate_rows(node) + tree_cost(*node.inputs[0]) + tree_cost(*node.inputs[1]);
}

// The region's join tree over `leaves` (in the order collect() found them).
PlanPtr with_leaves(const PlanPtr& node, const std::vector<PlanPtr>& leaves, size_t& next) {
  if (!in_region(*node)) return leaves[next++];
  PlanPtr left = with_leaves(node->inputs[0], leaves, next);
  PlanPtr right = with_leaves(node->inputs[1], leaves, next);
  if (left == node->inputs[0] && right == node->inputs[1]) return node;
  auto copy = std::make_shared<PlanNode>(*node);
  copy->inputs = {std::move(left), std::move(right)};
  return copy;
}

// `plan` over its inputs rewritten by `rewrite` (`plan` itself when none changed).
PlanPtr with_inputs(const PlanPtr& plan, PlanPtr (*rewrite)(const PlanPtr&)) {
  std::vector<PlanPtr> inputs;
  for (const auto& input : plan->inputs) inputs.push_back(rewrite(input));
  if (inputs == plan->inputs) return plan;
  auto copy = std::make_shared<PlanNode>(*plan);
  copy->inputs = std::move(inputs);
  return copy;
}

int count_cross_joins(const PlanNode& node) {
  if (!in_region(node)) return 0;
  return (node.how == "cross") + count_cross_joins(*node.inputs[0]) + count_cross_joins(*node.inputs[1]);
}

// The side (0 left, 1 right) of inner join `inner` whose columns, under
// the same names, are all that `exprs` read; -1 when none.
int side_reading(const PlanNode& inner, const std::vector<ExprPtr>& exprs) {
  std::vector<std::string> names;
  for (const auto& expr : exprs)
    if (expr) collect_columns(*expr, names);
  if (names.empty()) return -1;
  int side = -1;
  for (const auto& name : names) {
    const int output = inner.schema.find(name);
    if (output < 0) return -1;
    const int from = inner.join_sides[output];
    if (inner.inputs[from]->schema.field(inner.join_columns[output]).name != name || (side >= 0 && side != from)) return -1;
    side = from;
  }
  return side;
}

}  // namespace

PlanPtr push_semi_joins(const PlanPtr& plan) {
  const PlanPtr node = with_inputs(plan, push_semi_joins);
  if (node->kind != PlanKind::kJoin || (node->how != "semi" && node->how != "anti") || node->join_condition) return node;
  const PlanNode& below = *node->inputs[0];
  auto semi_join = [&](const PlanPtr& input) {
    return push_semi_joins(join(input, node->inputs[1], node->left_keys, node->right_keys, node->how, node->suffix,
                                node->nulls_equal));
  };
  // A filter keeps or drops rows one by one: the semi join can go first.
  if (below.kind == PlanKind::kFilter) return filter(semi_join(below.inputs[0]), below.predicate);
  // So can a projection that only picks columns (as reorder_joins leaves).
  const auto picks_columns = [](const PlanNode& project) {
    return std::all_of(project.exprs.begin(), project.exprs.end(),
                       [](const ExprPtr& expr) { return expr->kind == ExprKind::kColumn; });
  };
  if (below.kind == PlanKind::kProject && picks_columns(below)) return project(semi_join(below.inputs[0]), below.exprs);
  // Below an inner join to the side it tests; below a left join only to its
  // left side, whose rows the left join keeps.
  if (below.kind != PlanKind::kJoin || (below.how != "inner" && below.how != "left") || below.nulls_equal) return node;
  const int side = side_reading(below, node->left_keys);
  if (side < 0 || (below.how == "left" && side != 0)) return node;
  std::vector<PlanPtr> sides = below.inputs;
  sides[side] = semi_join(sides[side]);
  PlanPtr rebuilt = join(sides[0], sides[1], below.left_keys, below.right_keys, below.how, below.suffix, false,
                         below.join_condition);
  return rebuilt->schema == node->schema ? rebuilt : node;
}

namespace {

// Scans (with their filters) that hold every value column `name` of `node`
// can have, each with the column's name there: the scan it comes from
// unchanged through inner joins, the preserved side of left joins,
// filters, semi and anti joins and projections that pass it, and where it
// is a key of an inner or semi join, the sources of the other side's key.
void key_sources(const PlanPtr& node, const std::string& name, std::vector<std::pair<PlanPtr, std::string>>& out) {
  switch (node->kind) {
    case PlanKind::kScan:
      if (node->schema.find(name) >= 0) out.emplace_back(node, name);
      return;
    case PlanKind::kFilter: return key_sources(node->inputs[0], name, out);
    case PlanKind::kProject:
      for (const auto& expr : node->exprs) {
        if (expr->output_name() != name) continue;
        const Expr* passed = expr->kind == ExprKind::kAlias ? expr->args[0].get() : expr.get();
        if (passed->kind == ExprKind::kColumn) key_sources(node->inputs[0], passed->name, out);
        return;
      }
      return;
    case PlanKind::kJoin: {
      const int output = node->schema.find(name);
      if (output < 0 || node->join_condition) return;
      const int side = node->join_sides[output];
      const bool keeps_subset = node->how == "inner" || node->how == "semi" || node->how == "anti" ||
                                (node->how == "left" && side == 0);
      if (!keeps_subset) return;
      const std::string below = node->inputs[side]->schema.field(node->join_columns[output]).name;
      key_sources(node->inputs[side], below, out);
      if (node->how != "inner" && node->how != "semi") return;
      const auto& keys = side == 0 ? node->left_keys : node->right_keys;
      const auto& other_keys = side == 0 ? node->right_keys : node->left_keys;
      for (size_t i = 0; i < keys.size(); ++i)
        if (keys[i]->kind == ExprKind::kColumn && keys[i]->name == below && other_keys[i]->kind == ExprKind::kColumn)
          key_sources(node->inputs[1 - side], other_keys[i]->name, out);
      return;
    }
    default: return;
  }
}

// The smallest of key_sources(), by estimated rows; null when there is none.
PlanPtr key_source(const PlanPtr& node, std::string& name) {
  std::vector<std::pair<PlanPtr, std::string>> sources;
  key_sources(node, name, sources);
  PlanPtr best;
  for (const auto& [source, column_name] : sources) {
    if (best && estimate_rows(*source) >= estimate_rows(*best)) continue;
    best = source;
    name = column_name;
  }
  return best;
}

// The input column a grouping's key output `name` passes unchanged, or "".
std::string grouped_column(const PlanNode& aggregate, const std::string& name) {
  for (size_t i = 0; i < aggregate.keys.size(); ++i) {
    if (aggregate.schema.field(static_cast<int>(i)).name != name) continue;
    const Expr& key = *aggregate.keys[i];
    if (key.kind == ExprKind::kColumn) return key.name;
    if (key.kind == ExprKind::kAlias && key.args[0]->kind == ExprKind::kColumn) return key.args[0]->name;
  }
  return "";
}

// `grouping` over its input semi-joined with `source` on input column
// `grouped` = source column `key`; null when that does not pay.
PlanPtr reduced(const PlanNode& grouping, const PlanPtr& source, const std::string& grouped, const std::string& key) {
  if (estimate_rows(*source) * 4 > estimate_rows(*grouping.inputs[0])) return nullptr;
  const int grouped_index = grouping.inputs[0]->schema.find(grouped);
  if (grouped_index < 0 || !(grouping.inputs[0]->schema.field(grouped_index).type ==
                             source->schema.field(source->schema.find(key)).type))
    return nullptr;
  const PlanPtr keys = project(source, {column(key)});
  const PlanPtr input = join(grouping.inputs[0], keys, {column(grouped)}, {column(key)}, "semi", "_right", false);
  return aggregate(input, grouping.keys, grouping.exprs);
}

}  // namespace

PlanPtr reduce_grouped_inputs(const PlanPtr& plan) {
  const PlanPtr node = with_inputs(plan, reduce_grouped_inputs);
  if (node->kind != PlanKind::kJoin || node->join_condition || node->nulls_equal) return node;
  // The grouped side: the right of an inner or left join, or the left of an
  // inner one; one key pair whose grouped column has a source is enough.
  for (int side : {1, 0}) {
    if (side == 0 && node->how != "inner") break;
    if ((side == 1 && node->how != "inner" && node->how != "left") || node->inputs[side]->kind != PlanKind::kAggregate)
      continue;
    const PlanNode& grouped = *node->inputs[side];
    for (size_t pair = 0; pair < node->left_keys.size(); ++pair) {
      const ExprPtr& grouped_key = side == 1 ? node->right_keys[pair] : node->left_keys[pair];
      const ExprPtr& other_key = side == 1 ? node->left_keys[pair] : node->right_keys[pair];
      if (grouped_key->kind != ExprKind::kColumn || other_key->kind != ExprKind::kColumn) continue;
      const std::string column_name = grouped_column(grouped, grouped_key->name);
      std::string key = other_key->name;
      const PlanPtr source = column_name.empty() ? nullptr : key_source(node->inputs[1 - side], key);
      const PlanPtr smaller = source ? reduced(grouped, source, column_name, key) : nullptr;
      if (!smaller) continue;
      auto copy = std::make_shared<PlanNode>(*node);
      copy->inputs[side] = smaller;
      return copy;
    }
  }
  return node;
}

PlanPtr reorder_joins(const PlanPtr& plan) {
  if (!in_region(*plan)) {
    return with_inputs(plan, reorder_joins);
  }
  Region region;
  collect(plan, region);
  const auto written_order = [&] {
    size_t next_leaf = 0;
    return with_leaves(plan, region.leaves, next_leaf);
  };
  // Reorder only leaves whose columns are all distinct (so the joins keep
  // every column under its own name).
  std::set<std::string> names;
  size_t total = 0;
  for (const auto& leaf : region.leaves) {
    for (const auto& name : leaf->schema.names()) names.insert(name);
    total += leaf->schema.num_fields();
  }
  if (region.leaves.size() < 3 || names.size() != total ||
      static_cast<size_t>(plan->schema.num_fields()) != total)
    return written_order();
  PlanPtr reordered = rebuild_in_order(region, plan->schema);
  const PlanNode* top = reordered.get();
  while (top->kind == PlanKind::kProject || top->kind == PlanKind::kFilter) top = top->inputs[0].get();
  const int cross_joins = count_cross_joins(*top);
  // Fewer cross products win; with as many, the greedy order only where
  // its joins clearly make fewer rows.
  if (cross_joins != region.cross_joins) return cross_joins < region.cross_joins ? reordered : written_order();
  return tree_cost(*reordered) < 0.8 * tree_cost(*plan) ? reordered : written_order();
}

}  // namespace lode::plan
