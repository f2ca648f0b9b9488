#include "lode/io/csv/predicate_selection.h"

#include <gtest/gtest.h>

#include <cmath>

#include "lode/core/column_builder.h"

namespace lode::io {
namespace {

std::vector<int64_t> all_rows(int64_t count) {
  std::vector<int64_t> rows;
  for (int64_t row = 0; row < count; ++row) rows.push_back(row);
  return rows;
}

std::vector<int64_t> matching(const Column& column, PredicateOp op, std::vector<Scalar> values) {
  std::vector<int64_t> rows = all_rows(column.length());
  keep_matching_rows(column, ColumnPredicate{0, op, std::move(values)}, rows);
  return rows;
}

TEST(PredicateSelectionTest, IntegersWithNulls) {
  ColumnBuilder builder(TypeId::kInt64);
  for (int64_t value : {5, 1, 7}) builder.append<int64_t>(value);
  builder.append_null();
  const auto column = builder.finish();
  using Rows = std::vector<int64_t>;
  EXPECT_EQ(matching(*column, PredicateOp::kGreaterEqual, {Scalar::int64(5)}), (Rows{0, 2}));
  EXPECT_EQ(matching(*column, PredicateOp::kNotEqual, {Scalar::int64(5)}), (Rows{1, 2}));
  EXPECT_EQ(matching(*column, PredicateOp::kIn, {Scalar::int64(1), Scalar::int64(7)}), (Rows{1, 2}));
  EXPECT_EQ(matching(*column, PredicateOp::kIsNull, {}), (Rows{3}));
  EXPECT_EQ(matching(*column, PredicateOp::kIsNotNull, {}), (Rows{0, 1, 2}));
  EXPECT_EQ(matching(*column, PredicateOp::kEqual, {Scalar::null(TypeId::kInt64)}), (Rows{}));
  // A constant of another type: unsure, so every row stays.
  EXPECT_EQ(matching(*column, PredicateOp::kEqual, {Scalar::float64(5)}), (Rows{0, 1, 2, 3}));
}

TEST(PredicateSelectionTest, FloatsKeepNaNAndStringsCompareBytes) {
  ColumnBuilder floats(TypeId::kFloat64);
  for (double value : {1.5, std::nan(""), -2.0}) floats.append<double>(value);
  using Rows = std::vector<int64_t>;
  EXPECT_EQ(matching(*floats.finish(), PredicateOp::kLess, {Scalar::float64(0)}), (Rows{1, 2}));
  ColumnBuilder strings(TypeId::kString);
  for (const char* value : {"b", "a", "c"}) strings.append_string(value);
  const auto column = strings.finish();
  EXPECT_EQ(matching(*column, PredicateOp::kGreater, {Scalar::string("a")}), (Rows{0, 2}));
  EXPECT_EQ(matching(*column, PredicateOp::kIn, {Scalar::string("c"), Scalar::string("z")}), (Rows{2}));
  ColumnBuilder bools(TypeId::kBool);
  bools.append_bool(true);
  bools.append_bool(false);
  EXPECT_EQ(matching(*bools.finish(), PredicateOp::kEqual, {Scalar::boolean_value(false)}), (Rows{1}));
}

}  // namespace
}  // namespace lode::io
