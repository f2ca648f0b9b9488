#pragma once
// The binder's state, shared by its files: binder.cpp (queries, tables,
// joins, set operations), select_binder.cpp (one SELECT: grouping, HAVING,
// ORDER BY, DISTINCT, LIMIT) and expression_binder.cpp (expressions and
// functions). Internal to src/lode/sql.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lode/core/error.h"
#include "lode/plan/logical_plan.h"
#include "lode/sql/ast.h"
#include "lode/sql/catalog.h"

namespace lode::sql {

/// A column a query can name: `table.name`, computed by `expr` over the
/// plan's columns.
struct ScopeColumn {
  std::string table;          // the qualifier (table name or alias); empty for USING's merged column
  std::string name;           // the name SQL uses
  plan::ExprPtr expr;         // unbound, over the relation's plan
  bool in_star = true;        // part of a bare *
  bool unqualified = true;    // found by its bare name
};

/// A bound FROM clause (or a subquery): its plan and the columns in scope.
struct Relation {
  plan::PlanPtr plan;
  std::vector<ScopeColumn> columns;
};

/// A bound query: its plan, whose columns are the outputs in order.
struct BoundQuery {
  plan::PlanPtr plan;
};

/// A join that a subquery adds to the query it is in: a scalar subquery's
/// value (a left join), EXISTS and IN (semi and anti joins).
struct SubqueryJoin {
  plan::PlanPtr right;
  std::string how;                                   // left, semi or anti
  std::vector<plan::ExprPtr> left_keys, right_keys;  // left keys over the outer query's FROM
  /// Conditions beyond the keys, over the right plan's columns and the
  /// placeholders of outer columns in `outer_refs` (null: none).
  plan::ExprPtr residual;
  std::map<std::string, plan::ExprPtr> outer_refs;
  bool correlated = false;
  std::vector<Field> values;  // the columns it adds for expressions to read
  plan::ExprPtr filter_after;  // a filter over the joined plan (NOT IN's null rules); null: none
};

/// The scope of a query around a subquery being bound: where a column the
/// subquery does not have is looked for. Each outer column it uses gets a
/// placeholder column name, replaced by the outer expression in the join.
struct OuterScope {
  const Relation* relation;
  std::map<std::string, plan::ExprPtr> refs;  // placeholder -> expression over the outer relation
  std::vector<Field> fields;                  // the placeholders, typed
};

/// A correlated subquery's parts: its FROM, filtered by the conditions that
/// do not use outer columns; equalities of inner and outer expressions (the
/// join keys); and the other conditions that use outer columns.
struct CorrelatedQuery {
  Relation from;
  std::vector<plan::ExprPtr> outer_keys, inner_keys;
  std::vector<plan::ExprPtr> residual;  // with placeholders
  std::map<std::string, plan::ExprPtr> outer_refs;
  std::vector<plan::ExprPtr> items;     // the select list over `from` (when asked for; * left out)
  std::vector<plan::SortKey> order_by;  // with ordered_limit: ORDER BY over `from` (unbound keys)
};

/// A constant SQL interval: months, days and microseconds, kept apart
/// because a month and a day have no fixed length.
struct Interval {
  int64_t months = 0;
  int64_t days = 0;
  int64_t micros = 0;
};

/// Parses an INTERVAL literal's text, with the unit written after it
/// ('90', DAY) or with units inside it ('1 year 2 months', '2 days
/// 03:00:00', '3 days ago'; unit empty). False when it is not one.
bool parse_interval(std::string_view text, const std::string& unit, Interval& interval);
Interval scaled(const Interval& interval, int64_t factor);
Interval added(const Interval& a, const Interval& b);

class Binder {
 public:
  Binder(std::string_view text, Catalog& catalog) : text_(text), catalog_(catalog) {}

  BoundQuery bind(const ast::Query& query);

  // binder.cpp
  Relation bind_table(const ast::TableRef& table);
  Relation bind_join(const ast::TableRef& join);
  /// `left` JOIN LATERAL (subquery): the subquery decorrelated into a join
  /// (subquery_binder.cpp).
  Relation bind_lateral(const ast::TableRef& join, const Relation& left);
  BoundQuery bind_set_operation(const ast::Query& query);
  BoundQuery bind_recursive(const ast::CommonTable& cte);
  Relation relation_of(plan::PlanPtr plan, const std::string& qualifier,
                       const std::vector<std::string>& column_aliases, Position position);
  int64_t constant_count(const ast::Expr& expr, const char* clause);

