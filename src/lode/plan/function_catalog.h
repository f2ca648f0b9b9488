#pragma once
// The catalogue of functions: every scalar and aggregate function is
// registered here once, with its name, arity, result-type rule, the casts
// bind_expr() inserts, a bind step for constant arguments and a one-line
// doc. plan::call() and plan::aggregate() resolve a name to its entry, so a
// bound Expr points at it and nobody compares names afterwards. The
// executor binds one kernel (or aggregate-state factory) to each id, in
// exec/kernels/registry.cpp and exec/aggregates/registry.cpp; the ids are
// the contract between the two layers, and both tables are checked at
// compile time to list every id once, in order.
//
// Entries are immutable and static; FunctionData made at bind time is
// shared read-only by every thread that evaluates the expression.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lode/core/data_type.h"
#include "lode/core/regex.h"

namespace lode::plan {

struct Expr;
struct ExprOptions;

enum class ScalarFunctionId : uint8_t {
  kAdd, kSubtract, kMultiply, kDivide, kFloorDivide, kModulo, kPower, kNegate, kAbs,
  kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual,
  kAnd, kOr, kXor, kNot, kIsNull, kIsNotNull,
  kCaseWhen, kFillNull, kCoalesce, kIsIn, kGreatest, kLeast,
  kSqrt, kExp, kLog, kLog10, kSin, kCos, kRound, kFloor, kCeil, kTrunc, kSign, kIsNan, kIsFinite,
  kStrLen, kStrLenBytes, kUpper, kLower, kStrip, kStripStart, kStripEnd, kStrSlice, kStrHead, kStrTail, kConcat,
  kContains, kContainsRegex, kStartsWith, kEndsWith, kReplace, kReplaceAll, kReplaceRegex, kReplaceAllRegex,
  kPadStart, kPadEnd, kStrPosition, kReverse, kRepeat, kSplitPart,
  kYear, kMonth, kDay, kWeekday, kOrdinalDay, kHour, kMinute, kSecond, kMicrosecond, kDate,
  kQuarter, kWeek, kIsoYear, kDayOfWeek, kEpoch, kTruncate, kDateTrunc, kDateDiff,
  kAddInterval, kAssertTrue, kLike,
};
inline constexpr size_t kNumScalarFunctions = static_cast<size_t>(ScalarFunctionId::kLike) + 1;

enum class AggregateFunctionId : uint8_t {
  kSum, kMean, kMin, kMax, kCount, kLen, kNUnique, kMedian, kQuantile, kStd, kVar, kFirst, kLast, kCorr, kStrJoin,
  kRowNumber, kRank,
  // window-only functions of the rows in the window's order
  kLag, kLead, kFirstValue, kLastValue, kNthValue, kNtile, kPercentRank, kCumeDist,
};
inline constexpr size_t kNumAggregateFunctions = static_cast<size_t>(AggregateFunctionId::kCumeDist) + 1;

/// What a function's bind step prepares once per bound expression, for its
/// kernel to read on every batch (a compiled pattern, ...).
struct FunctionData {
  virtual ~FunctionData() = default;
};

/// The bind-time data of the regular-expression functions: the pattern,
/// compiled, and for replace the parsed replacement. No regex when the
/// pattern is null (every result is then null).
struct RegexData final : FunctionData {
  std::optional<Regex> regex;
  RegexReplacement replacement;
};

/// The bind-time data of like (SQL's LIKE without `_`): the pattern's
/// literal parts between its `%` wildcards, escapes resolved. The text
/// starts with the first part, ends with the last, and holds the others in
/// order between them (a pattern without `%` is one part: the whole text).
struct LikeData final : FunctionData {
  std::vector<std::string> parts;
  bool null_pattern = false;
};

/// The calendar units of date_trunc and date_diff, coarsest first.
enum class TemporalUnit : uint8_t {
  kYear, kQuarter, kMonth, kWeek, kDay, kHour, kMinute, kSecond, kMillisecond, kMicrosecond
};

/// The bind-time data of date_trunc and date_diff: the unit (argument 0, a
/// constant), or none when it is null (every result is then null).
struct TemporalUnitData final : FunctionData {
  std::optional<TemporalUnit> unit;
};

/// Returns the unit a name spells (year, years, yr, y, ...; any case), or
/// throws InvalidInputError listing the valid units, naming `function`.
TemporalUnit parse_temporal_unit(std::string_view name, std::string_view function);

struct ScalarFunction;

/// Returns the result type for the argument types, or throws
/// InvalidInputError (naming the function) for types it does not take.
using ResultTypeRule = DataType (*)(const ScalarFunction& function, const std::vector<DataType>& args);
/// Returns the type argument `index` is cast to before the kernel runs.
using OperandTypeRule = DataType (*)(const std::vector<DataType>& args, const DataType& result, size_t index);
/// Checks constant arguments and prepares them once (e.g. compiles a pattern).
using BindRule = std::shared_ptr<const FunctionData> (*)(const Expr& bound_call);

inline constexpr int kVariadic = -1;

struct ScalarFunction {
  ScalarFunctionId id;
  std::string_view name;
  int min_args;
  int max_args;                           // kVariadic: no limit
  ResultTypeRule result_type;
  // The casts to the operand types, for functions whose arguments unify:
  // null literals first take the type of the other values, and numeric
  // literals the other operand's type where they fit (col("i32") > 3
  // compares as int32).
  OperandTypeRule operand_type = nullptr;  // nullptr: arguments keep their types
  BindRule bind = nullptr;
  std::string_view symbol = {};           // operator spelling in to_string ("+", "~")
  bool takes_nested = false;              // accepts list and struct arguments
  std::string_view doc = {};
  bool internal = false;                  // not a Python method (kept for SQL)
};

struct AggregateFunction;

/// Returns an aggregate's result type for its argument types and options.
using AggregateTypeRule = DataType (*)(const AggregateFunction& function, const std::vector<DataType>& args,
                                       const ExprOptions& options);

struct AggregateFunction {
  AggregateFunctionId id;
  std::string_view name;
  int min_args;
  int max_args;
  AggregateTypeRule result_type;
  bool ranking = false;       // a ranking function, valid only in a window
  bool takes_nested = false;  // counts rows of any type
  bool internal = false;      // not a Python method (kept for SQL)
  std::string_view doc = {};
};

/// Returns every scalar function, in id order.
std::span<const ScalarFunction> scalar_functions();
/// Returns every aggregate and ranking function, in id order.
std::span<const AggregateFunction> aggregate_functions();

const ScalarFunction& scalar_function(ScalarFunctionId id);
const AggregateFunction& aggregate_function(AggregateFunctionId id);

/// Returns the scalar function called `name`; throws InvalidInputError with
/// a "did you mean" suggestion when there is none.
const ScalarFunction& find_scalar_function(std::string_view name);
/// Returns the aggregate or ranking function called `name`, or throws.
const AggregateFunction& find_aggregate_function(std::string_view name);
/// Returns the aggregate called `name`, or nullptr.
const AggregateFunction* lookup_aggregate_function(std::string_view name);

}  // namespace lode::plan
