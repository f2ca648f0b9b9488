#pragma once
// How one Parquet leaf column becomes one lode column: its physical type,
// whether it is optional, the lode type it maps to and the conversion that
// gets there (time units, INT96, decimals, float16, unsigned integers).
// A top-level group (list, map, struct) becomes one nested lode column: its
// NestedNode tree says how the leaves' repetition and definition levels
// assemble into list offsets, struct fields and validity (see
// nested_assembly.h). describe_columns() walks the schema tree of a footer
// once per file; descriptors are immutable values shared by all readers.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lode/core/data_type.h"
#include "lode/core/scalar.h"
#include "lode/io/parquet/metadata.h"

namespace lode::io::parquet {

enum class Conversion : uint8_t {
  kCopy,             // same bytes: INT32 -> int32/uint32/date32, INT64 -> int64/uint64, floats
  kInt32ToInt8,      // narrowing of INT32 to 8 bits (signed or unsigned)
  kInt32ToInt16,     // narrowing to 16 bits
  kInt32MillisToMicros,  // TIME(MILLIS) -> int64 microseconds
  kInt64Multiply,    // timestamp/time in millis -> micros (factor 1000)
  kInt64NanosToMicros,   // timestamp/time in nanos -> micros (floor)
  kInt32ToDecimal,
  kInt64ToDecimal,
  kInt96ToTimestamp,
  kBytesToDecimal,   // big-endian two's complement (FLBA or BYTE_ARRAY)
  kFloat16ToFloat32,
  kBoolean,
  kBytesToString,    // BYTE_ARRAY or FLBA kept as bytes
  kUuidToString,     // FLBA(16) UUID -> canonical text
};

struct NestedColumn;

struct ColumnDescriptor {
  std::string name;    // a leaf of a nested column: its dotted path
  int leaf_index = 0;  // index of its chunk within a row group (nested: the first leaf's)
  PhysicalType physical_type = PhysicalType::kInt32;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY only
  int16_t max_definition_level = 0;
  int16_t max_repetition_level = 0;
  DataType type;
  Conversion conversion = Conversion::kCopy;
  std::shared_ptr<const NestedColumn> nested;  // set for list, map and struct columns

  bool is_nested() const { return nested != nullptr; }

  /// Returns the bytes one PLAIN value takes, 0 for BYTE_ARRAY and BOOLEAN.
  int physical_width() const;
  /// Returns bytes per value in lode's storage while decoding (bool: 1).
  int storage_width() const;
};

/// One value of a nested column's tree. Levels are Parquet's: a value is
/// non-null when an entry's definition level reaches `defined_level`; a
/// list has elements when it reaches `element_level`, and its elements
/// continue at repetition level `repeat_level`.
struct NestedNode {
  enum class Kind : uint8_t { kLeaf, kList, kStruct };
  Kind kind = Kind::kLeaf;
  DataType type;
  std::string name;
  bool nullable = false;
  int16_t defined_level = 0;
  int16_t element_level = 0;  // list only
  int16_t repeat_level = 0;   // list only
  int leaf = 0;               // leaf only: index into NestedColumn::leaves
  std::vector<NestedNode> children;  // list: the element; struct: the fields
};

struct NestedColumn {
  NestedNode root;
  std::vector<ColumnDescriptor> leaves;  // in schema order
};

/// A top-level column that lode cannot read (intervals, empty structs).
struct UnsupportedColumn {
  std::string name;
  std::string reason;  // completes "column 'name' is ..."
  int first_leaf = 0;
  int num_leaves = 0;
};

struct FileColumns {
  std::vector<ColumnDescriptor> columns;
  std::vector<UnsupportedColumn> unsupported;
  int num_leaves = 0;
};

/// Maps the schema tree of a footer onto lode columns (ParseError when
/// the tree is malformed, NotSupportedError for a type lode cannot hold).
FileColumns describe_columns(const std::vector<SchemaElement>& schema);

/// Converts `count` fixed-width physical values into lode storage.
void convert_fixed(const ColumnDescriptor& column, const uint8_t* physical, int64_t count, uint8_t* target);
/// Converts byte values (BYTE_ARRAY, FLBA) into fixed-width lode storage
/// (decimal128, float32 from float16).
void convert_bytes_to_fixed(const ColumnDescriptor& column, const std::string_view* values, int64_t count,
                            uint8_t* target);
/// Returns a statistics value (PLAIN bytes) as a scalar of the column's type.
std::optional<Scalar> statistic_scalar(const ColumnDescriptor& column, std::string_view bytes);

}  // namespace lode::io::parquet
