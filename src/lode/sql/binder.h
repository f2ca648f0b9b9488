#pragma once
// The SQL binder: turns the parser's syntax tree into lode's LogicalPlan
// and plan Expressions, the same nodes the Python API builds, so that the
// optimizer and the engine see no difference. It resolves table names
// (WITH queries, then the Catalog, then quoted file paths), column names
// through scopes (t.a, USING columns, ambiguity), functions through the
// plan's function catalogue under their SQL names, and SQL's aggregate
// rules (GROUP BY, HAVING, ORDER BY of grouped queries). Single-threaded;
// the returned plan is immutable and may be run many times.

#include <string>
#include <string_view>

#include "lode/plan/logical_plan.h"
#include "lode/sql/ast.h"
#include "lode/sql/catalog.h"
#include "lode/sql/statement.h"

namespace lode::sql {

/// Returns the plan of a parsed query. Throws SchemaError for unknown
/// tables and columns (with "did you mean"), InvalidInputError for SQL
/// that breaks a rule (a column neither grouped nor aggregated, a type a
/// function does not take), NotSupportedError for SQL lode does not run
/// yet; each names the line and column of `text` it refers to.
plan::PlanPtr bind_query(const ast::Query& query, std::string_view text, Catalog& catalog);

/// Where and how COPY ... TO writes: the options checked and defaulted.
struct CopyTarget {
  std::string path;
  std::string format;               // "parquet" or "csv" (by FORMAT, else the path's extension)
  std::string compression = "snappy";  // parquet: snappy, zstd, gzip, lz4, brotli, uncompressed
  int64_t row_group_size = 0;          // parquet: 0 for the writer's default
  bool header = true;                  // csv
  std::string delimiter = ",";
  std::string quote = "\"";
  std::string null_value;
  std::string date_format, timestamp_format;  // csv: strftime patterns, empty for ISO 8601
};

/// A statement checked against the catalogue, for the front end to run:
/// what to do and the plan to do it with. Binding changes nothing; the
/// front end runs the plan and then changes its tables, so a statement
/// that fails leaves them as they were.
struct BoundStatement {
  ast::StatementKind kind = ast::StatementKind::kQuery;
  /// The table, view or setting ("threads", "memory_limit"), as written.
  std::string name;
  /// kQuery, kExplain, kCreateView, kCopy, kDescribe: the query's plan;
  /// kCreateTable: the rows to store (none for CREATE TABLE t (a INT));
  /// kInsert: the table's rows after the insert (its old rows, then the new
  /// ones cast to its columns' types); kDrop, kSet, kShowTables: null.
  plan::PlanPtr plan;
  bool or_replace = false;
  bool temporary = false;
  /// The statement has nothing to do: CREATE ... IF NOT EXISTS of an
  /// existing name, DROP ... IF EXISTS of a missing one.
  bool skip = false;
  bool analyze = false;   // kExplain: EXPLAIN ANALYZE
  std::string view_text;  // kCreateView: the query, rebound whenever the view is read
  CopyTarget copy;        // kCopy
  Scalar value;           // kSet: an int64 for threads; a string or int64 for memory_limit
};

/// Binds one statement of parse_statements() against `catalog` (which is
/// asked, through stored_kind, whether a name is a table or view that
/// statements may change). Throws SchemaError for an unknown table or
/// column, InvalidInputError for a statement that breaks a rule (INSERT's
/// column count, CREATE of an existing table, DROP TABLE of a view, an
/// unknown COPY option or setting), each at its line and column.
BoundStatement bind_statement(const ast::Statement& statement, std::string_view text, Catalog& catalog);

/// Returns the SQL name of a type, as DuckDB shows it: BIGINT, VARCHAR,
/// DECIMAL(15,2), TIMESTAMP WITH TIME ZONE, INTEGER[].
std::string sql_type_name(const DataType& type);

/// Parses and binds `text`: the whole SQL front end in one call.
plan::PlanPtr plan_sql(std::string_view text, Catalog& catalog);

}  // namespace lode::sql
