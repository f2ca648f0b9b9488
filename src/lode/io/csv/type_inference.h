#pragma once
// Guesses one CSV column's type from sample values: the narrowest of bool,
// int64, float64, date, timestamp that every non-null value fits, else
// string. A mixed column becomes string, never a type some value breaks.
// One guess per column, fed on the sniffing thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lode/core/data_type.h"

namespace lode::io {

/// A column as the reader will convert it: its name, type, and for dates
/// and timestamps the text pattern ("" = ISO 8601).
struct CsvColumnSpec {
  std::string name;
  DataType type;
  std::string datetime_pattern;
  bool sniffed = true;  // false when the user gave the type
};

class ColumnTypeGuess {
 public:
  /// `date_pattern`/`timestamp_pattern` fix the formats tried ("" = sniff).
  ColumnTypeGuess(std::string date_pattern, std::string timestamp_pattern);

  /// Feeds one non-null value.
  void add(std::string_view text);
  /// Returns the type and pattern that all values fed so far fit.
  CsvColumnSpec result(std::string name) const;
  /// True when `text` fits `spec` (the header test: a header cell usually does not).
  static bool fits(const CsvColumnSpec& spec, std::string_view text);
  int64_t num_values() const { return num_values_; }

 private:
  enum Candidate : uint32_t { kBool = 1, kInt = 2, kFloat = 4, kDate = 8, kTimestamp = 16 };
  uint32_t candidates_ = kBool | kInt | kFloat | kDate | kTimestamp;
  std::vector<std::string> date_patterns_;       // still possible, in preference order
  std::vector<std::string> timestamp_patterns_;
  bool has_offset_ = false;
  int64_t num_values_ = 0;
};

}  // namespace lode::io
