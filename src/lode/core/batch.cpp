#include "lode/core/batch.h"

#include "lode/core/error.h"

namespace lode {

Batch::Batch(std::vector<std::shared_ptr<Column>> columns, int64_t num_rows)
    : columns_(std::move(columns)), num_rows_(num_rows) {
  for (const auto& column : columns_)
    LODE_CHECK(column->length() == num_rows, "batch columns of different lengths");
}

Batch Batch::slice(int64_t offset, int64_t length) const {
  std::vector<std::shared_ptr<Column>> sliced;
  sliced.reserve(columns_.size());
  for (const auto& column : columns_) sliced.push_back(column->slice(offset, length));
  return Batch(std::move(sliced), length);
}

int64_t Batch::data_bytes() const {
  int64_t bytes = 0;
  for (const auto& column : columns_) bytes += column->data_bytes();
  return bytes;
}

Batch concatenate(std::vector<Batch> batches, int num_columns) {
  if (batches.empty()) return Batch();
  if (num_columns < 0) num_columns = batches.front().num_columns();
  if (batches.size() == 1 && num_columns == batches.front().num_columns()) return std::move(batches.front());
  int64_t rows = 0;
  std::vector<std::vector<std::shared_ptr<Column>>> pieces(num_columns);
  for (const auto& batch : batches) {
    rows += batch.num_rows();
    for (int c = 0; c < num_columns; ++c) pieces[c].push_back(batch.column(c));
  }
  batches.clear();
  std::vector<std::shared_ptr<Column>> columns;
  for (auto& column_pieces : pieces) {
    columns.push_back(concatenate(column_pieces));
    std::vector<std::shared_ptr<Column>>().swap(column_pieces);
  }
  return Batch(std::move(columns), rows);
}

}  // namespace lode
