#pragma once
// The CSV converters' number parsers: core's (core/number_text.h), under
// io's names. Dates and timestamps are in datetime_format.h.

#include "lode/core/number_text.h"

namespace lode::io {

using number_text::has_leading_zero;
using number_text::parse_bool;
using number_text::parse_float;
using number_text::parse_int64;
using number_text::parse_uint64;
using number_text::trim_spaces;

}  // namespace lode::io
