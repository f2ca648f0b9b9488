#include "lode/io/csv/csv_writer.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "lode/core/calendar.h"
#include "lode/core/decimal.h"
#include "lode/core/error.h"
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
      return;
    }
    switch (column.type().id) {
      case TypeId::kBool: out_.append(column.bool_at(row) ? "true" : "false"); break;
      case TypeId::kInt8: write_number(column.values<int8_t>()[row]); break;
      case TypeId::kInt16: write_number(column.values<int16_t>()[row]); break;
      case TypeId::kInt32: write_number(column.values<int32_t>()[row]); break;
      case TypeId::kInt64: write_number(column.values<int64_t>()[row]); break;
      case TypeId::kUInt8: write_number(column.values<uint8_t>()[row]); break;
      case TypeId::kUInt16: write_number(column.values<uint16_t>()[row]); break;
      case TypeId::kUInt32: write_number(column.values<uint32_t>()[row]); break;
      case TypeId::kUInt64: write_number(column.values<uint64_t>()[row]); break;
      case TypeId::kFloat32: write_float(column.values<float>()[row]); break;
      case TypeId::kFloat64: write_float(column.values<double>()[row]); break;
      case TypeId::kString: write_text(column.string_at(row)); break;
      case TypeId::kDate32:
        if (date_format_.is_iso()) write_date(column.values<int32_t>()[row]);
        else write_formatted(date_format_, column.values<int32_t>()[row] * calendar::kMicrosPerDay);
        break;
      case TypeId::kTimestamp:
        if (timestamp_format_.is_iso()) write_timestamp(column.values<int64_t>()[row]);
        else write_formatted(timestamp_format_, column.values<int64_t>()[row]);
        break;
      case TypeId::kDecimal128:
        out_.append(format_decimal(column.values<Int128>()[row], column.type().scale));
        break;
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

  template <typename T>
  void write_number(T value) {
    char text[48];
    auto end = std::to_chars(text, text + sizeof(text), value).ptr;
    out_.append(text, end);
  }

  template <typename T>
  void write_float(T value) {
    if (std::isnan(value)) {
      out_.append("NaN");
    } else if (std::isinf(value)) {
      out_.append(value > 0 ? "inf" : "-inf");
    } else {
      write_number(value);
    }
  }

  void write_two_digits(int value) {
    out_.push_back(static_cast<char>('0' + value / 10));
    out_.push_back(static_cast<char>('0' + value % 10));
  }

  void write_date(int64_t days) {
    calendar::CivilDate date = calendar::date_from_days(days);
    if (date.year >= 0 && date.year <= 9999) {
      char text[8];
      std::snprintf(text, sizeof(text), "%04d", static_cast<int>(date.year));
      out_.append(text);
    } else {
      write_number(date.year);
    }
    out_.push_back('-');
    write_two_digits(date.month);
    out_.push_back('-');
    write_two_digits(date.day);
  }

  void write_timestamp(int64_t micros) {
    int64_t days, micros_of_day;
    calendar::split_timestamp(micros, days, micros_of_day);
    write_date(days);
    const int64_t seconds = micros_of_day / calendar::kMicrosPerSecond;
    out_.push_back(' ');
    write_two_digits(static_cast<int>(seconds / 3600));
    out_.push_back(':');
    write_two_digits(static_cast<int>(seconds / 60 % 60));
    out_.push_back(':');
    write_two_digits(static_cast<int>(seconds % 60));
    if (const int64_t fraction = micros_of_day % calendar::kMicrosPerSecond; fraction != 0) {
      char text[8];
      std::snprintf(text, sizeof(text), ".%06d", static_cast<int>(fraction));
      out_.append(text);
    }
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
