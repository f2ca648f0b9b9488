#include "lode/core/column.h"

#include <cstring>

#include "lode/core/error.h"

namespace lode {

Column::Column(DataType type, int64_t length, std::shared_ptr<Buffer> values,
               std::shared_ptr<Buffer> validity, std::shared_ptr<Buffer> string_offsets,
               int64_t offset)
    : type_(std::move(type)),
      length_(length),
      offset_(offset),
      values_(std::move(values)),
      validity_(std::move(validity)),
      offsets_(std::move(string_offsets)) {
  LODE_CHECK(length >= 0 && offset >= 0, "negative column length or offset");
  LODE_CHECK(values_ != nullptr, "column without a values buffer");
  const int64_t end = offset + length;
  if (type_.id == TypeId::kString || type_.id == TypeId::kList) {
    LODE_CHECK(offsets_ != nullptr && offsets_->size_bytes() >= (end + 1) * 8,
               "string or list column offsets too short");
  } else if (type_.id == TypeId::kStruct) {
    // make_struct checks the fields.
  } else if (type_.id == TypeId::kBool) {
    LODE_CHECK(values_->size_bytes() >= bitmap::num_bytes(end), "bool values too short");
  } else {
    LODE_CHECK(values_->size_bytes() >= end * type_.byte_width(), "values buffer too short");
  }
  if (validity_ != nullptr) {
    LODE_CHECK(validity_->size_bytes() >= bitmap::num_bytes(end), "validity bitmap too short");
    null_count_ = length - bitmap::count_set(validity_->data(), offset, length);
    if (null_count_ == 0) validity_.reset();
  } else {
    null_count_ = 0;
  }
}

std::shared_ptr<Column> Column::make_list(DataType type, int64_t length, std::shared_ptr<Buffer> offsets,
                                          std::shared_ptr<Column> elements, std::shared_ptr<Buffer> validity,
                                          int64_t offset) {
  LODE_CHECK(type.id == TypeId::kList && elements != nullptr && elements->type() == type.element(),
             "list column of the wrong element type");
  auto column = std::make_shared<Column>(std::move(type), length, Buffer::allocate(0), std::move(validity),
                                         std::move(offsets), offset);
  const int64_t* list_offsets = column->list_offsets();
  LODE_CHECK(list_offsets[0] >= 0 && list_offsets[length] <= elements->length(), "list offsets past the elements");
  column->children_.push_back(std::move(elements));
  return column;
}

std::shared_ptr<Column> Column::make_struct(DataType type, int64_t length, std::vector<std::shared_ptr<Column>> fields,
                                            std::shared_ptr<Buffer> validity, int64_t offset) {
  LODE_CHECK(type.id == TypeId::kStruct && fields.size() == type.children.size(), "struct column of the wrong fields");
  for (size_t i = 0; i < fields.size(); ++i)
    LODE_CHECK(fields[i]->type() == type.children[i] && fields[i]->length() >= offset + length,
               "struct field of the wrong type or length");
  auto column = std::make_shared<Column>(std::move(type), length, Buffer::allocate(0), std::move(validity),
                                         nullptr, offset);
  column->children_ = std::move(fields);
  return column;
}

std::shared_ptr<Column> Column::field(size_t index) const {
  const auto& child = children_.at(index);
  return offset_ == 0 && child->length() == length_ ? child : child->slice(offset_, length_);
}

std::shared_ptr<Column> Column::slice(int64_t offset, int64_t length) const {
  LODE_CHECK(offset >= 0 && length >= 0 && offset + length <= length_, "slice out of range");
  auto sliced = std::make_shared<Column>(type_, length, values_, validity_, offsets_, offset_ + offset);
  sliced->children_ = children_;
  return sliced;
}

int64_t Column::memory_bytes() const {
  int64_t total = values_->capacity_bytes();
  if (validity_) total += validity_->capacity_bytes();
  if (offsets_) total += offsets_->capacity_bytes();
  for (const auto& child : children_) total += child->memory_bytes();
  return total;
}

int64_t Column::data_bytes() const {
  int64_t total = validity_ ? (length_ + 7) / 8 : 0;
  switch (type_.id) {
    case TypeId::kBool: return total + (length_ + 7) / 8;
    case TypeId::kString: {
      const int64_t* offsets = string_offsets();
      return total + (length_ + 1) * 8 + (offsets[length_] - offsets[0]);
    }
    case TypeId::kList: {
      const int64_t* offsets = list_offsets();
      return total + (length_ + 1) * 8 + list_elements()->slice(offsets[0], offsets[length_] - offsets[0])->data_bytes();
    }
    case TypeId::kStruct:
      for (size_t i = 0; i < num_fields(); ++i) total += field(i)->data_bytes();
      return total;
    default: return total + length_ * type_.byte_width();
  }
}

namespace {

// Copies `source`'s validity bits into `bits` starting at bit `target_row`.
void copy_validity(const Column& source, uint8_t* bits, int64_t target_row) {
  for (int64_t row = 0; row < source.length(); ++row)
    bitmap::set_to(bits, target_row + row, source.is_valid(row));
}

// Concatenates list columns: their element ranges, and offsets shifted to match.
std::shared_ptr<Column> concatenate_lists(const std::vector<std::shared_ptr<Column>>& columns, int64_t total_rows,
                                          std::shared_ptr<Buffer> validity) {
  auto offsets_out = Buffer::allocate((total_rows + 1) * 8);
  int64_t* out_offsets = offsets_out->data_as<int64_t>();
  std::vector<std::shared_ptr<Column>> elements;
  int64_t row = 0, position = 0;
  out_offsets[0] = 0;
  for (const auto& column : columns) {
    const int64_t* offsets = column->list_offsets();
    const int64_t first = offsets[0], count = offsets[column->length()] - first;
    elements.push_back(column->list_elements()->slice(first, count));
    for (int64_t i = 1; i <= column->length(); ++i) out_offsets[row + i] = position + offsets[i] - first;
    row += column->length();
    position += count;
  }
  return Column::make_list(columns[0]->type(), total_rows, offsets_out, concatenate(elements), std::move(validity));
}

}  // namespace

std::shared_ptr<Column> concatenate(const std::vector<std::shared_ptr<Column>>& columns) {
  LODE_CHECK(!columns.empty(), "concatenate needs at least one column");
  if (columns.size() == 1) return columns[0];
  const DataType& type = columns[0]->type();
  int64_t total_rows = 0;
  bool any_nulls = false;
  for (const auto& column : columns) {
    LODE_CHECK(column->type() == type, "concatenate of different types");
    total_rows += column->length();
    any_nulls |= column->null_count() > 0;
  }

  std::shared_ptr<Buffer> validity;
  if (any_nulls) {
    validity = Buffer::allocate(bitmap::num_bytes(total_rows), true);
    int64_t row = 0;
    for (const auto& column : columns) {
      copy_validity(*column, validity->data(), row);
      row += column->length();
    }
  }

  if (type.id == TypeId::kList) return concatenate_lists(columns, total_rows, validity);
  if (type.id == TypeId::kStruct) {
    std::vector<std::shared_ptr<Column>> fields;
    for (size_t field = 0; field < type.children.size(); ++field) {
      std::vector<std::shared_ptr<Column>> parts;
      for (const auto& column : columns) parts.push_back(column->field(field));
      fields.push_back(concatenate(parts));
    }
    return Column::make_struct(type, total_rows, std::move(fields), validity);
  }
  if (type.id == TypeId::kString) {
    int64_t total_bytes = 0;
    for (const auto& column : columns) {
      const int64_t* offsets = column->string_offsets();
      total_bytes += offsets[column->length()] - offsets[0];
    }
    auto offsets_out = Buffer::allocate((total_rows + 1) * 8);
    auto bytes_out = Buffer::allocate(total_bytes);
    int64_t* out_offsets = offsets_out->data_as<int64_t>();
    int64_t row = 0, position = 0;
    out_offsets[0] = 0;
    for (const auto& column : columns) {
      const int64_t* offsets = column->string_offsets();
      const int64_t first = offsets[0];
      const int64_t size = offsets[column->length()] - first;
      std::memcpy(bytes_out->data() + position, column->string_bytes() + first, size);
      for (int64_t i = 1; i <= column->length(); ++i)
        out_offsets[row + i] = position + offsets[i] - first;
      row += column->length();
      position += size;
    }
    return std::make_shared<Column>(type, total_rows, bytes_out, validity, offsets_out);
  }

  if (type.id == TypeId::kBool) {
    auto values = Buffer::allocate(bitmap::num_bytes(total_rows), true);
    int64_t row = 0;
    for (const auto& column : columns) {
      for (int64_t i = 0; i < column->length(); ++i)
        bitmap::set_to(values->data(), row + i, column->bool_at(i));
      row += column->length();
    }
    return std::make_shared<Column>(type, total_rows, values, validity);
  }

  const int width = type.byte_width();
  auto values = Buffer::allocate(total_rows * width);
  int64_t row = 0;
  for (const auto& column : columns) {
    std::memcpy(values->data() + row * width, column->value_bytes(), column->length() * width);
    row += column->length();
  }
  return std::make_shared<Column>(type, total_rows, values, validity);
}

}  // namespace lode
