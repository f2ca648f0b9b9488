#pragma once
// Applies a scan's pushed predicates to a batch of converted columns, so the
// CSV source converts the other columns only for rows that can pass (the
// filter runs during the scan). Conservative: a row is dropped only when a
// predicate is surely false for it (NULL compared is false; NaN is kept),
// since the executor applies the full filter afterwards anyway.
// Stateless; called on the split reader's thread.

#include <cstdint>
#include <vector>

#include "lode/core/column.h"
#include "lode/io/scan_filter.h"

namespace lode::io {

/// Keeps in `rows` (ascending row numbers of `column`) those that may
/// satisfy `predicate`. A predicate whose values do not have the column's
/// type keeps every row.
void keep_matching_rows(const Column& column, const ColumnPredicate& predicate, std::vector<int64_t>& rows);

}  // namespace lode::io
