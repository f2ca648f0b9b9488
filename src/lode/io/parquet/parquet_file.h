#pragma once
// One open Parquet file: its footer, decoded and validated once, and the
// mapping of its leaf columns onto lode columns. read_column() reads and
// decodes one column chunk with pread, so any number of threads may read
// chunks of the same file at once. Encrypted files are rejected on open.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/column.h"
#include "lode/io/parquet/column_descriptor.h"
#include "lode/io/parquet/metadata.h"

namespace lode {
class Error;
}

namespace lode::io::parquet {

class ParquetFile {
 public:
  /// Opens `path` and reads its footer; IOError, ParseError or
  /// NotSupportedError (encrypted) name the file.
  static std::shared_ptr<ParquetFile> open(const std::string& path);
  ParquetFile(const ParquetFile&) = delete;
  ParquetFile& operator=(const ParquetFile&) = delete;
  ~ParquetFile();

  const std::string& path() const { return path_; }
  const FileMetaData& metadata() const { return metadata_; }
  const FileColumns& columns() const { return columns_; }
  int num_row_groups() const { return static_cast<int>(metadata_.row_groups.size()); }
  int64_t row_group_rows(int row_group) const { return metadata_.row_groups[row_group].num_rows; }
  int64_t num_rows() const;

  /// Returns the index in columns().columns of `name`, or -1.
  int find_column(const std::string& name) const;

  /// Reads and decodes column `column_index` of `row_group`; adds the bytes
  /// read to `bytes_read`.
  std::shared_ptr<Column> read_column(int row_group, int column_index, int64_t* bytes_read = nullptr) const;

  /// Returns the dictionary of a chunk whose data pages are all
  /// dictionary-encoded (as its encoding_stats say), reading only the
  /// dictionary page; nullptr when that is not known to hold.
  std::shared_ptr<Column> read_dictionary(int row_group, int column_index) const;

 private:
  ParquetFile(std::string path, int descriptor, int64_t size_bytes);
  void read_footer();
  void validate_row_groups() const;
  /// Rethrows a decoding error with this file, the row group and the column as its place.
  [[noreturn]] void rethrow_in_chunk(const Error& error, int row_group, const ColumnDescriptor& column) const;
  std::shared_ptr<Column> read_nested_column(int row_group, const ColumnDescriptor& column, int64_t* bytes_read) const;
  void read_bytes(int64_t offset, int64_t size, uint8_t* out) const;
  /// Returns the first byte and size of a chunk, checked against the file.
  std::pair<int64_t, int64_t> chunk_bytes(int row_group, const ColumnDescriptor& column) const;

  std::string path_;
  int descriptor_;
  int64_t size_bytes_;
  FileMetaData metadata_;
  FileColumns columns_;
};

}  // namespace lode::io::parquet
