#include "lode/plan/logical_plan.h"

#include <algorithm>

#include "lode/core/error.h"
#include "lode/plan/type_rules.h"

namespace lode::plan {

namespace {

std::shared_ptr<PlanNode> make_node(PlanKind kind, std::vector<PlanPtr> inputs) {
  auto node = std::make_shared<PlanNode>();
  node->kind = kind;
  node->inputs = std::move(inputs);
  return node;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

std::string join_exprs(const std::vector<ExprPtr>& exprs) {
  std::string text;
  for (const auto& expr : exprs) text += (text.empty() ? "" : ", ") + expr->to_string();
  return text;
}

Schema schema_of(const std::vector<ExprPtr>& bound) {
  std::vector<Field> fields;
  for (const auto& expr : bound) fields.push_back(Field{expr->output_name(), expr->type});
  return Schema(std::move(fields));
}

// Replaces every aggregate subtree (outside windows) by a reference to a
// column "__agg<i>", collecting the aggregates.
ExprPtr extract_aggregates(const ExprPtr& expr, std::vector<ExprPtr>& aggregates) {
  if (expr->kind == ExprKind::kAggregate) {
    const std::string name = "__agg" + std::to_string(aggregates.size());
    aggregates.push_back(alias(expr, name));
    return column(name);
  }
  if (expr->kind == ExprKind::kWindow || expr->args.empty()) return expr;
  auto copy = std::make_shared<Expr>(*expr);
  for (auto& arg : copy->args) arg = extract_aggregates(arg, aggregates);
  return copy;
}

// Returns true if `expr` is an aggregate call, optionally aliased.
bool is_plain_aggregate(const Expr& expr) {
  if (expr.kind == ExprKind::kAlias) return is_plain_aggregate(*expr.args[0]);
  if (expr.kind != ExprKind::kAggregate) return false;
  return std::none_of(expr.args.begin(), expr.args.end(),
                      [](const ExprPtr& arg) { return contains_aggregate(*arg) || contains_window(*arg); });
}

}  // namespace

PlanPtr scan(std::shared_ptr<io::TableSource> source) {
  auto node = make_node(PlanKind::kScan, {});
  node->schema = source->schema();
  for (int i = 0; i < node->schema.num_fields(); ++i) node->scan_columns.push_back(i);
  node->source = std::move(source);
  return node;
}

PlanPtr scan(std::shared_ptr<io::TableSource> source, int64_t limit) {
  if (limit < 0) throw InvalidInputError("a scan's row limit must not be negative, got " + std::to_string(limit));
  auto node = std::const_pointer_cast<PlanNode>(scan(std::move(source)));
  node->scan_limit = limit;
  return node;
}

PlanPtr scan(std::shared_ptr<io::TableSource> source, const std::vector<std::string>& columns) {
  auto node = make_node(PlanKind::kScan, {});
  std::vector<Field> fields;
  for (const std::string& name : columns) {
    node->scan_columns.push_back(source->schema().index_of(name));
    fields.push_back(source->schema().field(node->scan_columns.back()));
  }
  node->schema = Schema(std::move(fields));
  node->source = std::move(source);
  return node;
}

PlanPtr project(PlanPtr input, const std::vector<ExprPtr>& exprs) {
  auto node = make_node(PlanKind::kProject, {input});
  for (const auto& expr : exprs) {
    if (contains_aggregate(*expr))
      throw InvalidInputError("aggregate " + expr->to_string() + " outside group_by/select",
                              ErrorContext{.expression = expr->to_string()});
    node->exprs.push_back(bind_expr(expr, input->schema));
  }
  node->schema = schema_of(node->exprs);
  return node;
}

PlanPtr filter(PlanPtr input, const ExprPtr& predicate) {
  auto node = make_node(PlanKind::kFilter, {input});
  node->predicate = bind_expr(predicate, input->schema);
  if (node->predicate->type.id != TypeId::kBool)
    throw InvalidInputError("a filter needs a boolean expression, got " + node->predicate->type.name(),
                            ErrorContext{.expression = predicate->to_string()});
  node->schema = input->schema;
  return node;
}

PlanPtr aggregate(PlanPtr input, const std::vector<ExprPtr>& keys, const std::vector<ExprPtr>& aggregates) {
  auto node = make_node(PlanKind::kAggregate, {input});
  for (const auto& key : keys) {
    if (contains_aggregate(*key) || contains_window(*key))
      throw InvalidInputError("a group_by key cannot be an aggregate: " + key->to_string());
    node->keys.push_back(bind_expr(key, input->schema));
    require_flat(node->keys.back()->type, "the group_by key " + key->to_string());
  }
  for (const auto& expr : aggregates) {
    if (!is_plain_aggregate(*expr)) throw InternalError("aggregate node with " + expr->to_string());
    node->exprs.push_back(bind_expr(expr, input->schema));
  }
  std::vector<ExprPtr> outputs(node->keys);
  outputs.insert(outputs.end(), node->exprs.begin(), node->exprs.end());
  node->schema = schema_of(outputs);
  return node;
}

PlanPtr sort(PlanPtr input, const std::vector<ExprPtr>& keys, const std::vector<bool>& descending,
             const std::vector<bool>& nulls_last) {
  if (keys.empty()) throw InvalidInputError("sort needs at least one key");
  auto node = make_node(PlanKind::kSort, {input});
  for (size_t i = 0; i < keys.size(); ++i) {
    SortKey key;
    key.expr = bind_expr(keys[i], input->schema);
    require_flat(key.expr->type, "the sort key " + keys[i]->to_string());
    key.descending = descending.empty() ? false : descending.size() == 1 ? descending[0] : descending.at(i);
    key.nulls_last = nulls_last.empty() ? false : nulls_last.size() == 1 ? nulls_last[0] : nulls_last.at(i);
    node->sort_keys.push_back(key);
  }
  node->schema = input->schema;
  return node;
}

PlanPtr limit(PlanPtr input, int64_t offset, int64_t count) {
  if (offset < 0 || count < 0) throw InvalidInputError("limit and offset must not be negative");
  auto node = make_node(PlanKind::kLimit, {input});
  node->offset = offset;
  node->limit = count;
  node->schema = input->schema;
  return node;
}

PlanPtr distinct(PlanPtr input, const std::vector<std::string>& subset, const std::string& keep,
                 bool maintain_order) {
  if (keep != "any" && keep != "first" && keep != "last" && keep != "none")
    throw InvalidInputError("keep must be one of 'any', 'first', 'last', 'none'; got '" + keep + "'");
  auto node = make_node(PlanKind::kDistinct, {input});
  node->subset = subset.empty() ? input->schema.names() : subset;
  for (const auto& name : node->subset)
    require_flat(input->schema.field(input->schema.index_of(name)).type, "the unique() column '" + name + "'");
  node->keep = keep;
  node->maintain_order = maintain_order;
  node->schema = input->schema;
  return node;
}

PlanPtr union_all(const std::vector<PlanPtr>& inputs) {
  if (inputs.empty()) throw InvalidInputError("union needs at least one input");
  for (const auto& input : inputs)
    if (!(input->schema == inputs[0]->schema))
      throw SchemaError("union inputs have different schemas:\n" + inputs[0]->schema.to_string() + "versus\n" +
                        input->schema.to_string());
  auto node = make_node(PlanKind::kUnion, inputs);
  node->schema = inputs[0]->schema;
  return node;
}

bool WorkingTable::read_split(int64_t, const io::ScanRequest&, io::ScanStatistics&, const std::function<void(Batch)>&) {
  throw InternalError("a recursive query's working table was read outside its rounds");
}

bool SharedResult::read_split(int64_t, const io::ScanRequest&, io::ScanStatistics&, const std::function<void(Batch)>&) {
  throw InternalError("a shared result was read before it was computed");
}

PlanPtr recursive_union(PlanPtr anchor, PlanPtr step, std::shared_ptr<WorkingTable> working, bool distinct) {
  const Schema& schema = anchor->schema;
  if (!(working->schema() == schema))
    throw InternalError("a recursive union's working table must have the anchor's schema");
  bool same_types = step->schema.num_fields() == schema.num_fields();
  for (int i = 0; same_types && i < schema.num_fields(); ++i)
    same_types = step->schema.field(i).type == schema.field(i).type;
  if (!same_types)
    throw SchemaError("the recursive part of a recursive query must give the columns of its first part, of the "
                      "same types:\n" + schema.to_string() + "versus\n" + step->schema.to_string());
  auto node = make_node(PlanKind::kRecursiveUnion, {std::move(anchor), std::move(step)});
  node->source = std::move(working);
  node->recursive_distinct = distinct;
  node->schema = schema;
  return node;
}

PlanPtr replace_source(const PlanPtr& plan, const io::TableSource* from, const std::shared_ptr<io::TableSource>& to) {
  if (plan->kind == PlanKind::kScan) {
    if (plan->source.get() != from) return plan;
    auto copy = std::make_shared<PlanNode>(*plan);
    copy->source = to;
    return copy;
  }
  std::vector<PlanPtr> inputs;
  for (const auto& input : plan->inputs) inputs.push_back(replace_source(input, from, to));
  if (inputs == plan->inputs) return plan;
  auto copy = std::make_shared<PlanNode>(*plan);
  copy->inputs = std::move(inputs);
  return copy;
}

PlanPtr join(PlanPtr left, PlanPtr right, const std::vector<ExprPtr>& left_keys,
             const std::vector<ExprPtr>& right_keys, const std::string& how, const std::string& suffix,
             bool nulls_equal, const ExprPtr& condition) {
  static const char* const kKinds[] = {"inner", "left", "right", "full", "semi", "anti", "cross"};
  if (std::find_if(std::begin(kKinds), std::end(kKinds), [&](const char* kind) { return how == kind; }) == std::end(kKinds))
    throw InvalidInputError("unknown join type '" + how + "'",
                            ErrorContext{.hint = "use inner, left, right, full, semi, anti or cross"});
  if (how == "cross" ? !left_keys.empty() || !right_keys.empty() : left_keys.empty())
    throw InvalidInputError(how == "cross" ? "a cross join takes no keys" : "a " + how + " join needs join keys");
  if (left_keys.size() != right_keys.size())
    throw InvalidInputError("the join has " + std::to_string(left_keys.size()) + " left keys but " +
                            std::to_string(right_keys.size()) + " right keys");
  auto node = make_node(PlanKind::kJoin, {left, right});
  node->how = how;
  node->suffix = suffix;
  node->nulls_equal = nulls_equal;
  if (condition) {
    if (how == "cross") throw InvalidInputError("a cross join takes no condition; filter its output instead");
    node->join_condition = bind_expr(condition, join_condition_schema(left->schema, right->schema, suffix));
    if (node->join_condition->type.id != TypeId::kBool)
      throw SchemaError("the join condition " + condition->to_string() + " is " + node->join_condition->type.name() +
                        ", not a boolean");
    if (contains_aggregate(*node->join_condition) || contains_window(*node->join_condition))
      throw InvalidInputError("a join condition cannot aggregate or use a window: " + condition->to_string());
  }
  for (size_t i = 0; i < left_keys.size(); ++i) {
    ExprPtr left_key = bind_expr(left_keys[i], left->schema);
    ExprPtr right_key = bind_expr(right_keys[i], right->schema);
    require_flat(left_key->type, "the join key " + left_key->to_string());
    require_flat(right_key->type, "the join key " + right_key->to_string());
    if (!(left_key->type == right_key->type)) {
      const bool both_integer = left_key->type.is_integer() && right_key->type.is_integer();
      if (!both_integer)
        throw SchemaError("join keys " + left_key->to_string() + " (" + left_key->type.name() + ") and " +
                              right_key->to_string() + " (" + right_key->type.name() + ") have different types",
                          ErrorContext{.hint = "cast one key with .cast(...) so that both have the same type"});
      const DataType common = common_type(left_key->type, right_key->type, "join keys");
      left_key = bind_expr(cast(left_key, common), left->schema);
      right_key = bind_expr(cast(right_key, common), right->schema);
    }
    node->left_keys.push_back(left_key);
    node->right_keys.push_back(right_key);
  }
  // Right key columns named like their left key fold into it (not for full joins).
  std::vector<std::string> folded;
  for (size_t i = 0; i < left_keys.size(); ++i)
    if (node->left_keys[i]->output_name() == node->right_keys[i]->output_name() &&
        right_keys[i]->kind == ExprKind::kColumn && how != "full")
      folded.push_back(right_keys[i]->name);
  std::vector<Field> fields;
  auto add = [&](int side, int column, std::string name) {
    while (std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.name == name; })) name += suffix;
    fields.push_back({name, (side == 0 ? left : right)->schema.field(column).type});
    node->join_sides.push_back(side);
    node->join_columns.push_back(column);
  };
  const bool left_only = how == "semi" || how == "anti";
  for (int i = 0; i < left->schema.num_fields(); ++i) {
    const std::string& name = left->schema.field(i).name;
    const bool is_folded_key = std::find(folded.begin(), folded.end(), name) != folded.end();
    if (how == "right" && is_folded_key) continue;  // the right side's key stands in
    add(0, i, name);
  }
  if (!left_only) {
    for (int i = 0; i < right->schema.num_fields(); ++i) {
      const std::string& name = right->schema.field(i).name;
      const bool is_folded_key = std::find(folded.begin(), folded.end(), name) != folded.end();
      if (is_folded_key && how != "right") continue;
      add(1, i, name);
    }
  }
  node->schema = Schema(std::move(fields));
  return node;
}

