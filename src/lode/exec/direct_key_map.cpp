#include "lode/exec/direct_key_map.h"

#include <cstring>

#include "lode/exec/hashing.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

bool DirectKeyMap::widen(const Column& column, WideKey& key) {
  const int64_t n = column.length();
  key.values.resize(n);
  key.column = &column;
  key.width = column.type().byte_width();
  return visit_fixed_width(column.type(), [&]<typename T>() {
    if constexpr (!std::is_integral_v<T>) {
      return false;
    } else {
      const T* values = column.values<T>();
      for (int64_t row = 0; row < n; ++row) {
        if constexpr (std::is_same_v<T, uint64_t>)
          if (values[row] > static_cast<uint64_t>(INT64_MAX)) return false;
        key.values[row] = static_cast<int64_t>(values[row]);
      }
      return true;
    }
  });
}

bool DirectKeyMap::supports(const std::vector<std::shared_ptr<Column>>& keys) {
  if (keys.empty() || keys.size() > kMaxKeys) return false;
  if (keys.size() == 1 && keys[0]->type().id == TypeId::kString) return false;
  for (const auto& key : keys)
    if (!key->type().is_integer() && key->type().id != TypeId::kDate32 && key->type().id != TypeId::kString)
      return false;
  return true;
}

bool DirectKeyMap::give_up() {
  disabled_ = true;
  std::vector<int32_t>().swap(ids_);
  string_ids_.clear();
  return false;
}

bool DirectKeyMap::string_ids(const std::shared_ptr<Column>& column, size_t key, std::vector<int64_t>& values) {
  if (string_ids_.size() <= key) string_ids_.resize(key + 1);
  if (!string_ids_[key]) string_ids_[key] = std::make_unique<StringIds>();
  values.resize(column->length());
  return string_ids_[key]->map(*column, values.data()) <= kMaxSlots;  // else too many values for the array
}

bool DirectKeyMap::cover(const std::vector<Range>& batch_ranges) {
  bool changed = ranges_.empty();
  if (ranges_.empty()) ranges_.resize(batch_ranges.size());
  for (size_t k = 0; k < batch_ranges.size(); ++k) {
    const Range& batch = batch_ranges[k];
    if (batch.high < batch.low) continue;
    Range& range = ranges_[k];
    if (range.high < range.low) {
      range = batch;
      changed = true;
    } else if (batch.low < range.low || batch.high > range.high) {
      range.low = std::min(range.low, batch.low);
      range.high = std::max(range.high, batch.high);
      changed = true;
    }
  }
  if (!changed) return true;
  // Each key has (high - low + 1) value slots and slot 0 for null.
  strides_.assign(ranges_.size(), 0);
  uint64_t slots = 1;
  for (size_t k = 0; k < ranges_.size(); ++k) {
    const Range& range = ranges_[k];
    const uint64_t size = range.high < range.low ? 1 : static_cast<uint64_t>(range.high) - static_cast<uint64_t>(range.low) + 2;
    if (size > static_cast<uint64_t>(kMaxSlots)) return false;
    strides_[k] = static_cast<int64_t>(slots);
    slots *= size;
    if (slots > static_cast<uint64_t>(kMaxSlots)) return false;
  }
  ids_.assign(slots, -1);  // the table keeps every group; the cache refills
  return true;
}

bool DirectKeyMap::map(const std::vector<std::shared_ptr<Column>>& keys, GroupTable& table, uint32_t* group_ids) {
  if (disabled_) return false;
  const int64_t n = keys.empty() ? 0 : keys[0]->length();
  std::vector<WideKey>& wide = wide_;  // kept, so that its buffers are reused
  wide.resize(keys.size());
  std::vector<Range> batch_ranges(keys.size());
  for (size_t k = 0; k < keys.size(); ++k) {
    if (keys[k]->type().id == TypeId::kString) {
      wide[k].column = keys[k].get();
      wide[k].width = 0;
      if (!string_ids(keys[k], k, wide[k].values)) return give_up();
    } else if (!widen(*keys[k], wide[k])) {
      return give_up();
    }
    const int64_t* values = wide[k].values.data();
    Range& range = batch_ranges[k];
    if (keys[k]->null_count() == 0) {
      if (n > 0) range.low = range.high = values[0];
      for (int64_t row = 0; row < n; ++row) {
        range.low = std::min(range.low, values[row]);
        range.high = std::max(range.high, values[row]);
      }
      continue;
    }
    for (int64_t row = 0; row < n; ++row) {
      if (keys[k]->is_null(row)) continue;
      if (range.high < range.low) range.low = range.high = values[row];
      range.low = std::min(range.low, values[row]);
      range.high = std::max(range.high, values[row]);
    }
  }
  if (!cover(batch_ranges)) return give_up();

  // The group table's key for a row: per key, a validity byte and the value
  // in the key type's width, or a string's uint32 length and bytes (the
  // KeyEncoder layout).
  const bool collide = hash_collisions();
  auto insert = [&](int64_t row) {
    key_bytes_.clear();
    for (const WideKey& key : wide) {
      const bool valid = key.column->is_valid(row);
      if (key.width == 0) {
        KeyEncoder::append_string_part(valid ? key.column->string_at(row) : std::string_view(), valid, key_bytes_);
      } else {
        key_bytes_.push_back(valid);
        const int64_t value = valid ? key.values[row] : 0;
        const auto* value_bytes = reinterpret_cast<const uint8_t*>(&value);
        key_bytes_.insert(key_bytes_.end(), value_bytes, value_bytes + key.width);  // little endian: the low bytes
      }
    }
    const size_t size = key_bytes_.size();
    return table.find_or_insert(std::string_view(reinterpret_cast<const char*>(key_bytes_.data()), size),
                                collide ? kCollidingHash : hash_bytes(key_bytes_.data(), size));
  };
  // Each row's slot, a key at a time: the sum of the keys' offsets (slot 0
  // for null) times their strides.
  slots_.resize(n);
  int64_t* slots = slots_.data();
  for (size_t k = 0; k < wide.size(); ++k) {
    const int64_t* values = wide[k].values.data();
    const int64_t low = ranges_[k].low, stride = strides_[k];  // values - low cannot overflow; 1 - low could
    const Column& column = *wide[k].column;
    if (k == 0) std::fill(slots, slots + n, 0);
    if (column.null_count() == 0) {
      for (int64_t row = 0; row < n; ++row) slots[row] += (values[row] - low + 1) * stride;
    } else {
      for (int64_t row = 0; row < n; ++row) slots[row] += column.is_valid(row) ? (values[row] - low + 1) * stride : 0;
    }
  }
  int32_t* ids = ids_.data();
  for (int64_t row = 0; row < n; ++row) {
    int32_t& id = ids[slots[row]];
    if (id < 0) id = static_cast<int32_t>(insert(row));
    group_ids[row] = static_cast<uint32_t>(id);
  }
  return true;
}

void find_or_insert_groups(const std::vector<std::shared_ptr<Column>>& keys, DirectKeyMap& direct, KeyEncoder& encoder,
                           GroupTable& table, uint32_t* group_ids) {
  if (DirectKeyMap::supports(keys) && direct.map(keys, table, group_ids)) return;
  encoder.encode(keys, keys.empty() ? 0 : keys[0]->length());
  table.find_or_insert(encoder, keys.empty() ? 0 : keys[0]->length(), group_ids);
}

}  // namespace lode::exec
