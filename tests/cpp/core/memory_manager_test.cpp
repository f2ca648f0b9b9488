#include "lode/core/memory_manager.h"

#include <gtest/gtest.h>

#include "lode/core/buffer.h"
#include "lode/core/error.h"

namespace lode {
namespace {

TEST(MemoryManagerTest, AccountsBuffersForTheirLifetime) {
  MemoryManager manager;
  {
    auto buffer = Buffer::allocate(1000, manager);
    EXPECT_EQ(manager.used_bytes(), 1024);  // padded to 64 bytes
    buffer->resize(5000);
    EXPECT_GE(manager.used_bytes(), 5000);
  }
  EXPECT_EQ(manager.used_bytes(), 0);
  EXPECT_GE(manager.peak_bytes(), 5000);
}

TEST(MemoryManagerTest, EnforcesTheLimitWithAClearError) {
  MemoryManager manager(4096);
  auto kept = Buffer::allocate(3000, manager);
  try {
    Buffer::allocate(2000, manager);
    FAIL() << "expected OutOfMemoryError";
  } catch (const OutOfMemoryError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kOutOfMemory);
    EXPECT_NE(std::string(error.what()).find("limit"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("set_memory_limit"), std::string::npos);
  }
  // The failed reservation took nothing.
  EXPECT_EQ(manager.used_bytes(), kept->capacity_bytes());
}

TEST(MemoryManagerTest, ReservationGrowsShrinksAndReleases) {
  MemoryManager manager(10000);
  {
    MemoryReservation reservation(manager, "hash table");
    reservation.resize(6000);
    EXPECT_EQ(manager.used_bytes(), 6000);
    EXPECT_THROW(reservation.resize(20000), OutOfMemoryError);
    EXPECT_EQ(reservation.size_bytes(), 6000);
    reservation.resize(100);
    EXPECT_EQ(manager.used_bytes(), 100);
  }
  EXPECT_EQ(manager.used_bytes(), 0);
}

TEST(MemoryManagerTest, ParsesByteSizes) {
  EXPECT_EQ(parse_byte_size("4GB"), 4000000000);
  EXPECT_EQ(parse_byte_size("4 gb"), 4000000000);
  EXPECT_EQ(parse_byte_size("512MiB"), 512LL * 1024 * 1024);
  EXPECT_EQ(parse_byte_size("1.5k"), 1500);
  EXPECT_EQ(parse_byte_size("1e6"), 1000000);
  EXPECT_EQ(parse_byte_size("123"), 123);
  EXPECT_THROW(parse_byte_size("lots"), InvalidInputError);
  EXPECT_THROW(parse_byte_size("4 parsecs"), InvalidInputError);
  EXPECT_THROW(parse_byte_size("-3GB"), InvalidInputError);
  EXPECT_THROW(parse_byte_size(""), InvalidInputError);
}

TEST(MemoryManagerTest, FormatsByteSizes) {
  EXPECT_EQ(format_byte_size(512), "512 bytes");
  EXPECT_EQ(format_byte_size(1536), "1.5 KiB");
  EXPECT_EQ(format_byte_size(3LL << 30), "3.0 GiB");
}

TEST(MemoryManagerTest, RejectsANonPositiveLimit) {
  MemoryManager manager;
  EXPECT_THROW(manager.set_limit_bytes(0), InvalidInputError);
}

}  // namespace
}  // namespace lode
