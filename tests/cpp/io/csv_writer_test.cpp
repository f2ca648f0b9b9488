#include "lode/io/csv/csv_writer.h"

#include <dirent.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "lode/core/column_builder.h"
#include "lode/core/decimal.h"
#include "lode/core/error.h"

namespace lode::io {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string temporary_dir() {
  char pattern[] = "/tmp/lode-csv-test-XXXXXX";
  return mkdtemp(pattern);
}

int count_files(const std::string& directory) {
  int count = 0;
  DIR* dir = opendir(directory.c_str());
  while (dirent* entry = readdir(dir)) count += entry->d_name[0] != '.';
  closedir(dir);
  return count;
}

TEST(CsvWriterTest, WritesEveryTypeWithQuotingAndNulls) {
  ColumnBuilder text(TypeId::kString), number(TypeId::kFloat64), day(TypeId::kDate32),
      time(DataType::timestamp()), money(DataType::decimal128(10, 2)), flag(TypeId::kBool);
  text.append_string("plain");
  text.append_string("a,b \"q\"");
  text.append_string("");
  text.append_null();
  for (double value : {0.1, -2.5, 1e300}) number.append<double>(value);
  number.append_null();
  day.append<int32_t>(0);
  day.append<int32_t>(19000);
  day.append<int32_t>(-1);
  day.append_null();
  time.append<int64_t>(0);
  time.append<int64_t>(1700000000123456);
  time.append<int64_t>(-1);
  time.append_null();
  money.append<Int128>(12345);
  money.append<Int128>(-5);
  money.append<Int128>(0);
  money.append_null();
  for (bool value : {true, false, true}) flag.append_bool(value);
  flag.append_null();
  auto table = Table::from_columns({"text", "number", "day", "time", "money", "flag"},
                                   {text.finish(), number.finish(), day.finish(), time.finish(),
                                    money.finish(), flag.finish()});
  const std::string dir = temporary_dir();
  write_csv(*table, dir + "/out.csv");
  EXPECT_EQ(read_file(dir + "/out.csv"),
            "text,number,day,time,money,flag\n"
            "plain,0.1,1970-01-01,1970-01-01 00:00:00,123.45,true\n"
            "\"a,b \"\"q\"\"\",-2.5,2022-01-08,2023-11-14 22:13:20.123456,-0.05,false\n"
            "\"\",1e+300,1969-12-31,1969-12-31 23:59:59.999999,0.00,true\n"
            ",,,,,\n");
  EXPECT_EQ(count_files(dir), 1);  // no temporary file left
}

TEST(CsvWriterTest, FailedWriteLeavesNoFile) {
  auto table = Table::from_columns({}, {});
  try {
    write_csv(*table, "/nonexistent-folder/out.csv");
    FAIL();
  } catch (const IOError& error) {
    EXPECT_EQ(error.context().path, "/nonexistent-folder/out.csv");
  }
}

TEST(CsvWriterTest, OptionsChangeSeparatorAndNulls) {
  ColumnBuilder a(TypeId::kInt32), b(TypeId::kString);
  a.append<int32_t>(1);
  a.append_null();
  b.append_string("x;y");
  b.append_string("NA");
  auto table = Table::from_columns({"a", "b"}, {a.finish(), b.finish()});
  const std::string dir = temporary_dir();
  write_csv(*table, dir + "/out.csv", CsvWriteOptions{.header = false, .separator = ';', .null_string = "NA"});
  EXPECT_EQ(read_file(dir + "/out.csv"), "1;\"x;y\"\nNA;\"NA\"\n");
  EXPECT_THROW(write_csv(*table, dir + "/bad.csv", CsvWriteOptions{.separator = '"'}), InvalidInputError);
}

TEST(CsvWriterTest, StreamsBatchesAndLeavesNoFileWithoutFinish) {
  const std::string directory = temporary_dir();
  const std::string path = directory + "/stream.csv";
  ColumnBuilder numbers(TypeId::kInt64);
  numbers.append<int64_t>(1);
  numbers.append<int64_t>(2);
  const Batch batch({numbers.finish()}, 2);
  const Schema schema({Field{"n", TypeId::kInt64}});
  {
    CsvWriter writer(path, schema);
    writer.write(batch);
    EXPECT_EQ(count_files(directory), 1);  // only the temporary file
  }
  EXPECT_EQ(count_files(directory), 0);
  CsvWriter writer(path, schema);
  writer.write(batch);
  writer.write(batch.slice(1, 1));
  writer.finish();
  EXPECT_EQ(read_file(path), "n\n1\n2\n2\n");
  std::remove(path.c_str());
  rmdir(directory.c_str());
}

}  // namespace
}  // namespace lode::io
