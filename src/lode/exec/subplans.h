#pragma once
// Parts of a plan that run before the query that reads them, each a query
// of its own on the query's context (its thread pool, memory and cancel
// token), their rows then standing in the plan as in-memory tables: a
// recursive union (WITH RECURSIVE), round by round; and a shared result (a
// CTE read more than once), once for all its scans.

#include "lode/exec/query_context.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

/// Returns `plan` with every recursive union and shared result computed
/// and replaced by a scan of its rows (nested ones first); the plan itself
/// when it has none.
plan::PlanPtr compute_subplans(const plan::PlanPtr& plan, QueryContext& context);

}  // namespace lode::exec
