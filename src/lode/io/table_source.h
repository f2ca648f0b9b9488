#pragma once
// A table source: where a scan's rows come from (an in-memory table, CSV
// files, Parquet files). The executor asks a source for its splits, the
// independent units of work (a row group, a byte range of a CSV file, a
// slice of an in-memory table), and reads them in parallel, one split per
// worker at a time, or in order when the scan has a row limit. A source
// never starts threads itself; it may run a split's independent parts (the
// column chunks of a row group) as a nested job on the pool the request
// names. An error is thrown from read_split of the split that holds it, so
// that the scan reports the earliest one (the pool keeps the error of the
// lowest failing task).
//
// Threading: schema(), num_splits() and describe() are called once, on the
// planning thread. read_split() is called concurrently for different splits
// and must be thread-safe; batches of one split are produced in row order.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lode/core/batch.h"
#include "lode/core/schema.h"
#include "lode/io/scan_filter.h"

namespace lode {
class ThreadPool;
}

namespace lode::io {

/// What a scan asks of a source: which columns, and which rows it may skip.
struct ScanRequest {
  /// Indices into schema() of the columns to produce, in this order.
  std::vector<int> columns;
  /// Conjuncts the rows must satisfy. A source may use them to skip whole
  /// splits or pages (by min/max statistics); it need not apply them row by
  /// row, since the executor filters the rows it gets. Column indices refer
  /// to schema().
  std::vector<ColumnPredicate> predicates;
  /// Rows per batch that the source should aim for.
  int64_t batch_rows = 65536;
  /// When not negative, the source may stop once it has passed this many
  /// rows of the split to consume, and must not convert or check rows past
  /// them (a CSV row limit never raises for a bad row after it).
  int64_t max_rows = -1;
  /// Runs between batches (and a split's parts); what it throws
  /// (CancelledError) ends read_split. Empty: no check.
  std::function<void()> check_cancelled;
  /// The query's pool, for a nested job over a split's parts; null: read
  /// them on the calling thread.
  ThreadPool* pool = nullptr;
};

/// Counters a source updates while scanning, shown by profile().
struct ScanStatistics {
  int64_t splits_read = 0;
  int64_t splits_skipped = 0;  // pruned by predicates, never read; counted by the pipeline
                               // when read_split returns false, not by the source
  int64_t bytes_read = 0;
};

class TableSource {
 public:
  virtual ~TableSource() = default;

  virtual const Schema& schema() const = 0;
  virtual int64_t num_splits() const = 0;
  /// Returns an estimate of the rows in the source, if cheaply known.
  virtual std::optional<int64_t> estimated_rows() const { return std::nullopt; }
  /// Returns a one-line description for explain(): "parquet 'x.parquet' (12 row groups)".
  virtual std::string describe() const = 0;

  /// Reads split `index` and passes its batches, holding request.columns,
  /// to `consume`. Returns false without reading if the predicates show the
  /// split holds no matching row. Throws lode errors naming file and place.
  virtual bool read_split(int64_t index, const ScanRequest& request, ScanStatistics& statistics,
                          const std::function<void(Batch)>& consume) = 0;
};

}  // namespace lode::io
