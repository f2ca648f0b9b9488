#include "lode/io/parquet/column_descriptor.h"

#include <cmath>
#include <cstring>

#include "lode/core/error.h"

namespace lode::io::parquet {

namespace {

constexpr int64_t kJulianDayOfEpoch = 2440588;
constexpr int64_t kMicrosPerDay = 86400LL * 1000000;

bool is_group(const SchemaElement& element) { return !element.type.has_value() || element.num_children > 0; }

[[noreturn]] void malformed(const std::string& what) {
  throw ParseError("malformed Parquet schema: " + what, ErrorContext{.hint = "the file is damaged"});
}

// Counts the leaves under schema[index] and returns the index after its subtree.
size_t skip_subtree(const std::vector<SchemaElement>& schema, size_t index, int& leaves, int depth) {
  if (depth > 64) malformed("groups nest deeper than 64 levels");
  if (index >= schema.size()) malformed("a group has more children than the schema has elements");
  const SchemaElement& element = schema[index];
  if (!is_group(element)) {
    ++leaves;
    return index + 1;
  }
  if (element.num_children < 0 || static_cast<size_t>(element.num_children) > schema.size())
    malformed("group '" + element.name + "' has " + std::to_string(element.num_children) + " children");
  size_t next = index + 1;
  for (int32_t child = 0; child < element.num_children; ++child) next = skip_subtree(schema, next, leaves, depth + 1);
  return next;
}

DataType integer_type(int bit_width, bool is_signed, ColumnDescriptor& column) {
  switch (bit_width) {
    case 8: column.conversion = Conversion::kInt32ToInt8; return is_signed ? TypeId::kInt8 : TypeId::kUInt8;
    case 16: column.conversion = Conversion::kInt32ToInt16; return is_signed ? TypeId::kInt16 : TypeId::kUInt16;
    case 32: return is_signed ? TypeId::kInt32 : TypeId::kUInt32;
    case 64: return is_signed ? TypeId::kInt64 : TypeId::kUInt64;
  }
  malformed("integer of " + std::to_string(bit_width) + " bits");
}

DataType decimal_type(const SchemaElement& element, ColumnDescriptor& column) {
  int precision = element.precision, scale = element.scale;
  if (element.logical_type && element.logical_type->kind == LogicalType::kDecimal) {
    precision = element.logical_type->precision;
    scale = element.logical_type->scale;
  }
  if (precision > 38)
    throw NotSupportedError("decimal precision " + std::to_string(precision) + " is over lode's 38 digits",
                            ErrorContext{.column = column.name});
  if (precision < 1 || scale < 0 || scale > precision)
    malformed("column '" + column.name + "' is decimal(" + std::to_string(precision) + ", " + std::to_string(scale) + ")");
  return DataType::decimal128(precision, scale);
}

// Sets the lode type and conversion for a leaf with a time unit.
DataType time_type(bool is_timestamp, TimeUnit unit, bool utc, ColumnDescriptor& column) {
  if (column.physical_type == PhysicalType::kInt32) {
    column.conversion = Conversion::kInt32MillisToMicros;
    return TypeId::kInt64;
  }
  if (unit == TimeUnit::kMillis) column.conversion = Conversion::kInt64Multiply;
  if (unit == TimeUnit::kNanos) column.conversion = Conversion::kInt64NanosToMicros;
  if (!is_timestamp) return TypeId::kInt64;  // time of day as microseconds
  return DataType::timestamp(utc ? "UTC" : "");
}

DataType map_logical(const SchemaElement& element, ColumnDescriptor& column) {
  const LogicalType& logical = *element.logical_type;
  const PhysicalType physical = column.physical_type;
  switch (logical.kind) {
    case LogicalType::kDecimal: {
      DataType type = decimal_type(element, column);
      column.conversion = physical == PhysicalType::kInt32   ? Conversion::kInt32ToDecimal
                          : physical == PhysicalType::kInt64 ? Conversion::kInt64ToDecimal
                                                             : Conversion::kBytesToDecimal;
      return type;
    }
    case LogicalType::kDate: return TypeId::kDate32;
    case LogicalType::kTime: return time_type(false, logical.unit, logical.adjusted_to_utc, column);
    case LogicalType::kTimestamp: return time_type(true, logical.unit, logical.adjusted_to_utc, column);
    case LogicalType::kInteger: return integer_type(logical.bit_width, logical.is_signed, column);
    case LogicalType::kFloat16:
      column.conversion = Conversion::kFloat16ToFloat32;
      return TypeId::kFloat32;
    case LogicalType::kUuid:
      column.conversion = Conversion::kUuidToString;
      return TypeId::kString;
    default: return DataType(TypeId::kBool);  // not decided by the logical type
  }
}

bool logical_decides(const SchemaElement& element) {
  if (!element.logical_type) return false;
  switch (element.logical_type->kind) {
    case LogicalType::kDecimal: case LogicalType::kDate: case LogicalType::kTime: case LogicalType::kTimestamp:
    case LogicalType::kInteger: case LogicalType::kFloat16: case LogicalType::kUuid: return true;
    default: return false;
  }
}

DataType map_converted(const SchemaElement& element, ColumnDescriptor& column) {
  switch (element.converted_type) {
    case ConvertedType::kDecimal: {
      DataType type = decimal_type(element, column);
      column.conversion = column.physical_type == PhysicalType::kInt32   ? Conversion::kInt32ToDecimal
                          : column.physical_type == PhysicalType::kInt64 ? Conversion::kInt64ToDecimal
                                                                         : Conversion::kBytesToDecimal;
      return type;
    }
    case ConvertedType::kDate: return TypeId::kDate32;
    case ConvertedType::kTimeMillis: return time_type(false, TimeUnit::kMillis, true, column);
    case ConvertedType::kTimeMicros: return time_type(false, TimeUnit::kMicros, true, column);
    case ConvertedType::kTimestampMillis: return time_type(true, TimeUnit::kMillis, true, column);
    case ConvertedType::kTimestampMicros: return time_type(true, TimeUnit::kMicros, true, column);
    case ConvertedType::kInt8: return integer_type(8, true, column);
    case ConvertedType::kInt16: return integer_type(16, true, column);
    case ConvertedType::kInt32: return integer_type(32, true, column);
    case ConvertedType::kInt64: return integer_type(64, true, column);
    case ConvertedType::kUint8: return integer_type(8, false, column);
    case ConvertedType::kUint16: return integer_type(16, false, column);
    case ConvertedType::kUint32: return integer_type(32, false, column);
    case ConvertedType::kUint64: return integer_type(64, false, column);
    default: break;
  }
  switch (column.physical_type) {
    case PhysicalType::kBoolean: column.conversion = Conversion::kBoolean; return TypeId::kBool;
    case PhysicalType::kInt32: return TypeId::kInt32;
    case PhysicalType::kInt64: return TypeId::kInt64;
    case PhysicalType::kInt96: column.conversion = Conversion::kInt96ToTimestamp; return DataType::timestamp();
    case PhysicalType::kFloat: return TypeId::kFloat32;
    case PhysicalType::kDouble: return TypeId::kFloat64;
    case PhysicalType::kByteArray: case PhysicalType::kFixedLenByteArray:
      column.conversion = Conversion::kBytesToString;
      return TypeId::kString;
  }
  malformed("unknown physical type");
}

bool fits_physical(const ColumnDescriptor& column) {
  const PhysicalType physical = column.physical_type;
  switch (column.conversion) {
    case Conversion::kCopy:
      return column.type.byte_width() == column.physical_width();
    case Conversion::kInt32ToInt8: case Conversion::kInt32ToInt16: case Conversion::kInt32MillisToMicros:
    case Conversion::kInt32ToDecimal: return physical == PhysicalType::kInt32;
    case Conversion::kInt64Multiply: case Conversion::kInt64NanosToMicros: case Conversion::kInt64ToDecimal:
      return physical == PhysicalType::kInt64;
    case Conversion::kInt96ToTimestamp: return physical == PhysicalType::kInt96;
    case Conversion::kBytesToDecimal:
      return physical == PhysicalType::kByteArray ||
             (physical == PhysicalType::kFixedLenByteArray && column.type_length <= 16);
    case Conversion::kFloat16ToFloat32: return physical == PhysicalType::kFixedLenByteArray && column.type_length == 2;
    case Conversion::kUuidToString: return physical == PhysicalType::kFixedLenByteArray && column.type_length == 16;
    case Conversion::kBoolean: return physical == PhysicalType::kBoolean;
    case Conversion::kBytesToString:
      return physical == PhysicalType::kByteArray || physical == PhysicalType::kFixedLenByteArray;
  }
  return false;
}

ColumnDescriptor describe_leaf(const SchemaElement& element, int leaf_index) {
  ColumnDescriptor column;
  column.name = element.name;
  column.leaf_index = leaf_index;
  column.physical_type = *element.type;
  column.type_length = element.type_length;
  if (column.physical_type == PhysicalType::kFixedLenByteArray &&
      (element.type_length <= 0 || element.type_length > (1 << 20)))
    malformed("column '" + element.name + "' has fixed length " + std::to_string(element.type_length));
  column.max_definition_level = element.repetition == Repetition::kOptional ? 1 : 0;
  column.type = logical_decides(element) ? map_logical(element, column) : map_converted(element, column);
  if (column.physical_type == PhysicalType::kBoolean) column.conversion = Conversion::kBoolean;
  if (!fits_physical(column)) {
    // An annotation that does not fit the physical type: fall back to it.
    SchemaElement plain = element;
    plain.logical_type.reset();
    plain.converted_type = ConvertedType::kNone;
    column.conversion = Conversion::kCopy;
    column.type = map_converted(plain, column);
  }
  return column;
}

}  // namespace

int ColumnDescriptor::physical_width() const {
  switch (physical_type) {
    case PhysicalType::kInt32: case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64: case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt96: return 12;
    case PhysicalType::kFixedLenByteArray: return type_length;
    default: return 0;
  }
}

int ColumnDescriptor::storage_width() const { return type.id == TypeId::kBool ? 1 : type.byte_width(); }

FileColumns describe_columns(const std::vector<SchemaElement>& schema) {
  if (schema.empty()) malformed("the schema is empty");
  const SchemaElement& root = schema[0];
  if (root.num_children < 0 || static_cast<size_t>(root.num_children) >= schema.size() + 1)
    malformed("the root has " + std::to_string(root.num_children) + " children");
  FileColumns result;
  size_t index = 1;
  for (int32_t child = 0; child < root.num_children; ++child) {
    if (index >= schema.size()) malformed("the root has more children than the schema has elements");
    const SchemaElement& element = schema[index];
    const int first_leaf = result.num_leaves;
    const size_t next = skip_subtree(schema, index, result.num_leaves, 1);
    if (!is_group(element) && element.converted_type == ConvertedType::kInterval) {
      result.unsupported.push_back(UnsupportedColumn{element.name, "an INTERVAL, for which lode has no type yet",
                                                     first_leaf, 1});
    } else if (is_group(element) || element.repetition == Repetition::kRepeated) {
      std::string kind = element.logical_type && element.logical_type->kind == LogicalType::kList ? "a list"
                         : element.logical_type && element.logical_type->kind == LogicalType::kMap ? "a map"
                         : element.converted_type == ConvertedType::kList ? "a list"
                         : element.converted_type == ConvertedType::kMap ? "a map"
                         : is_group(element) ? "a struct" : "a repeated field";
      result.unsupported.push_back(UnsupportedColumn{
          element.name, kind + "; lode reads flat Parquet columns only (no lists, maps or structs yet)", first_leaf,
          result.num_leaves - first_leaf});
    } else {
      result.columns.push_back(describe_leaf(element, first_leaf));
    }
    index = next;
  }
  if (index != schema.size()) malformed("the schema has elements outside the tree");
  return result;
}

namespace {

float half_to_float(uint16_t half) {
  const uint32_t sign = (half >> 15) & 1, exponent = (half >> 10) & 0x1f, mantissa = half & 0x3ff;
  float value;
  if (exponent == 0) value = std::ldexp(static_cast<float>(mantissa), -24);
  else if (exponent == 31) value = mantissa ? NAN : INFINITY;
  else value = std::ldexp(static_cast<float>(mantissa | 0x400), static_cast<int>(exponent) - 25);
  return sign ? -value : value;
}

Int128 big_endian_to_int128(std::string_view bytes) {
  if (bytes.empty()) return 0;
  // Sign-extend from the first byte, then shift in the rest.
  Int128 value = static_cast<int8_t>(bytes[0]) < 0 ? -1 : 0;
  const size_t skip = bytes.size() > 16 ? bytes.size() - 16 : 0;
  for (size_t i = skip; i < bytes.size(); ++i)
    value = static_cast<Int128>((static_cast<unsigned __int128>(value) << 8) | static_cast<uint8_t>(bytes[i]));
  return value;
}

int64_t floor_divide(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

template <typename From, typename To, typename Function>
void map_values(const uint8_t* physical, int64_t count, uint8_t* target, Function&& function) {
  for (int64_t i = 0; i < count; ++i) {
    From value;
    std::memcpy(&value, physical + i * sizeof(From), sizeof(From));
    To result = function(value);
    std::memcpy(target + i * sizeof(To), &result, sizeof(To));
  }
}

}  // namespace

void convert_fixed(const ColumnDescriptor& column, const uint8_t* physical, int64_t count, uint8_t* target) {
  if (count == 0) return;  // an empty page or dictionary: the buffers may be null
  switch (column.conversion) {
    case Conversion::kCopy: std::memcpy(target, physical, static_cast<size_t>(count * column.physical_width())); return;
    case Conversion::kInt32ToInt8: map_values<int32_t, int8_t>(physical, count, target, [](int32_t v) { return int8_t(v); }); return;
    case Conversion::kInt32ToInt16: map_values<int32_t, int16_t>(physical, count, target, [](int32_t v) { return int16_t(v); }); return;
    case Conversion::kInt32MillisToMicros:
      map_values<int32_t, int64_t>(physical, count, target, [](int32_t v) { return int64_t(v) * 1000; });
      return;
    case Conversion::kInt64Multiply:
      map_values<int64_t, int64_t>(physical, count, target, [](int64_t v) {
        return static_cast<int64_t>(static_cast<uint64_t>(v) * 1000);
      });
      return;
    case Conversion::kInt64NanosToMicros:
      map_values<int64_t, int64_t>(physical, count, target, [](int64_t v) { return floor_divide(v, 1000); });
      return;
    case Conversion::kInt32ToDecimal: map_values<int32_t, Int128>(physical, count, target, [](int32_t v) { return Int128(v); }); return;
    case Conversion::kInt64ToDecimal: map_values<int64_t, Int128>(physical, count, target, [](int64_t v) { return Int128(v); }); return;
    case Conversion::kInt96ToTimestamp:
      for (int64_t i = 0; i < count; ++i) {
        int64_t nanos_of_day;
        int32_t julian_day;
        std::memcpy(&nanos_of_day, physical + i * 12, 8);
        std::memcpy(&julian_day, physical + i * 12 + 8, 4);
        const uint64_t micros = static_cast<uint64_t>(julian_day - kJulianDayOfEpoch) * kMicrosPerDay +
                                static_cast<uint64_t>(floor_divide(nanos_of_day, 1000));
        std::memcpy(target + i * 8, &micros, 8);
      }
      return;
    case Conversion::kBoolean: std::memcpy(target, physical, static_cast<size_t>(count)); return;
    case Conversion::kBytesToDecimal: case Conversion::kFloat16ToFloat32: {
      const int width = column.physical_width();
      std::vector<std::string_view> views(static_cast<size_t>(count));
      for (int64_t i = 0; i < count; ++i)
        views[i] = std::string_view(reinterpret_cast<const char*>(physical) + i * width, static_cast<size_t>(width));
      convert_bytes_to_fixed(column, views.data(), count, target);
      return;
    }
    case Conversion::kBytesToString: case Conversion::kUuidToString: break;
  }
  LODE_CHECK(false, "convert_fixed called for a byte-string column");
}

void convert_bytes_to_fixed(const ColumnDescriptor& column, const std::string_view* values, int64_t count,
                            uint8_t* target) {
  if (column.conversion == Conversion::kFloat16ToFloat32) {
    for (int64_t i = 0; i < count; ++i) {
      uint16_t half = 0;
      std::memcpy(&half, values[i].data(), std::min<size_t>(2, values[i].size()));
      float value = half_to_float(half);
      std::memcpy(target + i * 4, &value, 4);
    }
    return;
  }
  LODE_CHECK(column.conversion == Conversion::kBytesToDecimal, "unexpected byte conversion");
  for (int64_t i = 0; i < count; ++i) {
    Int128 value = big_endian_to_int128(values[i]);
    std::memcpy(target + i * 16, &value, 16);
  }
}

std::optional<Scalar> statistic_scalar(const ColumnDescriptor& column, std::string_view bytes) {
  Scalar scalar;
  scalar.type = column.type;
  if (column.type.id == TypeId::kString) {
    if (column.conversion == Conversion::kUuidToString) return std::nullopt;
    scalar.text = std::string(bytes);
    return scalar;
  }
  uint8_t storage[16] = {};
  if (column.conversion == Conversion::kBytesToDecimal || column.conversion == Conversion::kFloat16ToFloat32) {
    if (bytes.empty() || bytes.size() > 16) return std::nullopt;
    convert_bytes_to_fixed(column, &bytes, 1, storage);
  } else {
    const int width = column.physical_type == PhysicalType::kBoolean ? 1 : column.physical_width();
    if (static_cast<int>(bytes.size()) != width) return std::nullopt;
    convert_fixed(column, reinterpret_cast<const uint8_t*>(bytes.data()), 1, storage);
  }
  auto load = [&](auto value) {
    std::memcpy(&value, storage, sizeof(value));
    return value;
  };
  switch (column.type.id) {
    case TypeId::kBool: scalar.boolean = storage[0] != 0; break;
    case TypeId::kInt8: scalar.integer = load(int8_t()); break;
    case TypeId::kInt16: scalar.integer = load(int16_t()); break;
    case TypeId::kInt32: case TypeId::kDate32: scalar.integer = load(int32_t()); break;
    case TypeId::kInt64: case TypeId::kTimestamp: scalar.integer = load(int64_t()); break;
    case TypeId::kUInt8: scalar.unsigned_integer = load(uint8_t()); break;
    case TypeId::kUInt16: scalar.unsigned_integer = load(uint16_t()); break;
    case TypeId::kUInt32: scalar.unsigned_integer = load(uint32_t()); break;
    case TypeId::kUInt64: scalar.unsigned_integer = load(uint64_t()); break;
    case TypeId::kFloat32: scalar.real = load(float()); break;
    case TypeId::kFloat64: scalar.real = load(double()); break;
    case TypeId::kDecimal128: scalar.decimal = load(Int128()); break;
    case TypeId::kString: break;
  }
  if (column.type.is_floating() && std::isnan(scalar.real)) return std::nullopt;
  return scalar;
}

}  // namespace lode::io::parquet
