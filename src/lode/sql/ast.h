#pragma once
// The SQL syntax tree the parser builds and the binder reads: plain structs
// owned by unique_ptr, one tree per statement, every node with the position
// of its first token so that errors can point at it. No names are resolved
// and no types known here; that is the binder's work.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lode/sql/tokenizer.h"

namespace lode::sql::ast {

struct Expr;
struct Query;
struct WindowSpec;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind : uint8_t {
  kColumn,     // parts: [table.]name
  kStar,       // * or t.* (parts: the qualifier, if any)
  kInteger,    // text: the digits
  kDecimal,    // text: as written
  kString,     // text
  kBoolean,    // text: "true" or "false"
  kNull,
  kTypedLiteral,  // DATE '...', TIMESTAMP '...': type_name, text
  kInterval,   // INTERVAL '90' DAY: text, unit
  kUnary,      // op ("-", "+", "NOT"), args[0]
  kBinary,     // op ("+", "=", "AND", "||", "IS DISTINCT FROM", ...), args[0], args[1]
  kIsNull,     // args[0]; negated: IS NOT NULL
  kBetween,    // args: value, low, high; negated
  kInList,     // args: value, then the list; negated
  kLike,       // args: value, pattern[, escape]; negated; op "LIKE" or "ILIKE"
  kCase,       // args: [operand,] then when/then pairs, [else]: has_operand, has_else
  kCast,       // args[0], type_name (with its parameters), op "CAST", "TRY_CAST" or "::"
  kFunction,   // name, args, distinct, star (count(*))
  kExtract,    // EXTRACT(unit FROM args[0]): unit
  kSubquery,   // subquery: scalar (op ""), EXISTS (op "EXISTS"), or args[0] [NOT] IN (op "IN"; negated)
};

struct Expr {
  ExprKind kind = ExprKind::kNull;
  Position position;
  int32_t depth = 1;  // of the subtree: the parser bounds it, so walking it cannot overflow the stack
  std::string text;
  std::string op;
  std::string name;
  std::string unit;
  std::string type_name;
  std::vector<std::string> parts;
  std::vector<ExprPtr> args;
  bool negated = false;
  bool distinct = false;
  bool star = false;
  bool has_operand = false;
  bool has_else = false;
  std::unique_ptr<Query> subquery;
  ExprPtr filter;  // an aggregate's FILTER (WHERE ...)
  std::unique_ptr<WindowSpec> window;  // a window function's OVER (...)
};

struct SelectItem {
  ExprPtr expr;
  std::string alias;  // empty: none
  Position position;
  // * EXCLUDE (names) and * REPLACE (expr AS name)
  std::vector<std::string> exclude;
  std::vector<SelectItem> replace;
};

enum class TableRefKind : uint8_t { kTable, kFile, kFunction, kSubquery, kJoin };
enum class JoinKind : uint8_t { kInner, kLeft, kRight, kFull, kCross, kSemi, kAnti };

struct TableRef {
  TableRefKind kind = TableRefKind::kTable;
  Position position;
  std::string name;                  // kTable: table name; kFile: the path; kFunction: its name
  std::vector<ExprPtr> args;         // kFunction
  std::unique_ptr<Query> subquery;   // kSubquery
  std::string alias;
  std::vector<std::string> column_aliases;  // AS t(a, b)
  // kJoin
  JoinKind join = JoinKind::kInner;
  std::unique_ptr<TableRef> left, right;
  ExprPtr on;
  std::vector<std::string> using_columns;
  std::vector<Position> using_positions;
  bool natural = false;  // NATURAL JOIN: USING the columns both sides name
  bool lateral = false;  // kSubquery: LATERAL (...), which may use the columns of the tables before it
};

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
  std::optional<bool> nulls_last;  // unset: the default (NULLS LAST, as DuckDB)
};

/// OVER (PARTITION BY ... ORDER BY ... frame); bounds are offsets from the
/// current row (negative: preceding; INT64_MIN / INT64_MAX: unbounded).
struct WindowSpec {
  Position position;
  std::string base;  // OVER w, OVER (w ...): a window of the WINDOW clause that this one extends
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
  bool has_frame = false;
  bool rows = false;
  int64_t start = INT64_MIN;
  int64_t end = 0;
};

using NamedWindows = std::vector<std::pair<std::string, std::unique_ptr<WindowSpec>>>;

struct SelectCore {
  Position position;
  bool distinct = false;
  std::vector<ExprPtr> distinct_on;  // DISTINCT ON (...)
  std::vector<SelectItem> items;
  std::unique_ptr<TableRef> from;  // null: SELECT without FROM
  ExprPtr where;
  bool group_by_all = false;
  bool has_group_by = false;
  std::vector<ExprPtr> group_by;
  /// ROLLUP, CUBE, GROUPING SETS: each set's indices into group_by (empty
  /// for a plain GROUP BY, which groups by all of group_by).
  std::vector<std::vector<int>> grouping_sets;
  ExprPtr having;
  NamedWindows windows;  // WINDOW w AS (...), ...
  ExprPtr qualify;
};

struct CommonTable {
  std::string name;
  bool recursive = false;  // of a WITH RECURSIVE clause
  std::vector<std::string> column_aliases;
  std::unique_ptr<Query> query;
  Position position;
};

enum class SetOp : uint8_t { kNone, kUnionAll, kUnion, kIntersect, kExcept, kIntersectAll, kExceptAll };

/// A query: WITH ... then either one select core or a set operation of two
/// queries, then ORDER BY / LIMIT / OFFSET over the whole.
struct Query {
  Position position;
  std::vector<CommonTable> ctes;
  std::unique_ptr<SelectCore> core;  // when set_op == kNone (and no VALUES rows)
  std::vector<std::vector<ExprPtr>> values;  // VALUES (...), (...): the rows, when not empty
  SetOp set_op = SetOp::kNone;
  std::unique_ptr<Query> left, right;
  std::vector<OrderItem> order_by;
  ExprPtr limit, offset;
};

}  // namespace lode::sql::ast
