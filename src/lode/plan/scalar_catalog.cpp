// The scalar functions: one entry each, with the rules it binds by. The
// kernels behind the ids are in exec/kernels/registry.cpp.

#include <algorithm>
#include <array>

#include "lode/core/error.h"
#include "lode/plan/expression.h"
#include "lode/plan/function_catalog.h"
#include "lode/plan/type_rules.h"

namespace lode::plan {

namespace {

using Id = ScalarFunctionId;
using Types = std::vector<DataType>;

std::string quoted(const ScalarFunction& function) { return "'" + std::string(function.name) + "'"; }

bool is_decimal(const DataType& type) { return type.id == TypeId::kDecimal128; }
int scale_of(const DataType& type) { return is_decimal(type) ? type.scale : 0; }

void require_numeric(const ScalarFunction& function, const Types& args) {
  for (const auto& arg : args)
    if (!arg.is_numeric()) throw_type_error(quoted(function), args);
}

void require_all(const ScalarFunction& function, const Types& args, TypeId id) {
  for (const auto& arg : args)
    if (arg.id != id) throw_type_error(quoted(function), args);
}

// ---------------------------------------------------------------- arithmetic

// + and -: a decimal keeps the larger scale; with a float it becomes float64.
DataType additive_result(const ScalarFunction& function, const Types& args) {
  require_numeric(function, args);
  if (!is_decimal(args[0]) && !is_decimal(args[1])) return common_type(args[0], args[1], quoted(function));
  if (args[0].is_floating() || args[1].is_floating()) return TypeId::kFloat64;
  return DataType::decimal128(38, std::max(scale_of(args[0]), scale_of(args[1])));
}

// *: a decimal product's scale is the sum of the operands' scales.
DataType multiply_result(const ScalarFunction& function, const Types& args) {
  require_numeric(function, args);
  if (!is_decimal(args[0]) && !is_decimal(args[1])) return common_type(args[0], args[1], quoted(function));
  if (args[0].is_floating() || args[1].is_floating()) return TypeId::kFloat64;
  return DataType::decimal128(38, std::min(38, scale_of(args[0]) + scale_of(args[1])));
}

// // and %: decimals are computed as float64.
DataType floor_division_result(const ScalarFunction& function, const Types& args) {
  require_numeric(function, args);
  if (is_decimal(args[0]) || is_decimal(args[1])) return TypeId::kFloat64;
  return common_type(args[0], args[1], quoted(function));
}

// / and **: always floating; float32 only when both sides are.
DataType float_division_result(const ScalarFunction& function, const Types& args) {
  require_numeric(function, args);
  const bool both_float32 = args[0].id == TypeId::kFloat32 && args[1].id == TypeId::kFloat32;
  return both_float32 ? DataType(TypeId::kFloat32) : DataType(TypeId::kFloat64);
}

DataType same_numeric_result(const ScalarFunction& function, const Types& args) {
  if (!args[0].is_numeric() || (args.size() > 1 && !args[1].is_integer())) throw_type_error(quoted(function), args);
  return args[0];
}

DataType numeric_to_float64(const ScalarFunction& function, const Types& args) {
  require_numeric(function, args);
  return TypeId::kFloat64;
}

DataType numeric_to_bool(const ScalarFunction& function, const Types& args) {
  require_numeric(function, args);
  return TypeId::kBool;
}

DataType result_operands(const Types&, const DataType& result, size_t) { return result; }

// A decimal product multiplies the operands as they are (their scales add).
DataType multiply_operands(const Types& args, const DataType& result, size_t index) {
  if (!is_decimal(result)) return result;
  return is_decimal(args[index]) ? args[index] : DataType::decimal128(38, 0);
}

// ------------------------------------------------------ comparison and logic

DataType comparison_result(const ScalarFunction& function, const Types& args) {
  common_type(args[0], args[1], "comparison " + quoted(function));
  return TypeId::kBool;
}

DataType comparison_operands(const Types& args, const DataType&, size_t) {
  return common_type(args[0], args[1], "comparison");
}

DataType boolean_result(const ScalarFunction& function, const Types& args) {
  require_all(function, args, TypeId::kBool);
  return TypeId::kBool;
}

DataType any_to_bool(const ScalarFunction&, const Types&) { return TypeId::kBool; }

// ---------------------------------------------------------------- conditional

DataType membership_result(const ScalarFunction& function, const Types& args) {
  for (size_t i = 1; i < args.size(); ++i) common_type(args[0], args[i], quoted(function));
  return TypeId::kBool;
}

DataType first_operand(const Types& args, const DataType&, size_t) { return args[0]; }

DataType common_of_all(const ScalarFunction& function, const Types& args) {
  DataType result = args[0];
  for (size_t i = 1; i < args.size(); ++i) result = common_type(result, args[i], quoted(function));
  return result;
}

// args: condition, value, condition, value, ..., otherwise.
DataType case_when_result(const ScalarFunction&, const Types& args) {
  if (args.size() % 2 == 0) throw InvalidInputError("when/then/otherwise is incomplete");
  DataType result = args[1];
  for (size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i].id != TypeId::kBool) throw_type_error("when(...) condition", {args[i]});
    result = common_type(result, args[i + 1], "then(...)");
  }
  return common_type(result, args.back(), "otherwise(...)");
}

