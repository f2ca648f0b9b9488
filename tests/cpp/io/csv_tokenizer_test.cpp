#include "lode/io/csv/csv_tokenizer.h"

#include <gtest/gtest.h>

#include <string>

namespace lode::io {
namespace {

TokenBatch tokenize(const std::string& text, const CsvDialect& dialect, int columns, int64_t rows = 16) {
  CsvTokenizer tokenizer(dialect, text.data(), static_cast<int64_t>(text.size()), 0, static_cast<int64_t>(text.size()), 1,
                         columns);
  TokenBatch batch;
  batch.reset(columns, rows);
  tokenizer.next(batch);
  return batch;
}

std::string field(const std::string& text, const CsvDialect& dialect, const TokenBatch& batch, int column, int64_t row) {
  std::string scratch;
  return std::string(field_text(dialect, text.data(), batch.field(column, row), scratch));
}

TEST(CsvTokenizerTest, CutsFieldsAndUndoesDoubledQuotes) {
  const std::string text = "a,\"b \"\"q\"\", c\"\r\n1,\"multi\nline\"\n";
  const CsvDialect dialect;
  TokenBatch batch = tokenize(text, dialect, 2);
  ASSERT_EQ(batch.num_rows, 2);
  EXPECT_EQ(field(text, dialect, batch, 1, 0), "b \"q\", c");
  EXPECT_EQ(field(text, dialect, batch, 1, 1), "multi\nline");
  EXPECT_EQ(batch.record_lines[0], 1);
  EXPECT_EQ(batch.record_lines[1], 2);
  EXPECT_TRUE(batch.field(1, 0).flags & kFieldQuoted);
  EXPECT_FALSE(batch.field(0, 0).flags & kFieldQuoted);
}

TEST(CsvTokenizerTest, ReportsRaggedRowsAndUnterminatedQuotes) {
  const std::string text = "1,2\n3\n4,5\n6,\"open\n";
  TokenBatch batch = tokenize(text, CsvDialect{}, 2);
  EXPECT_EQ(batch.num_rows, 2);
  ASSERT_EQ(batch.errors.size(), 2u);
  EXPECT_EQ(batch.errors[0].line, 2);
  EXPECT_EQ(batch.errors[0].reason, "expected 2 fields, found 1");
  EXPECT_EQ(batch.errors[1].line, 4);
  EXPECT_EQ(batch.errors[1].reason, "unterminated quote");
}

TEST(CsvTokenizerTest, BackslashEscapeAndCommentsAndBlankLines) {
  CsvDialect dialect{'|', '"', '\\', "#"};
  const std::string text = "# note\n1|\"a\\\"b\"\n\n2|c\n";
  TokenBatch batch = tokenize(text, dialect, 2);
  ASSERT_EQ(batch.num_rows, 2);
  EXPECT_EQ(field(text, dialect, batch, 1, 0), "a\"b");
  EXPECT_EQ(batch.record_lines[1], 4);
}

TEST(CsvTokenizerTest, CommentAfterDataEndsTheRecordOutsideQuotes) {
  CsvDialect dialect{';', '"', '"', "#"};
  // Long lines too, so the comment byte is found sixteen bytes at a time.
  const std::string text = "1;3#5;7\n  # whole line\n6;\"7#x\"  # note ; more\r\n8;#\n9;abcdefghijklmnopqrstuvwxyz#tail\n10;2";
  TokenBatch batch = tokenize(text, dialect, 2);
  ASSERT_TRUE(batch.errors.empty()) << batch.errors[0].reason;
  ASSERT_EQ(batch.num_rows, 5);
  EXPECT_EQ(field(text, dialect, batch, 1, 0), "3");
  EXPECT_EQ(field(text, dialect, batch, 1, 1), "7#x");
  EXPECT_EQ(batch.field(1, 2).length, 0u);  // "8;#": an empty (null) field
  EXPECT_EQ(field(text, dialect, batch, 1, 3), "abcdefghijklmnopqrstuvwxyz");
  EXPECT_EQ(field(text, dialect, batch, 0, 4), "10");
  EXPECT_EQ(batch.record_lines, (std::vector<int64_t>{1, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(batch.record_ends[0], 3);  // the record's text ends before the comment
}

TEST(CsvTokenizerTest, MultiByteCommentPrefixNeedsAllItsBytes) {
  CsvDialect dialect{',', '"', '"', "//"};
  const std::string text = "a/b,c // note\n//all\nd,e/\n";
  TokenBatch batch = tokenize(text, dialect, 2);
  ASSERT_EQ(batch.num_rows, 2);
  EXPECT_EQ(field(text, dialect, batch, 0, 0), "a/b");
  EXPECT_EQ(field(text, dialect, batch, 1, 0), "c ");
  EXPECT_EQ(field(text, dialect, batch, 1, 1), "e/");
  EXPECT_EQ(batch.record_lines[1], 3);
}

TEST(CsvTokenizerTest, WithoutACommentPrefixHashIsData) {
  const std::string text = "1,a#b\n#2,c\n";
  TokenBatch batch = tokenize(text, CsvDialect{}, 2);
  ASSERT_EQ(batch.num_rows, 2);
  EXPECT_EQ(field(text, CsvDialect{}, batch, 1, 0), "a#b");
  EXPECT_EQ(field(text, CsvDialect{}, batch, 0, 1), "#2");
}

TEST(CsvTokenizerTest, StopsAtBatchCapacityAndResumes) {
  std::string text;
  for (int i = 0; i < 10; ++i) text += std::to_string(i) + "\n";
  CsvTokenizer tokenizer(CsvDialect{}, text.data(), static_cast<int64_t>(text.size()), 0,
                         static_cast<int64_t>(text.size()), 1, 1);
  TokenBatch batch;
  batch.reset(1, 4);
  int64_t total = 0;
  while (tokenizer.next(batch)) total += batch.num_rows;
  EXPECT_EQ(total, 10);
}

TEST(CsvTokenizerTest, TokenizeRowsForTheSniffer) {
  std::string error;
  const std::string text = "a;b\n1;2;3\n";
  auto rows = tokenize_rows(CsvDialect{';', '"', '"', ""}, text.data(), static_cast<int64_t>(text.size()), 10, error);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].size(), 3u);
  EXPECT_TRUE(error.empty());
}

}  // namespace
}  // namespace lode::io
