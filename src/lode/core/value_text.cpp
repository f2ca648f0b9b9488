#include "lode/core/value_text.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "lode/core/calendar.h"
#include "lode/core/number_text.h"

namespace lode {

namespace {

void append_two_digits(int value, std::string& out) {
  out.push_back(static_cast<char>('0' + value / 10));
  out.push_back(static_cast<char>('0' + value % 10));
}

template <typename T>
void append_number(T value, std::string& out) {
  char text[64];
  auto end = std::to_chars(text, text + sizeof(text), value).ptr;
  out.append(text, end);
}

// The shortest text that reads back as the same float; a whole number keeps
// ".0" (10.0, not 10), as DuckDB, Polars and pandas write it.
template <typename T>
void append_float(T value, std::string& out) {
  if (std::isnan(value)) {
    out.append("NaN");
  } else if (std::isinf(value)) {
    out.append(value > 0 ? "inf" : "-inf");
  } else {
    const size_t start = out.size();
    append_number(value, out);
    if (out.find_first_of(".e", start) == std::string::npos) out.append(".0");
  }
}

bool digits(std::string_view text, size_t position, size_t count, int& value) {
  if (position + count > text.size()) return false;
  value = 0;
  for (size_t i = position; i < position + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

void append_date_text(int64_t days, std::string& out) {
  calendar::CivilDate date = calendar::date_from_days(days);
  if (date.year >= 0 && date.year <= 9999) {
    char text[8];
    std::snprintf(text, sizeof(text), "%04d", static_cast<int>(date.year));
    out.append(text);
  } else {
    append_number(date.year, out);
  }
  out.push_back('-');
  append_two_digits(date.month, out);
  out.push_back('-');
  append_two_digits(date.day, out);
}

void append_timestamp_text(int64_t micros, std::string& out) {
  int64_t days, micros_of_day;
  calendar::split_timestamp(micros, days, micros_of_day);
  append_date_text(days, out);
  const int64_t seconds = micros_of_day / calendar::kMicrosPerSecond;
  out.push_back(' ');
  append_two_digits(static_cast<int>(seconds / 3600), out);
  out.push_back(':');
  append_two_digits(static_cast<int>(seconds / 60 % 60), out);
  out.push_back(':');
  append_two_digits(static_cast<int>(seconds % 60), out);
  if (const int64_t fraction = micros_of_day % calendar::kMicrosPerSecond; fraction != 0) {
    char text[8];
    std::snprintf(text, sizeof(text), ".%06d", static_cast<int>(fraction));
    out.append(text);
  }
}

namespace {

void append_element_text(const Column& column, int64_t row, std::string& out) {
  if (column.is_null(row)) out.append("NULL");
  else append_value_text(column, row, out);
}

// Lists read as [1, 2, NULL] and structs as {'a': 1, 'b': x}, as DuckDB prints them.
void append_list_text(const Column& column, int64_t row, std::string& out) {
  const int64_t* offsets = column.list_offsets();
  out.push_back('[');
  for (int64_t element = offsets[row]; element < offsets[row + 1]; ++element) {
    if (element > offsets[row]) out.append(", ");
    append_element_text(*column.list_elements(), element, out);
  }
  out.push_back(']');
}

void append_struct_text(const Column& column, int64_t row, std::string& out) {
  out.push_back('{');
  for (size_t field = 0; field < column.num_fields(); ++field) {
    if (field > 0) out.append(", ");
    out.append("'" + column.type().field_names[field] + "': ");
    append_element_text(*column.field(field), row, out);
  }
  out.push_back('}');
}

}  // namespace

void append_value_text(const Column& column, int64_t row, std::string& out) {
  switch (column.type().id) {
    case TypeId::kBool: out.append(column.bool_at(row) ? "true" : "false"); break;
    case TypeId::kInt8: append_number(column.values<int8_t>()[row], out); break;
    case TypeId::kInt16: append_number(column.values<int16_t>()[row], out); break;
    case TypeId::kInt32: append_number(column.values<int32_t>()[row], out); break;
    case TypeId::kInt64: append_number(column.values<int64_t>()[row], out); break;
    case TypeId::kUInt8: append_number(column.values<uint8_t>()[row], out); break;
    case TypeId::kUInt16: append_number(column.values<uint16_t>()[row], out); break;
    case TypeId::kUInt32: append_number(column.values<uint32_t>()[row], out); break;
    case TypeId::kUInt64: append_number(column.values<uint64_t>()[row], out); break;
    case TypeId::kFloat32: append_float(column.values<float>()[row], out); break;
    case TypeId::kFloat64: append_float(column.values<double>()[row], out); break;
    case TypeId::kString: out.append(column.string_at(row)); break;
    case TypeId::kDate32: append_date_text(column.values<int32_t>()[row], out); break;
    case TypeId::kTimestamp: append_timestamp_text(column.values<int64_t>()[row], out); break;
    case TypeId::kDecimal128: out.append(format_decimal(column.values<Int128>()[row], column.type().scale)); break;
    case TypeId::kList: append_list_text(column, row, out); break;
    case TypeId::kStruct: append_struct_text(column, row, out); break;
  }
}

bool parse_int64(std::string_view text, int64_t& value) {
  return number_text::parse_int64(trim(text), value);
}

bool parse_uint64(std::string_view text, uint64_t& value) {
  return number_text::parse_uint64(trim(text), value);
}

bool parse_float64(std::string_view text, double& value) {
  text = trim(text);
  if (number_text::parse_float(text, value)) return true;
  // Spellings from_chars does not take: "Infinity" variants and "-nan".
  std::string lower;
  for (char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "nan" || lower == "-nan") return value = NAN, true;
  if (lower == "inf" || lower == "infinity" || lower == "+inf" || lower == "+infinity") return value = INFINITY, true;
  if (lower == "-inf" || lower == "-infinity") return value = -INFINITY, true;
  return false;
}

bool parse_bool(std::string_view text, bool& value) {
  text = trim(text);
  if (number_text::parse_bool(text, value)) return true;
  // Casts also take yes/no and 1/0.
  std::string lower;
  for (char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "yes" || lower == "1") return value = true, true;
  if (lower == "no" || lower == "0") return value = false, true;
  return false;
}

bool parse_date(std::string_view text, int32_t& days) {
  text = trim(text);
  int year, month, day;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!digits(text, 0, 4, year) || !digits(text, 5, 2, month) || !digits(text, 8, 2, day)) return false;
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const int64_t result = calendar::days_from_date(year, month, day);
  // Reject dates like 2023-02-30 that wrap into the next month.
  if (calendar::date_from_days(result).day != day) return false;
  days = static_cast<int32_t>(result);
  return true;
}

bool parse_timestamp(std::string_view text, int64_t& micros) {
  text = trim(text);
  int32_t days;
  if (text.size() < 10 || !parse_date(text.substr(0, 10), days)) return false;
  int64_t result = int64_t{days} * calendar::kMicrosPerDay;
  size_t position = 10;
  if (position < text.size() && (text[position] == 'T' || text[position] == ' ')) {
    int hour, minute, second = 0;
    if (!digits(text, position + 1, 2, hour) || position + 3 >= text.size() || text[position + 3] != ':' ||
        !digits(text, position + 4, 2, minute))
      return false;
    position += 6;
    if (position < text.size() && text[position] == ':') {
      if (!digits(text, position + 1, 2, second)) return false;
      position += 3;
    }
    if (hour > 23 || minute > 59 || second > 60) return false;
    result += (int64_t{hour} * 3600 + minute * 60 + second) * calendar::kMicrosPerSecond;
    if (position < text.size() && text[position] == '.') {
      ++position;
      int64_t fraction = 0;
      int count = 0;
      while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
        if (count < 6) fraction = fraction * 10 + (text[position] - '0');
        ++count;
        ++position;
      }
      if (count == 0 || count > 9) return false;
      for (int i = count; i < 6; ++i) fraction *= 10;
      result += fraction;
    }
  }
  if (position < text.size()) {
    if (text[position] == 'Z' && position + 1 == text.size()) {
      position = text.size();
    } else if (text[position] == '+' || text[position] == '-') {
      const int sign = text[position] == '-' ? -1 : 1;
      int offset_hours, offset_minutes = 0;
      if (!digits(text, position + 1, 2, offset_hours)) return false;
      position += 3;
      if (position < text.size() && text[position] == ':') ++position;
      if (position < text.size()) {
        if (!digits(text, position, 2, offset_minutes)) return false;
        position += 2;
      }
      result -= sign * (int64_t{offset_hours} * 3600 + offset_minutes * 60) * calendar::kMicrosPerSecond;
    }
  }
  if (position != text.size()) return false;
  micros = result;
  return true;
}

namespace {

// 10^0 .. 10^38, the powers a decimal128 can hold: casts and bounds look
// them up per value (a loop of 38 multiplications was 40% of TPC-H q1).
constexpr int kMaxPowerOfTen = 38;
constexpr std::array<Int128, kMaxPowerOfTen + 1> make_powers_of_ten() {
  std::array<Int128, kMaxPowerOfTen + 1> powers{};
  powers[0] = 1;
  for (int i = 1; i <= kMaxPowerOfTen; ++i) powers[i] = powers[i - 1] * 10;
  return powers;
}
constexpr std::array<Int128, kMaxPowerOfTen + 1> kPowersOfTen = make_powers_of_ten();

}  // namespace

Int128 power_of_ten(int exponent) {
  if (exponent >= 0 && exponent <= kMaxPowerOfTen) return kPowersOfTen[exponent];
  Int128 value = 1;  // past 10^38 the product wraps, as it did before
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

bool parse_decimal(std::string_view text, int precision, int scale, Int128& unscaled) {
  text = trim(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return false;
  Int128 value = 0;
  int integer_digits = 0, fraction_digits = 0;
  bool seen_point = false, round_up = false, any_digit = false;
  for (char c : text) {
    if (c == '.') {
      if (seen_point) return false;
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    any_digit = true;
    if (seen_point) {
      if (fraction_digits >= scale) {
        // The first dropped digit decides the rounding; later ones don't matter.
        if (fraction_digits == scale && c >= '5') round_up = true;
        ++fraction_digits;
        continue;
      }
      ++fraction_digits;
    } else if (value != 0 || c != '0') {
      ++integer_digits;
    }
    if (integer_digits > 38) return false;
    value = value * 10 + (c - '0');
  }
  if (!any_digit) return false;
  const int kept_fraction = std::min(fraction_digits, scale);
  value *= power_of_ten(scale - kept_fraction);
  if (round_up) value += 1;
  if (value >= power_of_ten(precision)) return false;
  unscaled = negative ? -value : value;
  return true;
}

}  // namespace lode
