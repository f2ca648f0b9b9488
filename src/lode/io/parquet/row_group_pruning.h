#pragma once
// Decides from a row group's statistics (min, max, null count) or from a
// Hive partition's constant value whether a pushed predicate can hold for
// any of its rows. Answers "excluded" only when sure; unknown statistics,
// NaN bounds or values of another type never exclude. Pure functions.

#include <cstdint>
#include <optional>

#include "lode/core/column.h"
#include "lode/core/scalar.h"
#include "lode/io/parquet/column_descriptor.h"
#include "lode/io/scan_filter.h"

namespace lode::io::parquet {

/// What is known of one column over a row group.
struct ValueRange {
  std::optional<Scalar> min, max;
  std::optional<int64_t> null_count;
  int64_t num_rows = 0;
};

/// Returns the range a chunk's statistics give (empty when it has none usable).
ValueRange chunk_range(const ColumnDescriptor& column, const ColumnMetaData& meta, int64_t num_rows);

/// Returns the range of a column that holds `value` in every row.
ValueRange constant_range(const Scalar& value, int64_t num_rows);

/// Returns true when no row in `range` can satisfy `predicate`.
bool range_excludes(const ValueRange& range, const ColumnPredicate& predicate);

/// Returns true when an equality or IN predicate matches no value of a
/// chunk's dictionary (which holds every value of the chunk).
bool dictionary_excludes(const Column& dictionary, const ColumnPredicate& predicate);

/// Returns whether a dictionary could rule out `predicate` (= or IN).
inline bool dictionary_can_exclude(const ColumnPredicate& predicate) {
  return predicate.op == PredicateOp::kEqual || predicate.op == PredicateOp::kIn;
}

/// Compares two scalars of comparable types; nullopt when they are not.
std::optional<int> compare_scalars(const Scalar& a, const Scalar& b);

}  // namespace lode::io::parquet
