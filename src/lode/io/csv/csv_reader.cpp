#include "lode/io/csv/csv_reader.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>

#include "lode/core/thread_pool.h"
#include "lode/io/csv/csv_source.h"

namespace lode::io {

namespace {

using CancelCheck = std::function<void()>;

// Reads splits one after another until `limit` rows are there.
std::vector<Batch> read_first_rows(CsvSource& source, const ScanRequest& request, int64_t limit,
                                   const CancelCheck& check_cancelled) {
  std::vector<Batch> batches;
  int64_t rows = 0;
  ScanStatistics statistics;
  for (int64_t split = 0; split < source.num_splits() && rows < limit; ++split) {
    struct Enough {};
    try {
      if (check_cancelled) check_cancelled();
      source.read_split(split, request, statistics, [&](Batch batch) {
        if (check_cancelled) check_cancelled();
        if (rows + batch.num_rows() > limit) batch = batch.slice(0, limit - rows);
        rows += batch.num_rows();
        batches.push_back(std::move(batch));
        // Stop before the next batch is converted (and its rows checked).
        if (rows >= limit) throw Enough{};
      });
    } catch (const Enough&) {
    }
  }
  return batches;
}

// Reads all splits in parallel. Returns false (and no batches) when a split
// boundary turned out wrong before the earliest error; throws that error
// otherwise.
bool read_all_splits(CsvSource& source, const ScanRequest& request, std::vector<Batch>& batches,
                     const CancelCheck& check_cancelled) {
  const int64_t num_splits = source.num_splits();
  std::vector<std::vector<Batch>> per_split(num_splits);
  std::vector<std::exception_ptr> errors(num_splits);
  std::atomic<int64_t> first_failed{num_splits};
  ThreadPool::global().parallel_for(num_splits, [&](int64_t split, int) {
    // A split after one that failed cannot hold the earliest error.
    if (split > first_failed.load()) return;
    ScanStatistics statistics;
    try {
      if (check_cancelled) check_cancelled();
      source.read_split(split, request, statistics, [&](Batch batch) {
        per_split[split].push_back(std::move(batch));
        if (check_cancelled) check_cancelled();
      });
    } catch (...) {
      errors[split] = std::current_exception();
      int64_t current = first_failed.load();
      while (split < current && !first_failed.compare_exchange_weak(current, split)) {
      }
    }
  });
  const int64_t earliest = first_failed.load();
  if (!source.boundaries_verified(std::min(earliest + 1, num_splits))) return false;
  if (earliest < num_splits) std::rethrow_exception(errors[earliest]);
  for (auto& split_batches : per_split)
    for (Batch& batch : split_batches) batches.push_back(std::move(batch));
  return true;
}

}  // namespace

CsvReadResult read_csv(const std::vector<std::string>& paths, const CsvReadOptions& options,
                       const CancelCheck& check_cancelled) {
  auto source = std::make_unique<CsvSource>(paths, options, check_cancelled);
  ScanRequest request;
  for (int i = 0; i < source->schema().num_fields(); ++i) request.columns.push_back(i);
  // With a row limit, rows past it are neither converted nor checked.
  request.batch_rows = options.n_rows >= 0 ? std::clamp<int64_t>(options.n_rows, 1, options.batch_rows) : options.batch_rows;
  std::vector<Batch> batches;
  if (options.n_rows >= 0) {
    batches = read_first_rows(*source, request, options.n_rows, check_cancelled);
  } else if (!read_all_splits(*source, request, batches, check_cancelled)) {
    // A guessed boundary was wrong: read again with one split per file
    // (files still in parallel), which cannot be.
    CsvReadOptions whole_files = options;
    whole_files.split_bytes = INT64_MAX / 2;
    source = std::make_unique<CsvSource>(paths, whole_files, check_cancelled);
    read_all_splits(*source, request, batches, check_cancelled);
  }
  CsvReadResult result;
  result.table = std::make_shared<Table>(source->schema(), std::move(batches));
  result.rows_skipped = source->rows_skipped();
  result.rejects = source->rejects();
  return result;
}

}  // namespace lode::io
