#include "lode/exec/operators/result_collector.h"

namespace lode::exec {

SinkResult ResultCollector::sink(QueryContext&, OperatorState&, Batch batch, const BatchOrder& order) {
  batches_.add(order, std::move(batch));
  return SinkResult::kNeedMoreInput;
}

int64_t ResultCollector::finalize_round(QueryContext&, int round) {
  if (round == 0) result_ = std::make_shared<Table>(schema(), batches_.take_all());
  return 0;
}

// The next task's batches are written as they come; later tasks' wait.
SinkResult OrderedWriter::sink(QueryContext&, OperatorState&, Batch batch, const BatchOrder& order) {
  batches_.add(order, std::move(batch), [this](Batch ready) { write_(ready); });
  return SinkResult::kNeedMoreInput;
}

void OrderedWriter::task_done(QueryContext&, OperatorState&, const BatchOrder& order) {
  batches_.complete(order, [this](Batch batch) { write_(batch); });
}

std::string PhysicalLimit::details() const {
  return "offset " + std::to_string(offset_) + ", limit " + std::to_string(limit_);
}

SinkResult PhysicalLimit::sink(QueryContext&, OperatorState&, Batch batch, const BatchOrder& order) {
  if (done_.load(std::memory_order_relaxed)) return SinkResult::kFinished;
  batches_.add(order, std::move(batch));
  return SinkResult::kNeedMoreInput;
}

void PhysicalLimit::task_done(QueryContext&, OperatorState&, const BatchOrder& order) {
  batches_.complete(order, [this](Batch batch) { keep(std::move(batch)); });
}

void PhysicalLimit::keep(Batch batch) {
  if (prefix_rows_ >= offset_ + limit_) return;
  prefix_rows_ += batch.num_rows();
  prefix_.push_back(std::move(batch));
  if (prefix_rows_ >= offset_ + limit_) done_.store(true, std::memory_order_relaxed);
}

SourceResult PhysicalLimit::get_data(QueryContext&, int64_t, const BatchEmitter& emit) {
  int64_t skip = offset_, remaining = limit_;
  for (const Batch& batch : prefix_) {
    if (remaining <= 0) break;
    if (skip >= batch.num_rows()) {
      skip -= batch.num_rows();
      continue;
    }
    const int64_t take = std::min(remaining, batch.num_rows() - skip);
    if (!emit(batch.slice(skip, take))) break;
    remaining -= take;
    skip = 0;
  }
  return SourceResult::kFinished;
}

}  // namespace lode::exec
