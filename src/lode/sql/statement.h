#pragma once
// SQL statements: the syntax tree of one statement of a script (a query,
// CREATE TABLE / VIEW, INSERT, DROP, COPY, DESCRIBE, SHOW TABLES, EXPLAIN,
// SET), as parse_statements() builds it. Plain structs owned by unique_ptr;
// the queries inside are ast::Query trees. bind_statement (binder.h) turns
// one into a BoundStatement that the front end executes.

#include <memory>
#include <string>
#include <vector>

#include "lode/sql/ast.h"

namespace lode::sql::ast {

enum class StatementKind : uint8_t {
  kQuery,        // query
  kCreateTable,  // name, query (AS query) or columns; or_replace, if_not_exists, temporary
  kCreateView,   // name, query, query_text; or_replace, if_not_exists
  kInsert,       // name, column_names, query (a SELECT or VALUES)
  kDrop,         // name, is_view, if_exists
  kCopy,         // query or name (COPY table TO), path, options
  kDescribe,     // query or name
  kShowTables,
  kExplain,      // query
  kSet,          // name (the setting), value
};

struct ColumnDefinition {
  std::string name;
  std::string type_name;  // as type_name() writes it: "DECIMAL(15,2)"
  Position position;
};

/// A COPY option: FORMAT PARQUET, HEADER, DELIMITER ',' (value null: none given).
struct CopyOption {
  std::string name;  // upper case
  ExprPtr value;
  Position position;
};

struct Statement {
  StatementKind kind = StatementKind::kQuery;
  Position position;
  std::string name;  // the table, view or setting
  Position name_position;
  bool or_replace = false;
  bool if_not_exists = false;
  bool if_exists = false;
  bool temporary = false;
  bool is_view = false;
  bool analyze = false;    // EXPLAIN ANALYZE: run the query and show its profile
  std::vector<ColumnDefinition> columns;
  std::vector<std::string> column_names;
  std::vector<Position> column_positions;
  std::unique_ptr<Query> query;
  std::string query_text;  // kCreateView: the query as written
  std::string path;        // kCopy
  Position path_position;
  std::vector<CopyOption> options;
  ExprPtr value;           // kSet
};

using StatementPtr = std::unique_ptr<Statement>;

}  // namespace lode::sql::ast
