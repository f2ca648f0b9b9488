#include "lode/exec/operators/sort_keys.h"

#include <algorithm>
#include <cstring>
#include <mutex>

#include "lode/core/thread_pool.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

namespace {

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

// The bytes all non-null strings of rows [begin, end) share with `first`
// (shortened to what they share), and the longest.
struct SharedPrefix {
  std::string_view first;
  bool any = false;
  size_t longest = 0;
  void add(std::string_view text) {
    longest = std::max(longest, text.size());
    if (!any) {
      first = text;
      any = true;
      return;
    }
    size_t same = 0;
    while (same < first.size() && same < text.size() && text[same] == first[same]) ++same;
    first = first.substr(0, same);
  }
};

// Every string shares its first `common` bytes (ids such as "id0000012345"),
// so the word holds the 7 bytes after them, big-endian, and in its low byte
// the length after them, or 8 for any longer: a string that ends inside the
// 7 bytes sorts before its extensions, and strings that go on past them tie
// on the word whatever their lengths ("UNITED STATES" and "UNITED KINGDOM"),
// for the full comparison to order. Words compare the strings exactly when
// none is longer than common + 7 bytes.
void normalize_strings(const Column& column, NormalizedKey& normalized, ThreadPool* pool) {
  const int64_t n = column.length();
  std::mutex mutex;
  SharedPrefix shared;
  for_row_ranges(pool, n, [&](int64_t begin, int64_t end) {
    SharedPrefix part;
    for (int64_t row = begin; row < end; ++row)
      if (!column.is_null(row)) part.add(column.string_at(row));
    std::lock_guard lock(mutex);
    if (part.any) {
      shared.add(part.first);
      shared.longest = std::max(shared.longest, part.longest);
    }
  });
  const size_t common = shared.first.size();
  normalized.exact_strings = shared.longest <= common + 7;
  normalized.fixed.resize(n);
  for_row_ranges(pool, n, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const std::string_view text = column.is_null(row) ? std::string_view() : column.string_at(row);
      uint64_t word = 0;
      const size_t rest = text.size() > common ? text.size() - common : 0;
      for (size_t i = 0; i < 7 && i < rest; ++i) word |= uint64_t{static_cast<uint8_t>(text[common + i])} << (56 - 8 * i);
      normalized.fixed[row] = word | std::min<size_t>(rest, 8);
    }
  });
}

}  // namespace

void for_row_ranges(ThreadPool* pool, int64_t n, const std::function<void(int64_t, int64_t)>& range) {
  constexpr int64_t kRangeRows = int64_t{1} << 20;
  const int64_t ranges = pool == nullptr ? 1 : std::max<int64_t>(1, (n + kRangeRows - 1) / kRangeRows);
  if (ranges == 1) return range(0, n);
  pool->parallel_for(ranges, [&](int64_t task, int) { range(n * task / ranges, n * (task + 1) / ranges); });
}

NormalizedKey normalize_key(const Column& column, const plan::SortKey& key, ThreadPool* pool) {
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
    normalize_strings(column, normalized, pool);
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
        for_row_ranges(pool, n, [&](int64_t begin, int64_t end) {
          for (int64_t row = begin; row < end; ++row) normalized.fixed[row] = order_bits(values[row]);
        });
      }
    });
  }
  return normalized;
}

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
      if (key.fixed[a] != key.fixed[b]) {
        result = key.fixed[a] < key.fixed[b] ? -1 : 1;
        break;
      }
      if (key.exact_strings) break;
      const int order = key.strings->string_at(a).compare(key.strings->string_at(b));
      result = order < 0 ? -1 : order > 0;
      break;
    }
  }
  return key.descending ? -result : result;
}

}  // namespace lode::exec