DataType case_when_operands(const Types& args, const DataType& result, size_t index) {
  const bool is_value = index % 2 == 1 || index + 1 == args.size();
  return is_value ? result : DataType(TypeId::kBool);
}

// ------------------------------------------------------------------- strings

DataType string_length(const ScalarFunction& function, const Types& args) {
  require_all(function, args, TypeId::kString);
  return TypeId::kInt64;
}

DataType strings_to_string(const ScalarFunction& function, const Types& args) {
  require_all(function, args, TypeId::kString);
  return TypeId::kString;
}

DataType strings_to_bool(const ScalarFunction& function, const Types& args) {
  require_all(function, args, TypeId::kString);
  return TypeId::kBool;
}

// str_slice(text, offset, length): offset and length are integers.
DataType slice_result(const ScalarFunction& function, const Types& args) {
  if (args[0].id != TypeId::kString || !args[1].is_integer() || !args[2].is_integer())
    throw_type_error(quoted(function), args);
  return TypeId::kString;
}

const Scalar& constant_argument(const Expr& call, size_t index, const char* what) {
  const Expr& arg = *call.args[index];
  if (arg.kind != ExprKind::kLiteral)
    throw NotSupportedError("'" + call.name + "' takes a constant " + what + ", not " + arg.to_string(),
                            ErrorContext{.hint = "pass the " + std::string(what) + " as a Python value"});
  return arg.literal;
}

// Compiles the pattern (argument 1) once, when the expression is bound.
std::shared_ptr<const FunctionData> bind_regex(const Expr& call) {
  auto data = std::make_shared<RegexData>();
  const Scalar& pattern = constant_argument(call, 1, "pattern");
  if (!pattern.is_null) data->regex.emplace(pattern.text);
  return data;
}

// Compiles the pattern and resolves the replacement's group references.
std::shared_ptr<const FunctionData> bind_regex_replacement(const Expr& call) {
  auto data = std::make_shared<RegexData>();
  const Scalar& pattern = constant_argument(call, 1, "pattern");
  const Scalar& value = constant_argument(call, 2, "replacement");
  if (pattern.is_null || value.is_null) return data;
  data->regex.emplace(pattern.text);
  data->replacement = data->regex->parse_replacement(value.text);
  return data;
}

// ------------------------------------------------------------------ temporal

DataType date_part_result(const ScalarFunction& function, const Types& args) {
  if (!is_temporal(args[0])) throw_type_error(quoted(function), args);
  return TypeId::kInt32;
}

DataType time_part_result(const ScalarFunction& function, const Types& args) {
  if (args[0].id != TypeId::kTimestamp) throw_type_error(quoted(function), args);
  return TypeId::kInt32;
}

DataType date_result(const ScalarFunction& function, const Types& args) {
  if (!is_temporal(args[0])) throw_type_error(quoted(function), args);
  return TypeId::kDate32;
}

