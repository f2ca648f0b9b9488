#include "lode/io/parquet/parquet_source.h"

#include <algorithm>

#include "lode/core/error.h"
#include "lode/core/thread_pool.h"
#include "lode/io/hive_partitions.h"
#include "lode/io/parquet/row_group_pruning.h"

namespace lode::io {

using parquet::ParquetFile;

ParquetSource::ParquetSource(const std::vector<DatasetFile>& files, const ParquetOptions& options) {
  files_.resize(files.size());
  if (files.size() == 1) {
    files_[0] = ParquetFile::open(files[0].path);  // no need to wake the pool
  } else {
    ThreadPool::global().parallel_for(static_cast<int64_t>(files.size()), [&](int64_t index, int) {
      files_[index] = ParquetFile::open(files[index].path);
    });
  }
  build_schema(files, options);
  for (size_t file = 0; file < files_.size(); ++file) {
    map_file_columns(file);
    for (int group = 0; group < files_[file]->num_row_groups(); ++group)
      splits_.push_back(Split{static_cast<int>(file), group});
  }
}

void ParquetSource::build_schema(const std::vector<DatasetFile>& files, const ParquetOptions& options) {
  const ParquetFile& first = *files_[0];
  unsupported_ = first.columns().unsupported;
  if (!unsupported_.empty() && !options.skip_unsupported_columns) {
    const auto& column = unsupported_[0];
    throw NotSupportedError("column '" + column.name + "' is " + column.reason,
                            ErrorContext{.path = first.path(), .column = column.name,
                                         .hint = "read the other columns with columns=[...]"});
  }
  std::vector<Field> fields;
  for (const auto& column : first.columns().columns) fields.push_back(Field{column.name, column.type});
  num_file_columns_ = static_cast<int>(fields.size());
  partition_values_.assign(files.size(), {});
  if (options.hive_partitioning) {
    HivePartitions partitions = hive_partitions(files, [&](const std::string& name) { return first.find_column(name) >= 0; });
    fields.insert(fields.end(), partitions.fields.begin(), partitions.fields.end());
    partition_values_ = std::move(partitions.values);
  }
  schema_ = Schema(std::move(fields));
}

void ParquetSource::map_file_columns(size_t file_index) {
  const ParquetFile& file = *files_[file_index];
  std::vector<int> mapping(schema_.num_fields(), -1);
  for (int field = 0; field < num_file_columns_; ++field) {
    const Field& expected = schema_.field(field);
    const int column = file.find_column(expected.name);
    if (column < 0)
      throw SchemaError("the file has no column '" + expected.name + "', which the first file has",
                        ErrorContext{.path = file.path(), .column = expected.name,
                                     .hint = "read files of one schema together"});
    if (file.columns().columns[column].type != expected.type)
      throw SchemaError("column '" + expected.name + "' is " + file.columns().columns[column].type.name() +
                            " here but " + expected.type.name() + " in the first file",
                        ErrorContext{.path = file.path(), .column = expected.name});
    mapping[field] = column;
  }
  file_columns_.push_back(std::move(mapping));
}

std::optional<int64_t> ParquetSource::estimated_rows() const {
  int64_t total = 0;
  for (const auto& file : files_) total += file->num_rows();
  return total;
}

std::string ParquetSource::describe() const {
  std::string what = files_.size() == 1 ? "'" + files_[0]->path() + "'" : std::to_string(files_.size()) + " files";
  return "parquet " + what + " (" + std::to_string(splits_.size()) + " row groups)";
}

int64_t ParquetSource::split_rows(int64_t index) const {
  const Split& split = splits_[index];
  return files_[split.file]->row_group_rows(split.row_group);
}

bool ParquetSource::split_excluded(int64_t index, const std::vector<ColumnPredicate>& predicates) const {
  const Split& split = splits_[index];
  const ParquetFile& file = *files_[split.file];
  const int64_t num_rows = file.row_group_rows(split.row_group);
  for (const auto& predicate : predicates) {
    if (predicate.column < 0 || predicate.column >= schema_.num_fields()) continue;
    if (predicate.column >= num_file_columns_) {
      if (partition_excludes(partition_values_[split.file][predicate.column - num_file_columns_], predicate))
        return true;
      continue;
    }
    const auto& descriptor = file.columns().columns[file_columns_[split.file][predicate.column]];
    if (descriptor.is_nested()) continue;  // leaf statistics do not describe the rows
    const auto& meta = *file.metadata().row_groups[split.row_group].columns[descriptor.leaf_index].meta_data;
    if (parquet::range_excludes(parquet::chunk_range(descriptor, meta, num_rows), predicate)) return true;
  }
  // Then, where cheap, the dictionaries of chunks that are all
  // dictionary-encoded: = and IN of values no dictionary holds.
  for (const auto& predicate : predicates) {
    if (predicate.column < 0 || predicate.column >= num_file_columns_ || !parquet::dictionary_can_exclude(predicate) ||
        schema_.field(predicate.column).type.is_nested())
      continue;
    auto dictionary = file.read_dictionary(split.row_group, file_columns_[split.file][predicate.column]);
    if (dictionary && parquet::dictionary_excludes(*dictionary, predicate)) return true;
  }
  return false;
}

std::shared_ptr<Column> ParquetSource::read_split_column(int64_t index, int column, int64_t* bytes_read) const {
  const Split& split = splits_[index];
  if (column >= num_file_columns_)
    return constant_column(partition_values_[split.file][column - num_file_columns_], split_rows(index));
  return files_[split.file]->read_column(split.row_group, file_columns_[split.file][column], bytes_read);
}

bool ParquetSource::read_split(int64_t index, const ScanRequest& request, ScanStatistics& statistics,
                               const std::function<void(Batch)>& consume) {
  // A pruned split returns false; the executor counts it as skipped.
  if (split_excluded(index, request.predicates)) return false;
  // The column chunks are independent: a nested job reads them in parallel,
  // and its error is the first failing column's.
  const int64_t width = static_cast<int64_t>(request.columns.size());
  std::vector<std::shared_ptr<Column>> columns(request.columns.size());
  std::vector<int64_t> bytes(request.columns.size(), 0);
  auto read_column = [&](int64_t position, int) {
    if (request.check_cancelled) request.check_cancelled();
    columns[position] = read_split_column(index, request.columns[position], &bytes[position]);
  };
  if (request.pool && width > 1) {
    request.pool->parallel_for(width, read_column);
  } else {
    for (int64_t position = 0; position < width; ++position) read_column(position, 0);
  }
  ++statistics.splits_read;
  for (int64_t count : bytes) statistics.bytes_read += count;
  const int64_t num_rows = std::min(split_rows(index), request.max_rows >= 0 ? request.max_rows : INT64_MAX);
  const int64_t batch_rows = std::max<int64_t>(1, request.batch_rows);
  for (int64_t offset = 0; offset < num_rows; offset += batch_rows) {
    const int64_t length = std::min(batch_rows, num_rows - offset);
    std::vector<std::shared_ptr<Column>> sliced;
    for (const auto& column : columns) sliced.push_back(column->slice(offset, length));
    consume(Batch(std::move(sliced), length));
  }
  return true;
}

std::shared_ptr<ParquetSource> open_parquet(const std::vector<std::string>& paths, const ParquetOptions& options) {
  return std::make_shared<ParquetSource>(list_dataset_files(paths), options);
}

void ParquetSource::require_readable(const std::vector<std::string>& columns) const {
  for (const auto& name : columns)
    for (const auto& unsupported : unsupported_)
      if (unsupported.name == name)
        throw NotSupportedError("column '" + name + "' is " + unsupported.reason,
                                ErrorContext{.path = files_[0]->path(), .column = name});
}

}  // namespace lode::io
