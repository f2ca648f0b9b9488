#pragma once
// What the aggregate states share to move per-group state into columns
// (extract) and back (absorb): a gather of per-group values into a
// fixed-width column, and the check that absorbed columns have the layout
// state_types() promised. Called by the thread that owns the state.

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "lode/core/column.h"

namespace lode::exec {

/// Returns the validity bitmap of `count` rows, row i valid where
/// valid[groups[i]] != 0, or nullptr when every row is valid.
std::shared_ptr<Buffer> gather_validity(const uint8_t* valid, const uint32_t* groups, int64_t count);

/// Returns a column of `type` (physical type T) whose row i is
/// values[groups[i]], null where `valid` (one byte per group; nullptr: all
/// valid) is 0.
template <typename T>
std::shared_ptr<Column> gather_state(const DataType& type, const T* values, const uint8_t* valid,
                                     const uint32_t* groups, int64_t count) {
  auto buffer = Buffer::allocate(count * static_cast<int64_t>(sizeof(T)));
  T* out = buffer->data_as<T>();
  for (int64_t i = 0; i < count; ++i) std::memcpy(out + i, values + groups[i], sizeof(T));
  return std::make_shared<Column>(type, count, buffer, valid ? gather_validity(valid, groups, count) : nullptr);
}

/// Checks (InternalError) that `columns` have `types` and at least `count`
/// rows, and that only the first `num_nullable` of them hold nulls.
void check_state_columns(const std::vector<std::shared_ptr<Column>>& columns, const std::vector<DataType>& types,
                         int64_t count, size_t num_nullable);

}  // namespace lode::exec
