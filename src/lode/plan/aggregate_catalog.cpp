// The aggregate and ranking functions: one entry each, with its result-type
// rule. Their states are made in exec/aggregates/registry.cpp; rankings
// are computed by the window operator.

#include <array>

#include "lode/core/error.h"
#include "lode/plan/expression.h"
#include "lode/plan/function_catalog.h"
#include "lode/plan/type_rules.h"

namespace lode::plan {

namespace {

using Id = AggregateFunctionId;
using Types = std::vector<DataType>;

std::string quoted(const AggregateFunction& function) { return "'" + std::string(function.name) + "'"; }

DataType int64_result(const AggregateFunction&, const Types&, const ExprOptions&) { return TypeId::kInt64; }

DataType float64_result(const AggregateFunction&, const Types&, const ExprOptions&) { return TypeId::kFloat64; }

DataType input_result(const AggregateFunction&, const Types& args, const ExprOptions&) { return args[0]; }

// Sums widen: signed integers and bools to int64, unsigned to uint64,
// floats to float64, decimals to decimal128(38, scale).
DataType sum_result(const AggregateFunction& function, const Types& args, const ExprOptions&) {
  const DataType& input = args[0];
  if (input.is_signed_integer() || input.id == TypeId::kBool) return TypeId::kInt64;
  if (input.is_integer()) return TypeId::kUInt64;
  if (input.is_floating()) return TypeId::kFloat64;
  if (input.id == TypeId::kDecimal128) return DataType::decimal128(38, input.scale);
  throw_type_error(quoted(function), args);
}

DataType statistic_result(const AggregateFunction& function, const Types& args, const ExprOptions&) {
  if (!args[0].is_numeric() && args[0].id != TypeId::kBool) throw_type_error(quoted(function), args);
  return TypeId::kFloat64;
}

DataType corr_result(const AggregateFunction& function, const Types& args, const ExprOptions&) {
  if (!args[0].is_numeric() || !args[1].is_numeric()) throw_type_error(quoted(function), args);
  return TypeId::kFloat64;
}

DataType string_result(const AggregateFunction& function, const Types& args, const ExprOptions&) {
  if (args[0].id != TypeId::kString) throw_type_error(quoted(function), args);
  return TypeId::kString;
}

// An average rank of tied values can be fractional.
DataType rank_result(const AggregateFunction&, const Types&, const ExprOptions& options) {
  return options.method == "average" ? DataType(TypeId::kFloat64) : DataType(TypeId::kInt64);
}

// {id, name, min args, max args, result type, ranking, takes nested, internal, doc}
constexpr std::array<AggregateFunction, kNumAggregateFunctions> kAggregateFunctions = {{
    {Id::kSum, "sum", 1, 1, sum_result, false, false, false, "The sum of the values; null for no values."},
    {Id::kMean, "mean", 1, 1, statistic_result, false, false, false, "The arithmetic mean, as float64."},
    {Id::kMin, "min", 1, 1, input_result, false, false, false, "The smallest value."},
    {Id::kMax, "max", 1, 1, input_result, false, false, false, "The largest value."},
    {Id::kCount, "count", 1, 1, int64_result, false, true, false, "The number of values that are not null."},
    {Id::kLen, "len", 0, 0, int64_result, false, true, false, "The number of rows, nulls included."},
    {Id::kNUnique, "n_unique", 1, 1, int64_result, false, false, false,
     "The number of distinct values that are not null."},
    {Id::kMedian, "median", 1, 1, statistic_result, false, false, false,
     "The median, interpolating between the middle two values."},
    {Id::kQuantile, "quantile", 1, 1, statistic_result, false, false, false,
     "The value at a quantile between 0 and 1, interpolating linearly."},
    {Id::kStd, "std", 1, 1, statistic_result, false, false, false,
     "The standard deviation, with ddof degrees of freedom subtracted."},
    {Id::kVar, "var", 1, 1, statistic_result, false, false, false,
     "The variance, with ddof degrees of freedom subtracted."},
    {Id::kFirst, "first", 1, 1, input_result, false, false, false, "The first value, in input order."},
    {Id::kLast, "last", 1, 1, input_result, false, false, false, "The last value, in input order."},
    {Id::kCorr, "corr", 2, 2, corr_result, false, false, false, "The Pearson correlation of two columns."},
    {Id::kStrJoin, "str_join", 1, 1, string_result, false, false, false,
     "The strings joined by the separator, in input order; nulls skipped."},
    {Id::kRowNumber, "row_number", 0, 1, int64_result, true, false, true,
     "Numbers the rows of each window from 1 (SQL's ROW_NUMBER; Python spells it rank(method='ordinal'))."},
    {Id::kRank, "rank", 0, 1, rank_result, true, false, false,
     "Ranks values from 1 (methods average, min, max, dense, ordinal); with no value, by the window's order."},
    {Id::kLag, "lag", 1, 2, input_result, true, true, true,
     "The value `offset` rows before, in the window's order (else the default, or null)."},
    {Id::kLead, "lead", 1, 2, input_result, true, true, true,
     "The value `offset` rows after, in the window's order (else the default, or null)."},
    {Id::kFirstValue, "first_value", 1, 1, input_result, true, true, true, "The value at the frame's first row."},
    {Id::kLastValue, "last_value", 1, 1, input_result, true, true, true, "The value at the frame's last row."},
    {Id::kNthValue, "nth_value", 1, 1, input_result, true, true, true,
     "The value at the frame's `offset`-th row (from 1), or null."},
    {Id::kNtile, "ntile", 0, 0, int64_result, true, false, true,
     "Numbers `offset` buckets of the window's rows, as equal in size as they can be, from 1."},
    {Id::kPercentRank, "percent_rank", 0, 0, float64_result, true, false, true,
     "(rank - 1) / (rows - 1): the share of the window's other rows ordered before this one's peers."},
    {Id::kCumeDist, "cume_dist", 0, 0, float64_result, true, false, true,
     "The share of the window's rows ordered before this one or tied with it."},
}};

constexpr bool listed_in_id_order() {
  for (size_t i = 0; i < kAggregateFunctions.size(); ++i)
    if (static_cast<size_t>(kAggregateFunctions[i].id) != i || kAggregateFunctions[i].name.empty()) return false;
  return true;
}
static_assert(listed_in_id_order(), "kAggregateFunctions lists every AggregateFunctionId once, in order");

}  // namespace

std::span<const AggregateFunction> aggregate_functions() { return kAggregateFunctions; }

const AggregateFunction& aggregate_function(AggregateFunctionId id) {
  return kAggregateFunctions[static_cast<size_t>(id)];
}

const AggregateFunction* lookup_aggregate_function(std::string_view name) {
  for (const auto& function : kAggregateFunctions)
    if (function.name == name) return &function;
  return nullptr;
}

const AggregateFunction& find_aggregate_function(std::string_view name) {
  if (const AggregateFunction* function = lookup_aggregate_function(name)) return *function;
  std::vector<std::string> names;
  for (const auto& function : kAggregateFunctions) names.emplace_back(function.name);
  const std::string suggestion = closest_match(std::string(name), names.data(), names.size());
  throw InvalidInputError("unknown aggregate '" + std::string(name) + "'",
                          ErrorContext{.hint = suggestion.empty() ? "" : "did you mean '" + suggestion + "'?"});
}

}  // namespace lode::plan
