#include "lode/io/csv/csv_source.h"

#include <algorithm>

#include "lode/core/error.h"
#include "lode/io/csv/column_converter.h"
#include "lode/io/csv/csv_tokenizer.h"
#include "lode/io/csv/predicate_selection.h"
#include "lode/io/csv/utf8_validation.h"
#include "lode/io/fs/decompressed_file.h"
#include "lode/io/fs/file_listing.h"
#include "lode/io/fs/path_glob.h"
#include "lode/io/hive_partitions.h"

namespace lode::io {

namespace {

constexpr size_t kMaxShownText = 200;
constexpr int64_t kMaxBatchFields = 4 << 20;

std::string shown(std::string text) {
  if (text.size() > kMaxShownText) text = text.substr(0, kMaxShownText) + "...";
  return escape_invalid_utf8(text);
}

// Returns the indices into `names` (the file's columns, then the partition
// columns) of the columns to read: all, or those options.columns names.
std::vector<int> select_columns(const std::vector<std::string>& names, const CsvReadOptions& options) {
  std::vector<int> selected;
  for (int i = 0; i < static_cast<int>(names.size()); ++i)
    if (options.columns.empty() ||
        std::find(options.columns.begin(), options.columns.end(), names[i]) != options.columns.end())
      selected.push_back(i);
  for (const std::string& name : options.columns) {
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    ErrorContext context;
    context.column = name;
    const std::string suggestion = closest_match(name, names.data(), names.size());
    if (!suggestion.empty()) context.hint = "did you mean '" + suggestion + "'?";
    throw SchemaError("columns names a column the CSV file does not have: '" + name + "'", context);
  }
  return selected;
}

std::vector<DatasetFile> with_partitions(const std::vector<std::string>& paths) {
  std::vector<DatasetFile> files;
  for (const std::string& path : paths) files.push_back(DatasetFile{path, partitions_in_path(path)});
  return files;
}

}  // namespace

CsvSource::CsvSource(const std::vector<std::string>& paths, CsvReadOptions options,
                     const std::function<void()>& check_cancelled)
    : options_(std::move(options)) {
  if (options_.batch_rows <= 0) throw InvalidInputError("batch_rows must be positive");
  if (options_.skip_rows.value_or(0) < 0) throw InvalidInputError("skip_rows must not be negative");
  if (options_.infer_schema_length < 0) throw InvalidInputError("infer_schema_length must not be negative");
  if (options_.separator && (*options_.separator == '\n' || *options_.separator == '\r' ||
                             (options_.quote && *options_.separator == *options_.quote)))
    throw InvalidInputError("the CSV separator must differ from the quote and from line ends");
  const std::vector<std::string> expanded = expand_paths(paths);
  for (const std::string& path : expanded) files_.push_back(open_maybe_compressed(path));
  try {
    layout_ = sniff_csv(files_[0]->view(), options_);
  } catch (const Error& error) {
    ErrorContext context = error.context();
    context.path = files_[0]->path();
    rethrow_with_context(error, context);
  }
  build_schema(with_partitions(expanded));
  for (int i = 0; i < static_cast<int>(files_.size()); ++i) {
    if (check_cancelled) check_cancelled();
    open_file(i, check_cancelled);
  }
  rejects_.resize(splits_.size());
}

void CsvSource::build_schema(const std::vector<DatasetFile>& files) {
  std::vector<Field> candidates;
  for (const CsvColumnSpec& spec : layout_.columns) candidates.push_back(Field{spec.name, spec.type});
  const int num_file_columns = static_cast<int>(candidates.size());
  HivePartitions partitions;
  if (options_.hive_partitioning) {
    partitions = hive_partitions(files, [&](const std::string& name) {
      return std::any_of(layout_.columns.begin(), layout_.columns.end(),
                         [&](const CsvColumnSpec& spec) { return spec.name == name; });
    });
  }
  candidates.insert(candidates.end(), partitions.fields.begin(), partitions.fields.end());
  std::vector<std::string> names;
  for (const Field& field : candidates) names.push_back(field.name);
  std::vector<Field> fields;
  for (int index : select_columns(names, options_)) {
    fields.push_back(candidates[index]);
    if (index < num_file_columns) file_columns_.push_back(index);
    else partition_columns_.push_back(index - num_file_columns);
  }
  partition_values_ = std::move(partitions.values);
  schema_ = Schema(std::move(fields));
}

void CsvSource::open_file(int file_index, const std::function<void()>& check_cancelled) {
  const MappedFile& file = *files_[file_index];
  total_bytes_ += file.size_bytes();
  const CsvDataStart start = find_data_start(file.view(), layout_);
  if (layout_.has_header && file_index > 0 && start.header.size() != layout_.columns.size()) {
    ErrorContext context;
    context.path = file.path();
    context.line = start.line - 1;
    context.hint = "all files of one read must have the same columns";
    throw SchemaError("the header has " + std::to_string(start.header.size()) + " columns; the first file has " +
                          std::to_string(layout_.columns.size()),
                      context);
  }
  if (start.offset >= file.size_bytes()) return;
  // A row limit reads from the start; one split avoids the quote pass.
  const int64_t split_bytes = options_.n_rows >= 0 ? file.size_bytes() : options_.split_bytes;
  auto splits = plan_splits(file_index, file.data(), file.size_bytes(), layout_.dialect,
                            static_cast<int>(layout_.columns.size()), start.offset, start.line, split_bytes,
                            check_cancelled);
  splits_.insert(splits_.end(), splits.begin(), splits.end());
}

std::optional<int64_t> CsvSource::estimated_rows() const {
  if (layout_.bytes_per_row <= 0) return std::nullopt;
  return static_cast<int64_t>(static_cast<double>(total_bytes_) / layout_.bytes_per_row);
}

std::string CsvSource::describe() const {
  std::string text = "csv '" + files_[0]->path() + "'";
  if (files_.size() > 1) text += " and " + std::to_string(files_.size() - 1) + " more files";
  return text + " (" + std::to_string(splits_.size()) + " splits, " + describe_dialect(layout_.dialect) + ")";
}

int64_t CsvSource::rows_skipped() const {
  std::lock_guard lock(mutex_);
  return rows_skipped_;
}

std::vector<CsvReject> CsvSource::rejects() const {
  std::lock_guard lock(mutex_);
  std::vector<CsvReject> all;
  for (const auto& split_rejects : rejects_) all.insert(all.end(), split_rejects.begin(), split_rejects.end());
  return all;
}

std::string CsvSource::record_text(const CsvSplit& split, int64_t begin, int64_t end) const {
  const MappedFile& file = *files_[split.file_index];
  end = std::min(end, file.size_bytes());
  return std::string(file.data() + begin, static_cast<size_t>(std::max<int64_t>(0, end - begin)));
}

void CsvSource::throw_record_error(const CsvSplit& split, const RecordError& error) const {
  ErrorContext context;
  context.path = files_[split.file_index]->path();
  context.line = error.line;
  context.byte_offset = error.begin;
  context.hint = "fix the row, or pass on_error=\"skip\" to skip such rows (rejects= keeps them); "
                 "the dialect used was " + describe_dialect(layout_.dialect);
  throw ParseError("malformed CSV record: " + error.reason + ": '" + shown(record_text(split, error.begin, error.end)) + "'",
                   context);
}

void CsvSource::throw_value_error(const CsvSplit& split, const TokenBatch& batch, int64_t row, int column,
                                  const std::string& text) const {
  const CsvColumnSpec& spec = layout_.columns[column];
  ErrorContext context;
  context.path = files_[split.file_index]->path();
  context.line = batch.record_lines[row];
  context.byte_offset = batch.record_begins[row];
  context.column = spec.name;
  std::string type_name = spec.type.name();
  if (!spec.datetime_pattern.empty()) type_name += " (format '" + spec.datetime_pattern + "')";
  if (spec.type.id == TypeId::kString) {
    context.hint = "the file is read as UTF-8; convert it first (iconv -f latin1 -t utf-8) or skip such rows";
    throw ParseError("invalid UTF-8 in column '" + spec.name + "': '" + shown(text) + "'", context);
  }
  if (spec.sniffed) {
    context.hint = "the type " + type_name + " was sniffed from the first " + std::to_string(layout_.sample_rows) +
                   " rows; pass schema_overrides={'" + spec.name +
                   "': lode.String} (or another type), or a larger infer_schema_length";
  } else {
    context.hint = "the type " + type_name + " was given in schema/schema_overrides";
  }
  throw ParseError("cannot convert '" + shown(text) + "' to " + type_name + " in column '" + spec.name + "'", context);
}

bool CsvSource::read_split(int64_t index, const ScanRequest& request, ScanStatistics& statistics,
                           const std::function<void(Batch)>& consume) {
  LODE_CHECK(index >= 0 && index < num_splits(), "CSV split index out of range");
  const CsvSplit& split = splits_[index];
  // A pruned split returns false; the executor counts it as skipped.
  if (partitions_exclude(split.file_index, request.predicates)) return false;
  std::vector<CsvReject> rejects;
  const ScanRequest file_request = file_part(request);
  int64_t reached = 0;
  if (file_request.columns.size() == request.columns.size()) {
    reached = read_tokens(split, file_request, consume, rejects);
  } else {
    reached = read_tokens(split, file_request, [&](Batch batch) {
      consume(add_partition_columns(std::move(batch), request.columns, split.file_index));
    }, rejects);
  }
  statistics.splits_read += 1;
  statistics.bytes_read += split.end - split.begin;
  files_[split.file_index]->release(split.begin, split.end - split.begin);
  if (!rejects.empty()) {
    std::lock_guard lock(mutex_);
    rows_skipped_ += static_cast<int64_t>(rejects.size());
    if (options_.keep_rejects) rejects_[index] = std::move(rejects);
  }
  // The planner proved every boundary; a record running past one means a
  // reading it did not foresee, so fail rather than return wrong rows.
  if (reached >= 0 && reached != split.end) throw_boundary_error(split);
  return true;
}

bool CsvSource::partitions_exclude(int file_index, const std::vector<ColumnPredicate>& predicates) const {
  const int num_file_fields = static_cast<int>(file_columns_.size());
  for (const ColumnPredicate& predicate : predicates) {
    if (predicate.column < num_file_fields || predicate.column >= schema_.num_fields()) continue;
    const Scalar& value = partition_values_[file_index][partition_columns_[predicate.column - num_file_fields]];
    if (partition_excludes(value, predicate)) return true;
  }
  return false;
}

ScanRequest CsvSource::file_part(const ScanRequest& request) const {
  const int num_file_fields = static_cast<int>(file_columns_.size());
  ScanRequest part;
  part.batch_rows = request.batch_rows;
  part.max_rows = request.max_rows;
  part.check_cancelled = request.check_cancelled;
  for (int column : request.columns)
    if (column < num_file_fields) part.columns.push_back(column);
  for (const ColumnPredicate& predicate : request.predicates)
    if (predicate.column < num_file_fields) part.predicates.push_back(predicate);
  return part;
}

Batch CsvSource::add_partition_columns(Batch batch, const std::vector<int>& columns, int file_index) const {
  const int num_file_fields = static_cast<int>(file_columns_.size());
  std::vector<std::shared_ptr<Column>> output;
  int next_file_column = 0;
  for (int column : columns) {
    if (column < num_file_fields) {
      output.push_back(batch.column(next_file_column++));
    } else {
      const Scalar& value = partition_values_[file_index][partition_columns_[column - num_file_fields]];
      output.push_back(constant_column(value, batch.num_rows()));
    }
  }
  return Batch(std::move(output), batch.num_rows());
}

void CsvSource::throw_boundary_error(const CsvSplit& split) const {
  ErrorContext context;
  context.path = files_[split.file_index]->path();
  context.byte_offset = split.end;
  context.hint = "the split planner did not foresee this reading of the file (a quoted field over 4 GiB?); "
                 "read it with one split per file (split_bytes larger than the file)";
  throw ParseError("a CSV record runs across a parallel split boundary", context);
}

// The converters of one scan and what they found in the current batch.
struct CsvBatchConversion {
  std::vector<int> file_columns;
  std::vector<ColumnConverter> converters;
  std::vector<ConversionIssue> issues;
  std::vector<uint8_t> bad_rows;
  int64_t first_bad_row = -1;
  int first_bad_column = -1;  // index into file_columns

