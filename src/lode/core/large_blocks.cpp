#include "lode/core/large_blocks.h"

#include <sys/mman.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <vector>

#include "lode/core/memory_manager.h"

namespace lode::large_blocks {

namespace {

struct Cache {
  std::mutex mutex;
  std::multimap<int64_t, uint8_t*> blocks;  // length -> block
  int64_t bytes = 0;
};

Cache& cache() {
  static Cache* instance = new Cache();  // never destroyed: buffers may outlive static destruction
  return *instance;
}

// Maps `length` bytes (with `protection`) at a block-aligned address: maps a
// block more, then gives back the unaligned head and the tail.
uint8_t* map_aligned(int64_t length, int protection = PROT_READ | PROT_WRITE) {
  const size_t mapped_length = static_cast<size_t>(length + kBlockBytes);
  void* mapped = mmap(nullptr, mapped_length, protection, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (mapped == MAP_FAILED) return nullptr;
  auto* base = static_cast<uint8_t*>(mapped);
  auto* start = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(base) + kBlockBytes - 1) &
                                           ~static_cast<uintptr_t>(kBlockBytes - 1));
  if (start > base) munmap(base, static_cast<size_t>(start - base));
  const size_t tail = static_cast<size_t>(base + mapped_length - (start + length));
  if (tail > 0) munmap(start + length, tail);
  if (protection != PROT_NONE) madvise(start, static_cast<size_t>(length), MADV_HUGEPAGE);  // a hint
  return start;
}

// What the cache may hold besides the live bytes of `manager`.
int64_t room(const MemoryManager& manager) {
  const int64_t limit = std::min(manager.limit_bytes(), physical_memory_bytes());
  return std::min(limit / 8, limit - manager.used_bytes());
}

}  // namespace

uint8_t* allocate(int64_t length, bool& zeroed) {
  Cache& kept = cache();
  std::vector<std::pair<uint8_t*, int64_t>> unmap;  // outside the lock
  uint8_t* block = nullptr;
  {
    std::lock_guard lock(kept.mutex);
    // The smallest kept block that is long enough, its tail given back.
    auto found = kept.blocks.lower_bound(length);
    if (found != kept.blocks.end()) {
      block = found->second;
      if (found->first > length) unmap.push_back({block + length, found->first - length});
      kept.bytes -= found->first;
      kept.blocks.erase(found);
    } else {
      // Fresh memory: as many kept bytes go back first, so RSS does not
      // grow by what the cache holds.
      int64_t freed = 0;
      while (freed < length && !kept.blocks.empty()) {
        auto largest = std::prev(kept.blocks.end());
        unmap.push_back({largest->second, largest->first});
        freed += largest->first;
        kept.bytes -= largest->first;
        kept.blocks.erase(largest);
      }
    }
  }
  for (const auto& [start, bytes] : unmap) munmap(start, static_cast<size_t>(bytes));
  zeroed = block == nullptr;
  return block != nullptr ? block : map_aligned(length);
}

uint8_t* grow(uint8_t* block, int64_t old_length, int64_t length) {
  // An aligned place for the grown block, reserved, then the block's pages
  // moved onto it (MREMAP_FIXED replaces the reservation).
  uint8_t* place = map_aligned(length, PROT_NONE);
  if (place == nullptr) return nullptr;
  void* moved = mremap(block, static_cast<size_t>(old_length), static_cast<size_t>(length),
                       MREMAP_MAYMOVE | MREMAP_FIXED, place);
  if (moved == MAP_FAILED) {
    munmap(place, static_cast<size_t>(length));
    return nullptr;
  }
  madvise(moved, static_cast<size_t>(length), MADV_HUGEPAGE);
  return static_cast<uint8_t*>(moved);
}

void free(uint8_t* block, int64_t length, const MemoryManager& manager) noexcept {
  Cache& kept = cache();
  {
    std::lock_guard lock(kept.mutex);
    if (kept.bytes + length <= room(manager)) {
      kept.blocks.emplace(length, block);
      kept.bytes += length;
      return;
    }
  }
  munmap(block, static_cast<size_t>(length));
}

void release_cached() noexcept {
  Cache& kept = cache();
  std::multimap<int64_t, uint8_t*> blocks;
  {
    std::lock_guard lock(kept.mutex);
    blocks.swap(kept.blocks);
    kept.bytes = 0;
  }
  for (const auto& [length, block] : blocks) munmap(block, static_cast<size_t>(length));
}

int64_t cached_bytes() noexcept {
  Cache& kept = cache();
  std::lock_guard lock(kept.mutex);
  return kept.bytes;
}

}  // namespace lode::large_blocks
