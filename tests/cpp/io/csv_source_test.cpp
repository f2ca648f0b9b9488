#include "lode/io/csv/csv_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "lode/core/error.h"
#include "lode/core/memory_manager.h"
#include "lode/io/csv/csv_reader.h"

namespace lode::io {
namespace {

std::string write_temporary(const std::string& content) {
  char pattern[] = "/tmp/lode-csv-source-XXXXXX";
  const int descriptor = mkstemp(pattern);
  ::close(descriptor);
  std::ofstream(pattern, std::ios::binary) << content;
  return pattern;
}

TEST(CsvSourceTest, ReadsProjectedColumnsOfEverySplit) {
  std::string text = "a,b,c\n";
  for (int i = 0; i < 5000; ++i) text += std::to_string(i) + ",\"t\n" + std::to_string(i) + "\"," + std::to_string(i * 2) + "\n";
  const std::string path = write_temporary(text);
  CsvReadOptions options;
  options.split_bytes = 4096;
  CsvSource source({path}, options);
  ASSERT_GT(source.num_splits(), 4);
  EXPECT_EQ(source.schema().names(), (std::vector<std::string>{"a", "b", "c"}));
  ScanRequest request;
  request.columns = {2};
  request.batch_rows = 100;
  int64_t rows = 0, sum = 0;
  ScanStatistics statistics;
  for (int64_t split = 0; split < source.num_splits(); ++split) {
    source.read_split(split, request, statistics, [&](Batch batch) {
      ASSERT_EQ(batch.num_columns(), 1);
      EXPECT_LE(batch.num_rows(), 100);
      for (int64_t row = 0; row < batch.num_rows(); ++row) sum += batch.column(0)->values<int64_t>()[row];
      rows += batch.num_rows();
    });
  }
  EXPECT_EQ(rows, 5000);
  EXPECT_EQ(sum, 4999LL * 5000);
  EXPECT_EQ(statistics.splits_read, source.num_splits());
  EXPECT_EQ(statistics.bytes_read, static_cast<int64_t>(text.size()) - 6);
  std::remove(path.c_str());
}

TEST(CsvSourceTest, ParseErrorNamesFileLineAndColumn) {
  const std::string path = write_temporary("x,y\n1,2\n3,oops\n");
  CsvReadOptions options;
  options.schema_overrides = {{"y", DataType(TypeId::kInt64)}};
  try {
    read_csv({path}, options);
    FAIL() << "expected a ParseError";
  } catch (const ParseError& error) {
    EXPECT_EQ(error.context().path, path);
    EXPECT_EQ(error.context().line, 3);
    EXPECT_EQ(error.context().column, "y");
    EXPECT_NE(std::string(error.what()).find("'oops'"), std::string::npos);
  }
  options.on_error = CsvOnError::kSkip;
  options.keep_rejects = true;
  const CsvReadResult result = read_csv({path}, options);
  EXPECT_EQ(result.table->num_rows(), 1);
  EXPECT_EQ(result.rows_skipped, 1);
  ASSERT_EQ(result.rejects.size(), 1u);
  EXPECT_EQ(result.rejects[0].text, "3,oops");
  std::remove(path.c_str());
}

TEST(CsvSourceTest, StreamingScanHoldsAboutOneBatch) {
  std::string text = "id,name,value\n";
  for (int i = 0; i < 400000; ++i) text += std::to_string(i) + ",name" + std::to_string(i % 1000) + "," + std::to_string(i * 0.25) + "\n";
  const std::string path = write_temporary(text);
  CsvReadOptions options;
  options.split_bytes = 1 << 20;
  CsvSource source({path}, options);
  EXPECT_NEAR(static_cast<double>(*source.estimated_rows()), 400000.0, 100000.0);  // an estimate from the first rows
  ScanRequest request;
  request.columns = {0, 1, 2};
  request.batch_rows = 4096;
  MemoryManager& memory = MemoryManager::global();
  const int64_t before = memory.used_bytes();
  memory.reset_peak();
  int64_t rows = 0;
  ScanStatistics statistics;
  for (int64_t split = 0; split < source.num_splits(); ++split)
    source.read_split(split, request, statistics, [&](Batch batch) { rows += batch.num_rows(); });
  EXPECT_EQ(rows, 400000);
  // The file is ~9 MB; a consumer that drops its batches keeps lode's memory
  // at about one batch (4096 rows x 3 columns), far below the file.
  EXPECT_LT(memory.peak_bytes() - before, 1 << 20);
  std::remove(path.c_str());
}

TEST(CsvSourceTest, SplitRunningPastItsEndIsAnErrorNotWrongRows) {
  // An odd quote in an unquoted field flips the quote parity; later quoted
  // line breaks then put a guessed boundary inside a quoted field.
  std::string text = "id,height,note\n1,5'9\",x\n";
  for (int i = 0; i < 3000; ++i) text += std::to_string(i) + ",6,\"two\nlines\"\n";
  const std::string path = write_temporary(text);
  CsvReadOptions options;
  options.split_bytes = 1024;
  CsvSource source({path}, options);
  ScanRequest request;
  request.columns = {0};
  ScanStatistics statistics;
  bool overran = false;
  for (int64_t split = 0; split < source.num_splits(); ++split) {
    try {
      source.read_split(split, request, statistics, [](Batch) {});
    } catch (const ParseError& error) {
      overran |= std::string(error.what()).find("split boundary") != std::string::npos;
    }
  }
  EXPECT_TRUE(overran);
  EXPECT_FALSE(source.boundaries_verified(source.num_splits()));
  // The eager reader notices and reads the file right.
  EXPECT_EQ(read_csv({path}, options).table->num_rows(), 3001);
  std::remove(path.c_str());
}

TEST(CsvSourceTest, OpenCsvIsATableSource) {
  const std::string path = write_temporary("a\n1\n2\n");
  std::shared_ptr<TableSource> source = open_csv({path}, CsvReadOptions{});
  EXPECT_EQ(source->num_splits(), 1);
  EXPECT_NE(source->describe().find("csv '"), std::string::npos);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace lode::io
