#include "lode/plan/optimizer.h"

#include <algorithm>
#include <map>

#include "lode/core/error.h"
#include "lode/plan/function_catalog.h"
#include "lode/plan/join_order.h"

namespace lode::plan {

namespace {

// ---------------------------------------------------------- constant folding

ExprPtr fold(const ExprPtr& expr, const OptimizerOptions& options) {
  if (expr->args.empty() || expr->kind == ExprKind::kAggregate || expr->kind == ExprKind::kWindow) {
    if (expr->kind != ExprKind::kAggregate && expr->kind != ExprKind::kWindow) return expr;
  }
  auto copy = std::make_shared<Expr>(*expr);
  bool all_constant = !copy->args.empty();
  for (auto& arg : copy->args) {
    arg = fold(arg, options);
    all_constant &= arg->kind == ExprKind::kLiteral;
  }
  if (all_constant && (copy->kind == ExprKind::kCall || copy->kind == ExprKind::kCast) && options.fold_constant) {
    try {
      auto folded = std::make_shared<Expr>(*literal(options.fold_constant(*copy)));
      folded->type = copy->type;
      folded->bound = true;
      return folded;
    } catch (const Error&) {
      return copy;  // fails at run time with the row's context instead
    }
  }
  return copy;
}

std::vector<ExprPtr> fold_all(const std::vector<ExprPtr>& exprs, const OptimizerOptions& options) {
  std::vector<ExprPtr> folded;
  for (const auto& expr : exprs) folded.push_back(fold(expr, options));
  return folded;
}

// Returns a join's condition renamed for new inputs: a right column's name
// in the condition can change when pruning removes the left column it
// clashed with.
ExprPtr condition_over(const PlanNode& node, const PlanPtr& left, const PlanPtr& right);

// Rebuilds `node` over new inputs with (possibly) new expressions, binding again.
PlanPtr rebuild(const PlanNode& node, const std::vector<PlanPtr>& inputs, const std::vector<ExprPtr>& exprs,
                const ExprPtr& predicate) {
  switch (node.kind) {
    case PlanKind::kScan: return std::make_shared<PlanNode>(node);
    case PlanKind::kProject: return project(inputs[0], exprs);
    case PlanKind::kFilter: return filter(inputs[0], predicate);
    case PlanKind::kAggregate: return aggregate(inputs[0], node.keys, exprs);
    case PlanKind::kSort: {
      std::vector<ExprPtr> keys;
      std::vector<bool> descending, nulls_last;
      for (const auto& key : node.sort_keys) {
        keys.push_back(key.expr);
        descending.push_back(key.descending);
        nulls_last.push_back(key.nulls_last);
      }
      auto sorted = std::const_pointer_cast<PlanNode>(sort(inputs[0], keys, descending, nulls_last));
      sorted->offset = node.offset;
      sorted->limit = node.limit;
      return sorted;
    }
    case PlanKind::kLimit: return limit(inputs[0], node.offset, node.limit);
    case PlanKind::kDistinct: return distinct(inputs[0], node.subset, node.keep, node.maintain_order);
    case PlanKind::kUnion: return union_all(inputs);
    case PlanKind::kRecursiveUnion:
      return recursive_union(inputs[0], inputs[1], std::static_pointer_cast<WorkingTable>(node.source),
                             node.recursive_distinct);
    case PlanKind::kJoin:
      return join(inputs[0], inputs[1], node.left_keys, node.right_keys, node.how, node.suffix, node.nulls_equal,
                  condition_over(node, inputs[0], inputs[1]));
  }
  throw InternalError("unknown plan node");
}

// Renames column references through `renames` (every name must be there).
ExprPtr rename_columns(const ExprPtr& expr, const std::map<std::string, std::string>& renames) {
  if (expr->kind == ExprKind::kColumn) return column(renames.at(expr->name));
  if (expr->args.empty()) return expr;
  auto copy = std::make_shared<Expr>(*expr);
  for (auto& arg : copy->args) arg = rename_columns(arg, renames);
  return copy;
}

// For each column of a join's condition schema: its side and its name there.
std::vector<std::pair<int, std::string>> condition_sources(const PlanNode& left, const PlanNode& right) {
  std::vector<std::pair<int, std::string>> sources;
  for (const auto& name : left.schema.names()) sources.emplace_back(0, name);
  for (const auto& name : right.schema.names()) sources.emplace_back(1, name);
  return sources;
}

ExprPtr condition_over(const PlanNode& node, const PlanPtr& left, const PlanPtr& right) {
  if (!node.join_condition) return nullptr;
  const Schema before = join_condition_schema(node.inputs[0]->schema, node.inputs[1]->schema, node.suffix);
  const Schema after = join_condition_schema(left->schema, right->schema, node.suffix);
  const auto old_sources = condition_sources(*node.inputs[0], *node.inputs[1]);
  const auto new_sources = condition_sources(*left, *right);
  std::map<std::string, std::string> renames;
  for (size_t i = 0; i < old_sources.size(); ++i)
    for (size_t j = 0; j < new_sources.size(); ++j)
      if (old_sources[i] == new_sources[j]) renames[before.field(static_cast<int>(i)).name] = after.field(static_cast<int>(j)).name;
  return rename_columns(node.join_condition, renames);
}

// The columns of each side that a join's condition reads.
void add_condition_columns(const PlanNode& node, std::vector<std::string>& left_needed,
                           std::vector<std::string>& right_needed) {
  if (!node.join_condition) return;
  std::vector<std::string> names;
  collect_columns(*node.join_condition, names);
  const Schema combined = join_condition_schema(node.inputs[0]->schema, node.inputs[1]->schema, node.suffix);
  const auto sources = condition_sources(*node.inputs[0], *node.inputs[1]);
  for (const auto& name : names) {
    const auto& [side, source] = sources[combined.index_of(name)];
    (side == 0 ? left_needed : right_needed).push_back(source);
  }
}

PlanPtr fold_constants(const PlanPtr& node, const OptimizerOptions& options) {
  std::vector<PlanPtr> inputs;
  for (const auto& input : node->inputs) inputs.push_back(fold_constants(input, options));
  std::vector<ExprPtr> exprs = fold_all(node->exprs, options);
  ExprPtr predicate = node->predicate ? fold(node->predicate, options) : nullptr;
  if (node->kind == PlanKind::kFilter && predicate->kind == ExprKind::kLiteral && !predicate->literal.is_null &&
      predicate->literal.boolean)
    return inputs[0];  // filter(true)
  return rebuild(*node, inputs, exprs, predicate);
}

// ---------------------------------------------------------- predicate pushdown

void split_conjuncts(const ExprPtr& predicate, std::vector<ExprPtr>& conjuncts);

void split_disjuncts(const ExprPtr& predicate, std::vector<ExprPtr>& disjuncts) {
  if (is_call_of(*predicate, ScalarFunctionId::kOr)) {
    for (const auto& arg : predicate->args) split_disjuncts(arg, disjuncts);
  } else {
    disjuncts.push_back(predicate);
  }
}

// (a AND b) OR (a AND c) is a AND (b OR c), in SQL's three-valued logic
// too: the conditions every branch of an OR has become conditions of their
// own, which can be pushed down or become join keys (TPC-H q19).
void factor_disjunction(const ExprPtr& predicate, std::vector<ExprPtr>& conjuncts) {
  std::vector<ExprPtr> disjuncts;
  split_disjuncts(predicate, disjuncts);
  std::vector<std::vector<ExprPtr>> branches(disjuncts.size());
  std::vector<std::vector<std::string>> texts(disjuncts.size());
  for (size_t i = 0; i < disjuncts.size(); ++i) {
    split_conjuncts(disjuncts[i], branches[i]);
    for (const auto& conjunct : branches[i]) texts[i].push_back(conjunct->to_string());
  }
  std::vector<std::string> common;
  for (size_t c = 0; c < branches[0].size(); ++c) {
    const std::string& text = texts[0][c];
    bool everywhere = std::find(common.begin(), common.end(), text) == common.end();
    for (size_t i = 1; i < branches.size() && everywhere; ++i)
      everywhere = std::find(texts[i].begin(), texts[i].end(), text) != texts[i].end();
    if (!everywhere) continue;
    common.push_back(text);
    conjuncts.push_back(branches[0][c]);
  }
  if (common.empty()) {
    conjuncts.push_back(predicate);
    return;
  }
  std::vector<ExprPtr> remainders;
  for (size_t i = 0; i < branches.size(); ++i) {
    std::vector<ExprPtr> rest;
    for (size_t c = 0; c < branches[i].size(); ++c)
      if (std::find(common.begin(), common.end(), texts[i][c]) == common.end()) rest.push_back(branches[i][c]);
    if (rest.empty()) return;  // a branch with nothing else is true once the common part is
    ExprPtr branch = rest[0];
    for (size_t c = 1; c < rest.size(); ++c) branch = call("and", {branch, rest[c]});
    remainders.push_back(branch);
  }
  conjuncts.push_back(call("or", remainders));
}

void split_conjuncts(const ExprPtr& predicate, std::vector<ExprPtr>& conjuncts) {
  if (is_call_of(*predicate, ScalarFunctionId::kAnd)) {
    for (const auto& arg : predicate->args) split_conjuncts(arg, conjuncts);
  } else if (is_call_of(*predicate, ScalarFunctionId::kOr)) {
    factor_disjunction(predicate, conjuncts);
  } else {
    conjuncts.push_back(predicate);
  }
}

ExprPtr conjunction(const std::vector<ExprPtr>& conjuncts) {
  ExprPtr result = conjuncts[0];
  for (size_t i = 1; i < conjuncts.size(); ++i) result = call("and", {result, conjuncts[i]});
  return result;
}

PlanPtr with_filters(PlanPtr input, const std::vector<ExprPtr>& conjuncts) {
  return conjuncts.empty() ? input : filter(input, conjunction(conjuncts));
}

bool can_rename(const Expr& expr, const std::map<std::string, std::string>& renames) {
  std::vector<std::string> names;
  collect_columns(expr, names);
  if (contains_window(expr)) return false;
  return std::all_of(names.begin(), names.end(), [&](const std::string& name) { return renames.count(name) > 0; });
}

// For an OR whose every branch has conjuncts over `names` alone (renamed
// through them), returns the OR of those parts, which the OR implies; null
// when a branch has none (or `disjunction` is no OR).
ExprPtr implied_by_disjunction(const ExprPtr& disjunction, const std::map<std::string, std::string>& names) {
  if (!is_call_of(*disjunction, ScalarFunctionId::kOr)) return nullptr;
  std::vector<ExprPtr> branches, implied;
  split_disjuncts(disjunction, branches);
  for (const auto& branch : branches) {
    std::vector<ExprPtr> parts, own;
    split_conjuncts(branch, parts);
    for (const auto& part : parts)
      if (can_rename(*part, names)) own.push_back(rename_columns(part, names));
    if (own.empty()) return nullptr;
    implied.push_back(own.size() == 1 ? own[0] : call("and", own));
  }
  return call("or", implied);
}

// Returns the column an expression passes through unchanged, or "".
std::string passed_column(const Expr& expr) {
  if (expr.kind == ExprKind::kColumn) return expr.name;
  if (expr.kind == ExprKind::kAlias) return passed_column(*expr.args[0]);
  return "";
}

// Returns true if `conjunct` is `a == b` with a on the join's left output
// and b on its right (either order), giving both as side-named key columns.
bool as_key_pair(const Expr& conjunct, const std::map<std::string, std::string>& left_names,
                 const std::map<std::string, std::string>& right_names, const PlanNode& node, ExprPtr& left_key,
                 ExprPtr& right_key) {
  if (!is_call_of(conjunct, ScalarFunctionId::kEqual)) return false;
  auto column_name = [](const ExprPtr& expr) { return expr->kind == ExprKind::kColumn ? expr->name : std::string(); };
  for (int flip = 0; flip < 2; ++flip) {
    const std::string a = column_name(conjunct.args[flip]), b = column_name(conjunct.args[1 - flip]);
    if (a.empty() || b.empty() || !left_names.count(a) || !right_names.count(b)) continue;
    const DataType& left_type = node.inputs[0]->schema.field(node.inputs[0]->schema.index_of(left_names.at(a))).type;
    const DataType& right_type = node.inputs[1]->schema.field(node.inputs[1]->schema.index_of(right_names.at(b))).type;
    if (!(left_type == right_type) && !(left_type.is_integer() && right_type.is_integer())) return false;
    left_key = column(left_names.at(a));
    right_key = column(right_names.at(b));
    return true;
  }
  return false;
}

PlanPtr push_filters(const PlanPtr& node, std::vector<ExprPtr> conjuncts) {
  switch (node->kind) {
    case PlanKind::kFilter:
      split_conjuncts(node->predicate, conjuncts);
      return push_filters(node->inputs[0], conjuncts);
    case PlanKind::kScan: {
      // A limited scan's first rows are counted before its filters: filters stay above.
      if (node->scan_limit >= 0) return with_filters(node, conjuncts);
      auto scan_node = std::make_shared<PlanNode>(*node);
      for (const auto& conjunct : conjuncts) {
        if (contains_window(*conjunct)) throw InternalError("window in a scan filter");
        scan_node->scan_filters.push_back(bind_expr(conjunct, scan_node->schema));
      }
      return scan_node;
    }
    case PlanKind::kProject: {
      std::map<std::string, std::string> renames;
      for (const auto& expr : node->exprs) {
        const std::string source = passed_column(*expr);
        if (!source.empty()) renames[expr->output_name()] = source;
      }
      std::vector<ExprPtr> below, above;
      for (const auto& conjunct : conjuncts)
        (can_rename(*conjunct, renames) ? below : above).push_back(can_rename(*conjunct, renames) ? rename_columns(conjunct, renames) : conjunct);
      bool has_window = false;
      for (const auto& expr : node->exprs) has_window |= contains_window(*expr);
      if (has_window) {  // rows feed the windows: filtering below would change them
        above = conjuncts;
        below.clear();
      }
      PlanPtr input = push_filters(node->inputs[0], below);
      return with_filters(project(input, node->exprs), above);
    }
    case PlanKind::kSort:
      if (node->limit < 0) return rebuild(*node, {push_filters(node->inputs[0], conjuncts)}, {}, nullptr);
      break;
    case PlanKind::kUnion: {
      std::vector<PlanPtr> inputs;
      for (const auto& input : node->inputs) inputs.push_back(push_filters(input, conjuncts));
      return union_all(inputs);
    }
    case PlanKind::kJoin: {
      // A conjunct on one side's columns filters that side before the join,
      // where the join type allows it (not on the side that gets null rows).
      const std::string& how = node->how;
      const bool into_left = how == "inner" || how == "left" || how == "semi" || how == "anti" || how == "cross";
      const bool into_right = how == "inner" || how == "right" || how == "cross";
      std::map<std::string, std::string> left_names, right_names;
      for (size_t i = 0; i < node->join_sides.size(); ++i) {
        const std::string& output = node->schema.field(static_cast<int>(i)).name;
        const PlanNode& side = *node->inputs[node->join_sides[i]];
        (node->join_sides[i] == 0 ? left_names : right_names)[output] = side.schema.field(node->join_columns[i]).name;
      }
      std::vector<ExprPtr> left_conjuncts, right_conjuncts, above;
      std::vector<ExprPtr> left_keys = node->left_keys, right_keys = node->right_keys, key_conjuncts;
      for (const auto& conjunct : conjuncts) {
        ExprPtr left_key, right_key;
        if (into_left && can_rename(*conjunct, left_names)) {
          left_conjuncts.push_back(rename_columns(conjunct, left_names));
        } else if (into_right && can_rename(*conjunct, right_names)) {
          right_conjuncts.push_back(rename_columns(conjunct, right_names));
        } else if ((how == "inner" || how == "cross") &&
                   as_key_pair(*conjunct, left_names, right_names, *node, left_key, right_key)) {
          // left.a == right.b above an inner or cross join is one more join key.
          left_keys.push_back(left_key);
          right_keys.push_back(right_key);
          key_conjuncts.push_back(conjunct);
        } else {
          above.push_back(conjunct);
          // An OR over both sides still implies, for each side, the OR of
          // what every branch says about that side alone (TPC-H q07's
          // nations): those go down too, the OR stays here.
          if (into_left)
            if (ExprPtr implied = implied_by_disjunction(conjunct, left_names)) left_conjuncts.push_back(implied);
          if (into_right)
            if (ExprPtr implied = implied_by_disjunction(conjunct, right_names)) right_conjuncts.push_back(implied);
        }
      }
      PlanPtr left_input = push_filters(node->inputs[0], left_conjuncts);
      PlanPtr right_input = push_filters(node->inputs[1], right_conjuncts);
      const std::string joined_how = how == "cross" && !left_keys.empty() ? "inner" : how;
      const ExprPtr condition = condition_over(*node, left_input, right_input);
      PlanPtr joined =
          join(left_input, right_input, left_keys, right_keys, joined_how, node->suffix, node->nulls_equal, condition);
      if (!key_conjuncts.empty() && !(joined->schema == node->schema)) {
        // New keys can change which right columns fold into left ones: keep the filter instead.
        joined = join(left_input, right_input, node->left_keys, node->right_keys, how, node->suffix, node->nulls_equal,
                      condition);
        above.insert(above.end(), key_conjuncts.begin(), key_conjuncts.end());
      }
      return with_filters(joined, above);
    }
    case PlanKind::kAggregate: {
      std::map<std::string, std::string> renames;
      for (size_t i = 0; i < node->keys.size(); ++i) {
        const std::string source = passed_column(*node->keys[i]);
        if (!source.empty()) renames[node->schema.field(static_cast<int>(i)).name] = source;
      }
      std::vector<ExprPtr> below, above;
      for (const auto& conjunct : conjuncts) {
        if (can_rename(*conjunct, renames)) below.push_back(rename_columns(conjunct, renames));
        else above.push_back(conjunct);
      }
      PlanPtr input = push_filters(node->inputs[0], below);
      return with_filters(aggregate(input, node->keys, node->exprs), above);
    }
    default: break;
  }
  // Not pushable past this node: push into its inputs what they had, and keep these here.
  std::vector<PlanPtr> inputs;
  for (const auto& input : node->inputs) inputs.push_back(push_filters(input, {}));
  return with_filters(rebuild(*node, inputs, node->exprs, node->predicate), conjuncts);
}

// ---------------------------------------------------------- projection pushdown

void add_names(std::vector<std::string>& names, const std::vector<std::string>& more) {
  for (const auto& name : more)
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

std::vector<std::string> columns_of(const std::vector<ExprPtr>& exprs) {
  std::vector<std::string> names;
  for (const auto& expr : exprs) collect_columns(*expr, names);
  return names;
}

PlanPtr prune(const PlanPtr& node, const std::vector<std::string>& required) {
  switch (node->kind) {
    case PlanKind::kScan: {
      std::vector<std::string> needed = required;
      add_names(needed, columns_of(node->scan_filters));
      auto scan_node = std::make_shared<PlanNode>(*node);
      const Schema& source_schema = node->source->schema();
      scan_node->scan_columns.clear();
      std::vector<Field> fields;
      // Keep the source's column order; a scan of no column still counts rows.
      for (int column_index : node->scan_columns) {
        const Field& field = source_schema.field(column_index);
        if (std::find(needed.begin(), needed.end(), field.name) != needed.end()) {
          scan_node->scan_columns.push_back(column_index);
          fields.push_back(field);
        }
      }
      if (scan_node->scan_columns.empty() && !node->scan_columns.empty()) {
        scan_node->scan_columns.push_back(node->scan_columns[0]);
        fields.push_back(source_schema.field(node->scan_columns[0]));
      }
      const Schema read(fields);
      scan_node->scan_filters.clear();
      for (const auto& conjunct : node->scan_filters) scan_node->scan_filters.push_back(bind_expr(conjunct, read));
      // Columns only the filters read are not output.
      scan_node->scan_emitted.clear();
      std::vector<Field> emitted;
      for (size_t i = 0; i < fields.size(); ++i) {
        if (std::find(required.begin(), required.end(), fields[i].name) == required.end()) continue;
        scan_node->scan_emitted.push_back(static_cast<int>(i));
        emitted.push_back(fields[i]);
      }
      if (emitted.empty() || emitted.size() == fields.size()) {
        scan_node->scan_emitted.clear();
        emitted = fields;
      }
      scan_node->schema = Schema(emitted);
      return scan_node;
    }
    case PlanKind::kProject: {
      std::vector<ExprPtr> kept;
      for (const auto& expr : node->exprs)
        if (std::find(required.begin(), required.end(), expr->output_name()) != required.end()) kept.push_back(expr);
      if (kept.empty()) kept.push_back(node->exprs[0]);
      return project(prune(node->inputs[0], columns_of(kept)), kept);
    }
    case PlanKind::kFilter: {
      std::vector<std::string> needed = required;
      add_names(needed, columns_of({node->predicate}));
      return filter(prune(node->inputs[0], needed), node->predicate);
    }
    case PlanKind::kAggregate: {
      std::vector<std::string> needed = columns_of(node->keys);
      add_names(needed, columns_of(node->exprs));
      return aggregate(prune(node->inputs[0], needed), node->keys, node->exprs);
    }
    case PlanKind::kSort: {
      std::vector<std::string> needed = required;
      for (const auto& key : node->sort_keys) collect_columns(*key.expr, needed);
      return rebuild(*node, {prune(node->inputs[0], needed)}, {}, nullptr);
    }
    case PlanKind::kDistinct: {
      std::vector<std::string> needed = required;
      add_names(needed, node->subset);
      return rebuild(*node, {prune(node->inputs[0], needed)}, {}, nullptr);
    }
    case PlanKind::kLimit: return rebuild(*node, {prune(node->inputs[0], required)}, {}, nullptr);
    case PlanKind::kJoin: {
      std::vector<std::string> left_needed = columns_of(node->left_keys);
      std::vector<std::string> right_needed = columns_of(node->right_keys);
      add_condition_columns(*node, left_needed, right_needed);
      for (size_t i = 0; i < node->join_sides.size(); ++i) {
        const std::string& output = node->schema.field(static_cast<int>(i)).name;
        if (std::find(required.begin(), required.end(), output) == required.end()) continue;
        const int side = node->join_sides[i];
        const std::string& source = node->inputs[side]->schema.field(node->join_columns[i]).name;
        add_names(side == 0 ? left_needed : right_needed, {source});
        // A suffixed right column keeps its suffix only while the left column it clashed with stays.
        if (side == 1 && output != source && node->inputs[0]->schema.find(source) >= 0) add_names(left_needed, {source});
      }
      PlanPtr left = prune(node->inputs[0], left_needed);
      PlanPtr right = prune(node->inputs[1], right_needed);
      return join(left, right, node->left_keys, node->right_keys, node->how, node->suffix, node->nulls_equal,
                  condition_over(*node, left, right));
    }
    case PlanKind::kUnion: {
      std::vector<PlanPtr> inputs;
      for (const auto& input : node->inputs) inputs.push_back(prune(input, node->schema.names()));
      return union_all(inputs);
    }
    case PlanKind::kRecursiveUnion:
      // Every column feeds the next round: both parts keep all of theirs.
      return recursive_union(prune(node->inputs[0], node->inputs[0]->schema.names()),
                             prune(node->inputs[1], node->inputs[1]->schema.names()),
                             std::static_pointer_cast<WorkingTable>(node->source), node->recursive_distinct);
  }
  return node;
}

// ---------------------------------------------------------- merging and top-k

// Inlines inner projection expressions into an outer projection when each
// inner result is used at most once or is a plain column.
PlanPtr merge_projections(const PlanPtr& node) {
  std::vector<PlanPtr> inputs;
  for (const auto& input : node->inputs) inputs.push_back(merge_projections(input));
  PlanPtr rebuilt = inputs == node->inputs ? node : rebuild(*node, inputs, node->exprs, node->predicate);
  if (rebuilt->kind != PlanKind::kProject || rebuilt->inputs[0]->kind != PlanKind::kProject) return rebuilt;
  const PlanNode& outer = *rebuilt;
  const PlanNode& inner = *outer.inputs[0];
  for (const auto& expr : inner.exprs)
    if (contains_window(*expr)) return rebuilt;
  for (const auto& expr : outer.exprs)
    if (contains_window(*expr)) return rebuilt;
  std::map<std::string, ExprPtr> definitions;
  for (const auto& expr : inner.exprs) definitions[expr->output_name()] = expr;
  std::map<std::string, int> uses;
  std::vector<std::string> referenced;
  for (const auto& expr : outer.exprs) {
    std::vector<std::string> names;
    collect_columns(*expr, names);
    for (const auto& name : names) ++uses[name];
  }
  for (const auto& [name, count] : uses) {
    const ExprPtr& definition = definitions.at(name);
    if (count > 1 && passed_column(*definition).empty() && definition->kind != ExprKind::kLiteral) return rebuilt;
  }
  std::function<ExprPtr(const ExprPtr&)> inline_expr = [&](const ExprPtr& expr) -> ExprPtr {
    if (expr->kind == ExprKind::kColumn) {
      const ExprPtr& definition = definitions.at(expr->name);
      return definition->kind == ExprKind::kAlias ? definition->args[0] : definition;
    }
    if (expr->args.empty()) return expr;
    auto copy = std::make_shared<Expr>(*expr);
    for (auto& arg : copy->args) arg = inline_expr(arg);
    return copy;
  };
  std::vector<ExprPtr> merged;
  for (const auto& expr : outer.exprs) merged.push_back(alias(inline_expr(expr), expr->output_name()));
  return project(inner.inputs[0], merged);
}

// ---------------------------------------------------------- limit pushdown

// Returns `node` with a scan limit of `rows` put into its scan, when the
// rows reach the limit one to one from a scan without filters (through
// projections without windows); null when they do not.
PlanPtr with_scan_limit(const PlanPtr& node, int64_t rows) {
  if (node->kind == PlanKind::kScan && node->scan_filters.empty()) {
    auto scan_node = std::make_shared<PlanNode>(*node);
    scan_node->scan_limit = node->scan_limit < 0 ? rows : std::min(node->scan_limit, rows);
    return scan_node;
  }
  if (node->kind == PlanKind::kProject &&
      std::none_of(node->exprs.begin(), node->exprs.end(), [](const ExprPtr& expr) { return contains_window(*expr); })) {
    PlanPtr input = with_scan_limit(node->inputs[0], rows);
    return input ? project(input, node->exprs) : nullptr;
  }
  return nullptr;
}

// Tells a scan under a limit how many rows it needs, so that it reads its
// splits in order and stops there (rows past a limit are never converted or
// checked, as with read_csv's n_rows). The limit stays for the offset.
PlanPtr push_limits(const PlanPtr& node) {
  std::vector<PlanPtr> inputs;
  for (const auto& input : node->inputs) inputs.push_back(push_limits(input));
  PlanPtr rebuilt = inputs == node->inputs ? node : rebuild(*node, inputs, node->exprs, node->predicate);
  if (rebuilt->kind != PlanKind::kLimit) return rebuilt;
  const int64_t rows = rebuilt->limit > INT64_MAX - rebuilt->offset ? INT64_MAX : rebuilt->offset + rebuilt->limit;
  PlanPtr limited = with_scan_limit(rebuilt->inputs[0], rows);
  return limited ? limit(limited, rebuilt->offset, rebuilt->limit) : rebuilt;
}

PlanPtr fuse_top_k(const PlanPtr& node) {
  std::vector<PlanPtr> inputs;
  for (const auto& input : node->inputs) inputs.push_back(fuse_top_k(input));
  PlanPtr rebuilt = inputs == node->inputs ? node : rebuild(*node, inputs, node->exprs, node->predicate);
  if (rebuilt->kind == PlanKind::kLimit && rebuilt->inputs[0]->kind == PlanKind::kSort &&
      rebuilt->inputs[0]->limit < 0) {
    auto sorted = std::make_shared<PlanNode>(*rebuilt->inputs[0]);
    sorted->offset = rebuilt->offset;
    sorted->limit = rebuilt->limit;
    return sorted;
  }
  return rebuilt;
}

}  // namespace

PlanPtr optimize(const PlanPtr& plan, const OptimizerOptions& options) {
  if (!options.enabled) return plan;
  PlanPtr optimized = fold_constants(plan, options);
  optimized = push_filters(optimized, {});
  optimized = reorder_joins(optimized);
  optimized = push_semi_joins(optimized);
  optimized = reduce_grouped_inputs(optimized);
  optimized = prune(optimized, plan->schema.names());
  optimized = merge_projections(optimized);
  optimized = fuse_top_k(optimized);
  optimized = push_limits(optimized);
  if (!(optimized->schema == plan->schema)) {
    std::vector<ExprPtr> columns;
    for (const auto& name : plan->schema.names()) columns.push_back(column(name));
    optimized = project(optimized, columns);
  }
  return optimized;
}

}  // namespace lode::plan
