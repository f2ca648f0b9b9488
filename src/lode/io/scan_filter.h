#pragma once
// Predicates pushed from a query's filter into a scan: comparisons of one
// column with constants, which a file reader can check against min/max
// statistics or dictionaries to skip data without reading it. The executor
// still evaluates the full filter on the rows it receives, so a reader may
// ignore any predicate it cannot use.

#include <string>
#include <vector>

#include "lode/core/scalar.h"

namespace lode::io {

enum class PredicateOp { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual, kIsNull, kIsNotNull, kIn };

/// `column op value`, `column IN (values)`, or `column IS [NOT] NULL`.
/// Values have the column's type.
struct ColumnPredicate {
  int column = 0;
  PredicateOp op = PredicateOp::kEqual;
  std::vector<Scalar> values;  // one value; several for kIn; none for null tests
};

/// Returns e.g. "v1 >= 3" for explain().
std::string describe_predicate(const ColumnPredicate& predicate, const std::string& column_name);

}  // namespace lode::io
