#include "lode/exec/operators/table_scan.h"

#include "lode/exec/operators/streaming.h"
#include "lode/exec/query_context.h"

namespace lode::exec {

PhysicalTableScan::PhysicalTableScan(Schema schema, std::shared_ptr<io::TableSource> source, io::ScanRequest request,
                                     std::vector<plan::ExprPtr> filters)
    : PhysicalOperator(std::move(schema)), source_(std::move(source)), request_(std::move(request)), filters_(std::move(filters)) {}

std::string PhysicalTableScan::details() const {
  std::string text = source_->describe();
  for (const auto& filter : filters_) text += ", filter " + filter->to_string();
  return text;
}

SourceResult PhysicalTableScan::get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) {
  io::ScanStatistics statistics;
  bool wanted = true;
  const bool read = source_->read_split(task, request_, statistics, [&](Batch batch) {
    if (!wanted) return;  // a split's batches past a satisfied limit are dropped
    for (const auto& filter : filters_) {
      batch = filter_rows(batch, *filter);
      if (batch.num_rows() == 0) return;
    }
    wanted = emit(std::move(batch));
  });
  splits_read_.fetch_add(statistics.splits_read, std::memory_order_relaxed);
  bytes_read_.fetch_add(statistics.bytes_read, std::memory_order_relaxed);
  if (!read) splits_skipped_.fetch_add(1, std::memory_order_relaxed);
  return SourceResult::kFinished;
}

}  // namespace lode::exec
