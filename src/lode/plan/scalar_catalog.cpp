// The scalar functions: one entry each, with the rules it binds by. The
// kernels behind the ids are in exec/kernels/registry.cpp.

#include <algorithm>
#include <array>
#include <cctype>

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

// sign: -1, 0 or 1 as int8 (as DuckDB); NaN gives 0.
DataType numeric_to_int8(const ScalarFunction& function, const Types& args) {
  require_numeric(function, args);
  return TypeId::kInt8;
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

// greatest/least: the common type of every argument, of any comparable type.
DataType common_comparable(const ScalarFunction& function, const Types& args) {
  const DataType result = common_of_all(function, args);
  if (result.is_nested()) throw_type_error(quoted(function), args);
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

// Checks the argument kinds of a string function: 'T' text, 'I' integer.
void require_kinds(const ScalarFunction& function, const Types& args, std::string_view kinds) {
  for (size_t i = 0; i < args.size(); ++i) {
    const bool fits = kinds[i] == 'T' ? args[i].id == TypeId::kString : args[i].is_integer();
    if (!fits) throw_type_error(quoted(function), args);
  }
}

// pad_start/pad_end(text, length, fill), str_head/str_tail/repeat(text, n),
// split_part(text, separator, index): texts and integers to a text.
DataType text_and_integers(const ScalarFunction& function, const Types& args) {
  const std::string_view kinds = function.id == Id::kSplitPart ? "TTI" : "TIT";
  require_kinds(function, args, kinds);
  return TypeId::kString;
}

DataType strings_to_int64(const ScalarFunction& function, const Types& args) {
  require_all(function, args, TypeId::kString);
  return TypeId::kInt64;
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

// Splits a LIKE pattern (argument 1, escape character in argument 2) at its
// unescaped `%`; an unescaped `_` is for the regex form (the SQL binder
// chooses).
std::shared_ptr<const FunctionData> bind_like(const Expr& call) {
  auto data = std::make_shared<LikeData>();
  const Scalar& pattern = constant_argument(call, 1, "pattern");
  const Scalar& escape = constant_argument(call, 2, "escape character");
  if (pattern.is_null || escape.is_null) {
    data->null_pattern = true;
    return data;
  }
  if (escape.text.size() > 1) throw InvalidInputError("a LIKE escape is one character, got '" + escape.text + "'");
  const std::string& text = pattern.text;
  data->parts.emplace_back();
  for (size_t i = 0; i < text.size(); ++i) {
    if (!escape.text.empty() && text[i] == escape.text[0] && i + 1 < text.size()) data->parts.back() += text[++i];
    else if (text[i] == '%') data->parts.emplace_back();
    else if (text[i] == '_') throw InternalError("like takes patterns without _ wildcards: " + text);
    else data->parts.back() += text[i];
  }
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

DataType temporal_to_float64(const ScalarFunction& function, const Types& args) {
  if (!is_temporal(args[0])) throw_type_error(quoted(function), args);
  return TypeId::kFloat64;
}

// truncate(unit, x) keeps the type of x (as Polars); date_trunc(unit, x)
// gives a timestamp (as DuckDB, also for dates).
DataType truncate_result(const ScalarFunction& function, const Types& args) {
  if (args[0].id != TypeId::kString || !is_temporal(args[1])) throw_type_error(quoted(function), args);
  if (function.id == Id::kTruncate || args[1].id == TypeId::kTimestamp) return args[1];
  return DataType::timestamp();
}

DataType date_diff_result(const ScalarFunction& function, const Types& args) {
  if (args[0].id != TypeId::kString || !is_temporal(args[1]) || !is_temporal(args[2]))
    throw_type_error(quoted(function), args);
  return TypeId::kInt64;
}

// Parses the unit (argument 0) once, when the expression is bound.
std::shared_ptr<const FunctionData> bind_temporal_unit(const Expr& call) {
  auto data = std::make_shared<TemporalUnitData>();
  const Scalar& unit = constant_argument(call, 0, "unit");
  if (!unit.is_null) data->unit = parse_temporal_unit(unit.text, call.name);
  return data;
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

// assert_true(condition, message): a boolean and a constant string.
DataType assert_result(const ScalarFunction& function, const Types& args) {
  if (args[0].id != TypeId::kBool || args[1].id != TypeId::kString) throw_type_error(quoted(function), args);
  return TypeId::kBool;
}

// --------------------------------------------------------------------- table

// {id, name, min args, max args, result type, operand casts, bind, symbol,
//  takes nested, doc, internal (SQL only)}
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
    {Id::kGreatest, "greatest", 1, kVariadic, common_comparable, result_operands, nullptr, {}, false,
     "The largest of the arguments, skipping nulls (null only when all are null); NaN is the largest."},
    {Id::kLeast, "least", 1, kVariadic, common_comparable, result_operands, nullptr, {}, false,
     "The smallest of the arguments, skipping nulls (null only when all are null)."},
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
    {Id::kTrunc, "trunc", 1, 1, same_numeric_result, nullptr, nullptr, {}, false,
     "Rounds toward zero to a whole number; integers stay.", true},
    {Id::kSign, "sign", 1, 1, numeric_to_int8, nullptr, nullptr, {}, false,
     "-1, 0 or 1 as the number is negative, zero or positive (int8; NaN gives 0)."},
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
    {Id::kStripStart, "strip_start", 1, 2, strings_to_string, nullptr, nullptr, {}, false,
     "Removes the given characters (whitespace by default) from the start."},
    {Id::kStripEnd, "strip_end", 1, 2, strings_to_string, nullptr, nullptr, {}, false,
     "Removes the given characters (whitespace by default) from the end."},
    {Id::kStrSlice, "str_slice", 3, 3, slice_result, nullptr, nullptr, {}, false,
     "The characters from an offset (negative: from the end), for a length (null: to the end)."},
    {Id::kStrHead, "str_head", 2, 2, text_and_integers, nullptr, nullptr, {}, false,
     "The first n characters; a negative n drops the last -n."},
    {Id::kStrTail, "str_tail", 2, 2, text_and_integers, nullptr, nullptr, {}, false,
     "The last n characters; a negative n drops the first -n."},
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
    {Id::kPadStart, "pad_start", 3, 3, text_and_integers, nullptr, nullptr, {}, false,
     "Pads the text at the start to a length in characters, repeating the fill; a longer text is cut."},
    {Id::kPadEnd, "pad_end", 3, 3, text_and_integers, nullptr, nullptr, {}, false,
     "Pads the text at the end to a length in characters, repeating the fill; a longer text is cut."},
    {Id::kStrPosition, "strpos", 2, 2, strings_to_int64, nullptr, nullptr, {}, false,
     "The position (from 1, in characters) of the first occurrence of a text; 0 when absent.", true},
    {Id::kReverse, "reverse", 1, 1, strings_to_string, nullptr, nullptr, {}, false,
     "The characters in reverse order."},
    {Id::kRepeat, "repeat", 2, 2, text_and_integers, nullptr, nullptr, {}, false,
     "The text repeated n times (empty for n <= 0).", true},
    {Id::kSplitPart, "split_part", 3, 3, text_and_integers, nullptr, nullptr, {}, false,
     "Part k (from 1; negative from the end) of the text split at a separator; empty when out of range.", true},
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
    {Id::kQuarter, "quarter", 1, 1, date_part_result, nullptr, nullptr, {}, false, "The quarter, 1 to 4."},
    {Id::kWeek, "week", 1, 1, date_part_result, nullptr, nullptr, {}, false,
     "The ISO 8601 week number, 1 to 53 (weeks start on Monday; week 1 holds January 4th)."},
    {Id::kIsoYear, "iso_year", 1, 1, date_part_result, nullptr, nullptr, {}, false,
     "The ISO 8601 year, the year of the ISO week."},
    {Id::kDayOfWeek, "day_of_week", 1, 1, date_part_result, nullptr, nullptr, {}, false,
     "The day of the week, Sunday = 0 to Saturday = 6 (as SQL's dow).", true},
    {Id::kEpoch, "epoch", 1, 1, temporal_to_float64, nullptr, nullptr, {}, false,
     "The seconds since 1970-01-01 00:00 UTC, as float64."},
    {Id::kTruncate, "truncate", 2, 2, truncate_result, nullptr, bind_temporal_unit, {}, false,
     "Rounds down to the start of a unit (year ... microsecond; weeks start on Monday), keeping the type."},
    {Id::kDateTrunc, "date_trunc", 2, 2, truncate_result, nullptr, bind_temporal_unit, {}, false,
     "Rounds down to the start of a unit (year ... microsecond; weeks start on Monday), as a timestamp."},
    {Id::kDateDiff, "date_diff", 3, 3, date_diff_result, nullptr, bind_temporal_unit, {}, false,
     "The unit boundaries crossed from the first to the second value (weeks: whole 7-day spans).", true},
    {Id::kAddInterval, "add_interval", 4, 4, add_interval_result, add_interval_operands, nullptr, {}, false,
     "Adds months (day clamped to the month's end), then days, then microseconds to a date or timestamp."},
    {Id::kAssertTrue, "assert_true", 2, 2, assert_result, nullptr, nullptr, {}, false,
     "The condition, or InvalidInputError with the message where it is false (SQL's checks).", true},
    {Id::kLike, "like", 3, 3, strings_to_bool, nullptr, bind_like, {}, false,
     "SQL's LIKE for patterns of text and % (an escape character in the third argument).", true},
}};

constexpr bool listed_in_id_order() {
  for (size_t i = 0; i < kScalarFunctions.size(); ++i)
    if (static_cast<size_t>(kScalarFunctions[i].id) != i || kScalarFunctions[i].name.empty()) return false;
  return true;
}
static_assert(listed_in_id_order(), "kScalarFunctions lists every ScalarFunctionId once, in order");

struct UnitName {
  std::string_view name;
  TemporalUnit unit;
};

// DuckDB's spellings of the units.
constexpr UnitName kUnitNames[] = {
    {"year", TemporalUnit::kYear}, {"years", TemporalUnit::kYear}, {"yr", TemporalUnit::kYear},
    {"yrs", TemporalUnit::kYear}, {"y", TemporalUnit::kYear}, {"quarter", TemporalUnit::kQuarter},
    {"quarters", TemporalUnit::kQuarter}, {"month", TemporalUnit::kMonth}, {"months", TemporalUnit::kMonth},
    {"mon", TemporalUnit::kMonth}, {"mons", TemporalUnit::kMonth}, {"week", TemporalUnit::kWeek},
    {"weeks", TemporalUnit::kWeek}, {"w", TemporalUnit::kWeek}, {"day", TemporalUnit::kDay},
    {"days", TemporalUnit::kDay}, {"d", TemporalUnit::kDay}, {"hour", TemporalUnit::kHour},
    {"hours", TemporalUnit::kHour}, {"hr", TemporalUnit::kHour}, {"hrs", TemporalUnit::kHour},
    {"h", TemporalUnit::kHour}, {"minute", TemporalUnit::kMinute}, {"minutes", TemporalUnit::kMinute},
    {"min", TemporalUnit::kMinute}, {"mins", TemporalUnit::kMinute}, {"m", TemporalUnit::kMinute},
    {"second", TemporalUnit::kSecond}, {"seconds", TemporalUnit::kSecond}, {"sec", TemporalUnit::kSecond},
    {"secs", TemporalUnit::kSecond}, {"s", TemporalUnit::kSecond}, {"millisecond", TemporalUnit::kMillisecond},
    {"milliseconds", TemporalUnit::kMillisecond}, {"ms", TemporalUnit::kMillisecond},
    {"microsecond", TemporalUnit::kMicrosecond}, {"microseconds", TemporalUnit::kMicrosecond},
    {"us", TemporalUnit::kMicrosecond},
};

}  // namespace

TemporalUnit parse_temporal_unit(std::string_view name, std::string_view function) {
  std::string key(name);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& entry : kUnitNames)
    if (entry.name == key) return entry.unit;
  throw InvalidInputError("'" + std::string(function) + "' has no unit '" + std::string(name) +
                          "'; the units are year, quarter, month, week, day, hour, minute, second, millisecond, "
                          "microsecond");
}

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
