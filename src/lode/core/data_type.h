#pragma once
// Logical column types and their physical layout. Every type maps onto one
// Arrow layout: fixed-width values (bool bit-packed), int64 offsets plus
// UTF-8 bytes for strings (Arrow's large_utf8), int64 offsets plus one child
// column for lists (large_list), one child column per field for structs.
// A map is a list of struct<key, value> (as Arrow lays maps out). DataType
// is a small value; nested types carry their children's types.

#include <cstdint>
#include <string>
#include <vector>

namespace lode {

enum class TypeId : uint8_t {
  kBool,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUInt8,
  kUInt16,
  kUInt32,
  kUInt64,
  kFloat32,
  kFloat64,
  kString,     // UTF-8, int64 offsets
  kDate32,     // days since 1970-01-01, int32
  kTimestamp,  // microseconds since 1970-01-01 00:00:00 UTC, int64
  kDecimal128, // 128-bit two's complement unscaled integer
  kList,       // int64 offsets into one child column of the element type
  kStruct,     // one child column per named field
};

struct DataType {
  TypeId id = TypeId::kInt64;
  uint8_t precision = 0;  // decimal128 only: 1..38 digits
  uint8_t scale = 0;      // decimal128 only: digits after the point, <= precision
  std::string timezone;   // timestamp only: an IANA name, empty for naive
  std::vector<DataType> children;       // list: the element type; struct: the field types
  std::vector<std::string> field_names;  // struct only: one name per child

  DataType() = default;
  DataType(TypeId type_id) : id(type_id) {}  // NOLINT: implicit on purpose

  static DataType decimal128(int precision, int scale);
  static DataType timestamp(std::string timezone = "");
  static DataType list(DataType element);
  /// Returns a struct type of one or more fields with distinct names
  /// (InvalidInputError otherwise).
  static DataType struct_of(std::vector<std::string> names, std::vector<DataType> types);

  /// Returns the canonical name: "int64", "string", "timestamp[us, UTC]",
  /// "decimal128(10, 2)", "list<int64>", "struct<a: int64, b: string>".
  /// parse() reads these back (and a few aliases).
  std::string name() const;
  static DataType parse(const std::string& name);

  /// Returns bytes per value, 0 for bit-packed bool, strings and nested types.
  int byte_width() const;
  bool is_integer() const;
  bool is_signed_integer() const;
  bool is_floating() const;
  bool is_numeric() const { return is_integer() || is_floating() || id == TypeId::kDecimal128; }
  bool is_nested() const { return id == TypeId::kList || id == TypeId::kStruct; }
  bool is_fixed_width() const { return id != TypeId::kString && id != TypeId::kBool && !is_nested(); }
  /// Returns the element type of a list.
  const DataType& element() const { return children.front(); }

  friend bool operator==(const DataType&, const DataType&) = default;
};

}  // namespace lode
