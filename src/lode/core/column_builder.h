#pragma once
// Builds a Column row by row (readers, generators, conversions). One thread
// owns a builder; finish() hands the buffers to an immutable Column. Buffers
// grow geometrically and are accounted to the memory manager as they grow.
// The validity bitmap is only created at the first null.

#include <cstring>
#include <memory>
#include <string_view>

#include "lode/core/column.h"
#include "lode/core/memory_manager.h"

namespace lode {

class ColumnBuilder {
 public:
  explicit ColumnBuilder(DataType type, MemoryManager& manager = MemoryManager::global());

  /// Makes room for `num_rows` more rows (and `string_bytes` more bytes).
  void reserve(int64_t num_rows, int64_t string_bytes = 0);

  /// Appends a fixed-width value; T must be the type's physical C++ type.
  template <typename T>
  void append(T value) {
    ensure_rows(length_ + 1);
    std::memcpy(values_->data() + length_ * sizeof(T), &value, sizeof(T));
    mark_valid();
  }
  void append_bool(bool value);
  void append_string(std::string_view value);
  void append_null();

  int64_t length() const { return length_; }
  const DataType& type() const { return type_; }

  /// Returns the built column; the builder is empty afterwards.
  std::shared_ptr<Column> finish();

 private:
  void ensure_rows(int64_t num_rows);
  void mark_valid() {
    if (validity_) bitmap::set(validity_->data(), length_);
    ++length_;
  }

  DataType type_;
  MemoryManager* manager_;
  int64_t length_ = 0;
  int64_t capacity_rows_ = 0;
  int64_t string_bytes_ = 0;
  std::shared_ptr<Buffer> values_;
  std::shared_ptr<Buffer> validity_;
  std::shared_ptr<Buffer> offsets_;
};

}  // namespace lode
