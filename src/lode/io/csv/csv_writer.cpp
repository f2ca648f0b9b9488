#include "lode/io/csv/csv_writer.h"

#include "lode/core/calendar.h"
#include "lode/core/error.h"
#include "lode/core/value_text.h"
#include "lode/io/csv/datetime_format.h"
#include "lode/io/fs/atomic_file.h"

namespace lode::io {

namespace {

constexpr size_t kFlushBytes = 1 << 20;

class CsvFormatter {
 public:
  CsvFormatter(const CsvWriteOptions& options, std::string& out)
      : options_(options), out_(out), date_format_(options.date_format), timestamp_format_(options.timestamp_format) {}

  void write_text(std::string_view text) {
    if (!needs_quotes(text)) {
      out_.append(text);
      return;
    }
    out_.push_back(options_.quote);
    for (char c : text) {
      if (c == options_.quote) out_.push_back(options_.quote);
      out_.push_back(c);
    }
    out_.push_back(options_.quote);
  }

  void write_cell(const Column& column, int64_t row) {
    if (column.is_null(row)) {
      out_.append(options_.null_string);
    } else if (column.type().id == TypeId::kString) {
      write_text(column.string_at(row));
    } else if (column.type().is_nested()) {
      nested_text_.clear();  // [1, 2] and {'a': 1} hold separators: quoted where needed
      append_value_text(column, row, nested_text_);
      write_text(nested_text_);
    } else if (column.type().id == TypeId::kDate32 && !date_format_.is_iso()) {
      write_formatted(date_format_, column.values<int32_t>()[row] * calendar::kMicrosPerDay);
    } else if (column.type().id == TypeId::kTimestamp && !timestamp_format_.is_iso()) {
      write_formatted(timestamp_format_, column.values<int64_t>()[row]);
    } else {
      append_value_text(column, row, out_);
    }
  }

 private:
  bool needs_quotes(std::string_view text) const {
    // An empty string is quoted when nulls are written as nothing, so that
    // "" and null stay apart on reading.
    if (text.empty()) return options_.null_string.empty();
    if (text == options_.null_string) return true;
    for (char c : text)
      if (c == options_.separator || c == options_.quote || c == '\n' || c == '\r') return true;
    return false;
  }

  // Formats into a scratch string first: a pattern may hold the separator.
  void write_formatted(const DateTimeFormat& format, int64_t micros) {
    scratch_.clear();
    format.format_timestamp(micros, scratch_);
    write_text(scratch_);
  }

  const CsvWriteOptions& options_;
  std::string& out_;
  DateTimeFormat date_format_;
  DateTimeFormat timestamp_format_;
  std::string nested_text_;  // scratch for the text of a list or struct
  std::string scratch_;
};

}  // namespace

CsvWriter::CsvWriter(std::string path, Schema schema, CsvWriteOptions options)
    : options_(std::move(options)), schema_(std::move(schema)) {
  if (options_.separator == options_.quote || options_.separator == '\n' || options_.separator == '\r')
    throw InvalidInputError("the CSV separator must differ from the quote and from line ends");
  // Check the patterns before the file exists.
  DateTimeFormat(options_.date_format);
  DateTimeFormat(options_.timestamp_format);
  file_ = std::make_unique<AtomicFile>(std::move(path));
  out_.reserve(kFlushBytes + 4096);
  if (options_.header) {
    CsvFormatter formatter(options_, out_);
    for (int i = 0; i < schema_.num_fields(); ++i) {
      if (i > 0) out_.push_back(options_.separator);
      formatter.write_text(schema_.field(i).name);
    }
    out_.push_back('\n');
  }
}

CsvWriter::~CsvWriter() = default;

void CsvWriter::write(const Batch& batch) {
  LODE_CHECK(file_ != nullptr, "CsvWriter::write after finish()");
  LODE_CHECK(batch.num_columns() == schema_.num_fields(), "CSV batch does not match the writer's schema");
  CsvFormatter formatter(options_, out_);
  for (int64_t row = 0; row < batch.num_rows(); ++row) {
    for (int i = 0; i < batch.num_columns(); ++i) {
      if (i > 0) out_.push_back(options_.separator);
      formatter.write_cell(*batch.column(i), row);
    }
    out_.push_back('\n');
    if (out_.size() >= kFlushBytes) {
      file_->write(out_);
      out_.clear();
    }
  }
}

void CsvWriter::finish() {
  LODE_CHECK(file_ != nullptr, "CsvWriter::finish called twice");
  file_->write(out_);
  out_.clear();
  file_->commit();
  file_.reset();
}

void write_csv(const Table& table, const std::string& path, const CsvWriteOptions& options) {
  CsvWriter writer(path, table.schema(), options);
  for (const Batch& batch : table.batches()) writer.write(batch);
  writer.finish();
}

}  // namespace lode::io
