// Sort of a materialized table: keys are evaluated once and normalized
// (fixed-width values to order-preserving 64-bit integers), then an index
// permutation is sorted, in two halves on two threads merged at the end, or
// partially for top-k. Stable: ties keep input order.

#include <algorithm>
#include <cstring>
#include <numeric>

#include "lode/core/thread_pool.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/operators/materialized.h"

namespace lode::exec {

namespace {

// One sort key, evaluated and normalized for fast comparison.
struct NormalizedKey {
  enum class Kind { kFixed, kString, kDecimal } kind = Kind::kFixed;
  std::vector<uint64_t> fixed;   // order-preserving bits
  std::vector<Int128> decimal;
  std::shared_ptr<Column> strings;
  std::vector<uint8_t> null_rank;  // 0 sorts before 1
  bool descending = false;
  bool nulls_last = false;
  bool has_nulls = false;
};

template <typename T>
uint64_t order_bits(T value) {
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    const double d = value == 0 ? 0.0 : static_cast<double>(value);  // -0.0 == 0.0
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    if (d != d) return UINT64_MAX;  // NaN sorts last among values
    return (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<uint64_t>(static_cast<int64_t>(value)) ^ (uint64_t{1} << 63);
  } else {
    return static_cast<uint64_t>(value);
  }
}

NormalizedKey normalize(const Column& column, const plan::SortKey& key) {
  NormalizedKey normalized;
  normalized.descending = key.descending;
  normalized.nulls_last = key.nulls_last;
  const int64_t n = column.length();
  normalized.has_nulls = column.null_count() > 0;
  if (normalized.has_nulls) {
    normalized.null_rank.resize(n);
    for (int64_t row = 0; row < n; ++row) normalized.null_rank[row] = column.is_null(row) == key.nulls_last;
  }
  const DataType& type = column.type();
  if (type.id == TypeId::kString) {
    normalized.kind = NormalizedKey::Kind::kString;
    normalized.strings = std::make_shared<Column>(column);
  } else if (type.id == TypeId::kDecimal128) {
    normalized.kind = NormalizedKey::Kind::kDecimal;
    normalized.decimal.assign(column.values<Int128>(), column.values<Int128>() + n);
  } else if (type.id == TypeId::kBool) {
    normalized.fixed.resize(n);
    for (int64_t row = 0; row < n; ++row) normalized.fixed[row] = column.bool_at(row);
  } else {
    normalized.fixed.resize(n);
    visit_fixed_width(type, [&]<typename T>() {
      if constexpr (!std::is_same_v<T, Int128>) {
        const T* values = column.values<T>();
        for (int64_t row = 0; row < n; ++row) normalized.fixed[row] = order_bits(values[row]);
      }
    });
  }
  return normalized;
}

// Returns <0, 0, >0 as row a sorts before, with, or after row b on this key.
int compare_key(const NormalizedKey& key, int64_t a, int64_t b) {
  if (key.has_nulls && key.null_rank[a] != key.null_rank[b]) {
    // Null placement does not flip with descending order.
    return key.null_rank[a] < key.null_rank[b] ? -1 : 1;
  }
  if (key.has_nulls && key.null_rank[a] == key.nulls_last) return 0;  // both null
  int result = 0;
  switch (key.kind) {
    case NormalizedKey::Kind::kFixed:
      result = key.fixed[a] < key.fixed[b] ? -1 : key.fixed[a] > key.fixed[b];
      break;
    case NormalizedKey::Kind::kDecimal:
      result = key.decimal[a] < key.decimal[b] ? -1 : key.decimal[a] > key.decimal[b];
      break;
    case NormalizedKey::Kind::kString: {
      const int order = key.strings->string_at(a).compare(key.strings->string_at(b));
      result = order < 0 ? -1 : order > 0;
      break;
    }
  }
  return key.descending ? -result : result;
}

}  // namespace

std::shared_ptr<Table> sort_table(const Table& input, const plan::PlanNode& node) {
  auto table = input.combine_batches();
  const int64_t n = table->num_rows();
  if (n == 0 || table->batches().empty()) return table;
  const Batch& batch = table->batches()[0];
  std::vector<NormalizedKey> keys;
  for (const auto& key : node.sort_keys) keys.push_back(normalize(*evaluate(*key.expr, batch), key));

  // Ties fall back to the input position, which makes every sort stable.
  auto before = [&keys](int64_t a, int64_t b) {
    for (const auto& key : keys) {
      const int order = compare_key(key, a, b);
      if (order != 0) return order < 0;
    }
    return a < b;
  };
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  const int64_t wanted = node.limit >= 0 ? std::min(n, node.offset + node.limit) : n;
  if (wanted < n / 8) {
    std::partial_sort(order.begin(), order.begin() + wanted, order.end(), before);
  } else {
    const int64_t middle = n / 2;
    ThreadPool::global().parallel_for(2, [&](int64_t half, int) {
      if (half == 0) std::sort(order.begin(), order.begin() + middle, before);
      else std::sort(order.begin() + middle, order.end(), before);
    });
    std::inplace_merge(order.begin(), order.begin() + middle, order.end(), before);
  }
  const int64_t first = std::min(node.limit >= 0 ? node.offset : 0, n);
  const int64_t count = wanted - first;
  std::vector<std::shared_ptr<Column>> columns;
  for (const auto& column : batch.columns()) columns.push_back(take(*column, order.data() + first, count));
  std::vector<Batch> batches;
  batches.emplace_back(std::move(columns), count);
  return std::make_shared<Table>(table->schema(), std::move(batches));
}

}  // namespace lode::exec
