#pragma once
// CSV files as a TableSource: the sniffed (or given) schema, and splits that
// are byte ranges of the files, starting at record boundaries. Hive
// partition folders (`year=2023/`) add constant columns after the file's,
// and a pushed predicate on them skips whole files unread. read_split
// tokenizes its range in batches, evaluates the pushed predicates on the
// columns they test, and converts the requested columns only for rows that
// may pass (the executor still applies the full filter).
//
// Threading: constructed once on the planning thread (it sniffs the first
// file and plans the splits, using the global thread pool for the quote
// pass and the boundary proofs); read_split is thread-safe. Files are memory-mapped and their pages
// dropped after each split, so memory stays bounded by batches in flight.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lode/io/csv/csv_options.h"
#include "lode/io/csv/csv_sniffer.h"
#include "lode/io/csv/csv_tokenizer.h"
#include "lode/io/csv/split_planner.h"
#include "lode/io/fs/file_listing.h"
#include "lode/io/fs/mapped_file.h"
#include "lode/io/table_source.h"

namespace lode::io {

struct CsvBatchConversion;

class CsvSource : public TableSource {
 public:
  /// Expands `paths` (files, globs), maps the files, sniffs the first and
  /// plans the splits. Throws IOError, SchemaError or InvalidInputError.
  /// `check_cancelled`, when given, runs before each file is planned and
  /// while its quotes are counted (planning reads every byte); what it
  /// throws (CancelledError) is rethrown.
  CsvSource(const std::vector<std::string>& paths, CsvReadOptions options,
            const std::function<void()>& check_cancelled = {});

  const Schema& schema() const override { return schema_; }
  int64_t num_splits() const override { return static_cast<int64_t>(splits_.size()); }
  std::optional<int64_t> estimated_rows() const override;
  std::string describe() const override;
  /// Throws ParseError (file, line, column, text) on a malformed row unless
  /// on_error is kSkip; then the row is counted (and kept if keep_rejects).
  /// Honours request.max_rows (records past it are not read) and runs
  /// request.check_cancelled before each batch. Throws ParseError if the
  /// split's last record runs past the split's end, which the split planner
  /// rules out (split_planner.h) short of quoted fields over 4 GiB.
  bool read_split(int64_t index, const ScanRequest& request, ScanStatistics& statistics,
                  const std::function<void(Batch)>& consume) override;

  const CsvLayout& layout() const { return layout_; }

  /// Rows skipped so far by on_error=kSkip, and the kept rejects in file order.
  int64_t rows_skipped() const;
  std::vector<CsvReject> rejects() const;

 private:
  void build_schema(const std::vector<DatasetFile>& files);
  void open_file(int file_index, const std::function<void()>& check_cancelled);
  /// Returns true when file `file_index`'s partition values rule out `predicates`.
  bool partitions_exclude(int file_index, const std::vector<ColumnPredicate>& predicates) const;
  /// Returns the part of `request` that the file's own columns answer.
  ScanRequest file_part(const ScanRequest& request) const;
  /// Returns `batch` (file_part's columns) with the partition columns of
  /// `columns` put in their places.
  Batch add_partition_columns(Batch batch, const std::vector<int>& columns, int file_index) const;
  /// Returns the position after the split's last record, or -1 when it
  /// stopped at request.max_rows.
  int64_t read_tokens(const CsvSplit& split, const ScanRequest& request, const std::function<void(Batch)>& consume,
                      std::vector<CsvReject>& rejects);
  CsvBatchConversion make_conversion(const std::vector<int>& fields) const;
  /// Skip mode: adds the rows of `batch` whose values failed to `rejects` (in
  /// line order) and returns the others that the selection keeps (all rows
  /// when `all_selected`).
  std::vector<int64_t> keep_good_rows(const CsvSplit& split, const TokenBatch& batch, CsvBatchConversion& filter,
                                      CsvBatchConversion& conversion, bool all_selected,
                                      const std::vector<int64_t>& selection, std::vector<CsvReject>& rejects) const;
  void raise_first_problem(const CsvSplit& split, const TokenBatch& batch, const CsvBatchConversion& conversion) const;
  [[noreturn]] void throw_boundary_error(const CsvSplit& split) const;
  [[noreturn]] void throw_record_error(const CsvSplit& split, const RecordError& error) const;
  [[noreturn]] void throw_value_error(const CsvSplit& split, const TokenBatch& batch, int64_t row,
                                      int column, const std::string& text) const;
  std::string record_text(const CsvSplit& split, int64_t begin, int64_t end) const;

  CsvReadOptions options_;
  std::vector<std::unique_ptr<MappedFile>> files_;
  CsvLayout layout_;
  std::vector<int> file_columns_;       // the schema's first fields -> column of the file
  std::vector<int> partition_columns_;  // the schema's last fields -> Hive partition key
  std::vector<std::vector<Scalar>> partition_values_;  // [file][partition key]
  Schema schema_;
  std::vector<CsvSplit> splits_;
  int64_t total_bytes_ = 0;

  mutable std::mutex mutex_;
  int64_t rows_skipped_ = 0;
  std::vector<std::vector<CsvReject>> rejects_;  // per split
};

/// Opens CSV files for a lazy scan (the engine's scan_csv). Call it on the
/// planning thread, not from a thread-pool task: planning the splits runs
/// a parallel_for on the global pool.
std::shared_ptr<TableSource> open_csv(const std::vector<std::string>& paths, const CsvReadOptions& options,
                                      const std::function<void()>& check_cancelled = {});

}  // namespace lode::io