// add_interval(date or timestamp, months, days, microseconds): the counts
// are integers (int64 for the kernel); the result has the first's type.
DataType add_interval_result(const ScalarFunction& function, const Types& args) {
  if (!is_temporal(args[0]) || !args[1].is_integer() || !args[2].is_integer() || !args[3].is_integer())
    throw_type_error(quoted(function), args);
  return args[0];
}

DataType add_interval_operands(const Types& args, const DataType&, size_t index) {
  return index == 0 ? args[0] : DataType(TypeId::kInt64);
}

// --------------------------------------------------------------------- table

// {id, name, min args, max args, result type, operand casts, bind, symbol,
//  takes nested, doc}
constexpr std::array<ScalarFunction, kNumScalarFunctions> kScalarFunctions = {{
    {Id::kAdd, "add", 2, 2, additive_result, result_operands, nullptr, "+", false,
     "Adds two numbers; integers wrap around on overflow."},
    {Id::kSubtract, "subtract", 2, 2, additive_result, result_operands, nullptr, "-", false,
     "Subtracts the second number from the first; integers wrap around."},
    {Id::kMultiply, "multiply", 2, 2, multiply_result, multiply_operands, nullptr, "*", false,
     "Multiplies two numbers; a decimal product's scale is the sum of the scales."},
    {Id::kDivide, "divide", 2, 2, float_division_result, result_operands, nullptr, "/", false,
     "Divides as floating point (x / 0 is inf or NaN)."},
    {Id::kFloorDivide, "floor_divide", 2, 2, floor_division_result, result_operands, nullptr, "//", false,
     "Divides rounding toward negative infinity; an integer division by zero gives null."},
    {Id::kModulo, "modulo", 2, 2, floor_division_result, result_operands, nullptr, "%", false,
     "The remainder of floor division (the sign of the divisor); by zero gives null."},
    {Id::kPower, "power", 2, 2, float_division_result, result_operands, nullptr, "**", false,
     "Raises the first number to the power of the second, as floating point."},
    {Id::kNegate, "negate", 1, 1, same_numeric_result, nullptr, nullptr, "-", false, "Negates a number."},
    {Id::kAbs, "abs", 1, 1, same_numeric_result, nullptr, nullptr, {}, false, "The absolute value."},
    {Id::kEqual, "equal", 2, 2, comparison_result, comparison_operands, nullptr, "==", false,
     "True where both sides are equal; null where either is null."},
    {Id::kNotEqual, "not_equal", 2, 2, comparison_result, comparison_operands, nullptr, "!=", false,
     "True where the sides differ; null where either is null."},
    {Id::kLess, "less", 2, 2, comparison_result, comparison_operands, nullptr, "<", false,
     "True where the left side is smaller."},
    {Id::kLessEqual, "less_equal", 2, 2, comparison_result, comparison_operands, nullptr, "<=", false,
     "True where the left side is smaller or equal."},
    {Id::kGreater, "greater", 2, 2, comparison_result, comparison_operands, nullptr, ">", false,
     "True where the left side is larger."},
    {Id::kGreaterEqual, "greater_equal", 2, 2, comparison_result, comparison_operands, nullptr, ">=", false,
     "True where the left side is larger or equal."},
    {Id::kAnd, "and", 2, kVariadic, boolean_result, result_operands, nullptr, "&", false,
     "Logical and, three-valued: false & null is false."},
    {Id::kOr, "or", 2, kVariadic, boolean_result, result_operands, nullptr, "|", false,
     "Logical or, three-valued: true | null is true."},
    {Id::kXor, "xor", 2, kVariadic, boolean_result, result_operands, nullptr, "^", false,
     "Logical exclusive or; null where either side is null."},
    {Id::kNot, "not", 1, 1, boolean_result, result_operands, nullptr, "~", false, "Logical negation."},
    {Id::kIsNull, "is_null", 1, 1, any_to_bool, nullptr, nullptr, {}, true, "True where the value is null."},
    {Id::kIsNotNull, "is_not_null", 1, 1, any_to_bool, nullptr, nullptr, {}, true,
     "True where the value is not null."},
    {Id::kCaseWhen, "case_when", 3, kVariadic, case_when_result, case_when_operands, nullptr, {}, false,
     "when(condition).then(value)...otherwise(value): the value of the first true condition."},
    {Id::kFillNull, "fill_null", 2, 2, common_of_all, result_operands, nullptr, {}, false,
     "Replaces nulls with a value."},
    {Id::kCoalesce, "coalesce", 1, kVariadic, common_of_all, result_operands, nullptr, {}, false,
     "The first non-null value of the arguments."},
    {Id::kIsIn, "is_in", 1, kVariadic, membership_result, first_operand, nullptr, {}, false,
     "True where the value is one of the given constants; null for null."},
    {Id::kSqrt, "sqrt", 1, 1, numeric_to_float64, nullptr, nullptr, {}, false, "The square root, as float64."},
    {Id::kExp, "exp", 1, 1, numeric_to_float64, nullptr, nullptr, {}, false, "e to the power of x, as float64."},
    {Id::kLog, "log", 1, 1, numeric_to_float64, nullptr, nullptr, {}, false, "The natural logarithm, as float64."},
    {Id::kLog10, "log10", 1, 1, numeric_to_float64, nullptr, nullptr, {}, false,
     "The base-10 logarithm, as float64."},
    {Id::kSin, "sin", 1, 1, numeric_to_float64, nullptr, nullptr, {}, false, "The sine (radians), as float64."},
    {Id::kCos, "cos", 1, 1, numeric_to_float64, nullptr, nullptr, {}, false, "The cosine (radians), as float64."},
    {Id::kRound, "round", 1, 2, same_numeric_result, nullptr, nullptr, {}, false,
     "Rounds half away from zero to a number of decimals; integers stay."},
    {Id::kFloor, "floor", 1, 1, same_numeric_result, nullptr, nullptr, {}, false,
     "Rounds down to a whole number; integers stay."},
    {Id::kCeil, "ceil", 1, 1, same_numeric_result, nullptr, nullptr, {}, false,
     "Rounds up to a whole number; integers stay."},
    {Id::kIsNan, "is_nan", 1, 1, numeric_to_bool, nullptr, nullptr, {}, false, "True where the value is NaN."},
    {Id::kIsFinite, "is_finite", 1, 1, numeric_to_bool, nullptr, nullptr, {}, false,
     "True where the value is neither infinite nor NaN."},
    {Id::kStrLen, "str_len", 1, 1, string_length, nullptr, nullptr, {}, false,
     "The length of a text in characters (Unicode code points)."},
    {Id::kStrLenBytes, "str_len_bytes", 1, 1, string_length, nullptr, nullptr, {}, false,
     "The length of a text in UTF-8 bytes."},
    {Id::kUpper, "upper", 1, 1, strings_to_string, nullptr, nullptr, {}, false,
     "The text in upper case (ASCII letters)."},
    {Id::kLower, "lower", 1, 1, strings_to_string, nullptr, nullptr, {}, false,
     "The text in lower case (ASCII letters)."},
    {Id::kStrip, "strip", 1, 2, strings_to_string, nullptr, nullptr, {}, false,
     "Removes the given characters (whitespace by default) from both ends."},
    {Id::kStrSlice, "str_slice", 3, 3, slice_result, nullptr, nullptr, {}, false,
     "The characters from an offset (negative: from the end), for a length (null: to the end)."},
    {Id::kConcat, "concat", 1, kVariadic, strings_to_string, nullptr, nullptr, {}, false,
     "Concatenates texts; null if any is null."},
    {Id::kContains, "contains", 2, 2, strings_to_bool, nullptr, nullptr, {}, false,
     "True where the text contains the given text."},
    {Id::kContainsRegex, "contains_regex", 2, 2, strings_to_bool, nullptr, bind_regex, {}, false,
     "True where a regular expression (Rust syntax, as Polars) matches somewhere in the text."},
    {Id::kStartsWith, "starts_with", 2, 2, strings_to_bool, nullptr, nullptr, {}, false,
     "True where the text starts with the given text."},
    {Id::kEndsWith, "ends_with", 2, 2, strings_to_bool, nullptr, nullptr, {}, false,
     "True where the text ends with the given text."},
    {Id::kReplace, "replace", 3, 3, strings_to_string, nullptr, nullptr, {}, false,
     "Replaces the first occurrence of a text with another, both taken literally."},
    {Id::kReplaceAll, "replace_all", 3, 3, strings_to_string, nullptr, nullptr, {}, false,
     "Replaces every occurrence of a text with another, both taken literally."},
    {Id::kReplaceRegex, "replace_regex", 3, 3, strings_to_string, nullptr, bind_regex_replacement, {}, false,
     "Replaces the first match of a regular expression; $1 and ${name} insert groups."},
    {Id::kReplaceAllRegex, "replace_all_regex", 3, 3, strings_to_string, nullptr, bind_regex_replacement, {},
     false, "Replaces every match of a regular expression; $1 and ${name} insert groups."},
    {Id::kYear, "year", 1, 1, date_part_result, nullptr, nullptr, {}, false, "The year of a date or timestamp."},
    {Id::kMonth, "month", 1, 1, date_part_result, nullptr, nullptr, {}, false, "The month, 1 to 12."},
    {Id::kDay, "day", 1, 1, date_part_result, nullptr, nullptr, {}, false, "The day of the month, 1 to 31."},
    {Id::kWeekday, "weekday", 1, 1, date_part_result, nullptr, nullptr, {}, false,
     "The day of the week, Monday = 1 to Sunday = 7."},
    {Id::kOrdinalDay, "ordinal_day", 1, 1, date_part_result, nullptr, nullptr, {}, false,
     "The day of the year, 1 to 366."},
    {Id::kHour, "hour", 1, 1, time_part_result, nullptr, nullptr, {}, false, "The hour of a timestamp (UTC)."},
    {Id::kMinute, "minute", 1, 1, time_part_result, nullptr, nullptr, {}, false, "The minute of a timestamp."},
    {Id::kSecond, "second", 1, 1, time_part_result, nullptr, nullptr, {}, false, "The second of a timestamp."},
    {Id::kMicrosecond, "microsecond", 1, 1, time_part_result, nullptr, nullptr, {}, false,
     "The microseconds within the second of a timestamp."},
    {Id::kDate, "date", 1, 1, date_result, nullptr, nullptr, {}, false, "The date of a timestamp (UTC)."},
    {Id::kAddInterval, "add_interval", 4, 4, add_interval_result, add_interval_operands, nullptr, {}, false,
     "Adds months (day clamped to the month's end), then days, then microseconds to a date or timestamp."},
}};

