#include "lode/exec/group_keys.h"

#include <cmath>
#include <cstring>

#include "lode/core/buffer.h"
#include "lode/core/column_builder.h"
#include "lode/exec/hashing.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

namespace {

int64_t fixed_key_width(const DataType& type) {
  if (type.id == TypeId::kBool) return 1;
  return type.byte_width();
}

// Writes a float so that equal numbers have equal bytes.
template <typename T>
T canonical_float(T value) {
  if (value == T(0)) return T(0);
  if (std::isnan(value)) return std::numeric_limits<T>::quiet_NaN();
  return value;
}

// Bytes kept after the encoded keys, so that a short string is written as
// two fixed 8-byte moves and a key hashed with hash_padded_bytes().
constexpr size_t kEncodedSlack = 16;

// A string key's part: validity byte, 4-byte length, the bytes; returns its
// size. `room` is how many bytes past the part's end may be written over
// (a later part or row writes them again): short strings then move as one
// or two fixed 8-byte words (a column's buffer keeps Buffer::kSlackBytes
// after its data) instead of a byte loop.
inline int64_t encode_string_part(uint8_t* at, const Column& column, bool has_nulls, int64_t row, int64_t room) {
  static_assert(Buffer::kSlackBytes >= 16 && kEncodedSlack >= 16);
  const int64_t* offsets = column.string_offsets();
  const bool valid = !has_nulls || column.is_valid(row);
  const uint32_t size = valid ? static_cast<uint32_t>(offsets[row + 1] - offsets[row]) : 0;
  at[0] = valid;
  std::memcpy(at + 1, &size, 4);
  const char* text = column.string_bytes() + offsets[row];
  if (size <= 16 && size + room >= 16) {
    std::memcpy(at + 5, text, 8);
    std::memcpy(at + 13, text + 8, 8);
  } else if (size <= 8 && size + room >= 8) {
    std::memcpy(at + 5, text, 8);
  } else if (size <= 8) {
    for (uint32_t i = 0; i < size; ++i) at[5 + i] = static_cast<uint8_t>(text[i]);  // no call for short keys
  } else {
    std::memcpy(at + 5, text, size);
  }
  return 5 + int64_t{size};
}

// hash_bytes() of the part encode_string_part() writes for a string
// (validity byte, 4-byte length, the `size` bytes at `text`), computed from
// the text: the first word is the 5 header bytes and 3 of the text, each
// next one 8 text bytes. Reads up to 8 bytes past the text (the slack).
inline uint64_t hash_string_part(uint8_t valid, uint32_t size, const char* text) {
  size_t left = 5 + size_t{size};
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (left * 0x100000001B3ULL);
  uint64_t head;
  std::memcpy(&head, text, 8);
  uint64_t word = uint64_t{valid} | uint64_t{size} << 8 | head << 40;
  const char* next = text + 3;
  while (left >= 8) {
    h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 29;
    left -= 8;
    std::memcpy(&word, next, 8);
    next += 8;
  }
  if (left > 0) {
    word &= ~uint64_t{0} >> (64 - 8 * left);  // little-endian: the first `left` bytes
    h = (h ^ word) * 0x94d049bb133111ebULL;
  }
  return mix64(h);
}

}  // namespace

uint64_t KeyEncoder::hash_of(std::string_view key) {
  return hash_collisions() ? kCollidingHash : hash_bytes(reinterpret_cast<const uint8_t*>(key.data()), key.size());
}

void KeyEncoder::append_string_part(std::string_view text, bool valid, std::vector<uint8_t>& out) {
  const auto size = static_cast<uint32_t>(valid ? text.size() : 0);
  out.push_back(valid);
  const auto* size_bytes = reinterpret_cast<const uint8_t*>(&size);
  out.insert(out.end(), size_bytes, size_bytes + 4);
  out.insert(out.end(), text.begin(), text.begin() + size);
}

void KeyEncoder::encode_string(const Column& column, int64_t num_rows) {
  const int64_t* offsets = column.string_offsets();
  bytes_.resize(static_cast<size_t>(5 * num_rows + offsets[num_rows] - offsets[0]) + kEncodedSlack);
  uint8_t* out = bytes_.data();
  const bool has_nulls = column.null_count() > 0;
  int64_t at = 0;
  const char* text = column.string_bytes();
  for (int64_t row = 0; row < num_rows; ++row) {
    offsets_[row] = at;
    const int64_t size = encode_string_part(out + at, column, has_nulls, row, kEncodedSlack);
    // From the column, not from `out`: a load of the bytes just stored would
    // wait for the stores to drain (they cannot be forwarded to it).
    hashes_[row] = hash_string_part(out[at], static_cast<uint32_t>(size - 5), text + offsets[row]);
    at += size;
  }
  offsets_[num_rows] = at;
}

