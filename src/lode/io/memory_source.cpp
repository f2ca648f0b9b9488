#include "lode/io/memory_source.h"

#include <algorithm>

namespace lode::io {

MemorySource::MemorySource(std::shared_ptr<const Table> table, int64_t morsel_rows) : table_(std::move(table)) {
  const auto& batches = table_->batches();
  for (int batch = 0; batch < static_cast<int>(batches.size()); ++batch)
    for (int64_t offset = 0; offset < batches[batch].num_rows(); offset += morsel_rows)
      morsels_.push_back({batch, offset, std::min(morsel_rows, batches[batch].num_rows() - offset)});
}

std::string MemorySource::describe() const {
  return "memory table (" + std::to_string(table_->num_rows()) + " rows, " + std::to_string(table_->num_columns()) +
         " columns)";
}

bool MemorySource::read_split(int64_t index, const ScanRequest& request, ScanStatistics& statistics,
                              const std::function<void(Batch)>& consume) {
  const Morsel& morsel = morsels_[index];
  const Batch& batch = table_->batches()[morsel.batch];
  std::vector<std::shared_ptr<Column>> columns;
  columns.reserve(request.columns.size());
  for (int column : request.columns) columns.push_back(batch.column(column)->slice(morsel.offset, morsel.length));
  ++statistics.splits_read;
  consume(Batch(std::move(columns), morsel.length));
  return true;
}

}  // namespace lode::io
