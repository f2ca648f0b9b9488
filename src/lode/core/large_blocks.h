#pragma once
// Blocks of 2 MiB and more, for buffers: mapped from the kernel 2 MiB
// aligned and marked for transparent huge pages (one fault zeroes 2 MiB,
// not 512 faults of 4 KiB), and, once freed, kept for the next buffer that
// fits in it (its tail, if longer, goes back to the OS). Fresh memory is
// what costs: on these VMs a first touch costs about 0.45 s per GiB in
// 4 KiB pages, and memory given back to the OS is reclaimed by the host and
// costs that again; a sort of 1e7 rows allocates 1.7 GB. The cache holds at
// most an eighth of the memory limit, and never more than the limit leaves
// free; a block that must be fresh first sends as many kept bytes back, so
// the cache does not add to the peak RSS. Sanitizer builds use them too, so
// that their runs cover this code (ASan sees no overflow inside a block).

#include <cstdint>

namespace lode {

class MemoryManager;

namespace large_blocks {

constexpr int64_t kBlockBytes = int64_t{2} << 20;

// Smaller capacities stay in glibc's heap, which reuses freed neighbours for
// growing buffers; from here rounding to whole blocks wastes under a fifth.
constexpr int64_t kMinLargeBytes = 4 * kBlockBytes;

/// Whether a capacity is served as a large block.
inline bool is_large(int64_t capacity_bytes) { return capacity_bytes >= kMinLargeBytes; }

/// Rounds a capacity of kBlockBytes or more up to a multiple of it.
inline int64_t block_length(int64_t capacity_bytes) {
  return (capacity_bytes + kBlockBytes - 1) / kBlockBytes * kBlockBytes;
}

/// A block of `length` bytes (a multiple of kBlockBytes); `zeroed` tells
/// whether it is fresh from the kernel (all zero). nullptr if the system
/// refuses.
uint8_t* allocate(int64_t length, bool& zeroed);

/// Grows a block to `length` bytes keeping its contents; its pages move, not
/// its bytes (mremap), and only the new tail is fresh. nullptr if the
/// system refuses (the old block is then untouched).
uint8_t* grow(uint8_t* block, int64_t old_length, int64_t length);

/// Frees a block from allocate(), keeping it for reuse while `manager`,
/// the block's, leaves room.
void free(uint8_t* block, int64_t length, const MemoryManager& manager) noexcept;

/// Returns every kept block to the OS.
void release_cached() noexcept;

/// Bytes kept for reuse.
int64_t cached_bytes() noexcept;

}  // namespace large_blocks
}  // namespace lode
