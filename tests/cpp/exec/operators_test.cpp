// The physical operators end to end: logical plans in, rows out, checked
// against naive loops over the same data (the oracle). Morsels of 7 rows and
// three threads put every merge, partition and order boundary to work.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <thread>
#include <random>
#include <set>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/executor.h"
#include "lode/exec/operators/hash_join.h"
#include "lode/exec/operators/ordered_batches.h"
#include "lode/exec/spilling.h"
#include "lode/io/memory_source.h"
#include "lode/plan/logical_plan.h"

namespace lode::exec {
namespace {

using plan::column;
using plan::PlanPtr;

struct Rows {
  std::vector<int64_t> key, value;
};

Rows random_rows(int64_t n, int64_t keys, uint32_t seed) {
  std::mt19937 random(seed);
  Rows rows;
  for (int64_t i = 0; i < n; ++i) {
    rows.key.push_back(static_cast<int64_t>(random() % keys));
    rows.value.push_back(static_cast<int64_t>(random() % 1000) - 500);
  }
  return rows;
}

std::shared_ptr<Column> int_column(const std::vector<int64_t>& values) {
  ColumnBuilder builder(TypeId::kInt64);
  for (int64_t value : values) builder.append<int64_t>(value);
  return builder.finish();
}

PlanPtr scan_of(const Rows& rows, const std::string& key = "k", const std::string& value = "v") {
  auto table = Table::from_columns({key, value}, {int_column(rows.key), int_column(rows.value)});
  return plan::scan(std::make_shared<io::MemorySource>(table, 7));
}

std::vector<int64_t> ints(const Table& table, int column_index) {
  auto combined = table.combine_batches();
  const auto& column = *combined->column(column_index);
  std::vector<int64_t> values;
  for (int64_t row = 0; row < column.length(); ++row) values.push_back(column.is_null(row) ? INT64_MIN : column.values<int64_t>()[row]);
  return values;
}

class OperatorsTest : public ::testing::Test {
 protected:
  void SetUp() override { ThreadPool::set_global_threads(3); }
  void TearDown() override { ThreadPool::set_global_threads(static_cast<int>(std::thread::hardware_concurrency())); }
  static std::shared_ptr<Table> run(const PlanPtr& plan) { return execute(optimize_plan(plan)); }
};

TEST_F(OperatorsTest, AggregateSumsAndCountsPerKey) {
  const Rows rows = random_rows(5000, 300, 1);
  auto plan = plan::aggregate(scan_of(rows), {column("k")},
                              {plan::alias(plan::aggregate("sum", {column("v")}), "s"), plan::alias(plan::aggregate("len", {}), "n")});
  auto result = run(plan);
  std::map<int64_t, std::pair<int64_t, int64_t>> expected;
  for (size_t i = 0; i < rows.key.size(); ++i) {
    expected[rows.key[i]].first += rows.value[i];
    expected[rows.key[i]].second += 1;
  }
  const auto keys = ints(*result, 0), sums = ints(*result, 1), counts = ints(*result, 2);
  ASSERT_EQ(keys.size(), expected.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(sums[i], expected[keys[i]].first);
    EXPECT_EQ(counts[i], expected[keys[i]].second);
  }
}

// Runs left `how` join right (keys k = k, and the condition if any) and
// checks its row count and its sum of v against nested loops, where
// matches_pair(i, j) says whether left row i and right row j match.
template <typename Matches>
void check_join_against_nested_loops(const Rows& left, const Rows& right, const plan::ExprPtr& condition,
                                     Matches matches_pair) {
  for (const std::string how : {"inner", "left", "right", "full", "semi", "anti"}) {
    auto plan = plan::join(scan_of(left), scan_of(right, "k", "w"), {column("k")}, {column("k")}, how, "_right", false,
                           condition);
    auto result = execute(optimize_plan(plan));
    int64_t rows = 0, left_sum = 0;
    std::vector<uint8_t> right_matched(right.key.size(), 0);
    for (size_t i = 0; i < left.key.size(); ++i) {
      int64_t matches = 0;
      for (size_t j = 0; j < right.key.size(); ++j)
        if (left.key[i] == right.key[j] && matches_pair(i, j)) ++matches, right_matched[j] = 1;
      const bool keep_unmatched = how == "left" || how == "full";
      const int64_t out = how == "semi" ? matches > 0 : how == "anti" ? matches == 0 : matches + (keep_unmatched && !matches);
      rows += out;
      left_sum += out * left.value[i];
    }
    if (how == "right" || how == "full")
      for (uint8_t matched : right_matched) rows += !matched;
    EXPECT_EQ(result->num_rows(), rows) << how;
    int64_t got_sum = 0;
    for (int64_t value : ints(*result, result->schema().index_of("v"))) got_sum += value == INT64_MIN ? 0 : value;
    EXPECT_EQ(got_sum, left_sum) << how;
  }
}

TEST_F(OperatorsTest, EveryJoinKindMatchesNestedLoops) {
  const Rows left = random_rows(700, 50, 2), right = random_rows(400, 80, 3);
  check_join_against_nested_loops(left, right, nullptr, [](size_t, size_t) { return true; });
  // A smaller left side builds: right semi and anti joins, and right joins probing with the left.
  const Rows small = random_rows(300, 50, 4), large = random_rows(900, 80, 5);
  check_join_against_nested_loops(small, large, nullptr, [](size_t, size_t) { return true; });
}

// A residual condition decides which key matches count, for every kind;
// the right side's k is named k_right in the condition.
TEST_F(OperatorsTest, EveryJoinKindWithAConditionMatchesNestedLoops) {
  const Rows left = random_rows(600, 40, 12), right = random_rows(500, 60, 13);
  const auto condition = plan::call("and", {plan::call("less", {column("v"), column("w")}),
                                            plan::call("greater_equal", {column("k_right"), plan::literal(Scalar::int64(3))})});
  check_join_against_nested_loops(left, right, condition, [&](size_t i, size_t j) {
    return left.value[i] < right.value[j] && right.key[j] >= 3;
  });
  const Rows small = random_rows(250, 40, 14), large = random_rows(800, 60, 15);
  check_join_against_nested_loops(small, large, condition, [&](size_t i, size_t j) {
    return small.value[i] < large.value[j] && large.key[j] >= 3;
  });
}

// Grace hash join: every build and probe batch spilled by partition, each
// partition joined on its own, residual conditions and right-side builds
// included.
TEST_F(OperatorsTest, SpilledJoinsOfEveryKindMatchNestedLoops) {
  set_force_spill(true);
  const Rows left = random_rows(700, 50, 22), right = random_rows(400, 80, 23);
  check_join_against_nested_loops(left, right, nullptr, [](size_t, size_t) { return true; });
  const Rows small = random_rows(300, 50, 24), large = random_rows(900, 80, 25);
  check_join_against_nested_loops(small, large, nullptr, [](size_t, size_t) { return true; });
  const auto condition = plan::call("less", {column("v"), column("w")});
  check_join_against_nested_loops(left, right, condition, [&](size_t i, size_t j) { return left.value[i] < right.value[j]; });
  check_join_against_nested_loops(small, large, condition, [&](size_t i, size_t j) { return small.value[i] < large.value[j]; });
  set_force_spill(false);
}

// A key with more matches than one output batch holds: a probe row's
// candidates go on into the next call, and only the last one meets the
// condition, so semi and anti must carry what the first part found.
TEST_F(OperatorsTest, AConditionOverMoreMatchesThanABatchHolds) {
  Rows left{{1, 1, 2}, {5, 7, 9}};
  Rows right;
  const int64_t many = PhysicalHashJoin::kMaxOutputRows + 1000;
  for (int64_t i = 0; i < many; ++i) {
    right.key.push_back(1);
    right.value.push_back(i);
  }
  const auto last_only = plan::call("equal", {column("w"), plan::literal(Scalar::int64(many - 1))});
  const std::map<std::string, int64_t> expected = {{"inner", 2}, {"left", 3}, {"semi", 2}, {"anti", 1}, {"full", 3 + many - 1}};
  for (const auto& [how, rows] : expected) {
    auto plan = plan::join(scan_of(left), scan_of(right, "k", "w"), {column("k")}, {column("k")}, how, "_right", false,
                           last_only);
    EXPECT_EQ(run(plan)->num_rows(), rows) << how;
  }
}

TEST_F(OperatorsTest, SortIsStableOnAllCoresWithTopK) {
  const Rows rows = random_rows(60000, 97, 4);  // many ties: stability shows
  auto plan = plan::sort(scan_of(rows), {column("k")}, {true}, {});
  auto result = run(plan);
  std::vector<int64_t> order(rows.key.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return rows.key[a] > rows.key[b]; });
  const auto values = ints(*result, 1);
  ASSERT_EQ(values.size(), order.size());
  for (size_t i = 0; i < order.size(); ++i) ASSERT_EQ(values[i], rows.value[order[i]]) << i;
  auto top = run(plan::limit(plan::sort(scan_of(rows), {column("v"), column("k")}, {false, false}, {}), 5, 20));
  std::vector<int64_t> by_value(rows.key.size());
  std::iota(by_value.begin(), by_value.end(), 0);
  std::stable_sort(by_value.begin(), by_value.end(), [&](int64_t a, int64_t b) {
    return std::make_pair(rows.value[a], rows.key[a]) < std::make_pair(rows.value[b], rows.key[b]);
  });
  const auto top_keys = ints(*top, 0);
  ASSERT_EQ(top_keys.size(), 20u);
  for (size_t i = 0; i < 20; ++i) EXPECT_EQ(top_keys[i], rows.key[by_value[5 + i]]);
}

// External: every batch of 500 rows a run on disk, the merge in chunks
// whose cuts fall inside blocks; still stable, and offset and limit apply.
TEST_F(OperatorsTest, SpilledSortIsStableAndCutsByRank) {
  const Rows rows = random_rows(60000, 97, 5);
  auto table = Table::from_columns({"k", "v"}, {int_column(rows.key), int_column(rows.value)});
  auto scan = [&] { return plan::scan(std::make_shared<io::MemorySource>(table, 500)); };
  set_force_spill(true);
  auto sorted = run(plan::sort(scan(), {column("k")}, {true}, {}));
  auto sliced = run(plan::limit(plan::sort(scan(), {column("k")}, {true}, {}), 12345, 20000));
  set_force_spill(false);
  std::vector<int64_t> order(rows.key.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return rows.key[a] > rows.key[b]; });
  const auto values = ints(*sorted, 1);
  ASSERT_EQ(values.size(), order.size());
  for (size_t i = 0; i < order.size(); ++i) ASSERT_EQ(values[i], rows.value[order[i]]) << i;
  const auto slice = ints(*sliced, 1);
  ASSERT_EQ(slice.size(), 20000u);
  for (size_t i = 0; i < slice.size(); ++i) ASSERT_EQ(slice[i], rows.value[order[12345 + i]]) << i;
}

