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

}  // namespace lode
