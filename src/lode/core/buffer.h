#pragma once
// A buffer: one 64-byte aligned block of memory (the Arrow layout's alignment
// and padding), accounted to a MemoryManager for its whole life. Columns share
// buffers through std::shared_ptr, so slices and numpy views cost no copy.
// A buffer is written by one thread while built, then read-only and shareable.

#include <cstdint>
#include <memory>

namespace lode {

class MemoryManager;

class Buffer {
 public:
  static constexpr int64_t kAlignment = 64;
  /// Bytes past size_bytes() that are always allocated (and zero when made).
  static constexpr int64_t kSlackBytes = 16;

  /// Allocates `size_bytes` (rounded up to 64 for padding), accounted to
  /// `manager`; throws OutOfMemoryError past its limit. `zeroed` clears it.
  static std::shared_ptr<Buffer> allocate(int64_t size_bytes, MemoryManager& manager,
                                          bool zeroed = false);
  static std::shared_ptr<Buffer> allocate(int64_t size_bytes, bool zeroed = false);

  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  template <typename T>
  T* data_as() { return reinterpret_cast<T*>(data_); }
  template <typename T>
  const T* data_as() const { return reinterpret_cast<const T*>(data_); }

  int64_t size_bytes() const { return size_bytes_; }
  int64_t capacity_bytes() const { return capacity_bytes_; }

  /// Grows or shrinks the usable size, keeping the contents; reallocates
  /// (geometrically) when it outgrows the capacity. Only while building.
  void resize(int64_t size_bytes);

 private:
  Buffer(uint8_t* data, int64_t size_bytes, int64_t capacity_bytes, MemoryManager& manager)
      : data_(data), size_bytes_(size_bytes), capacity_bytes_(capacity_bytes), manager_(manager) {}

  uint8_t* data_;
  int64_t size_bytes_;
  int64_t capacity_bytes_;
  MemoryManager& manager_;
};

}  // namespace lode
