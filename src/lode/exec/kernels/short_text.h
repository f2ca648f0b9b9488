#pragma once
// Comparing a string column with constant texts of up to 16 bytes without
// a call or a branch on the data: each row's first 16 bytes are loaded as
// two words, masked to its length, and compared with the text's words.
// The loads may pass the string's end: a column's string bytes sit in a
// Buffer, whose 16 bytes of slack (Buffer::kSlackBytes) keep them inside.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "lode/core/buffer.h"

namespace lode::exec {

static_assert(Buffer::kSlackBytes >= 16, "short texts load 16 bytes past a string's start");

/// A constant text of at most kMaxBytes, as two little-endian words.
struct ShortText {
  static constexpr size_t kMaxBytes = 16;
  explicit ShortText(std::string_view text) : size(text.size()) {
    char padded[16] = {};
    std::memcpy(padded, text.data(), std::min(text.size(), kMaxBytes));
    std::memcpy(words, padded, 16);
  }
  size_t size;
  uint64_t words[2] = {0, 0};
};

/// The first 16 bytes of row `row` of a string column, zero past its length.
struct RowWords {
  RowWords(const int64_t* offsets, const char* bytes, int64_t row) {
    size = static_cast<size_t>(offsets[row + 1] - offsets[row]);
    std::memcpy(words, bytes + offsets[row], 16);
    words[0] &= mask(size);
    words[1] &= size >= 8 ? mask(size - 8) : 0;
  }
  static uint64_t mask(size_t bytes) { return bytes >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * bytes)) - 1; }
  /// True when the row's string is `text` (whose size is at most 16).
  bool is(const ShortText& text) const {
    return (size == text.size) & (words[0] == text.words[0]) & (words[1] == text.words[1]);
  }
  size_t size;
  uint64_t words[2];
};

}  // namespace lode::exec