Schema join_condition_schema(const Schema& left, const Schema& right, const std::string& suffix) {
  std::vector<Field> fields = left.fields();
  for (const Field& field : right.fields()) {
    std::string name = field.name;
    while (std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.name == name; })) name += suffix;
    fields.push_back({name, field.type});
  }
  return Schema(std::move(fields));
}

PlanPtr group_by(PlanPtr input, const std::vector<ExprPtr>& keys, const std::vector<ExprPtr>& aggregates) {
  bool all_plain = true;
  for (const auto& expr : aggregates) all_plain &= is_plain_aggregate(*expr);
  if (all_plain) return aggregate(input, keys, aggregates);
  // Aggregates inside expressions: aggregate first, then compute on top.
  std::vector<ExprPtr> extracted, outputs;
  for (const auto& expr : aggregates) {
    if (!contains_aggregate(*expr))
      throw InvalidInputError("in group_by().agg(), " + expr->to_string() + " is not an aggregate",
                              ErrorContext{.hint = "aggregate it, e.g. .first(), .sum() or .mean()"});
    outputs.push_back(alias(extract_aggregates(expr, extracted), expr->output_name()));
  }
  PlanPtr aggregated = aggregate(input, keys, extracted);
  std::vector<ExprPtr> projection;
  for (int i = 0; i < static_cast<int>(keys.size()); ++i) projection.push_back(column(aggregated->schema.field(i).name));
  projection.insert(projection.end(), outputs.begin(), outputs.end());
  return project(aggregated, projection);
}

