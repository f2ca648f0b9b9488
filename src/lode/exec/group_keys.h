#pragma once
// Row keys for grouping: each row's key columns serialized into bytes that
// compare equal exactly when the keys are equal (nulls equal each other, as
// group-by wants; -0.0 equals 0.0; all NaNs are one key), plus their hashes.
// Per key column: a validity byte, then the value's bytes (zeros for null),
// or for strings a uint32 length and the bytes. Written column at a time.
// An encoder is used by one thread; decode() rebuilds key columns.

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "lode/core/column.h"

namespace lode::exec {

class KeyEncoder {
 public:
  explicit KeyEncoder(std::vector<DataType> key_types) : key_types_(std::move(key_types)) {}

  /// Encodes the keys of rows [0, num_rows); keys holds one column per key type.
  void encode(const std::vector<std::shared_ptr<Column>>& keys, int64_t num_rows);

  std::string_view key(int64_t row) const {
    return {reinterpret_cast<const char*>(bytes_.data()) + offsets_[row], static_cast<size_t>(offsets_[row + 1] - offsets_[row])};
  }
  uint64_t hash(int64_t row) const { return hashes_[row]; }
  const std::vector<DataType>& key_types() const { return key_types_; }

  /// The hash encode() gives a row whose encoded key is `key`.
  static uint64_t hash_of(std::string_view key);
  /// Appends one string key's part as encode() writes it (validity byte,
  /// uint32 length, the bytes; a null has length 0) to `out`.
  static void append_string_part(std::string_view text, bool valid, std::vector<uint8_t>& out);

  /// Rebuilds key columns from encoded keys (one per group, in order).
  static std::vector<std::shared_ptr<Column>> decode(const std::vector<DataType>& key_types,
                                                     const std::vector<std::string_view>& keys);

 private:
  // One string key, the common case, in one pass: bytes, offsets and hash.
  void encode_string(const Column& column, int64_t num_rows);

  std::vector<DataType> key_types_;
  std::vector<uint8_t> bytes_;
  std::vector<int64_t> offsets_;
  std::vector<uint64_t> hashes_;
};

}  // namespace lode::exec
