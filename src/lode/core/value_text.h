#pragma once
// The text form of single values, shared by every place that turns values
// into text or back (casts, CSV, display): ISO 8601 dates (2024-01-31) and
// timestamps (2024-01-31 12:00:00[.ffffff]), shortest round-trip floats,
// true/false, decimals with their scale. Parsers return false instead of
// throwing: a failed parse is a normal outcome that callers report.

#include <cstdint>
#include <string>
#include <string_view>

#include "lode/core/column.h"
#include "lode/core/decimal.h"

namespace lode {

/// Appends the text of valid value `row` of `column` to `out` (strings as is).
void append_value_text(const Column& column, int64_t row, std::string& out);

void append_date_text(int64_t days, std::string& out);
void append_timestamp_text(int64_t micros, std::string& out);

bool parse_int64(std::string_view text, int64_t& value);
bool parse_uint64(std::string_view text, uint64_t& value);
bool parse_float64(std::string_view text, double& value);
/// Accepts true/false (any case), t/f, yes/no, 1/0.
bool parse_bool(std::string_view text, bool& value);
/// Accepts YYYY-MM-DD.
bool parse_date(std::string_view text, int32_t& days);
/// Accepts YYYY-MM-DD, then optional [T ]HH:MM[:SS[.f{1,9}]] and an
/// optional Z or +HH[:MM] offset (converted to UTC).
bool parse_timestamp(std::string_view text, int64_t& micros);
/// Parses a decimal number into an unscaled value at `scale`, rounding
/// half away from zero; false if it has more than `precision` digits.
bool parse_decimal(std::string_view text, int precision, int scale, Int128& unscaled);

/// Returns 10^exponent for exponent in [0, 38].
Int128 power_of_ten(int exponent);

}  // namespace lode
