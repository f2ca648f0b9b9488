#include "lode/io/csv/csv_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>

#include "lode/core/error.h"
#include "lode/core/memory_manager.h"

namespace lode::io {
namespace {

std::string write_temporary(const std::string& content) {
  char pattern[] = "/tmp/lode-csv-source-XXXXXX";
  const int descriptor = mkstemp(pattern);
  ::close(descriptor);
  std::ofstream(pattern, std::ios::binary) << content;
  return pattern;
}

// Reads every split in order, as a scan's tasks would; returns the rows.
int64_t read_all(CsvSource& source, ScanRequest request) {
  int64_t rows = 0;
  ScanStatistics statistics;
  for (int64_t split = 0; split < source.num_splits(); ++split)
    source.read_split(split, request, statistics, [&](Batch batch) { rows += batch.num_rows(); });
  return rows;
}

ScanRequest all_columns(const CsvSource& source) {
  ScanRequest request;
  for (int column = 0; column < source.schema().num_fields(); ++column) request.columns.push_back(column);
  return request;
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
    CsvSource source({path}, options);
    read_all(source, all_columns(source));
    FAIL() << "expected a ParseError";
  } catch (const ParseError& error) {
    EXPECT_EQ(error.context().path, path);
    EXPECT_EQ(error.context().line, 3);
    EXPECT_EQ(error.context().column, "y");
    EXPECT_NE(std::string(error.what()).find("'oops'"), std::string::npos);
  }
  options.on_error = CsvOnError::kSkip;
  options.keep_rejects = true;
  CsvSource source({path}, options);
  EXPECT_EQ(read_all(source, all_columns(source)), 1);
  EXPECT_EQ(source.rows_skipped(), 1);
  ASSERT_EQ(source.rejects().size(), 1u);
  EXPECT_EQ(source.rejects()[0].text, "3,oops");
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

TEST(CsvSourceTest, BoundariesAreProvenWhenAStrayQuoteFoolsTheParity) {
  // An odd quote in an unquoted field flips the quote parity; later quoted
  // line breaks then put guessed boundaries inside quoted fields. The
  // planner moves them to where both readings meet: every split ends where
  // the next begins and the splits read like one.
  std::string text = "id,height,note\n1,5'9\",x\n";
  for (int i = 0; i < 3000; ++i) text += std::to_string(i) + ",6,\"two\nlines\"\n";
  const std::string path = write_temporary(text);
  CsvReadOptions options;
  options.split_bytes = 1024;
  CsvSource source({path}, options);
  ASSERT_GT(source.num_splits(), 20);
  ScanRequest request;
  request.columns = {0, 2};
  std::vector<int64_t> ids;
  ScanStatistics statistics;
  for (int64_t split = 0; split < source.num_splits(); ++split) {
    source.read_split(split, request, statistics, [&](Batch batch) {
      for (int64_t row = 0; row < batch.num_rows(); ++row) {
        ids.push_back(batch.column(0)->values<int64_t>()[row]);
        EXPECT_EQ(batch.column(1)->string_at(row), ids.size() == 1 ? "x" : "two\nlines");
      }
    });
  }
  ASSERT_EQ(ids.size(), 3001u);
  for (int i = 0; i < 3000; ++i) ASSERT_EQ(ids[i + 1], i);
  std::remove(path.c_str());
}

TEST(CsvSourceTest, RowLimitReadsNoRecordPastIt) {
  // Line 8 cannot be converted; a limit of 6 rows never tokenizes it, even
  // with batches of 4 rows (the second batch holds only the 2 rows left).
  const std::string path = write_temporary("a,b\n1,x\n2,x\n3,x\n4,x\n5,x\n6,x\noops,x\n8,x\n");
  CsvReadOptions options;
  options.schema_overrides = {{"a", DataType(TypeId::kInt64)}};
  CsvSource source({path}, options);
  ScanRequest request = all_columns(source);
  request.batch_rows = 4;
  request.max_rows = 6;
  std::vector<int64_t> batch_rows;
  ScanStatistics statistics;
  source.read_split(0, request, statistics, [&](Batch batch) { batch_rows.push_back(batch.num_rows()); });
  EXPECT_EQ(batch_rows, (std::vector<int64_t>{4, 2}));
  request.max_rows = 7;
  EXPECT_THROW(source.read_split(0, request, statistics, [](Batch) {}), ParseError);
  std::remove(path.c_str());
}

TEST(CsvSourceTest, PushedPredicatesFilterDuringTheScan) {
  std::string text = "a,b,c\n";
  int64_t expected_rows = 0;
  double expected_sum = 0;
  for (int i = 0; i < 3000; ++i) {
    const char* tag = i % 3 == 0 ? "x" : i % 3 == 1 ? "y" : "z";
    // Row 10's c is not a number; the filter drops row 10, so it is never converted.
    text += std::to_string(i % 100) + "," + tag + "," + (i == 10 ? std::string("oops") : std::to_string(i * 0.5)) + "\n";
    if (i % 100 >= 50 && i % 3 != 2) {
      ++expected_rows;
      expected_sum += i * 0.5;
    }
  }
  const std::string path = write_temporary(text);
  CsvReadOptions options;
  options.split_bytes = 4096;
  options.schema_overrides = {{"c", DataType(TypeId::kFloat64)}};
  CsvSource source({path}, options);
  ScanRequest request;
  request.columns = {2};
  request.batch_rows = 500;
  request.predicates = {ColumnPredicate{0, PredicateOp::kGreaterEqual, {Scalar::int64(50)}},
                        ColumnPredicate{1, PredicateOp::kIn, {Scalar::string("x"), Scalar::string("y")}}};
  int64_t rows = 0;
  double sum = 0;
  ScanStatistics statistics;
  for (int64_t split = 0; split < source.num_splits(); ++split) {
    source.read_split(split, request, statistics, [&](Batch batch) {
      ASSERT_EQ(batch.num_columns(), 1);
      for (int64_t row = 0; row < batch.num_rows(); ++row) sum += batch.column(0)->values<double>()[row];
      rows += batch.num_rows();
    });
  }
  EXPECT_EQ(rows, expected_rows);
  EXPECT_DOUBLE_EQ(sum, expected_sum);
  // Without the filter, row 10's value is converted and fails.
  request.predicates.clear();
  EXPECT_THROW(source.read_split(0, request, statistics, [](Batch) {}), ParseError);
  std::remove(path.c_str());
}

TEST(CsvSourceTest, PushedPredicatesWithSkippedRows) {
  // Line 3: bad tested value; line 4: bad value in a row the filter drops;
  // line 5: bad value in a passing row; line 6: a short record.
  const std::string path = write_temporary("a,c\n60,1.5\nxx,2.5\n10,bad\n70,worse\n80\n90,3.5\n");
  CsvReadOptions options;
  options.on_error = CsvOnError::kSkip;
  options.keep_rejects = true;
  options.schema_overrides = {{"a", DataType(TypeId::kInt64)}, {"c", DataType(TypeId::kFloat64)}};
  CsvSource source({path}, options);
  ScanRequest request;
  request.columns = {1};
  request.predicates = {ColumnPredicate{0, PredicateOp::kGreater, {Scalar::int64(50)}}};
  std::vector<double> values;
  ScanStatistics statistics;
  source.read_split(0, request, statistics, [&](Batch batch) {
    for (int64_t row = 0; row < batch.num_rows(); ++row) values.push_back(batch.column(0)->values<double>()[row]);
  });
  EXPECT_EQ(values, (std::vector<double>{1.5, 3.5}));
  const auto rejects = source.rejects();
  ASSERT_EQ(rejects.size(), 3u);
  EXPECT_EQ(rejects[0].line, 3);
  EXPECT_EQ(rejects[0].column, "a");
  EXPECT_EQ(rejects[1].line, 5);
  EXPECT_EQ(rejects[1].column, "c");
  EXPECT_EQ(rejects[2].line, 6);
  std::remove(path.c_str());
}

TEST(CsvSourceTest, OpenCsvIsATableSource) {
  const std::string path = write_temporary("a\n1\n2\n");
  std::shared_ptr<TableSource> source = open_csv({path}, CsvReadOptions{});
  EXPECT_EQ(source->num_splits(), 1);
  EXPECT_NE(source->describe().find("csv '"), std::string::npos);
  std::remove(path.c_str());
}

TEST(CsvSourceTest, ReadingStopsWhenTheCancelCheckThrows) {
  std::string text = "a,b\n";
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + ",x\n";
  const std::string path = write_temporary(text);
  CsvReadOptions options;
  options.split_bytes = 1 << 20;
  options.batch_rows = 100;
  CsvSource source({path}, options);
  ASSERT_EQ(source.num_splits(), 1);
  for (const int64_t max_rows : {int64_t{-1}, int64_t{15000}}) {
    ScanRequest request = all_columns(source);
    request.max_rows = max_rows;
    std::atomic<int> checks{0};
    request.check_cancelled = [&] {
      if (++checks > 10) throw CancelledError("the query was cancelled");
    };
    int64_t rows = 0;
    ScanStatistics statistics;
    EXPECT_THROW(source.read_split(0, request, statistics, [&](Batch batch) { rows += batch.num_rows(); }),
                 CancelledError) << max_rows;
    EXPECT_EQ(rows, 1000) << max_rows;  // within a batch of the check that threw
  }
  // Planning counts quotes chunk by chunk with the same kind of check.
  options.split_bytes = 4096;
  int planned = 0;
  EXPECT_THROW(CsvSource({path}, options, [&] {
    if (++planned > 10) throw CancelledError("the query was cancelled");
  }), CancelledError);
  int calls = 0;
  ScanRequest request = all_columns(source);
  request.check_cancelled = [&] { ++calls; };
  EXPECT_EQ(read_all(source, request), 20000);
  EXPECT_GT(calls, 200);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace lode::io
