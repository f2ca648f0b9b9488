#pragma once
// WITH RECURSIVE: a recursive union runs before the query that reads it,
// round by round, each round a query of its own on the query's context
// (its thread pool, memory and cancel token). Its rows then stand in the
// plan as an in-memory table.

#include "lode/exec/query_context.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

/// Returns `plan` with every recursive union computed and replaced by a
/// scan of its rows (nested ones first); the plan itself when it has none.
plan::PlanPtr compute_recursive_unions(const plan::PlanPtr& plan, QueryContext& context);

}  // namespace lode::exec
