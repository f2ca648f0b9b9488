#include "lode/core/buffer.h"

#include <malloc.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "lode/core/error.h"
#include "lode/core/large_blocks.h"
#include "lode/core/memory_manager.h"

namespace lode {

namespace {

// Rounds up to the alignment, keeping at least kSlackBytes after the data so
// that kernels may copy short values with whole 16-byte moves.
int64_t padded_capacity(int64_t size_bytes) {
  return (size_bytes + Buffer::kSlackBytes + Buffer::kAlignment - 1) / Buffer::kAlignment * Buffer::kAlignment;
}

// Small buffers and the engine's vectors are allocated and freed all the
// time. glibc would map each of more than 128 KB from the OS and give it
// back on free, paying page faults every time; keeping up to 64 MB blocks
// and 256 MB of free memory in the heap avoids that. (The memory manager
// still accounts every live buffer byte.)
void tune_allocator_once() {
  static const bool tuned = [] {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    return true;
  }();
  (void)tuned;
}

// Capacities of 2 MiB and more are whole large blocks (large_blocks.h).
int64_t block_capacity(int64_t size_bytes) {
  const int64_t capacity = padded_capacity(size_bytes);
  return large_blocks::is_large(capacity) ? large_blocks::block_length(capacity) : capacity;
}

// Reserves and allocates `capacity_bytes`; `zeroed` tells whether it came all zero.
uint8_t* allocate_aligned(int64_t capacity_bytes, MemoryManager& manager, bool& zeroed) {
  tune_allocator_once();
  manager.reserve(capacity_bytes);
  zeroed = false;
  void* data = large_blocks::is_large(capacity_bytes)
                   ? large_blocks::allocate(capacity_bytes, zeroed)
                   : std::aligned_alloc(Buffer::kAlignment, static_cast<size_t>(capacity_bytes));
  if (data == nullptr) {
    manager.release(capacity_bytes);
    throw OutOfMemoryError("out of memory: the system refused to allocate " +
                           format_byte_size(capacity_bytes));
  }
  return static_cast<uint8_t*>(data);
}

// Releases and frees a block of allocate_aligned().
void free_aligned(uint8_t* data, int64_t capacity_bytes, MemoryManager& manager) {
  manager.release(capacity_bytes);
  if (large_blocks::is_large(capacity_bytes)) {
    large_blocks::free(data, capacity_bytes, manager);
  } else {
    std::free(data);
  }
}

}  // namespace

std::shared_ptr<Buffer> Buffer::allocate(int64_t size_bytes, MemoryManager& manager, bool zeroed) {
  if (size_bytes < 0) throw InternalError("negative buffer size " + std::to_string(size_bytes));
  const int64_t capacity = block_capacity(size_bytes);
  bool fresh_zero = false;
  uint8_t* data = allocate_aligned(capacity, manager, fresh_zero);
  if (!fresh_zero) {
    // Zero the padding (and the rest of the capacity, which resize() hands
    // out as zero) so that bytes past the end never leak garbage into files
    // or hashes that read whole words.
    const int64_t from = zeroed ? 0 : size_bytes;
    std::memset(data + from, 0, static_cast<size_t>(capacity - from));
  }
  return std::shared_ptr<Buffer>(new Buffer(data, size_bytes, capacity, manager));
}

std::shared_ptr<Buffer> Buffer::allocate(int64_t size_bytes, bool zeroed) {
  return allocate(size_bytes, MemoryManager::global(), zeroed);
}

Buffer::~Buffer() { free_aligned(data_, capacity_bytes_, manager_); }

void Buffer::resize(int64_t size_bytes) {
  if (size_bytes < 0) throw InternalError("negative buffer size " + std::to_string(size_bytes));
  // Growing keeps the slack after the data too, not only the data.
  if (size_bytes + kSlackBytes > capacity_bytes_) {
    const int64_t capacity = block_capacity(std::max(size_bytes, capacity_bytes_ + capacity_bytes_ / 2));
    if (large_blocks::is_large(capacity_bytes_)) {
      // Large blocks grow in place of a copy; the new tail is fresh, all zero.
      manager_.reserve(capacity - capacity_bytes_);
      uint8_t* data = large_blocks::grow(data_, capacity_bytes_, capacity);
      if (data == nullptr) {
        manager_.release(capacity - capacity_bytes_);
        throw OutOfMemoryError("out of memory: the system refused to allocate " + format_byte_size(capacity));
      }
      std::memset(data + size_bytes_, 0, static_cast<size_t>(capacity_bytes_ - size_bytes_));
      data_ = data;
      capacity_bytes_ = capacity;
      size_bytes_ = size_bytes;
      return;
    }
    bool fresh_zero = false;
    uint8_t* data = allocate_aligned(capacity, manager_, fresh_zero);
    std::memcpy(data, data_, static_cast<size_t>(size_bytes_));
    if (!fresh_zero) std::memset(data + size_bytes_, 0, static_cast<size_t>(capacity - size_bytes_));
    free_aligned(data_, capacity_bytes_, manager_);
    data_ = data;
    capacity_bytes_ = capacity;
  }
  size_bytes_ = size_bytes;
}

}  // namespace lode
