#include "lode/core/buffer.h"

#include <gtest/gtest.h>

#include <cstring>

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

}  // namespace
}  // namespace lode
