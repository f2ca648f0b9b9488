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
/// Inline: the external sort's merge calls it for every row it moves.
inline int compare_key_across(const NormalizedKey& key_a, int64_t a, const NormalizedKey& key_b, int64_t b) {
  // A row's null rank as normalize_key() gives it: 0 sorts first.
  const uint8_t rank_a = key_a.has_nulls ? key_a.null_rank[a] : !key_a.nulls_last;
  const uint8_t rank_b = key_b.has_nulls ? key_b.null_rank[b] : !key_b.nulls_last;
  if (rank_a != rank_b) return rank_a < rank_b ? -1 : 1;
  if (rank_a == key_a.nulls_last) return 0;  // both null
  int result = 0;
  switch (key_a.kind) {
    case NormalizedKey::Kind::kFixed:
      result = key_a.fixed[a] < key_b.fixed[b] ? -1 : key_a.fixed[a] > key_b.fixed[b];
      break;
    case NormalizedKey::Kind::kDecimal:
      result = key_a.decimal[a] < key_b.decimal[b] ? -1 : key_a.decimal[a] > key_b.decimal[b];
      break;
    case NormalizedKey::Kind::kString: {
      const int order = key_a.strings->string_at(a).compare(key_b.strings->string_at(b));
      result = order < 0 ? -1 : order > 0;
      break;
    }
  }
  return key_a.descending ? -result : result;
}

/// Returns true if row a sorts before row b on the keys; ties by position.
inline bool sorts_before(const std::vector<NormalizedKey>& keys, int64_t a, int64_t b) {
  for (const auto& key : keys) {
    const int order = compare_key(key, a, b);
    if (order != 0) return order < 0;
  }
  return a < b;
}

}  // namespace lode::exec
