#include "lode/core/buffer.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>

#include "lode/core/error.h"
#include "lode/core/memory_manager.h"

namespace lode {

namespace {

// Rounds up to the alignment, keeping at least kSlackBytes after the data so
// that kernels may copy short values with whole 16-byte moves.
int64_t padded_capacity(int64_t size_bytes) {
  return (size_bytes + Buffer::kSlackBytes + Buffer::kAlignment - 1) / Buffer::kAlignment * Buffer::kAlignment;
}

// Batches allocate and free buffers of a few MB all the time. glibc would
// map each from the OS and give it back on free, paying page faults on every
// batch; keeping up to 64 MB blocks and 256 MB of free memory in the heap
// avoids that. (The memory manager still accounts every live byte.)
void tune_allocator_once() {
  static const bool tuned = [] {
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    return true;
  }();
  (void)tuned;
}

uint8_t* allocate_aligned(int64_t capacity_bytes, MemoryManager& manager) {
  tune_allocator_once();
  manager.reserve(capacity_bytes);
  void* data = std::aligned_alloc(Buffer::kAlignment, static_cast<size_t>(capacity_bytes));
  if (data == nullptr) {
    manager.release(capacity_bytes);
    throw OutOfMemoryError("out of memory: the system refused to allocate " +
                           format_byte_size(capacity_bytes));
  }
  return static_cast<uint8_t*>(data);
}

}  // namespace

std::shared_ptr<Buffer> Buffer::allocate(int64_t size_bytes, MemoryManager& manager, bool zeroed) {
  if (size_bytes < 0) throw InternalError("negative buffer size " + std::to_string(size_bytes));
  int64_t capacity = padded_capacity(size_bytes);
  uint8_t* data = allocate_aligned(capacity, manager);
  if (zeroed) {
    std::memset(data, 0, static_cast<size_t>(capacity));
  } else {
    // Zero the padding so that bytes past the end never leak garbage into
    // files or hashes that read whole words.
    std::memset(data + size_bytes, 0, static_cast<size_t>(capacity - size_bytes));
  }
  return std::shared_ptr<Buffer>(new Buffer(data, size_bytes, capacity, manager));
}

std::shared_ptr<Buffer> Buffer::allocate(int64_t size_bytes, bool zeroed) {
  return allocate(size_bytes, MemoryManager::global(), zeroed);
}

Buffer::~Buffer() {
  std::free(data_);
  manager_.release(capacity_bytes_);
}

void Buffer::resize(int64_t size_bytes) {
  if (size_bytes < 0) throw InternalError("negative buffer size " + std::to_string(size_bytes));
  if (size_bytes > capacity_bytes_) {
    int64_t capacity = padded_capacity(std::max(size_bytes, capacity_bytes_ + capacity_bytes_ / 2));
    uint8_t* data = allocate_aligned(capacity, manager_);
    std::memcpy(data, data_, static_cast<size_t>(size_bytes_));
    std::memset(data + size_bytes_, 0, static_cast<size_t>(capacity - size_bytes_));
    std::free(data_);
    manager_.release(capacity_bytes_);
    data_ = data;
    capacity_bytes_ = capacity;
  }
  size_bytes_ = size_bytes;
}

}  // namespace lode
