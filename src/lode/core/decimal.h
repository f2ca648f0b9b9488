#pragma once
// decimal128 values: 128-bit two's complement unscaled integers, with the
// scale kept in the DataType. Formatting and parsing of their text form.

#include <cstdint>
#include <string>
#include <string_view>

namespace lode {

using Int128 = __int128;

/// Formats `unscaled` / 10^scale, e.g. (12345, 2) -> "123.45".
std::string format_decimal(Int128 unscaled, int scale);

}  // namespace lode
