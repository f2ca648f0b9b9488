#include "lode/core/table.h"

#include <gtest/gtest.h>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"

namespace lode {
namespace {

std::shared_ptr<Column> sequence(int64_t from, int64_t count) {
  ColumnBuilder builder(TypeId::kInt32);
  for (int64_t i = 0; i < count; ++i) builder.append<int32_t>(static_cast<int32_t>(from + i));
  return builder.finish();
}

Table two_batch_table() {
  Schema schema({{"x", TypeId::kInt32}});
  return Table(schema, {Batch({sequence(0, 5)}, 5), Batch({sequence(5, 5)}, 5)});
}

TEST(TableTest, SliceCrossesBatchesWithoutCopying) {
  Table table = two_batch_table();
  auto slice = table.slice(3, 4);
  EXPECT_EQ(slice->num_rows(), 4);
  ASSERT_EQ(slice->batches().size(), 2u);
  EXPECT_EQ(slice->batches()[0].column(0)->values_buffer(), table.batches()[0].column(0)->values_buffer());
  auto column = slice->column(0);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(column->values<int32_t>()[i], 3 + i);
  EXPECT_EQ(table.slice(8, 100)->num_rows(), 2);
  EXPECT_EQ(table.slice(100, 5)->num_rows(), 0);
}

TEST(TableTest, UnknownColumnSuggestsAName) {
  auto table = Table::from_columns({"price", "amount"}, {sequence(0, 3), sequence(0, 3)});
  try {
    table->select({"prise"});
    FAIL();
  } catch (const SchemaError& error) {
    EXPECT_EQ(error.context().column, "prise");
    EXPECT_NE(std::string(error.what()).find("did you mean 'price'"), std::string::npos);
  }
}

TEST(TableTest, RejectsDuplicateNamesAndRaggedColumns) {
  EXPECT_THROW(Table::from_columns({"a", "a"}, {sequence(0, 3), sequence(0, 3)}), SchemaError);
  EXPECT_THROW(Table::from_columns({"a", "b"}, {sequence(0, 3), sequence(0, 4)}), InvalidInputError);
}

TEST(TableTest, CombineBatchesAndMemory) {
  Table table = two_batch_table();
  auto combined = table.combine_batches();
  ASSERT_EQ(combined->batches().size(), 1u);
  EXPECT_EQ(combined->column(0)->values<int32_t>()[7], 7);
  EXPECT_GT(table.memory_bytes(), 0);
  // A slice shares its buffers, so it counts them once.
  EXPECT_EQ(table.slice(0, 10)->memory_bytes(), table.memory_bytes());
}

}  // namespace
}  // namespace lode
