#include <algorithm>
#include <numeric>

#include "lode/core/error.h"
#include "lode/datagen/datagen.h"
#include "lode/datagen/sampling.h"

namespace lode::datagen {

namespace {

constexpr int kNumColumns = 9;
const char* const kNames[kNumColumns] = {"id1", "id2", "id3", "id4", "id5", "id6", "v1", "v2", "v3"};

void validate(const GroupbyOptions& options) {
  if (options.num_rows < 1)
    throw InvalidInputError("groupby data needs at least 1 row, got " + std::to_string(options.num_rows));
  if (options.k < 1 || options.k > options.num_rows)
    throw InvalidInputError("groupby data needs 1 <= k <= rows, got k=" + std::to_string(options.k));
  if (options.num_rows > INT32_MAX)
    throw NotSupportedError("groupby data is limited to 2^31 rows");
  if (options.null_percent < 0 || options.null_percent > 100)
    throw InvalidInputError("nas must be a percentage in 0..100, got " +
                            std::to_string(options.null_percent));
}

// Returns the row order that sorts by id1..id6 with nulls first; keys are
// positive codes, so nulls are encoded as 0 for the comparison.
std::vector<int32_t> sorted_order(const std::vector<std::vector<int32_t>>& keys,
                                  const std::vector<std::vector<bool>>& nulls, int64_t num_rows) {
  std::vector<int32_t> order(num_rows);
  std::iota(order.begin(), order.end(), 0);
  auto key = [&](int column, int32_t row) {
    return (!nulls[column].empty() && nulls[column][row]) ? 0 : keys[column][row];
  };
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    for (int column = 0; column < 6; ++column) {
      int32_t left = key(column, a), right = key(column, b);
      if (left != right) return left < right;
    }
    return false;
  });
  return order;
}

template <typename T>
void permute(std::vector<T>& values, const std::vector<int32_t>& order) {
  if (values.empty()) return;
  std::vector<T> permuted(values.size());
  for (size_t i = 0; i < order.size(); ++i) permuted[i] = values[order[i]];
  values.swap(permuted);
}

}  // namespace

std::shared_ptr<Table> groupby_table(const GroupbyOptions& options) {
  validate(options);
  const int64_t n = options.num_rows;
  const int64_t k = options.k;
  const int64_t small_groups = std::max<int64_t>(1, n / k);
  const int64_t cardinality[8] = {k, k, small_groups, k, k, small_groups, 5, 15};

  std::vector<std::vector<int32_t>> codes(8);
  for (int column = 0; column < 8; ++column) {
    Random random(options.seed, column);
    codes[column] = sample_with_replacement(cardinality[column], n, random);
  }
  Random value_random(options.seed, 8);
  std::vector<double> v3 = uniform_0_100(n, value_random);

  std::vector<std::vector<bool>> nulls(kNumColumns);
  const int64_t null_count = n * options.null_percent / 100;
  if (null_count > 0) {
    for (int column = 0; column < kNumColumns; ++column) {
      Random random(options.seed, 100 + column);
      nulls[column] = choose_rows(n, null_count, random);
    }
  }

  if (options.sorted) {
    std::vector<int32_t> order = sorted_order(codes, nulls, n);
    for (auto& column : codes) permute(column, order);
    permute(v3, order);
    for (auto& column : nulls) {
      if (column.empty()) continue;
      std::vector<bool> permuted(n);
      for (int64_t i = 0; i < n; ++i) permuted[i] = column[order[i]];
      column.swap(permuted);
    }
  }

  std::vector<std::shared_ptr<Column>> columns;
  columns.push_back(id_string_column(codes[0], nulls[0], 3));
  columns.push_back(id_string_column(codes[1], nulls[1], 3));
  columns.push_back(id_string_column(codes[2], nulls[2], 10));
  for (int column = 3; column < 8; ++column) columns.push_back(int32_column(codes[column], nulls[column]));
  columns.push_back(float64_column(v3, nulls[8]));
  return Table::from_columns(std::vector<std::string>(kNames, kNames + kNumColumns), std::move(columns));
}

}  // namespace lode::datagen
