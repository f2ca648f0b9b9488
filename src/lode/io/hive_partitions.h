#pragma once
// Hive partitions: the `key=value` folders in the paths of a dataset's files
// (`sales/year=2023/month=1/part-0.csv`) read as columns that hold one value
// per file. Shared by the Parquet and CSV sources: both type the values the
// same way, materialize them as constant columns, and skip a file's splits
// when a pushed predicate rules its partition values out. Built once on the
// planning thread; read-only (and so thread-safe) afterwards.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/column.h"
#include "lode/core/scalar.h"
#include "lode/core/schema.h"
#include "lode/io/fs/file_listing.h"
#include "lode/io/scan_filter.h"

namespace lode::io {

/// Spelling of a null partition value (Hive's, written by Spark and DuckDB).
inline constexpr const char* kHiveNull = "__HIVE_DEFAULT_PARTITION__";

/// The partition columns of a list of files.
struct HivePartitions {
  /// One field per partition key, in folder order (outermost first):
  /// int64 when every value is an integer, date32 when every value is an
  /// ISO date (2012-01-01), else string (nulls fit any type).
  std::vector<Field> fields;
  /// values[file][key], of the field's type.
  std::vector<std::vector<Scalar>> values;

  bool empty() const { return fields.empty(); }
};

/// Returns the partition columns of `files`, leaving out keys for which
/// `is_file_column(key)` is true (a column of the file itself wins). Throws
/// SchemaError when the files' partition keys differ (in names or order).
HivePartitions hive_partitions(const std::vector<DatasetFile>& files,
                               const std::function<bool(const std::string&)>& is_file_column);

/// Returns a column of `num_rows` copies of `value` (int64, date32 or string).
std::shared_ptr<Column> constant_column(const Scalar& value, int64_t num_rows);

/// Returns true when no row holding `value` can satisfy `predicate`.
bool partition_excludes(const Scalar& value, const ColumnPredicate& predicate);

}  // namespace lode::io
