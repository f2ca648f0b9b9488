#include <gtest/gtest.h>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/table.h"
#include "lode/io/memory_source.h"
#include "lode/sql/binder.h"

namespace lode::sql {
namespace {

plan::PlanPtr table_of(const std::vector<std::string>& names) {
  std::vector<std::shared_ptr<Column>> columns;
  for (size_t i = 0; i < names.size(); ++i) {
    ColumnBuilder builder(TypeId::kInt64);
    builder.append<int64_t>(1);
    columns.push_back(builder.finish());
  }
  return plan::scan(std::make_shared<io::MemorySource>(Table::from_columns(names, std::move(columns))));
}

class BinderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_.add("t", table_of({"a", "b"}));
    catalog_.add("u", table_of({"a", "c"}));
  }
  MapCatalog catalog_;
};

TEST_F(BinderTest, OutputNamesAndTypes) {
  const auto plan = plan_sql("SELECT a, b + 1 AS b1, count(*) FROM t GROUP BY a, b", catalog_);
  EXPECT_EQ(plan->schema.names(), (std::vector<std::string>{"a", "b1", "count_star()"}));
  EXPECT_EQ(plan->schema.field(2).type.id, TypeId::kInt64);
}

TEST_F(BinderTest, JoinsKeepBothSidesAndUsingMergesKeys) {
  EXPECT_EQ(plan_sql("SELECT * FROM t JOIN u ON t.a = u.a", catalog_)->schema.names(),
            (std::vector<std::string>{"a", "b", "a_1", "c"}));
  EXPECT_EQ(plan_sql("SELECT * FROM t JOIN u USING (a)", catalog_)->schema.names(),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(plan_sql("SELECT * FROM t FULL JOIN u USING (a)", catalog_)->kind, plan::PlanKind::kProject);
}

TEST_F(BinderTest, AGroupedQueryIsAnAggregateUnderAProjection) {
  const auto plan = plan_sql("SELECT a, sum(b) * 2 FROM t GROUP BY a HAVING count(*) > 1", catalog_);
  ASSERT_EQ(plan->kind, plan::PlanKind::kProject);
  ASSERT_EQ(plan->inputs[0]->kind, plan::PlanKind::kFilter);
  EXPECT_EQ(plan->inputs[0]->inputs[0]->kind, plan::PlanKind::kAggregate);
}

TEST_F(BinderTest, ErrorsNameThePositionAndSuggest) {
  try {
    plan_sql("SELECT a,\n  bb FROM t", catalog_);
    FAIL() << "no error";
  } catch (const SchemaError& error) {
    EXPECT_EQ(error.message(), "unknown column bb; did you mean b?");
    EXPECT_EQ(error.context().line, 2);
    EXPECT_EQ(error.context().text_column, 3);
  }
  EXPECT_THROW(plan_sql("SELECT * FROM tt", catalog_), SchemaError);
  EXPECT_THROW(plan_sql("SELECT a FROM t JOIN u ON t.a = u.a", catalog_), InvalidInputError);  // ambiguous
  EXPECT_THROW(plan_sql("SELECT b FROM t GROUP BY a", catalog_), InvalidInputError);
  EXPECT_THROW(plan_sql("SELECT * FROM t ASOF JOIN u ON t.a >= u.a", catalog_), NotSupportedError);
}

}  // namespace
}  // namespace lode::sql
