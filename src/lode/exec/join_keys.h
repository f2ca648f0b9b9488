#pragma once
// The keys of a hash join, in one of two forms chosen from the key types
// (both sides of a join use the same): one integer key (the foreign keys of
// most schemas, all of TPC-H's) as its values, hashed by mixing the value
// and held in a table of integers; any other keys encoded as bytes
// (group_keys.h) in a GroupTable. The integer form skips the byte
// encoding, the generic hash and the key compares of the general one.

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "lode/core/column.h"
#include "lode/exec/group_keys.h"
#include "lode/exec/group_table.h"

namespace lode::exec {

/// True when keys of these types take the integer form: one key of an
/// integer or date type, and nulls never equal (a null key matches nothing).
bool integer_join_keys(const std::vector<DataType>& key_types, bool nulls_equal);

/// One batch's join keys: a hash per row, and the key in its form.
class JoinKeys {
 public:
  JoinKeys(std::vector<DataType> key_types, bool integer_form);

  /// Encodes rows [0, num_rows) of the key columns (one per key type).
  void encode(const std::vector<std::shared_ptr<Column>>& keys, int64_t num_rows);

  uint64_t hash(int64_t row) const { return integer_form_ ? hashes_[row] : encoder_.hash(row); }
  int64_t integer(int64_t row) const { return integers_[row]; }
  std::string_view key(int64_t row) const { return encoder_.key(row); }

 private:
  bool integer_form_;
  KeyEncoder encoder_;
  std::vector<int64_t> integers_;
  std::vector<uint64_t> hashes_;
};

/// A table from keys to dense group ids 0, 1, ... in order of first
/// insertion. Once built, a table of unique integer keys (a primary key, the
/// usual build side) can hold each key's one build row in its slot instead,
/// so that a probe finds the row with the key, in one cache line.
class JoinTable {
 public:
  explicit JoinTable(bool integer_form = false) : integer_form_(integer_form) {}

  /// Makes room for `num_keys` keys without growing on the way.
  void reserve(int64_t num_keys);
  uint32_t find_or_insert(const JoinKeys& keys, int64_t row);
  /// Returns the group of the row's key, or -1 if the table does not hold it.
  int64_t find(const JoinKeys& keys, int64_t row) const {
    return integer_form_ ? find_integer(keys.integer(row), keys.hash(row)) : table_.find(keys.key(row), keys.hash(row));
  }
  void prefetch(uint64_t hash) const {
    if (integer_form_) __builtin_prefetch(&slots_[hash & mask_]);
    else table_.prefetch(hash);
  }
  int64_t num_groups() const { return integer_form_ ? num_integer_groups_ : table_.num_groups(); }
  int64_t memory_bytes() const;

  /// For an integer table whose every group has one row, `rows[group]`:
  /// stores each group's row in its slot; find() then no longer works, and
  /// find_row() gives the rows. Returns false (changing nothing) otherwise.
  bool hold_unique_rows(const std::vector<int64_t>& rows);
  bool holds_rows() const { return holds_rows_; }
  /// After hold_unique_rows: the build row of the probe row's key, or null.
  const int64_t* find_row(const JoinKeys& keys, int64_t row) const {
    const int64_t key = keys.integer(row);
    for (uint64_t index = keys.hash(row) & mask_;; index = (index + 1) & mask_) {
      const Slot& slot = slots_[index];
      if (slot.value < 0) return nullptr;
      if (slot.key == key) return &slot.value;
    }
  }

 private:
  // The integer form: open addressing with linear probing, grown at half
  // full. `value` is the group + 1 (0: empty), or after hold_unique_rows the
  // build row (-1: empty).
  struct Slot {
    int64_t key = 0;
    int64_t value = 0;
  };

  int64_t find_integer(int64_t key, uint64_t hash) const {
    for (uint64_t index = hash & mask_;; index = (index + 1) & mask_) {
      const Slot& slot = slots_[index];
      if (slot.value == 0) return -1;
      if (slot.key == key) return slot.value - 1;
    }
  }
  void rehash(uint64_t num_slots);

  bool integer_form_;
  bool holds_rows_ = false;
  GroupTable table_;
  std::vector<Slot> slots_ = std::vector<Slot>(16);
  std::vector<uint64_t> group_hashes_;
  uint64_t mask_ = 15;
  int64_t num_integer_groups_ = 0;
};

}  // namespace lode::exec
