#pragma once
// The SQL binder: turns the parser's syntax tree into lode's LogicalPlan
// and plan Expressions, the same nodes the Python API builds, so that the
// optimizer and the engine see no difference. It resolves table names
// (WITH queries, then the Catalog, then quoted file paths), column names
// through scopes (t.a, USING columns, ambiguity), functions through the
// plan's function catalogue under their SQL names, and SQL's aggregate
// rules (GROUP BY, HAVING, ORDER BY of grouped queries). Single-threaded;
// the returned plan is immutable and may be run many times.

#include <string_view>

#include "lode/plan/logical_plan.h"
#include "lode/sql/ast.h"
#include "lode/sql/catalog.h"

namespace lode::sql {

/// Returns the plan of a parsed query. Throws SchemaError for unknown
/// tables and columns (with "did you mean"), InvalidInputError for SQL
/// that breaks a rule (a column neither grouped nor aggregated, a type a
/// function does not take), NotSupportedError for SQL lode does not run
/// yet; each names the line and column of `text` it refers to.
plan::PlanPtr bind_query(const ast::Query& query, std::string_view text, Catalog& catalog);

/// Parses and binds `text`: the whole SQL front end in one call.
plan::PlanPtr plan_sql(std::string_view text, Catalog& catalog);

}  // namespace lode::sql
