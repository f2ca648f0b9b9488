#pragma once
// The sinks at the root of a query: the result collector gathers the
// result in order into a table (collect()); the ordered writer streams it
// into a file writer in order (sink_csv, sink_parquet), holding only the
// tasks in flight; the limit keeps rows [offset, offset + limit) of its
// input in order, asks for no more input once it has them, and is the
// source of the pipeline above it.

#include <functional>
#include <memory>

#include "lode/core/table.h"
#include "lode/exec/operators/ordered_batches.h"
#include "lode/exec/physical/physical_operator.h"

namespace lode::exec {

class ResultCollector final : public PhysicalOperator {
 public:
  explicit ResultCollector(Schema schema) : PhysicalOperator(std::move(schema)) {}
  std::string name() const override { return "COLLECT"; }
  bool is_sink() const override { return true; }
  SinkResult sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) override;
  int64_t finalize_round(QueryContext& context, int round) override;

  /// The result, after the query ran.
  std::shared_ptr<Table> result() const { return result_; }

 private:
  OrderedBatches batches_;
  std::shared_ptr<Table> result_;
};

/// Writes batches in order; the writer is called by one thread at a time.
class OrderedWriter final : public PhysicalOperator {
 public:
  OrderedWriter(Schema schema, std::function<void(const Batch&)> write)
      : PhysicalOperator(std::move(schema)), write_(std::move(write)) {}
  std::string name() const override { return "WRITE"; }
  bool is_sink() const override { return true; }
  void begin_stream(QueryContext& context, int64_t stream, int64_t num_tasks) override {
    batches_.begin_stream(stream, num_tasks, [this](Batch batch) { write_(batch); });
  }
  SinkResult sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) override;
  void task_done(QueryContext& context, OperatorState& state, const BatchOrder& order) override;

 private:
  std::function<void(const Batch&)> write_;
  OrderedBatches batches_;
};

class PhysicalLimit final : public PhysicalOperator {
 public:
  PhysicalLimit(Schema schema, int64_t offset, int64_t limit)
      : PhysicalOperator(std::move(schema)), offset_(offset), limit_(limit), done_(limit == 0) {}
  std::string name() const override { return "LIMIT"; }
  std::string details() const override;
  bool is_sink() const override { return true; }
  void begin_stream(QueryContext& context, int64_t stream, int64_t num_tasks) override {
    batches_.begin_stream(stream, num_tasks, [this](Batch batch) { keep(std::move(batch)); });
  }
  SinkResult sink(QueryContext& context, OperatorState& state, Batch batch, const BatchOrder& order) override;
  void task_done(QueryContext& context, OperatorState& state, const BatchOrder& order) override;
  bool is_source() const override { return true; }
  int64_t num_source_tasks(QueryContext& context) override { return 1; }
  SourceResult get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) override;

 private:
  void keep(Batch batch);  // a batch of the completed prefix

  int64_t offset_, limit_;
  OrderedBatches batches_;
  std::vector<Batch> prefix_;  // the completed prefix, in order (under batches_' lock)
  int64_t prefix_rows_ = 0;
  std::atomic<bool> done_;
};

}  // namespace lode::exec