void KeyEncoder::encode(const std::vector<std::shared_ptr<Column>>& keys, int64_t num_rows) {
  offsets_.resize(num_rows + 1);
  hashes_.resize(num_rows);
  if (keys.size() == 1 && key_types_[0].id == TypeId::kString) {
    encode_string(*keys[0], num_rows);
    if (hash_collisions()) std::fill(hashes_.begin(), hashes_.begin() + num_rows, kCollidingHash);
    return;
  }
  // Row sizes: fixed parts, plus string lengths.
  int64_t fixed = 0;
  bool any_string = false;
  for (const auto& type : key_types_) {
    if (type.id == TypeId::kString) {
      fixed += 5;
      any_string = true;
    } else {
      fixed += 1 + fixed_key_width(type);
    }
  }
  if (!any_string) {
    for (int64_t row = 0; row <= num_rows; ++row) offsets_[row] = row * fixed;
  } else {
    std::vector<int64_t> sizes(num_rows, fixed);
    for (size_t k = 0; k < keys.size(); ++k) {
      if (key_types_[k].id != TypeId::kString) continue;
      const Column& column = *keys[k];
      const int64_t* offsets = column.string_offsets();
      for (int64_t row = 0; row < num_rows; ++row) sizes[row] += offsets[row + 1] - offsets[row];
    }
    offsets_[0] = 0;
    for (int64_t row = 0; row < num_rows; ++row) offsets_[row + 1] = offsets_[row] + sizes[row];
  }
  bytes_.resize(offsets_[num_rows] + kEncodedSlack);
  uint8_t* out = bytes_.data();

  // Each column writes its part of every row; `position` tracks where. A
  // string part may write over the row's later parts (written after it),
  // and the first column's over the next rows too (written after it).
  std::vector<int64_t> position(offsets_.begin(), offsets_.end() - 1);
  int64_t later_parts = fixed;  // the least bytes of a row's parts after column k
  for (size_t k = 0; k < keys.size(); ++k) {
    const Column& column = *keys[k];
    const DataType& type = key_types_[k];
    const bool has_nulls = column.null_count() > 0;
    later_parts -= type.id == TypeId::kString ? 5 : 1 + fixed_key_width(type);
    if (type.id == TypeId::kString) {
      const int64_t room = k == 0 ? int64_t{kEncodedSlack} : later_parts;
      for (int64_t row = 0; row < num_rows; ++row)
        position[row] += encode_string_part(out + position[row], column, has_nulls, row, room);
    } else if (type.id == TypeId::kBool) {
      for (int64_t row = 0; row < num_rows; ++row) {
        const bool valid = !has_nulls || column.is_valid(row);
        out[position[row]] = valid;
        out[position[row] + 1] = valid && column.bool_at(row);
        position[row] += 2;
      }
    } else {
      visit_fixed_width(type, [&]<typename T>() {
        const T* values = column.values<T>();
        for (int64_t row = 0; row < num_rows; ++row) {
          const bool valid = !has_nulls || column.is_valid(row);
          T value = valid ? values[row] : T{};
          if constexpr (std::is_floating_point_v<T>) value = canonical_float(value);
          uint8_t* at = out + position[row];
          at[0] = valid;
          std::memcpy(at + 1, &value, sizeof(T));
          position[row] += 1 + sizeof(T);
        }
      });
    }
  }
  for (int64_t row = 0; row < num_rows; ++row)
    hashes_[row] = hash_padded_bytes(out + offsets_[row], static_cast<size_t>(offsets_[row + 1] - offsets_[row]));
  if (hash_collisions()) std::fill(hashes_.begin(), hashes_.begin() + num_rows, kCollidingHash);
}

namespace {

// The bytes each string key holds over all encoded keys (0 for the others),
// so that decoding reserves exactly what the strings need.
std::vector<int64_t> string_key_bytes(const std::vector<DataType>& key_types, const std::vector<std::string_view>& keys) {
  std::vector<int64_t> bytes(key_types.size(), 0);
  std::vector<int> widths(key_types.size(), 0);  // encoded bytes after the validity byte; -1: a string
  for (size_t k = 0; k < key_types.size(); ++k) {
    const DataType& type = key_types[k];
    if (type.id == TypeId::kString) widths[k] = -1;
    else if (type.id == TypeId::kBool) widths[k] = 1;
    else visit_fixed_width(type, [&]<typename T>() { widths[k] = sizeof(T); });
  }
  for (std::string_view key : keys) {
    const char* at = key.data();
    for (size_t k = 0; k < key_types.size(); ++k) {
      if (widths[k] >= 0) {
        at += 1 + widths[k];
        continue;
      }
      uint32_t size;
      std::memcpy(&size, at + 1, 4);
      bytes[k] += size;
      at += 5 + size;
    }
  }
  return bytes;
}

}  // namespace

std::vector<std::shared_ptr<Column>> KeyEncoder::decode(const std::vector<DataType>& key_types,
                                                        const std::vector<std::string_view>& keys) {
  std::vector<ColumnBuilder> builders;
  const std::vector<int64_t> string_bytes = string_key_bytes(key_types, keys);
  for (size_t k = 0; k < key_types.size(); ++k) {
    builders.emplace_back(key_types[k]);
    builders.back().reserve(keys.size(), string_bytes[k]);
  }
  for (std::string_view key : keys) {
    const auto* at = reinterpret_cast<const uint8_t*>(key.data());
    for (size_t k = 0; k < key_types.size(); ++k) {
      const DataType& type = key_types[k];
      const bool valid = at[0];
      if (type.id == TypeId::kString) {
        uint32_t size;
        std::memcpy(&size, at + 1, 4);
        if (valid) builders[k].append_string(std::string_view(reinterpret_cast<const char*>(at + 5), size));
        at += 5 + size;
      } else if (type.id == TypeId::kBool) {
        if (valid) builders[k].append_bool(at[1]);
        at += 2;
      } else {
        visit_fixed_width(type, [&]<typename T>() {
          T value;
          std::memcpy(&value, at + 1, sizeof(T));
          if (valid) builders[k].append<T>(value);
          at += 1 + sizeof(T);
        });
      }
      if (!valid) builders[k].append_null();
    }
  }
  std::vector<std::shared_ptr<Column>> columns;
  for (auto& builder : builders) columns.push_back(builder.finish());
  return columns;
}

}  // namespace lode::exec
