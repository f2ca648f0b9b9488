#include "lode/plan/expression.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "lode/core/error.h"
#include "lode/plan/function_catalog.h"
#include "lode/plan/type_rules.h"

namespace lode::plan {

namespace {

std::shared_ptr<Expr> make(ExprKind kind) {
  auto expr = std::make_shared<Expr>();
  expr->kind = kind;
  return expr;
}

std::string join_exprs(const std::vector<ExprPtr>& exprs) {
  std::string text;
  for (const auto& expr : exprs) text += (text.empty() ? "" : ", ") + expr->to_string();
  return text;
}

// Returns `value` converted to `target` if it is a numeric literal that
// fits exactly, so that `col("i32") > 3` compares as int32, not int64.
bool literal_fits(const Scalar& value, const DataType& target, Scalar& converted) {
  if (value.is_null || !target.is_numeric() || target.id == TypeId::kDecimal128) return false;
  converted = value;
  converted.type = target;
  if (value.type.id == TypeId::kInt64) {
    const int64_t v = value.integer;
    switch (target.id) {
      case TypeId::kInt8: return v >= INT8_MIN && v <= INT8_MAX;
      case TypeId::kInt16: return v >= INT16_MIN && v <= INT16_MAX;
      case TypeId::kInt32: return v >= INT32_MIN && v <= INT32_MAX;
      case TypeId::kInt64: return true;
      case TypeId::kUInt8: case TypeId::kUInt16: case TypeId::kUInt32: case TypeId::kUInt64: {
        const uint64_t limit = target.id == TypeId::kUInt64 ? UINT64_MAX : (uint64_t{1} << (8 * target.byte_width())) - 1;
        converted.unsigned_integer = static_cast<uint64_t>(v);
        return v >= 0 && static_cast<uint64_t>(v) <= limit;
      }
      case TypeId::kFloat32: case TypeId::kFloat64:
        converted.real = static_cast<double>(v);
        return std::fabs(converted.real) < 9007199254740992.0;
      default: return false;
    }
  }
  if (value.type.id == TypeId::kFloat64 && target.id == TypeId::kFloat32) {
    return static_cast<double>(static_cast<float>(value.real)) == value.real || std::isnan(value.real);
  }
  return false;
}

ExprPtr cast_to(const ExprPtr& bound, const DataType& type) {
  if (bound->type == type) return bound;
  if (bound->kind == ExprKind::kLiteral) {
    Scalar converted;
    if (literal_fits(bound->literal, type, converted)) {
      auto result = std::make_shared<Expr>(*bound);
      result->literal = converted;
      result->type = type;
      return result;
    }
    if (bound->literal.is_null) {
      auto result = std::make_shared<Expr>(*bound);
      result->literal = Scalar::null(type);
      result->type = type;
      return result;
    }
  }
  auto result = make(ExprKind::kCast);
  result->args = {bound};
  result->cast_type = type;
  result->strict = true;
  result->type = type;
  result->bound = true;
  return result;
}

// Gives untyped null literals (lit(None)) the type of the other values of
// the call (and bool in a when/then condition position).
void adopt_null_types(Expr& call, std::vector<DataType>& arg_types) {
  const bool is_case = call.function->id == ScalarFunctionId::kCaseWhen;
  auto is_value_position = [&](size_t index) {
    return !is_case || index % 2 == 1 || index + 1 == call.args.size();
  };
  auto is_null_literal = [](const ExprPtr& arg) { return arg->kind == ExprKind::kLiteral && arg->literal.is_null; };
  const DataType* value_type = nullptr;
  for (size_t i = 0; i < call.args.size() && !value_type; ++i)
    if (is_value_position(i) && !is_null_literal(call.args[i])) value_type = &call.args[i]->type;
  if (!value_type) return;
  const DataType target = *value_type;
  for (size_t i = 0; i < call.args.size(); ++i) {
    if (!is_null_literal(call.args[i])) continue;
    auto typed = std::make_shared<Expr>(*call.args[i]);
    typed->type = is_value_position(i) ? target : DataType(TypeId::kBool);
    typed->literal = Scalar::null(typed->type);
    call.args[i] = typed;
    arg_types[i] = typed->type;
  }
}

// Gives a numeric literal the other operand's type where it fits, so that
// col("i32") > 3 compares as int32.
void fit_literals(Expr& call, std::vector<DataType>& arg_types) {
  if (call.args.size() != 2) return;
  for (int side = 0; side < 2; ++side) {
    Scalar converted;
    if (call.args[side]->kind == ExprKind::kLiteral &&
        literal_fits(call.args[side]->literal, call.args[1 - side]->type, converted)) {
      call.args[side] = cast_to(call.args[side], call.args[1 - side]->type);
      arg_types[side] = call.args[side]->type;
    }
  }
}

void check_arity(std::string_view name, int min_args, int max_args, size_t count) {
  const int given = static_cast<int>(count);
  if (given >= min_args && (max_args == kVariadic || given <= max_args)) return;
  std::string expected = std::to_string(min_args);
  if (max_args == kVariadic) expected = "at least " + expected;
  else if (max_args != min_args) expected += " to " + std::to_string(max_args);
  throw InvalidInputError("'" + std::string(name) + "' takes " + expected + " argument" +
                          (expected == "1" ? "" : "s") + ", got " + std::to_string(given));
}

// Rethrows an error of binding `expr` (of any kind) naming the expression.
[[noreturn]] void rethrow_in(const Error& error, const Expr& expr) {
  ErrorContext context = error.context();
  if (context.expression.empty()) context.expression = expr.to_string();
  rethrow_with_context(error, std::move(context));
}

// Types a call by its catalogue entry, runs its bind step, then casts the
// arguments to the operand types its kernel expects.
void bind_call(Expr& bound, const Expr& original, std::vector<DataType>& arg_types) {
  if (!bound.function) bound.function = &find_scalar_function(bound.name);
  const ScalarFunction& function = *bound.function;
  try {
    check_arity(function.name, function.min_args, function.max_args, bound.args.size());
    if (!function.takes_nested)
      for (const auto& arg : bound.args) require_flat(arg->type, "'" + bound.name + "' on " + arg->to_string());
    if (function.operand_type) {  // the arguments unify to one type
      adopt_null_types(bound, arg_types);
      fit_literals(bound, arg_types);
    }
    bound.type = function.result_type(function, arg_types);
    if (function.bind) bound.function_data = function.bind(bound);
  } catch (const Error& error) {
    rethrow_in(error, original);
  }
  if (!function.operand_type) return;
  for (size_t i = 0; i < bound.args.size(); ++i)
    bound.args[i] = cast_to(bound.args[i], function.operand_type(arg_types, bound.type, i));
}

void bind_aggregate(Expr& bound, const Expr& original, const std::vector<DataType>& arg_types) {
  if (!bound.aggregate_function) bound.aggregate_function = &find_aggregate_function(bound.name);
  const AggregateFunction& function = *bound.aggregate_function;
  try {
    check_arity(function.name, function.min_args, function.max_args, bound.args.size());
    if (!function.takes_nested)
      for (const auto& arg : bound.args) require_flat(arg->type, "'" + bound.name + "' of " + arg->to_string());
    bound.type = function.result_type(function, arg_types, bound.options);
  } catch (const Error& error) {
    rethrow_in(error, original);
  }
}

}  // namespace

ExprPtr column(std::string name) {
  auto expr = make(ExprKind::kColumn);
  expr->name = std::move(name);
  return expr;
}

ExprPtr literal(Scalar value) {
  auto expr = make(ExprKind::kLiteral);
  expr->literal = std::move(value);
  return expr;
}

ExprPtr call(std::string function, std::vector<ExprPtr> args) {
  auto expr = make(ExprKind::kCall);
  expr->function = &find_scalar_function(function);
  expr->name = std::move(function);
  expr->args = std::move(args);
  return expr;
}

ExprPtr cast(ExprPtr input, DataType type, bool strict) {
  auto expr = make(ExprKind::kCast);
  expr->args = {std::move(input)};
  expr->cast_type = std::move(type);
  expr->strict = strict;
  return expr;
}

ExprPtr alias(ExprPtr input, std::string name) {
  auto expr = make(ExprKind::kAlias);
  expr->args = {std::move(input)};
  expr->name = std::move(name);
  return expr;
}

ExprPtr aggregate(std::string function, std::vector<ExprPtr> args, ExprOptions options) {
  auto expr = make(ExprKind::kAggregate);
  expr->aggregate_function = &find_aggregate_function(function);
  expr->name = std::move(function);
  expr->args = std::move(args);
  expr->options = std::move(options);
  return expr;
}

ExprPtr window(ExprPtr function, std::vector<ExprPtr> partition_by, std::vector<ExprPtr> order_by,
               std::vector<bool> order_descending, std::vector<bool> order_nulls_last) {
  auto expr = make(ExprKind::kWindow);
  expr->args = {std::move(function)};
  expr->partition_by = std::move(partition_by);
  expr->order_by = std::move(order_by);
  expr->order_descending = std::move(order_descending);
  expr->order_descending.resize(expr->order_by.size(), false);
  expr->order_nulls_last = std::move(order_nulls_last);
  expr->order_nulls_last.resize(expr->order_by.size(), true);
  return expr;
}

std::string Expr::to_string() const {
  switch (kind) {
    case ExprKind::kColumn: return "col(\"" + name + "\")";
    case ExprKind::kLiteral: return literal.to_string();
    case ExprKind::kCall: {
      const std::string symbol = function ? std::string(function->symbol) : std::string();
      if (!symbol.empty() && args.size() == 2)
        return "(" + args[0]->to_string() + " " + symbol + " " + args[1]->to_string() + ")";
      if (!symbol.empty() && args.size() == 1 && function->max_args == 1) return symbol + args[0]->to_string();
      if (!args.empty()) {
        std::vector<ExprPtr> rest(args.begin() + 1, args.end());
        return args[0]->to_string() + "." + name + "(" + join_exprs(rest) + ")";
      }
      return name + "()";
    }
    case ExprKind::kCast: return args[0]->to_string() + ".cast(" + cast_type.name() + (strict ? "" : ", strict=False") + ")";
    case ExprKind::kAlias: return args[0]->to_string() + ".alias(\"" + name + "\")";
    case ExprKind::kAggregate: {
      const auto id = aggregate_function ? aggregate_function->id : AggregateFunctionId::kSum;
      if (args.empty()) return name + "(" + (options.offset != 1 ? std::to_string(options.offset) : std::string()) + ")";
      if (id == AggregateFunctionId::kCorr) return "corr(" + join_exprs(args) + ")";
      std::string parameters = id == AggregateFunctionId::kQuantile ? std::to_string(options.quantile)
                               : id == AggregateFunctionId::kStrJoin ? "\"" + options.separator + "\""
                                                                     : std::string();
      if (options.offset != 1) parameters += (parameters.empty() ? "" : ", ") + std::to_string(options.offset);
      return args[0]->to_string() + "." + name + "(" + parameters + ")";
    }
    case ExprKind::kWindow: {
      std::string text = args[0]->to_string() + ".over(" + join_exprs(partition_by);
      if (!order_by.empty()) {
        text += ", order_by=[";
        for (size_t i = 0; i < order_by.size(); ++i)
          text += (i ? ", " : "") + order_by[i]->to_string() + (order_descending[i] ? " desc" : "") +
                  (order_nulls_last[i] ? "" : " nulls first");
        text += "]";
      }
      if (frame.specified) {
        auto bound = [](int64_t offset) {
          if (offset == WindowFrame::kUnboundedPreceding) return std::string("unbounded preceding");
          if (offset == WindowFrame::kUnboundedFollowing) return std::string("unbounded following");
          if (offset == 0) return std::string("current row");
          return std::to_string(offset < 0 ? -offset : offset) + (offset < 0 ? " preceding" : " following");
        };
        text += std::string(", frame=") + (frame.rows ? "rows " : "range ") + bound(frame.start) + " to " + bound(frame.end);
      }
      return text + ")";
    }
  }
  return "?";
}

std::string Expr::output_name() const {
  if (kind == ExprKind::kAlias || kind == ExprKind::kColumn) return name;
  if (kind == ExprKind::kAggregate && aggregate_function && aggregate_function->id == AggregateFunctionId::kLen)
    return "len";
  for (const auto& arg : args) {
    std::string arg_name = arg->output_name();
    if (arg_name != "literal") return arg_name;
  }
  return "literal";
}

ExprPtr bind_expr(const ExprPtr& expr, const Schema& schema) {
  auto bound = std::make_shared<Expr>(*expr);
  bound->bound = true;
  for (auto& arg : bound->args) arg = bind_expr(arg, schema);
  for (auto& key : bound->partition_by) key = bind_expr(key, schema);
  for (auto& key : bound->order_by) key = bind_expr(key, schema);
  std::vector<DataType> arg_types;
  for (const auto& arg : bound->args) arg_types.push_back(arg->type);

  switch (bound->kind) {
    case ExprKind::kColumn:
      bound->column_index = schema.index_of(bound->name);
      bound->type = schema.field(bound->column_index).type;
      break;
    case ExprKind::kLiteral: bound->type = bound->literal.type; break;
    case ExprKind::kCall: bind_call(*bound, *expr, arg_types); break;
    case ExprKind::kCast:
      if (!(arg_types.at(0) == bound->cast_type)) {
        require_flat(arg_types[0], "the cast of " + bound->args[0]->to_string());
        require_flat(bound->cast_type, "the cast target of " + bound->args[0]->to_string());
      }
      bound->type = bound->cast_type;
      break;
    case ExprKind::kAlias: bound->type = arg_types.at(0); break;
    case ExprKind::kAggregate: bind_aggregate(*bound, *expr, arg_types); break;
    case ExprKind::kWindow:
      for (const auto& key : bound->partition_by) require_flat(key->type, "the window partition key " + key->to_string());
      for (const auto& key : bound->order_by) require_flat(key->type, "the window order key " + key->to_string());
      bound->type = arg_types.at(0);
      break;
  }
  return bound;
}

bool is_call_of(const Expr& expr, ScalarFunctionId id) {
  return expr.kind == ExprKind::kCall && expr.function && expr.function->id == id;
}

bool contains_aggregate(const Expr& expr) {
  if (expr.kind == ExprKind::kAggregate) return true;
  if (expr.kind == ExprKind::kWindow) return false;
  return std::any_of(expr.args.begin(), expr.args.end(), [](const ExprPtr& arg) { return contains_aggregate(*arg); });
}

bool contains_window(const Expr& expr) {
  if (expr.kind == ExprKind::kWindow) return true;
  return std::any_of(expr.args.begin(), expr.args.end(), [](const ExprPtr& arg) { return contains_window(*arg); });
}

void collect_columns(const Expr& expr, std::vector<std::string>& names) {
  if (expr.kind == ExprKind::kColumn && std::find(names.begin(), names.end(), expr.name) == names.end())
    names.push_back(expr.name);
  for (const auto& arg : expr.args) collect_columns(*arg, names);
  for (const auto& key : expr.partition_by) collect_columns(*key, names);
  for (const auto& key : expr.order_by) collect_columns(*key, names);
}

}  // namespace lode::plan
