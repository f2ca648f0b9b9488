// Subqueries, decorrelated into joins (no subquery runs once per row):
//
// - a scalar subquery becomes a left join that adds its value as a column:
//   on a constant key when it uses no outer column (it must return at most
//   one row), else on the equalities of inner and outer columns in its
//   WHERE, its aggregates grouped by the inner side of them (count() of no
//   rows gives 0, not NULL);
// - [NOT] EXISTS and x [NOT] IN (SELECT ...), as conditions of WHERE (alone
//   or joined by AND), become semi and anti joins: on those equalities, with
//   the other conditions that use outer columns as the join's residual
//   condition. NOT IN keeps SQL's null rules: with a NULL among the
//   subquery's values, or for a NULL x, it is not true unless the subquery
//   is empty;
// - EXISTS and IN as values (select list, OR, CASE) and correlated NOT IN
//   become left joins that mark the rows with a match (subquery_test).
//
// Whether a subquery is correlated is found by binding it with the query
// around it as its outer scope: a column it does not have but the outer
// query does becomes a placeholder (__outer<level>_<n>), which the join
// replaces by the outer expression.

#include "lode/plan/function_catalog.h"
#include "lode/sql/binder_internal.h"

namespace lode::sql {

namespace {

using plan::ExprPtr;

ExprPtr true_key() { return plan::literal(Scalar::boolean_value(true)); }

ExprPtr conjunction(const std::vector<ExprPtr>& conjuncts) {
  return conjuncts.size() == 1 ? conjuncts[0] : plan::call("and", conjuncts);
}

// Makes `outer` the scope around the subquery bound while it lives.
class OuterScopeGuard {
 public:
  OuterScopeGuard(std::vector<OuterScope>& scopes, const Relation& outer) : scopes_(scopes) {
    scopes_.push_back({&outer, {}, {}});
  }
  ~OuterScopeGuard() { scopes_.pop_back(); }
  OuterScopeGuard(const OuterScopeGuard&) = delete;
  OuterScopeGuard& operator=(const OuterScopeGuard&) = delete;
  const OuterScope& scope() const { return scopes_.back(); }

