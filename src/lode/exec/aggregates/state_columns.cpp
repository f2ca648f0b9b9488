#include "lode/exec/aggregates/state_columns.h"

#include <string>

#include "lode/core/bitmap.h"
#include "lode/core/error.h"

namespace lode::exec {

std::shared_ptr<Buffer> gather_validity(const uint8_t* valid, const uint32_t* groups, int64_t count) {
  auto bits = Buffer::allocate(bitmap::num_bytes(count), true);
  bool any_null = false;
  for (int64_t i = 0; i < count; ++i) {
    if (valid[groups[i]]) bitmap::set(bits->data(), i);
    else any_null = true;
  }
  return any_null ? bits : nullptr;
}

void check_state_columns(const std::vector<std::shared_ptr<Column>>& columns, const std::vector<DataType>& types,
                         int64_t count, size_t num_nullable) {
  LODE_CHECK(columns.size() == types.size(), "aggregate state needs " + std::to_string(types.size()) +
                                                 " columns, got " + std::to_string(columns.size()));
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& column = *columns[i];
    LODE_CHECK(column.type() == types[i], "aggregate state column " + std::to_string(i) + " should be " +
                                              types[i].name() + ", got " + column.type().name());
    LODE_CHECK(column.length() >= count, "aggregate state column " + std::to_string(i) + " has " +
                                             std::to_string(column.length()) + " rows, absorbing " +
                                             std::to_string(count));
    LODE_CHECK(i < num_nullable || column.null_count() == 0,
               "aggregate state column " + std::to_string(i) + " (" + types[i].name() + ") may not hold nulls");
  }
}

}  // namespace lode::exec
