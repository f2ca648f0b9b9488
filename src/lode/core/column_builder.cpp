#include "lode/core/column_builder.h"

#include <algorithm>

namespace lode {

namespace {

int64_t values_bytes_for(const DataType& type, int64_t num_rows) {
  if (type.id == TypeId::kBool) return bitmap::num_bytes(num_rows);
  if (type.id == TypeId::kString) return 0;
  return num_rows * type.byte_width();
}

}  // namespace

ColumnBuilder::ColumnBuilder(DataType type, MemoryManager& manager)
    : type_(std::move(type)), manager_(&manager) {
  values_ = Buffer::allocate(0, *manager_);
  if (type_.id == TypeId::kString) {
    offsets_ = Buffer::allocate(8, *manager_, true);
  }
}

void ColumnBuilder::ensure_rows(int64_t num_rows) {
  if (num_rows <= capacity_rows_) return;
  int64_t capacity = std::max<int64_t>({num_rows, capacity_rows_ * 2, 1024});
  if (type_.id == TypeId::kString) {
    offsets_->resize((capacity + 1) * 8);
  } else {
    values_->resize(values_bytes_for(type_, capacity));
  }
  if (validity_) validity_->resize(bitmap::num_bytes(capacity));
  capacity_rows_ = capacity;
}

void ColumnBuilder::reserve(int64_t num_rows, int64_t string_bytes) {
  ensure_rows(length_ + num_rows);
  if (type_.id == TypeId::kString && string_bytes_ + string_bytes > values_->size_bytes())
    values_->resize(string_bytes_ + string_bytes);
}

void ColumnBuilder::append_bool(bool value) {
  ensure_rows(length_ + 1);
  bitmap::set_to(values_->data(), length_, value);
  mark_valid();
}

void ColumnBuilder::append_string(std::string_view value) {
  ensure_rows(length_ + 1);
  const int64_t new_size = string_bytes_ + static_cast<int64_t>(value.size());
  if (new_size > values_->size_bytes())
    values_->resize(std::max(new_size, values_->size_bytes() * 2));
  std::memcpy(values_->data() + string_bytes_, value.data(), value.size());
  string_bytes_ = new_size;
  offsets_->data_as<int64_t>()[length_ + 1] = string_bytes_;
  mark_valid();
}

void ColumnBuilder::append_null() {
  ensure_rows(length_ + 1);
  if (!validity_) {
    validity_ = Buffer::allocate(bitmap::num_bytes(capacity_rows_), *manager_);
    std::memset(validity_->data(), 0xff, static_cast<size_t>(validity_->size_bytes()));
  }
  bitmap::clear(validity_->data(), length_);
  if (type_.id == TypeId::kString) {
    offsets_->data_as<int64_t>()[length_ + 1] = string_bytes_;
  } else if (type_.id == TypeId::kBool) {
    bitmap::clear(values_->data(), length_);
  } else {
    std::memset(values_->data() + length_ * type_.byte_width(), 0, type_.byte_width());
  }
  ++length_;
}

std::shared_ptr<Column> ColumnBuilder::finish() {
  if (type_.id == TypeId::kString) {
    values_->resize(string_bytes_);
    offsets_->resize((length_ + 1) * 8);
  } else {
    values_->resize(values_bytes_for(type_, length_));
  }
  if (validity_) validity_->resize(bitmap::num_bytes(length_));
  auto column = std::make_shared<Column>(type_, length_, std::move(values_), std::move(validity_),
                                         std::move(offsets_));
  *this = ColumnBuilder(type_, *manager_);
  return column;
}

}  // namespace lode
