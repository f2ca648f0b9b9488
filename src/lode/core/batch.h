#pragma once
// A batch: equal-length columns that travel together through the engine.
// Cheap to copy (columns are shared), immutable, readable from any thread.

#include <memory>
#include <utility>
#include <vector>

#include "lode/core/column.h"

namespace lode {

class Batch {
 public:
  Batch() = default;
  /// Checks that all columns have `num_rows` rows (InternalError otherwise).
  Batch(std::vector<std::shared_ptr<Column>> columns, int64_t num_rows);
  Batch(const Batch&) = default;
  Batch& operator=(const Batch&) = default;
  /// A moved-from batch is empty: no columns and no rows.
  Batch(Batch&& other) noexcept
      : columns_(std::move(other.columns_)), num_rows_(std::exchange(other.num_rows_, 0)) {}
  Batch& operator=(Batch&& other) noexcept {
    if (this == &other) return *this;
    columns_ = std::move(other.columns_);
    num_rows_ = std::exchange(other.num_rows_, 0);
    return *this;
  }

  int64_t num_rows() const { return num_rows_; }
  int num_columns() const { return static_cast<int>(columns_.size()); }
  const std::shared_ptr<Column>& column(int index) const { return columns_[index]; }
  const std::vector<std::shared_ptr<Column>>& columns() const { return columns_; }

  /// Returns rows [offset, offset + length) without copying.
  Batch slice(int64_t offset, int64_t length) const;
  /// Returns the bytes of the batch's rows as a copy would hold them
  /// (Column::data_bytes: a slice counts its rows, not shared buffers).
  int64_t data_bytes() const;

 private:
  std::vector<std::shared_ptr<Column>> columns_;
  int64_t num_rows_ = 0;
};

/// Returns the rows of `batches` one after another (a copy; one batch is
/// returned as is), keeping their first `num_columns` columns (-1: all).
/// Copies a column at a time, letting each column's pieces go once copied.
Batch concatenate(std::vector<Batch> batches, int num_columns = -1);

}  // namespace lode
