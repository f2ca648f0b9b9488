#pragma once
// Turns a scan's pushed filter conjuncts into io::ColumnPredicates that a
// file reader can check against statistics: `column op constant`,
// `column IS [NOT] NULL` and `column IN (constants)`. Others stay filters only.

#include <vector>

#include "lode/io/scan_filter.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {

std::vector<io::ColumnPredicate> to_column_predicates(const plan::PlanNode& scan);

}  // namespace lode::exec
