#include "lode/io/csv/type_inference.h"

#include <algorithm>

#include "lode/io/csv/datetime_format.h"
#include "lode/io/csv/value_parsers.h"

namespace lode::io {

namespace {

void keep_matching_dates(std::vector<std::string>& patterns, std::string_view text) {
  std::erase_if(patterns, [&](const std::string& pattern) {
    int32_t days;
    return !DateTimeFormat(pattern).parse_date(text, days);
  });
}

void keep_matching_timestamps(std::vector<std::string>& patterns, std::string_view text, bool& has_offset) {
  std::erase_if(patterns, [&](const std::string& pattern) {
    int64_t micros;
    bool offset = false;
    const bool ok = DateTimeFormat(pattern).parse_timestamp(text, micros, offset);
    has_offset |= ok && offset;
    return !ok;
  });
}

}  // namespace

ColumnTypeGuess::ColumnTypeGuess(std::string date_pattern, std::string timestamp_pattern) {
  if (!date_pattern.empty()) {
    date_patterns_ = {date_pattern};
  } else {
    date_patterns_ = {""};
    const auto& more = candidate_date_patterns();
    date_patterns_.insert(date_patterns_.end(), more.begin(), more.end());
  }
  if (!timestamp_pattern.empty()) {
    timestamp_patterns_ = {timestamp_pattern};
  } else {
    timestamp_patterns_ = {""};
    const auto& more = candidate_timestamp_patterns();
    timestamp_patterns_.insert(timestamp_patterns_.end(), more.begin(), more.end());
  }
}

void ColumnTypeGuess::add(std::string_view raw) {
  ++num_values_;
  if (candidates_ == 0) return;
  const std::string_view text = trim_spaces(raw);
  // "+4712345678" is a phone number more often than a number.
  if (!text.empty() && text[0] == '+') candidates_ &= ~(kInt | kFloat);
  if (candidates_ & kBool) {
    bool value;
    if (!parse_bool(text, value)) candidates_ &= ~kBool;
  }
  if (candidates_ & kInt) {
    int64_t value;
    if (!parse_int64(text, value) || has_leading_zero(text)) candidates_ &= ~kInt;
  }
  if (candidates_ & kFloat) {
    double value;
    // A code with leading zeros stays text; "0.5" and "00" do not occur as
    // floats in files that mean numbers.
    if (!parse_float(text, value) || has_leading_zero(text)) candidates_ &= ~kFloat;
  }
  // Dates and timestamps need digits first; skip the pattern work otherwise.
  const bool starts_with_digit = !text.empty() && ((text[0] >= '0' && text[0] <= '9') || text[0] == '-');
  if (candidates_ & kDate) {
    if (starts_with_digit) keep_matching_dates(date_patterns_, text);
    if (!starts_with_digit || date_patterns_.empty()) candidates_ &= ~kDate;
  }
  if (candidates_ & kTimestamp) {
    if (starts_with_digit) keep_matching_timestamps(timestamp_patterns_, text, has_offset_);
    if (!starts_with_digit || timestamp_patterns_.empty()) candidates_ &= ~kTimestamp;
  }
}

CsvColumnSpec ColumnTypeGuess::result(std::string name) const {
  CsvColumnSpec spec{std::move(name), TypeId::kString, "", true};
  if (num_values_ == 0) return spec;
  if (candidates_ & kBool) spec.type = TypeId::kBool;
  else if (candidates_ & kInt) spec.type = TypeId::kInt64;
  else if (candidates_ & kFloat) spec.type = TypeId::kFloat64;
  else if (candidates_ & kDate) spec.type = TypeId::kDate32, spec.datetime_pattern = date_patterns_.front();
  else if (candidates_ & kTimestamp) {
    spec.type = DataType::timestamp(has_offset_ ? "UTC" : "");
    spec.datetime_pattern = timestamp_patterns_.front();
  }
  return spec;
}

bool ColumnTypeGuess::fits(const CsvColumnSpec& spec, std::string_view raw) {
  const std::string_view text = trim_spaces(raw);
  switch (spec.type.id) {
    case TypeId::kBool: {
      bool value;
      return parse_bool(text, value);
    }
    case TypeId::kInt64: {
      int64_t value;
      return parse_int64(text, value);
    }
    case TypeId::kFloat64: {
      double value;
      return parse_float(text, value);
    }
    case TypeId::kDate32: {
      int32_t days;
      return DateTimeFormat(spec.datetime_pattern).parse_date(text, days);
    }
    case TypeId::kTimestamp: {
      int64_t micros;
      bool offset;
      return DateTimeFormat(spec.datetime_pattern).parse_timestamp(text, micros, offset);
    }
    default:
      return true;
  }
}

}  // namespace lode::io
