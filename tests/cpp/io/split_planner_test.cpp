#include "lode/io/csv/split_planner.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

#include "lode/io/csv/csv_tokenizer.h"

namespace lode::io {
namespace {

TEST(SplitPlannerTest, SplitsStartAtRecordsEvenInsideQuotedNewlines) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += std::to_string(i) + ",\"x\ny\n,z\"\n";
  const auto splits = plan_splits(0, text.data(), static_cast<int64_t>(text.size()), CsvDialect{}, 2, 0, 1, 1024);
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
  EXPECT_EQ(plan_splits(0, text.data(), static_cast<int64_t>(text.size()), dialect, 1, 0, 1, 1024).size(), 1u);
}

// Returns every position where a sequential read of `text` (from `begin`) stands between records.
std::set<int64_t> record_starts(const std::string& text, const CsvDialect& dialect, int num_columns, int64_t begin = 0) {
  std::set<int64_t> starts;
  const int64_t size = static_cast<int64_t>(text.size());
  for (int64_t position = begin; position < size;
       position = next_record_position(dialect, text.data(), size, position, num_columns))
    starts.insert(position);
  return starts;
}

int64_t line_at(const std::string& text, int64_t position) {
  int64_t line = 1;
  for (int64_t i = 0; i < position; ++i)
    line += text[i] == '\n' || (text[i] == '\r' && (i + 1 >= static_cast<int64_t>(text.size()) || text[i + 1] != '\n'));
  return line;
}

// Checks that the splits tile [begin, size) and start where a sequential read starts a record, on the right line.
void expect_sequential_boundaries(const std::string& text, const std::vector<CsvSplit>& splits,
                                  const CsvDialect& dialect, int num_columns, int64_t begin = 0) {
  const std::set<int64_t> starts = record_starts(text, dialect, num_columns, begin);
  int64_t expected_begin = begin;
  for (const CsvSplit& split : splits) {
    EXPECT_EQ(split.begin, expected_begin);
    EXPECT_TRUE(starts.count(split.begin)) << split.begin;
    EXPECT_EQ(split.first_line, line_at(text, split.begin)) << split.begin;
    expected_begin = split.end;
  }
  EXPECT_EQ(expected_begin, static_cast<int64_t>(text.size()));
}

TEST(SplitPlannerTest, StrayQuotesMoveBoundariesToWhereBothReadingsMeet) {
  // 5'9" holds an odd quote: from there on the parity says "inside" outside
  // quoted fields and "outside" inside them, so the guesses fall inside the
  // quoted "two\nlines"; each is moved to the next record start.
  std::string text = "1,5'9\",x\n";
  for (int i = 0; i < 2000; ++i) text += std::to_string(i) + (i % 97 == 0 ? ",5'9\"," : ",6,") + "\"two\nlines\"\n";
  const CsvDialect dialect{',', '"', '"', ""};
  const auto splits = plan_splits(0, text.data(), static_cast<int64_t>(text.size()), dialect, 3, 0, 1, 1024);
  EXPECT_GT(splits.size(), 20u);
  expect_sequential_boundaries(text, splits, dialect, 3);
}

TEST(SplitPlannerTest, PlainFilesKeepEveryGuess) {
  // No quote, or quoted fields whose last odd quote run is a closing quote:
  // no boundary needs a proof, and every chunk keeps its split.
  std::string plain, quoted = "a,b\n";
  for (int i = 0; i < 4000; ++i) plain += std::to_string(i) + ",value\n";
  for (int i = 0; i < 4000; ++i) quoted += std::to_string(i) + (i < 10 ? ",\"q, \"\"x\"\"\"\n" : ",value\n");
  const CsvDialect dialect{',', '"', '"', ""};
  for (const std::string* text : {&plain, &quoted}) {
    const int64_t size = static_cast<int64_t>(text->size());
    const auto splits = plan_splits(0, text->data(), size, dialect, 2, 0, 1, 4096);
    EXPECT_GE(static_cast<int64_t>(splits.size()), (size + 4095) / 4096 - 1);  // the last guess may be the end
    expect_sequential_boundaries(*text, splits, dialect, 2);
  }
}

TEST(SplitPlannerTest, ComparesBothReadingsWithCommentsAndBlankLines) {
  // Quotes in comments flip the parity as well (# it's, quote '), and a
  // quoted field that ends in a line end makes every guess need a proof.
  std::string text = "id,text\n";
  for (int i = 0; i < 3000; ++i) {
    text += std::to_string(i) + ",'line\n'\n";
    if (i % 13 == 0) text += "# it's a note\n";
    if (i % 17 == 0) text += "\n";
  }
  const CsvDialect dialect{',', '\'', '\'', "#"};
  const int64_t begin = 8;
  const auto splits = plan_splits(0, text.data(), static_cast<int64_t>(text.size()), dialect, 2, begin, 2, 1024);
  EXPECT_GT(splits.size(), 20u);
  expect_sequential_boundaries(text, splits, dialect, 2, begin);
}

TEST(SplitPlannerTest, RandomTextWithStrayQuotesSplitsAtSequentialRecordStarts) {
  // The differential check of the planner: every split begins where a
  // sequential read begins a record, whatever the quotes do.
  const char* pieces[] = {"a", "5'9\"", "\"q\"", "\"two\nlines\"", "\"a,\"", "\"end\n\"", "\"\"", "x\"y", "\"\"\"\""};
  for (unsigned seed = 0; seed < 30; ++seed) {
    std::mt19937 random(seed);
    std::string text;
    for (int row = 0; row < 3000; ++row) {
      for (int field = 0; field < 3; ++field) text += std::string(field ? "," : "") + pieces[random() % 9];
      text += random() % 5 == 0 ? "\r\n" : "\n";
    }
    const CsvDialect dialect{',', '"', '"', ""};
    const auto splits = plan_splits(0, text.data(), static_cast<int64_t>(text.size()), dialect, 3, 0, 1, 1024);
    expect_sequential_boundaries(text, splits, dialect, 3);
  }
}

}  // namespace
}  // namespace lode::io
