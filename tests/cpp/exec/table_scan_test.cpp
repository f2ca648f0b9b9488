// The scan (exec/operators/table_scan.cpp) over CSV and in-memory sources:
// the earliest split's error wins whichever thread fails first, a row limit
// reads splits in order and no row past it, and the query's cancel token
// stops a split between batches even when the scan emits nothing.

#include "lode/exec/operators/table_scan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "lode/core/error.h"
#include "lode/core/memory_manager.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/executor.h"
#include "lode/io/csv/csv_source.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {
namespace {

std::string write_temporary(const std::string& content) {
  char pattern[] = "/tmp/lode-table-scan-XXXXXX";
  const int descriptor = mkstemp(pattern);
  ::close(descriptor);
  std::ofstream(pattern, std::ios::binary) << content;
  return pattern;
}

// "id,v" rows 0..rows-1 (about 12 bytes each); the lines in `bad` get a third field.
std::string numbered_rows(int rows, const std::vector<int>& bad) {
  std::string text = "id,v\n";
  for (int i = 0; i < rows; ++i) {
    text += std::to_string(i) + "," + std::to_string(i * 3);
    if (std::find(bad.begin(), bad.end(), i) != bad.end()) text += ",extra";
    text += "\n";
  }
  return text;
}

TEST(TableScanTest, EarliestSplitErrorWinsWhicheverThreadFailsFirst) {
  // Row 150 (line 152) lies in the first split, rows 3000 and 19000 in
  // later ones, which other threads may reach first: the error named is
  // always line 152's.
  const std::string path = write_temporary(numbered_rows(20000, {150, 19000, 3000}));
  io::CsvReadOptions options;
  options.split_bytes = 4096;
  ThreadPool pool(4);
  for (int run = 0; run < 20; ++run) {
    QueryContext context(MemoryManager::global(), pool);
    auto source = io::open_csv({path}, options);
    ASSERT_GT(source->num_splits(), 20);
    try {
      execute(plan::scan(source), context);
      FAIL() << "expected a ParseError";
    } catch (const ParseError& error) {
      EXPECT_EQ(error.context().line, 152) << run;
      EXPECT_NE(std::string(error.what()).find("expected 2 fields, found 3"), std::string::npos);
    }
  }
  std::remove(path.c_str());
}

TEST(TableScanTest, LimitReadsSplitsInOrderAndNoRowPastIt) {
  // Bad rows right after the limit and in a later split are never read.
  const std::string path = write_temporary(numbered_rows(20000, {300, 5000}));
  io::CsvReadOptions options;
  options.split_bytes = 1024;
  options.batch_rows = 64;
  ThreadPool pool(4);
  auto source = io::open_csv({path}, options);
  const plan::PlanPtr limited[] = {plan::scan(source, 300),
                                   optimize_plan(plan::limit(plan::scan(source), 10, 290))};
  for (const plan::PlanPtr& plan : limited) {
    QueryContext context(MemoryManager::global(), pool);
    const auto table = execute(plan, context);
    ASSERT_EQ(table->num_rows(), plan == limited[0] ? 300 : 290);
    const auto ids = table->column(0);
    const int64_t first = plan == limited[0] ? 0 : 10;
    for (int64_t row = 0; row < table->num_rows(); ++row) ASSERT_EQ(ids->values<int64_t>()[row], first + row);
  }
  EXPECT_NE(limited[1]->to_string().find("limit: 300"), std::string::npos) << limited[1]->to_string();
  QueryContext context(MemoryManager::global(), pool);
  EXPECT_THROW(execute(plan::scan(source, 301), context), ParseError);
  std::remove(path.c_str());
}

// Forwards to a CSV source but swallows its batches (so the scan emits
// nothing) and cancels the query's token after the third.
class SilentSource final : public io::TableSource {
 public:
  SilentSource(std::shared_ptr<io::TableSource> inner, CancelToken& token) : inner_(std::move(inner)), token_(token) {}
  const Schema& schema() const override { return inner_->schema(); }
  int64_t num_splits() const override { return inner_->num_splits(); }
  std::string describe() const override { return "silent " + inner_->describe(); }
  bool read_split(int64_t index, const io::ScanRequest& request, io::ScanStatistics& statistics,
                  const std::function<void(Batch)>&) override {
    return inner_->read_split(index, request, statistics, [&](Batch) {
      if (++batches == 3) token_.cancel();
    });
  }
  std::atomic<int> batches{0};

 private:
  std::shared_ptr<io::TableSource> inner_;
  CancelToken& token_;
};

TEST(TableScanTest, CancelStopsASplitBetweenBatches) {
  const std::string path = write_temporary(numbered_rows(20000, {}));
  io::CsvReadOptions options;
  options.split_bytes = int64_t{1} << 40;
  options.batch_rows = 100;
  ThreadPool pool(2);
  QueryContext context(MemoryManager::global(), pool);
  auto source = std::make_shared<SilentSource>(io::open_csv({path}, options), *context.cancel);
  ASSERT_EQ(source->num_splits(), 1);
  EXPECT_THROW(execute(plan::scan(source), context), CancelledError);
  EXPECT_EQ(source->batches.load(), 3);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace lode::exec
