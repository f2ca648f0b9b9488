#include "lode/io/csv/csv_sniffer.h"

#include <gtest/gtest.h>

namespace lode::io {
namespace {

TEST(CsvSnifferTest, FindsDialectHeaderAndTypes) {
  const CsvLayout layout = sniff_csv("id;name;when\n1;'a;b';2024-01-02\n2;c;2024-01-03\n", CsvReadOptions{});
  EXPECT_EQ(layout.dialect.separator, ';');
  EXPECT_EQ(layout.dialect.quote, '\'');
  EXPECT_TRUE(layout.has_header);
  ASSERT_EQ(layout.columns.size(), 3u);
  EXPECT_EQ(layout.columns[0].type, DataType(TypeId::kInt64));
  EXPECT_EQ(layout.columns[1].type, DataType(TypeId::kString));
  EXPECT_EQ(layout.columns[2].type, DataType(TypeId::kDate32));
}

TEST(CsvSnifferTest, NoHeaderWhenFirstRowFitsTheTypes) {
  const CsvLayout layout = sniff_csv("1,2.5\n2,3\n", CsvReadOptions{});
  EXPECT_FALSE(layout.has_header);
  EXPECT_EQ(layout.columns[0].name, "column0");
  EXPECT_EQ(layout.columns[1].type, DataType(TypeId::kFloat64));
}

TEST(CsvSnifferTest, ASingleRecordIsTheHeaderOnlyWhenItReadsLikeNames) {
  // An empty table written with its header reads back as an empty table.
  EXPECT_TRUE(sniff_csv("id,name,city\n", CsvReadOptions{}).has_header);
  EXPECT_TRUE(sniff_csv("\"\"", CsvReadOptions{}).has_header);  // one unnamed column
  // A value with a type, an empty field, a repeat, a time of day: one row of data.
  for (const char* text : {"id,42\n", "AAA|\n", "x,,y\n", "a,b,a\n", "start,12:00\n", "t;09:30:15.5\n"}) {
    const CsvLayout layout = sniff_csv(text, CsvReadOptions{});
    EXPECT_FALSE(layout.has_header) << text;
    EXPECT_EQ(layout.columns[0].name, "column0") << text;
  }
  // 12:60 and 1:2 are not times: the record is a header.
  EXPECT_TRUE(sniff_csv("a,12:60,1:2\n", CsvReadOptions{}).has_header);
  CsvReadOptions given;
  given.has_header = true;
  EXPECT_TRUE(sniff_csv("x,,y\n", given).has_header);
}

TEST(CsvSnifferTest, MixedValuesBecomeStringAndNamesAreMadeUnique) {
  const CsvLayout layout = sniff_csv("a,a,\nx,1,2\ny,2,3\n", CsvReadOptions{});
  EXPECT_EQ(layout.columns[0].name, "a");
  EXPECT_EQ(layout.columns[1].name, "a_1");
  EXPECT_EQ(layout.columns[2].name, "column2");
  EXPECT_EQ(layout.columns[0].type, DataType(TypeId::kString));
}

TEST(CsvSnifferTest, GivenOptionsWin) {
  CsvReadOptions options;
  options.separator = '|';
  options.has_header = false;
  options.schema_overrides = {{"column1", DataType(TypeId::kInt32)}};
  const CsvLayout layout = sniff_csv("1|2\n3|4\n", options);
  EXPECT_EQ(layout.dialect.separator, '|');
  EXPECT_FALSE(layout.has_header);
  EXPECT_EQ(layout.columns[1].type, DataType(TypeId::kInt32));
  EXPECT_FALSE(layout.columns[1].sniffed);
}

TEST(CsvSnifferTest, DataStartSkipsBomRowsAndHeader) {
  CsvLayout layout;
  layout.skip_rows = 1;
  const CsvDataStart start = find_data_start("\xEF\xBB\xBFjunk\r\na,b\r\n1,2\r\n", layout);
  EXPECT_EQ(start.offset, 14);
  EXPECT_EQ(start.line, 3);
  EXPECT_EQ(start.header, (std::vector<std::string>{"a", "b"}));
}

TEST(CsvSnifferTest, SkipsNoteLinesAboveTheTable) {
  const std::string text = "some notes...\nmore notes,...\nnumber,text,day\n1,a,2000-01-01\n2,b,2000-01-02\n";
  const CsvLayout layout = sniff_csv(text, CsvReadOptions{});
  EXPECT_EQ(layout.skip_rows, 2);
  EXPECT_EQ(layout.columns[0].name, "number");
  EXPECT_EQ(layout.columns[0].type, DataType(TypeId::kInt64));
  CsvReadOptions options;
  options.skip_rows = 0;
  EXPECT_EQ(sniff_csv(text, options).skip_rows, 0);
}

}  // namespace
}  // namespace lode::io
