#include "lode/core/buffer.h"

#include <gtest/gtest.h>

#include <cstring>

#include "lode/core/large_blocks.h"
#include "lode/core/memory_manager.h"

namespace lode {
namespace {

TEST(BufferTest, IsAlignedAndPadded) {
  MemoryManager manager;
  for (int64_t size : {0, 1, 63, 64, 65, 1000}) {
    auto buffer = Buffer::allocate(size, manager);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer->data()) % 64, 0u);
    EXPECT_EQ(buffer->size_bytes(), size);
    EXPECT_EQ(buffer->capacity_bytes() % 64, 0);
    EXPECT_GE(buffer->capacity_bytes(), std::max<int64_t>(size, 64));
    for (int64_t i = size; i < buffer->capacity_bytes(); ++i) EXPECT_EQ(buffer->data()[i], 0);
  }
}

TEST(BufferTest, ResizeKeepsContents) {
  MemoryManager manager;
  auto buffer = Buffer::allocate(10, manager);
  std::memcpy(buffer->data(), "0123456789", 10);
  buffer->resize(100000);
  EXPECT_EQ(std::memcmp(buffer->data(), "0123456789", 10), 0);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer->data()) % 64, 0u);
  EXPECT_EQ(manager.used_bytes(), buffer->capacity_bytes());
}

// Kernels copy short values with 16-byte moves past a value's start: every
// size a buffer grows to keeps kSlackBytes after it, zero.
TEST(BufferTest, GrowingKeepsTheSlackAfterTheData) {
  MemoryManager manager;
  auto buffer = Buffer::allocate(0, manager);
  for (int64_t size = 1; size <= 5000; size += 7) {
    buffer->resize(size);
    EXPECT_GE(buffer->capacity_bytes(), size + Buffer::kSlackBytes) << size;
    for (int64_t i = size; i < size + Buffer::kSlackBytes; ++i) ASSERT_EQ(buffer->data()[i], 0) << size;
  }
}

TEST(BufferTest, ZeroedAllocationIsZero) {
  MemoryManager manager;
  auto buffer = Buffer::allocate(4096, manager, true);
  for (int64_t i = 0; i < 4096; ++i) ASSERT_EQ(buffer->data()[i], 0);
}

// A large block freed is kept and handed out again (the same memory): it
// comes back zeroed where asked and with zero padding, and the cache stays
// within an eighth of the owner's limit.
TEST(BufferTest, LargeBlocksAreReusedClean) {
  large_blocks::release_cached();
  MemoryManager manager(int64_t{1} << 30);
  const int64_t size = 5 * large_blocks::kBlockBytes + 100;
  auto buffer = Buffer::allocate(size, manager);
  EXPECT_EQ(buffer->capacity_bytes(), 6 * large_blocks::kBlockBytes);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer->data()) % large_blocks::kBlockBytes, 0u);
  std::memset(buffer->data(), 0xff, static_cast<size_t>(buffer->capacity_bytes()));
  const uint8_t* memory = buffer->data();
  buffer.reset();
  EXPECT_EQ(manager.used_bytes(), 0);
  EXPECT_EQ(large_blocks::cached_bytes(), 6 * large_blocks::kBlockBytes);

  auto zeroed = Buffer::allocate(size, manager, true);
  EXPECT_EQ(zeroed->data(), memory);
  for (int64_t i = 0; i < zeroed->capacity_bytes(); ++i) ASSERT_EQ(zeroed->data()[i], 0) << i;
  std::memset(zeroed->data(), 0xff, static_cast<size_t>(zeroed->capacity_bytes()));
  zeroed.reset();

  // A shorter buffer takes the kept block and gives its tail back.
  auto shorter = Buffer::allocate(large_blocks::kMinLargeBytes + 1, manager);
  EXPECT_EQ(shorter->data(), memory);
  EXPECT_EQ(large_blocks::cached_bytes(), 0);
  for (int64_t i = shorter->size_bytes(); i < shorter->capacity_bytes(); ++i) ASSERT_EQ(shorter->data()[i], 0) << i;
  shorter.reset();

  // A small limit keeps little.
  MemoryManager small(int64_t{64} << 20);
  large_blocks::release_cached();
  { auto a = Buffer::allocate(large_blocks::kMinLargeBytes + 1, small); }
  EXPECT_EQ(large_blocks::cached_bytes(), 0);
  { auto b = Buffer::allocate(large_blocks::kMinLargeBytes - 64, small); }
  EXPECT_EQ(large_blocks::cached_bytes(), large_blocks::kMinLargeBytes);
  large_blocks::release_cached();
  EXPECT_EQ(large_blocks::cached_bytes(), 0);
}

// A large block grows by moving its pages: the contents stay, the rest is
// zero, the start stays aligned for huge pages, and the manager sees the growth.
TEST(BufferTest, LargeBlocksGrowKeepingContents) {
  MemoryManager manager;
  auto buffer = Buffer::allocate(9 << 20, manager);
  for (int64_t i = 0; i < buffer->size_bytes(); ++i) buffer->data()[i] = static_cast<uint8_t>(i * 7);
  buffer->resize(30 << 20);
  EXPECT_EQ(manager.used_bytes(), buffer->capacity_bytes());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer->data()) % 64, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer->data()) % large_blocks::kBlockBytes, 0u);
  for (int64_t i = 0; i < (9 << 20); ++i) ASSERT_EQ(buffer->data()[i], static_cast<uint8_t>(i * 7)) << i;
  for (int64_t i = 9 << 20; i < buffer->capacity_bytes(); ++i) ASSERT_EQ(buffer->data()[i], 0) << i;
  buffer.reset();
  EXPECT_EQ(manager.used_bytes(), 0);
}

}  // namespace
}  // namespace lode
