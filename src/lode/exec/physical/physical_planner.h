#pragma once
// The physical planner: turns an optimized logical plan into physical
// operators with their own parameters (bound expressions, join kinds as
// enums, the build side of each join chosen by estimated size). It is the
// only place that switches on logical plan kinds; the executor sees only
// operators and pipelines.

#include <string>

#include "lode/exec/physical/physical_operator.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

/// Returns the operator tree for `node` (the root has no sink above it yet).
PhysicalOperatorPtr plan_physical(const plan::PlanNode& node);

/// Returns the operator tree as indented text, then its pipelines.
std::string explain_physical(PhysicalOperator& root);

}  // namespace lode::exec
