#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "lode/core/error.h"
#include "lode/datagen/datagen.h"

namespace lode::datagen {
namespace {

std::set<std::string> distinct_strings(const Column& column) {
  std::set<std::string> values;
  for (int64_t row = 0; row < column.length(); ++row)
    if (column.is_valid(row)) values.insert(std::string(column.string_at(row)));
  return values;
}

std::set<int32_t> distinct_ints(const Column& column) {
  std::set<int32_t> values;
  for (int64_t row = 0; row < column.length(); ++row)
    if (column.is_valid(row)) values.insert(column.values<int32_t>()[row]);
  return values;
}

TEST(GroupbyTableTest, ColumnsAndCardinalitiesMatchTheBenchmark) {
  auto table = groupby_table({.num_rows = 100000, .k = 10, .seed = 1});
  ASSERT_EQ(table->schema().names(),
            (std::vector<std::string>{"id1", "id2", "id3", "id4", "id5", "id6", "v1", "v2", "v3"}));
  auto id1 = distinct_strings(*table->column(0));
  EXPECT_EQ(id1.size(), 10u);
  EXPECT_EQ(*id1.begin(), "id001");
  EXPECT_EQ(*id1.rbegin(), "id010");
  auto id3 = distinct_strings(*table->column(2));
  EXPECT_GT(id3.size(), 9900u);  // 10000 possible; a few are never drawn
  EXPECT_LE(id3.size(), 10000u);
  EXPECT_EQ(id3.begin()->size(), 12u);
  EXPECT_EQ(distinct_ints(*table->column(3)), (std::set<int32_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  auto id6 = distinct_ints(*table->column(5));
  EXPECT_EQ(*id6.begin(), 1);
  EXPECT_EQ(*id6.rbegin(), 10000);
  EXPECT_EQ(distinct_ints(*table->column(6)), (std::set<int32_t>{1, 2, 3, 4, 5}));
  auto v2 = distinct_ints(*table->column(7));
  EXPECT_EQ(v2.size(), 15u);
  EXPECT_EQ(*v2.rbegin(), 15);
  auto v3 = table->column(8);
  double low = 100, high = 0;
  for (int64_t row = 0; row < v3->length(); ++row) {
    double value = v3->values<double>()[row];
    low = std::min(low, value);
    high = std::max(high, value);
    ASSERT_NEAR(value * 1e6, std::round(value * 1e6), 1e-4);  // 6 decimals
  }
  EXPECT_GE(low, 0.0);
  EXPECT_LT(low, 0.01);
  EXPECT_LE(high, 100.0);
  EXPECT_GT(high, 99.99);
}

TEST(GroupbyTableTest, NullShareIsExactPerColumn) {
  auto table = groupby_table({.num_rows = 20000, .k = 100, .null_percent = 5, .seed = 3});
  for (int column = 0; column < table->num_columns(); ++column)
    EXPECT_EQ(table->column(column)->null_count(), 1000) << table->schema().field(column).name;
}

TEST(GroupbyTableTest, IsDeterministicForASeed) {
  auto first = groupby_table({.num_rows = 1000, .k = 10, .seed = 7});
  auto again = groupby_table({.num_rows = 1000, .k = 10, .seed = 7});
  auto other = groupby_table({.num_rows = 1000, .k = 10, .seed = 8});
  auto same_values = [](const Table& a, const Table& b) {
    for (int64_t row = 0; row < a.num_rows(); ++row)
      if (a.column(8)->values<double>()[row] != b.column(8)->values<double>()[row] ||
          a.column(0)->string_at(row) != b.column(0)->string_at(row))
        return false;
    return true;
  };
  EXPECT_TRUE(same_values(*first, *again));
  EXPECT_FALSE(same_values(*first, *other));
}

TEST(GroupbyTableTest, SortedOrdersByAllKeysWithNullsFirst) {
  auto table = groupby_table({.num_rows = 5000, .k = 10, .null_percent = 10, .sorted = true, .seed = 2});
  auto id1 = table->column(0);
  auto id2 = table->column(1);
  for (int64_t row = 1; row < table->num_rows(); ++row) {
    const bool previous_null = id1->is_null(row - 1), null = id1->is_null(row);
    ASSERT_FALSE(!previous_null && null) << "null after a value at row " << row;
    if (!previous_null && !null) {
      ASSERT_LE(id1->string_at(row - 1), id1->string_at(row));
      if (id1->string_at(row - 1) == id1->string_at(row) && id2->is_valid(row - 1) && id2->is_valid(row)) {
        ASSERT_LE(id2->string_at(row - 1), id2->string_at(row));
      }
    }
  }
}

TEST(GroupbyTableTest, RejectsBadOptions) {
  EXPECT_THROW(groupby_table({.num_rows = 0}), InvalidInputError);
  EXPECT_THROW(groupby_table({.num_rows = 10, .k = 100}), InvalidInputError);
  EXPECT_THROW(groupby_table({.num_rows = 10, .k = 2, .null_percent = 101}), InvalidInputError);
}

}  // namespace
}  // namespace lode::datagen