constexpr bool listed_in_id_order() {
  for (size_t i = 0; i < kScalarFunctions.size(); ++i)
    if (static_cast<size_t>(kScalarFunctions[i].id) != i || kScalarFunctions[i].name.empty()) return false;
  return true;
}
static_assert(listed_in_id_order(), "kScalarFunctions lists every ScalarFunctionId once, in order");

}  // namespace

std::span<const ScalarFunction> scalar_functions() { return kScalarFunctions; }

const ScalarFunction& scalar_function(ScalarFunctionId id) { return kScalarFunctions[static_cast<size_t>(id)]; }

const ScalarFunction& find_scalar_function(std::string_view name) {
  for (const auto& function : kScalarFunctions)
    if (function.name == name) return function;
  std::vector<std::string> names;
  for (const auto& function : kScalarFunctions) names.emplace_back(function.name);
  if (lookup_aggregate_function(name))
    throw InvalidInputError("'" + std::string(name) + "' is an aggregate, not a scalar function");
  const std::string suggestion = closest_match(std::string(name), names.data(), names.size());
  throw InvalidInputError("unknown function '" + std::string(name) + "'",
                          ErrorContext{.hint = suggestion.empty() ? "" : "did you mean '" + suggestion + "'?"});
}

}  // namespace lode::plan
