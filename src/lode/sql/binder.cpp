#include "lode/sql/binder.h"

#include <algorithm>
#include <cctype>

#include "lode/plan/function_catalog.h"
#include "lode/plan/type_rules.h"
#include "lode/sql/binder_internal.h"
#include "lode/sql/parser.h"
#include "lode/sql/table_functions.h"

namespace lode::sql {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

plan::ExprPtr rename_columns(const plan::ExprPtr& expr, const std::map<std::string, std::string>& renames) {
  if (expr->kind == plan::ExprKind::kColumn) {
    const auto found = renames.find(expr->name);
    return found == renames.end() ? expr : plan::column(found->second);
  }
  if (expr->args.empty()) return expr;
  auto copy = std::make_shared<plan::Expr>(*expr);
  for (auto& arg : copy->args) arg = rename_columns(arg, renames);
  return copy;
}

plan::ExprPtr replace_columns(const plan::ExprPtr& expr, const std::map<std::string, plan::ExprPtr>& replacements) {
  if (expr->kind == plan::ExprKind::kColumn) {
    const auto found = replacements.find(expr->name);
    return found == replacements.end() ? expr : found->second;
  }
  if (expr->args.empty()) return expr;
  auto copy = std::make_shared<plan::Expr>(*expr);
  for (auto& arg : copy->args) arg = replace_columns(arg, replacements);
  return copy;
}

void split_conjuncts(const ast::Expr& expr, std::vector<const ast::Expr*>& conjuncts) {
  if (expr.kind == ast::ExprKind::kBinary && expr.op == "AND") {
    for (const auto& arg : expr.args) split_conjuncts(*arg, conjuncts);
  } else {
    conjuncts.push_back(&expr);
  }
}


// Key pairs of different numeric types compare in their common type.
void unify_key_types(plan::ExprPtr& left_key, plan::ExprPtr& right_key, const Schema& left, const Schema& right) {
  const DataType left_type = plan::bind_expr(left_key, left)->type;
  const DataType right_type = plan::bind_expr(right_key, right)->type;
  if (left_type == right_type || (left_type.is_integer() && right_type.is_integer())) return;
  const DataType common = plan::common_type(left_type, right_type, "join keys");
  if (!(left_type == common)) left_key = plan::cast(left_key, common);
  if (!(right_type == common)) right_key = plan::cast(right_key, common);
}

// Errors -------------------------------------------------------------------

ErrorContext Binder::context_at(Position position, const std::string& hint) const {
  ErrorContext context;
  context.line = position.line;
  context.text_column = position.column;
  context.hint = hint;
  context.excerpt = caret_excerpt(text_, position);
  return context;
}

void Binder::fail_schema(Position position, const std::string& message, const std::string& hint) const {
  throw SchemaError(message, context_at(position, hint));
}

void Binder::fail_invalid(Position position, const std::string& message, const std::string& hint) const {
  throw InvalidInputError(message, context_at(position, hint));
}

void Binder::fail_not_supported(Position position, const std::string& what) const {
  throw NotSupportedError("SQL " + what + " is not supported yet", context_at(position));
}

std::string Binder::fresh_name(const std::string& base, const std::vector<std::string>& taken) {
  if (std::find(taken.begin(), taken.end(), base) == taken.end()) return base;
  for (int suffix = 1;; ++suffix) {
    std::string name = base + "_" + std::to_string(suffix);
    if (std::find(taken.begin(), taken.end(), name) == taken.end()) return name;
  }
}

int64_t Binder::constant_count(const ast::Expr& expr, const char* clause) {
  if (expr.kind != ast::ExprKind::kInteger || expr.text[0] == '-')
    fail_invalid(expr.position, std::string(clause) + " takes a non-negative integer constant");
  try {
    return std::stoll(expr.text);
  } catch (const std::exception&) {
    fail_invalid(expr.position, std::string(clause) + " " + expr.text + " is too large");
  }
}

// Queries ------------------------------------------------------------------

namespace {

// Returns true if column `index` of `plan` is a projected NULL literal.
bool is_null_column(const plan::PlanNode& plan, int index) {
  if (plan.kind != plan::PlanKind::kProject) return false;
  const plan::Expr* expr = plan.exprs[index].get();
  while (expr->kind == plan::ExprKind::kAlias) expr = expr->args[0].get();
  return expr->kind == plan::ExprKind::kLiteral && expr->literal.is_null;
}

}  // namespace

namespace {

// How many times the tables of `query` (subqueries and CTEs included) name
// `name`: a CTE read more than once is computed once. A name shadowed by an
// inner CTE counts too (it is only computed once without need).
int count_references(const ast::Query& query, const std::string& name);

int count_in_expr(const ast::Expr* expr, const std::string& name) {
  if (!expr) return 0;
  int count = expr->subquery ? count_references(*expr->subquery, name) : 0;
  for (const auto& arg : expr->args) count += count_in_expr(arg.get(), name);
  return count;
}

int count_in_table(const ast::TableRef* table, const std::string& name) {
  if (!table) return 0;
  switch (table->kind) {
    case ast::TableRefKind::kTable: return equals_ignoring_case(table->name, name) ? 1 : 0;
    case ast::TableRefKind::kSubquery: return count_references(*table->subquery, name);
    case ast::TableRefKind::kJoin:
      return count_in_table(table->left.get(), name) + count_in_table(table->right.get(), name) +
             count_in_expr(table->on.get(), name);
    default: return 0;
  }
}

int count_references(const ast::Query& query, const std::string& name) {
  int count = 0;
  for (const auto& cte : query.ctes) count += count_references(*cte.query, name);
  if (query.left) count += count_references(*query.left, name);
  if (query.right) count += count_references(*query.right, name);
  if (const ast::SelectCore* core = query.core.get()) {
    count += count_in_table(core->from.get(), name);
    for (const auto& item : core->items) count += count_in_expr(item.expr.get(), name);
    count += count_in_expr(core->where.get(), name) + count_in_expr(core->having.get(), name) +
             count_in_expr(core->qualify.get(), name);
  }
  for (const auto& item : query.order_by) count += count_in_expr(item.expr.get(), name);
  return count;
}

}  // namespace

BoundQuery Binder::bind(const ast::Query& query) {
  if (!query.values.empty()) return bind_values(query);
  const size_t outer_ctes = ctes_.size();
  for (const auto& cte : query.ctes) {
    if (cte.recursive && (cte.query->set_op == ast::SetOp::kUnion || cte.query->set_op == ast::SetOp::kUnionAll)) {
      ctes_.emplace_back(cte.name, bind_recursive(cte));
      continue;
    }
    BoundQuery bound = bind(*cte.query);
    if (!cte.column_aliases.empty()) {
      Relation relation = relation_of(bound.plan, cte.name, cte.column_aliases, cte.position);
      std::vector<plan::ExprPtr> renamed;
      for (const auto& column : relation.columns) renamed.push_back(plan::alias(column.expr, column.name));
      bound.plan = plan::project(relation.plan, renamed);
    }
    // Read more than once: computed once (the scans share one result).
    if (count_references(query, cte.name) > 1)
      bound.plan = plan::scan(std::make_shared<plan::SharedResult>(bound.plan, cte.name));
    ctes_.emplace_back(cte.name, std::move(bound));
  }
  BoundQuery result = query.set_op == ast::SetOp::kNone ? bind_select(query) : bind_set_operation(query);
  ctes_.resize(outer_ctes);
  return result;
}

namespace {

const char* set_operation_name(ast::SetOp op) {
  switch (op) {
    case ast::SetOp::kIntersect: return "INTERSECT";
    case ast::SetOp::kIntersectAll: return "INTERSECT ALL";
    case ast::SetOp::kExcept: return "EXCEPT";
    case ast::SetOp::kExceptAll: return "EXCEPT ALL";
    default: return "UNION";
  }
}

}  // namespace

BoundQuery Binder::bind_set_operation(const ast::Query& query) {
  const BoundQuery left = bind(*query.left);
  const BoundQuery right = bind(*query.right);
  const Schema& left_schema = left.plan->schema;
  const Schema& right_schema = right.plan->schema;
  if (left_schema.num_fields() != right_schema.num_fields())
    fail_invalid(query.right->position, std::string("the queries of a ") + set_operation_name(query.set_op) + " have " + std::to_string(left_schema.num_fields()) +
                                            " and " + std::to_string(right_schema.num_fields()) + " columns",
                 "give each the same number of columns");
  // Both sides get the left's names and each column's common type.
  std::vector<plan::ExprPtr> left_outputs, right_outputs;
  for (int i = 0; i < left_schema.num_fields(); ++i) {
    const Field& l = left_schema.field(i);
    const Field& r = right_schema.field(i);
    // A column of NULLs (SELECT NULL) takes the other side's type.
    const DataType type = is_null_column(*left.plan, i)    ? r.type
                          : is_null_column(*right.plan, i) ? l.type
                                                           : at(query.right->position, [&] {
                                                               return l.type == r.type ? l.type
                                                                                       : plan::common_type(l.type, r.type, "UNION column " + std::to_string(i + 1));
                                                             });
    auto output = [&](const Field& field) {
      plan::ExprPtr expr = plan::column(field.name);
      if (!(field.type == type)) expr = plan::cast(expr, type);
      return plan::alias(expr, l.name);
    };
    left_outputs.push_back(output(l));
    right_outputs.push_back(output(r));
  }
  const plan::PlanPtr left_plan = plan::project(left.plan, left_outputs);
  const plan::PlanPtr right_plan = plan::project(right.plan, right_outputs);
  plan::PlanPtr plan;
  if (query.set_op == ast::SetOp::kIntersect || query.set_op == ast::SetOp::kExcept) {
    // The left's distinct rows that the right has (or has not): a semi (or
    // anti) join on every column, NULLs equal to NULLs as set operations take them.
    std::vector<plan::ExprPtr> keys;
    for (const auto& name : left_plan->schema.names()) keys.push_back(plan::column(name));
    const std::string how = query.set_op == ast::SetOp::kIntersect ? "semi" : "anti";
    plan = at(query.position, [&] {
      return plan::join(plan::distinct(left_plan, {}, "any", false), right_plan, keys, keys, how, "_right", true);
    });
  } else if (query.set_op == ast::SetOp::kIntersectAll || query.set_op == ast::SetOp::kExceptAll) {
    // With ALL, a row that the left has m times and the right n times comes
    // out min(m, n) (or max(m - n, 0)) times: number each side's copies of a
    // row 1, 2, ... and join on the rows and their numbers.
    const std::vector<std::string> names = left_plan->schema.names();
    const std::string occurrence = fresh_name("__occurrence", names);
    auto numbered = [&](const plan::PlanPtr& input) {
      std::vector<plan::ExprPtr> outputs, partition;
      for (const auto& name : names) {
        outputs.push_back(plan::column(name));
        partition.push_back(plan::column(name));
      }
      outputs.push_back(plan::alias(plan::window(plan::aggregate("row_number", {}), partition), occurrence));
      return plan::project(input, outputs);
    };
    std::vector<plan::ExprPtr> keys, outputs;
    for (const auto& name : names) {
      keys.push_back(plan::column(name));
      outputs.push_back(plan::column(name));
    }
    keys.push_back(plan::column(occurrence));
    const std::string how = query.set_op == ast::SetOp::kIntersectAll ? "semi" : "anti";
    plan = at(query.position, [&] {
      return plan::project(plan::join(numbered(left_plan), numbered(right_plan), keys, keys, how, "_right", true),
                           outputs);
    });
  } else {
    plan = plan::union_all({left_plan, right_plan});
    if (query.set_op == ast::SetOp::kUnion) plan = plan::distinct(plan, {}, "any", false);
  }
  // ORDER BY and LIMIT of a set operation name its output columns.
  if (!query.order_by.empty()) {
    std::vector<plan::ExprPtr> keys;
    std::vector<bool> descending, nulls_last;
    for (const auto& item : query.order_by) {
      const ast::Expr& expr = *item.expr;
      int index = -1;
      if (expr.kind == ast::ExprKind::kInteger) {
        const int64_t ordinal = constant_count(expr, "ORDER BY");
        if (ordinal < 1 || ordinal > plan->schema.num_fields())
          fail_invalid(expr.position, "ORDER BY " + expr.text + " is not a column of the UNION's " +
                                          std::to_string(plan->schema.num_fields()) + " columns");
        index = static_cast<int>(ordinal - 1);
      } else if (expr.kind == ast::ExprKind::kColumn && expr.parts.size() == 1) {
        for (int i = 0; i < plan->schema.num_fields() && index < 0; ++i)
          if (equals_ignoring_case(plan->schema.field(i).name, expr.parts[0])) index = i;
      }
      if (index < 0)
        fail_not_supported(expr.position, std::string("ORDER BY of a ") + set_operation_name(query.set_op) +
                                            " by anything but an output column's name or number");
      keys.push_back(plan::column(plan->schema.field(index).name));
      descending.push_back(item.descending);
      nulls_last.push_back(item.nulls_last.value_or(true));
    }
    plan = plan::sort(plan, keys, descending, nulls_last);
  }
  if (query.limit || query.offset) {
    const int64_t offset = query.offset ? constant_count(*query.offset, "OFFSET") : 0;
    const int64_t count = query.limit ? constant_count(*query.limit, "LIMIT") : (int64_t{1} << 62);
    plan = plan::limit(plan, offset, count);
  }
  return {plan};
}

// Tables -------------------------------------------------------------------

Relation Binder::relation_of(plan::PlanPtr plan, const std::string& qualifier,
                             const std::vector<std::string>& column_aliases, Position position) {
  const Schema& schema = plan->schema;
  if (column_aliases.size() > static_cast<size_t>(schema.num_fields()))
    fail_invalid(position, "the table " + qualifier + " has " + std::to_string(schema.num_fields()) + " columns but " +
                               std::to_string(column_aliases.size()) + " column aliases");
  Relation relation;
  relation.plan = std::move(plan);
  for (int i = 0; i < schema.num_fields(); ++i) {
    const std::string& name = schema.field(i).name;
    relation.columns.push_back({qualifier, i < static_cast<int>(column_aliases.size()) ? column_aliases[i] : name,
                                plan::column(name)});
  }
  return relation;
}

Relation Binder::bind_table(const ast::TableRef& table) {
  switch (table.kind) {
    case ast::TableRefKind::kJoin: return bind_join(table);
    case ast::TableRefKind::kSubquery: {
      BoundQuery bound = bind(*table.subquery);
      return relation_of(bound.plan, table.alias, table.column_aliases, table.position);
    }
    case ast::TableRefKind::kFile: {
      plan::PlanPtr plan = at(table.position, [&] { return scan_file(table.name); });
      return relation_of(plan, table.alias.empty() ? table.name : table.alias, table.column_aliases, table.position);
    }
    case ast::TableRefKind::kFunction: {
      if (!is_table_function(table.name))
        fail_schema(table.position, "unknown table function " + table.name + "()",
                    "the table functions are read_parquet() and read_csv()");
      std::vector<TableArgument> arguments;
      Relation no_columns;
      for (const auto& arg : table.args) {
        const plan::ExprPtr value = translate(*arg, no_columns);
        if (value->kind != plan::ExprKind::kLiteral)
          fail_invalid(arg->position, "the arguments of " + table.name + "() must be constants");
        arguments.push_back({arg->name, value->literal});
      }
      plan::PlanPtr plan = at(table.position, [&] { return call_table_function(table.name, arguments); });
      return relation_of(plan, table.alias.empty() ? table.name : table.alias, table.column_aliases, table.position);
    }
    case ast::TableRefKind::kTable: break;
  }
  const std::string& qualifier = table.alias.empty() ? table.name : table.alias;
  for (auto cte = ctes_.rbegin(); cte != ctes_.rend(); ++cte)
    if (equals_ignoring_case(cte->first, table.name))
      return relation_of(cte->second.plan, qualifier, table.column_aliases, table.position);
  plan::PlanPtr plan = at(table.position, [&] { return catalog_.find_table(table.name); });
  if (plan) return relation_of(plan, qualifier, table.column_aliases, table.position);
  std::vector<std::string> names = catalog_.table_names();
  for (const auto& cte : ctes_) names.push_back(cte.first);
  for (const auto& name : names)
    if (equals_ignoring_case(name, table.name))
      return relation_of(catalog_.find_table(name), qualifier, table.column_aliases, table.position);
  const std::string suggestion = closest_match(table.name, names.data(), names.size());
  fail_schema(table.position,
              "unknown table " + table.name + (suggestion.empty() ? "" : "; did you mean " + suggestion + "?"),
              "register it (lode.SQLContext.register), pass it as lode.sql(query, " + table.name +
                  "=frame), or quote a file path: FROM 'data.parquet'");
}

// Joins --------------------------------------------------------------------

namespace {

// The columns a plan expression reads: all on one side, both, or none.
enum class Sides { kNone, kLeft, kRight, kBoth };

Sides sides_of(const plan::Expr& expr, const Schema& left) {
  std::vector<std::string> names;
  plan::collect_columns(expr, names);
  bool reads_left = false, reads_right = false;
  for (const auto& name : names) (left.find(name) >= 0 ? reads_left : reads_right) = true;
  if (reads_left && reads_right) return Sides::kBoth;
  return reads_left ? Sides::kLeft : reads_right ? Sides::kRight : Sides::kNone;
}

void split_conjuncts(const plan::ExprPtr& expr, std::vector<plan::ExprPtr>& conjuncts) {
  if (plan::is_call_of(*expr, plan::ScalarFunctionId::kAnd)) {
    for (const auto& arg : expr->args) split_conjuncts(arg, conjuncts);
  } else {
    conjuncts.push_back(expr);
  }
}

plan::ExprPtr conjunction(const std::vector<plan::ExprPtr>& conjuncts) {
  return conjuncts.size() == 1 ? conjuncts[0] : plan::call("and", conjuncts);
}

const char* join_name(ast::JoinKind kind) {
  switch (kind) {
    case ast::JoinKind::kInner: return "inner";
    case ast::JoinKind::kLeft: return "left";
    case ast::JoinKind::kRight: return "right";
    case ast::JoinKind::kFull: return "full";
    case ast::JoinKind::kCross: return "cross";
    case ast::JoinKind::kSemi: return "semi";
    case ast::JoinKind::kAnti: return "anti";
  }
  return "inner";
}


}  // namespace

Relation Binder::bind_join(const ast::TableRef& join) {
  Relation left = bind_table(*join.left);
  if (join.right->lateral) return bind_lateral(join, left);
  Relation right = bind_table(*join.right);
  // Right columns named like left ones are renamed first, so the plan's join
  // keeps every column of both sides under its own name.
  std::vector<std::string> taken = left.plan->schema.names();
  std::map<std::string, std::string> renames;
  std::vector<plan::ExprPtr> right_outputs;
  for (const auto& name : right.plan->schema.names()) {
    const std::string fresh = fresh_name(name, taken);
    taken.push_back(fresh);
    if (fresh != name) renames[name] = fresh;
    right_outputs.push_back(fresh == name ? plan::column(name) : plan::alias(plan::column(name), fresh));
  }
  if (!renames.empty()) {
    right.plan = plan::project(right.plan, right_outputs);
    for (auto& column : right.columns) column.expr = rename_columns(column.expr, renames);
  }
  Relation joined;
  joined.columns = left.columns;
  joined.columns.insert(joined.columns.end(), right.columns.begin(), right.columns.end());
  const std::string how = join_name(join.join);
  std::vector<std::string> using_columns = join.using_columns;
  std::vector<Position> using_positions = join.using_positions;
  if (join.natural) {
    // The columns both sides name, in the left side's order.
    for (const auto& column : left.columns) {
      if (!column.unqualified || !column.in_star) continue;
      const bool shared = std::any_of(right.columns.begin(), right.columns.end(), [&](const ScopeColumn& other) {
        return other.unqualified && other.in_star && equals_ignoring_case(other.name, column.name);
      });
      if (shared) {
        using_columns.push_back(column.name);
        using_positions.push_back(join.position);
      }
    }
  }
  if (join.natural && using_columns.empty())
    fail_invalid(join.position, "a NATURAL join needs a column that both sides name; these have none",
                 "use CROSS JOIN for every pair of rows");
  if (join.join == ast::JoinKind::kCross) {
    joined.plan = at(join.position, [&] { return plan::join(left.plan, right.plan, {}, {}, "cross", "_right", false); });
    return joined;
  }
  if (join.join == ast::JoinKind::kCross) {
    joined.plan = at(join.position, [&] { return plan::join(left.plan, right.plan, {}, {}, "cross", "_right", false); });
    return joined;
  }
  std::vector<plan::ExprPtr> left_keys, right_keys, residual;
  if (!using_columns.empty() || join.natural) {
    for (size_t i = 0; i < using_columns.size(); ++i) {
      ast::Expr name;
      name.kind = ast::ExprKind::kColumn;
      name.position = using_positions[i];
      name.parts = {using_columns[i]};
      left_keys.push_back(resolve_column(name, left));
      right_keys.push_back(resolve_column(name, right));
    }
  } else {
    // ON is typed over both sides' columns (the right ones renamed above),
    // as a cross join of the two would name them.
    Relation both = joined;
    both.plan = plan::join(left.plan, right.plan, {}, {}, "cross", "_right", false);
    const plan::ExprPtr condition = as_condition(translate(*join.on, both));
    if (plan::contains_aggregate(*condition)) fail_invalid(join.on->position, "a join condition cannot aggregate");
    std::vector<plan::ExprPtr> conjuncts;
    split_conjuncts(condition, conjuncts);
    for (const auto& conjunct : conjuncts) {
      if (plan::is_call_of(*conjunct, plan::ScalarFunctionId::kEqual)) {
        const Sides a = sides_of(*conjunct->args[0], left.plan->schema);
        const Sides b = sides_of(*conjunct->args[1], left.plan->schema);
        if (a == Sides::kLeft && b == Sides::kRight) {
          left_keys.push_back(conjunct->args[0]);
          right_keys.push_back(conjunct->args[1]);
          continue;
        }
        if (a == Sides::kRight && b == Sides::kLeft) {
          left_keys.push_back(conjunct->args[1]);
          right_keys.push_back(conjunct->args[0]);
          continue;
        }
      }
      residual.push_back(conjunct);
    }
  }
  // Conditions on one side only filter that side's input where the join
  // kind allows it (the side whose unmatched rows are dropped anyway); the
  // others of an outer, semi or anti join decide which key matches count
  // (the join's residual condition; the two sides' names are distinct by now).
  std::vector<plan::ExprPtr> after_join, condition;
  std::vector<plan::ExprPtr> left_filters, right_filters;
  const bool keeps_unmatched_left = how == "left" || how == "full" || how == "anti";
  const bool keeps_unmatched_right = how == "right" || how == "full";
  for (const auto& conjunct : residual) {
    const Sides sides = sides_of(*conjunct, left.plan->schema);
    if (how == "inner") after_join.push_back(conjunct);
    else if (sides == Sides::kRight && !keeps_unmatched_right) right_filters.push_back(conjunct);
    else if (sides == Sides::kLeft && !keeps_unmatched_left) left_filters.push_back(conjunct);
    else condition.push_back(conjunct);
  }
  if (!left_filters.empty()) left.plan = at(join.on->position, [&] { return plan::filter(left.plan, conjunction(left_filters)); });
  if (!right_filters.empty()) right.plan = at(join.on->position, [&] { return plan::filter(right.plan, conjunction(right_filters)); });
  const Position where = join.on ? join.on->position : join.position;
  if (left_keys.empty() && how == "inner") {
    joined.plan = at(where, [&] { return plan::join(left.plan, right.plan, {}, {}, "cross", "_right", false); });
  } else {
    if (left_keys.empty()) {
      // No equality to hash on: every pair shares one constant key, and the
      // join's condition decides (a nested-loop join, O(left x right)).
      left_keys.push_back(plan::literal(Scalar::int64(0)));
      right_keys.push_back(plan::literal(Scalar::int64(0)));
    }
    for (size_t i = 0; i < left_keys.size(); ++i)
      at(where, [&] { unify_key_types(left_keys[i], right_keys[i], left.plan->schema, right.plan->schema); });
    const plan::ExprPtr residual_condition = condition.empty() ? nullptr : conjunction(condition);
    joined.plan = at(where, [&] {
      return plan::join(left.plan, right.plan, left_keys, right_keys, how, "_right", false, residual_condition);
    });
  }
  if (!after_join.empty()) joined.plan = at(where, [&] { return plan::filter(joined.plan, conjunction(after_join)); });
  if (how == "semi" || how == "anti") {
    joined.columns = left.columns;  // only the left side's rows come out
    return joined;
  }
  if (using_columns.empty()) return joined;
  // USING: one merged column per key, found by its bare name and shown once
  // by *, where the left one was; t.a still names each side's own.
  std::vector<ScopeColumn> columns;
  for (size_t index = 0; index < joined.columns.size(); ++index) {
    ScopeColumn& column = joined.columns[index];
    bool is_key = false;
    for (const auto& name : using_columns) is_key |= equals_ignoring_case(column.name, name) && column.unqualified;
    if (!is_key) {
      columns.push_back(column);
      continue;
    }
    if (index < left.columns.size()) {
      size_t key = 0;
      while (!equals_ignoring_case(using_columns[key], column.name)) ++key;
      plan::ExprPtr merged = how == "right" ? right_keys[key]
                             : how == "full" ? plan::call("coalesce", {left_keys[key], right_keys[key]})
                                             : left_keys[key];
      columns.push_back({"", column.name, merged, true, true});
    }
    column.in_star = false;
    column.unqualified = false;
    columns.push_back(column);
  }
  joined.columns = std::move(columns);
  return joined;
}

// WITH RECURSIVE t AS (anchor UNION [ALL] step): the step reads t as the
// previous round's rows (a working table of the anchor's columns), and its
// columns are cast to the anchor's types by position.
BoundQuery Binder::bind_recursive(const ast::CommonTable& cte) {
  const ast::Query& query = *cte.query;
  if (!query.order_by.empty() || query.limit || query.offset)
    fail_not_supported(query.position, "ORDER BY or LIMIT on a whole recursive query (put them in the query that reads it)");
  BoundQuery anchor = bind(*query.left);
  Relation named = relation_of(anchor.plan, cte.name, cte.column_aliases, cte.position);
  std::vector<plan::ExprPtr> renamed;
  for (const auto& column : named.columns) renamed.push_back(plan::alias(column.expr, column.name));
  anchor.plan = plan::project(named.plan, renamed);
  const Schema& schema = anchor.plan->schema;
  auto working = std::make_shared<plan::WorkingTable>(schema);
  ctes_.emplace_back(cte.name, BoundQuery{plan::scan(working)});
  BoundQuery step = bind(*query.right);
  ctes_.pop_back();
  if (step.plan->schema.num_fields() != schema.num_fields())
    fail_invalid(query.right->position, "the recursive part gives " + std::to_string(step.plan->schema.num_fields()) +
                                            " columns and the first part " + std::to_string(schema.num_fields()));
  std::vector<plan::ExprPtr> matched;
  for (int i = 0; i < schema.num_fields(); ++i) {
    const Field& want = schema.field(i);
    plan::ExprPtr value = plan::column(step.plan->schema.field(i).name);
    if (step.plan->schema.field(i).type != want.type) value = plan::cast(value, want.type);
    matched.push_back(plan::alias(value, want.name));
  }
  step.plan = at(query.right->position, [&] { return plan::project(step.plan, matched); });
  return {at(query.position, [&] {
    return plan::recursive_union(anchor.plan, step.plan, working, query.set_op == ast::SetOp::kUnion);
  })};
}

// Entry points -------------------------------------------------------------

plan::PlanPtr bind_query(const ast::Query& query, std::string_view text, Catalog& catalog) {
  Binder binder(text, catalog);
  return binder.bind(query).plan;
}

plan::PlanPtr plan_sql(std::string_view text, Catalog& catalog) {
  const auto query = parse_query(text);
  return bind_query(*query, text, catalog);
}

}  // namespace lode::sql
