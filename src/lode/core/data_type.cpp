#include "lode/core/data_type.h"

#include <array>
#include <cstdio>
#include <utility>

#include "lode/core/error.h"

namespace lode {

namespace {

// Canonical names of the types that carry no parameters, then aliases.
constexpr std::array<std::pair<const char*, TypeId>, 26> kNamedTypes = {{
    {"bool", TypeId::kBool},       {"int8", TypeId::kInt8},
    {"int16", TypeId::kInt16},     {"int32", TypeId::kInt32},
    {"int64", TypeId::kInt64},     {"uint8", TypeId::kUInt8},
    {"uint16", TypeId::kUInt16},   {"uint32", TypeId::kUInt32},
    {"uint64", TypeId::kUInt64},   {"float32", TypeId::kFloat32},
    {"float64", TypeId::kFloat64}, {"string", TypeId::kString},
    {"date32", TypeId::kDate32},   {"boolean", TypeId::kBool},
    {"i8", TypeId::kInt8},         {"i16", TypeId::kInt16},
    {"i32", TypeId::kInt32},       {"i64", TypeId::kInt64},
    {"u8", TypeId::kUInt8},        {"u16", TypeId::kUInt16},
    {"u32", TypeId::kUInt32},      {"u64", TypeId::kUInt64},
    {"f32", TypeId::kFloat32},     {"f64", TypeId::kFloat64},
    {"utf8", TypeId::kString},     {"date", TypeId::kDate32},
}};

}  // namespace

DataType DataType::decimal128(int precision, int scale) {
  if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
    throw InvalidInputError("decimal128 needs 1 <= precision <= 38 and 0 <= scale <= precision, got (" +
                            std::to_string(precision) + ", " + std::to_string(scale) + ")");
  }
  DataType type(TypeId::kDecimal128);
  type.precision = static_cast<uint8_t>(precision);
  type.scale = static_cast<uint8_t>(scale);
  return type;
}

DataType DataType::timestamp(std::string timezone) {
  DataType type(TypeId::kTimestamp);
  type.timezone = std::move(timezone);
  return type;
}

DataType DataType::list(DataType element) {
  DataType type(TypeId::kList);
  type.children.push_back(std::move(element));
  return type;
}

DataType DataType::struct_of(std::vector<std::string> names, std::vector<DataType> types) {
  LODE_CHECK(names.size() == types.size(), "struct field names and types differ in number");
  if (names.empty()) throw InvalidInputError("a struct needs at least one field");
  for (size_t i = 0; i < names.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (names[i] == names[j]) throw InvalidInputError("a struct has two fields named '" + names[i] + "'");
  DataType type(TypeId::kStruct);
  type.field_names = std::move(names);
  type.children = std::move(types);
  return type;
}

std::string DataType::name() const {
  switch (id) {
    case TypeId::kList:
      return "list<" + element().name() + ">";
    case TypeId::kStruct: {
      std::string text = "struct<";
      for (size_t i = 0; i < children.size(); ++i)
        text += (i ? ", " : "") + field_names[i] + ": " + children[i].name();
      return text + ">";
    }
    case TypeId::kTimestamp:
      return timezone.empty() ? "timestamp[us]" : "timestamp[us, " + timezone + "]";
    case TypeId::kDecimal128:
      return "decimal128(" + std::to_string(precision) + ", " + std::to_string(scale) + ")";
    default:
      for (const auto& [type_name, type_id] : kNamedTypes)
        if (type_id == id) return type_name;
  }
  return "unknown";
}

namespace {

// Splits "a: int64, b: list<x, y>" at the commas outside angle brackets.
std::vector<std::string> split_top_level(const std::string& text) {
  std::vector<std::string> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' || text[i] == '(') ++depth;
    else if (text[i] == '>' || text[i] == ')') --depth;
    else if (text[i] == ',' && depth == 0) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

std::string trim(const std::string& text) {
  const size_t first = text.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

// Parses "struct<name: type, ...>"'s inside.
DataType parse_struct(const std::string& inside) {
  std::vector<std::string> names;
  std::vector<DataType> types;
  for (const std::string& part : split_top_level(inside)) {
    const size_t colon = part.find(':');
    if (colon == std::string::npos)
      throw InvalidInputError("a struct field '" + trim(part) + "' has no type", ErrorContext{.hint = "write struct<a: int64, b: string>"});
    names.push_back(trim(part.substr(0, colon)));
    types.push_back(DataType::parse(trim(part.substr(colon + 1))));
  }
  return DataType::struct_of(std::move(names), std::move(types));
}

}  // namespace

DataType DataType::parse(const std::string& name) {
  if (name.size() > 6 && name.back() == '>') {
    if (name.rfind("list<", 0) == 0) return list(parse(trim(name.substr(5, name.size() - 6))));
    if (name.rfind("struct<", 0) == 0) return parse_struct(name.substr(7, name.size() - 8));
  }
  for (const auto& [type_name, type_id] : kNamedTypes)
    if (name == type_name) return DataType(type_id);
  if (name == "timestamp" || name == "timestamp[us]" || name == "datetime") return timestamp();
  if (name.rfind("timestamp[us, ", 0) == 0 && name.back() == ']')
    return timestamp(name.substr(14, name.size() - 15));
  int precision = 0, scale = 0;
  if (std::sscanf(name.c_str(), "decimal128(%d, %d)", &precision, &scale) == 2 ||
      std::sscanf(name.c_str(), "decimal128(%d,%d)", &precision, &scale) == 2 ||
      std::sscanf(name.c_str(), "decimal(%d,%d)", &precision, &scale) == 2)
    return decimal128(precision, scale);
  std::string names[kNamedTypes.size()];
  for (size_t i = 0; i < kNamedTypes.size(); ++i) names[i] = kNamedTypes[i].first;
  std::string suggestion = closest_match(name, names, kNamedTypes.size());
  throw InvalidInputError("unknown data type '" + name + "'",
                          ErrorContext{.hint = suggestion.empty()
                                                   ? "use a name such as int64, float64, string, "
                                                     "date32, timestamp[us] or decimal128(p, s)"
                                                   : "did you mean '" + suggestion + "'?"});
}

int DataType::byte_width() const {
  switch (id) {
    case TypeId::kInt8: case TypeId::kUInt8: return 1;
    case TypeId::kInt16: case TypeId::kUInt16: return 2;
    case TypeId::kInt32: case TypeId::kUInt32: case TypeId::kFloat32: case TypeId::kDate32: return 4;
    case TypeId::kInt64: case TypeId::kUInt64: case TypeId::kFloat64: case TypeId::kTimestamp: return 8;
    case TypeId::kDecimal128: return 16;
    case TypeId::kBool: case TypeId::kString: case TypeId::kList: case TypeId::kStruct: return 0;
  }
  return 0;
}

bool DataType::is_integer() const {
  return id >= TypeId::kInt8 && id <= TypeId::kUInt64;
}

bool DataType::is_signed_integer() const {
  return id >= TypeId::kInt8 && id <= TypeId::kInt64;
}

bool DataType::is_floating() const {
  return id == TypeId::kFloat32 || id == TypeId::kFloat64;
}

}  // namespace lode
