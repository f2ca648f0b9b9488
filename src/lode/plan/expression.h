#pragma once
// Expressions of the logical plan: column references, literals, function
// calls (arithmetic, comparisons, string and date functions, casts, ...),
// aggregates and window expressions. Trees are immutable and shared; the
// front ends (Python, SQL) build them, bind_expr() resolves names and types
// against an input schema, and the executor evaluates bound trees on batches.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/data_type.h"
#include "lode/core/scalar.h"
#include "lode/core/schema.h"

namespace lode::plan {

enum class ExprKind {
  kColumn,     // name; bound: column_index
  kLiteral,    // literal
  kCall,       // name = function (resolved: function), args
  kCast,       // args[0], cast_type, strict
  kAlias,      // args[0] renamed to name
  kAggregate,  // name = aggregate function (resolved: aggregate_function), args (0..2), options
  kWindow,     // args[0] = aggregate or ranking call; partition_by, order_by
};

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;
struct ScalarFunction;     // function_catalog.h
struct AggregateFunction;  // function_catalog.h
struct FunctionData;       // function_catalog.h
enum class ScalarFunctionId : uint8_t;

/// Options of aggregates and ranking functions.
struct ExprOptions {
  double quantile = 0.5;
  int ddof = 1;                  // std/var degrees of freedom
  bool descending = false;       // rank order
  std::string method = "linear"; // quantile interpolation; rank method
  int64_t offset = 1;            // lag/lead: rows back or ahead; nth_value: n; ntile: buckets
  std::string separator = ",";   // str_join: put between the strings
};

/// The rows of its partition a window function reads, relative to the
/// current row in the window's order (SQL's frame clause). Unspecified,
/// aggregates read the whole partition (Polars' over()); SQL specifies a
/// frame whenever a window has ORDER BY.
struct WindowFrame {
  static constexpr int64_t kUnboundedPreceding = INT64_MIN;
  static constexpr int64_t kUnboundedFollowing = INT64_MAX;
  bool specified = false;
  bool rows = false;  // ROWS: offsets count rows; RANGE: 0 means the current row's peers (ties in the order)
  int64_t start = kUnboundedPreceding;  // negative: preceding, 0: current row, positive: following
  int64_t end = 0;
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  std::string name;
  Scalar literal;
  std::vector<ExprPtr> args;
  DataType cast_type;
  bool strict = true;
  ExprOptions options;
  std::vector<ExprPtr> partition_by;  // window
  std::vector<ExprPtr> order_by;      // window ranking order
  std::vector<bool> order_descending;
  std::vector<bool> order_nulls_last;  // per order key; default true (nulls after the values)
  WindowFrame frame;                  // window

  // Filled by call() and aggregate(): the function's catalogue entry, so
  // that nothing after binding looks a function up by name.
  const ScalarFunction* function = nullptr;
  const AggregateFunction* aggregate_function = nullptr;

  // Filled by bind_expr(): the result type, for columns the input index,
  // and for calls what the function's bind step prepared (a compiled pattern).
  DataType type;
  bool bound = false;
  int column_index = -1;
  std::shared_ptr<const FunctionData> function_data;

  /// Returns the expression as text, e.g. "(col(\"v1\") * 2).sum()".
  std::string to_string() const;
  /// Returns the output column name: the alias, else the first column's name,
  /// else "literal" (as Polars names results).
  std::string output_name() const;
};

ExprPtr column(std::string name);
ExprPtr literal(Scalar value);
/// Returns a call of the scalar function `function`; throws
/// InvalidInputError (with a suggestion) for a name not in the catalogue.
ExprPtr call(std::string function, std::vector<ExprPtr> args);
ExprPtr cast(ExprPtr input, DataType type, bool strict = true);
ExprPtr alias(ExprPtr input, std::string name);
/// Returns an aggregate or ranking call; throws for an unknown name.
ExprPtr aggregate(std::string function, std::vector<ExprPtr> args, ExprOptions options = {});
ExprPtr window(ExprPtr function, std::vector<ExprPtr> partition_by, std::vector<ExprPtr> order_by = {},
               std::vector<bool> order_descending = {}, std::vector<bool> order_nulls_last = {});

/// Returns a copy of `expr` with names resolved to `schema` columns and
/// every node typed by its function's catalogue rules. Throws SchemaError
/// (unknown column, with a suggestion), InvalidInputError (a function
/// applied to types it does not take, an invalid regular expression) or
/// NotSupportedError (a nested argument where values must compare).
ExprPtr bind_expr(const ExprPtr& expr, const Schema& schema);

/// Returns true if `expr` is a call of the scalar function `id`.
bool is_call_of(const Expr& expr, ScalarFunctionId id);

/// Returns true if the tree contains an aggregate (outside a window).
bool contains_aggregate(const Expr& expr);
/// Returns true if the tree contains a window expression.
bool contains_window(const Expr& expr);
/// Adds the names of the columns the tree reads to `names` (no duplicates).
void collect_columns(const Expr& expr, std::vector<std::string>& names);

}  // namespace lode::plan
