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