PlanPtr select(PlanPtr input, const std::vector<ExprPtr>& exprs) {
  const bool any_aggregate =
      std::any_of(exprs.begin(), exprs.end(), [](const ExprPtr& expr) { return contains_aggregate(*expr); });
  if (any_aggregate) return group_by(input, {}, exprs);
  return project(input, exprs);
}

PlanPtr with_columns(PlanPtr input, const std::vector<ExprPtr>& exprs) {
  std::vector<ExprPtr> outputs;
  std::vector<bool> used(exprs.size(), false);
  for (const auto& name : input->schema.names()) {
    ExprPtr replacement = column(name);
    for (size_t i = 0; i < exprs.size(); ++i)
      if (exprs[i]->output_name() == name) {
        replacement = exprs[i];
        used[i] = true;
      }
    outputs.push_back(replacement);
  }
  for (size_t i = 0; i < exprs.size(); ++i)
    if (!used[i]) outputs.push_back(exprs[i]);
  return project(input, outputs);
}

PlanPtr filter_rows(PlanPtr input, const ExprPtr& predicate) {
  if (!contains_window(*predicate)) return filter(input, predicate);
  // Windows need every row: compute the predicate as a column first.
  const std::string flag = "__filter";
  std::vector<ExprPtr> with_flag;
  for (const auto& name : input->schema.names()) with_flag.push_back(column(name));
  with_flag.push_back(alias(predicate, flag));
  PlanPtr flagged = filter(project(input, with_flag), column(flag));
  std::vector<ExprPtr> original;
  for (const auto& name : input->schema.names()) original.push_back(column(name));
  return project(flagged, original);
}

