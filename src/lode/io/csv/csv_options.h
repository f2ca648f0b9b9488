#pragma once
// What a CSV read is asked to do: the dialect (each part optional, sniffed
// when unset), which columns and types, null spellings, and what to do with
// malformed rows. A plain value, copied into each reader; no threading rules.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lode/core/data_type.h"

namespace lode::io {

enum class CsvOnError { kRaise, kSkip };

struct CsvReadOptions {
  std::optional<char> separator;        // sniffed from , ; \t | when unset
  std::optional<char> quote;            // '\0' means no quoting; sniffed " or ' when unset
  std::optional<char> escape;           // inside quotes; defaults to the quote (RFC 4180 "")
  std::optional<bool> has_header;       // sniffed when unset
  /// Physical lines dropped before the header; sniffed when unset (note
  /// lines above the table that have fewer fields than the rows below).
  std::optional<int64_t> skip_rows;
  /// Lines starting with it (after spaces) are skipped, and outside quotes
  /// it ends a record's line (`1,2 # note` is 1,2); '#' is sniffed when empty.
  std::string comment_prefix;
  std::vector<std::string> null_values = {""};  // unquoted spellings of null
  std::vector<std::string> columns;     // subset to return, in file order; empty = all
  /// Types for named columns; the rest are sniffed.
  std::vector<std::pair<std::string, DataType>> schema_overrides;
  /// The whole schema (names and types), replacing the header and sniffing.
  std::vector<std::pair<std::string, DataType>> schema;
  std::string date_format;              // strftime-like ("%d/%m/%Y"); sniffed when empty
  std::string timestamp_format;         // strftime-like; sniffed when empty
  int64_t infer_schema_length = 20480;  // rows sampled for types; 0 = all strings
  bool null_padding = false;            // records with too few fields get nulls
  CsvOnError on_error = CsvOnError::kRaise;
  bool keep_rejects = false;            // keep skipped rows (line, text, reason)
  bool hive_partitioning = true;        // `key=value` folders of the paths become columns
  int64_t n_rows = -1;                  // stop after this many rows (-1: all)
  int64_t batch_rows = 65536;
  int64_t split_bytes = 8 << 20;        // target bytes per split of one file
};

/// One row that on_error="skip" dropped.
struct CsvReject {
  std::string path;
  int64_t line = -1;
  std::string column;  // empty when the row as a whole was malformed
  std::string text;    // the raw record
  std::string reason;
};

}  // namespace lode::io
