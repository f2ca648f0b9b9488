#include "lode/io/csv/split_planner.h"

#include <gtest/gtest.h>

#include <string>

namespace lode::io {
namespace {

TEST(SplitPlannerTest, SplitsStartAtRecordsEvenInsideQuotedNewlines) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += std::to_string(i) + ",\"x\ny\n,z\"\n";
  const auto splits = plan_splits(0, text.data(), static_cast<int64_t>(text.size()), CsvDialect{}, 0, 1, 1024);
  ASSERT_GT(splits.size(), 3u);
  int64_t expected_begin = 0;
  for (const CsvSplit& split : splits) {
    EXPECT_EQ(split.begin, expected_begin);
    // Each record is "N,\"x\ny\n,z\"\n": a split starts right after a closing quote's line end.
    EXPECT_TRUE(split.begin == 0 || (text[split.begin - 1] == '\n' && text[split.begin - 2] == '"'));
    // Three line ends per record, so a split starts on line 3k + 1.
    EXPECT_EQ((split.first_line - 1) % 3, 0);
    expected_begin = split.end;
  }
  EXPECT_EQ(splits.back().end, static_cast<int64_t>(text.size()));
}

TEST(SplitPlannerTest, BackslashEscapedFilesAreOneSplit) {
  const std::string text(10000, 'a');
  const CsvDialect dialect{',', '"', '\\', ""};
  EXPECT_EQ(plan_splits(0, text.data(), static_cast<int64_t>(text.size()), dialect, 0, 1, 1024).size(), 1u);
}

}  // namespace
}  // namespace lode::io
