#pragma once
// Rough row counts of plan outputs: what the physical planner picks join
// build sides by and the join order is chosen with. A scan knows its
// source's rows; each filter keeps half; a grouping a tenth; an equi-join
// is taken for a foreign key meeting its key (the larger side's rows, times
// the share of the smaller side's rows its filters kept).

#include "lode/plan/logical_plan.h"

namespace lode::plan {

/// Returns the estimated rows of `node`'s output.
double estimate_rows(const PlanNode& node);
/// Returns the estimated share of its base rows that `node` keeps: what the
/// filters (and semi and anti joins) on the way from its scans left; a
/// grouping starts a new base.
double estimate_share(const PlanNode& node);

}  // namespace lode::plan
