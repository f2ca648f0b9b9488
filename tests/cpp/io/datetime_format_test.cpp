#include "lode/io/csv/datetime_format.h"

#include <gtest/gtest.h>

#include "lode/core/error.h"

namespace lode::io {
namespace {

TEST(DateTimeFormatTest, IsoDatesAndTimestamps) {
  const DateTimeFormat iso;
  int32_t days = 0;
  EXPECT_TRUE(iso.parse_date("1970-01-02", days));
  EXPECT_EQ(days, 1);
  EXPECT_FALSE(iso.parse_date("2023-02-29", days));
  int64_t micros = 0;
  bool offset = false;
  EXPECT_TRUE(iso.parse_timestamp("1970-01-01T01:00:00.5+01:00", micros, offset));
  EXPECT_EQ(micros, 500000);
  EXPECT_TRUE(offset);
  EXPECT_TRUE(iso.parse_timestamp("1970-01-02", micros, offset));
  EXPECT_EQ(micros, 86400LL * 1000000);
}

TEST(DateTimeFormatTest, Patterns) {
  int32_t days = 0;
  EXPECT_TRUE(DateTimeFormat("%d/%m/%Y").parse_date("02/01/1970", days));
  EXPECT_EQ(days, 1);
  EXPECT_FALSE(DateTimeFormat("%d/%m/%Y").parse_date("32/01/1970", days));
  int64_t micros = 0;
  bool offset = false;
  EXPECT_TRUE(DateTimeFormat("%m-%d-%y %I:%M:%S %p").parse_timestamp("01-01-70 12:00:01 AM", micros, offset));
  EXPECT_EQ(micros, 1000000);
  EXPECT_THROW(DateTimeFormat("%Q"), InvalidInputError);
}

}  // namespace
}  // namespace lode::io