// A consumer that throws (a writer out of memory) leaves the batches it
// did not take for the next call, and never sees a batch twice.
TEST(OrderedBatchesTest, AFailedConsumerResumesAfterTheBatchItTook) {
  OrderedBatches batches;
  batches.begin_stream(0, 1, nullptr);
  for (int64_t i = 0; i < 3; ++i) batches.add({0, 0, i}, Batch({int_column({i})}, 1));
  std::vector<int64_t> seen;
  int calls = 0;
  auto ready = [&](Batch batch) {
    ASSERT_EQ(batch.num_columns(), 1);
    seen.push_back(batch.column(0)->values<int64_t>()[0]);
    if (++calls == 2) throw OutOfMemoryError("a writer ran out of memory");
  };
  EXPECT_THROW(batches.complete({0, 0, 0}, ready), OutOfMemoryError);
  batches.complete({0, 0, 0}, ready);
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 1, 2}));
}

TEST_F(OperatorsTest, WindowSumOverPartitions) {
  const Rows rows = random_rows(3000, 40, 5);
  auto window = plan::alias(plan::window(plan::aggregate("sum", {column("v")}), {column("k")}), "total");
  auto result = run(plan::with_columns(scan_of(rows), {window}));
  std::map<int64_t, int64_t> totals;
  for (size_t i = 0; i < rows.key.size(); ++i) totals[rows.key[i]] += rows.value[i];
  const auto keys = ints(*result, 0), got = ints(*result, 2);
  ASSERT_EQ(got.size(), rows.key.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(keys[i], rows.key[i]);  // input order kept
    EXPECT_EQ(got[i], totals[rows.key[i]]);
  }
}

