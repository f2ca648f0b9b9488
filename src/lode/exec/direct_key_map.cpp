#include "lode/exec/direct_key_map.h"

#include <cstring>

#include "lode/exec/hashing.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

bool DirectKeyMap::supports(const DataType& type) {
  return type.is_integer() || type.id == TypeId::kDate32;
}

bool DirectKeyMap::cover(int64_t low, int64_t high) {
  if (!empty_) {
    low = std::min(low, base_);
    high = std::max(high, base_ + static_cast<int64_t>(ids_.size()) - 1);
  }
  // Computed in unsigned arithmetic: a full int64 range must not overflow.
  if (static_cast<uint64_t>(high) - static_cast<uint64_t>(low) >= static_cast<uint64_t>(kMaxRange)) return false;
  const int64_t size = high - low + 1;
  if (empty_ || low != base_ || size != static_cast<int64_t>(ids_.size())) {
    std::vector<int32_t> ids(size, -1);
    if (!empty_) std::memcpy(ids.data() + (base_ - low), ids_.data(), ids_.size() * sizeof(int32_t));
    ids_.swap(ids);
    base_ = low;
    empty_ = false;
  }
  return true;
}

template <typename T>
bool DirectKeyMap::map_typed(const Column& keys, GroupTable& table, uint32_t* group_ids) {
  const int64_t n = keys.length();
  const T* values = keys.values<T>();
  const bool has_nulls = keys.null_count() > 0;
  bool any_value = false;
  int64_t low = 0, high = 0;
  for (int64_t row = 0; row < n; ++row) {
    if (has_nulls && keys.is_null(row)) continue;
    const int64_t value = static_cast<int64_t>(values[row]);
    if (!any_value) {
      low = high = value;
      any_value = true;
    }
    low = std::min(low, value);
    high = std::max(high, value);
  }
  if constexpr (std::is_same_v<T, uint64_t>) {
    if (any_value && (static_cast<uint64_t>(low) > INT64_MAX || static_cast<uint64_t>(high) > INT64_MAX)) return false;
  }
  if (any_value && !cover(low, high)) return false;
  // The group table's key for a value: the encoder's layout (valid byte, value).
  uint8_t key[1 + sizeof(T)];
  auto insert = [&](bool valid, T value) {
    key[0] = valid;
    std::memcpy(key + 1, &value, sizeof(T));
    return table.find_or_insert(std::string_view(reinterpret_cast<const char*>(key), sizeof(key)),
                                hash_bytes(key, sizeof(key)));
  };
  int32_t* ids = ids_.data();
  const int64_t base = base_;
  for (int64_t row = 0; row < n; ++row) {
    if (has_nulls && keys.is_null(row)) {
      if (null_id_ < 0) null_id_ = insert(false, T{});
      group_ids[row] = static_cast<uint32_t>(null_id_);
      continue;
    }
    int32_t& id = ids[static_cast<int64_t>(values[row]) - base];
    if (id < 0) id = static_cast<int32_t>(insert(true, values[row]));
    group_ids[row] = static_cast<uint32_t>(id);
  }
  return true;
}

bool DirectKeyMap::map(const Column& keys, GroupTable& table, uint32_t* group_ids) {
  if (disabled_) return false;
  const bool mapped = visit_fixed_width(keys.type(), [&]<typename T>() {
    if constexpr (std::is_integral_v<T>) return map_typed<T>(keys, table, group_ids);
    else return false;
  });
  if (!mapped) disabled_ = true;
  return mapped;
}

}  // namespace lode::exec
