#include "lode/io/csv/csv_reader.h"

#include <atomic>
#include <exception>

#include "lode/core/thread_pool.h"
#include "lode/io/csv/csv_source.h"

namespace lode::io {

namespace {

// Reads splits one after another until `limit` rows are there.
std::vector<Batch> read_first_rows(CsvSource& source, const ScanRequest& request, int64_t limit) {
  std::vector<Batch> batches;
  int64_t rows = 0;
  ScanStatistics statistics;
  for (int64_t split = 0; split < source.num_splits() && rows < limit; ++split) {
    struct Enough {};
    try {
      source.read_split(split, request, statistics, [&](Batch batch) {
        if (rows >= limit) throw Enough{};
        if (rows + batch.num_rows() > limit) batch = batch.slice(0, limit - rows);
        rows += batch.num_rows();
        batches.push_back(std::move(batch));
      });
    } catch (const Enough&) {
    }
  }
  return batches;
}

std::vector<Batch> read_all_splits(CsvSource& source, const ScanRequest& request) {
  const int64_t num_splits = source.num_splits();
  std::vector<std::vector<Batch>> per_split(num_splits);
  std::vector<std::exception_ptr> errors(num_splits);
  std::atomic<int64_t> first_failed{num_splits};
  ThreadPool::global().parallel_for(num_splits, [&](int64_t split, int) {
    // A split after one that failed cannot hold the earliest error.
    if (split > first_failed.load()) return;
    ScanStatistics statistics;
    try {
      source.read_split(split, request, statistics, [&](Batch batch) { per_split[split].push_back(std::move(batch)); });
    } catch (...) {
      errors[split] = std::current_exception();
      int64_t current = first_failed.load();
      while (split < current && !first_failed.compare_exchange_weak(current, split)) {
      }
    }
  });
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);
  std::vector<Batch> batches;
  for (auto& split_batches : per_split)
    for (Batch& batch : split_batches) batches.push_back(std::move(batch));
  return batches;
}

}  // namespace

CsvReadResult read_csv(const std::vector<std::string>& paths, const CsvReadOptions& options) {
  CsvSource source(paths, options);
  ScanRequest request;
  for (int i = 0; i < source.schema().num_fields(); ++i) request.columns.push_back(i);
  request.batch_rows = options.batch_rows;
  std::vector<Batch> batches = options.n_rows >= 0 ? read_first_rows(source, request, options.n_rows)
                                                   : read_all_splits(source, request);
  CsvReadResult result;
  result.table = std::make_shared<Table>(source.schema(), std::move(batches));
  result.rows_skipped = source.rows_skipped();
  result.rejects = source.rejects();
  return result;
}

}  // namespace lode::io
