#pragma once
// Dense ids 0, 1, 2, ... for the strings of a key column, in order of first
// appearance, kept across batches: the direct key map (direct_key_map.h)
// turns a string key of few values into a small integer this way. A string
// of up to 7 bytes is packed with its length into one word and looked up
// in an integer table; longer ones go through a group table. One thread.

#include <cstdint>
#include <vector>

#include "lode/core/column.h"
#include "lode/exec/group_table.h"

namespace lode::exec {

class StringIds {
 public:
  StringIds();

  /// Writes the id of each valid row's string into ids (null rows get
  /// none); returns how many strings have ids so far.
  int64_t map(const Column& column, int64_t* ids);

 private:
  uint32_t find_or_insert_short(uint64_t word, std::string_view text);
  uint32_t find_or_insert_long(std::string_view text);
  void grow();

  GroupTable table_;              // every string seen; its group ids are the ids
  std::vector<uint64_t> words_;   // open addressing over packed short strings
  std::vector<uint32_t> word_ids_;
  uint64_t mask_;
  int64_t num_words_ = 0;
  std::vector<uint8_t> key_;  // one string in the group table's encoding
};

}  // namespace lode::exec
