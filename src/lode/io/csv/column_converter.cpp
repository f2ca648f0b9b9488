#include "lode/io/csv/column_converter.h"

#include <algorithm>
#include <limits>

#include "lode/core/decimal.h"
#include "lode/core/error.h"
#include "lode/io/csv/datetime_format.h"
#include "lode/io/csv/utf8_validation.h"
#include "lode/io/csv/value_parsers.h"

namespace lode::io {

namespace {

// Parses "-12.345" into an unscaled integer at `scale` digits; refuses text
// with more fractional digits than the scale or more than `precision` digits.
bool parse_decimal(std::string_view text, int precision, int scale, Int128& out) {
  if (text.empty()) return false;
  bool negative = false;
  size_t i = 0;
  if (text[0] == '-' || text[0] == '+') negative = text[0] == '-', ++i;
  Int128 value = 0;
  int digits = 0, fraction_digits = 0;
  bool seen_point = false, any_digit = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    any_digit = true;
    if (seen_point && ++fraction_digits > scale) {
      if (c != '0') return false;
      continue;
    }
    value = value * 10 + (c - '0');
    if (value != 0) ++digits;
    if (digits > 38) return false;
  }
  if (!any_digit) return false;
  for (int k = fraction_digits; k < scale; ++k) value *= 10, ++digits;
  if (digits > precision) return false;
  out = negative ? -value : value;
  return true;
}

template <typename T>
bool parse_integer_as(std::string_view text, T& out) {
  if constexpr (std::is_same_v<T, uint64_t>) {
    return parse_uint64(text, out);
  } else {
    int64_t value;
    if (!parse_int64(text, value)) return false;
    if (value < int64_t(std::numeric_limits<T>::min()) ||
        (value > 0 && uint64_t(value) > uint64_t(std::numeric_limits<T>::max())))
      return false;
    out = static_cast<T>(value);
    return true;
  }
}

}  // namespace

ColumnConverter::ColumnConverter(CsvColumnSpec spec, const CsvDialect& dialect, const CsvReadOptions& options)
    : spec_(std::move(spec)), dialect_(dialect), null_values_(options.null_values),
      only_empty_is_null_(options.null_values.size() == 1 && options.null_values[0].empty()) {}

bool ColumnConverter::matches_null_value(const char* data, const FieldRef& field) const {
  const std::string_view text(data + field.offset, field.length);
  for (const std::string& null_value : null_values_)
    if (text == null_value) return true;
  return false;
}

template <typename T, typename Parse>
std::shared_ptr<Column> ColumnConverter::convert_fixed(const char* data, const TokenBatch& batch, int column_index,
                                                       const std::vector<int64_t>& rows, std::vector<uint8_t>& bad_rows,
                                                       ConversionIssue& issue, Parse&& parse) {
  const int64_t num_rows = rows.empty() ? batch.num_rows : static_cast<int64_t>(rows.size());
  auto values = Buffer::allocate(num_rows * static_cast<int64_t>(sizeof(T)));
  std::shared_ptr<Buffer> validity;
  T* out = values->data_as<T>();
  const FieldRef* fields = batch.fields.data() + column_index * batch.capacity_rows;
  for (int64_t i = 0; i < num_rows; ++i) {
    const int64_t row = rows.empty() ? i : rows[i];
    const FieldRef& field = fields[row];
    if (is_null(data, field)) [[unlikely]] {
      if (!validity) {
        validity = Buffer::allocate(bitmap::num_bytes(num_rows));
        std::memset(validity->data(), 0xff, static_cast<size_t>(validity->size_bytes()));
      }
      bitmap::clear(validity->data(), i);
      out[i] = T{};
      continue;
    }
    std::string_view text = field_text(dialect_, data, field, scratch_);
    if (!parse(trim_spaces(text), out[i])) [[unlikely]] {
      out[i] = T{};
      bad_rows[row] = 1;
      if (issue.row < 0 || row < issue.row) issue = ConversionIssue{row, std::string(text)};
    }
  }
  return std::make_shared<Column>(spec_.type, num_rows, std::move(values), std::move(validity));
}

std::shared_ptr<Column> ColumnConverter::convert_bool(const char* data, const TokenBatch& batch, int column_index,
                                                      const std::vector<int64_t>& rows, std::vector<uint8_t>& bad_rows,
                                                      ConversionIssue& issue) {
  const int64_t num_rows = rows.empty() ? batch.num_rows : static_cast<int64_t>(rows.size());
  auto values = Buffer::allocate(bitmap::num_bytes(num_rows), true);
  auto validity = Buffer::allocate(bitmap::num_bytes(num_rows), true);
  const FieldRef* fields = batch.fields.data() + column_index * batch.capacity_rows;
  for (int64_t i = 0; i < num_rows; ++i) {
    const int64_t row = rows.empty() ? i : rows[i];
    if (is_null(data, fields[row])) continue;
    std::string_view text = field_text(dialect_, data, fields[row], scratch_);
    bool value = false;
    if (!parse_bool(trim_spaces(text), value)) {
      bad_rows[row] = 1;
      if (issue.row < 0 || row < issue.row) issue = ConversionIssue{row, std::string(text)};
      continue;
    }
    bitmap::set(validity->data(), i);
    if (value) bitmap::set(values->data(), i);
  }
  return std::make_shared<Column>(spec_.type, num_rows, std::move(values), std::move(validity));
}

