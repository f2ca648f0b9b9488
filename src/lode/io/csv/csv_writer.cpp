#include "lode/io/csv/csv_writer.h"

#include "lode/core/error.h"
#include "lode/core/value_text.h"
#include "lode/io/fs/atomic_file.h"

namespace lode::io {

namespace {

constexpr size_t kFlushBytes = 1 << 20;

class CsvFormatter {
 public:
  CsvFormatter(const CsvWriteOptions& options, std::string& out) : options_(options), out_(out) {}

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

  const CsvWriteOptions& options_;
  std::string& out_;
};

}  // namespace

void write_csv(const Table& table, const std::string& path, const CsvWriteOptions& options) {
  if (options.separator == options.quote || options.separator == '\n' || options.separator == '\r')
    throw InvalidInputError("the CSV separator must differ from the quote and from line ends");
  AtomicFile file(path);
  std::string out;
  out.reserve(kFlushBytes + 4096);
  CsvFormatter formatter(options, out);
  const Schema& schema = table.schema();
  if (options.header) {
    for (int i = 0; i < schema.num_fields(); ++i) {
      if (i > 0) out.push_back(options.separator);
      formatter.write_text(schema.field(i).name);
    }
    out.push_back('\n');
  }
  for (const Batch& batch : table.batches()) {
    for (int64_t row = 0; row < batch.num_rows(); ++row) {
      for (int i = 0; i < batch.num_columns(); ++i) {
        if (i > 0) out.push_back(options.separator);
        formatter.write_cell(*batch.column(i), row);
      }
      out.push_back('\n');
      if (out.size() >= kFlushBytes) {
        file.write(out);
        out.clear();
      }
    }
  }
  file.write(out);
  file.commit();
}

}  // namespace lode::io
