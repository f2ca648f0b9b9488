#pragma once
// A hash table from encoded row keys (group_keys.h) to dense group ids
// 0, 1, 2, ... in order of first appearance. Open addressing with linear
// probing; each slot holds 32 bits of the hash (to skip most key compares)
// and the group id. Each group's record (its id, key size and key bytes)
// lives in an arena of blocks that never move (so a growing table copies
// no key), one arena per radix partition of the hash. Once every row is in,
// release_slots() leaves only the records: the hash aggregate and the
// partitioned breaker then read them a partition at a time (for_each_group)
// and free each partition once merged, so that the merged answer grows while
// the local tables shrink to nothing. One thread owns a table while it inserts.

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "lode/exec/group_keys.h"
#include "lode/exec/partitioning.h"

namespace lode::exec {

class GroupTable {
 public:
  /// Keys are kept by `partitioning` partition of their hash (one arena by default).
  explicit GroupTable(RadixPartitioning partitioning = RadixPartitioning(0));

  /// Writes the group id of each encoded row, adding new groups as needed.
  void find_or_insert(const KeyEncoder& keys, int64_t num_rows, uint32_t* group_ids);
  /// Finds or adds one key with its hash; returns its group id.
  uint32_t find_or_insert(std::string_view key, uint64_t hash);

  /// Returns the group of a key, or -1 if the table does not hold it.
  int64_t find(std::string_view key, uint64_t hash) const;

  /// Asks the CPU to fetch the slot a key with this hash starts probing at.
  void prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }

  /// Makes room for `num_groups` groups without growing on the way.
  void reserve(int64_t num_groups);

  int64_t num_groups() const { return num_groups_; }
  int64_t num_groups(int partition) const { return arenas_[partition].groups; }
  /// A group's key and hash; only until release_slots().
  std::string_view key(uint32_t group) const { return record_key(records_[group]); }
  uint64_t hash(uint32_t group) const { return hashes_[group]; }
  int64_t memory_bytes() const;

  /// Frees the slots, hashes and the index of records once every row is in:
  /// the table then answers num_groups() and for_each_group() only.
  /// Returns the bytes freed.
  int64_t release_slots();
  /// Calls fn(group, key) for each group of `partition`, in order of first
  /// appearance, until release_keys(partition).
  template <typename Fn>
  void for_each_group(int partition, Fn&& fn) const {
    for (const Block& block : arenas_[partition].blocks) {
      for (const char* at = block.data.get(); at < block.data.get() + block.used;) {
        uint32_t group;
        std::memcpy(&group, at, 4);
        const std::string_view key = record_key(at);
        fn(group, key);
        at = key.data() + key.size();
      }
    }
  }
  /// Frees the records of one partition; threads may release different
  /// partitions at once. Returns the bytes freed.
  int64_t release_keys(int partition);

 private:
  // A record: the group id (uint32), the key's size (uint32), the key.
  static constexpr size_t kRecordHeader = 8;
  static std::string_view record_key(const char* record) {
    uint32_t size;
    std::memcpy(&size, record + 4, 4);
    return {record + kRecordHeader, size};
  }

  // Blocks double from kFirstBlockBytes up to kMaxBlockBytes, so that a
  // table of a few groups in many partitions stays small.
  struct Block {
    std::unique_ptr<char[]> data;
    size_t used = 0, size = 0;
  };
  struct KeyArena {
    std::vector<Block> blocks;
    int64_t bytes = 0;
    int64_t groups = 0;
  };

  uint32_t probe_or_insert(std::string_view key, uint64_t hash);  // inlined in the batch loop
  void grow(uint64_t num_slots);
  const char* store_record(uint32_t group, std::string_view key, uint64_t hash);

  std::vector<uint64_t> slots_;  // (hash >> 32) << 32 | (group + 1); 0 = empty
  uint64_t mask_;
  std::vector<uint64_t> hashes_;        // by group (for growing)
  std::vector<const char*> records_;    // by group
  int64_t num_groups_ = 0;
  RadixPartitioning partitioning_;
  std::vector<KeyArena> arenas_;  // by partition
};

}  // namespace lode::exec
