#pragma once
// Parquet's file metadata (the footer) and page headers as plain structs,
// following parquet.thrift with only the fields lode uses; the rest are
// skipped when read. decode_* read them with the bounds-checked Thrift
// reader; encode_* write them for the writer. Values only: no threading.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lode::io::parquet {

class ThriftReader;
class ThriftWriter;

enum class PhysicalType : int32_t {
  kBoolean = 0, kInt32 = 1, kInt64 = 2, kInt96 = 3, kFloat = 4, kDouble = 5,
  kByteArray = 6, kFixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
  kNone = -1, kUtf8 = 0, kMap = 1, kMapKeyValue = 2, kList = 3, kEnum = 4, kDecimal = 5,
  kDate = 6, kTimeMillis = 7, kTimeMicros = 8, kTimestampMillis = 9, kTimestampMicros = 10,
  kUint8 = 11, kUint16 = 12, kUint32 = 13, kUint64 = 14, kInt8 = 15, kInt16 = 16,
  kInt32 = 17, kInt64 = 18, kJson = 19, kBson = 20, kInterval = 21,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum class Encoding : int32_t {
  kPlain = 0, kPlainDictionary = 2, kRle = 3, kBitPacked = 4, kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6, kDeltaByteArray = 7, kRleDictionary = 8, kByteStreamSplit = 9,
};

enum class Codec : int32_t {
  kUncompressed = 0, kSnappy = 1, kGzip = 2, kLzo = 3, kBrotli = 4, kLz4 = 5, kZstd = 6, kLz4Raw = 7,
};

enum class PageType : int32_t { kDataPage = 0, kIndexPage = 1, kDictionaryPage = 2, kDataPageV2 = 3 };

enum class TimeUnit : int32_t { kMillis = 1, kMicros = 2, kNanos = 3 };

/// The LogicalType union; `kind` is the union member's field id (1 STRING,
/// 2 MAP, 3 LIST, 4 ENUM, 5 DECIMAL, 6 DATE, 7 TIME, 8 TIMESTAMP,
/// 10 INTEGER, 11 UNKNOWN, 12 JSON, 13 BSON, 14 UUID, 15 FLOAT16, ...).
struct LogicalType {
  enum Kind : int16_t {
    kString = 1, kMap = 2, kList = 3, kEnum = 4, kDecimal = 5, kDate = 6, kTime = 7,
    kTimestamp = 8, kInteger = 10, kUnknown = 11, kJson = 12, kBson = 13, kUuid = 14,
    kFloat16 = 15,
  };
  int16_t kind = 0;
  int32_t scale = 0, precision = 0;  // DECIMAL
  bool adjusted_to_utc = false;      // TIME, TIMESTAMP
  TimeUnit unit = TimeUnit::kMicros; // TIME, TIMESTAMP
  int8_t bit_width = 0;              // INTEGER
  bool is_signed = true;             // INTEGER
};

struct SchemaElement {
  std::optional<PhysicalType> type;  // absent for groups
  int32_t type_length = 0;
  std::optional<Repetition> repetition;
  std::string name;
  int32_t num_children = 0;
  ConvertedType converted_type = ConvertedType::kNone;
  int32_t scale = 0, precision = 0;
  std::optional<LogicalType> logical_type;
};

struct Statistics {
  std::optional<std::string> max, min;              // deprecated, signed order
  std::optional<std::string> max_value, min_value;  // the column's sort order
  std::optional<int64_t> null_count;
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::kInt32;
  std::vector<Encoding> encodings;
  std::vector<std::string> path_in_schema;
  Codec codec = Codec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
  /// From encoding_stats: whether every data page is dictionary-encoded
  /// (unknown when the writer gave no encoding_stats).
  std::optional<bool> all_data_pages_dictionary;
};

struct ColumnChunk {
  std::string file_path;
  int64_t file_offset = 0;
  std::optional<ColumnMetaData> meta_data;
  bool encrypted = false;  // crypto_metadata or encrypted_column_metadata present
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
};

struct KeyValue {
  std::string key;
  std::string value;
};

struct FileMetaData {
  int32_t version = 1;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::vector<KeyValue> key_value_metadata;
  std::string created_by;
  bool encrypted = false;  // encryption_algorithm present (plaintext footer)
  int32_t num_type_orders = 0;  // written: column_orders of TYPE_ORDER, one per leaf
};

struct DataPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;
  Encoding repetition_level_encoding = Encoding::kRle;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<uint32_t> crc;  // CRC32 of the page's bytes as stored (after compression)
  std::optional<DataPageHeader> data_page;
  std::optional<DictionaryPageHeader> dictionary_page;
  std::optional<DataPageHeaderV2> data_page_v2;
};

/// Decodes a footer (ParseError when corrupt).
FileMetaData decode_file_metadata(const uint8_t* data, int64_t size_bytes);
/// Decodes a page header from the front of [data, data + size_bytes) and
/// sets `header_bytes` to its length.
PageHeader decode_page_header(const uint8_t* data, int64_t size_bytes, int64_t& header_bytes);

std::string encode_file_metadata(const FileMetaData& metadata);
std::string encode_page_header(const PageHeader& header);

}  // namespace lode::io::parquet
