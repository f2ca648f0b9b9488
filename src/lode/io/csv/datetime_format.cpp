#include "lode/io/csv/datetime_format.h"

#include "lode/core/calendar.h"
#include "lode/core/error.h"

namespace lode::io {

struct DateTimeFormat::Parts {
  int64_t year = 1970;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t micros = 0;
  int pm = -1;  // -1: no %p; 0 AM; 1 PM
  bool has_time = false;
  bool has_offset = false;
  int offset_minutes = 0;
};

namespace {

bool read_digits(std::string_view text, size_t& position, int min_digits, int max_digits, int64_t& out) {
  int64_t value = 0;
  int count = 0;
  while (position < text.size() && count < max_digits && text[position] >= '0' && text[position] <= '9') {
    value = value * 10 + (text[position] - '0');
    ++position;
    ++count;
  }
  out = value;
  return count >= min_digits;
}

bool read_fraction(std::string_view text, size_t& position, int64_t& micros) {
  int64_t value = 0;
  int count = 0;
  while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
    if (count < 6) value = value * 10 + (text[position] - '0');
    ++position;
    ++count;
  }
  for (int i = count; i < 6; ++i) value *= 10;
  micros = value;
  return count > 0;
}

// Reads Z, +HH, +HH:MM or +HHMM (also with '-') into minutes east of UTC.
bool read_offset(std::string_view text, size_t& position, int& minutes) {
  if (position < text.size() && (text[position] == 'Z' || text[position] == 'z')) {
    ++position;
    minutes = 0;
    return true;
  }
  if (position >= text.size() || (text[position] != '+' && text[position] != '-')) return false;
  const int sign = text[position] == '-' ? -1 : 1;
  ++position;
  int64_t hours = 0, mins = 0;
  if (!read_digits(text, position, 2, 2, hours)) return false;
  if (position < text.size() && text[position] == ':') ++position;
  if (position < text.size() && text[position] >= '0' && text[position] <= '9' &&
      !read_digits(text, position, 2, 2, mins))
    return false;
  if (hours > 23 || mins > 59) return false;
  minutes = sign * static_cast<int>(hours * 60 + mins);
  return true;
}

bool valid_date(int64_t year, int month, int day) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  if (month == 2 && day == 29) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return year >= -9999 && year <= 9999;
}

bool parse_iso(std::string_view text, DateTimeFormat* unused, int64_t* fields, bool& has_time, bool& has_offset,
               int& offset_minutes) {
  (void)unused;
  size_t position = 0;
  int64_t year, month, day;
  bool negative = false;
  if (position < text.size() && text[position] == '-') negative = true, ++position;
  if (!read_digits(text, position, 4, 4, year)) return false;
  if (position >= text.size() || text[position] != '-') return false;
  ++position;
  if (!read_digits(text, position, 1, 2, month)) return false;
  if (position >= text.size() || text[position] != '-') return false;
  ++position;
  if (!read_digits(text, position, 1, 2, day)) return false;
  fields[0] = negative ? -year : year;
  fields[1] = month;
  fields[2] = day;
  fields[3] = fields[4] = fields[5] = fields[6] = 0;
  has_time = false;
  has_offset = false;
  if (position == text.size()) return true;
  if (text[position] != 'T' && text[position] != ' ') return false;
  ++position;
  int64_t hour, minute, second = 0, micros = 0;
  if (!read_digits(text, position, 2, 2, hour)) return false;
  if (position >= text.size() || text[position] != ':') return false;
  ++position;
  if (!read_digits(text, position, 2, 2, minute)) return false;
  if (position < text.size() && text[position] == ':') {
    ++position;
    if (!read_digits(text, position, 2, 2, second)) return false;
    if (position < text.size() && text[position] == '.') {
      ++position;
      if (!read_fraction(text, position, micros)) return false;
    }
  }
  if (position < text.size() && text[position] == ' ') ++position;
  if (position < text.size()) {
    if (!read_offset(text, position, offset_minutes)) return false;
    has_offset = true;
  }
  if (position != text.size() || hour > 24 || minute > 59 || second > 60) return false;
  fields[3] = hour, fields[4] = minute, fields[5] = second, fields[6] = micros;
  has_time = true;
  return true;
}

}  // namespace

DateTimeFormat::DateTimeFormat(std::string pattern) : pattern_(std::move(pattern)) {
  for (size_t i = 0; i < pattern_.size(); ++i) {
    if (pattern_[i] != '%') continue;
    if (i + 1 >= pattern_.size() || std::string_view("YymdHIMSfpz%").find(pattern_[i + 1]) == std::string_view::npos) {
      ErrorContext context;
      context.hint = "supported codes: %Y %y %m %d %H %I %M %S %f %p %z %%";
      throw InvalidInputError("unknown code in the date/time format '" + pattern_ + "'", context);
    }
    ++i;
  }
}

