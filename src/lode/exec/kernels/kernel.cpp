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

namespace {

template <typename Index>
std::shared_ptr<Column> take_rows(const Column& column, const Index* indices, int64_t count) {
  const DataType& type = column.type();
  bool any_null = column.null_count() > 0;
  for (int64_t i = 0; i < count && !any_null; ++i) any_null = indices[i] < 0;
  std::shared_ptr<Buffer> validity;
  if (any_null) {
    validity = Buffer::allocate(bitmap::num_bytes(count), true);
    for (int64_t i = 0; i < count; ++i)
      if (indices[i] >= 0 && column.is_valid(indices[i])) bitmap::set(validity->data(), i);
  }
  if (type.id == TypeId::kString) {
    const int64_t* offsets = column.string_offsets();
    int64_t total = 0;
    for (int64_t i = 0; i < count; ++i)
      if (indices[i] >= 0) total += offsets[indices[i] + 1] - offsets[indices[i]];
    auto bytes = Buffer::allocate(total);
    auto out_offsets_buffer = Buffer::allocate((count + 1) * 8);
    int64_t* out_offsets = out_offsets_buffer->data_as<int64_t>();
    int64_t position = 0;
    for (int64_t i = 0; i < count; ++i) {
      out_offsets[i] = position;
      if (indices[i] < 0) continue;
      const int64_t start = offsets[indices[i]], size = offsets[indices[i] + 1] - start;
      uint8_t* to = bytes->data() + position;
      const char* from = column.string_bytes() + start;
      if (size <= Buffer::kSlackBytes) {
        // Short strings: two fixed 8-byte moves (buffers keep 16 bytes of slack).
        std::memcpy(to, from, 8);
        std::memcpy(to + 8, from + 8, 8);
      } else {
        std::memcpy(to, from, size);
      }
      position += size;
    }
    std::memset(bytes->data() + position, 0, Buffer::kSlackBytes);  // slack stays zero
    out_offsets[count] = position;
    return std::make_shared<Column>(type, count, bytes, validity, out_offsets_buffer);
  }
  if (type.id == TypeId::kBool) {
    auto bits = Buffer::allocate(bitmap::num_bytes(count), true);
    for (int64_t i = 0; i < count; ++i)
      if (indices[i] >= 0 && column.bool_at(indices[i])) bitmap::set(bits->data(), i);
    return std::make_shared<Column>(type, count, bits, validity);
  }
  return visit_fixed_width(type, [&]<typename T>() {
    auto values = Buffer::allocate(count * static_cast<int64_t>(sizeof(T)));
    const T* in = column.values<T>();
    T* out = values->data_as<T>();
    for (int64_t i = 0; i < count; ++i) out[i] = indices[i] >= 0 ? in[indices[i]] : T{};
    return std::make_shared<Column>(type, count, values, validity);
  });
}

}  // namespace

std::shared_ptr<Column> take(const Column& column, const int64_t* indices, int64_t count) {
  return take_rows(column, indices, count);
}

std::shared_ptr<Column> take(const Column& column, const int32_t* indices, int64_t count) {
  return take_rows(column, indices, count);
}

}  // namespace lode::exec