TEST_F(OperatorsTest, DistinctKeepsTheFirstRowInOrder) {
  const Rows rows = random_rows(2000, 60, 6);
  auto result = run(plan::distinct(scan_of(rows), {"k"}, "first", true));
  std::vector<int64_t> expected;
  std::set<int64_t> seen;
  for (size_t i = 0; i < rows.key.size(); ++i)
    if (seen.insert(rows.key[i]).second) expected.push_back(rows.value[i]);
  EXPECT_EQ(ints(*result, 1), expected);
}

// 5000 keys fill every one of the 32 partitions many times over.
TEST_F(OperatorsTest, DistinctAcrossPartitionsKeepsInputOrder) {
  const Rows rows = random_rows(20000, 5000, 11);
  std::map<int64_t, int64_t> counts, last_row;
  for (size_t i = 0; i < rows.key.size(); ++i) {
    ++counts[rows.key[i]];
    last_row[rows.key[i]] = static_cast<int64_t>(i);
  }
  std::vector<int64_t> first, last, unique;
  std::set<int64_t> seen;
  for (size_t i = 0; i < rows.key.size(); ++i) {
    const int64_t key = rows.key[i];
    if (seen.insert(key).second) first.push_back(rows.value[i]);
    if (last_row[key] == static_cast<int64_t>(i)) last.push_back(rows.value[i]);
    if (counts[key] == 1) unique.push_back(rows.value[i]);
  }
  EXPECT_EQ(ints(*run(plan::distinct(scan_of(rows), {"k"}, "first", true)), 1), first);
  EXPECT_EQ(ints(*run(plan::distinct(scan_of(rows), {"k"}, "last", true)), 1), last);
  EXPECT_EQ(ints(*run(plan::distinct(scan_of(rows), {"k"}, "none", true)), 1), unique);
}

