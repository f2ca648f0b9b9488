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

uint32_t JoinTable::find_or_insert(const JoinKeys& keys, int64_t row) {
  if (!integer_form_) return table_.find_or_insert(keys.key(row), keys.hash(row));
  const int64_t key = keys.integer(row);
  const uint64_t hash = keys.hash(row);
  uint64_t index = hash & mask_;
  for (; slot_groups_[index] != 0; index = (index + 1) & mask_)
    if (slot_keys_[index] == key) return slot_groups_[index] - 1;
  const auto group = static_cast<uint32_t>(num_integer_groups_++);
  slot_keys_[index] = key;
  slot_groups_[index] = group + 1;
  group_hashes_.push_back(hash);
  if (static_cast<uint64_t>(num_integer_groups_) * 2 > mask_ + 1) grow_integers();
  return group;
}

void JoinTable::grow_integers() {
  const uint64_t num_slots = (mask_ + 1) * 2;
  std::vector<int64_t> keys(num_slots, 0);
  std::vector<uint32_t> groups(num_slots, 0);
  const uint64_t mask = num_slots - 1;
  for (uint64_t slot = 0; slot <= mask_; ++slot) {
    if (slot_groups_[slot] == 0) continue;
    uint64_t index = group_hashes_[slot_groups_[slot] - 1] & mask;
    while (groups[index] != 0) index = (index + 1) & mask;
    keys[index] = slot_keys_[slot];
    groups[index] = slot_groups_[slot];
  }
  slot_keys_.swap(keys);
  slot_groups_.swap(groups);
  mask_ = mask;
}

int64_t JoinTable::memory_bytes() const {
  if (!integer_form_) return table_.memory_bytes();
  return static_cast<int64_t>(slot_keys_.capacity() * 8 + slot_groups_.capacity() * 4 + group_hashes_.capacity() * 8);
}

}  // namespace lode::exec
