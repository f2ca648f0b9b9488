#pragma once
// The sniffer: settles how to read a CSV file from a sample of its start,
// like DuckDB's: the dialect (separator, quote, escape), whether the first
// record is a header, and each column's name and type. Whatever the options
// fix is taken as given; only the rest is guessed. Runs once per read, on
// the planning thread, on the first file.

#include <cstdint>
#include <string_view>
#include <vector>

#include "lode/io/csv/csv_dialect.h"
#include "lode/io/csv/csv_options.h"
#include "lode/io/csv/type_inference.h"

namespace lode::io {

/// How a file is laid out: its dialect, header and columns, and where its
/// data records begin.
struct CsvLayout {
  CsvDialect dialect;
  bool has_header = true;
  int64_t skip_rows = 0;               // physical lines above the header
  std::vector<CsvColumnSpec> columns;  // every column of the file
  int64_t sample_rows = 0;             // rows the types were guessed from
  double bytes_per_row = 0;            // in the sample; 0 when unknown
};

/// Where the data of one file begins: after the BOM, skip_rows lines and
/// the header record. `line` is the 1-based line number at `offset`.
struct CsvDataStart {
  int64_t offset = 0;
  int64_t line = 1;
  std::vector<std::string> header;  // the header's fields, when it has one
};

/// Finds where the records start in `text` (a whole file) laid out as `layout`.
CsvDataStart find_data_start(std::string_view text, const CsvLayout& layout);

/// Sniffs `text` (a whole file, or its start) under `options`.
CsvLayout sniff_csv(std::string_view text, const CsvReadOptions& options);

}  // namespace lode::io
