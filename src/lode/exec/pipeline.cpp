#include "lode/exec/pipeline.h"

#include "lode/core/error.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/cancellation.h"

namespace lode::exec {

std::shared_ptr<Table> run_pipeline(io::TableSource& source, const io::ScanRequest& request,
                                    const std::vector<std::unique_ptr<Operator>>& operators, Sink& sink,
                                    io::ScanStatistics* statistics) {
  ThreadPool& pool = ThreadPool::global();
  std::vector<io::ScanStatistics> worker_statistics(pool.num_threads());
  pool.parallel_for(source.num_splits(), [&](int64_t split, int worker) {
    if (sink.done()) return;
    check_cancelled();
    int64_t rows_before = 0;
    const bool read = source.read_split(split, request, worker_statistics[worker], [&](Batch batch) {
      for (const auto& op : operators) {
        const int64_t start = op->profile ? now_nanoseconds() : 0;
        batch = op->execute(batch);
        if (op->profile) {
          op->profile->nanoseconds.fetch_add(now_nanoseconds() - start, std::memory_order_relaxed);
          op->profile->rows_out.fetch_add(batch.num_rows(), std::memory_order_relaxed);
        }
        if (batch.num_rows() == 0) return;
      }
      const int64_t rows = batch.num_rows();
      sink.consume(worker, split, rows_before, std::move(batch));
      rows_before += rows;
    });
    if (!read) ++worker_statistics[worker].splits_skipped;
    sink.split_done(split);
  });
  if (statistics) {
    for (const auto& part : worker_statistics) {
      statistics->splits_read += part.splits_read;
      statistics->splits_skipped += part.splits_skipped;
      statistics->bytes_read += part.bytes_read;
    }
  }
  return sink.finish();
}

void CollectSink::consume(int, int64_t split, int64_t, Batch batch) { splits_[split].push_back(std::move(batch)); }

std::shared_ptr<Table> CollectSink::finish() {
  std::vector<Batch> batches;
  for (auto& split : splits_)
    for (auto& batch : split) batches.push_back(std::move(batch));
  return std::make_shared<Table>(schema_, std::move(batches));
}

LimitSink::LimitSink(Schema schema, int64_t num_splits, int64_t offset, int64_t limit)
    : schema_(std::move(schema)),
      offset_(offset),
      limit_(limit),
      splits_(num_splits),
      split_rows_(num_splits, 0),
      split_complete_(num_splits, 0) {
  if (limit == 0) done_ = true;
}

void LimitSink::consume(int, int64_t split, int64_t, Batch batch) {
  split_rows_[split] += batch.num_rows();
  splits_[split].push_back(std::move(batch));
}

void LimitSink::split_done(int64_t split) {
  std::lock_guard lock(mutex_);
  split_complete_[split] = 1;
  int64_t rows = 0;
  for (size_t i = 0; i < splits_.size() && split_complete_[i]; ++i) {
    rows += split_rows_[i];
    if (rows >= offset_ + limit_) {
      done_.store(true, std::memory_order_relaxed);
      return;
    }
  }
}

std::shared_ptr<Table> LimitSink::finish() {
  std::vector<Batch> batches;
  int64_t skip = offset_, remaining = limit_;
  for (auto& split : splits_) {
    for (auto& batch : split) {
      if (remaining <= 0) break;
      if (skip >= batch.num_rows()) {
        skip -= batch.num_rows();
        continue;
      }
      const int64_t take = std::min(remaining, batch.num_rows() - skip);
      batches.push_back(batch.slice(skip, take));
      remaining -= take;
      skip = 0;
    }
  }
  return std::make_shared<Table>(schema_, std::move(batches));
}

OrderedWriteSink::OrderedWriteSink(Schema schema, int64_t num_splits, std::function<void(const Batch&)> write)
    : schema_(std::move(schema)), write_(std::move(write)), pending_(num_splits), done_(num_splits, 0) {}

void OrderedWriteSink::consume(int, int64_t split, int64_t, Batch batch) { pending_[split].push_back(std::move(batch)); }

void OrderedWriteSink::split_done(int64_t split) {
  std::lock_guard lock(mutex_);
  done_[split] = 1;
  while (next_split_ < static_cast<int64_t>(done_.size()) && done_[next_split_]) {
    for (const Batch& batch : pending_[next_split_]) write_(batch);
    pending_[next_split_].clear();
    pending_[next_split_].shrink_to_fit();
    ++next_split_;
  }
}

std::shared_ptr<Table> OrderedWriteSink::finish() {
  LODE_CHECK(next_split_ == static_cast<int64_t>(done_.size()), "a split was never completed");
  return std::make_shared<Table>(schema_, std::vector<Batch>{});
}

}  // namespace lode::exec
