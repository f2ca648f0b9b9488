#pragma once
// Bit-level helpers for Arrow's LSB-first bitmaps (validity, bool values).
// Header-only because they sit inside hot loops.

#include <bit>
#include <cstdint>
#include <cstring>

namespace lode::bitmap {

inline bool get(const uint8_t* bits, int64_t index) {
  return (bits[index >> 3] >> (index & 7)) & 1;
}

inline void set(uint8_t* bits, int64_t index) { bits[index >> 3] |= uint8_t(1u << (index & 7)); }

inline void clear(uint8_t* bits, int64_t index) {
  bits[index >> 3] &= uint8_t(~(1u << (index & 7)));
}

inline void set_to(uint8_t* bits, int64_t index, bool value) {
  uint8_t mask = uint8_t(1u << (index & 7));
  bits[index >> 3] = value ? (bits[index >> 3] | mask) : (bits[index >> 3] & ~mask);
}

inline int64_t num_bytes(int64_t num_bits) { return (num_bits + 7) / 8; }

/// Sets bits [index, index + count): bit by bit to a byte boundary, then whole bytes.
inline void set_range(uint8_t* bits, int64_t index, int64_t count) {
  const int64_t end = index + count;
  for (; index < end && (index & 7) != 0; ++index) set(bits, index);
  const int64_t whole_bytes = (end - index) / 8;
  if (whole_bytes > 0) std::memset(bits + index / 8, 0xFF, static_cast<size_t>(whole_bytes));
  for (index += whole_bytes * 8; index < end; ++index) set(bits, index);
}

/// Counts set bits in [offset, offset + length).
inline int64_t count_set(const uint8_t* bits, int64_t offset, int64_t length) {
  int64_t count = 0;
  int64_t index = offset;
  const int64_t end = offset + length;
  for (; index < end && (index & 63) != 0; ++index) count += get(bits, index);
  for (; index + 64 <= end; index += 64) {
    uint64_t word;
    std::memcpy(&word, bits + index / 8, 8);
    count += std::popcount(word);
  }
  for (; index < end; ++index) count += get(bits, index);
  return count;
}

}  // namespace lode::bitmap
