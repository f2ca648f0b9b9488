#include <gtest/gtest.h>

#include <set>

#include "lode/core/error.h"
#include "lode/plan/expression.h"
#include "lode/plan/function_catalog.h"

namespace lode::plan {
namespace {

TEST(FunctionCatalogTest, EveryFunctionOnceWithADoc) {
  std::set<std::string_view> names;
  for (const auto& function : scalar_functions()) {
    EXPECT_TRUE(names.insert(function.name).second) << function.name;
    EXPECT_FALSE(function.doc.empty()) << function.name;
    EXPECT_EQ(&scalar_function(function.id), &function);
    EXPECT_EQ(&find_scalar_function(function.name), &function);
  }
  for (const auto& function : aggregate_functions()) {
    EXPECT_TRUE(names.insert(function.name).second) << function.name;
    EXPECT_FALSE(function.doc.empty()) << function.name;
    EXPECT_EQ(&find_aggregate_function(function.name), &aggregate_function(function.id));
  }
  EXPECT_EQ(names.size(), kNumScalarFunctions + kNumAggregateFunctions);
}

TEST(FunctionCatalogTest, UnknownNamesSuggest) {
  try {
    call("sqr", {column("a")});
    FAIL() << "no error";
  } catch (const InvalidInputError& error) {
    EXPECT_EQ(error.message(), "unknown function 'sqr'");
    EXPECT_EQ(error.context().hint, "did you mean 'sqrt'?");
  }
  EXPECT_THROW(aggregate("summ", {column("a")}), InvalidInputError);
  EXPECT_THROW(call("sum", {column("a")}), InvalidInputError);  // an aggregate, not a scalar
}

TEST(FunctionCatalogTest, CallsResolveOnceAndBindByTheirRules) {
  const Schema schema({{"a", TypeId::kInt32}, {"s", TypeId::kString}});
  ExprPtr sqrt_call = bind_expr(call("sqrt", {column("a")}), schema);
  ASSERT_NE(sqrt_call->function, nullptr);
  EXPECT_EQ(sqrt_call->function->id, ScalarFunctionId::kSqrt);
  EXPECT_EQ(sqrt_call->type, DataType(TypeId::kFloat64));
  ExprPtr sum = bind_expr(aggregate("sum", {column("a")}), schema);
  EXPECT_EQ(sum->aggregate_function->id, AggregateFunctionId::kSum);
  EXPECT_EQ(sum->type, DataType(TypeId::kInt64));
  EXPECT_EQ(bind_expr(call("add", {column("a"), literal(Scalar::int64(1))}), schema)->to_string(),
            "(col(\"a\") + 1)");
}

TEST(FunctionCatalogTest, ArityAndTypesAreChecked) {
  const Schema schema({{"a", TypeId::kInt32}, {"s", TypeId::kString}});
  try {
    bind_expr(call("add", {column("a")}), schema);
    FAIL() << "no error";
  } catch (const InvalidInputError& error) {
    EXPECT_EQ(error.message(), "'add' takes 2 arguments, got 1");
    EXPECT_EQ(error.context().expression, "col(\"a\").add()");
  }
  EXPECT_THROW(bind_expr(call("sqrt", {column("s")}), schema), InvalidInputError);
  EXPECT_THROW(bind_expr(call("contains", {column("s"), literal(Scalar::int64(1))}), schema), InvalidInputError);
  EXPECT_THROW(bind_expr(aggregate("corr", {column("a")}), schema), InvalidInputError);
}

TEST(FunctionCatalogTest, RegexPatternsCompileAtBindTime) {
  const Schema schema({{"s", TypeId::kString}});
  ExprPtr bound = bind_expr(call("contains_regex", {column("s"), literal(Scalar::string("(?i)ab+"))}), schema);
  ASSERT_NE(bound->function_data, nullptr);
  const auto& data = dynamic_cast<const RegexData&>(*bound->function_data);
  ASSERT_TRUE(data.regex.has_value());
  EXPECT_TRUE(data.regex->search("xABBB"));
  try {
    bind_expr(call("replace_regex", {column("s"), literal(Scalar::string("a[")), literal(Scalar::string("b"))}),
              schema);
    FAIL() << "no error";
  } catch (const InvalidInputError& error) {
    EXPECT_NE(error.message().find("invalid regular expression 'a['"), std::string::npos) << error.message();
    EXPECT_NE(error.context().expression.find("replace_regex"), std::string::npos);
  }
  EXPECT_THROW(bind_expr(call("contains_regex", {column("s"), column("s")}), schema), NotSupportedError);
}

}  // namespace
}  // namespace lode::plan