  // statement_binder.cpp
  /// VALUES (...), (...): columns col0, col1, ... of each column's common type.
  BoundQuery bind_values(const ast::Query& query);

  // select_binder.cpp
  BoundQuery bind_select(const ast::Query& query);

  // subquery_binder.cpp
  /// A scalar subquery's value, as an expression over `scope` and the
  /// columns of the join it adds to the pending joins.
  plan::ExprPtr scalar_subquery(const ast::Expr& expr, const Relation& scope);
  /// EXISTS (...) or x [NOT] IN (SELECT ...) as a value (in the select list,
  /// under OR, ...): a left join adds a column that marks the rows with a
  /// match, and the value is read from it with SQL's null rules for IN.
  plan::ExprPtr subquery_test(const ast::Expr& expr, const Relation& scope);
  /// Returns true if `conjunct` is [NOT] EXISTS (...) or x [NOT] IN (SELECT ...).
  static bool is_subquery_condition(const ast::Expr& conjunct);
  /// Joins a WHERE conjunct [NOT] EXISTS / [NOT] IN (subquery) onto `plan`.
  plan::PlanPtr join_subquery_condition(const ast::Expr& conjunct, plan::PlanPtr plan, const Relation& scope);
  /// Returns `plan` with a subquery's join applied.
  plan::PlanPtr apply_subquery_join(plan::PlanPtr plan, const SubqueryJoin& join) const;
  /// Binds `query` as a subquery of `outer`; returns false (and binds
  /// nothing) when it uses outer columns.
  bool bind_uncorrelated(const ast::Query& query, const Relation& outer, BoundQuery& bound);
  /// With `ordered_limit`, a LIMIT/OFFSET and ORDER BY are allowed (over
  /// inner columns) and returned for the caller to apply per key.
  CorrelatedQuery bind_correlated(const ast::Query& query, const Relation& outer, Position position, bool want_items,
                                  bool ordered_limit = false);
  /// The schema expressions over `scope` are type-checked against: its
  /// plan's, the pending subquery values' and the outer placeholders'.
  Schema checking_schema(const Relation& scope) const;

  // expression_binder.cpp
  /// Translates `expr` over `scope`; aggregates are collected into plan
  /// aggregate calls (the caller decides whether they are allowed).
  plan::ExprPtr translate(const ast::Expr& expr, const Relation& scope);
  /// Returns the output name of an expression, as DuckDB names it: a
  /// column's name, else the expression's text.
  std::string output_name(const ast::Expr& expr) const;
  plan::ExprPtr resolve_column(const ast::Expr& expr, const Relation& scope);
  plan::ExprPtr translate_node(const ast::Expr& expr, const Relation& scope);
  /// Rethrows the type error of the innermost node of `expr` that fails to bind.
  void locate_type_error(const ast::Expr& expr, const Relation& scope);
  plan::ExprPtr like(const ast::Expr& expr, const Relation& scope);
  const ast::WindowSpec& named_window(const std::string& name, Position position) const;
  /// f(args) OVER (...): a plan window expression.
  plan::ExprPtr window_call(const ast::Expr& expr, std::vector<plan::ExprPtr> args, const Relation& scope);
  plan::ExprPtr case_expression(const ast::Expr& expr, const Relation& scope);
  /// A string constant beside values of another type takes that type, as in
  /// DuckDB and PostgreSQL (`born > '2000-01-01'`, `id = '3'`): the string
  /// constants among `values` are cast to the type of the first other value.
  void adopt_string_literals(std::vector<plan::ExprPtr*> values, const Relation& scope, Position position);
  /// `||` and concat() read their operands as text.
  void to_text(plan::ExprPtr& value, const Relation& scope, Position position);

  // interval_binder.cpp
  /// The value of an interval expression written with constants (INTERVAL
  /// literals, casts to INTERVAL, their sums and integer multiples), or
  /// nullopt when `expr` is not one.
  std::optional<Interval> constant_interval(const ast::Expr& expr);
  /// A date or timestamp plus or minus an interval, as add_interval; null
  /// when neither operand of `expr` is an interval.
  plan::ExprPtr interval_arithmetic(const ast::Expr& expr, const Relation& scope);
  /// A date plus or minus days, or date - date, over translated operands;
  /// null when the operands are not dates.
  plan::ExprPtr date_arithmetic(const ast::Expr& expr, const plan::ExprPtr& left, const plan::ExprPtr& right,
                                const Relation& scope);
  /// The type of `value` over `scope`, when the scope has a plan to bind against.
  std::optional<DataType> type_if_known(const plan::ExprPtr& value, const Relation& scope, Position position);