bool DateTimeFormat::parse_parts(std::string_view text, Parts& parts) const {
  if (pattern_.empty()) {
    int64_t fields[7];
    if (!parse_iso(text, nullptr, fields, parts.has_time, parts.has_offset, parts.offset_minutes)) return false;
    parts.year = fields[0], parts.month = int(fields[1]), parts.day = int(fields[2]);
    parts.hour = int(fields[3]), parts.minute = int(fields[4]), parts.second = int(fields[5]);
    parts.micros = fields[6];
    return valid_date(parts.year, parts.month, parts.day);
  }
  size_t position = 0;
  for (size_t i = 0; i < pattern_.size(); ++i) {
    const char c = pattern_[i];
    if (c != '%') {
      if (position >= text.size() || text[position] != c) return false;
      ++position;
      continue;
    }
    int64_t value = 0;
    switch (pattern_[++i]) {
      case 'Y':
        if (!read_digits(text, position, 4, 4, value)) return false;
        parts.year = value;
        break;
      case 'y':
        if (!read_digits(text, position, 2, 2, value)) return false;
        parts.year = value < 70 ? 2000 + value : 1900 + value;
        break;
      case 'm':
        if (!read_digits(text, position, 1, 2, value)) return false;
        parts.month = int(value);
        break;
      case 'd':
        if (!read_digits(text, position, 1, 2, value)) return false;
        parts.day = int(value);
        break;
      case 'H':
      case 'I':
        if (!read_digits(text, position, 1, 2, value)) return false;
        parts.hour = int(value);
        parts.has_time = true;
        break;
      case 'M':
        if (!read_digits(text, position, 2, 2, value)) return false;
        parts.minute = int(value);
        break;
      case 'S':
        if (!read_digits(text, position, 2, 2, value)) return false;
        parts.second = int(value);
        break;
      case 'f':
        if (!read_fraction(text, position, parts.micros)) return false;
        break;
      case 'p':
        if (position + 2 > text.size()) return false;
        if ((text[position] | 0x20) == 'a') parts.pm = 0;
        else if ((text[position] | 0x20) == 'p') parts.pm = 1;
        else return false;
        if ((text[position + 1] | 0x20) != 'm') return false;
        position += 2;
        break;
      case 'z':
        if (!read_offset(text, position, parts.offset_minutes)) return false;
        parts.has_offset = true;
        break;
      case '%':
        if (position >= text.size() || text[position] != '%') return false;
        ++position;
        break;
    }
  }
  if (position != text.size()) return false;
  if (parts.pm >= 0) {
    if (parts.hour < 1 || parts.hour > 12) return false;
    parts.hour = parts.hour % 12 + (parts.pm == 1 ? 12 : 0);
  }
  if (parts.hour > 24 || parts.minute > 59 || parts.second > 60) return false;
  return valid_date(parts.year, parts.month, parts.day);
}

bool DateTimeFormat::parse_date(std::string_view text, int32_t& days) const {
  Parts parts;
  if (!parse_parts(text, parts) || parts.has_time || parts.has_offset) return false;
  days = static_cast<int32_t>(calendar::days_from_date(parts.year, parts.month, parts.day));
  return true;
}

bool DateTimeFormat::parse_timestamp(std::string_view text, int64_t& micros, bool& has_offset) const {
  Parts parts;
  if (!parse_parts(text, parts)) return false;
  const int64_t days = calendar::days_from_date(parts.year, parts.month, parts.day);
  const int64_t seconds = int64_t(parts.hour) * 3600 + parts.minute * 60 + parts.second - parts.offset_minutes * 60;
  micros = days * calendar::kMicrosPerDay + seconds * calendar::kMicrosPerSecond + parts.micros;
  has_offset = parts.has_offset;
  return true;
}

namespace {

void append_padded(std::string& out, int64_t value, int width) {
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  const std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

}  // namespace

void DateTimeFormat::format_timestamp(int64_t micros, std::string& out) const {
  int64_t days, micros_of_day;
  calendar::split_timestamp(micros, days, micros_of_day);
  const calendar::CivilDate date = calendar::date_from_days(days);
  const int64_t seconds = micros_of_day / calendar::kMicrosPerSecond;
  const int64_t hour = seconds / 3600;
  for (size_t i = 0; i < pattern_.size(); ++i) {
    if (pattern_[i] != '%' || i + 1 >= pattern_.size()) {
      out.push_back(pattern_[i]);
      continue;
    }
    switch (pattern_[++i]) {
      case 'Y': append_padded(out, date.year, 4); break;
      case 'y': append_padded(out, ((date.year % 100) + 100) % 100, 2); break;
      case 'm': append_padded(out, date.month, 2); break;
      case 'd': append_padded(out, date.day, 2); break;
      case 'H': append_padded(out, hour, 2); break;
      case 'I': append_padded(out, hour % 12 == 0 ? 12 : hour % 12, 2); break;
      case 'M': append_padded(out, seconds / 60 % 60, 2); break;
      case 'S': append_padded(out, seconds % 60, 2); break;
      case 'f': append_padded(out, micros_of_day % calendar::kMicrosPerSecond, 6); break;
      case 'p': out += hour < 12 ? "AM" : "PM"; break;
      case 'z': out += "+00:00"; break;
      case '%': out.push_back('%'); break;
    }
  }
}

void DateTimeFormat::format_date(int64_t days, std::string& out) const {
  format_timestamp(days * calendar::kMicrosPerDay, out);
}

const std::vector<std::string>& candidate_date_patterns() {
  static const std::vector<std::string> patterns = {
      "%d-%m-%Y", "%d-%m-%y", "%m-%d-%Y", "%m-%d-%y", "%d/%m/%Y", "%d/%m/%y", "%m/%d/%Y",
      "%m/%d/%y", "%Y/%m/%d", "%d.%m.%Y", "%m.%d.%Y", "%Y.%m.%d"};
  return patterns;
}

const std::vector<std::string>& candidate_timestamp_patterns() {
  static const std::vector<std::string> patterns = [] {
    std::vector<std::string> out;
    for (const std::string& date : candidate_date_patterns()) {
      for (const char* time : {" %H:%M:%S", " %I:%M:%S %p", " %H:%M", " %H:%M:%S.%f"}) out.push_back(date + time);
    }
    return out;
  }();
  return patterns;
}

}  // namespace lode::io
