#include "lode/core/scalar.h"

#include <charconv>
#include <cstdio>

#include "lode/core/calendar.h"

namespace lode {

Scalar Scalar::null(DataType type) {
  Scalar scalar;
  scalar.type = std::move(type);
  scalar.is_null = true;
  return scalar;
}

Scalar Scalar::int64(int64_t value) {
  Scalar scalar;
  scalar.type = TypeId::kInt64;
  scalar.integer = value;
  return scalar;
}

Scalar Scalar::float64(double value) {
  Scalar scalar;
  scalar.type = TypeId::kFloat64;
  scalar.real = value;
  return scalar;
}

Scalar Scalar::string(std::string value) {
  Scalar scalar;
  scalar.type = TypeId::kString;
  scalar.text = std::move(value);
  return scalar;
}

Scalar Scalar::boolean_value(bool value) {
  Scalar scalar;
  scalar.type = TypeId::kBool;
  scalar.boolean = value;
  return scalar;
}

std::string Scalar::to_string() const {
  if (is_null) return "NULL";
  switch (type.id) {
    case TypeId::kBool: return boolean ? "true" : "false";
    case TypeId::kUInt8: case TypeId::kUInt16: case TypeId::kUInt32: case TypeId::kUInt64:
      return std::to_string(unsigned_integer);
    case TypeId::kFloat32: case TypeId::kFloat64: {
      char text_buffer[64];
      auto end = std::to_chars(text_buffer, text_buffer + sizeof(text_buffer), real).ptr;
      return std::string(text_buffer, end);
    }
    case TypeId::kString: {
      std::string quoted = "'";
      for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
      return quoted + "'";
    }
    case TypeId::kDate32: {
      calendar::CivilDate date = calendar::date_from_days(integer);
      char text_buffer[48];
      std::snprintf(text_buffer, sizeof(text_buffer), "DATE '%04lld-%02d-%02d'",
                    static_cast<long long>(date.year), date.month, date.day);
      return text_buffer;
    }
    case TypeId::kTimestamp: {
      int64_t days, micros_of_day;
      calendar::split_timestamp(integer, days, micros_of_day);
      calendar::CivilDate date = calendar::date_from_days(days);
      const int64_t seconds = micros_of_day / calendar::kMicrosPerSecond;
      char text_buffer[80];
      std::snprintf(text_buffer, sizeof(text_buffer), "TIMESTAMP '%04lld-%02d-%02d %02d:%02d:%02d.%06d'",
                    static_cast<long long>(date.year), date.month, date.day, static_cast<int>(seconds / 3600),
                    static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60),
                    static_cast<int>(micros_of_day % calendar::kMicrosPerSecond));
      return text_buffer;
    }
    case TypeId::kDecimal128: return format_decimal(decimal, type.scale);
    default: return std::to_string(integer);
  }
}

}  // namespace lode