std::string PlanNode::to_string(int indent) const {
  std::string text(indent * 2, ' ');
  switch (kind) {
    case PlanKind::kScan: {
      std::vector<std::string> names;
      for (int column_index : scan_columns) names.push_back(source->schema().field(column_index).name);
      text += "SCAN " + source->describe();
      if (static_cast<int>(scan_columns.size()) != source->schema().num_fields())
        text += "\n" + std::string(indent * 2 + 2, ' ') + "columns: [" + join_names(names) + "]";
      if (!scan_filters.empty())
        text += "\n" + std::string(indent * 2 + 2, ' ') + "filters: [" + join_exprs(scan_filters) + "]";
      if (scan_limit >= 0) text += "\n" + std::string(indent * 2 + 2, ' ') + "limit: " + std::to_string(scan_limit);
      if (const auto* shared = dynamic_cast<const SharedResult*>(source.get()))
        text += "\n" + shared->plan()->to_string(indent + 2);
      break;
    }
    case PlanKind::kProject: text += "SELECT [" + join_exprs(exprs) + "]"; break;
    case PlanKind::kFilter: text += "FILTER " + predicate->to_string(); break;
    case PlanKind::kAggregate:
      text += "AGGREGATE keys=[" + join_exprs(keys) + "] aggs=[" + join_exprs(exprs) + "]";
      break;
    case PlanKind::kSort: {
      text += "SORT [";
      for (size_t i = 0; i < sort_keys.size(); ++i)
        text += (i ? ", " : "") + sort_keys[i].expr->to_string() + (sort_keys[i].descending ? " DESC" : "") +
                (sort_keys[i].nulls_last ? " NULLS LAST" : "");
      text += "]";
      if (limit >= 0) text += " TOP " + std::to_string(offset + limit);
      break;
    }
    case PlanKind::kLimit:
      text += "LIMIT " + std::to_string(limit) + (offset ? " OFFSET " + std::to_string(offset) : "");
      break;
    case PlanKind::kDistinct:
      text += "DISTINCT [" + join_names(subset) + "] keep=" + keep + (maintain_order ? " maintain_order" : "");
      break;
    case PlanKind::kUnion: text += "UNION ALL"; break;
    case PlanKind::kRecursiveUnion:
      text += std::string("RECURSIVE UNION") + (recursive_distinct ? "" : " ALL") + " (first part, then rounds of the second)";
      break;
    case PlanKind::kJoin:
      text += "JOIN " + how;
      if (!left_keys.empty()) text += " left=[" + join_exprs(left_keys) + "] right=[" + join_exprs(right_keys) + "]";
      if (nulls_equal) text += " nulls_equal";
      if (join_condition) text += " condition=" + join_condition->to_string();
      break;
  }
  for (const auto& input : inputs) text += "\n" + input->to_string(indent + 1);
  return text;
}

}  // namespace lode::plan
