#include "lode/core/column.h"

#include <gtest/gtest.h>

#include <optional>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"

namespace lode {
namespace {

std::shared_ptr<Column> int_column(std::initializer_list<std::optional<int64_t>> values) {
  ColumnBuilder builder(TypeId::kInt64);
  for (auto value : values) {
    if (value) builder.append<int64_t>(*value);
    else builder.append_null();
  }
  return builder.finish();
}

TEST(ColumnTest, BuilderTracksNulls) {
  auto column = int_column({1, std::nullopt, 3});
  EXPECT_EQ(column->length(), 3);
  EXPECT_EQ(column->null_count(), 1);
  EXPECT_TRUE(column->is_valid(0));
  EXPECT_TRUE(column->is_null(1));
  EXPECT_EQ(column->values<int64_t>()[2], 3);
  EXPECT_EQ(column->values<int64_t>()[1], 0);  // null slots are zeroed
}

TEST(ColumnTest, NoValidityBitmapWithoutNulls) {
  auto column = int_column({1, 2, 3});
  EXPECT_EQ(column->null_count(), 0);
  EXPECT_EQ(column->validity_bits(), nullptr);
}

TEST(ColumnTest, StringsAndBools) {
  ColumnBuilder strings(TypeId::kString);
  strings.append_string("héllo");
  strings.append_null();
  strings.append_string("");
  auto text = strings.finish();
  EXPECT_EQ(text->string_at(0), "héllo");
  EXPECT_TRUE(text->is_null(1));
  EXPECT_EQ(text->string_at(2), "");
  EXPECT_EQ(text->string_offsets()[3], 6);

  ColumnBuilder bools(TypeId::kBool);
  for (int i = 0; i < 20; ++i) bools.append_bool(i % 3 == 0);
  auto flags = bools.finish();
  for (int i = 0; i < 20; ++i) EXPECT_EQ(flags->bool_at(i), i % 3 == 0);
}

TEST(ColumnTest, SliceSharesBuffersAndKeepsNulls) {
  ColumnBuilder builder(TypeId::kString);
  for (int i = 0; i < 100; ++i) {
    if (i % 10 == 0) builder.append_null();
    else builder.append_string("v" + std::to_string(i));
  }
  auto column = builder.finish();
  auto slice = column->slice(15, 20);
  EXPECT_EQ(slice->values_buffer(), column->values_buffer());
  EXPECT_EQ(slice->length(), 20);
  EXPECT_EQ(slice->null_count(), 2);  // rows 20 and 30
  EXPECT_EQ(slice->string_at(0), "v15");
  EXPECT_TRUE(slice->is_null(5));
  EXPECT_THROW(column->slice(90, 20), InternalError);
}

TEST(ColumnTest, ConcatenateJoinsSlicesOfEveryLayout) {
  auto ints = int_column({1, std::nullopt, 3, 4});
  auto joined = concatenate({ints->slice(1, 3), ints->slice(0, 2)});
  ASSERT_EQ(joined->length(), 5);
  EXPECT_TRUE(joined->is_null(0));
  EXPECT_EQ(joined->values<int64_t>()[1], 3);
  EXPECT_EQ(joined->values<int64_t>()[3], 1);
  EXPECT_TRUE(joined->is_null(4));
  EXPECT_EQ(joined->null_count(), 2);

  ColumnBuilder strings(TypeId::kString);
  for (const char* text : {"a", "bb", "ccc"}) strings.append_string(text);
  auto text = strings.finish();
  auto joined_text = concatenate({text->slice(1, 2), text});
  ASSERT_EQ(joined_text->length(), 5);
  EXPECT_EQ(joined_text->string_at(0), "bb");
  EXPECT_EQ(joined_text->string_at(1), "ccc");
  EXPECT_EQ(joined_text->string_at(2), "a");
  EXPECT_EQ(joined_text->null_count(), 0);

  ColumnBuilder bools(TypeId::kBool);
  for (int i = 0; i < 11; ++i) bools.append_bool(i % 2 == 0);
  auto flags = bools.finish();
  auto joined_flags = concatenate({flags->slice(3, 5), flags});
  EXPECT_FALSE(joined_flags->bool_at(0));
  EXPECT_TRUE(joined_flags->bool_at(1));
  EXPECT_TRUE(joined_flags->bool_at(5));
}

TEST(ColumnTest, BuildingIsAccountedAndReleased) {
  MemoryManager manager(1 << 20);
  {
    ColumnBuilder builder(TypeId::kInt64, manager);
    for (int i = 0; i < 1000; ++i) builder.append<int64_t>(i);
    auto column = builder.finish();
    EXPECT_GE(manager.used_bytes(), 8000);
  }
  EXPECT_EQ(manager.used_bytes(), 0);
  ColumnBuilder builder(TypeId::kInt64, manager);
  EXPECT_THROW(
      for (int i = 0; i < 1000000; ++i) builder.append<int64_t>(i), OutOfMemoryError);
}

}  // namespace
}  // namespace lode
