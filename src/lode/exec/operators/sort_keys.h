#pragma once
// Sort keys evaluated once and normalized for fast comparison: fixed-width
// values become order-preserving 64-bit integers, strings a word of the 7
// bytes after the prefix all of them share plus their length there (exact
// for short strings such as ids; else the whole string breaks ties), nulls
// a separate rank.
// Used by sort, top-k and the ranking window functions.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "lode/core/column.h"
#include "lode/core/decimal.h"
#include "lode/plan/logical_plan.h"

namespace lode {
class ThreadPool;
}

namespace lode::exec {

struct NormalizedKey {
  enum class Kind { kFixed, kString, kDecimal } kind = Kind::kFixed;
  std::vector<uint64_t> fixed;   // order-preserving bits (strings: a prefix word)
  std::vector<Int128> decimal;
  std::shared_ptr<Column> strings;
  std::vector<uint8_t> null_rank;  // 0 sorts before 1
  bool descending = false;
  bool nulls_last = false;
  bool has_nulls = false;
  bool exact_strings = false;  // the prefix words order the strings fully
};

/// Calls range(begin, end) over [0, n) cut into ranges of about 1M rows, in
/// parallel on `pool` (one range without a pool).
void for_row_ranges(ThreadPool* pool, int64_t n, const std::function<void(int64_t, int64_t)>& range);

/// Normalizes a key column (rows [0, length)) for `key`'s order; with a
/// pool, in parallel over ranges of rows.
NormalizedKey normalize_key(const Column& column, const plan::SortKey& key, ThreadPool* pool = nullptr);

/// Returns <0, 0, >0 as row a sorts before, with, or after row b on this key.
int compare_key(const NormalizedKey& key, int64_t a, int64_t b);

/// Returns <0, 0, >0 as row a of `key_a` sorts before, with, or after row b
/// of `key_b`: the same key normalized over two different batches (strings
/// compare whole, as their prefix words depend on the batch).
int compare_key_across(const NormalizedKey& key_a, int64_t a, const NormalizedKey& key_b, int64_t b);

/// Returns true if row a sorts before row b on the keys; ties by position.
inline bool sorts_before(const std::vector<NormalizedKey>& keys, int64_t a, int64_t b) {
  for (const auto& key : keys) {
    const int order = compare_key(key, a, b);
    if (order != 0) return order < 0;
  }
  return a < b;
}

}  // namespace lode::exec
