#include "lode/exec/kernels/kernel.h"

#include <cstring>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"

namespace lode::exec {

std::shared_ptr<Buffer> copy_bits(const uint8_t* bits, int64_t offset, int64_t length) {
  auto out = Buffer::allocate(bitmap::num_bytes(length), true);
  if (offset % 8 == 0) {
    std::memcpy(out->data(), bits + offset / 8, bitmap::num_bytes(length));
    // Clear bits past the end so that whole-byte operations stay exact.
    if (length % 8) out->data()[length / 8] &= uint8_t((1u << (length % 8)) - 1);
  } else {
    for (int64_t i = 0; i < length; ++i)
      if (bitmap::get(bits, offset + i)) bitmap::set(out->data(), i);
  }
  return out;
}

std::shared_ptr<Buffer> pack_bits(const uint8_t* bytes, int64_t length) {
  auto out = Buffer::allocate(bitmap::num_bytes(length), true);
  uint8_t* bits = out->data();
  int64_t i = 0;
  for (; i + 8 <= length; i += 8) {
    uint8_t byte = 0;
    for (int j = 0; j < 8; ++j) byte |= uint8_t((bytes[i + j] & 1) << j);
    bits[i / 8] = byte;
  }
  for (; i < length; ++i)
    if (bytes[i]) bitmap::set(bits, i);
  return out;
}

std::shared_ptr<Buffer> intersect_validity(const std::vector<const Datum*>& inputs, int64_t length) {
  std::shared_ptr<Buffer> result;
  for (const Datum* input : inputs) {
    if (input->is_scalar()) {
      if (input->scalar->is_null) return Buffer::allocate(bitmap::num_bytes(length), true);
      continue;
    }
    const Column& column = *input->column;
    if (column.null_count() == 0) continue;
    if (!result) {
      result = copy_bits(column.validity_bits(), column.offset(), length);
      continue;
    }
    if (column.offset() % 8 == 0) {
      const uint8_t* bits = column.validity_bits() + column.offset() / 8;
      for (int64_t byte = 0; byte < bitmap::num_bytes(length); ++byte) result->data()[byte] &= bits[byte];
    } else {
      for (int64_t row = 0; row < length; ++row)
        if (!column.is_valid(row)) bitmap::clear(result->data(), row);
    }
  }
  return result;
}

std::shared_ptr<Column> null_column(const DataType& type, int64_t length) {
  auto validity = Buffer::allocate(bitmap::num_bytes(length), true);
  if (type.id == TypeId::kList)
    return Column::make_list(type, length, Buffer::allocate((length + 1) * 8, true), null_column(type.element(), 0),
                             validity);
  if (type.id == TypeId::kStruct) {
    std::vector<std::shared_ptr<Column>> fields;
    for (const DataType& field : type.children) fields.push_back(null_column(field, length));
    return Column::make_struct(type, length, std::move(fields), validity);
  }
  if (type.id == TypeId::kString)
    return std::make_shared<Column>(type, length, Buffer::allocate(0), validity, Buffer::allocate((length + 1) * 8, true));
  const int64_t bytes = type.id == TypeId::kBool ? bitmap::num_bytes(length) : length * type.byte_width();
  return std::make_shared<Column>(type, length, Buffer::allocate(bytes, true), validity);
}

std::shared_ptr<Column> broadcast(const Scalar& value, int64_t length) {
  if (value.is_null) return null_column(value.type, length);
  const DataType& type = value.type;
  if (type.id == TypeId::kString) {
    const int64_t size = static_cast<int64_t>(value.text.size());
    auto bytes = Buffer::allocate(size * length);
    auto offsets = Buffer::allocate((length + 1) * 8);
    int64_t* out_offsets = offsets->data_as<int64_t>();
    for (int64_t row = 0; row < length; ++row) {
      std::memcpy(bytes->data() + row * size, value.text.data(), size);
      out_offsets[row] = row * size;
    }
    out_offsets[length] = length * size;
    return std::make_shared<Column>(type, length, bytes, nullptr, offsets);
  }
  if (type.id == TypeId::kBool) {
    auto bits = Buffer::allocate(bitmap::num_bytes(length), true);
    if (value.boolean) std::memset(bits->data(), 0xff, bitmap::num_bytes(length));
    return std::make_shared<Column>(type, length, bits);
  }
  return visit_fixed_width(type, [&]<typename T>() {
    auto values = Buffer::allocate(length * static_cast<int64_t>(sizeof(T)));
    T constant = scalar_value<T>(value);
    T* out = values->data_as<T>();
    for (int64_t row = 0; row < length; ++row) out[row] = constant;
    return std::make_shared<Column>(type, length, values);
  });
}

Scalar scalar_at(const Column& column, int64_t row) {
  if (column.is_null(row)) return Scalar::null(column.type());
  if (column.type().is_nested())
    throw NotSupportedError("a single value of a " + column.type().name() + " column (lode has no nested scalars yet)");
  Scalar value;
  value.type = column.type();
  if (value.type.id == TypeId::kString) value.text = std::string(column.string_at(row));
  else if (value.type.id == TypeId::kBool) value.boolean = column.bool_at(row);
  else visit_fixed_width(value.type, [&]<typename T>() { value = make_scalar<T>(column.type(), column.values<T>()[row]); });
  return value;
}

std::shared_ptr<Column> as_column(const Datum& datum, int64_t length) {
  return datum.is_scalar() ? broadcast(*datum.scalar, length) : datum.column;
}

}  // namespace lode::exec
