#include "lode/exec/group_table.h"

#include <cstring>

#include "lode/core/error.h"

namespace lode::exec {

namespace {

constexpr uint64_t kInitialSlots = 1024;

constexpr size_t kFirstBlockBytes = 4 << 10;
constexpr size_t kMaxBlockBytes = 1 << 20;

// Whether the 8 bytes at a and at b are equal.
inline bool same_word(const char* a, const char* b) {
  uint64_t a_word, b_word;
  std::memcpy(&a_word, a, 8);
  std::memcpy(&b_word, b, 8);
  return a_word == b_word;
}

// Compares keys without a library call for the short keys that most are
// (an int32 key is 5 bytes, a 12-byte string 17); memcmp past 32 bytes.
inline bool same_key(std::string_view a, std::string_view b) {
  const size_t size = a.size();
  if (size != b.size()) return false;
  if (size > 32) return std::memcmp(a.data(), b.data(), size) == 0;
  if (size >= 8) {
    // The first and the last 8 (or 16) bytes, overlapping, cover 8..16 (or 17..32) bytes.
    const char* a_tail = a.data() + size - 8;
    const char* b_tail = b.data() + size - 8;
    if (size > 16 && !(same_word(a.data() + 8, b.data() + 8) && same_word(a_tail - 8, b_tail - 8))) return false;
    return same_word(a.data(), b.data()) && same_word(a_tail, b_tail);
  }
  for (size_t i = 0; i < size; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

}  // namespace

GroupTable::GroupTable(RadixPartitioning partitioning)
    : slots_(kInitialSlots, 0), mask_(kInitialSlots - 1), partitioning_(partitioning), arenas_(partitioning.count()) {}

int64_t GroupTable::memory_bytes() const {
  int64_t arena_bytes = 0;
  for (const KeyArena& arena : arenas_) arena_bytes += arena.bytes;
  return static_cast<int64_t>(slots_.capacity() * 8 + hashes_.capacity() * 8 + records_.capacity() * 8) + arena_bytes;
}

int64_t GroupTable::release_slots() {
  const auto bytes = static_cast<int64_t>(slots_.capacity() * 8 + hashes_.capacity() * 8 + records_.capacity() * 8);
  std::vector<uint64_t>().swap(slots_);
  std::vector<uint64_t>().swap(hashes_);
  std::vector<const char*>().swap(records_);
  mask_ = 0;
  return bytes;
}

int64_t GroupTable::release_keys(int partition) {
  KeyArena& arena = arenas_[partition];
  const int64_t bytes = arena.bytes;
  arena = KeyArena();
  return bytes;
}

void GroupTable::reserve(int64_t num_groups) {
  hashes_.reserve(num_groups);
  records_.reserve(num_groups);
  uint64_t slots = slots_.size();
  while (static_cast<uint64_t>(num_groups) * 2 > slots) slots *= 2;
  if (slots != slots_.size()) grow(slots);
}

const char* GroupTable::store_record(uint32_t group, std::string_view key, uint64_t hash) {
  KeyArena& arena = arenas_[partitioning_.of(hash)];
  const size_t size = kRecordHeader + key.size();
  if (arena.blocks.empty() || arena.blocks.back().used + size > arena.blocks.back().size) {
    const size_t last = arena.blocks.empty() ? 0 : arena.blocks.back().size;
    Block block;
    block.size = std::max(last == 0 ? kFirstBlockBytes : std::min(last * 2, kMaxBlockBytes), size);
    block.data = std::make_unique_for_overwrite<char[]>(block.size);
    arena.bytes += static_cast<int64_t>(block.size);
    arena.blocks.push_back(std::move(block));
  }
  Block& block = arena.blocks.back();
  char* at = block.data.get() + block.used;
  const auto key_size = static_cast<uint32_t>(key.size());
  std::memcpy(at, &group, 4);
  std::memcpy(at + 4, &key_size, 4);
  std::memcpy(at + kRecordHeader, key.data(), key.size());
  block.used += size;
  ++arena.groups;
  return at;
}

void GroupTable::grow(uint64_t num_slots) {
  std::vector<uint64_t> slots(num_slots, 0);
  const uint64_t mask = slots.size() - 1;
  for (uint64_t group = 0; group < hashes_.size(); ++group) {
    uint64_t index = hashes_[group] & mask;
    while (slots[index] != 0) index = (index + 1) & mask;
    slots[index] = ((hashes_[group] >> 32) << 32) | (group + 1);
  }
  slots_.swap(slots);
  mask_ = mask;
}

uint32_t GroupTable::find_or_insert(std::string_view key, uint64_t hash) { return probe_or_insert(key, hash); }

inline uint32_t GroupTable::probe_or_insert(std::string_view key, uint64_t hash) {
  const uint64_t tag = hash >> 32;
  uint64_t index = hash & mask_;
  while (true) {
    const uint64_t slot = slots_[index];
    if (slot == 0) break;
    if ((slot >> 32) == tag) {
      const uint32_t group = static_cast<uint32_t>(slot & 0xffffffffu) - 1;
      if (same_key(this->key(group), key)) return group;  // the 32-bit tag already matched
    }
    index = (index + 1) & mask_;
  }
  if (num_groups_ >= UINT32_MAX - 1) throw NotSupportedError("more than 4 billion groups in one table");
  const auto group = static_cast<uint32_t>(num_groups_++);
  slots_[index] = (tag << 32) | (uint64_t{group} + 1);
  hashes_.push_back(hash);
  records_.push_back(store_record(group, key, hash));
  if (hashes_.size() * 2 > slots_.size()) grow(slots_.size() * 2);
  return group;
}

int64_t GroupTable::find(std::string_view key, uint64_t hash) const {
  const uint64_t tag = hash >> 32;
  for (uint64_t index = hash & mask_;; index = (index + 1) & mask_) {
    const uint64_t slot = slots_[index];
    if (slot == 0) return -1;
    if ((slot >> 32) == tag) {
      const uint32_t group = static_cast<uint32_t>(slot & 0xffffffffu) - 1;
      if (same_key(this->key(group), key)) return group;  // the 32-bit tag already matched
    }
  }
}

void GroupTable::find_or_insert(const KeyEncoder& keys, int64_t num_rows, uint32_t* group_ids) {
  // The slots of a table past the caches are misses: ask for them a few
  // rows ahead (a table that grows on the way catches up at the next batch).
  constexpr int64_t kPrefetchRows = 16;
  constexpr uint64_t kCachedSlots = 1 << 15;
  int64_t row = 0;
  if (slots_.size() > kCachedSlots) {
    for (; row + kPrefetchRows < num_rows; ++row) {
      prefetch(keys.hash(row + kPrefetchRows));
      group_ids[row] = probe_or_insert(keys.key(row), keys.hash(row));
    }
  }
  for (; row < num_rows; ++row) group_ids[row] = probe_or_insert(keys.key(row), keys.hash(row));
}

}  // namespace lode::exec
