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

// ---- nested columns: the Parquet group tree becomes a NestedNode tree.

bool is_annotated(const SchemaElement& element, LogicalType::Kind logical, ConvertedType converted) {
  return (element.logical_type && element.logical_type->kind == logical) || element.converted_type == converted;
}

bool is_list_group(const SchemaElement& element) {
  return is_group(element) && is_annotated(element, LogicalType::kList, ConvertedType::kList);
}

bool is_map_group(const SchemaElement& element) {
  return is_group(element) && (is_annotated(element, LogicalType::kMap, ConvertedType::kMap) ||
                               element.converted_type == ConvertedType::kMapKeyValue);
}

// Builds the NestedNode tree of one top-level group, numbering its leaves.
class NestedBuilder {
 public:
  NestedBuilder(const std::vector<SchemaElement>& schema, int first_leaf) : schema_(schema), next_leaf_(first_leaf) {}

  NestedColumn build(size_t index) {
    NestedColumn column;
    column.root = node(index, 0, 0, false, "");
    column.leaves = std::move(leaves_);
    return column;
  }

 private:
  std::vector<size_t> children_of(size_t index) const {
    std::vector<size_t> children;
    size_t next = index + 1;
    int leaves = 0;
    for (int32_t child = 0; child < schema_[index].num_children; ++child) {
      children.push_back(next);
      next = skip_subtree(schema_, next, leaves, 1);
    }
    return children;
  }

  // `as_element`: a repeated element that its list already counted in the levels.
  NestedNode node(size_t index, int16_t def, int16_t rep, bool as_element, const std::string& prefix) {
    const SchemaElement& element = schema_[index];
    const std::string path = prefix.empty() ? element.name : prefix + "." + element.name;
    if (def > 100 || rep > 100) malformed("'" + path + "' nests too deep");
    if (!as_element && element.repetition == Repetition::kRepeated) {
      // A bare repeated field: a list (never null) of its values.
      NestedNode list = list_node(element.name, false, def, rep);
      list.children.push_back(node(index, def + 1, rep + 1, true, prefix));
      return finish_list(list);
    }
    if (!is_group(element) && element.converted_type == ConvertedType::kInterval)
      throw NotSupportedError("'" + path + "' is an INTERVAL, for which lode has no type yet");
    const bool nullable = !as_element && element.repetition == Repetition::kOptional;
    const int16_t defined = def + (nullable ? 1 : 0);
    // A map's repeated key_value group is often marked MAP_KEY_VALUE: it is
    // the map's struct, not another map. A repeated LIST group (old list
    // structure) is a list of its own.
    const bool key_value = as_element && element.converted_type == ConvertedType::kMapKeyValue;
    if (is_list_group(element) || (is_map_group(element) && !key_value))
      return list_group(index, nullable, defined, rep, path);
    if (is_group(element)) return struct_node(index, nullable, defined, rep, path);
    ColumnDescriptor leaf = describe_leaf(element, next_leaf_++);
    leaf.name = path;
    leaf.max_definition_level = defined;
    leaf.max_repetition_level = rep;
    NestedNode result{.kind = NestedNode::Kind::kLeaf, .type = leaf.type, .name = element.name,
                      .nullable = nullable, .defined_level = defined};
    result.leaf = static_cast<int>(leaves_.size());
    leaves_.push_back(std::move(leaf));
    return result;
  }

  NestedNode list_node(const std::string& name, bool nullable, int16_t defined, int16_t rep) {
    return NestedNode{.kind = NestedNode::Kind::kList, .name = name, .nullable = nullable, .defined_level = defined,
                      .element_level = static_cast<int16_t>(defined + 1), .repeat_level = static_cast<int16_t>(rep + 1)};
  }

  NestedNode finish_list(NestedNode list) {
    list.type = DataType::list(list.children[0].type);
    return list;
  }

  // A LIST or MAP group: one repeated child, whose element follows the
  // spec's backward-compatibility rules (LogicalTypes.md).
  NestedNode list_group(size_t index, bool nullable, int16_t defined, int16_t rep, const std::string& path) {
    const SchemaElement& element = schema_[index];
    const std::vector<size_t> children = children_of(index);
    if (children.size() != 1 || schema_[children[0]].repetition != Repetition::kRepeated)
      malformed("list or map '" + path + "' needs exactly one repeated child");
    const size_t repeated = children[0];
    const SchemaElement& group = schema_[repeated];
    NestedNode list = list_node(element.name, nullable, defined, rep);
    const int16_t element_def = list.element_level, element_rep = list.repeat_level;
    const bool repeated_is_element = is_map_group(element) || !is_group(group) || group.num_children != 1 ||
                                     group.name == "array" || group.name == element.name + "_tuple";
    if (repeated_is_element) list.children.push_back(node(repeated, element_def, element_rep, true, path));
    else list.children.push_back(node(children_of(repeated)[0], element_def, element_rep, false, path + "." + group.name));
    return finish_list(list);
  }

  NestedNode struct_node(size_t index, bool nullable, int16_t defined, int16_t rep, const std::string& path) {
    const SchemaElement& element = schema_[index];
    if (element.num_children == 0) throw NotSupportedError("'" + path + "' is a struct without fields");
    NestedNode result{.kind = NestedNode::Kind::kStruct, .name = element.name, .nullable = nullable,
                      .defined_level = defined};
    std::vector<std::string> names;
    std::vector<DataType> types;
    for (size_t child : children_of(index)) {
      result.children.push_back(node(child, defined, rep, false, path));
      names.push_back(result.children.back().name);
      types.push_back(result.children.back().type);
    }
    result.type = DataType::struct_of(std::move(names), std::move(types));
    return result;
  }

  const std::vector<SchemaElement>& schema_;
  int next_leaf_;
  std::vector<ColumnDescriptor> leaves_;
};

// Describes a top-level group or repeated field as one nested column.
ColumnDescriptor describe_nested(const std::vector<SchemaElement>& schema, size_t index, int first_leaf) {
  auto nested = std::make_shared<NestedColumn>(NestedBuilder(schema, first_leaf).build(index));
  ColumnDescriptor column;
  column.name = schema[index].name;
  column.leaf_index = first_leaf;
  column.type = nested->root.type;
  column.max_definition_level = nested->root.defined_level;
  column.nested = std::move(nested);
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
      try {
        result.columns.push_back(describe_nested(schema, index, first_leaf));
      } catch (const NotSupportedError& error) {
        result.unsupported.push_back(UnsupportedColumn{element.name, "a nested column lode cannot read: " +
                                                                         error.message(),
                                                       first_leaf, result.num_leaves - first_leaf});
      }
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
    case TypeId::kList: case TypeId::kStruct: return std::nullopt;  // leaves are never nested
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