 private:
  std::vector<OuterScope>& scopes_;
};

bool reads_placeholder(const plan::Expr& expr, const std::map<std::string, ExprPtr>& refs) {
  std::vector<std::string> names;
  plan::collect_columns(expr, names);
  for (const auto& name : names)
    if (refs.count(name)) return true;
  return false;
}

bool reads_only_placeholders(const plan::Expr& expr, const std::map<std::string, ExprPtr>& refs) {
  std::vector<std::string> names;
  plan::collect_columns(expr, names);
  if (names.empty()) return false;
  for (const auto& name : names)
    if (!refs.count(name)) return false;
  return true;
}

bool reads_only_inner_columns(const plan::Expr& expr, const std::map<std::string, ExprPtr>& refs) {
  std::vector<std::string> names;
  plan::collect_columns(expr, names);
  return !names.empty() && !reads_placeholder(expr, refs);
}

// Returns true if the plan gives at most one row: an aggregate without keys
// under projections, filters, sorts and limits.
bool returns_at_most_one_row(const plan::PlanNode& node) {
  switch (node.kind) {
    case plan::PlanKind::kAggregate: return node.keys.empty();
    case plan::PlanKind::kLimit: return node.limit <= 1 || returns_at_most_one_row(*node.inputs[0]);
    case plan::PlanKind::kProject:
    case plan::PlanKind::kFilter:
    case plan::PlanKind::kSort:
    case plan::PlanKind::kDistinct: return returns_at_most_one_row(*node.inputs[0]);
    case plan::PlanKind::kScan: {
      const auto rows = node.source->estimated_rows();
      return node.scan_filters.empty() && rows && *rows <= 1;
    }
    default: return false;
  }
}

// Replaces each aggregate of `expr` by a column `<prefix>_agg<i>`, collecting
// the aliased aggregates; a count becomes coalesce(column, 0), since the
// left join gives NULL where the subquery saw no rows.
ExprPtr take_aggregates(const ExprPtr& expr, const std::string& prefix, std::vector<ExprPtr>& aggregates) {
  if (expr->kind == plan::ExprKind::kAggregate) {
    const std::string name = prefix + "_agg" + std::to_string(aggregates.size());
    aggregates.push_back(plan::alias(expr, name));
    const bool counts = expr->name == "count" || expr->name == "len" || expr->name == "n_unique";
    return counts ? plan::call("coalesce", {plan::column(name), plan::literal(Scalar::int64(0))}) : plan::column(name);
  }
  if (expr->args.empty()) return expr;
  auto copy = std::make_shared<plan::Expr>(*expr);
  for (auto& arg : copy->args) arg = take_aggregates(arg, prefix, aggregates);
  return copy;
}

}  // namespace

Schema Binder::checking_schema(const Relation& scope) const {
  std::vector<Field> fields = scope.plan->schema.fields();
  if (pending_joins_)
    for (const auto& join : *pending_joins_) fields.insert(fields.end(), join.values.begin(), join.values.end());
  for (const auto& call : grouping_calls_) fields.push_back({call.first, DataType(TypeId::kInt64)});
  if (!outer_scopes_.empty()) fields.insert(fields.end(), outer_scopes_.back().fields.begin(), outer_scopes_.back().fields.end());
  return Schema(std::move(fields));
}

bool Binder::bind_uncorrelated(const ast::Query& query, const Relation& outer, BoundQuery& bound) {
  const size_t ctes = ctes_.size();
  OuterScopeGuard guard(outer_scopes_, outer);
  try {
    bound = bind(query);
  } catch (const Error&) {
    ctes_.resize(ctes);
    if (guard.scope().refs.empty()) throw;
  }
  return guard.scope().refs.empty();
}

CorrelatedQuery Binder::bind_correlated(const ast::Query& query, const Relation& outer, Position position,
                                        bool want_items, bool ordered_limit) {
  if (query.set_op != ast::SetOp::kNone || !query.ctes.empty())
    fail_not_supported(position, "a correlated subquery with WITH, UNION, INTERSECT or EXCEPT");
  const ast::SelectCore& core = *query.core;
  if (core.has_group_by || core.group_by_all || core.having || (!ordered_limit && (query.limit || query.offset)) ||
      !core.from)
    fail_not_supported(position, "a correlated subquery with GROUP BY, HAVING, LIMIT or OFFSET, or without FROM");
  OuterScopeGuard guard(outer_scopes_, outer);
  CorrelatedQuery result;
  result.from = bind_table(*core.from);
  std::vector<SubqueryJoin> joins;
  PendingJoinsGuard pending(pending_joins_, &joins);
  std::vector<ExprPtr> filters;
  if (core.where) {
    std::vector<const ast::Expr*> conjuncts;
    split_conjuncts(*core.where, conjuncts);
    for (const ast::Expr* conjunct : conjuncts) {
      if (is_subquery_condition(*conjunct))
        fail_not_supported(conjunct->position, "EXISTS or IN (subquery) inside a correlated subquery");
      const ExprPtr condition = as_condition(translate(*conjunct, result.from));
      if (plan::contains_aggregate(*condition))
        fail_invalid(conjunct->position, "WHERE cannot use aggregate functions", "filter groups with HAVING");
      const auto& refs = guard.scope().refs;
      if (!reads_placeholder(*condition, refs)) {
        filters.push_back(condition);
        continue;
      }
      // inner = outer: a join key; anything else using outer columns: the residual.
      if (plan::is_call_of(*condition, plan::ScalarFunctionId::kEqual)) {
        const ExprPtr& a = condition->args[0];
        const ExprPtr& b = condition->args[1];
        if (reads_only_inner_columns(*a, refs) && reads_only_placeholders(*b, refs)) {
          result.inner_keys.push_back(a);
          result.outer_keys.push_back(replace_columns(b, refs));
          continue;
        }
        if (reads_only_inner_columns(*b, refs) && reads_only_placeholders(*a, refs)) {
          result.inner_keys.push_back(b);
          result.outer_keys.push_back(replace_columns(a, refs));
          continue;
        }
      }
      result.residual.push_back(condition);
    }
  }
  if (!joins.empty()) fail_not_supported(position, "a subquery inside a correlated subquery's WHERE");
  if (!filters.empty())
    result.from.plan = at(core.where->position, [&] { return plan::filter(result.from.plan, conjunction(filters)); });
  if (want_items) {
    for (const auto& item : core.items) {
      if (item.expr->kind == ast::ExprKind::kStar) continue;
      const ExprPtr value = translate(*item.expr, result.from);
      if (reads_placeholder(*value, guard.scope().refs))
        fail_not_supported(item.position, "a correlated subquery whose select list uses outer columns");
      if (!joins.empty()) fail_not_supported(item.position, "a subquery inside a correlated subquery's select list");
      result.items.push_back(value);
    }
  }
  if (ordered_limit)
    for (const auto& item : query.order_by) {
      const ExprPtr key = translate(*item.expr, result.from);
      if (reads_placeholder(*key, guard.scope().refs))
        fail_not_supported(item.expr->position, "an ORDER BY of outer columns in a correlated subquery");
      result.order_by.push_back({key, item.descending, item.nulls_last.value_or(true)});
    }
  result.outer_refs = guard.scope().refs;
  return result;
}

ExprPtr Binder::scalar_subquery(const ast::Expr& expr, const Relation& scope) {
  const Position position = expr.position;
  if (!pending_joins_ || !scope.plan)
    fail_not_supported(position, "a subquery here (they may stand in WHERE, the select list, HAVING and ORDER BY)");
  const std::string prefix = "__sq" + std::to_string(subqueries_++);
  SubqueryJoin join;
  join.how = "left";
  BoundQuery bound;
  if (bind_uncorrelated(*expr.subquery, scope, bound)) {
    const Schema& schema = bound.plan->schema;
    if (schema.num_fields() != 1)
      fail_invalid(position, "a scalar subquery returns one column; this one returns " +
                                 std::to_string(schema.num_fields()));
    if (!returns_at_most_one_row(*bound.plan))
      fail_not_supported(position, "a scalar subquery that may return more than one row (aggregate it, e.g. max(...), "
                                   "or add LIMIT 1)");
    join.right = plan::project(bound.plan, {plan::alias(true_key(), prefix + "_key"),
                                            plan::alias(plan::column(schema.field(0).name), prefix)});
    join.left_keys = {true_key()};
    join.right_keys = {plan::column(prefix + "_key")};
    join.values = {{prefix, schema.field(0).type}};
    pending_joins_->push_back(std::move(join));
    subquery_columns_.insert(prefix);
    return plan::column(prefix);
  }
  CorrelatedQuery parts = bind_correlated(*expr.subquery, scope, position, true);
  if (parts.items.size() != 1)
    fail_invalid(position, "a scalar subquery returns one column; this one returns " + std::to_string(parts.items.size()));
  if (!parts.residual.empty() || parts.outer_keys.empty())
    fail_not_supported(position, "a correlated scalar subquery with conditions on outer columns other than "
                                 "equalities (inner = outer)");
  std::vector<ExprPtr> keys, aggregates;
  for (size_t i = 0; i < parts.inner_keys.size(); ++i) {
    const std::string name = prefix + "_key" + std::to_string(i);
    keys.push_back(plan::alias(parts.inner_keys[i], name));
    join.right_keys.push_back(plan::column(name));
  }
  ExprPtr value;
  if (plan::contains_aggregate(*parts.items[0])) {
    value = take_aggregates(parts.items[0], prefix, aggregates);
  } else {
    // A lookup (SELECT c.name FROM c WHERE c.id = o.cid): the row of each
    // key, which must be the only one, as DuckDB requires.
    aggregates = {plan::alias(plan::aggregate("first", {parts.items[0]}), prefix + "_value"),
                  plan::alias(plan::aggregate("len", {}), prefix + "_rows")};
    const ExprPtr at_most_one = plan::call(
        "less_equal", {plan::call("coalesce", {plan::column(prefix + "_rows"), plan::literal(Scalar::int64(0))}),
                       plan::literal(Scalar::int64(1))});
    const std::string message = "a scalar subquery returned more than one row for a row of the outer query (line " +
                                std::to_string(position.line) + ", column " + std::to_string(position.column) +
                                "); aggregate it, e.g. max(...), or add conditions";
    value = plan::call("case_when", {plan::call("assert_true", {at_most_one, plan::literal(Scalar::string(message))}),
                                     plan::column(prefix + "_value"), plan::literal(Scalar::null(TypeId::kString))});
  }
  join.right = at(position, [&] { return plan::aggregate(parts.from.plan, keys, aggregates); });
  join.left_keys = parts.outer_keys;
  for (size_t i = 0; i < join.left_keys.size(); ++i)
    at(position, [&] { unify_key_types(join.left_keys[i], join.right_keys[i], scope.plan->schema, join.right->schema); });
  for (size_t i = keys.size(); i < static_cast<size_t>(join.right->schema.num_fields()); ++i) {
    join.values.push_back(join.right->schema.field(static_cast<int>(i)));
    subquery_columns_.insert(join.values.back().name);
  }
  join.correlated = true;
  pending_joins_->push_back(std::move(join));
  return value;
}

ExprPtr Binder::subquery_test(const ast::Expr& expr, const Relation& scope) {
  const Position position = expr.position;
  if (!pending_joins_ || !scope.plan)
    fail_not_supported(position, "a subquery here (they may stand in WHERE, the select list, HAVING and ORDER BY)");
  const bool in = expr.op == "IN";
  const std::string prefix = "__sq" + std::to_string(subqueries_++);
  const ExprPtr value = in ? translate_node(*expr.args[0], scope) : nullptr;
  // The subquery's rows: the inner sides of the correlation (keys), and for
  // IN the value compared; its query after its own WHERE.
  std::vector<ExprPtr> inner_keys, outer_keys;
  plan::PlanPtr rows;
  ExprPtr compared;
  BoundQuery bound;
  if (bind_uncorrelated(*expr.subquery, scope, bound)) {
    rows = bound.plan;
    if (in) {
      if (rows->schema.num_fields() != 1)
        fail_invalid(position, "the subquery of IN returns " + std::to_string(rows->schema.num_fields()) +
                                   " columns; it must return one");
      compared = plan::column(rows->schema.field(0).name);
    }
  } else {
    CorrelatedQuery parts = bind_correlated(*expr.subquery, scope, position, in);
    if (!parts.residual.empty() || parts.outer_keys.empty())
      fail_not_supported(position, std::string(in ? "IN (subquery)" : "EXISTS") +
                                       " as a value (not a WHERE condition) with conditions on outer columns other "
                                       "than equalities (inner = outer)");
    if (in && parts.items.size() != 1)
      fail_invalid(position, "the subquery of IN returns " + std::to_string(parts.items.size()) + " columns; it must return one");
    rows = parts.from.plan;
    inner_keys = parts.inner_keys;
    outer_keys = parts.outer_keys;
    if (in) compared = parts.items[0];
  }
  // The mark: a left join with the distinct keys (and compared values) of
  // the subquery's rows, each carrying true.
  const std::string mark = prefix + "_mark";
  std::vector<ExprPtr> right_outputs, right_keys;
  auto add_key = [&](const ExprPtr& inner, const std::string& name) {
    right_outputs.push_back(plan::alias(inner, name));
    right_keys.push_back(plan::column(name));
  };
  for (size_t i = 0; i < inner_keys.size(); ++i) add_key(inner_keys[i], prefix + "_key" + std::to_string(i));
  std::vector<ExprPtr> left_keys = outer_keys;
  if (in) {
    add_key(compared, prefix + "_value");
    left_keys.push_back(value);
  }
  if (left_keys.empty()) {  // EXISTS of an uncorrelated query: is it empty?
    rows = plan::limit(rows, 0, 1);
    add_key(true_key(), prefix + "_key");
    left_keys.push_back(true_key());
  }
  SubqueryJoin marks;
  marks.how = "left";
  marks.right = at(position, [&] {
    const plan::PlanPtr keys = plan::distinct(plan::project(rows, right_outputs), {}, "any", false);
    std::vector<ExprPtr> outputs;
    for (const auto& key : right_keys) outputs.push_back(key);
    outputs.push_back(plan::alias(true_key(), mark));
    return plan::project(keys, outputs);
  });
  marks.left_keys = left_keys;
  marks.right_keys = right_keys;
  for (size_t i = 0; i < marks.left_keys.size(); ++i)
    at(position, [&] { unify_key_types(marks.left_keys[i], marks.right_keys[i], checking_schema(scope), marks.right->schema); });
  marks.values = {{mark, DataType(TypeId::kBool)}};
  marks.correlated = !outer_keys.empty();
  pending_joins_->push_back(std::move(marks));
  subquery_columns_.insert(mark);
  const ExprPtr found = plan::call("is_not_null", {plan::column(mark)});
  if (!in) return found;
  // x IN (...) without a match is false if the subquery has no rows, else
  // NULL when x is NULL or the subquery has a NULL value, else false: per
  // group of correlation keys, the rows and the non-null values are counted.
  SubqueryJoin counts;
  counts.how = "left";
  std::vector<ExprPtr> count_keys;
  for (size_t i = 0; i < inner_keys.size(); ++i) {
    const std::string name = prefix + "_group" + std::to_string(i);
    count_keys.push_back(plan::alias(inner_keys[i], name));
    counts.right_keys.push_back(plan::column(name));
  }
  counts.left_keys = outer_keys;
  const std::string rows_name = prefix + "_rows", values_name = prefix + "_values";
  counts.right = at(position, [&] {
    return plan::aggregate(rows, count_keys, {plan::alias(plan::aggregate("len", {}), rows_name),
                                              plan::alias(plan::aggregate("count", {compared}), values_name)});
  });
  if (count_keys.empty()) {  // one row of counts, joined on a constant
    counts.right = plan::project(counts.right, {plan::alias(true_key(), prefix + "_group"), plan::column(rows_name),
                                                plan::column(values_name)});
    counts.left_keys = {true_key()};
    counts.right_keys = {plan::column(prefix + "_group")};
  }
  for (size_t i = 0; i < counts.left_keys.size(); ++i)
    at(position, [&] { unify_key_types(counts.left_keys[i], counts.right_keys[i], checking_schema(scope), counts.right->schema); });
  counts.values = {{rows_name, DataType(TypeId::kInt64)}, {values_name, DataType(TypeId::kInt64)}};
  counts.correlated = !outer_keys.empty();
  pending_joins_->push_back(std::move(counts));
  subquery_columns_.insert(rows_name);
  subquery_columns_.insert(values_name);
  const ExprPtr no_rows = plan::call("equal", {plan::call("coalesce", {plan::column(rows_name), plan::literal(Scalar::int64(0))}),
                                               plan::literal(Scalar::int64(0))});
  const ExprPtr has_null = plan::call("or", {plan::call("is_null", {value}),
                                             plan::call("less", {plan::column(values_name), plan::column(rows_name)})});
  const ExprPtr unknown = plan::literal(Scalar::null(TypeId::kBool));
  const ExprPtr result = plan::call("case_when", {found, true_key(), no_rows, plan::literal(Scalar::boolean_value(false)),
                                                  has_null, unknown, plan::literal(Scalar::boolean_value(false))});
  return expr.negated ? plan::call("not", {result}) : result;
}

bool Binder::is_subquery_condition(const ast::Expr& conjunct) {
  if (conjunct.kind == ast::ExprKind::kUnary && conjunct.op == "NOT") return is_subquery_condition(*conjunct.args[0]);
  return conjunct.kind == ast::ExprKind::kSubquery && (conjunct.op == "EXISTS" || conjunct.op == "IN");
}

plan::PlanPtr Binder::join_subquery_condition(const ast::Expr& conjunct, plan::PlanPtr plan, const Relation& scope) {
  bool negated = false;
  const ast::Expr* expr = &conjunct;
  while (expr->kind == ast::ExprKind::kUnary) {
    negated = !negated;
    expr = expr->args[0].get();
  }
  const bool in = expr->op == "IN";
  negated ^= in && expr->negated;
  const Position position = expr->position;
  const std::string prefix = "__sq" + std::to_string(subqueries_++);
  const ExprPtr value = in ? translate(*expr->args[0], scope) : nullptr;
  SubqueryJoin join;
  join.how = negated ? "anti" : "semi";
  BoundQuery bound;
  if (bind_uncorrelated(*expr->subquery, scope, bound)) {
    if (!in) {
      // EXISTS of a query that uses no outer column: is it empty?
      join.right = plan::project(plan::limit(bound.plan, 0, 1), {plan::alias(true_key(), prefix + "_key")});
      join.left_keys = {true_key()};
      join.right_keys = {plan::column(prefix + "_key")};
      return apply_subquery_join(plan, join);
    }
    const Schema& schema = bound.plan->schema;
    if (schema.num_fields() != 1)
      fail_invalid(position, "the subquery of IN returns " + std::to_string(schema.num_fields()) +
                                 " columns; it must return one");
    join.right = bound.plan;
    join.left_keys = {value};
    join.right_keys = {plan::column(schema.field(0).name)};
    at(position, [&] { unify_key_types(join.left_keys[0], join.right_keys[0], plan->schema, schema); });
    plan = at(position, [&] { return apply_subquery_join(plan, join); });
    if (!negated) return plan;
    // NOT IN is true when the subquery is empty, or when x is not null,
    // is none of its values and none of them is null.
    SubqueryJoin counts;
    counts.how = "left";
    const plan::PlanPtr counted = plan::aggregate(bound.plan, {}, {plan::alias(plan::aggregate("len", {}), prefix + "_rows"),
                                                            plan::alias(plan::aggregate("count", {join.right_keys[0]}), prefix + "_values")});
    counts.right = plan::project(counted, {plan::alias(true_key(), prefix + "_key"), plan::column(prefix + "_rows"),
                                           plan::column(prefix + "_values")});
    counts.left_keys = {true_key()};
    counts.right_keys = {plan::column(prefix + "_key")};
    const ExprPtr rows = plan::column(prefix + "_rows");
    counts.filter_after = plan::call(
        "or", {plan::call("equal", {rows, plan::literal(Scalar::int64(0))}),
               plan::call("and", {plan::call("is_not_null", {value}), plan::call("equal", {rows, plan::column(prefix + "_values")})})});
    return at(position, [&] { return apply_subquery_join(plan, counts); });
  }
  if (in && negated) {
    // Correlated NOT IN: its value (with SQL's null rules) from the mark and
    // count joins of subquery_test(), then a filter on it.
    std::vector<SubqueryJoin> joins;
    ExprPtr test;
    {
      PendingJoinsGuard pending(pending_joins_, &joins);
      test = subquery_test(*expr, scope);
    }
    if (!expr->negated) test = plan::call("not", {test});
    for (const auto& added : joins) plan = at(position, [&] { return apply_subquery_join(plan, added); });
    return at(position, [&] { return plan::filter(plan, test); });
  }
  CorrelatedQuery parts = bind_correlated(*expr->subquery, scope, position, in);
  if (in && parts.items.size() != 1)
    fail_invalid(position, "the subquery of IN returns " + std::to_string(parts.items.size()) + " columns; it must return one");
  join.right = parts.from.plan;
  join.left_keys = parts.outer_keys;
  join.right_keys = parts.inner_keys;
  if (in) {
    join.left_keys.push_back(value);
    join.right_keys.push_back(parts.items[0]);
  }
  for (size_t i = 0; i < join.left_keys.size(); ++i)
    at(position, [&] { unify_key_types(join.left_keys[i], join.right_keys[i], plan->schema, join.right->schema); });
  if (join.left_keys.empty()) {  // correlated by other conditions only: every pair is a candidate
    join.left_keys = {true_key()};
    join.right_keys = {true_key()};
  }
  if (!parts.residual.empty()) join.residual = conjunction(parts.residual);
  join.outer_refs = parts.outer_refs;
  join.correlated = true;
  return at(position, [&] { return apply_subquery_join(plan, join); });
}

Relation Binder::bind_lateral(const ast::TableRef& join, const Relation& left) {
  const ast::TableRef& table = *join.right;
  const Position position = table.position;
  if (join.join != ast::JoinKind::kInner && join.join != ast::JoinKind::kCross && join.join != ast::JoinKind::kLeft)
    fail_not_supported(join.position, "LATERAL in a join other than inner, cross or left");
  const bool on_true = !join.on || (join.on->kind == ast::ExprKind::kBoolean && join.on->text == "true");
  if (!on_true || !join.using_columns.empty())
    fail_not_supported(join.position, "a LATERAL join with an ON condition other than true (put it in the subquery's WHERE)");
  const ast::Query& query = *table.subquery;
  if (query.set_op == ast::SetOp::kNone && query.core)
    for (const auto& item : query.core->items)
      if (item.expr->kind == ast::ExprKind::kStar) fail_not_supported(item.position, "* in a LATERAL subquery (name its columns)");
  auto name_of = [&](size_t i) {
    const ast::SelectItem& item = query.core->items[i];
    return i < table.column_aliases.size() ? table.column_aliases[i]
                                           : item.alias.empty() ? output_name(*item.expr) : item.alias;
  };
  const ast::SelectCore* core = query.set_op == ast::SetOp::kNone ? query.core.get() : nullptr;
  if (core && !core->from && !core->where && !core->has_group_by && !core->having && !query.limit && !query.offset &&
      query.ctes.empty()) {
    // LATERAL (SELECT expressions of the columns before it): more columns of each row.
    Relation extended = left;
    for (size_t i = 0; i < core->items.size(); ++i) {
      const ExprPtr value = translate(*core->items[i].expr, left);
      if (plan::contains_aggregate(*value) || plan::contains_window(*value))
        fail_not_supported(core->items[i].position, "aggregates or windows in a LATERAL subquery without FROM");
      extended.columns.push_back({table.alias, name_of(i), value, true, true});
    }
    return extended;
  }
  CorrelatedQuery parts = bind_correlated(query, left, position, true, true);
  const std::string prefix = "__lateral" + std::to_string(subqueries_++);
  const bool aggregates = std::any_of(parts.items.begin(), parts.items.end(),
                                      [](const ExprPtr& item) { return plan::contains_aggregate(*item); });
  if ((query.limit || query.offset) && aggregates)
    fail_not_supported(position, "LIMIT or OFFSET on an aggregating LATERAL subquery");
  if (query.limit || query.offset) {
    // LIMIT per outer row (the top rows of each key): number each key's rows
    // in the subquery's order and keep those in [offset, offset + limit).
    const int64_t offset = query.offset ? constant_count(*query.offset, "OFFSET") : 0;
    const int64_t count = query.limit ? constant_count(*query.limit, "LIMIT") : INT64_MAX - offset;
    std::vector<ExprPtr> order, columns;
    std::vector<bool> descending, nulls_last;
    for (const auto& key : parts.order_by) {
      order.push_back(key.expr);
      descending.push_back(key.descending);
      nulls_last.push_back(key.nulls_last);
    }
    for (const auto& name : parts.from.plan->schema.names()) columns.push_back(plan::column(name));
    const std::string number = prefix + "_number";
    columns.push_back(plan::alias(plan::window(plan::aggregate("row_number", {}), parts.inner_keys, order, descending,
                                               nulls_last), number));
    const ExprPtr kept = plan::call("and", {plan::call("greater", {plan::column(number), plan::literal(Scalar::int64(offset))}),
                                            plan::call("less_equal", {plan::column(number), plan::literal(Scalar::int64(offset + count))})});
    parts.from.plan = at(position, [&] { return plan::filter_rows(plan::project(parts.from.plan, columns), kept); });
  }
  // The subquery's columns: its items, named as written (or by alias list).
  std::vector<std::string> names;
  for (size_t i = 0; i < parts.items.size(); ++i) names.push_back(name_of(i));
  SubqueryJoin lateral;
  std::vector<ExprPtr> keys;
  for (size_t i = 0; i < parts.inner_keys.size(); ++i) {
    keys.push_back(plan::alias(parts.inner_keys[i], prefix + "_key" + std::to_string(i)));
    lateral.right_keys.push_back(plan::column(prefix + "_key" + std::to_string(i)));
  }
  lateral.left_keys = parts.outer_keys;
  std::vector<ExprPtr> values;  // the columns the join adds, over its right side
  if (aggregates) {
    // An aggregate gives one row per outer row, also over no rows: grouped by
    // the inner keys and left joined (count() of none is 0).
    if (!parts.residual.empty())
      fail_not_supported(position, "an aggregating LATERAL subquery with conditions on outer columns other than equalities");
    std::vector<ExprPtr> aggregated;
    for (const auto& item : parts.items) values.push_back(take_aggregates(item, prefix, aggregated));
    lateral.right = at(position, [&] { return plan::aggregate(parts.from.plan, keys, aggregated); });
    lateral.how = "left";
  } else {
    // The subquery's rows with their keys and items (its other columns stay
    // for the conditions on outer columns, the join's residual).
    std::vector<ExprPtr> outputs = keys;
    for (const auto& name : parts.from.plan->schema.names()) outputs.push_back(plan::column(name));
    for (size_t i = 0; i < parts.items.size(); ++i) {
      outputs.push_back(plan::alias(parts.items[i], prefix + "_" + std::to_string(i)));
      values.push_back(plan::column(prefix + "_" + std::to_string(i)));
    }
    lateral.right = at(position, [&] { return plan::project(parts.from.plan, outputs); });
    lateral.how = join.join == ast::JoinKind::kLeft ? "left" : "inner";
    if (!parts.residual.empty()) lateral.residual = conjunction(parts.residual);
    lateral.outer_refs = parts.outer_refs;
  }
  for (size_t i = 0; i < lateral.left_keys.size(); ++i)
    at(position, [&] { unify_key_types(lateral.left_keys[i], lateral.right_keys[i], left.plan->schema, lateral.right->schema); });
  if (lateral.left_keys.empty()) {  // uncorrelated, or correlated by other conditions only: every pair
    lateral.left_keys = {true_key()};
    lateral.right_keys = {true_key()};
  }
  Relation joined;
  joined.plan = at(position, [&] { return apply_subquery_join(left.plan, lateral); });
  joined.columns = left.columns;
  for (size_t i = 0; i < values.size(); ++i)
    joined.columns.push_back({table.alias, names[i], values[i], true, true});
  return joined;
}

plan::PlanPtr Binder::apply_subquery_join(plan::PlanPtr plan, const SubqueryJoin& join) const {
  ExprPtr condition;
  if (join.residual) {
    // The right side's columns as the join's condition names them (a name
    // the left side has too gets a suffix), then the outer columns.
    const Schema& right = join.right->schema;
    const Schema names = plan::join_condition_schema(plan->schema, right, "_right");
    std::map<std::string, std::string> renames;
    for (int i = 0; i < right.num_fields(); ++i)
      renames[right.field(i).name] = names.field(plan->schema.num_fields() + i).name;
    condition = replace_columns(rename_columns(join.residual, renames), join.outer_refs);
  }
  plan = plan::join(plan, join.right, join.left_keys, join.right_keys, join.how, "_right", false, condition);
  if (join.filter_after) plan = plan::filter(plan, join.filter_after);
  return plan;
}

}  // namespace lode::sql