  // Converts every requested column for `rows` (all when empty).
  std::vector<std::shared_ptr<Column>> convert(const char* data, const TokenBatch& batch,
                                               const std::vector<int64_t>& rows) {
    bad_rows.assign(static_cast<size_t>(batch.num_rows), 0);
    first_bad_row = -1;
    std::vector<std::shared_ptr<Column>> output;
    for (size_t i = 0; i < converters.size(); ++i) {
      issues[i] = ConversionIssue{};
      output.push_back(converters[i].convert(data, batch, file_columns[i], rows, bad_rows, issues[i]));
      if (issues[i].row >= 0 && (first_bad_row < 0 || issues[i].row < first_bad_row)) {
        first_bad_row = issues[i].row;
        first_bad_column = static_cast<int>(i);
      }
    }
    return output;
  }

  // Returns the name of the first requested column whose value in `row` fails.
  std::string failing_column(const char* data, const TokenBatch& batch, int64_t row) {
    std::vector<uint8_t> marks(static_cast<size_t>(batch.num_rows), 0);
    for (size_t i = 0; i < converters.size(); ++i) {
      ConversionIssue probe;
      converters[i].convert(data, batch, file_columns[i], {row}, marks, probe);
      if (probe.row >= 0) return converters[i].spec().name;
    }
    return "";
  }
};

CsvBatchConversion CsvSource::make_conversion(const std::vector<int>& fields) const {
  CsvBatchConversion conversion;
  for (int field : fields) {
    LODE_CHECK(field >= 0 && field < static_cast<int>(file_columns_.size()), "CSV scan column out of range");
    conversion.file_columns.push_back(file_columns_[field]);
    conversion.converters.emplace_back(layout_.columns[file_columns_[field]], layout_.dialect, options_);
  }
  conversion.issues.resize(conversion.converters.size());
  return conversion;
}

namespace {

// Returns the fields the predicates test, each once.
std::vector<int> predicate_fields(const std::vector<ColumnPredicate>& predicates) {
  std::vector<int> fields;
  for (const ColumnPredicate& predicate : predicates)
    if (std::find(fields.begin(), fields.end(), predicate.column) == fields.end()) fields.push_back(predicate.column);
  return fields;
}

// Returns the rows of the batch that may pass every predicate (and whose
// tested values converted), given the tested columns converted for all rows.
std::vector<int64_t> rows_passing(const TokenBatch& batch, const std::vector<ColumnPredicate>& predicates,
                                  const std::vector<int>& fields, const CsvBatchConversion& filter,
                                  const std::vector<std::shared_ptr<Column>>& tested) {
  std::vector<int64_t> rows;
  for (int64_t row = 0; row < batch.num_rows; ++row)
    if (!filter.bad_rows[row]) rows.push_back(row);
  for (const ColumnPredicate& predicate : predicates) {
    const size_t index = std::find(fields.begin(), fields.end(), predicate.column) - fields.begin();
    keep_matching_rows(*tested[index], predicate, rows);
  }
  return rows;
}

}  // namespace

int64_t CsvSource::read_tokens(const CsvSplit& split, const ScanRequest& request,
                               const std::function<void(Batch)>& consume, std::vector<CsvReject>& rejects) {
  const MappedFile& file = *files_[split.file_index];
  const int num_file_columns = static_cast<int>(layout_.columns.size());
  CsvBatchConversion conversion = make_conversion(request.columns);
  const std::vector<int> tested_fields = predicate_fields(request.predicates);
  CsvBatchConversion filter = make_conversion(tested_fields);
  CsvTokenizer tokenizer(layout_.dialect, file.data(), file.size_bytes(), split.begin, split.end, split.first_line,
                         num_file_columns);
  tokenizer.set_null_padding(options_.null_padding);
  TokenBatch batch;
  // Bound the field references (16 bytes each) of wide files to ~64 MiB.
  const int64_t max_rows = std::max<int64_t>(16, kMaxBatchFields / std::max(num_file_columns, 1));
  // The read's batch_rows option caps the scan's batch size.
  const int64_t capacity = std::clamp<int64_t>(std::min(request.batch_rows, options_.batch_rows), 1, max_rows);
  // With a row limit, no batch holds records past it: they are neither
  // converted nor checked. 0 left: stopped at the limit.
  int64_t remaining = request.max_rows;
  batch.reset(num_file_columns, remaining >= 0 ? std::clamp<int64_t>(remaining, 1, capacity) : capacity);
  while (remaining != 0) {
    if (request.check_cancelled) request.check_cancelled();
    if (!tokenizer.next(batch)) break;
    // The filter runs first, so the other columns are converted only for
    // the rows that may pass it. An empty selection means every row.
    std::vector<int64_t> selection;
    filter.bad_rows.assign(static_cast<size_t>(batch.num_rows), 0);
    filter.first_bad_row = -1;
    if (!request.predicates.empty()) {
      const auto tested = filter.convert(file.data(), batch, {});
      selection = rows_passing(batch, request.predicates, tested_fields, filter, tested);
    }
    const bool none_pass = !request.predicates.empty() && selection.empty();
    std::vector<std::shared_ptr<Column>> output;
    if (none_pass) {
      conversion.bad_rows.assign(static_cast<size_t>(batch.num_rows), 0);
      conversion.first_bad_row = -1;
    } else {
      output = conversion.convert(file.data(), batch, selection);
    }
    if (options_.on_error == CsvOnError::kRaise) {
      // The earlier bad value of the two conversions goes first.
      const bool filter_first = filter.first_bad_row >= 0 &&
                                (conversion.first_bad_row < 0 || filter.first_bad_row <= conversion.first_bad_row);
      raise_first_problem(split, batch, filter_first ? filter : conversion);
      raise_first_problem(split, batch, filter_first ? conversion : filter);
    }
    for (const RecordError& error : batch.errors)
      rejects.push_back(CsvReject{file.path(), error.line, "", record_text(split, error.begin, error.end), error.reason});
    int64_t num_rows = none_pass ? 0 : (selection.empty() ? batch.num_rows : static_cast<int64_t>(selection.size()));
    if (filter.first_bad_row >= 0 || conversion.first_bad_row >= 0) {
      // Skip mode: convert the rows whose values fit again.
      const std::vector<int64_t> good_rows =
          keep_good_rows(split, batch, filter, conversion, request.predicates.empty(), selection, rejects);
      num_rows = static_cast<int64_t>(good_rows.size());
      if (num_rows > 0) output = conversion.convert(file.data(), batch, good_rows);
    }
    if (num_rows > 0) consume(Batch(std::move(output), num_rows));
    if (remaining > 0) {
      remaining -= num_rows;
      if (remaining > 0 && remaining < batch.capacity_rows) batch.reset(num_file_columns, remaining);
    }
  }
  return remaining == 0 ? -1 : tokenizer.position();
}

std::vector<int64_t> CsvSource::keep_good_rows(const CsvSplit& split, const TokenBatch& batch, CsvBatchConversion& filter,
                                               CsvBatchConversion& conversion, bool all_selected,
                                               const std::vector<int64_t>& selection,
                                               std::vector<CsvReject>& rejects) const {
  const MappedFile& file = *files_[split.file_index];
  std::vector<int64_t> good_rows;
  for (int64_t row = 0; row < batch.num_rows; ++row) {
    if (filter.bad_rows[row] || conversion.bad_rows[row]) {
      CsvBatchConversion& failed = filter.bad_rows[row] ? filter : conversion;
      rejects.push_back(CsvReject{file.path(), batch.record_lines[row], failed.failing_column(file.data(), batch, row),
                                  record_text(split, batch.record_begins[row], batch.record_ends[row]),
                                  "value does not fit the column's type"});
    } else if (all_selected || std::binary_search(selection.begin(), selection.end(), row)) {
      good_rows.push_back(row);
    }
  }
  std::stable_sort(rejects.begin(), rejects.end(), [](const CsvReject& a, const CsvReject& b) { return a.line < b.line; });
  return good_rows;
}

void CsvSource::raise_first_problem(const CsvSplit& split, const TokenBatch& batch,
                                    const CsvBatchConversion& conversion) const {
  const int64_t bad_row = conversion.first_bad_row;
  if (!batch.errors.empty() && (bad_row < 0 || batch.errors[0].line < batch.record_lines[bad_row]))
    throw_record_error(split, batch.errors[0]);
  if (bad_row >= 0) {
    const int column = conversion.first_bad_column;
    throw_value_error(split, batch, bad_row, conversion.file_columns[column], conversion.issues[column].text);
  }
}

std::shared_ptr<TableSource> open_csv(const std::vector<std::string>& paths, const CsvReadOptions& options,
                                      const std::function<void()>& check_cancelled) {
  return std::make_shared<CsvSource>(paths, options, check_cancelled);
}

}  // namespace lode::io
