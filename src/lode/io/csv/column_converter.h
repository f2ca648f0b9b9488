#pragma once
// Converts one column of a TokenBatch (field references into the file) into
// a typed Column. Only the columns a scan asks for are converted. A value
// that does not fit the type is marked in `bad_rows` and the first one is
// described in `issue`; the converter never throws per value. Runs on the
// split reader's thread; reads the shared file map only.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/column.h"
#include "lode/io/csv/csv_options.h"
#include "lode/io/csv/csv_tokenizer.h"
#include "lode/io/csv/type_inference.h"

namespace lode::io {

/// The first value of a batch that failed to convert.
struct ConversionIssue {
  int64_t row = -1;  // row of the token batch; -1 when none failed
  std::string text;
};

class ColumnConverter {
 public:
  ColumnConverter(CsvColumnSpec spec, const CsvDialect& dialect, const CsvReadOptions& options);

  /// Converts column `column_index` of `batch` for the rows in `rows` (all
  /// rows when empty). Marks failed rows in `bad_rows` (sized to the batch).
  std::shared_ptr<Column> convert(const char* data, const TokenBatch& batch, int column_index,
                                  const std::vector<int64_t>& rows, std::vector<uint8_t>& bad_rows,
                                  ConversionIssue& issue);

  const CsvColumnSpec& spec() const { return spec_; }

 private:
  template <typename T, typename Parse>
  std::shared_ptr<Column> convert_fixed(const char* data, const TokenBatch& batch, int column_index,
                                        const std::vector<int64_t>& rows, std::vector<uint8_t>& bad_rows,
                                        ConversionIssue& issue, Parse&& parse);
  std::shared_ptr<Column> convert_bool(const char* data, const TokenBatch& batch, int column_index,
                                       const std::vector<int64_t>& rows, std::vector<uint8_t>& bad_rows,
                                       ConversionIssue& issue);
  std::shared_ptr<Column> convert_string(const char* data, const TokenBatch& batch, int column_index,
                                         const std::vector<int64_t>& rows, std::vector<uint8_t>& bad_rows,
                                         ConversionIssue& issue);
  bool is_null(const char* data, const FieldRef& field) const {
    // A quoted value is text, never a null marker; but a column of another
    // type has no empty value, so there "" is null too.
    if (field.flags != 0) [[unlikely]] {
      if (field.flags & kFieldMissing) return true;
      return spec_.type.id != TypeId::kString && field.length == 0;
    }
    if (only_empty_is_null_) [[likely]] return field.length == 0;
    return matches_null_value(data, field);
  }
  bool matches_null_value(const char* data, const FieldRef& field) const;

  CsvColumnSpec spec_;
  CsvDialect dialect_;
  std::vector<std::string> null_values_;
  bool only_empty_is_null_;
  std::string scratch_;
};

}  // namespace lode::io
