#include "lode/exec/group_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "lode/core/column_builder.h"
#include "lode/exec/hashing.h"

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

// One string key takes its own one-pass path; its keys must be the bytes the
// general path writes for that column (the prefix of a two-column key).
TEST(GroupTableTest, OneStringKeyEncodesAsTheGeneralPathDoes) {
  auto names = strings({"a", nullptr, "", "a long key of many bytes", "short"});
  auto values = doubles({1.0, 2.0, 3.0, 4.0, 5.0});
  KeyEncoder alone({TypeId::kString});
  KeyEncoder with_value({TypeId::kString, TypeId::kFloat64});
  alone.encode({names}, 5);
  with_value.encode({names, values}, 5);
  for (int64_t row = 0; row < 5; ++row) {
    EXPECT_EQ(alone.key(row), with_value.key(row).substr(0, alone.key(row).size())) << row;
    EXPECT_EQ(alone.key(row).size() + 9, with_value.key(row).size()) << row;
  }
  EXPECT_EQ(alone.key(1), std::string_view("\0\0\0\0\0", 5));
  std::vector<std::string_view> keys;
  for (int64_t row = 0; row < 5; ++row) keys.push_back(alone.key(row));
  auto decoded = KeyEncoder::decode({TypeId::kString}, keys)[0];
  EXPECT_TRUE(decoded->is_null(1));
  EXPECT_EQ(decoded->string_at(3), "a long key of many bytes");
  EXPECT_EQ(decoded->string_at(2), "");
}

// The one-string path writes short strings as 16-byte moves and hashes from
// the column: its keys and hashes must be hash_bytes() of exactly the
// encoded bytes, for every length around the word boundaries, with nulls.
TEST(GroupTableTest, EncodedKeysHashAsTheirBytesForEveryLength) {
  ColumnBuilder builder(TypeId::kString);
  const std::string text = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";
  for (size_t size = 0; size <= 40; ++size) {
    builder.append_string(text.substr(size % 7, size));
    if (size % 5 == 0) builder.append_null();
  }
  auto names = builder.finish();
  const int64_t n = names->length();
  KeyEncoder alone({TypeId::kString});
  KeyEncoder with_name_twice({TypeId::kString, TypeId::kString});
  alone.encode({names}, n);
  with_name_twice.encode({names, names}, n);
  for (int64_t row = 0; row < n; ++row) {
    const std::string_view key = alone.key(row);
    const std::string expected = names->is_null(row)
                                     ? std::string("\0\0\0\0\0", 5)
                                     : std::string("\1", 1) + std::string(4, '\0') + std::string(names->string_at(row));
    std::string with_size = expected;
    const uint32_t size = static_cast<uint32_t>(expected.size() - 5);
    std::memcpy(with_size.data() + 1, &size, 4);
    EXPECT_EQ(key, with_size) << row;
    EXPECT_EQ(alone.hash(row), hash_bytes(reinterpret_cast<const uint8_t*>(key.data()), key.size())) << row;
    const std::string_view both = with_name_twice.key(row);
    EXPECT_EQ(both, with_size + with_size) << row;
    EXPECT_EQ(with_name_twice.hash(row), hash_bytes(reinterpret_cast<const uint8_t*>(both.data()), both.size())) << row;
  }
}

// A sink's table drops its slots, then one partition's keys at a time; the
// other partitions' keys stay readable.
TEST(GroupTableTest, PartitionsFreeTheirKeysAlone) {
  const RadixPartitioning partitioning(3);
  ColumnBuilder builder(TypeId::kString);
  const int64_t n = 20000;
  for (int64_t i = 0; i < n; ++i) builder.append_string("key number " + std::to_string(i));
  auto column = builder.finish();
  KeyEncoder encoder({TypeId::kString});
  encoder.encode({column}, n);
  GroupTable table(partitioning);
  std::vector<uint32_t> groups(n);
  table.find_or_insert(encoder, n, groups.data());
  ASSERT_EQ(table.num_groups(), n);
  const int64_t full = table.memory_bytes();
  EXPECT_GT(table.release_slots(), 0);
  EXPECT_LT(table.memory_bytes(), full);
  int64_t freed = 0;
  for (int partition = 0; partition < partitioning.count(); partition += 2) freed += table.release_keys(partition);
  EXPECT_GT(freed, 0);
  // Every key is new, so group g is row g; the records of a partition come
  // in order of first appearance.
  int64_t checked = 0;
  for (int partition = 1; partition < partitioning.count(); partition += 2) {
    int64_t last = -1, in_partition = 0;
    table.for_each_group(partition, [&](uint32_t group, std::string_view key) {
      ++in_partition;
      EXPECT_EQ(groups[group], group);
      EXPECT_EQ(partitioning.of(encoder.hash(group)), partition) << group;
      EXPECT_EQ(key, encoder.key(group)) << group;
      EXPECT_GT(static_cast<int64_t>(group), last);
      last = group;
      ++checked;
    });
    EXPECT_EQ(table.num_groups(partition), in_partition);
  }
  int64_t odd = 0;
  for (int64_t row = 0; row < n; ++row) odd += partitioning.of(encoder.hash(row)) % 2;
  EXPECT_EQ(checked, odd);
  EXPECT_GT(checked, n / 4);
}

}  // namespace
}  // namespace lode::exec
