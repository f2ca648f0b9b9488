#pragma once
// Join order: where the written order of inner joins needs a cross product
// that the join keys could avoid (FROM part, supplier, lineitem ... with
// the equalities in WHERE), or clearly makes more rows, the joins are
// rebuilt in an order that follows the keys. Part of the optimizer, run
// after predicate pushdown has turned WHERE's equalities into join keys.

#include "lode/plan/logical_plan.h"

namespace lode::plan {

/// Returns `plan` with each such region of joins reordered (the output's
/// columns as before); other regions stay as written.
PlanPtr reorder_joins(const PlanPtr& plan);

/// Moves semi and anti joins (IN and EXISTS subqueries) below the inner
/// joins under them, to the side whose columns they test, so they drop rows
/// before those joins multiply them (TPC-H q18's orders).
PlanPtr push_semi_joins(const PlanPtr& plan);

/// Where a join meets a grouping on its key (a decorrelated subquery:
/// lineitem's average quantity per part, joined to the parts a filter
/// kept), only the groups of keys the other side can hold matter: the
/// grouping's input gets a semi join with the scan those keys come from,
/// so it groups those rows alone (TPC-H q17, q20, q02). The other side's
/// keys must come from that scan through inner and semi joins (on either
/// side of their keys), filters and projections, and the scan must be
/// much smaller than the grouped input.
PlanPtr reduce_grouped_inputs(const PlanPtr& plan);

}  // namespace lode::plan
