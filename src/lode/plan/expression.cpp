#include "lode/plan/expression.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "lode/core/error.h"
#include "lode/plan/type_rules.h"

namespace lode::plan {

namespace {

std::shared_ptr<Expr> make(ExprKind kind) {
  auto expr = std::make_shared<Expr>();
  expr->kind = kind;
  return expr;
}

const std::pair<const char*, const char*> kOperatorSymbols[] = {
    {"add", "+"},     {"subtract", "-"},   {"multiply", "*"}, {"divide", "/"},        {"floor_divide", "//"},
    {"modulo", "%"},  {"power", "**"},     {"equal", "=="},   {"not_equal", "!="},    {"less", "<"},
    {"less_equal", "<="}, {"greater", ">"}, {"greater_equal", ">="}, {"and", "&"}, {"or", "|"}, {"xor", "^"}};

const char* operator_symbol(const std::string& name) {
  for (const auto& [function, symbol] : kOperatorSymbols)
    if (name == function) return symbol;
  return nullptr;
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

// Returns the type each argument is cast to before the kernel runs, so that
// kernels only ever see operands of one type.
DataType operand_type(const std::string& name, const std::vector<DataType>& args, const DataType& result,
                      size_t index) {
  if (name == "divide" || name == "power") return result;
  if (name == "multiply" && result.id == TypeId::kDecimal128)
    return args[index].id == TypeId::kDecimal128 ? args[index] : DataType::decimal128(38, 0);
  if (name == "add" || name == "subtract" || name == "multiply" || name == "floor_divide" || name == "modulo") {
    if (result.id == TypeId::kFloat64 && (args[0].id == TypeId::kDecimal128 || args[1].id == TypeId::kDecimal128))
      return TypeId::kFloat64;
    return result;
  }
  if (name == "equal" || name == "not_equal" || name == "less" || name == "less_equal" || name == "greater" ||
      name == "greater_equal")
    return common_type(args[0], args[1], name);
  if (name == "fill_null" || name == "coalesce") return result;
  if (name == "is_in") return args[0];
  if (name == "case_when") return (index % 2 == 1 || index == args.size() - 1) ? result : DataType(TypeId::kBool);
  return args[index];
}

// Gives untyped null literals (lit(None)) the type of the other values of
// the call (and bool in a when/then condition position).
void adopt_null_types(Expr& call, std::vector<DataType>& arg_types) {
  const bool is_case = call.name == "case_when";
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
  if (!is_aggregate_function(function)) throw InvalidInputError("unknown aggregate '" + function + "'");
  auto expr = make(ExprKind::kAggregate);
  expr->name = std::move(function);
  expr->args = std::move(args);
  expr->options = std::move(options);
  return expr;
}

ExprPtr window(ExprPtr function, std::vector<ExprPtr> partition_by, std::vector<ExprPtr> order_by,
               std::vector<bool> order_descending) {
  auto expr = make(ExprKind::kWindow);
  expr->args = {std::move(function)};
  expr->partition_by = std::move(partition_by);
  expr->order_by = std::move(order_by);
  expr->order_descending = std::move(order_descending);
  expr->order_descending.resize(expr->order_by.size(), false);
  return expr;
}

std::string Expr::to_string() const {
  switch (kind) {
    case ExprKind::kColumn: return "col(\"" + name + "\")";
    case ExprKind::kLiteral: return literal.to_string();
    case ExprKind::kCall:
      if (const char* symbol = operator_symbol(name); symbol && args.size() == 2)
        return "(" + args[0]->to_string() + " " + symbol + " " + args[1]->to_string() + ")";
      if (name == "not" || name == "negate") return std::string(name == "not" ? "~" : "-") + args[0]->to_string();
      if (!args.empty()) {
        std::vector<ExprPtr> rest(args.begin() + 1, args.end());
        return args[0]->to_string() + "." + name + "(" + join_exprs(rest) + ")";
      }
      return name + "()";
    case ExprKind::kCast: return args[0]->to_string() + ".cast(" + cast_type.name() + (strict ? "" : ", strict=False") + ")";
    case ExprKind::kAlias: return args[0]->to_string() + ".alias(\"" + name + "\")";
    case ExprKind::kAggregate:
      if (args.empty()) return name + "()";
      if (name == "corr") return "corr(" + join_exprs(args) + ")";
      return args[0]->to_string() + "." + name + "(" +
             (name == "quantile" ? std::to_string(options.quantile) : std::string()) + ")";
    case ExprKind::kWindow: {
      std::string text = args[0]->to_string() + ".over(" + join_exprs(partition_by);
      if (!order_by.empty()) text += ", order_by=[" + join_exprs(order_by) + "]";
      return text + ")";
    }
  }
  return "?";
}

std::string Expr::output_name() const {
  if (kind == ExprKind::kAlias || kind == ExprKind::kColumn) return name;
  if (kind == ExprKind::kAggregate && name == "len") return "len";
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
    case ExprKind::kCall: {
      if (bound->name != "is_null" && bound->name != "is_not_null")
        for (const auto& arg : bound->args) require_flat(arg->type, "'" + bound->name + "' on " + arg->to_string());
      adopt_null_types(*bound, arg_types);
      // A numeric literal takes the other operand's type where it fits.
      if (bound->args.size() == 2) {
        for (int side = 0; side < 2; ++side) {
          Scalar converted;
          if (bound->args[side]->kind == ExprKind::kLiteral &&
              literal_fits(bound->args[side]->literal, bound->args[1 - side]->type, converted)) {
            bound->args[side] = cast_to(bound->args[side], bound->args[1 - side]->type);
            arg_types[side] = bound->args[side]->type;
          }
        }
      }
      try {
        bound->type = call_result_type(bound->name, arg_types);
      } catch (Error& error) {
        throw InvalidInputError(error.message() + " in " + expr->to_string(),
                                ErrorContext{.expression = expr->to_string(), .hint = error.context().hint});
      }
      for (size_t i = 0; i < bound->args.size(); ++i)
        bound->args[i] = cast_to(bound->args[i], operand_type(bound->name, arg_types, bound->type, i));
      break;
    }
    case ExprKind::kCast:
      if (!(arg_types.at(0) == bound->cast_type)) {
        require_flat(arg_types[0], "the cast of " + bound->args[0]->to_string());
        require_flat(bound->cast_type, "the cast target of " + bound->args[0]->to_string());
      }
      bound->type = bound->cast_type;
      break;
    case ExprKind::kAlias: bound->type = arg_types.at(0); break;
    case ExprKind::kAggregate:
      if (bound->name != "count" && bound->name != "len")
        for (const auto& arg : bound->args) require_flat(arg->type, "'" + bound->name + "' of " + arg->to_string());
      bound->type = aggregate_result_type(bound->name, arg_types);
      if (bound->name == "rank" && bound->options.method == "average") bound->type = TypeId::kFloat64;
      break;
    case ExprKind::kWindow:
      for (const auto& key : bound->partition_by) require_flat(key->type, "the window partition key " + key->to_string());
      for (const auto& key : bound->order_by) require_flat(key->type, "the window order key " + key->to_string());
      bound->type = arg_types.at(0);
      break;
  }
  return bound;
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
