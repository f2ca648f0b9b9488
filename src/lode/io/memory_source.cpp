#include "lode/io/memory_source.h"

#include <algorithm>
#include <atomic>

#include "lode/core/error.h"

namespace lode::io {

namespace {
std::atomic<int64_t> configured_morsel_rows{0};
}

void MemorySource::set_default_morsel_rows(int64_t rows) {
  if (rows < 0) throw InvalidInputError("morsel rows must not be negative");
  configured_morsel_rows.store(rows);
}

int64_t MemorySource::default_morsel_rows() {
  const int64_t rows = configured_morsel_rows.load();
  return rows > 0 ? rows : kMorselRows;
}

MemorySource::MemorySource(std::shared_ptr<const Table> table, int64_t morsel_rows) : table_(std::move(table)) {
  if (morsel_rows <= 0) morsel_rows = default_morsel_rows();
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
