#pragma once
// The scan of one or more Parquet files as a TableSource: splits are
// (file, row group) pairs; a split's requested column chunks are read and
// decoded (projection pushdown), and a split whose statistics or Hive
// partition values rule out the pushed predicates is skipped unread.
// Files are opened once, on the planning thread, in open_parquet; after
// that read_split and read_split_column are thread-safe. read_split reads
// a row group's column chunks as a nested job on request.pool.

#include <memory>
#include <string>
#include <vector>

#include "lode/io/fs/file_listing.h"
#include "lode/io/parquet/parquet_file.h"
#include "lode/io/table_source.h"

namespace lode::io {

struct ParquetOptions {
  /// Adds `key=value` folders of the paths as columns.
  bool hive_partitioning = true;
  /// Leaves out columns lode cannot read (lists, maps, structs) instead
  /// of raising NotSupportedError.
  bool skip_unsupported_columns = false;
};

class ParquetSource : public TableSource {
 public:
  ParquetSource(const std::vector<DatasetFile>& files, const ParquetOptions& options);

  const Schema& schema() const override { return schema_; }
  int64_t num_splits() const override { return static_cast<int64_t>(splits_.size()); }
  std::optional<int64_t> estimated_rows() const override;
  std::string describe() const override;
  bool read_split(int64_t index, const ScanRequest& request, ScanStatistics& statistics,
                  const std::function<void(Batch)>& consume) override;

  /// Returns the rows of split `index`.
  int64_t split_rows(int64_t index) const;
  /// Returns true when the split's statistics rule out `predicates`.
  bool split_excluded(int64_t index, const std::vector<ColumnPredicate>& predicates) const;
  /// Reads schema column `column` of split `index` (thread-safe).
  std::shared_ptr<Column> read_split_column(int64_t index, int column, int64_t* bytes_read = nullptr) const;
  /// Throws NotSupportedError if one of `columns` is a column lode cannot
  /// read (left out of the schema by skip_unsupported_columns).
  void require_readable(const std::vector<std::string>& columns) const;

 private:
  struct Split {
    int file = 0;
    int row_group = 0;
  };
  void build_schema(const std::vector<DatasetFile>& files, const ParquetOptions& options);
  void map_file_columns(size_t file_index);

  std::vector<std::shared_ptr<parquet::ParquetFile>> files_;
  std::vector<std::vector<int>> file_columns_;       // [file][schema field] -> file column (-1: partition)
  std::vector<std::vector<Scalar>> partition_values_;  // [file][partition column]
  std::vector<parquet::UnsupportedColumn> unsupported_;
  int num_file_columns_ = 0;
  Schema schema_;
  std::vector<Split> splits_;
};

/// Opens the Parquet files behind `paths` (files, globs, directories).
std::shared_ptr<ParquetSource> open_parquet(const std::vector<std::string>& paths, const ParquetOptions& options = {});

}  // namespace lode::io
