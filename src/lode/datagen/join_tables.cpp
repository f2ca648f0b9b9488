#include <cmath>

#include "lode/core/error.h"
#include "lode/datagen/datagen.h"
#include "lode/datagen/sampling.h"

namespace lode::datagen {

namespace {

// One key set split as the R generator's split_xlr does: of `size` keys on
// each side, 90% are common to both, 10% only left and 10% only right.
struct KeySplit {
  std::vector<int32_t> left;   // common + left-only
  std::vector<int32_t> right;  // common + right-only
};

KeySplit split_keys(int64_t size, Random& random) {
  const int64_t one_side_only = size / 10;
  const int64_t common = size - one_side_only;
  std::vector<int32_t> keys(common + 2 * one_side_only);
  for (size_t i = 0; i < keys.size(); ++i) keys[i] = static_cast<int32_t>(i + 1);
  shuffle(keys, random);
  KeySplit split;
  split.left.assign(keys.begin(), keys.begin() + size);
  split.right.assign(keys.begin(), keys.begin() + common);
  split.right.insert(split.right.end(), keys.begin() + size, keys.end());
  return split;
}

// Marks as null every row whose key is one of `share` percent of the distinct keys.
std::vector<bool> null_some_keys(const std::vector<int32_t>& column, const std::vector<int32_t>& keys,
                                 int null_percent, Random& random) {
  const int64_t count = static_cast<int64_t>(keys.size()) * null_percent / 100;
  if (count == 0) return {};
  std::vector<bool> chosen = choose_rows(static_cast<int64_t>(keys.size()), count, random);
  int32_t max_key = 0;
  for (int32_t key : keys) max_key = std::max(max_key, key);
  std::vector<bool> key_is_null(max_key + 1, false);
  for (size_t i = 0; i < keys.size(); ++i)
    if (chosen[i]) key_is_null[keys[i]] = true;
  std::vector<bool> rows(column.size());
  for (size_t row = 0; row < column.size(); ++row) rows[row] = key_is_null[column[row]];
  return rows;
}

std::shared_ptr<Table> make_table(const std::vector<const std::vector<int32_t>*>& keys,
                                  const std::vector<std::vector<bool>>& key_nulls,
                                  const std::vector<double>& values, const std::vector<bool>& value_nulls,
                                  const std::string& value_name) {
  std::vector<std::string> names;
  std::vector<std::shared_ptr<Column>> columns;
  static const std::vector<bool> kNoNulls;
  auto nulls_of = [&](size_t i) -> const std::vector<bool>& {
    return i < key_nulls.size() ? key_nulls[i] : kNoNulls;
  };
  // Integer keys id1..idK come first, then the same keys as strings.
  static const char* const kIntegerNames[] = {"id1", "id2", "id3"};
  static const char* const kStringNames[] = {"id4", "id5", "id6"};
  for (size_t i = 0; i < keys.size(); ++i) {
    names.push_back(kIntegerNames[i]);
    columns.push_back(int32_column(*keys[i], nulls_of(i)));
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    names.push_back(kStringNames[i]);
    columns.push_back(id_string_column(*keys[i], nulls_of(i), 0));
  }
  names.push_back(value_name);
  columns.push_back(float64_column(values, value_nulls));
  return Table::from_columns(names, std::move(columns));
}

}  // namespace

std::map<std::string, std::shared_ptr<Table>> join_tables(int64_t num_rows, int null_percent,
                                                          uint64_t seed) {
  if (num_rows < 1) throw InvalidInputError("join data needs at least 1 row");
  if (num_rows > INT32_MAX / 2) throw NotSupportedError("join data is limited to 2^30 rows");
  if (null_percent < 0 || null_percent > 100)
    throw InvalidInputError("nas must be a percentage in 0..100, got " + std::to_string(null_percent));
  const int64_t small_rows = std::max<int64_t>(1, std::llround(num_rows / 1e6));
  const int64_t medium_rows = std::max<int64_t>(1, std::llround(num_rows / 1e3));

  Random key_random(seed, 0);
  const KeySplit key1 = split_keys(small_rows, key_random);
  const KeySplit key2 = split_keys(medium_rows, key_random);
  const KeySplit key3 = split_keys(num_rows, key_random);

  std::map<std::string, std::shared_ptr<Table>> tables;
  {
    Random random(seed, 1);
    auto id1 = sample_all(key1.left, num_rows, random);
    auto id2 = sample_all(key2.left, num_rows, random);
    auto id3 = sample_all(key3.left, num_rows, random);
    auto v1 = uniform_0_100(num_rows, random);
    std::vector<std::vector<bool>> key_nulls;
    std::vector<bool> v1_nulls;
    if (null_percent > 0) {
      Random null_random(seed, 2);
      key_nulls.push_back(null_some_keys(id1, key1.left, null_percent, null_random));
      key_nulls.push_back(null_some_keys(id2, key2.left, null_percent, null_random));
      key_nulls.push_back(null_some_keys(id3, key3.left, null_percent, null_random));
      const int64_t value_null_count = num_rows * null_percent / 100;
      if (value_null_count > 0) v1_nulls = choose_rows(num_rows, value_null_count, null_random);
    }
    tables["x"] = make_table({&id1, &id2, &id3}, key_nulls, v1, v1_nulls, "v1");
  }
  {
    Random random(seed, 3);
    auto id1 = sample_all(key1.right, small_rows, random);
    tables["small"] = make_table({&id1}, {}, uniform_0_100(small_rows, random), {}, "v2");
  }
  {
    Random random(seed, 4);
    auto id1 = sample_all(key1.right, medium_rows, random);
    auto id2 = sample_all(key2.right, medium_rows, random);
    tables["medium"] = make_table({&id1, &id2}, {}, uniform_0_100(medium_rows, random), {}, "v2");
  }
  {
    Random random(seed, 5);
    auto id1 = sample_all(key1.right, num_rows, random);
    auto id2 = sample_all(key2.right, num_rows, random);
    auto id3 = sample_all(key3.right, num_rows, random);
    tables["big"] = make_table({&id1, &id2, &id3}, {}, uniform_0_100(num_rows, random), {}, "v2");
  }
  return tables;
}

}  // namespace lode::datagen
