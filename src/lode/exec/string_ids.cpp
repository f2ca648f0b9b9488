#include "lode/exec/string_ids.h"

#include <cstring>

#include "lode/core/buffer.h"
#include "lode/exec/hashing.h"

namespace lode::exec {

namespace {

constexpr uint64_t kEmptyWord = ~uint64_t{0};  // no packed string has length byte 0xff
constexpr uint64_t kInitialWords = 256;

// Up to 7 bytes, read as one little-endian word (a column's buffer keeps
// Buffer::kSlackBytes after its data), with the length in the top byte.
inline uint64_t pack_short(const char* text, uint64_t size) {
  static_assert(Buffer::kSlackBytes >= 8);
  uint64_t word;
  std::memcpy(&word, text, 8);
  return (word & ((uint64_t{1} << (8 * size)) - 1)) | size << 56;
}

}  // namespace

StringIds::StringIds() : words_(kInitialWords, kEmptyWord), word_ids_(kInitialWords), mask_(kInitialWords - 1) {}

uint32_t StringIds::find_or_insert_long(std::string_view text) {
  key_.clear();
  KeyEncoder::append_string_part(text, true, key_);
  const std::string_view key(reinterpret_cast<const char*>(key_.data()), key_.size());
  return table_.find_or_insert(key, KeyEncoder::hash_of(key));
}

void StringIds::grow() {
  std::vector<uint64_t> words(words_.size() * 2, kEmptyWord);
  std::vector<uint32_t> ids(words.size());
  const uint64_t mask = words.size() - 1;
  const bool collide = hash_collisions();
  for (size_t i = 0; i < words_.size(); ++i) {
    if (words_[i] == kEmptyWord) continue;
    uint64_t index = (collide ? kCollidingHash : mix64(words_[i])) & mask;
    while (words[index] != kEmptyWord) index = (index + 1) & mask;
    words[index] = words_[i];
    ids[index] = word_ids_[i];
  }
  words_.swap(words);
  word_ids_.swap(ids);
  mask_ = mask;
}

uint32_t StringIds::find_or_insert_short(uint64_t word, std::string_view text) {
  uint64_t index = (hash_collisions() ? kCollidingHash : mix64(word)) & mask_;
  while (words_[index] != kEmptyWord) {
    if (words_[index] == word) return word_ids_[index];
    index = (index + 1) & mask_;
  }
  const uint32_t id = find_or_insert_long(text);  // the group table numbers every string
  words_[index] = word;
  word_ids_[index] = id;
  if (++num_words_ * 2 > static_cast<int64_t>(words_.size())) grow();
  return id;
}

int64_t StringIds::map(const Column& column, int64_t* ids) {
  const int64_t n = column.length();
  const int64_t* offsets = column.string_offsets();
  const char* bytes = column.string_bytes();
  const bool has_nulls = column.null_count() > 0;
  for (int64_t row = 0; row < n; ++row) {
    if (has_nulls && !column.is_valid(row)) continue;
    const auto size = static_cast<uint64_t>(offsets[row + 1] - offsets[row]);
    const char* text = bytes + offsets[row];
    ids[row] = size <= 7 ? find_or_insert_short(pack_short(text, size), {text, size})
                         : find_or_insert_long({text, size});
  }
  return table_.num_groups();
}

}  // namespace lode::exec