  // Errors pointing into the query text.
  [[noreturn]] void fail_schema(Position position, const std::string& message, const std::string& hint = {}) const;
  [[noreturn]] void fail_invalid(Position position, const std::string& message, const std::string& hint = {}) const;
  [[noreturn]] void fail_not_supported(Position position, const std::string& what) const;
  ErrorContext context_at(Position position, const std::string& hint = {}) const;
  /// Runs `build` and rethrows a lode::Error it raises with `position`'s context.
  template <typename Build>
  auto at(Position position, Build&& build) const -> decltype(build()) {
    try {
      return build();
    } catch (const Error& error) {
      if (error.context().line >= 0) throw;
      ErrorContext context = context_at(position, error.context().hint);
      context.expression = error.context().expression;
      rethrow_with_context(error, std::move(context));
    }
  }

  /// Returns a plan column name not used in `plan` (and not among `taken`), from `base`.
  static std::string fresh_name(const std::string& base, const std::vector<std::string>& taken);

  /// Leaves of translated expressions: where each column reference was
  /// written, for errors raised after translation (ungrouped columns).
  /// Holding the leaf keeps its address from being reused by another node.
  struct ColumnSource {
    plan::ExprPtr leaf;
    Position position;
    std::string name;
  };
  std::unordered_map<const plan::Expr*, ColumnSource> column_sources_;

  /// The joins that subqueries of the clause being bound add (null: the
  /// clause takes no subqueries), and the names of the columns they add.
  std::vector<SubqueryJoin>* pending_joins_ = nullptr;
  std::set<std::string> subquery_columns_;
  /// grouping(...) calls: a placeholder column each, with its arguments.
  std::map<std::string, std::vector<plan::ExprPtr>> grouping_calls_;
  /// The scopes around the subquery being bound, innermost last.
  std::vector<OuterScope> outer_scopes_;
  int subqueries_ = 0;

 private:
  std::string_view text_;
  Catalog& catalog_;
  /// WITH queries in scope, innermost last.
  std::vector<std::pair<std::string, BoundQuery>> ctes_;
  /// The WINDOW clause of the SELECT being bound (null: none).
  const ast::NamedWindows* named_windows_ = nullptr;
  /// The select list of the SELECT being bound, whose aliases name
  /// expressions (null: none), and the aliases being expanded now.
  const std::vector<ast::SelectItem>* select_items_ = nullptr;
  std::set<const ast::Expr*> aliases_in_use_;
};

// Points the binder's pending joins at `joins` while it lives.
class PendingJoinsGuard {
 public:
  PendingJoinsGuard(std::vector<SubqueryJoin>*& pending, std::vector<SubqueryJoin>* joins)
      : pending_(pending), saved_(pending) {
    pending_ = joins;
  }
  ~PendingJoinsGuard() { pending_ = saved_; }
  PendingJoinsGuard(const PendingJoinsGuard&) = delete;
  PendingJoinsGuard& operator=(const PendingJoinsGuard&) = delete;

 private:
  std::vector<SubqueryJoin>*& pending_;
  std::vector<SubqueryJoin>* saved_;
};

/// A relation of one row and no visible columns: what SELECT without FROM,
/// VALUES rows and constant options are computed over.
Relation one_row();
/// Returns a null literal as a boolean null (untyped NULL where SQL wants a
/// condition: WHERE NULL, NOT NULL); any other expression as it is.
plan::ExprPtr as_condition(plan::ExprPtr expr);
/// Returns true if a equals b ignoring ASCII case.
bool equals_ignoring_case(std::string_view a, std::string_view b);
/// Returns `expr` with column references renamed by `renames` (old -> new).
plan::ExprPtr rename_columns(const plan::ExprPtr& expr, const std::map<std::string, std::string>& renames);
/// Returns `expr` with the columns named in `replacements` replaced by their expressions.
plan::ExprPtr replace_columns(const plan::ExprPtr& expr, const std::map<std::string, plan::ExprPtr>& replacements);
/// Casts key pairs of different numeric types to their common type.
void unify_key_types(plan::ExprPtr& left_key, plan::ExprPtr& right_key, const Schema& left, const Schema& right);
/// Splits an AND tree of SQL conditions into its conjuncts.
void split_conjuncts(const ast::Expr& expr, std::vector<const ast::Expr*>& conjuncts);

}  // namespace lode::sql
