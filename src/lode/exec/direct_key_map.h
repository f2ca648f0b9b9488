#pragma once
// A front for the group table when grouping by one integer key whose values
// span a small range (id4 in 1..100, dates, small codes): an array indexed by
// value - base holds each value's group id, so most rows cost one load
// instead of encode + hash + probe. A value seen for the first time goes
// through the group table once (keeping ids, keys and merging unchanged).
// Gives up (and the caller falls back to hashing) once the range passes
// kMaxRange. One per worker; not thread-safe.

#include <cstdint>
#include <vector>

#include "lode/core/column.h"
#include "lode/exec/group_table.h"

namespace lode::exec {

class DirectKeyMap {
 public:
  static constexpr int64_t kMaxRange = int64_t{1} << 20;

  /// Returns true if `type` is an integer-like key this map can serve.
  static bool supports(const DataType& type);

  /// Writes the group of each row of `keys` (one integer column); returns
  /// false, writing nothing, if the values' range is too wide.
  bool map(const Column& keys, GroupTable& table, uint32_t* group_ids);

 private:
  template <typename T>
  bool map_typed(const Column& keys, GroupTable& table, uint32_t* group_ids);
  bool cover(int64_t low, int64_t high);

  bool disabled_ = false;
  bool empty_ = true;
  int64_t base_ = 0;
  std::vector<int32_t> ids_;  // -1: value not seen yet
  int64_t null_id_ = -1;
};

}  // namespace lode::exec
