#include "lode/plan/optimizer.h"

#include <gtest/gtest.h>

#include "lode/core/column_builder.h"
#include "lode/exec/executor.h"
#include "lode/io/memory_source.h"

namespace lode::plan {
namespace {

PlanPtr three_column_scan() {
  std::vector<std::shared_ptr<Column>> columns;
  for (int c = 0; c < 3; ++c) {
    ColumnBuilder builder(TypeId::kInt64);
    for (int64_t i = 0; i < 10; ++i) builder.append<int64_t>(i * (c + 1));
    columns.push_back(builder.finish());
  }
  return scan(std::make_shared<io::MemorySource>(Table::from_columns({"a", "b", "c"}, columns)));
}

TEST(OptimizerTest, PushesFiltersIntoTheScanAndPrunesColumns) {
  PlanPtr plan = project(filter(three_column_scan(), call("greater", {column("a"), literal(Scalar::int64(4))})),
                         {column("b")});
  PlanPtr optimized = exec::optimize_plan(plan);
  ASSERT_EQ(optimized->kind, PlanKind::kProject);
  const PlanNode& scan_node = *optimized->inputs[0];
  ASSERT_EQ(scan_node.kind, PlanKind::kScan);
  EXPECT_EQ(scan_node.scan_columns, (std::vector<int>{0, 1}));
  ASSERT_EQ(scan_node.scan_filters.size(), 1u);
  auto result = exec::execute(optimized);
  EXPECT_EQ(result->num_rows(), 5);
  EXPECT_EQ(result->column(0)->values<int64_t>()[0], 10);
}

TEST(OptimizerTest, FoldsConstantsAndFusesTopK) {
  PlanPtr plan = limit(sort(project(three_column_scan(),
                                    {alias(call("multiply", {literal(Scalar::int64(2)), literal(Scalar::int64(3))}), "six"),
                                     column("a")}),
                            {column("a")}, {true}, {}),
                       0, 3);
  PlanPtr optimized = exec::optimize_plan(plan);
  EXPECT_EQ(optimized->kind, PlanKind::kSort);
  EXPECT_EQ(optimized->limit, 3);
  EXPECT_NE(optimized->to_string().find("6"), std::string::npos) << optimized->to_string();
  auto result = exec::execute(optimized);
  ASSERT_EQ(result->num_rows(), 3);
  EXPECT_EQ(result->column(1)->values<int64_t>()[0], 9);
}

// (a > 4 AND b < 16) OR (a > 4 AND c = 27): a > 4 is a condition of its own.
TEST(OptimizerTest, FactorsWhatEveryBranchOfAnOrHas) {
  auto a_above_4 = [] { return call("greater", {column("a"), literal(Scalar::int64(4))}); };
  PlanPtr plan = filter(three_column_scan(),
                        call("or", {call("and", {a_above_4(), call("less", {column("b"), literal(Scalar::int64(16))})}),
                                    call("and", {a_above_4(), call("equal", {column("c"), literal(Scalar::int64(27))})})}));
  PlanPtr optimized = exec::optimize_plan(plan);
  ASSERT_EQ(optimized->kind, PlanKind::kScan) << optimized->to_string();
  ASSERT_EQ(optimized->scan_filters.size(), 2u) << optimized->to_string();
  EXPECT_EQ(optimized->scan_filters[0]->to_string(), a_above_4()->to_string());
  // a in 5..9: b = 2a < 16 keeps 5, 6, 7; c = 3a = 27 keeps 9.
  EXPECT_EQ(exec::execute(optimized)->num_rows(), 4);
  // A branch that is only the common part makes the OR true once it holds.
  PlanPtr absorbed = filter(three_column_scan(), call("or", {a_above_4(), call("and", {a_above_4(), call("equal", {column("c"), literal(Scalar::int64(27))})})}));
  EXPECT_EQ(exec::optimize_plan(absorbed)->scan_filters.size(), 1u);
  EXPECT_EQ(exec::execute(exec::optimize_plan(absorbed))->num_rows(), 5);
}

// A scan of one int64 column `name` holding 0..rows-1.
PlanPtr key_scan(const std::string& name, int64_t rows) {
  ColumnBuilder builder(TypeId::kInt64);
  for (int64_t i = 0; i < rows; ++i) builder.append<int64_t>(i);
  return scan(std::make_shared<io::MemorySource>(Table::from_columns({name}, {builder.finish()})));
}

int cross_joins(const PlanNode& node) {
  int count = node.kind == PlanKind::kJoin && node.how == "cross";
  for (const auto& input : node.inputs) count += cross_joins(*input);
  return count;
}

// FROM a, b, c WHERE c = a AND c = b: written, a and b meet in a cross
// product; reordered, c joins each on its key. Same rows, same columns.
TEST(OptimizerTest, ReordersJoinsToAvoidACrossProduct) {
  PlanPtr crossed = join(key_scan("a", 50), key_scan("b", 60), {}, {}, "cross", "_right", false);
  PlanPtr plan = filter(join(crossed, key_scan("c", 1000), {}, {}, "cross", "_right", false),
                        call("and", {call("equal", {column("c"), column("a")}), call("equal", {column("c"), column("b")})}));
  PlanPtr optimized = exec::optimize_plan(plan);
  EXPECT_EQ(cross_joins(*optimized), 0) << optimized->to_string();
  EXPECT_EQ(optimized->schema.names(), (std::vector<std::string>{"a", "b", "c"}));
  auto result = exec::execute(optimized);
  ASSERT_EQ(result->num_rows(), 50);  // a = b = c for 0..49
  auto unoptimized = exec::execute(exec::optimize_plan(plan, false));
  EXPECT_EQ(unoptimized->num_rows(), 50);
  // Nothing to connect a and b: the cross product stays.
  PlanPtr unrelated = join(key_scan("a", 3), key_scan("b", 4), {}, {}, "cross", "_right", false);
  EXPECT_EQ(cross_joins(*exec::optimize_plan(unrelated)), 1);
}

// The leftmost join of a tree of joins: the one over its first scan.
const PlanNode& bottom_join(const PlanNode& node) {
  const PlanNode* at = &node;
  while (at->kind == PlanKind::kProject || at->kind == PlanKind::kFilter) at = at->inputs[0].get();
  while (at->inputs[0]->kind == PlanKind::kJoin) at = at->inputs[0].get();
  return *at;
}

// f JOIN d1 JOIN d2 JOIN d3, d3 filtered: the filtered dimension joins
// first, so the joins above it see fewer rows. Same rows as written.
TEST(OptimizerTest, JoinsAFilteredDimensionFirstWhenThatMakesFewerRows) {
  ColumnBuilder f1(TypeId::kInt64), f2(TypeId::kInt64), f3(TypeId::kInt64);
  for (int64_t i = 0; i < 1000; ++i) {
    f1.append<int64_t>(i % 100);
    f2.append<int64_t>(i % 90);
    f3.append<int64_t>(i % 80);
  }
  PlanPtr fact = scan(std::make_shared<io::MemorySource>(
      Table::from_columns({"f1", "f2", "f3"}, {f1.finish(), f2.finish(), f3.finish()})));
  PlanPtr d3 = filter(key_scan("d3", 100), call("and", {call("greater", {column("d3"), literal(Scalar::int64(10))}),
                                                       call("less", {column("d3"), literal(Scalar::int64(30))})}));
  PlanPtr plan = join(join(join(fact, key_scan("d1", 100), {column("f1")}, {column("d1")}, "inner", "_right", false),
                           key_scan("d2", 100), {column("f2")}, {column("d2")}, "inner", "_right", false),
                      d3, {column("f3")}, {column("d3")}, "inner", "_right", false);
  PlanPtr optimized = exec::optimize_plan(plan);
  const PlanNode& first = bottom_join(*optimized);
  ASSERT_EQ(first.right_keys.size(), 1u) << optimized->to_string();
  EXPECT_EQ(first.right_keys[0]->to_string(), column("d3")->to_string()) << optimized->to_string();
  EXPECT_EQ(optimized->schema.names(), plan->schema.names());
  const int64_t expected = exec::execute(exec::optimize_plan(plan, false))->num_rows();
  EXPECT_EQ(expected, 13 * 19);  // f3 = i % 80 in 11..29: 19 rows in each of 13 runs (the last holds 40 rows)
  EXPECT_EQ(exec::execute(optimized)->num_rows(), expected);
  // Unfiltered, the written order stays.
  PlanPtr plain = join(join(fact, key_scan("d1", 100), {column("f1")}, {column("d1")}, "inner", "_right", false),
                       key_scan("d2", 100), {column("f2")}, {column("d2")}, "inner", "_right", false);
  plain = join(plain, key_scan("d3", 100), {column("f3")}, {column("d3")}, "inner", "_right", false);
  EXPECT_EQ(bottom_join(*exec::optimize_plan(plain)).right_keys[0]->to_string(), column("d1")->to_string());
}

// f LEFT JOIN (SELECT g, count(*) FROM big GROUP BY g) ON d = g, d a
// filtered scan joined to f: the grouping reads only big's rows whose g
// is among d's keys. Same rows as written.
TEST(OptimizerTest, GroupsOnlyTheKeysTheOtherSideCanHold) {
  ColumnBuilder g(TypeId::kInt64), f(TypeId::kInt64);
  for (int64_t i = 0; i < 5000; ++i) g.append<int64_t>(i % 500);
  for (int64_t i = 0; i < 300; ++i) f.append<int64_t>(i);
  PlanPtr big = scan(std::make_shared<io::MemorySource>(Table::from_columns({"g"}, {g.finish()})));
  PlanPtr grouped = aggregate(big, {column("g")}, {alias(plan::aggregate("len", {}), "n")});
  PlanPtr dimension = filter(key_scan("d", 500), call("less", {column("d"), literal(Scalar::int64(20))}));
  PlanPtr facts = scan(std::make_shared<io::MemorySource>(Table::from_columns({"f"}, {f.finish()})));
  PlanPtr outer = join(facts, dimension, {column("f")}, {column("d")}, "inner", "_right", false);
  PlanPtr plan = join(outer, grouped, {column("d")}, {column("g")}, "left", "_right", false);
  PlanPtr optimized = exec::optimize_plan(plan);
  const std::string text = optimized->to_string();
  EXPECT_NE(text.find("semi"), std::string::npos) << text;
  auto expected = exec::execute(exec::optimize_plan(plan, false));
  auto result = exec::execute(optimized);
  ASSERT_EQ(result->num_rows(), 20);  // f = d for d < 20
  ASSERT_EQ(expected->num_rows(), 20);
  const int n = static_cast<int>(result->schema().index_of("n"));
  for (int64_t row = 0; row < 20; ++row) EXPECT_EQ(result->column(n)->values<int64_t>()[row], 10) << row;
}

// (a JOIN b ON a = b) SEMI JOIN s ON a = s: the semi join moves to a's side,
// below the inner join; the anti join likewise. Same rows.
TEST(OptimizerTest, PushesSemiJoinsBelowInnerJoins) {
  for (const char* how : {"semi", "anti"}) {
    PlanPtr inner = join(key_scan("a", 100), key_scan("b", 100), {column("a")}, {column("b")}, "inner", "_right", false);
    PlanPtr plan = join(inner, key_scan("s", 10), {column("a")}, {column("s")}, how, "_right", false);
    PlanPtr optimized = exec::optimize_plan(plan);
    const PlanNode* top = optimized.get();
    while (top->kind == PlanKind::kProject) top = top->inputs[0].get();
    ASSERT_EQ(top->how, "inner") << optimized->to_string();
    EXPECT_EQ(top->inputs[0]->how, how) << optimized->to_string();
    EXPECT_EQ(exec::execute(optimized)->num_rows(), std::string(how) == "semi" ? 10 : 90);
    EXPECT_EQ(exec::execute(exec::optimize_plan(plan, false))->num_rows(), std::string(how) == "semi" ? 10 : 90);
  }
}

TEST(OptimizerTest, KeepsFiltersAboveLimits) {
  PlanPtr plan = filter(limit(three_column_scan(), 0, 3), call("greater", {column("a"), literal(Scalar::int64(1))}));
  PlanPtr optimized = exec::optimize_plan(plan);
  EXPECT_EQ(optimized->kind, PlanKind::kFilter);
  EXPECT_EQ(exec::execute(optimized)->num_rows(), 1);
}

TEST(OptimizerTest, PushesLimitsIntoScansThroughProjections) {
  // limit(project(scan)): the scan reads offset + limit rows.
  PlanPtr plan = limit(project(three_column_scan(), {call("add", {column("a"), column("b")})}), 2, 3);
  PlanPtr optimized = exec::optimize_plan(plan);
  ASSERT_EQ(optimized->kind, PlanKind::kLimit);
  const PlanNode* node = optimized.get();
  while (node->kind != PlanKind::kScan) node = node->inputs[0].get();
  EXPECT_EQ(node->scan_limit, 5);
  auto result = exec::execute(optimized);
  ASSERT_EQ(result->num_rows(), 3);
  EXPECT_EQ(result->column(0)->values<int64_t>()[0], 6);
  // A filter decides which rows reach the limit: the scan reads them all.
  PlanPtr filtered = exec::optimize_plan(limit(filter(three_column_scan(), call("greater", {column("a"), literal(Scalar::int64(4))})), 0, 2));
  node = filtered.get();
  while (node->kind != PlanKind::kScan) node = node->inputs[0].get();
  EXPECT_EQ(node->scan_limit, -1);
  EXPECT_EQ(exec::execute(filtered)->column(0)->values<int64_t>()[0], 5);
}

TEST(OptimizerTest, KeepsFiltersAboveALimitedScan) {
  // The scan's limit counts its source's rows: a filter pushed into it
  // would count the rows after the filter instead.
  const PlanPtr limited = scan(three_column_scan()->source, 4);
  PlanPtr optimized = exec::optimize_plan(filter(limited, call("greater", {column("a"), literal(Scalar::int64(1))})));
  ASSERT_EQ(optimized->kind, PlanKind::kFilter);
  EXPECT_TRUE(optimized->inputs[0]->scan_filters.empty());
  EXPECT_EQ(exec::execute(optimized)->num_rows(), 2);
  EXPECT_EQ(exec::execute(filter(limited, call("greater", {column("a"), literal(Scalar::int64(1))})))->num_rows(), 2);
}

}  // namespace
}  // namespace lode::plan
