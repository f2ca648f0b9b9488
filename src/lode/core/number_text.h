#pragma once
// Parsers from text to numbers and booleans, exact about what they accept
// (no surrounding spaces): the one implementation behind CSV conversion and
// casts (value_text.h adds trimming and more spellings for casts).
// Header-only because they run once per value in hot loops; they never
// allocate or throw, and return false on text that does not fit.

#include <charconv>
#include <cstdint>
#include <string_view>

namespace lode::number_text {

/// Drops leading and trailing spaces and tabs.
inline std::string_view trim_spaces(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) ++begin;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return text.substr(begin, end - begin);
}

/// Parses [+-]digits into an int64; false on overflow or other text.
inline bool parse_int64(std::string_view text, int64_t& out) {
  const char* p = text.data();
  const char* end = p + text.size();
  if (p == end) return false;
  bool negative = false;
  if (*p == '-' || *p == '+') {
    negative = *p == '-';
    ++p;
    if (p == end) return false;
  }
  uint64_t value = 0;
  if (end - p <= 18) {
    // Eighteen digits cannot overflow: no check per digit.
    for (; p < end; ++p) {
      const unsigned digit = static_cast<unsigned char>(*p) - '0';
      if (digit > 9) return false;
      value = value * 10 + digit;
    }
  } else {
    for (; p < end; ++p) {
      const unsigned digit = static_cast<unsigned char>(*p) - '0';
      if (digit > 9) return false;
      if (value > (UINT64_MAX - digit) / 10) return false;
      value = value * 10 + digit;
    }
  }
  if (negative) {
    if (value > uint64_t(INT64_MAX) + 1) return false;
    out = static_cast<int64_t>(0 - value);
  } else {
    if (value > uint64_t(INT64_MAX)) return false;
    out = static_cast<int64_t>(value);
  }
  return true;
}

/// Parses digits into a uint64; false on overflow, a sign or other text.
inline bool parse_uint64(std::string_view text, uint64_t& out) {
  if (text.empty()) return false;
  if (text[0] == '+') text.remove_prefix(1);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

/// Parses a decimal or scientific number, inf and nan (any case); a leading
/// '+' is allowed. Hexadecimal is not.
template <typename T>
inline bool parse_float(std::string_view text, T& out) {
  if (text.empty()) return false;
  if (text[0] == '+') {
    text.remove_prefix(1);
    if (text.empty() || text[0] == '-') return false;
  }
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out, std::chars_format::general);
  return error == std::errc() && end == text.data() + text.size();
}

/// Parses true/false and t/f, in any case.
inline bool parse_bool(std::string_view text, bool& out) {
  auto lower = [](char c) { return static_cast<char>(c | 0x20); };
  if (text.size() == 1) {
    if (lower(text[0]) == 't') return out = true, true;
    if (lower(text[0]) == 'f') return out = false, true;
    return false;
  }
  if (text.size() == 4 && lower(text[0]) == 't' && lower(text[1]) == 'r' && lower(text[2]) == 'u' &&
      lower(text[3]) == 'e')
    return out = true, true;
  if (text.size() == 5 && lower(text[0]) == 'f' && lower(text[1]) == 'a' && lower(text[2]) == 'l' &&
      lower(text[3]) == 's' && lower(text[4]) == 'e')
    return out = false, true;
  return false;
}

/// True when `text` is an integer written with a superfluous leading zero
/// ("007"): such columns are codes and stay text when sniffed.
inline bool has_leading_zero(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  return text.size() > 1 && text[0] == '0' && text[1] >= '0' && text[1] <= '9';
}

}  // namespace lode::number_text
