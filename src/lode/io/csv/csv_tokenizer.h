#pragma once
// The tokenizer: cuts the bytes of one split into records and fields
// without copying or converting them. It fills a TokenBatch, column-major
// field references that the converters then parse, so that columns nobody
// asked for are cut but never converted. Records with the wrong number of
// fields or an unterminated quote are reported, not stored. With a comment
// prefix, comment lines are skipped and a comment after data ends its record
// (outside quotes: `1,2 # note` reads as 1,2).
//
// Threading: one tokenizer per split reader; it only reads the shared map.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lode/io/csv/csv_dialect.h"

namespace lode::io {

/// Where one field's text lies in the file. `flags` say whether it was
/// quoted (then never null) and whether it holds escapes to undo.
struct FieldRef {
  int64_t offset;
  uint32_t length;
  uint8_t flags;
};
constexpr uint8_t kFieldQuoted = 1;
constexpr uint8_t kFieldEscaped = 2;
constexpr uint8_t kFieldMissing = 4;  // padded in for a short record: null

/// A record the tokenizer could not take (wrong field count, bad quote).
struct RecordError {
  int64_t line;
  int64_t begin;  // byte offsets of the raw record
  int64_t end;
  std::string reason;
};

struct TokenBatch {
  int num_columns = 0;
  int64_t capacity_rows = 0;
  int64_t num_rows = 0;
  std::vector<FieldRef> fields;        // fields[column * capacity_rows + row]
  std::vector<int64_t> record_lines;   // 1-based line where each row starts
  std::vector<int64_t> record_begins;  // byte offset where each row starts
  std::vector<int64_t> record_ends;    // byte offset after each row's last field
  std::vector<RecordError> errors;

  void reset(int columns, int64_t rows);
  const FieldRef& field(int column, int64_t row) const { return fields[column * capacity_rows + row]; }
};

class CsvTokenizer {
 public:
  /// Reads records starting in [begin, end) of `data` (whose full size is
  /// `data_size`); `first_line` is the line number at `begin`.
  CsvTokenizer(const CsvDialect& dialect, const char* data, int64_t data_size, int64_t begin, int64_t end,
               int64_t first_line, int num_columns);

  /// Fills `batch` with up to its capacity of records; returns false when
  /// the split holds no more records.
  bool next(TokenBatch& batch);

  /// Reads records with fewer fields than the columns, the missing ones
  /// null (instead of reporting them).
  void set_null_padding(bool null_padding) { null_padding_ = null_padding; }

  int64_t position() const { return position_; }
  int64_t line() const { return line_; }

 private:
  /// Reads one record at position_ into row `row`; returns its field count,
  /// or -1 after an unterminated quote or a stray quote (reason set).
  int read_record(TokenBatch& batch, int64_t row, std::string& reason);
  template <bool kComment>
  bool fill_batch(TokenBatch& batch);
  int64_t skip_line(int64_t position) const;
  bool at_comment() const;

  CsvDialect dialect_;
  const char* data_;
  int64_t data_size_;
  int64_t position_;
  int64_t end_;
  int64_t line_;
  int num_columns_;
  bool null_padding_ = false;
  bool special_[256] = {};
};

/// Returns where the tokenizer goes from `position`, where it stands between
/// records: past the next record, or past the comment or blank line it skips
/// there (num_columns decides, as in CsvTokenizer, whether a blank line is a
/// record). The split planner follows the tokenizer's steps with it.
int64_t next_record_position(const CsvDialect& dialect, const char* data, int64_t size, int64_t position,
                             int num_columns);

/// Returns where the tokenizer would go if `position` lay inside a quoted
/// field: past the end of the record that holds that field.
int64_t end_of_quoted_record(const CsvDialect& dialect, const char* data, int64_t size, int64_t position);

/// Reads the first `max_records` records of `text` with `dialect` into rows
/// of strings (escapes undone); used by the sniffer and the header reader.
/// Stops at a malformed record and sets `error` (otherwise leaves it empty).
/// `end_offset`, when given, receives where reading stopped. Stops after
/// the record that reaches `max_fields` fields in all (wide files).
std::vector<std::vector<std::string>> tokenize_rows(const CsvDialect& dialect, const char* data, int64_t size,
                                                    int64_t max_records, std::string& error,
                                                    int64_t* end_offset = nullptr, int64_t max_fields = INT64_MAX);

/// Writes `text` (a quoted field's inside) with the escapes undone to `out`,
/// which has room for `length` bytes; returns the bytes written.
size_t unescape_to(const CsvDialect& dialect, const char* text, size_t length, char* out);

/// Returns a field's text with the escapes undone into `scratch`.
std::string_view unescape_field(const CsvDialect& dialect, const char* data, const FieldRef& field, std::string& scratch);

/// Returns a field's text with quotes' escapes undone into `scratch`, or a
/// view into the file when there is nothing to undo. Inline: once per value.
inline std::string_view field_text(const CsvDialect& dialect, const char* data, const FieldRef& field,
                                   std::string& scratch) {
  if (!(field.flags & kFieldEscaped)) [[likely]] return {data + field.offset, field.length};
  return unescape_field(dialect, data, field, scratch);
}

}  // namespace lode::io
