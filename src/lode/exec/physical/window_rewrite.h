#pragma once
// Plans a projection with window expressions: a materializing breaker adds
// one column per window (computed partition by partition, on the
// partition_by keys all the windows share), and a projection above it
// reads those columns in place of the windows.
// `rank(...).over(...) <= k` becomes a column of "in the top k" flags,
// computed without ranking every row where the shape allows.

#include "lode/exec/physical/physical_operator.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

PhysicalOperatorPtr plan_window_project(const plan::PlanNode& node, PhysicalOperatorPtr input);

}  // namespace lode::exec
