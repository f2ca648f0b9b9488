#pragma once
// A hash table from encoded row keys (group_keys.h) to dense group ids
// 0, 1, 2, ... in order of first appearance. Open addressing with linear
// probing; each slot holds 32 bits of the hash (to skip most key compares)
// and the group id. Keys live in arenas of blocks that never move (so a
// growing table copies no key), one arena per radix partition of the hash:
// the hash aggregate merges thread-local tables partition by partition and
// frees each partition's keys once merged, so that the merged answer grows
// while the local tables shrink. One thread owns a table while it inserts.

#include <cstdint>
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

  int64_t num_groups() const { return static_cast<int64_t>(hashes_.size()); }
  std::string_view key(uint32_t group) const { return {keys_[group], key_sizes_[group]}; }
  uint64_t hash(uint32_t group) const { return hashes_[group]; }
  int64_t memory_bytes() const;

  /// Frees the slots once every row is in: the table then answers key() and
  /// hash() only. Returns the bytes freed.
  int64_t release_slots();
  /// Frees the keys of one partition (key() of its groups is then invalid);
  /// threads may release different partitions at once. Returns the bytes freed.
  int64_t release_keys(int partition);

 private:
  // Blocks double from kFirstBlockBytes up to kMaxBlockBytes, so that a
  // table of a few groups in many partitions stays small.
  struct KeyArena {
    std::vector<std::unique_ptr<char[]>> blocks;
    size_t used = 0, size = 0;
    int64_t bytes = 0;
  };

  uint32_t probe_or_insert(std::string_view key, uint64_t hash);  // inlined in the batch loop
  void grow(uint64_t num_slots);
  const char* store_key(std::string_view key, uint64_t hash);

  std::vector<uint64_t> slots_;  // (hash >> 32) << 32 | (group + 1); 0 = empty
  uint64_t mask_;
  std::vector<uint64_t> hashes_;
  std::vector<const char*> keys_;
  std::vector<uint32_t> key_sizes_;
  RadixPartitioning partitioning_;
  std::vector<KeyArena> arenas_;  // by partition
};

}  // namespace lode::exec
