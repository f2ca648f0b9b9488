#pragma once
// A column: one typed array of values in the Arrow layout, immutable once
// built. Buffers are shared, so slice() and views into numpy copy nothing;
// `offset` says where this column starts inside its buffers (in values).
// Layouts: fixed width -> values; bool -> bit-packed values; string ->
// int64 offsets (length + 1 of them) and UTF-8 bytes; list -> int64 offsets
// into one child column of elements; struct -> one child column per field,
// row `offset + row` of each child belonging to row `row` (as in Arrow).
// An absent validity buffer means no nulls. Safe to read from many threads.

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "lode/core/bitmap.h"
#include "lode/core/buffer.h"
#include "lode/core/data_type.h"

namespace lode {

class Column {
 public:
  /// Takes the buffers as laid out above; checks their sizes (InternalError).
  Column(DataType type, int64_t length, std::shared_ptr<Buffer> values,
         std::shared_ptr<Buffer> validity = nullptr, std::shared_ptr<Buffer> string_offsets = nullptr,
         int64_t offset = 0);

  /// Makes a list column: `offsets` holds offset + length + 1 int64 offsets
  /// into `elements` (the child column's rows).
  static std::shared_ptr<Column> make_list(DataType type, int64_t length, std::shared_ptr<Buffer> offsets,
                                           std::shared_ptr<Column> elements,
                                           std::shared_ptr<Buffer> validity = nullptr, int64_t offset = 0);
  /// Makes a struct column from one column per field, each at least
  /// offset + length rows long.
  static std::shared_ptr<Column> make_struct(DataType type, int64_t length,
                                             std::vector<std::shared_ptr<Column>> fields,
                                             std::shared_ptr<Buffer> validity = nullptr, int64_t offset = 0);

  const DataType& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t offset() const { return offset_; }
  int64_t null_count() const { return null_count_; }

  bool is_valid(int64_t row) const {
    return validity_ == nullptr || bitmap::get(validity_->data(), offset_ + row);
  }
  bool is_null(int64_t row) const { return !is_valid(row); }

  /// Returns the fixed-width values starting at this column's first row.
  template <typename T>
  const T* values() const { return values_->data_as<T>() + offset_; }

  /// Returns the fixed-width values' bytes from this column's first row.
  const uint8_t* value_bytes() const { return values_->data() + offset_ * type_.byte_width(); }

  bool bool_at(int64_t row) const { return bitmap::get(values_->data(), offset_ + row); }

  std::string_view string_at(int64_t row) const {
    const int64_t* offsets = string_offsets();
    return {reinterpret_cast<const char*>(values_->data()) + offsets[row],
            static_cast<size_t>(offsets[row + 1] - offsets[row])};
  }
  /// Returns length + 1 offsets into string_bytes(), from this column's first row.
  const int64_t* string_offsets() const { return offsets_->data_as<int64_t>() + offset_; }
  const char* string_bytes() const { return reinterpret_cast<const char*>(values_->data()); }

  /// List columns: length + 1 offsets from this column's first row into
  /// list_elements(), which is the whole child column (not sliced).
  const int64_t* list_offsets() const { return offsets_->data_as<int64_t>() + offset_; }
  const std::shared_ptr<Column>& list_elements() const { return children_.front(); }
  /// Struct columns: the field's column aligned with this column's rows.
  std::shared_ptr<Column> field(size_t index) const;
  size_t num_fields() const { return children_.size(); }

  /// Returns the validity bitmap (bit `offset() + row`), or nullptr if no nulls.
  const uint8_t* validity_bits() const { return validity_ ? validity_->data() : nullptr; }

  const std::shared_ptr<Buffer>& values_buffer() const { return values_; }
  const std::shared_ptr<Buffer>& validity_buffer() const { return validity_; }
  const std::shared_ptr<Buffer>& offsets_buffer() const { return offsets_; }

  /// Returns rows [offset, offset + length) sharing this column's buffers.
  std::shared_ptr<Column> slice(int64_t offset, int64_t length) const;

  /// Returns the bytes of memory this column's buffers hold.
  int64_t memory_bytes() const;
  /// Returns the bytes of this column's rows alone, as a copy would hold
  /// them: a slice counts its rows, not the buffers it shares.
  int64_t data_bytes() const;

 private:
  DataType type_;
  int64_t length_;
  int64_t offset_;
  int64_t null_count_;
  std::shared_ptr<Buffer> values_;
  std::shared_ptr<Buffer> validity_;
  std::shared_ptr<Buffer> offsets_;
  std::vector<std::shared_ptr<Column>> children_;  // list: elements; struct: fields
};

/// Returns one column holding the given columns' rows in order (a copy).
/// All must have the same type. A single column is returned as is.
std::shared_ptr<Column> concatenate(const std::vector<std::shared_ptr<Column>>& columns);

}  // namespace lode
