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

}  // namespace
}  // namespace lode::exec
