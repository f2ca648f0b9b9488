#pragma once
// A front for the group table when grouping by integer keys whose values
// span small ranges (id4 in 1..100, (id4, id5), dates, codes), or by
// several keys of which some are strings of few values ((id1, id2), (id2,
// id4)): each string key first becomes a small id (string_ids.h). An array
// indexed by the keys' combined offset (null has its own slot per key)
// holds each combination's group id, so most rows cost a few arithmetic
// operations and one load instead of encode + hash + probe. A combination
// seen for the first time goes through the group table once (so ids, keys
// and merging are unchanged). When a batch widens a range the array starts
// over empty; the table still knows every group. Gives up (the caller then
// hashes) once the combined range passes kMaxSlots. One per worker.

#include <cstdint>
#include <memory>
#include <vector>

#include "lode/core/column.h"
#include "lode/exec/group_keys.h"
#include "lode/exec/group_table.h"
#include "lode/exec/string_ids.h"

namespace lode::exec {

class DirectKeyMap {
 public:
  static constexpr int64_t kMaxSlots = int64_t{1} << 20;
  static constexpr size_t kMaxKeys = 4;

  /// Returns true if the key types are integers, dates or strings this map
  /// can serve (not a string alone, which the group table serves as fast).
  static bool supports(const std::vector<std::shared_ptr<Column>>& keys);

  /// Writes the group of each row; returns false, writing nothing, once the
  /// keys' ranges are too wide (and stays off for later batches).
  bool map(const std::vector<std::shared_ptr<Column>>& keys, GroupTable& table, uint32_t* group_ids);

 private:
  struct WideKey {
    std::vector<int64_t> values;  // widened to int64 (a string's: its id)
    const Column* column;
    int width;  // bytes of the key's own type, for the group table's encoding; 0 for a string
  };
  struct Range {
    int64_t low = 0;
    int64_t high = -1;  // empty while high < low
  };
  static bool widen(const Column& column, WideKey& key);  // false for a type it cannot serve
  bool cover(const std::vector<Range>& batch_ranges);
  bool give_up();  // frees the array and dictionaries; returns false
  bool string_ids(const std::shared_ptr<Column>& column, size_t key, std::vector<int64_t>& values);

  bool disabled_ = false;
  std::vector<Range> ranges_;
  std::vector<int64_t> strides_;
  std::vector<int32_t> ids_;  // slot -> group, -1 while unknown
  std::vector<std::unique_ptr<StringIds>> string_ids_;  // by key; null for the others
  std::vector<uint8_t> key_bytes_;                      // one row's group table key
  std::vector<WideKey> wide_;                            // a batch's keys, widened (buffers reused)
  std::vector<int64_t> slots_;                           // a batch's rows' slots
};

/// Writes the group of each row of `keys` (one column per key type of
/// `encoder`): through `direct` where the keys allow it, else encoded and
/// looked up in `table`. The sinks of the hash aggregate and of the
/// partitioned breaker (operators/materialize.h), and group_rows()
/// (operators/materialized.h), all group this way.
void find_or_insert_groups(const std::vector<std::shared_ptr<Column>>& keys, DirectKeyMap& direct, KeyEncoder& encoder,
                           GroupTable& table, uint32_t* group_ids);

}  // namespace lode::exec
