#include "lode/exec/join_keys.h"

#include <algorithm>
#include <type_traits>

#include "lode/exec/hashing.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

bool integer_join_keys(const std::vector<DataType>& key_types, bool nulls_equal) {
  if (nulls_equal || key_types.size() != 1) return false;
  const DataType& type = key_types[0];
  return type.is_integer() || type.id == TypeId::kDate32;
}

JoinKeys::JoinKeys(std::vector<DataType> key_types, bool integer_form)
    : integer_form_(integer_form), encoder_(std::move(key_types)) {}

void JoinKeys::encode(const std::vector<std::shared_ptr<Column>>& keys, int64_t num_rows) {
  if (!integer_form_) {
    encoder_.encode(keys, num_rows);
    return;
  }
  // Null rows get a value too; the join skips them by their validity.
  const Column& column = *keys[0];
  integers_.resize(static_cast<size_t>(num_rows));
  hashes_.resize(static_cast<size_t>(num_rows));
  visit_fixed_width(column.type(), [&]<typename T>() {
    if constexpr (std::is_integral_v<T> && sizeof(T) <= 8) {
      const T* values = column.values<T>();
      for (int64_t row = 0; row < num_rows; ++row) integers_[row] = static_cast<int64_t>(values[row]);
    }
  });
  if (hash_collisions()) {
    std::fill(hashes_.begin(), hashes_.end(), kCollidingHash);
    return;
  }
  for (int64_t row = 0; row < num_rows; ++row) hashes_[row] = mix64(static_cast<uint64_t>(integers_[row]));
}

void JoinTable::reserve(int64_t num_keys) {
  if (!integer_form_) {
    table_.reserve(num_keys);
    return;
  }
  uint64_t num_slots = mask_ + 1;
  while (num_slots < static_cast<uint64_t>(num_keys) * 2) num_slots *= 2;
  if (num_slots > mask_ + 1) rehash(num_slots);
  group_hashes_.reserve(static_cast<size_t>(num_keys));
}

uint32_t JoinTable::find_or_insert(const JoinKeys& keys, int64_t row) {
  if (!integer_form_) return table_.find_or_insert(keys.key(row), keys.hash(row));
  const int64_t key = keys.integer(row);
  const uint64_t hash = keys.hash(row);
  uint64_t index = hash & mask_;
  for (; slots_[index].value != 0; index = (index + 1) & mask_)
    if (slots_[index].key == key) return static_cast<uint32_t>(slots_[index].value - 1);
  const auto group = static_cast<uint32_t>(num_integer_groups_++);
  slots_[index] = Slot{key, static_cast<int64_t>(group) + 1};
  group_hashes_.push_back(hash);
  if (static_cast<uint64_t>(num_integer_groups_) * 2 > mask_ + 1) rehash((mask_ + 1) * 2);
  return group;
}

void JoinTable::rehash(uint64_t num_slots) {
  std::vector<Slot> slots(num_slots);
  const uint64_t mask = num_slots - 1;
  for (const Slot& slot : slots_) {
    if (slot.value == 0) continue;
    uint64_t index = group_hashes_[slot.value - 1] & mask;
    while (slots[index].value != 0) index = (index + 1) & mask;
    slots[index] = slot;
  }
  slots_.swap(slots);
  mask_ = mask;
}

bool JoinTable::hold_unique_rows(const std::vector<int64_t>& rows) {
  if (!integer_form_ || static_cast<int64_t>(rows.size()) != num_integer_groups_) return false;
  for (Slot& slot : slots_) slot.value = slot.value == 0 ? -1 : rows[slot.value - 1];
  std::vector<uint64_t>().swap(group_hashes_);
  holds_rows_ = true;
  return true;
}

int64_t JoinTable::memory_bytes() const {
  if (!integer_form_) return table_.memory_bytes();
  return static_cast<int64_t>(slots_.capacity() * sizeof(Slot) + group_hashes_.capacity() * 8);
}

}  // namespace lode::exec
