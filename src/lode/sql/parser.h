#pragma once
// The SQL parser: hand-written recursive descent over the tokenizer's
// tokens, with precedence climbing for binary operators. It builds the
// syntax tree of ast.h and knows nothing of tables or types. Nesting is
// bounded (kMaxDepth), so a deeply nested query gets a SyntaxError instead
// of overflowing the stack. Runs once per query, single-threaded.

#include <string_view>

#include <vector>

#include "lode/sql/ast.h"
#include "lode/sql/statement.h"

namespace lode::sql {

/// The deepest expression or query nesting the parser accepts.
inline constexpr int kMaxDepth = 500;

/// Parses one query (a trailing ';' allowed). Throws SyntaxError naming the
/// line and column, with the line and a caret under the bad token and what
/// was expected there; NotSupportedError for SQL that parses in other
/// engines but not yet here (named windows, LATERAL, ...).
std::unique_ptr<ast::Query> parse_query(std::string_view text);

/// Parses a script: statements separated by ';' (empty ones skipped), each
/// a query or CREATE TABLE / VIEW, INSERT, DROP, COPY ... TO, DESCRIBE,
/// SHOW TABLES, EXPLAIN or SET (statement.h). The whole script is parsed
/// before any statement runs, so a syntax error anywhere runs none. Throws
/// as parse_query does.
std::vector<ast::StatementPtr> parse_statements(std::string_view text);

}  // namespace lode::sql