TEST_F(OperatorsTest, WindowSumAndRankOverKeysInEveryPartition) {
  const Rows rows = random_rows(20000, 3000, 12);  // morsels of 7 rows: thousands of batches
  plan::ExprOptions min_method;
  min_method.method = "min";
  auto sum = plan::alias(plan::window(plan::aggregate("sum", {column("v")}), {column("k")}), "total");
  auto rank = plan::alias(plan::window(plan::aggregate("rank", {column("v")}, min_method), {column("k")}), "rank");
  auto result = run(plan::with_columns(scan_of(rows), {sum, rank}));
  std::map<int64_t, std::vector<int64_t>> values;
  for (size_t i = 0; i < rows.key.size(); ++i) values[rows.key[i]].push_back(rows.value[i]);
  const auto keys = ints(*result, 0), totals = ints(*result, 2), ranks = ints(*result, 3);
  ASSERT_EQ(keys, rows.key);  // every row keeps its place
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto& group = values[rows.key[i]];
    EXPECT_EQ(totals[i], std::accumulate(group.begin(), group.end(), int64_t{0}));
    const auto below = std::count_if(group.begin(), group.end(), [&](int64_t v) { return v < rows.value[i]; });
    EXPECT_EQ(ranks[i], below + 1);
  }
  EXPECT_NE(explain_physical(plan::with_columns(scan_of(rows), {sum})).find("partitions 32"), std::string::npos);
}

TEST_F(OperatorsTest, GlobalWindowIsOnePartition) {
  const Rows rows = random_rows(5000, 10, 13);
  auto sum = plan::alias(plan::window(plan::aggregate("sum", {column("v")}), {}), "total");
  auto row_number = plan::alias(plan::window(plan::aggregate("row_number", {}), {}), "n");
  auto result = run(plan::with_columns(scan_of(rows), {sum, row_number}));
  const int64_t total = std::accumulate(rows.value.begin(), rows.value.end(), int64_t{0});
  const auto values = ints(*result, 1), totals = ints(*result, 2), numbers = ints(*result, 3);
  ASSERT_EQ(values, rows.value);
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(totals[i], total);
    EXPECT_EQ(numbers[i], static_cast<int64_t>(i) + 1);
  }
  EXPECT_NE(explain_physical(plan::with_columns(scan_of(rows), {sum})).find("partitions 1"), std::string::npos);
}

TEST_F(OperatorsTest, UnionThenLimitKeepsInputOrder) {
  const Rows a = random_rows(100, 10, 7), b = random_rows(100, 10, 8);
  auto result = run(plan::limit(plan::union_all({scan_of(a), scan_of(b)}), 90, 30));
  std::vector<int64_t> expected(a.value.begin() + 90, a.value.end());
  expected.insert(expected.end(), b.value.begin(), b.value.begin() + 20);
  EXPECT_EQ(ints(*result, 1), expected);
}

TEST_F(OperatorsTest, CrossJoinPairsEveryRow) {
  const Rows a = random_rows(300, 10, 9), b = random_rows(500, 10, 10);  // 150000 rows: more than one batch
  auto result = run(plan::join(scan_of(a), scan_of(b, "k2", "w"), {}, {}, "cross", "_right", false));
  ASSERT_EQ(result->num_rows(), 150000);
  const auto left = ints(*result, 1), right = ints(*result, 3);
  for (int64_t i = 0; i < 150000; i += 997) {
    EXPECT_EQ(left[i], a.value[i / 500]);
    EXPECT_EQ(right[i], b.value[i % 500]);
  }
}

}  // namespace
}  // namespace lode::exec
