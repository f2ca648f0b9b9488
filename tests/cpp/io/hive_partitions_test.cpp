#include "lode/io/hive_partitions.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "lode/core/error.h"
#include "lode/io/csv/csv_source.h"

namespace lode::io {
namespace {

using Partitions = std::vector<std::pair<std::string, std::string>>;

bool never(const std::string&) { return false; }

Scalar date_scalar(int64_t days) {
  Scalar value = Scalar::null(DataType(TypeId::kDate32));
  value.is_null = false;
  value.integer = days;
  return value;
}

TEST(HivePartitionsTest, FindsKeyValueFoldersOfThePathAsGiven) {
  EXPECT_EQ(partitions_in_path("data/year=2023/month=01/part-0.csv"),
            (Partitions{{"year", "2023"}, {"month", "01"}}));
  EXPECT_EQ(partitions_in_path("/srv/a=b=c/=x/plain/f=1.csv"), (Partitions{{"a", "b=c"}}));
  EXPECT_EQ(partitions_in_path("k=1/../j=2/t.csv"), (Partitions{{"j", "2"}}));
  EXPECT_TRUE(partitions_in_path("t.csv").empty());
}

TEST(HivePartitionsTest, TypesEachKeyByAllItsValues) {
  std::vector<DatasetFile> files = {
      {"a", {{"year", "2023"}, {"day", "2012-01-01"}, {"code", "007"}}},
      {"b", {{"year", kHiveNull}, {"day", "2013-12-31"}, {"code", "x"}}},
  };
  const HivePartitions partitions = hive_partitions(files, never);
  ASSERT_EQ(partitions.fields.size(), 3u);
  EXPECT_EQ(partitions.fields[0].type.id, TypeId::kInt64);
  EXPECT_EQ(partitions.fields[1].type.id, TypeId::kDate32);
  EXPECT_EQ(partitions.fields[2].type.id, TypeId::kString);
  EXPECT_EQ(partitions.values[0][0], Scalar::int64(2023));
  EXPECT_TRUE(partitions.values[1][0].is_null);
  EXPECT_EQ(partitions.values[0][1], date_scalar(15340));
  EXPECT_EQ(partitions.values[0][2], Scalar::string("007"));
}

TEST(HivePartitionsTest, LeavesOutFileColumnsAndRejectsOtherLayouts) {
  std::vector<DatasetFile> files = {{"a", {{"v", "1"}, {"k", "x"}}}};
  const HivePartitions partitions = hive_partitions(files, [](const std::string& name) { return name == "v"; });
  ASSERT_EQ(partitions.fields.size(), 1u);
  EXPECT_EQ(partitions.fields[0].name, "k");
  files.push_back(DatasetFile{"b", {{"k", "y"}, {"v", "1"}}});
  EXPECT_THROW(hive_partitions(files, never), SchemaError);
  EXPECT_TRUE(hive_partitions({{"a", {}}, {"b", {}}}, never).empty());
}

TEST(HivePartitionsTest, ConstantColumnsHoldTheValueOrNull) {
  auto text = constant_column(Scalar::string("ab"), 3);
  EXPECT_EQ(text->length(), 3);
  EXPECT_EQ(text->string_at(2), "ab");
  auto days = constant_column(date_scalar(7), 2);
  EXPECT_EQ(days->values<int32_t>()[1], 7);
  auto nulls = constant_column(Scalar::null(DataType(TypeId::kInt64)), 4);
  EXPECT_FALSE(nulls->is_valid(3));
}

TEST(HivePartitionsTest, ExcludesOnlyWhenThePredicateSurelyFails) {
  const ColumnPredicate equals_2023{0, PredicateOp::kEqual, {Scalar::int64(2023)}};
  EXPECT_FALSE(partition_excludes(Scalar::int64(2023), equals_2023));
  EXPECT_TRUE(partition_excludes(Scalar::int64(2022), equals_2023));
  EXPECT_TRUE(partition_excludes(Scalar::null(DataType(TypeId::kInt64)), equals_2023));
  EXPECT_TRUE(partition_excludes(Scalar::int64(1), ColumnPredicate{0, PredicateOp::kIsNull, {}}));
  const ColumnPredicate in_list{0, PredicateOp::kIn, {Scalar::string("a"), Scalar::string("c")}};
  EXPECT_TRUE(partition_excludes(Scalar::string("b"), in_list));
  EXPECT_FALSE(partition_excludes(Scalar::string("c"), in_list));
  // Values of another type never exclude.
  EXPECT_FALSE(partition_excludes(date_scalar(1), ColumnPredicate{0, PredicateOp::kEqual, {Scalar::int64(5)}}));
}

TEST(HivePartitionsTest, CsvSourceSkipsFilesThePartitionsRuleOut) {
  namespace fs = std::filesystem;
  char pattern[] = "/tmp/lode-hive-XXXXXX";
  const fs::path root = mkdtemp(pattern);
  for (int year : {2022, 2023}) {
    fs::create_directories(root / ("year=" + std::to_string(year)));
    std::ofstream(root / ("year=" + std::to_string(year)) / "t.csv") << "v\n" << year << "1\n" << year << "2\n";
  }
  CsvSource source({(root / "*" / "t.csv").string()}, CsvReadOptions{});
  ASSERT_EQ(source.schema().names(), (std::vector<std::string>{"v", "year"}));
  ScanRequest request;
  request.columns = {1, 0};
  request.predicates = {ColumnPredicate{1, PredicateOp::kGreater, {Scalar::int64(2022)}}};
  ScanStatistics statistics;
  std::vector<int64_t> years, values;
  int read = 0;
  for (int64_t split = 0; split < source.num_splits(); ++split) {
    read += source.read_split(split, request, statistics, [&](Batch batch) {
      for (int64_t row = 0; row < batch.num_rows(); ++row) {
        years.push_back(batch.column(0)->values<int64_t>()[row]);
        values.push_back(batch.column(1)->values<int64_t>()[row]);
      }
    });
  }
  EXPECT_EQ(read, 1);
  EXPECT_EQ(statistics.splits_read, 1);
  EXPECT_EQ(years, (std::vector<int64_t>{2023, 2023}));
  EXPECT_EQ(values, (std::vector<int64_t>{20231, 20232}));
  fs::remove_all(root);
}

}  // namespace
}  // namespace lode::io
