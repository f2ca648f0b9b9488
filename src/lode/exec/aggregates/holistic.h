#pragma once
// Factories for the aggregate states that are not plain accumulators:
// selecting ones (min, max, first, last: keep one value per group, of any
// type) and holistic ones (median, quantile, n_unique: keep the values).

#include <memory>

#include "lode/exec/aggregates/aggregate_state.h"

namespace lode::exec {

std::unique_ptr<AggregateState> make_selecting_state(const plan::Expr& aggregate);
std::unique_ptr<AggregateState> make_holistic_state(const plan::Expr& aggregate);

}  // namespace lode::exec
