// List and struct columns: types, slicing, concatenation, gathering and
// their text, checked through the values they hold.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "lode/core/column.h"
#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/take.h"
#include "lode/core/value_text.h"

namespace lode {
namespace {

std::shared_ptr<Column> ints(std::initializer_list<std::optional<int64_t>> values) {
  ColumnBuilder builder(TypeId::kInt64);
  for (auto value : values) {
    if (value) builder.append<int64_t>(*value);
    else builder.append_null();
  }
  return builder.finish();
}

std::shared_ptr<Column> strings(std::initializer_list<const char*> values) {
  ColumnBuilder builder(TypeId::kString);
  for (const char* value : values) {
    if (value) builder.append_string(value);
    else builder.append_null();
  }
  return builder.finish();
}

std::shared_ptr<Buffer> offsets(std::initializer_list<int64_t> values) {
  auto buffer = Buffer::allocate(static_cast<int64_t>(values.size()) * 8);
  int64_t* out = buffer->data_as<int64_t>();
  for (int64_t value : values) *out++ = value;
  return buffer;
}

std::shared_ptr<Buffer> validity(std::initializer_list<bool> valid) {
  auto buffer = Buffer::allocate(bitmap::num_bytes(static_cast<int64_t>(valid.size())), true);
  int64_t row = 0;
  for (bool value : valid) bitmap::set_to(buffer->data(), row++, value);
  return buffer;
}

// [[1, 2], null, [], [3, null]]
std::shared_ptr<Column> sample_lists() {
  return Column::make_list(DataType::list(TypeId::kInt64), 4, offsets({0, 2, 2, 2, 4}), ints({1, 2, 3, std::nullopt}),
                           validity({true, false, true, true}));
}

// [{'a': 1, 'b': x}, null, {'a': NULL, 'b': z}]
std::shared_ptr<Column> sample_structs() {
  DataType type = DataType::struct_of({"a", "b"}, {TypeId::kInt64, TypeId::kString});
  return Column::make_struct(type, 3, {ints({1, 2, std::nullopt}), strings({"x", "y", "z"})},
                             validity({true, false, true}));
}

std::vector<std::string> texts(const Column& column) {
  std::vector<std::string> result;
  for (int64_t row = 0; row < column.length(); ++row) {
    std::string text;
    if (column.is_null(row)) text = "null";
    else append_value_text(column, row, text);
    result.push_back(text);
  }
  return result;
}

TEST(NestedColumnTest, TypeNamesRoundTrip) {
  DataType type = DataType::struct_of({"id", "tags"}, {TypeId::kInt32, DataType::list(TypeId::kString)});
  EXPECT_EQ(type.name(), "struct<id: int32, tags: list<string>>");
  EXPECT_EQ(DataType::parse(type.name()), type);
  EXPECT_EQ(DataType::parse("list<list<decimal128(10, 2)>>"), DataType::list(DataType::list(DataType::decimal128(10, 2))));
  EXPECT_TRUE(type.is_nested());
  EXPECT_FALSE(type.is_fixed_width());
  EXPECT_THROW(DataType::struct_of({"a", "a"}, {TypeId::kInt32, TypeId::kInt32}), InvalidInputError);
  EXPECT_THROW(DataType::parse("struct<a>"), InvalidInputError);
}

TEST(NestedColumnTest, ListsHoldTheirElementsAndSlice) {
  auto lists = sample_lists();
  EXPECT_EQ(lists->null_count(), 1);
  EXPECT_EQ(texts(*lists), (std::vector<std::string>{"[1, 2]", "null", "[]", "[3, NULL]"}));
  auto tail = lists->slice(2, 2);
  EXPECT_EQ(texts(*tail), (std::vector<std::string>{"[]", "[3, NULL]"}));
  EXPECT_GT(lists->memory_bytes(), lists->list_elements()->memory_bytes());
}

TEST(NestedColumnTest, StructFieldsFollowTheStructsRows) {
  auto structs = sample_structs();
  EXPECT_EQ(texts(*structs), (std::vector<std::string>{"{'a': 1, 'b': x}", "null", "{'a': NULL, 'b': z}"}));
  auto tail = structs->slice(1, 2);
  EXPECT_EQ(tail->field(1)->string_at(1), "z");
  EXPECT_EQ(texts(*tail), (std::vector<std::string>{"null", "{'a': NULL, 'b': z}"}));
}

TEST(NestedColumnTest, TakeGathersElementsAndFields) {
  auto lists = sample_lists();
  const int64_t picks[] = {3, -1, 0, 0};
  EXPECT_EQ(texts(*take(*lists, picks, 4)), (std::vector<std::string>{"[3, NULL]", "null", "[1, 2]", "[1, 2]"}));
  auto structs = sample_structs()->slice(1, 2);
  const int32_t struct_picks[] = {1, 0};
  EXPECT_EQ(texts(*take(*structs, struct_picks, 2)), (std::vector<std::string>{"{'a': NULL, 'b': z}", "null"}));
}

TEST(NestedColumnTest, ConcatenateShiftsOffsets) {
  auto lists = sample_lists();
  auto joined = concatenate({lists->slice(3, 1), lists->slice(0, 2), lists});
  EXPECT_EQ(texts(*joined), (std::vector<std::string>{"[3, NULL]", "[1, 2]", "null", "[1, 2]", "null", "[]",
                                                      "[3, NULL]"}));
  auto structs = concatenate({sample_structs()->slice(2, 1), sample_structs()});
  EXPECT_EQ(texts(*structs)[0], "{'a': NULL, 'b': z}");
  EXPECT_EQ(texts(*structs)[1], "{'a': 1, 'b': x}");
}

TEST(NestedColumnTest, MismatchedPartsAreRefused) {
  EXPECT_THROW(Column::make_list(DataType::list(TypeId::kInt32), 1, offsets({0, 1}), ints({1})), InternalError);
  EXPECT_THROW(Column::make_list(DataType::list(TypeId::kInt64), 1, offsets({0, 5}), ints({1})), InternalError);
  EXPECT_THROW(Column::make_struct(DataType::struct_of({"a"}, {TypeId::kInt64}), 3, {ints({1})}), InternalError);
}

}  // namespace
}  // namespace lode
