#include "lode/exec/string_ids.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "lode/core/column_builder.h"

namespace lode::exec {
namespace {

// Short (packed) and long strings share one id space, numbered in order of
// first appearance across batches; nulls get no id; the word table grows.
TEST(StringIdsTest, NumbersStringsInOrderOfFirstAppearanceAcrossBatches) {
  StringIds string_ids;
  std::map<std::string, int64_t> expected;
  for (int batch = 0; batch < 3; ++batch) {
    ColumnBuilder builder(TypeId::kString);
    std::vector<std::string> values;
    for (int i = 0; i < 2000; ++i) {
      const int value = (i * 7 + batch * 300) % 1500;
      // Lengths 0 to 12: both sides of the 7-byte packing, "" included.
      std::string text = std::to_string(value) + std::string(value % 13 < 4 ? 0 : value % 13 - 3, 'x');
      if (value == 5) text.clear();
      if (i % 97 == 0) {
        builder.append_null();
        values.push_back("<null>");
      } else {
        builder.append_string(text);
        values.push_back(text);
      }
    }
    auto column = builder.finish();
    std::vector<int64_t> ids(column->length(), -1);
    const int64_t count = string_ids.map(*column, ids.data());
    for (size_t row = 0; row < values.size(); ++row) {
      if (values[row] == "<null>") {
        EXPECT_EQ(ids[row], -1) << row;
        continue;
      }
      auto [at, added] = expected.try_emplace(values[row], static_cast<int64_t>(expected.size()));
      EXPECT_EQ(ids[row], at->second) << values[row];
    }
    EXPECT_EQ(count, static_cast<int64_t>(expected.size()));
  }
  EXPECT_GT(expected.size(), 1000u);
}

}  // namespace
}  // namespace lode::exec
