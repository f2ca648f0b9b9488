#pragma once
// A CSV dialect: how bytes split into records and fields. Settled once per
// read (given or sniffed) and then read-only, shared by all split readers.

#include <string>

namespace lode::io {

struct CsvDialect {
  char separator = ',';
  char quote = '"';   // '\0': no quoting
  char escape = '"';  // inside quotes; equal to `quote` means RFC 4180 doubling
  std::string comment_prefix;

  /// True when the quote parity of a byte range tells whether a position is
  /// inside quotes (no escape character other than the quote itself).
  bool quote_parity_exact() const { return quote == '\0' || escape == quote || escape == '\0'; }
};

/// Returns "separator ',', quote '\"', escape '\"'" for messages and describe().
std::string describe_dialect(const CsvDialect& dialect);

}  // namespace lode::io
