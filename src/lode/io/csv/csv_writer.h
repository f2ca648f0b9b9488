#pragma once
// Writes a table as CSV (RFC 4180): a header line, one line per row, fields
// quoted only where needed, nulls as `null_string`. Dates are ISO 8601
// (2024-01-31), timestamps "2024-01-31 12:00:00[.ffffff]" in UTC, floats in
// their shortest round-trip form, unless date_format/timestamp_format give
// patterns (those of the reader, datetime_format.h). The file appears only
// when complete (written through AtomicFile). Runs on the calling thread.

#include <memory>
#include <string>

#include "lode/core/table.h"

namespace lode::io {

class AtomicFile;

struct CsvWriteOptions {
  bool header = true;
  char separator = ',';
  char quote = '"';
  std::string null_string;  // empty by default, as DuckDB and Polars write
  std::string date_format;       // strftime-like ("%d/%m/%Y"); empty: ISO 8601
  std::string timestamp_format;  // strftime-like; empty: "2024-01-31 12:00:00[.ffffff]"
};

/// Writes batches as they come (sink_csv streams a query's result through
/// it): the header at construction, then rows; finish() makes the file
/// appear. Destroyed without finish() (an error, a cancellation), it leaves
/// no file behind. One thread writes.
class CsvWriter {
 public:
  /// Throws InvalidInputError on bad options, IOError when `path`'s folder
  /// cannot hold the temporary file.
  CsvWriter(std::string path, Schema schema, CsvWriteOptions options = {});
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;
  ~CsvWriter();

  /// Appends the batch's rows; its columns must match the schema.
  void write(const Batch& batch);
  /// Flushes and renames the file into place.
  void finish();

 private:
  CsvWriteOptions options_;
  Schema schema_;
  std::unique_ptr<AtomicFile> file_;
  std::string out_;
};

/// Writes a whole table (a CsvWriter over its batches).
void write_csv(const Table& table, const std::string& path, const CsvWriteOptions& options = {});

}  // namespace lode::io
