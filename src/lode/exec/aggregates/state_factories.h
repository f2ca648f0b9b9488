#pragma once
// The state factory of each aggregate function; aggregates/registry.cpp
// binds them to the AggregateFunctionIds of plan/function_catalog.h. Each
// takes the bound aggregate expression (its result type, options and the
// input types that aggregate_input_types() gives).

#include <memory>

#include "lode/exec/aggregates/aggregate_state.h"

namespace lode::exec {

// decomposable.cpp: accumulators that merge from partial states.
std::unique_ptr<AggregateState> make_count_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_len_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_sum_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_mean_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_var_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_std_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_corr_state(const plan::Expr& aggregate);

// selecting.cpp: one value per group, of any type.
std::unique_ptr<AggregateState> make_min_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_max_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_first_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_last_state(const plan::Expr& aggregate);

// holistic.cpp: keep the values and do the work in finalize().
std::unique_ptr<AggregateState> make_median_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_quantile_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_n_unique_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_str_join_state(const plan::Expr& aggregate);

}  // namespace lode::exec
