#include "lode/io/parquet/thrift_compact.h"

#include <gtest/gtest.h>

#include "lode/core/error.h"
#include "lode/io/parquet/metadata.h"

namespace lode::io::parquet {
namespace {

const uint8_t* bytes_of(const std::string& text) { return reinterpret_cast<const uint8_t*>(text.data()); }

TEST(ThriftCompactTest, RoundTripsFieldsListsAndLongDeltas) {
  ThriftWriter writer;
  writer.begin_struct();
  writer.write_i32_field(1, -7);
  writer.write_i64_field(2, int64_t(1) << 40);
  writer.write_binary_field(3, "name");
  writer.write_bool_field(40, true);  // delta > 15: long form
  writer.write_list_field(41, ThriftType::kI32, 20);
  for (int i = 0; i < 20; ++i) writer.write_i32(i);
  writer.end_struct();
  const std::string encoded = writer.bytes();

  ThriftReader reader(bytes_of(encoded), static_cast<int64_t>(encoded.size()), "test");
  reader.begin_struct();
  ThriftField field = reader.read_field();
  EXPECT_EQ(field.id, 1);
  EXPECT_EQ(reader.read_i32(), -7);
  field = reader.read_field();
  EXPECT_EQ(reader.read_i64(), int64_t(1) << 40);
  field = reader.read_field();
  EXPECT_EQ(reader.read_string(), "name");
  field = reader.read_field();
  EXPECT_EQ(field.id, 40);
  EXPECT_TRUE(reader.read_bool(field));
  field = reader.read_field();
  EXPECT_EQ(field.id, 41);
  ThriftList list = reader.read_list_header();
  EXPECT_EQ(list.size, 20);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(reader.read_i32(), i);
  EXPECT_TRUE(reader.read_field().is_stop());
  EXPECT_EQ(reader.position(), static_cast<int64_t>(encoded.size()));
}

TEST(ThriftCompactTest, RejectsListsLongerThanTheInput) {
  // A list header claiming 2^31 elements in a 6-byte input.
  const uint8_t data[] = {0xf5, 0x80, 0x80, 0x80, 0x80, 0x08};
  ThriftReader reader(data, sizeof(data), "page header");
  EXPECT_THROW(reader.read_list_header(), ParseError);
}

TEST(ThriftCompactTest, RejectsStringsPastTheEndAndDeepNesting) {
  const uint8_t string_data[] = {0x40, 'a', 'b'};  // length 64, 2 bytes there
  ThriftReader strings(string_data, sizeof(string_data), "footer");
  EXPECT_THROW(strings.read_binary_view(), ParseError);

  std::string nested(200, '\x0c');  // struct fields inside struct fields ...
  for (size_t i = 0; i < nested.size(); ++i) nested[i] = static_cast<char>(0x1c);
  ThriftReader deep(bytes_of(nested), static_cast<int64_t>(nested.size()), "footer");
  EXPECT_THROW(deep.skip(ThriftType::kStruct), ParseError);
}

TEST(ThriftCompactTest, FileMetadataRoundTrips) {
  FileMetaData metadata;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 1;
  SchemaElement leaf;
  leaf.name = "x";
  leaf.type = PhysicalType::kInt64;
  leaf.repetition = Repetition::kOptional;
  LogicalType logical;
  logical.kind = LogicalType::kTimestamp;
  logical.unit = TimeUnit::kNanos;
  logical.adjusted_to_utc = true;
  leaf.logical_type = logical;
  metadata.schema = {root, leaf};
  metadata.num_rows = 5;
  RowGroup group;
  group.num_rows = 5;
  ColumnChunk chunk;
  ColumnMetaData meta;
  meta.type = PhysicalType::kInt64;
  meta.path_in_schema = {"x"};
  meta.codec = Codec::kZstd;
  meta.statistics = Statistics{.max_value = std::string(8, 'b'), .min_value = std::string(8, 'a'), .null_count = 2};
  chunk.meta_data = meta;
  group.columns.push_back(chunk);
  metadata.row_groups.push_back(group);
  metadata.key_value_metadata.push_back({"k", "v"});
  metadata.num_type_orders = 1;

  const std::string encoded = encode_file_metadata(metadata);
  FileMetaData decoded = decode_file_metadata(bytes_of(encoded), static_cast<int64_t>(encoded.size()));
  ASSERT_EQ(decoded.schema.size(), 2u);
  ASSERT_TRUE(decoded.schema[1].logical_type);
  EXPECT_EQ(decoded.schema[1].logical_type->unit, TimeUnit::kNanos);
  EXPECT_TRUE(decoded.schema[1].logical_type->adjusted_to_utc);
  EXPECT_EQ(decoded.row_groups[0].columns[0].meta_data->codec, Codec::kZstd);
  EXPECT_EQ(*decoded.row_groups[0].columns[0].meta_data->statistics->null_count, 2);
  EXPECT_EQ(decoded.key_value_metadata[0].value, "v");
  // Every prefix of the footer is an error, never a crash.
  for (size_t length = 0; length < encoded.size(); ++length)
    EXPECT_THROW(decode_file_metadata(bytes_of(encoded), static_cast<int64_t>(length)), ParseError) << length;
}

}  // namespace
}  // namespace lode::io::parquet
