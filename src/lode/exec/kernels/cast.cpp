// Casts between all core types. Widening integer and integer-to-float casts
// are plain loops; the rest convert row by row, marking rows that do not
// convert: a strict cast then raises once, naming the first such value, and
// a non-strict one turns them into nulls. Floats cast to integers truncate
// toward zero; decimals round half away from zero when they lose digits.

#include <cmath>
#include <cstring>
#include <limits>

#include "lode/core/calendar.h"
#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/value_text.h"
#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

namespace {

// A value in transit: integers exactly (as Int128), floats as double.
struct Number {
  bool is_float = false;
  Int128 integer = 0;
  double real = 0;
};

Number read_number(const Column& column, int64_t row) {
  Number number;
  const DataType& type = column.type();
  if (type.id == TypeId::kBool) {
    number.integer = column.bool_at(row);
  } else if (type.is_floating()) {
    number.is_float = true;
    number.real = type.id == TypeId::kFloat32 ? column.values<float>()[row] : column.values<double>()[row];
  } else if (type.id == TypeId::kDecimal128) {
    number.integer = column.values<Int128>()[row];
  } else {
    visit_fixed_width(type, [&]<typename T>() { number.integer = static_cast<Int128>(column.values<T>()[row]); });
  }
  return number;
}

bool integer_range(const DataType& type, Int128& low, Int128& high) {
  switch (type.id) {
    case TypeId::kBool: low = 0; high = 1; return true;
    case TypeId::kInt8: low = INT8_MIN; high = INT8_MAX; return true;
    case TypeId::kInt16: low = INT16_MIN; high = INT16_MAX; return true;
    case TypeId::kInt32: case TypeId::kDate32: low = INT32_MIN; high = INT32_MAX; return true;
    case TypeId::kInt64: case TypeId::kTimestamp: low = INT64_MIN; high = INT64_MAX; return true;
    case TypeId::kUInt8: low = 0; high = UINT8_MAX; return true;
    case TypeId::kUInt16: low = 0; high = UINT16_MAX; return true;
    case TypeId::kUInt32: low = 0; high = UINT32_MAX; return true;
    case TypeId::kUInt64: low = 0; high = static_cast<Int128>(UINT64_MAX); return true;
    default: return false;
  }
}

Int128 divide_rounding(Int128 value, Int128 divisor) {
  Int128 quotient = value / divisor, remainder = value % divisor;
  if (2 * (remainder < 0 ? -remainder : remainder) >= divisor) quotient += value < 0 ? -1 : 1;
  return quotient;
}

// Converts a number from `source` to `target` units/scale; false if it does not fit.
bool convert_number(Number number, const DataType& source, const DataType& target, Number& out) {
  const int source_scale = source.id == TypeId::kDecimal128 ? source.scale : 0;
  // Date <-> timestamp change units; other integer-likes keep their value.
  if (source.id == TypeId::kDate32 && target.id == TypeId::kTimestamp) {
    out.integer = number.integer * calendar::kMicrosPerDay;
    return true;
  }
  if (source.id == TypeId::kTimestamp && target.id == TypeId::kDate32) {
    Int128 days = number.integer / calendar::kMicrosPerDay;
    if (number.integer % calendar::kMicrosPerDay < 0) --days;
    out.integer = days;
    return true;
  }
  if (target.is_floating()) {
    out.is_float = true;
    out.real = number.is_float ? number.real
                               : static_cast<double>(number.integer) / static_cast<double>(power_of_ten(source_scale));
    return true;
  }
  Int128 value;
  if (target.id == TypeId::kDecimal128) {
    if (number.is_float) {
      if (!std::isfinite(number.real)) return false;
      const double scaled = std::round(number.real * std::pow(10.0, target.scale));
      if (std::fabs(scaled) >= 1e38) return false;
      value = static_cast<Int128>(scaled);
    } else if (target.scale >= source_scale) {
      value = number.integer * power_of_ten(target.scale - source_scale);
    } else {
      value = divide_rounding(number.integer, power_of_ten(source_scale - target.scale));
    }
    const Int128 bound = power_of_ten(target.precision);
    if (value >= bound || value <= -bound) return false;
    out.integer = value;
    return true;
  }
  if (target.id == TypeId::kBool) {
    out.integer = number.is_float ? (number.real != 0) : (number.integer != 0);
    return true;
  }
  if (number.is_float) {
    if (!std::isfinite(number.real) || std::fabs(number.real) >= 1.8e19) return false;
    value = static_cast<Int128>(std::trunc(number.real));
  } else {
    value = number.integer / power_of_ten(source_scale);  // decimals truncate toward zero
  }
  Int128 low, high;
  integer_range(target, low, high);
  if (value < low || value > high) return false;
  out.integer = value;
  return true;
}

void append_number(ColumnBuilder& builder, const DataType& target, const Number& number) {
  if (target.id == TypeId::kBool) return builder.append_bool(number.integer != 0);
  if (target.id == TypeId::kFloat32) return builder.append<float>(static_cast<float>(number.real));
  if (target.id == TypeId::kFloat64) return builder.append<double>(number.real);
  visit_fixed_width(target, [&]<typename T>() { builder.append<T>(static_cast<T>(number.integer)); });
}

bool parse_into(std::string_view text, const DataType& target, ColumnBuilder& builder) {
  switch (target.id) {
    case TypeId::kBool: {
      bool value;
      if (!parse_bool(text, value)) return false;
      builder.append_bool(value);
      return true;
    }
    case TypeId::kFloat32: case TypeId::kFloat64: {
      double value;
      if (!parse_float64(text, value)) return false;
      if (target.id == TypeId::kFloat32) builder.append<float>(static_cast<float>(value));
      else builder.append<double>(value);
      return true;
    }
    case TypeId::kDate32: {
      int32_t days;
      if (!parse_date(text, days)) return false;
      builder.append<int32_t>(days);
      return true;
    }
    case TypeId::kTimestamp: {
      int64_t micros;
      if (!parse_timestamp(text, micros)) return false;
      builder.append<int64_t>(micros);
      return true;
    }
    case TypeId::kDecimal128: {
      Int128 unscaled;
      if (!parse_decimal(text, target.precision, target.scale, unscaled)) return false;
      builder.append<Int128>(unscaled);
      return true;
    }
    case TypeId::kUInt64: {
      uint64_t value;
      if (!parse_uint64(text, value)) return false;
      builder.append<uint64_t>(value);
      return true;
    }
    default: {
      int64_t value;
      if (!parse_int64(text, value)) return false;
      Int128 low, high;
      integer_range(target, low, high);
      if (value < low || value > high) return false;
      visit_fixed_width(target, [&]<typename T>() { builder.append<T>(static_cast<T>(value)); });
      return true;
    }
  }
}

[[noreturn]] void cast_failure(const Column& input, int64_t row, const DataType& target) {
  std::string text;
  append_value_text(input, row, text);
  throw InvalidInputError("cannot cast " + input.type().name() + " value '" + text + "' to " + target.name(),
                          ErrorContext{.row = row,
                                       .hint = "use .cast(" + target.name() +
                                               ", strict=False) to get null for values that do not convert"});
}

// Casts that can never fail or lose more than float rounding: plain loops.
bool is_plain_widening(const DataType& source, const DataType& target) {
  if (source.id == TypeId::kBool || source.id == TypeId::kDecimal128 || target.id == TypeId::kDecimal128 ||
      target.id == TypeId::kBool || source.id == TypeId::kDate32 || target.id == TypeId::kDate32 ||
      source.id == TypeId::kTimestamp || target.id == TypeId::kTimestamp)
    return false;
  if (target.is_floating()) return source.is_numeric();
  Int128 source_low, source_high, target_low, target_high;
  if (!integer_range(source, source_low, source_high) || !integer_range(target, target_low, target_high)) return false;
  return source_low >= target_low && source_high <= target_high;
}

std::shared_ptr<Column> widen(const Column& input, const DataType& target) {
  const int64_t n = input.length();
  return visit_fixed_width(input.type(), [&]<typename S>() {
    return visit_fixed_width(target, [&]<typename T>() {
      auto values = Buffer::allocate(n * static_cast<int64_t>(sizeof(T)));
      const S* in = input.values<S>();
      T* out = values->data_as<T>();
      for (int64_t row = 0; row < n; ++row) out[row] = static_cast<T>(in[row]);
      auto validity = input.null_count() ? copy_bits(input.validity_bits(), input.offset(), n) : nullptr;
      return std::make_shared<Column>(target, n, values, validity);
    });
  });
}

// Decimals to float64 in one loop (the same division as convert_number's).
std::shared_ptr<Column> decimal_to_float64(const Column& input) {
  const int64_t n = input.length();
  auto values = Buffer::allocate(n * static_cast<int64_t>(sizeof(double)));
  const Int128* in = input.values<Int128>();
  double* out = values->data_as<double>();
  const double divisor = static_cast<double>(power_of_ten(input.type().scale));
  for (int64_t row = 0; row < n; ++row) out[row] = static_cast<double>(in[row]) / divisor;
  auto validity = input.null_count() ? copy_bits(input.validity_bits(), input.offset(), n) : nullptr;
  return std::make_shared<Column>(DataType(TypeId::kFloat64), n, values, validity);
}

}  // namespace

