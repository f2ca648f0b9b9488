#pragma once
// Hashing of key bytes for hash tables and partitioning. The result is well
// mixed in every bit (murmur3's finalizer), since tables use the low bits to
// pick a slot and partitioning uses the high bits.

#include <atomic>
#include <cstdint>
#include <cstring>

namespace lode::exec {

/// A stress switch (tests only): every key gets the same hash, so hash
/// tables probe one long chain and partitioning puts every key in one
/// partition, which tests the collision paths. Read once per batch.
inline std::atomic<bool>& hash_collisions_switch() {
  static std::atomic<bool> on{false};
  return on;
}
inline void set_hash_collisions(bool on) { hash_collisions_switch().store(on); }
inline bool hash_collisions() { return hash_collisions_switch().load(std::memory_order_relaxed); }
constexpr uint64_t kCollidingHash = 0x9E3779B97F4A7C15ULL;

inline uint64_t mix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// hash_bytes() with the tail read byte by byte, or (kPadded: at least 7
// readable bytes follow the data, a buffer's slack) as one masked 8-byte
// load. Both give the same value.
template <bool kPadded>
inline uint64_t hash_bytes_with(const uint8_t* data, size_t size) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (size * 0x100000001B3ULL);
  while (size >= 8) {
    uint64_t word;
    std::memcpy(&word, data, 8);
    h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 29;
    data += 8;
    size -= 8;
  }
  if (size > 0) {
    uint64_t word = 0;
    if constexpr (kPadded) {
      std::memcpy(&word, data, 8);
      word &= ~uint64_t{0} >> (64 - 8 * size);  // little-endian: the first `size` bytes
    } else {
      // Byte by byte: a memcpy of a variable size would be a call.
      for (size_t i = 0; i < size; ++i) word |= uint64_t{data[i]} << (8 * i);
    }
    h = (h ^ word) * 0x94d049bb133111ebULL;
  }
  return mix64(h);
}

inline uint64_t hash_bytes(const uint8_t* data, size_t size) { return hash_bytes_with<false>(data, size); }

/// hash_bytes() for data followed by at least 7 readable bytes.
inline uint64_t hash_padded_bytes(const uint8_t* data, size_t size) { return hash_bytes_with<true>(data, size); }

}  // namespace lode::exec
