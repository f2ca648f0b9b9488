#include <gtest/gtest.h>

#include <optional>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {
namespace {

Batch int_batch(std::initializer_list<std::optional<int64_t>> a, std::initializer_list<std::optional<int64_t>> b) {
  auto build = [](std::initializer_list<std::optional<int64_t>> values) {
    ColumnBuilder builder(TypeId::kInt64);
    for (auto value : values) {
      if (value) builder.append<int64_t>(*value);
      else builder.append_null();
    }
    return builder.finish();
  };
  auto left = build(a);
  return Batch({left, build(b)}, left->length());
}

std::shared_ptr<Column> run(const plan::ExprPtr& expr, const Batch& batch) {
  Schema schema({{"a", TypeId::kInt64}, {"b", TypeId::kInt64}});
  return evaluate(*plan::bind_expr(expr, schema), batch);
}

TEST(KernelsTest, IntegerDivisionByZeroIsNullAndFloorsLikePython) {
  Batch batch = int_batch({7, -7, 7, INT64_MIN, std::nullopt}, {2, 2, 0, -1, 1});
  auto quotient = run(plan::call("floor_divide", {plan::column("a"), plan::column("b")}), batch);
  EXPECT_EQ(quotient->values<int64_t>()[0], 3);
  EXPECT_EQ(quotient->values<int64_t>()[1], -4);
  EXPECT_TRUE(quotient->is_null(2));
  EXPECT_EQ(quotient->values<int64_t>()[3], INT64_MIN);  // wraps
  EXPECT_TRUE(quotient->is_null(4));
  auto remainder = run(plan::call("modulo", {plan::column("a"), plan::column("b")}), batch);
  EXPECT_EQ(remainder->values<int64_t>()[1], 1);
  EXPECT_TRUE(remainder->is_null(2));
}

TEST(KernelsTest, AdditionWrapsOnOverflow) {
  Batch batch = int_batch({INT64_MAX}, {1});
  auto sum = run(plan::call("add", {plan::column("a"), plan::column("b")}), batch);
  EXPECT_EQ(sum->values<int64_t>()[0], INT64_MIN);
}

TEST(KernelsTest, StrictCastNamesTheValue) {
  ColumnBuilder builder(TypeId::kString);
  builder.append_string("12");
  builder.append_string("twelve");
  auto text = builder.finish();
  try {
    cast_column(*text, TypeId::kInt32, true);
    FAIL();
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.what()).find("'twelve'"), std::string::npos);
    EXPECT_EQ(error.context().row, 1);
  }
  auto lenient = cast_column(*text, TypeId::kInt32, false);
  EXPECT_EQ(lenient->values<int32_t>()[0], 12);
  EXPECT_TRUE(lenient->is_null(1));
}

TEST(KernelsTest, ComparisonWithConstantAndNulls) {
  Batch batch = int_batch({1, 5, std::nullopt}, {0, 0, 0});
  auto result = run(plan::call("greater", {plan::column("a"), plan::literal(Scalar::int64(2))}), batch);
  EXPECT_FALSE(result->bool_at(0));
  EXPECT_TRUE(result->bool_at(1));
  EXPECT_TRUE(result->is_null(2));
}

std::shared_ptr<Column> run_on_text(const plan::ExprPtr& expr, std::initializer_list<std::optional<std::string>> rows) {
  ColumnBuilder builder(TypeId::kString);
  for (const auto& row : rows) {
    if (row) builder.append_string(*row);
    else builder.append_null();
  }
  auto text = builder.finish();
  Schema schema({{"s", TypeId::kString}});
  return evaluate(*plan::bind_expr(expr, schema), Batch({text}, text->length()));
}

TEST(KernelsTest, EveryScalarFunctionHasAKernel) {
  // (A missing entry fails registry.cpp's static_assert; a null one fails here.)
  for (const auto& function : plan::scalar_functions()) EXPECT_NE(kernel_for(function.id), nullptr) << function.name;
}

TEST(KernelsTest, RegularExpressionsUseTheBoundPattern) {
  auto pattern = [](const char* text) { return plan::literal(Scalar::string(text)); };
  auto matches = run_on_text(plan::call("contains_regex", {plan::column("s"), pattern("(?i)^ab")}),
                             {"ABc", "cab", std::nullopt});
  EXPECT_TRUE(matches->bool_at(0));
  EXPECT_FALSE(matches->bool_at(1));
  EXPECT_TRUE(matches->is_null(2));
  auto swapped = run_on_text(
      plan::call("replace_all_regex", {plan::column("s"), pattern(R"((\w)(\d))"), pattern("$2$1")}),
      {"a1 b2", "none", std::nullopt});
  EXPECT_EQ(swapped->string_at(0), "1a 2b");
  EXPECT_EQ(swapped->string_at(1), "none");
  EXPECT_TRUE(swapped->is_null(2));
  auto null_pattern = run_on_text(
      plan::call("contains_regex", {plan::column("s"), plan::literal(Scalar::null(TypeId::kString))}), {"a"});
  EXPECT_TRUE(null_pattern->is_null(0));
}

