#include "lode/exec/operators/sort_keys.h"

#include <algorithm>
#include <cstring>

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

// Every string shares its first `common` bytes (ids such as "id0000012345"),
// so the word holds the 7 bytes after them, big-endian, and the length
// after them (capped at 255) in its low byte: comparing words compares the
// strings exactly when none is longer than common + 7 bytes.
void normalize_strings(const Column& column, NormalizedKey& normalized) {
  const int64_t n = column.length();
  std::string_view first;
  bool have_first = false;
  size_t common = 0, longest = 0;
  for (int64_t row = 0; row < n; ++row) {
    if (column.is_null(row)) continue;
    const std::string_view text = column.string_at(row);
    longest = std::max(longest, text.size());
    if (!have_first) {
      first = text;
      common = text.size();
      have_first = true;
      continue;
    }
    size_t same = 0;
    while (same < common && same < text.size() && text[same] == first[same]) ++same;
    common = same;
  }
  normalized.exact_strings = longest <= common + 7;
  normalized.fixed.resize(n);
  for (int64_t row = 0; row < n; ++row) {
    const std::string_view text = column.is_null(row) ? std::string_view() : column.string_at(row);
    uint64_t word = 0;
    const size_t rest = text.size() > common ? text.size() - common : 0;
    for (size_t i = 0; i < 7 && i < rest; ++i) word |= uint64_t{static_cast<uint8_t>(text[common + i])} << (56 - 8 * i);
    normalized.fixed[row] = word | std::min<size_t>(rest, 255);
  }
}

}  // namespace

NormalizedKey normalize_key(const Column& column, const plan::SortKey& key) {
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
    normalize_strings(column, normalized);
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
