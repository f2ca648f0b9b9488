// Binds a state factory and an input-type rule to every aggregate function
// of plan/function_catalog.h. The table is indexed by AggregateFunctionId
// and checked at compile time. Ranking functions have no state: the window
// operator computes them.

#include <array>

#include "lode/core/error.h"
#include "lode/exec/aggregates/state_factories.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/kernels/scalar_functions.h"
#include "lode/plan/function_catalog.h"

namespace lode::exec {

namespace {

using Id = plan::AggregateFunctionId;
using StateFactory = std::unique_ptr<AggregateState> (*)(const plan::Expr& aggregate);
using InputTypes = std::vector<DataType> (*)(const plan::Expr& aggregate);

std::vector<DataType> argument_types(const plan::Expr& aggregate) {
  std::vector<DataType> types;
  for (const auto& arg : aggregate.args) types.push_back(arg->type);
  return types;
}

bool reads_directly(const DataType& type) { return type.is_integer() || type.is_floating(); }

// sum reads integers and floats as they are, anything else as its result type.
std::vector<DataType> sum_inputs(const plan::Expr& aggregate) {
  std::vector<DataType> types = argument_types(aggregate);
  if (!reads_directly(types[0])) types[0] = aggregate.type;
  return types;
}

std::vector<DataType> float64_inputs(const plan::Expr& aggregate) {
  return std::vector<DataType>(aggregate.args.size(), DataType(TypeId::kFloat64));
}

// mean reads integers, floats and decimals as they are, anything else as float64.
std::vector<DataType> mean_inputs(const plan::Expr& aggregate) {
  std::vector<DataType> types = argument_types(aggregate);
  return reads_directly(types[0]) || types[0].id == TypeId::kDecimal128 ? types : float64_inputs(aggregate);
}

// corr reads two columns of one integer or float type as they are.
std::vector<DataType> corr_inputs(const plan::Expr& aggregate) {
  std::vector<DataType> types = argument_types(aggregate);
  return types[0] == types[1] && reads_directly(types[0]) ? types : float64_inputs(aggregate);
}

struct AggregateBinding {
  Id id;
  StateFactory make_state;  // nullptr for ranking functions
  InputTypes input_types;
};

constexpr std::array<AggregateBinding, plan::kNumAggregateFunctions> kAggregates = {{
    {Id::kSum, make_sum_state, sum_inputs},
    {Id::kMean, make_mean_state, mean_inputs},
    {Id::kMin, make_min_state, argument_types},
    {Id::kMax, make_max_state, argument_types},
    {Id::kCount, make_count_state, argument_types},
    {Id::kLen, make_len_state, argument_types},
    {Id::kNUnique, make_n_unique_state, argument_types},
    {Id::kMedian, make_median_state, float64_inputs},
    {Id::kQuantile, make_quantile_state, float64_inputs},
    {Id::kStd, make_std_state, float64_inputs},
    {Id::kVar, make_var_state, float64_inputs},
    {Id::kFirst, make_first_state, argument_types},
    {Id::kLast, make_last_state, argument_types},
    {Id::kCorr, make_corr_state, corr_inputs},
    {Id::kStrJoin, make_str_join_state, argument_types},
    {Id::kRowNumber, nullptr, argument_types},
    {Id::kRank, nullptr, argument_types},
    {Id::kLag, nullptr, argument_types},
    {Id::kLead, nullptr, argument_types},
    {Id::kFirstValue, nullptr, argument_types},
    {Id::kLastValue, nullptr, argument_types},
    {Id::kNthValue, nullptr, argument_types},
    {Id::kNtile, nullptr, argument_types},
    {Id::kPercentRank, nullptr, argument_types},
    {Id::kCumeDist, nullptr, argument_types},
}};

constexpr bool bound_in_id_order() {
  for (size_t i = 0; i < kAggregates.size(); ++i)
    if (static_cast<size_t>(kAggregates[i].id) != i) return false;
  return true;
}
static_assert(bound_in_id_order(), "kAggregates binds every AggregateFunctionId once, in order");

const AggregateBinding& binding_of(const plan::Expr& aggregate) {
  LODE_CHECK(aggregate.kind == plan::ExprKind::kAggregate && aggregate.aggregate_function != nullptr,
             "not a resolved aggregate: " + aggregate.to_string());
  return kAggregates[static_cast<size_t>(aggregate.aggregate_function->id)];
}

}  // namespace

std::vector<DataType> aggregate_input_types(const plan::Expr& aggregate) {
  return binding_of(aggregate).input_types(aggregate);
}

std::vector<std::shared_ptr<Column>> aggregate_inputs(const plan::Expr& aggregate, const Batch& batch) {
  const std::vector<DataType> input_types = aggregate_input_types(aggregate);
  std::vector<std::shared_ptr<Column>> inputs;
  for (size_t arg = 0; arg < aggregate.args.size(); ++arg) {
    auto input = evaluate(*aggregate.args[arg], batch);
    if (input->type() != input_types[arg]) input = cast_column(*input, input_types[arg], true);
    inputs.push_back(std::move(input));
  }
  return inputs;
}

std::unique_ptr<AggregateState> make_aggregate_state(const plan::Expr& aggregate) {
  const AggregateBinding& binding = binding_of(aggregate);
  if (binding.make_state == nullptr)
    throw NotSupportedError("'" + aggregate.name + "' ranks rows within a window; use it with .over(...)",
                            ErrorContext{.expression = aggregate.to_string()});
  return binding.make_state(aggregate);
}

}  // namespace lode::exec
