#include "lode/core/data_type.h"

#include <gtest/gtest.h>

#include "lode/core/error.h"

namespace lode {
namespace {

TEST(DataTypeTest, NamesRoundTripThroughParse) {
  std::vector<DataType> types = {TypeId::kBool,    TypeId::kInt8,    TypeId::kInt16,  TypeId::kInt32,
                                 TypeId::kInt64,   TypeId::kUInt8,   TypeId::kUInt16, TypeId::kUInt32,
                                 TypeId::kUInt64,  TypeId::kFloat32, TypeId::kFloat64, TypeId::kString,
                                 TypeId::kDate32,  DataType::timestamp(), DataType::timestamp("Europe/Oslo"),
                                 DataType::decimal128(10, 2), DataType::decimal128(38, 0)};
  for (const auto& type : types) EXPECT_EQ(DataType::parse(type.name()), type) << type.name();
  EXPECT_EQ(DataType::decimal128(10, 2).name(), "decimal128(10, 2)");
  EXPECT_EQ(DataType::timestamp("UTC").name(), "timestamp[us, UTC]");
}

TEST(DataTypeTest, WidthsMatchTheArrowLayout) {
  EXPECT_EQ(DataType(TypeId::kInt16).byte_width(), 2);
  EXPECT_EQ(DataType(TypeId::kDate32).byte_width(), 4);
  EXPECT_EQ(DataType::timestamp().byte_width(), 8);
  EXPECT_EQ(DataType::decimal128(5, 1).byte_width(), 16);
  EXPECT_EQ(DataType(TypeId::kBool).byte_width(), 0);
}

TEST(DataTypeTest, UnknownNameSuggestsACloseOne) {
  try {
    DataType::parse("flot64");
    FAIL();
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.what()).find("did you mean 'float64'"), std::string::npos) << error.what();
  }
}

TEST(DataTypeTest, DecimalBoundsAreChecked) {
  EXPECT_THROW(DataType::decimal128(39, 0), InvalidInputError);
  EXPECT_THROW(DataType::decimal128(5, 6), InvalidInputError);
  EXPECT_THROW(DataType::decimal128(0, 0), InvalidInputError);
}

}  // namespace
}  // namespace lode
