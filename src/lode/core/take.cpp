#include "lode/core/take.h"

#include <cstring>
#include <vector>

namespace lode {

namespace {

struct Bytes16 {
  uint64_t low, high;
};

// Random gathers wait on memory: each value is asked for this many rows
// ahead, so that many cache misses are in flight at once.
constexpr int64_t kPrefetchRows = 16;

template <typename Index>
inline Index index_ahead(const Index* indices, int64_t i, int64_t count) {
  return i + kPrefetchRows < count && indices[i + kPrefetchRows] > 0 ? indices[i + kPrefetchRows] : 0;
}

// Fixed-width values move as unsigned integers of their width (decimal128 as two words).
template <typename T, typename Index>
std::shared_ptr<Column> take_fixed(const Column& column, const Index* indices, int64_t count,
                                   std::shared_ptr<Buffer> validity) {
  auto values = Buffer::allocate(count * static_cast<int64_t>(sizeof(T)));
  const T* in = reinterpret_cast<const T*>(column.value_bytes());
  T* out = values->data_as<T>();
  for (int64_t i = 0; i < count; ++i) {
    __builtin_prefetch(in + index_ahead(indices, i, count));
    out[i] = indices[i] >= 0 ? in[indices[i]] : T{};
  }
  return std::make_shared<Column>(column.type(), count, values, std::move(validity));
}

// Strings in two passes: the picked strings' starts and the output offsets
// (reading the input offsets once), then their bytes.
template <typename Index>
std::shared_ptr<Column> take_strings(const Column& column, const Index* indices, int64_t count,
                                     std::shared_ptr<Buffer> validity) {
  const int64_t* offsets = column.string_offsets();
  auto out_offsets_buffer = Buffer::allocate((count + 1) * 8);
  int64_t* out_offsets = out_offsets_buffer->data_as<int64_t>();
  std::vector<int64_t> starts(count);
  int64_t position = 0;
  for (int64_t i = 0; i < count; ++i) {
    __builtin_prefetch(offsets + index_ahead(indices, i, count));
    out_offsets[i] = position;
    if (indices[i] < 0) continue;
    starts[i] = offsets[indices[i]];
    position += offsets[indices[i] + 1] - starts[i];
  }
  out_offsets[count] = position;
  auto bytes = Buffer::allocate(position);
  const char* from = column.string_bytes();
  uint8_t* to = bytes->data();
  for (int64_t i = 0; i < count; ++i) {
    if (i + kPrefetchRows < count) __builtin_prefetch(from + starts[i + kPrefetchRows]);
    const int64_t size = out_offsets[i + 1] - out_offsets[i];
    if (size <= Buffer::kSlackBytes) {
      // Short strings: two fixed 8-byte moves (buffers keep 16 bytes of slack).
      std::memcpy(to + out_offsets[i], from + starts[i], 8);
      std::memcpy(to + out_offsets[i] + 8, from + starts[i] + 8, 8);
    } else {
      std::memcpy(to + out_offsets[i], from + starts[i], size);
    }
  }
  std::memset(to + position, 0, Buffer::kSlackBytes);  // slack stays zero
  return std::make_shared<Column>(column.type(), count, bytes, std::move(validity), out_offsets_buffer);
}

template <typename Index>
std::shared_ptr<Column> take_rows(const Column& column, const Index* indices, int64_t count);

// Gathers the picked lists' offsets, then their elements in one take.
template <typename Index>
std::shared_ptr<Column> take_lists(const Column& column, const Index* indices, int64_t count,
                                   std::shared_ptr<Buffer> validity) {
  const int64_t* offsets = column.list_offsets();
  auto out_offsets_buffer = Buffer::allocate((count + 1) * 8);
  int64_t* out_offsets = out_offsets_buffer->data_as<int64_t>();
  std::vector<int64_t> element_rows;
  out_offsets[0] = 0;
  for (int64_t i = 0; i < count; ++i) {
    if (indices[i] >= 0)
      for (int64_t element = offsets[indices[i]]; element < offsets[indices[i] + 1]; ++element)
        element_rows.push_back(element);
    out_offsets[i + 1] = static_cast<int64_t>(element_rows.size());
  }
  auto elements = take_rows(*column.list_elements(), element_rows.data(), static_cast<int64_t>(element_rows.size()));
  return Column::make_list(column.type(), count, out_offsets_buffer, elements, std::move(validity));
}

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
  if (type.id == TypeId::kList) return take_lists(column, indices, count, std::move(validity));
  if (type.id == TypeId::kStruct) {
    std::vector<std::shared_ptr<Column>> fields;
    for (size_t field = 0; field < column.num_fields(); ++field)
      fields.push_back(take_rows(*column.field(field), indices, count));
    return Column::make_struct(type, count, std::move(fields), std::move(validity));
  }
  if (type.id == TypeId::kString) return take_strings(column, indices, count, std::move(validity));
  if (type.id == TypeId::kBool) {
    auto bits = Buffer::allocate(bitmap::num_bytes(count), true);
    for (int64_t i = 0; i < count; ++i)
      if (indices[i] >= 0 && column.bool_at(indices[i])) bitmap::set(bits->data(), i);
    return std::make_shared<Column>(type, count, bits, validity);
  }
  switch (type.byte_width()) {
    case 1: return take_fixed<uint8_t>(column, indices, count, std::move(validity));
    case 2: return take_fixed<uint16_t>(column, indices, count, std::move(validity));
    case 4: return take_fixed<uint32_t>(column, indices, count, std::move(validity));
    case 8: return take_fixed<uint64_t>(column, indices, count, std::move(validity));
    default: return take_fixed<Bytes16>(column, indices, count, std::move(validity));
  }
}

}  // namespace

std::shared_ptr<Column> take(const Column& column, const int64_t* indices, int64_t count) {
  return take_rows(column, indices, count);
}

std::shared_ptr<Column> take(const Column& column, const int32_t* indices, int64_t count) {
  return take_rows(column, indices, count);
}

namespace {

template <typename Index>
Batch take_batch(const Batch& batch, const Index* indices, int64_t count) {
  std::vector<std::shared_ptr<Column>> columns;
  for (const auto& column : batch.columns()) columns.push_back(take_rows(*column, indices, count));
  return Batch(std::move(columns), count);
}

}  // namespace

Batch take(const Batch& batch, const int64_t* indices, int64_t count) { return take_batch(batch, indices, count); }

Batch take(const Batch& batch, const int32_t* indices, int64_t count) { return take_batch(batch, indices, count); }

}  // namespace lode