TEST(KernelsTest, MathAndRoundingKeepTheirTypes) {
  Batch batch = int_batch({4, 9}, {0, 0});
  auto root = run(plan::call("sqrt", {plan::column("a")}), batch);
  EXPECT_EQ(root->type(), DataType(TypeId::kFloat64));
  EXPECT_DOUBLE_EQ(root->values<double>()[1], 3.0);
  auto floored = run(plan::call("floor", {plan::column("a")}), batch);
  EXPECT_EQ(floored->type(), DataType(TypeId::kInt64));  // integers pass through
  auto rounded = run(plan::call("round", {plan::call("divide", {plan::column("a"), plan::literal(Scalar::int64(3))}),
                                          plan::literal(Scalar::int64(2))}),
                     batch);
  EXPECT_DOUBLE_EQ(rounded->values<double>()[0], 1.33);
}

TEST(KernelsTest, GreatestAndLeastSkipNullsOnSlicedColumns) {
  // A slice that starts mid-byte checks that values and validity follow the offset.
  Batch batch = int_batch({0, 0, 0, 5, std::nullopt, std::nullopt, -2, 9, 1, 2, 3},
                          {0, 0, 0, 7, 4, std::nullopt, -3, std::nullopt, 1, 2, 3}).slice(3, 5);
  auto largest = run(plan::call("greatest", {plan::column("a"), plan::column("b")}), batch);
  auto smallest = run(plan::call("least", {plan::column("a"), plan::column("b"), plan::literal(Scalar::int64(6))}),
                      batch);
  ASSERT_EQ(largest->length(), 5);
  EXPECT_EQ(largest->values<int64_t>()[0], 7);
  EXPECT_EQ(largest->values<int64_t>()[1], 4);
  EXPECT_TRUE(largest->is_null(2));
  EXPECT_EQ(largest->values<int64_t>()[3], -2);
  EXPECT_EQ(largest->values<int64_t>()[4], 9);
  EXPECT_EQ(smallest->values<int64_t>()[0], 5);
  EXPECT_EQ(smallest->values<int64_t>()[2], 6);  // only the constant is valid
  EXPECT_EQ(smallest->values<int64_t>()[3], -3);
}

TEST(KernelsTest, StringFunctionsTakeColumnArgumentsAndCountCodePoints) {
  ColumnBuilder text_builder(TypeId::kString), needle_builder(TypeId::kString);
  ColumnBuilder count_builder(TypeId::kInt32);
  for (const char* text : {"skip", "héllo", "日本語", "", "x"}) text_builder.append_string(text);
  for (const char* needle : {"", "l", "語", "", "y"}) needle_builder.append_string(needle);
  for (int32_t count : {0, 2, -1, 3, 0}) count_builder.append<int32_t>(count);
  count_builder.append_null();
  text_builder.append_string("z");
  needle_builder.append_string("z");
  const int64_t rows = 6;
  Batch batch = Batch({text_builder.finish(), needle_builder.finish(), count_builder.finish()}, rows).slice(1, 5);
  Schema schema({{"s", TypeId::kString}, {"needle", TypeId::kString}, {"n", TypeId::kInt32}});
  auto eval = [&](const plan::ExprPtr& expr) { return evaluate(*plan::bind_expr(expr, schema), batch); };
  auto positions = eval(plan::call("strpos", {plan::column("s"), plan::column("needle")}));
  EXPECT_EQ(positions->values<int64_t>()[0], 3);
  EXPECT_EQ(positions->values<int64_t>()[1], 3);
  EXPECT_EQ(positions->values<int64_t>()[2], 1);  // the empty text holds the empty needle
  EXPECT_EQ(positions->values<int64_t>()[3], 0);
  auto heads = eval(plan::call("str_head", {plan::column("s"), plan::column("n")}));
  EXPECT_EQ(heads->string_at(0), "hé");
  EXPECT_EQ(heads->string_at(1), "日本");
  EXPECT_EQ(heads->string_at(2), "");
  EXPECT_EQ(heads->string_at(3), "");
  EXPECT_TRUE(heads->is_null(4));
  auto padded = eval(plan::call("pad_start", {plan::column("s"), plan::column("n"), plan::column("needle")}));
  EXPECT_EQ(padded->string_at(0), "hé");
  EXPECT_EQ(padded->string_at(2), "");  // an empty fill leaves the text as it is
  EXPECT_TRUE(padded->is_null(4));
}

TEST(KernelsTest, TemporalUnitsTruncateAndCountBoundaries) {
  auto date = [](int32_t days) {
    Scalar value;
    value.type = TypeId::kDate32;
    value.integer = days;
    return plan::literal(value);
  };
  auto unit = [](const char* name) { return plan::literal(Scalar::string(name)); };
  Batch batch = int_batch({0}, {0});
  // 1969-12-31 (day -1) is a Wednesday: its ISO week starts on Monday 1969-12-29.
  auto week = run(plan::call("truncate", {unit("week"), date(-1)}), batch);
  EXPECT_EQ(week->type(), DataType(TypeId::kDate32));
  EXPECT_EQ(week->values<int32_t>()[0], -3);
  auto as_timestamp = run(plan::call("date_trunc", {unit("Quarter"), date(-1)}), batch);
  EXPECT_EQ(as_timestamp->type().id, TypeId::kTimestamp);
  EXPECT_EQ(as_timestamp->values<int64_t>()[0], -92 * int64_t{86400000000});  // 1969-10-01
  auto months = run(plan::call("date_diff", {unit("months"), date(-1), date(0)}), batch);
  EXPECT_EQ(months->values<int64_t>()[0], 1);
  try {
    run(plan::call("date_diff", {unit("fortnight"), date(-1), date(0)}), batch);
    FAIL();
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.what()).find("the units are year, quarter"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace lode::exec
