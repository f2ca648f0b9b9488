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

TEST(BufferTest, ZeroedAllocationIsZero) {
  MemoryManager manager;
  auto buffer = Buffer::allocate(4096, manager, true);
  for (int64_t i = 0; i < 4096; ++i) ASSERT_EQ(buffer->data()[i], 0);
}

// A large block freed is kept and handed out again (the same memory): it
// comes back zeroed where asked and with zero padding, and the cache stays
// within an eighth of the owner's limit.
TEST(BufferTest, LargeBlocksAreReusedClean) {
  if (!large_blocks::kEnabled) GTEST_SKIP() << "sanitizer builds keep every buffer in the heap";
  large_blocks::release_cached();
  MemoryManager manager(int64_t{1} << 30);
  const int64_t size = 3 * large_blocks::kBlockBytes + 100;
  auto buffer = Buffer::allocate(size, manager);
  EXPECT_EQ(buffer->capacity_bytes(), 4 * large_blocks::kBlockBytes);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer->data()) % large_blocks::kBlockBytes, 0u);
  std::memset(buffer->data(), 0xff, static_cast<size_t>(buffer->capacity_bytes()));
  const uint8_t* memory = buffer->data();
  buffer.reset();
  EXPECT_EQ(manager.used_bytes(), 0);
  EXPECT_EQ(large_blocks::cached_bytes(), 4 * large_blocks::kBlockBytes);

  auto zeroed = Buffer::allocate(size, manager, true);
  EXPECT_EQ(zeroed->data(), memory);
  for (int64_t i = 0; i < zeroed->capacity_bytes(); ++i) ASSERT_EQ(zeroed->data()[i], 0) << i;
  std::memset(zeroed->data(), 0xff, static_cast<size_t>(zeroed->capacity_bytes()));
  zeroed.reset();

  // A shorter buffer takes the kept block and gives its tail back.
  auto shorter = Buffer::allocate(large_blocks::kBlockBytes + 1, manager);
  EXPECT_EQ(shorter->data(), memory);
  EXPECT_EQ(large_blocks::cached_bytes(), 0);
  for (int64_t i = shorter->size_bytes(); i < shorter->capacity_bytes(); ++i) ASSERT_EQ(shorter->data()[i], 0) << i;
  shorter.reset();

  // A small limit keeps little.
  MemoryManager small(int64_t{64} << 20);
  large_blocks::release_cached();
  { auto a = Buffer::allocate(6 * large_blocks::kBlockBytes, small); }
  EXPECT_EQ(large_blocks::cached_bytes(), 0);
  { auto b = Buffer::allocate(large_blocks::kBlockBytes - 64, small); }
  EXPECT_EQ(large_blocks::cached_bytes(), large_blocks::kBlockBytes);
  large_blocks::release_cached();
  EXPECT_EQ(large_blocks::cached_bytes(), 0);
}

}  // namespace
}  // namespace lode
