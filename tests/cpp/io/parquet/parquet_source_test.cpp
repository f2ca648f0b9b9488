// Tests of parquet_source.cpp, parquet_writer.cpp and row_group_pruning.cpp:
// write with lode, read back through the TableSource interface.
#include "lode/io/parquet/parquet_source.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/table.h"
#include "lode/core/thread_pool.h"
#include "lode/io/parquet/parquet_writer.h"
#include "lode/io/parquet/row_group_pruning.h"

namespace lode::io {
namespace {

namespace fs = std::filesystem;

std::string temporary_dir() {
  char pattern[] = "/tmp/lode-parquet-test-XXXXXX";
  return mkdtemp(pattern);
}

// Reads the named columns (all when empty) of the splits the predicates do
// not rule out, in split order, through the TableSource interface, and
// counts skipped splits as the engine's scan does.
std::shared_ptr<Table> read_splits(ParquetSource& source, const std::vector<std::string>& names,
                                   const std::vector<ColumnPredicate>& predicates = {},
                                   ScanStatistics* statistics = nullptr) {
  ScanRequest request;
  request.predicates = predicates;
  std::vector<Field> fields;
  for (int column = 0; column < source.schema().num_fields(); ++column)
    if (names.empty()) request.columns.push_back(column);
  for (const auto& name : names) request.columns.push_back(source.schema().index_of(name));
  for (int column : request.columns) fields.push_back(source.schema().field(column));
  ScanStatistics counted;
  std::vector<Batch> batches;
  for (int64_t split = 0; split < source.num_splits(); ++split)
    if (!source.read_split(split, request, counted, [&](Batch batch) { batches.push_back(std::move(batch)); }))
      ++counted.splits_skipped;
  if (statistics) *statistics = counted;
  return std::make_shared<Table>(Schema(std::move(fields)), std::move(batches));
}

// 1000 rows: id 0..999, name "n<id % 10>" (null every 7th row).
std::shared_ptr<Table> sample_table(int64_t first_id = 0) {
  ColumnBuilder ids(TypeId::kInt64), names(TypeId::kString);
  for (int64_t row = 0; row < 1000; ++row) {
    ids.append<int64_t>(first_id + row);
    if (row % 7 == 0) names.append_null();
    else names.append_string("n" + std::to_string(row % 10));
  }
  return Table::from_columns({"id", "name"}, {ids.finish(), names.finish()});
}

ColumnPredicate predicate(int column, PredicateOp op, int64_t value) {
  return ColumnPredicate{column, op, {Scalar::int64(value)}};
}

TEST(ParquetSourceTest, ReadsBackWhatWasWrittenAndPrunesRowGroups) {
  const std::string dir = temporary_dir();
  const std::string path = dir + "/t.parquet";
  auto table = sample_table();
  write_parquet(*table, path, ParquetWriteOptions{.codec = parquet::Codec::kZstd, .row_group_rows = 100});

  auto source = open_parquet({path});
  EXPECT_EQ(source->num_splits(), 10);
  EXPECT_EQ(source->schema().to_string(), table->schema().to_string());
  EXPECT_EQ(*source->estimated_rows(), 1000);
  EXPECT_NE(source->describe().find("10 row groups"), std::string::npos);

  ScanStatistics statistics;
  int64_t rows = 0;
  ScanRequest request{.columns = {1, 0}, .predicates = {predicate(0, PredicateOp::kGreaterEqual, 950)}, .batch_rows = 30};
  int64_t skipped = 0;
  for (int64_t split = 0; split < source->num_splits(); ++split) {
    skipped += !source->read_split(split, request, statistics, [&](Batch batch) {
      EXPECT_LE(batch.num_rows(), 30);
      EXPECT_EQ(batch.column(1)->values<int64_t>()[0], 900 + rows);
      rows += batch.num_rows();
    });
  }
  EXPECT_EQ(skipped, 9);
  EXPECT_EQ(statistics.splits_skipped, 0);  // counted by the executor from the return value
  EXPECT_EQ(statistics.splits_read, 1);
  EXPECT_EQ(rows, 100);

  auto whole = read_splits(*source, {});
  auto names = whole->column(1);
  EXPECT_EQ(names->null_count(), 143);
  EXPECT_EQ(names->string_at(1), "n1");
  EXPECT_EQ(whole->column(0)->values<int64_t>()[999], 999);

  ScanStatistics none;
  auto empty = read_splits(*source, {"id"}, {predicate(0, PredicateOp::kEqual, 5000)}, &none);
  EXPECT_EQ(empty->num_rows(), 0);
  EXPECT_EQ(none.splits_skipped, 10);
  fs::remove_all(dir);
}

TEST(ParquetSourceTest, SplitsReadConcurrentlyFromManyThreads) {
  const std::string dir = temporary_dir();
  write_parquet(*sample_table(), dir + "/t.parquet", ParquetWriteOptions{.codec = parquet::Codec::kSnappy,
                                                                          .row_group_rows = 50});
  auto source = open_parquet({dir + "/t.parquet"});
  ThreadPool pool(4);
  std::vector<int64_t> sums(source->num_splits(), 0);
  std::vector<ScanStatistics> statistics(pool.num_threads());
  const ScanRequest request{.columns = {0, 1}, .batch_rows = 16};
  pool.parallel_for(source->num_splits(), [&](int64_t split, int worker) {
    source->read_split(split, request, statistics[worker], [&](Batch batch) {
      for (int64_t row = 0; row < batch.num_rows(); ++row) sums[split] += batch.column(0)->values<int64_t>()[row];
    });
  });
  int64_t total = 0;
  for (int64_t sum : sums) total += sum;
  EXPECT_EQ(total, 999 * 1000 / 2);
  fs::remove_all(dir);
}

TEST(ParquetSourceTest, DictionariesPruneValuesInsideTheMinMaxRange) {
  const std::string dir = temporary_dir();
  ColumnBuilder names(TypeId::kString), numbers(TypeId::kInt32);
  for (int row = 0; row < 1000; ++row) {
    names.append_string(row < 500 ? (row % 2 ? "a" : "c") : (row % 2 ? "a" : "b"));
    numbers.append<int32_t>(row < 500 ? (row % 2 ? 1 : 5) : 3);
  }
  auto table = Table::from_columns({"name", "number"}, {names.finish(), numbers.finish()});
  write_parquet(*table, dir + "/d.parquet", ParquetWriteOptions{.row_group_rows = 500});
  auto source = open_parquet({dir + "/d.parquet"});
  // "b" lies between "a" and "c" (the first row group's min and max) but is not in its dictionary.
  EXPECT_TRUE(source->split_excluded(0, {ColumnPredicate{0, PredicateOp::kEqual, {Scalar::string("b")}}}));
  EXPECT_FALSE(source->split_excluded(1, {ColumnPredicate{0, PredicateOp::kEqual, {Scalar::string("b")}}}));
  Scalar three = Scalar::int64(3);
  EXPECT_TRUE(source->split_excluded(0, {ColumnPredicate{1, PredicateOp::kIn, {three}}}));
  EXPECT_FALSE(source->split_excluded(1, {ColumnPredicate{1, PredicateOp::kIn, {three}}}));
  EXPECT_FALSE(source->split_excluded(0, {ColumnPredicate{0, PredicateOp::kLess, {Scalar::string("b")}}}));
  fs::remove_all(dir);
}

TEST(ParquetSourceTest, HivePartitionsBecomeColumnsAndPrune) {
  const std::string dir = temporary_dir();
  fs::create_directories(dir + "/year=2023");
  fs::create_directories(dir + "/year=2024");
  write_parquet(*sample_table(0), dir + "/year=2023/part-0.parquet");
  write_parquet(*sample_table(1000), dir + "/year=2024/part-0.parquet");
  auto source = open_parquet({dir});
  ASSERT_EQ(source->schema().num_fields(), 3);
  EXPECT_EQ(source->schema().field(2).name, "year");
  EXPECT_EQ(source->schema().field(2).type, DataType(TypeId::kInt64));
  ScanStatistics statistics;
  auto table = read_splits(*source, {"year", "id"}, {predicate(2, PredicateOp::kEqual, 2024)}, &statistics);
  EXPECT_EQ(statistics.splits_skipped, 1);
  EXPECT_EQ(table->num_rows(), 1000);
  EXPECT_EQ(table->column(0)->values<int64_t>()[0], 2024);
  EXPECT_EQ(table->column(1)->values<int64_t>()[0], 1000);

  auto globbed = open_parquet({dir + "/*/*.parquet"});
  EXPECT_EQ(globbed->schema().num_fields(), 3);
  fs::remove_all(dir);
}

TEST(ParquetSourceTest, FilesOfDifferentSchemasAreAnError) {
  const std::string dir = temporary_dir();
  write_parquet(*sample_table(), dir + "/a.parquet");
  write_parquet(*sample_table()->select({"name"}), dir + "/b.parquet");
  try {
    open_parquet({dir});
    FAIL() << "expected a SchemaError";
  } catch (const SchemaError& error) {
    EXPECT_NE(std::string(error.what()).find("no column 'id'"), std::string::npos);
    EXPECT_NE(error.context().path.find("b.parquet"), std::string::npos);
  }
  EXPECT_THROW(open_parquet({dir + "/missing*.parquet"}), IOError);
  fs::remove_all(dir);
}

TEST(ParquetWriterTest, StreamsBatchesIntoRowGroupsAndLeavesNoFileWhenAbandoned) {
  const std::string dir = temporary_dir();
  auto table = sample_table();
  {
    ParquetWriter writer(dir + "/stream.parquet", table->schema(), ParquetWriteOptions{.row_group_rows = 300});
    const Batch& batch = table->batches()[0];
    for (int64_t offset = 0; offset < 1000; offset += 70) writer.write(batch.slice(offset, std::min<int64_t>(70, 1000 - offset)));
    writer.finish();
  }
  auto source = open_parquet({dir + "/stream.parquet"});
  EXPECT_EQ(source->num_splits(), 4);  // 300 + 300 + 300 + 100 rows
  EXPECT_EQ(source->split_rows(3), 100);
  auto back = read_splits(*source, {});
  EXPECT_EQ(back->column(0)->values<int64_t>()[777], 777);
  EXPECT_EQ(back->column(1)->null_count(), table->column(1)->null_count());
  {
    ParquetWriter abandoned(dir + "/abandoned.parquet", table->schema(), ParquetWriteOptions{});
    abandoned.write(table->batches()[0]);
  }  // destroyed without finish(): as after an error or a cancellation
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) files += entry.path().filename() != "stream.parquet";
  EXPECT_EQ(files, 0);
  fs::remove_all(dir);
}

// Writes a file whose footer is `metadata` and that holds no pages.
std::string write_footer_only(const std::string& dir, const parquet::FileMetaData& metadata) {
  const std::string footer = parquet::encode_file_metadata(metadata);
  const uint32_t size = static_cast<uint32_t>(footer.size());
  std::string bytes = "PAR1" + footer + std::string(reinterpret_cast<const char*>(&size), 4) + "PAR1";
  const std::string path = dir + "/lying.parquet";
  FILE* file = std::fopen(path.c_str(), "wb");
  std::fwrite(bytes.data(), 1, bytes.size(), file);
  std::fclose(file);
  return path;
}

TEST(ParquetFileTest, FootersThatLieGiveClearErrors) {
  const std::string dir = temporary_dir();
  parquet::FileMetaData metadata;
  parquet::SchemaElement root, leaf;
  root.name = "schema";
  root.num_children = 1;
  leaf.name = "x";
  leaf.type = parquet::PhysicalType::kInt64;
  leaf.repetition = parquet::Repetition::kRequired;
  metadata.schema = {root, leaf};
  parquet::RowGroup group;
  group.num_rows = int64_t(1) << 50;
  parquet::ColumnChunk chunk;
  chunk.meta_data = parquet::ColumnMetaData{.type = parquet::PhysicalType::kInt64, .path_in_schema = {"x"},
                                            .total_compressed_size = 10, .data_page_offset = 4};
  group.columns.push_back(chunk);
  metadata.row_groups.push_back(group);
  EXPECT_THROW(open_parquet({write_footer_only(dir, metadata)}), ParseError);

  // A chunk that claims bytes past the end of the file.
  metadata.row_groups[0].num_rows = 5;
  metadata.row_groups[0].columns[0].meta_data->total_compressed_size = int64_t(1) << 40;
  auto source = open_parquet({write_footer_only(dir, metadata)});
  try {
    source->read_split_column(0, 0);
    FAIL() << "expected a ParseError";
  } catch (const ParseError& error) {
    EXPECT_NE(std::string(error.what()).find("lies outside"), std::string::npos);
    EXPECT_EQ(error.context().column, "x");
  }
  // A schema whose group claims more children than there are elements.
  metadata.schema[0].num_children = 1000;
  EXPECT_THROW(open_parquet({write_footer_only(dir, metadata)}), ParseError);
  fs::remove_all(dir);
}

TEST(ParquetFileTest, FixedLengthBytesKeepTheirBytes) {
  // fixed_length_byte_array.md: 1000 values of 4 bytes, written in
  // descending order (1000 down to 1, big-endian), 105 of them null.
  const fs::path path = fs::path(LODE_SHARED_TESTDATA) / "parquet" / "fixed_length_byte_array.parquet";
  ASSERT_TRUE(fs::exists(path)) << "shared test data not found at " << path
                                << ": the shared/ folder must sit beside the repository";
  auto table = read_splits(*open_parquet({path.string()}), {});
  auto column = table->column(0);
  ASSERT_EQ(column->length(), 1000);
  EXPECT_EQ(column->null_count(), 105);
  int64_t previous = 1001, count = 0;
  for (int64_t row = 0; row < column->length(); ++row) {
    if (column->is_null(row)) continue;
    const std::string_view bytes = column->string_at(row);
    ASSERT_EQ(bytes.size(), 4u);
    int64_t value = 0;
    for (char byte : bytes) value = value * 256 + static_cast<uint8_t>(byte);
    EXPECT_LT(value, previous);
    previous = value;
    ++count;
  }
  EXPECT_EQ(count, 895);
  EXPECT_EQ(previous, 1);
}

TEST(RowGroupPruningTest, ExcludesOnlyWhenSure) {
  parquet::ValueRange range;
  range.num_rows = 10;
  range.null_count = 0;
  range.min = Scalar::int64(10);
  range.max = Scalar::int64(20);
  auto excludes = [&](PredicateOp op, int64_t value) { return parquet::range_excludes(range, predicate(0, op, value)); };
  EXPECT_TRUE(excludes(PredicateOp::kEqual, 9));
  EXPECT_FALSE(excludes(PredicateOp::kEqual, 10));
  EXPECT_TRUE(excludes(PredicateOp::kLess, 10));
  EXPECT_FALSE(excludes(PredicateOp::kLessEqual, 10));
  EXPECT_TRUE(excludes(PredicateOp::kGreater, 20));
  EXPECT_FALSE(excludes(PredicateOp::kGreaterEqual, 20));
  EXPECT_FALSE(excludes(PredicateOp::kNotEqual, 15));
  EXPECT_TRUE(parquet::range_excludes(range, ColumnPredicate{0, PredicateOp::kIsNull, {}}));
  EXPECT_TRUE(parquet::range_excludes(range, ColumnPredicate{0, PredicateOp::kIn, {Scalar::int64(1), Scalar::int64(30)}}));
  EXPECT_FALSE(parquet::range_excludes(range, ColumnPredicate{0, PredicateOp::kIn, {Scalar::int64(1), Scalar::int64(15)}}));
  // A float constant compares numerically; a string does not compare at all.
  EXPECT_TRUE(parquet::range_excludes(range, ColumnPredicate{0, PredicateOp::kGreater, {Scalar::float64(20.5)}}));
  EXPECT_FALSE(parquet::range_excludes(range, ColumnPredicate{0, PredicateOp::kEqual, {Scalar::string("x")}}));
  // Unknown statistics never exclude.
  parquet::ValueRange unknown;
  unknown.num_rows = 10;
  EXPECT_FALSE(parquet::range_excludes(unknown, predicate(0, PredicateOp::kEqual, 1)));
}

}  // namespace
}  // namespace lode::io