bool cast_cannot_fail(const DataType& source, const DataType& target) {
  if (source == target || is_plain_widening(source, target)) return true;
  if (source.id == TypeId::kDecimal128 && target.id == TypeId::kFloat64) return true;
  return source.id == TypeId::kDecimal128 && target.id == TypeId::kDecimal128 && source.scale == target.scale &&
         target.precision >= source.precision;
}

std::shared_ptr<Column> cast_column(const Column& input, const DataType& target, bool strict) {
  const DataType& source = input.type();
  if (source == target) return std::make_shared<Column>(input);
  if (source.id == TypeId::kTimestamp && target.id == TypeId::kTimestamp) {
    // Values are UTC instants; the zone only changes how they are shown.
    return std::make_shared<Column>(target, input.length(), input.values_buffer(), input.validity_buffer(), nullptr,
                                    input.offset());
  }
  if (is_plain_widening(source, target)) return widen(input, target);
  if (source.id == TypeId::kDecimal128 && target.id == TypeId::kFloat64) return decimal_to_float64(input);
  // A decimal to one of the same scale and no less precision keeps every
  // unscaled value: the same buffers under the new type (SQL widens
  // DECIMAL(15,2) to DECIMAL(38,2) before arithmetic).
  if (source.id == TypeId::kDecimal128 && target.id == TypeId::kDecimal128 && source.scale == target.scale &&
      target.precision >= source.precision)
    return std::make_shared<Column>(target, input.length(), input.values_buffer(), input.validity_buffer(), nullptr,
                                    input.offset());

  const int64_t n = input.length();
  ColumnBuilder builder(target);
  builder.reserve(n);
  std::string text;
  for (int64_t row = 0; row < n; ++row) {
    if (input.is_null(row)) {
      builder.append_null();
      continue;
    }
    bool converted;
    if (target.id == TypeId::kString) {
      text.clear();
      append_value_text(input, row, text);
      builder.append_string(text);
      converted = true;
    } else if (source.id == TypeId::kString) {
      converted = parse_into(input.string_at(row), target, builder);
    } else {
      Number number;
      converted = convert_number(read_number(input, row), source, target, number);
      if (converted) append_number(builder, target, number);
    }
    if (!converted) {
      if (strict) cast_failure(input, row, target);
      builder.append_null();
    }
  }
  return builder.finish();
}

}  // namespace lode::exec
