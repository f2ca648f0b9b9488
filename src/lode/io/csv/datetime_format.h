#pragma once
// Date and timestamp text formats for CSV reading: ISO 8601 by default, or a
// strftime-like pattern (%Y %y %m %d %H %I %M %S %f %p %z and literal text).
// A format is parsed once; parsing values never allocates or throws. The
// CSV writer formats with the same patterns.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lode::io {

class DateTimeFormat {
 public:
  /// An empty pattern means ISO 8601 ("2024-01-31", "2024-01-31[T ]12:00:00[.ffffff][Z|+01:00]").
  /// Throws InvalidInputError on an unknown % code.
  explicit DateTimeFormat(std::string pattern = "");

  /// Parses a date into days since 1970-01-01; a time part is refused.
  bool parse_date(std::string_view text, int32_t& days) const;
  /// Parses a timestamp into UTC microseconds since the epoch; a date alone
  /// is midnight. `has_offset` tells whether the text carried a UTC offset.
  bool parse_timestamp(std::string_view text, int64_t& micros, bool& has_offset) const;

  /// Appends `days` (date32) or `micros` (UTC timestamp) written with the
  /// pattern; %z writes +00:00. Only for a non-empty pattern.
  void format_date(int64_t days, std::string& out) const;
  void format_timestamp(int64_t micros, std::string& out) const;

  const std::string& pattern() const { return pattern_; }
  bool is_iso() const { return pattern_.empty(); }

 private:
  struct Parts;
  bool parse_parts(std::string_view text, Parts& parts) const;

  std::string pattern_;
};

/// Date patterns the sniffer tries after ISO, day-first before month-first
/// (as DuckDB does when both fit: 05/06/2019 is the 5th of June).
const std::vector<std::string>& candidate_date_patterns();
/// Timestamp patterns the sniffer tries after ISO.
const std::vector<std::string>& candidate_timestamp_patterns();

}  // namespace lode::io
