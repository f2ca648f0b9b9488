#include "lode/exec/operators/table_scan.h"

#include "lode/exec/operators/streaming.h"
#include "lode/exec/query_context.h"

namespace lode::exec {

PhysicalTableScan::PhysicalTableScan(Schema schema, std::shared_ptr<io::TableSource> source, io::ScanRequest request,
                                     std::vector<plan::ExprPtr> filters, int64_t limit, std::vector<int> emitted)
    : PhysicalOperator(std::move(schema)), source_(std::move(source)), request_(std::move(request)),
      filters_(scan_conjuncts(filters)), limit_(limit), emitted_(std::move(emitted)) {
  // Rows the limit counts must not be skipped by pruning: the source gets no predicates.
  if (limit_ >= 0) request_.predicates.clear();
}

std::string PhysicalTableScan::details() const {
  std::string text = source_->describe();
  for (const auto& filter : filters_) text += ", filter " + filter.conjunct->to_string();
  if (limit_ >= 0) text += ", limit " + std::to_string(limit_);
  return text;
}

int64_t PhysicalTableScan::num_source_tasks(QueryContext&) {
  if (limit_ < 0) return source_->num_splits();
  return limit_ > 0 && source_->num_splits() > 0 ? 1 : 0;
}

SourceResult PhysicalTableScan::get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) {
  io::ScanRequest request = request_;
  request.check_cancelled = [&context] { context.check_cancelled(); };
  request.pool = context.pool;
  if (limit_ < 0) {
    read_split(task, request, emit, nullptr);
    return SourceResult::kFinished;
  }
  int64_t remaining = limit_;
  for (int64_t split = 0; split < source_->num_splits() && remaining > 0; ++split) {
    request.max_rows = remaining;
    if (!read_split(split, request, emit, &remaining)) break;
  }
  return SourceResult::kFinished;
}

bool PhysicalTableScan::read_split(int64_t split, const io::ScanRequest& request, const BatchEmitter& emit,
                                   int64_t* remaining) {
  io::ScanStatistics statistics;
  bool wanted = true;
  const bool read = source_->read_split(split, request, statistics, [&](Batch batch) {
    if (!wanted) return;  // a split's batches past a satisfied limit are dropped
    if (remaining) {
      if (batch.num_rows() > *remaining) batch = batch.slice(0, *remaining);
      *remaining -= batch.num_rows();
      if (*remaining == 0) wanted = false;
    }
    if (!filters_.empty()) {
      batch = filter_conjuncts(std::move(batch), filters_, emitted_);
      if (batch.num_rows() == 0) return;
    } else if (!emitted_.empty()) {
      batch = select_columns(batch, emitted_);
    }
    if (!emit(std::move(batch))) wanted = false;
  });
  splits_read_.fetch_add(statistics.splits_read, std::memory_order_relaxed);
  bytes_read_.fetch_add(statistics.bytes_read, std::memory_order_relaxed);
  if (!read) splits_skipped_.fetch_add(1, std::memory_order_relaxed);
  return wanted;
}

}  // namespace lode::exec
