#pragma once
// Push-based pipelines: a source's splits (morsels) are handed to the
// worker threads; each worker pushes the batches of its split through the
// pipeline's streaming operators (filter, project) into the sink, a pipeline
// breaker (collect, limit, hash aggregate) that keeps thread-local state and
// merges it once in finish(). The scheduler is the thread pool's
// parallel_for over splits: whichever worker is free takes the next split.

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/table.h"
#include "lode/io/table_source.h"

namespace lode::exec {

/// Rows and time of one plan operator, summed over threads (for profile()).
struct OperatorProfile {
  std::atomic<int64_t> rows_out{0};
  std::atomic<int64_t> nanoseconds{0};
};

/// A streaming operator: one batch in, one batch out, no state across
/// batches; called from many threads at once.
class Operator {
 public:
  virtual ~Operator() = default;
  virtual Batch execute(const Batch& batch) const = 0;
  OperatorProfile* profile = nullptr;
};

/// A pipeline breaker. consume() runs on many threads at once, each with its
/// own `worker` slot; finish() runs once, after all consumes.
class Sink {
 public:
  virtual ~Sink() = default;
  /// Takes a batch of split `split`; `rows_before` rows of that split came
  /// before it (so split and rows_before order rows across the input).
  virtual void consume(int worker, int64_t split, int64_t rows_before, Batch batch) = 0;
  /// Says that split `split` produced all its batches.
  virtual void split_done(int64_t split) {}
  /// Returns true once the sink needs no more input (a satisfied limit).
  virtual bool done() const { return false; }
  virtual std::shared_ptr<Table> finish() = 0;
};

/// Runs a pipeline to completion and returns the sink's result.
std::shared_ptr<Table> run_pipeline(io::TableSource& source, const io::ScanRequest& request,
                                    const std::vector<std::unique_ptr<Operator>>& operators, Sink& sink,
                                    io::ScanStatistics* statistics = nullptr);

/// Collects batches in input order into a table.
class CollectSink final : public Sink {
 public:
  CollectSink(Schema schema, int64_t num_splits) : schema_(std::move(schema)), splits_(num_splits) {}
  void consume(int worker, int64_t split, int64_t rows_before, Batch batch) override;
  std::shared_ptr<Table> finish() override;

 private:
  Schema schema_;
  std::vector<std::vector<Batch>> splits_;  // each written by the one worker reading that split
};

/// Keeps rows [offset, offset + limit) in input order and asks for no more
/// input once the splits before the last needed row are complete.
class LimitSink final : public Sink {
 public:
  LimitSink(Schema schema, int64_t num_splits, int64_t offset, int64_t limit);
  void consume(int worker, int64_t split, int64_t rows_before, Batch batch) override;
  void split_done(int64_t split) override;
  bool done() const override { return done_.load(std::memory_order_relaxed); }
  std::shared_ptr<Table> finish() override;

 private:
  Schema schema_;
  int64_t offset_, limit_;
  std::vector<std::vector<Batch>> splits_;
  std::vector<int64_t> split_rows_;
  std::vector<uint8_t> split_complete_;
  std::mutex mutex_;
  std::atomic<bool> done_{false};
};

/// Streams a result into a writer (sink_csv, sink_parquet) in input order:
/// a split's batches wait until every earlier split is written, then go out,
/// so memory holds only the splits in flight and the file keeps row order.
/// The writer is called under a lock, by one thread at a time.
class OrderedWriteSink final : public Sink {
 public:
  OrderedWriteSink(Schema schema, int64_t num_splits, std::function<void(const Batch&)> write);
  void consume(int worker, int64_t split, int64_t rows_before, Batch batch) override;
  void split_done(int64_t split) override;
  std::shared_ptr<Table> finish() override;

 private:
  Schema schema_;
  std::function<void(const Batch&)> write_;
  std::vector<std::vector<Batch>> pending_;
  std::vector<uint8_t> done_;
  int64_t next_split_ = 0;
  std::mutex mutex_;
};

/// Returns nanoseconds on a monotonic clock.
inline int64_t now_nanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace lode::exec
