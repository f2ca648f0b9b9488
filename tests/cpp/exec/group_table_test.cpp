#include "lode/exec/group_table.h"

#include <gtest/gtest.h>

#include <cmath>

#include "lode/core/column_builder.h"

namespace lode::exec {
namespace {

std::shared_ptr<Column> strings(std::initializer_list<const char*> values) {
  ColumnBuilder builder(TypeId::kString);
  for (const char* value : values) {
    if (value) builder.append_string(value);
    else builder.append_null();
  }
  return builder.finish();
}

std::shared_ptr<Column> doubles(std::initializer_list<double> values) {
  ColumnBuilder builder(TypeId::kFloat64);
  for (double value : values) builder.append<double>(value);
  return builder.finish();
}

TEST(GroupTableTest, EqualKeysShareAGroupAndNullsGroupTogether) {
  KeyEncoder encoder({TypeId::kString, TypeId::kFloat64});
  auto names = strings({"a", "b", "a", nullptr, nullptr, "a"});
  auto values = doubles({1.0, 1.0, 1.0, 2.0, 2.0, -0.0});
  encoder.encode({names, values}, 6);
  GroupTable table;
  std::vector<uint32_t> groups(6);
  table.find_or_insert(encoder, 6, groups.data());
  EXPECT_EQ(groups, (std::vector<uint32_t>{0, 1, 0, 2, 2, 3}));
  EXPECT_EQ(table.num_groups(), 4);
}

TEST(GroupTableTest, NegativeZeroAndNaNsAreOneKeyEach) {
  KeyEncoder encoder({TypeId::kFloat64});
  encoder.encode({doubles({0.0, -0.0, NAN, -NAN})}, 4);
  EXPECT_EQ(encoder.key(0), encoder.key(1));
  EXPECT_EQ(encoder.key(2), encoder.key(3));
  EXPECT_NE(encoder.key(0), encoder.key(2));
}

TEST(GroupTableTest, GrowsAndDecodesKeysBack) {
  ColumnBuilder builder(TypeId::kInt64);
  const int64_t n = 100000;
  for (int64_t i = 0; i < n; ++i) {
    if (i % 1001 == 7) builder.append_null();
    else builder.append<int64_t>(i % 30000);
  }
  auto column = builder.finish();
  KeyEncoder encoder({TypeId::kInt64});
  encoder.encode({column}, n);
  GroupTable table;
  std::vector<uint32_t> groups(n);
  table.find_or_insert(encoder, n, groups.data());
  EXPECT_EQ(table.num_groups(), 30001);  // 30000 values (each also at a non-null row) and null
  std::vector<std::string_view> keys;
  for (uint32_t group = 0; group < table.num_groups(); ++group) keys.push_back(table.key(group));
  auto decoded = KeyEncoder::decode({TypeId::kInt64}, keys)[0];
  for (int64_t row = 0; row < n; row += 997) {
    const uint32_t group = groups[row];
    EXPECT_EQ(decoded->is_null(group), column->is_null(row));
    if (column->is_valid(row)) {
      EXPECT_EQ(decoded->values<int64_t>()[group], column->values<int64_t>()[row]);
    }
  }
}

}  // namespace
}  // namespace lode::exec