std::shared_ptr<Column> ColumnConverter::convert_string(const char* data, const TokenBatch& batch, int column_index,
                                                        const std::vector<int64_t>& rows, std::vector<uint8_t>& bad_rows,
                                                        ConversionIssue& issue) {
  const int64_t num_rows = rows.empty() ? batch.num_rows : static_cast<int64_t>(rows.size());
  const FieldRef* fields = batch.fields.data() + column_index * batch.capacity_rows;
  int64_t total_bytes = 0;
  for (int64_t i = 0; i < num_rows; ++i) total_bytes += fields[rows.empty() ? i : rows[i]].length;
  auto bytes = Buffer::allocate(total_bytes);
  auto offsets = Buffer::allocate((num_rows + 1) * 8);
  std::shared_ptr<Buffer> validity;
  int64_t* out_offsets = offsets->data_as<int64_t>();
  char* out = reinterpret_cast<char*>(bytes->data());
  int64_t position = 0;
  out_offsets[0] = 0;
  for (int64_t i = 0; i < num_rows; ++i) {
    const int64_t row = rows.empty() ? i : rows[i];
    const FieldRef& field = fields[row];
    if (is_null(data, field)) [[unlikely]] {
      if (!validity) {
        validity = Buffer::allocate(bitmap::num_bytes(num_rows));
        std::memset(validity->data(), 0xff, static_cast<size_t>(validity->size_bytes()));
      }
      bitmap::clear(validity->data(), i);
      out_offsets[i + 1] = position;
      continue;
    }
    // Copy (undoing escapes) straight into the column, then validate there.
    size_t size = field.length;
    if (field.flags & kFieldEscaped) [[unlikely]]
      size = unescape_to(dialect_, data + field.offset, field.length, out + position);
    else
      std::memcpy(out + position, data + field.offset, size);
    const std::string_view text(out + position, size);
    if (!is_valid_utf8(text)) [[unlikely]] {
      bad_rows[row] = 1;
      if (issue.row < 0 || row < issue.row) issue = ConversionIssue{row, std::string(text)};
    }
    position += static_cast<int64_t>(size);
    out_offsets[i + 1] = position;
  }
  bytes->resize(position);
  return std::make_shared<Column>(spec_.type, num_rows, std::move(bytes), std::move(validity), std::move(offsets));
}

std::shared_ptr<Column> ColumnConverter::convert(const char* data, const TokenBatch& batch, int column_index,
                                                 const std::vector<int64_t>& rows, std::vector<uint8_t>& bad_rows,
                                                 ConversionIssue& issue) {
  auto fixed = [&](auto tag, auto&& parse) {
    using T = decltype(tag);
    return convert_fixed<T>(data, batch, column_index, rows, bad_rows, issue, parse);
  };
  switch (spec_.type.id) {
    case TypeId::kBool: return convert_bool(data, batch, column_index, rows, bad_rows, issue);
    case TypeId::kString: return convert_string(data, batch, column_index, rows, bad_rows, issue);
    case TypeId::kInt64: return fixed(int64_t{}, [](std::string_view t, int64_t& v) { return parse_int64(t, v); });
    case TypeId::kInt32: return fixed(int32_t{}, parse_integer_as<int32_t>);
    case TypeId::kInt16: return fixed(int16_t{}, parse_integer_as<int16_t>);
    case TypeId::kInt8: return fixed(int8_t{}, parse_integer_as<int8_t>);
    case TypeId::kUInt64: return fixed(uint64_t{}, parse_integer_as<uint64_t>);
    case TypeId::kUInt32: return fixed(uint32_t{}, parse_integer_as<uint32_t>);
    case TypeId::kUInt16: return fixed(uint16_t{}, parse_integer_as<uint16_t>);
    case TypeId::kUInt8: return fixed(uint8_t{}, parse_integer_as<uint8_t>);
    case TypeId::kFloat64: return fixed(double{}, [](std::string_view t, double& v) { return parse_float(t, v); });
    case TypeId::kFloat32: return fixed(float{}, [](std::string_view t, float& v) { return parse_float(t, v); });
    case TypeId::kDate32: {
      const DateTimeFormat format(spec_.datetime_pattern);
      return fixed(int32_t{}, [&](std::string_view t, int32_t& v) { return format.parse_date(t, v); });
    }
    case TypeId::kTimestamp: {
      const DateTimeFormat format(spec_.datetime_pattern);
      return fixed(int64_t{}, [&](std::string_view t, int64_t& v) {
        bool offset;
        return format.parse_timestamp(t, v, offset);
      });
    }
    case TypeId::kDecimal128: {
      const int precision = spec_.type.precision, scale = spec_.type.scale;
      return fixed(Int128{}, [=](std::string_view t, Int128& v) { return parse_decimal(t, precision, scale, v); });
    }
    case TypeId::kList: case TypeId::kStruct:
      throw NotSupportedError("lode does not read CSV values as " + spec_.type.name(),
                              ErrorContext{.hint = "read the column as string"});
  }
  return nullptr;
}

}  // namespace lode::io
