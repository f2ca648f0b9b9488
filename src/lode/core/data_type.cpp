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

std::string DataType::name() const {
  switch (id) {
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

DataType DataType::parse(const std::string& name) {
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
    case TypeId::kBool: case TypeId::kString: return 0;
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
