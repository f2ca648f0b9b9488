#include <gtest/gtest.h>

#include <set>

#include "lode/datagen/datagen.h"

namespace lode::datagen {
namespace {

std::set<int32_t> keys_of(const Table& table, const std::string& name) {
  auto column = table.column(table.schema().index_of(name));
  std::set<int32_t> keys;
  for (int64_t row = 0; row < column->length(); ++row)
    if (column->is_valid(row)) keys.insert(column->values<int32_t>()[row]);
  return keys;
}

size_t common(const std::set<int32_t>& a, const std::set<int32_t>& b) {
  size_t count = 0;
  for (int32_t key : a) count += b.count(key);
  return count;
}

TEST(JoinTablesTest, ShapesAndColumns) {
  auto tables = join_tables(100000);
  EXPECT_EQ(tables["x"]->schema().names(),
            (std::vector<std::string>{"id1", "id2", "id3", "id4", "id5", "id6", "v1"}));
  EXPECT_EQ(tables["small"]->schema().names(), (std::vector<std::string>{"id1", "id4", "v2"}));
  EXPECT_EQ(tables["medium"]->schema().names(),
            (std::vector<std::string>{"id1", "id2", "id4", "id5", "v2"}));
  EXPECT_EQ(tables["big"]->num_columns(), 7);
  EXPECT_EQ(tables["x"]->num_rows(), 100000);
  EXPECT_EQ(tables["small"]->num_rows(), 1);  // at least one row below 1e6
  EXPECT_EQ(tables["medium"]->num_rows(), 100);
  EXPECT_EQ(tables["big"]->num_rows(), 100000);
}

TEST(JoinTablesTest, KeySetsOverlapNinetyPercent) {
  auto tables = join_tables(500000);
  const auto& x = *tables["x"];
  // Every left key appears in x; right tables hold each of their keys once.
  EXPECT_EQ(keys_of(x, "id2").size(), 500u);
  EXPECT_EQ(keys_of(x, "id3").size(), 500000u);
  auto medium_id2 = keys_of(*tables["medium"], "id2");
  EXPECT_EQ(medium_id2.size(), 500u);
  EXPECT_EQ(common(keys_of(x, "id2"), medium_id2), 450u);
  auto big_id3 = keys_of(*tables["big"], "id3");
  EXPECT_EQ(big_id3.size(), 500000u);
  EXPECT_EQ(common(keys_of(x, "id3"), big_id3), 450000u);
  // String keys spell the integer keys.
  auto id1 = x.column(0), id4 = x.column(3);
  EXPECT_EQ(id4->string_at(0), "id" + std::to_string(id1->values<int32_t>()[0]));
}

TEST(JoinTablesTest, NullsHitAShareOfDistinctKeys) {
  auto tables = join_tables(100000, 5);
  const auto& x = *tables["x"];
  // 5% of the 100 distinct id2 keys (5 keys) are null in every row that had them.
  EXPECT_EQ(keys_of(x, "id2").size(), 95u);
  auto id2 = x.column(1), id5 = x.column(4);
  EXPECT_GT(id2->null_count(), 0);
  EXPECT_EQ(id2->null_count(), id5->null_count());
  EXPECT_EQ(x.column(6)->null_count(), 5000);
  EXPECT_EQ(tables["big"]->column(0)->null_count(), 0);
}

}  // namespace
}  // namespace lode::datagen
