#pragma once
// The binder's state, shared by its files: binder.cpp (queries, tables,
// joins, set operations), select_binder.cpp (one SELECT: grouping, HAVING,
// ORDER BY, DISTINCT, LIMIT) and expression_binder.cpp (expressions and
// functions). Internal to src/lode/sql.

#include <map>
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

/// How an expression may use aggregates.
struct AggregateRewrite;

class Binder {
 public:
  Binder(std::string_view text, Catalog& catalog) : text_(text), catalog_(catalog) {}

  BoundQuery bind(const ast::Query& query);

  // binder.cpp
  Relation bind_table(const ast::TableRef& table);
  Relation bind_join(const ast::TableRef& join);
  BoundQuery bind_set_operation(const ast::Query& query);
  Relation relation_of(plan::PlanPtr plan, const std::string& qualifier,
                       const std::vector<std::string>& column_aliases, Position position);
  int64_t constant_count(const ast::Expr& expr, const char* clause);

  // select_binder.cpp
  BoundQuery bind_select(const ast::Query& query);

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
  plan::ExprPtr case_expression(const ast::Expr& expr, const Relation& scope);

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

 private:
  std::string_view text_;
  Catalog& catalog_;
  /// WITH queries in scope, innermost last.
  std::vector<std::pair<std::string, BoundQuery>> ctes_;
};

/// Returns a null literal as a boolean null (untyped NULL where SQL wants a
/// condition: WHERE NULL, NOT NULL); any other expression as it is.
plan::ExprPtr as_condition(plan::ExprPtr expr);
/// Returns true if a equals b ignoring ASCII case.
bool equals_ignoring_case(std::string_view a, std::string_view b);
/// Returns `expr` with column references renamed by `renames` (old -> new).
plan::ExprPtr rename_columns(const plan::ExprPtr& expr, const std::map<std::string, std::string>& renames);

}  // namespace lode::sql
