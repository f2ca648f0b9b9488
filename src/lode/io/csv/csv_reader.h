#pragma once
// The eager CSV read (lode.read_csv): all splits of all files read in
// parallel on the global thread pool, the batches assembled in file and
// split order. When several splits fail, the error of the earliest one
// (file order, then line) is raised. Call from outside the thread pool.
// A cancel check between batches lets Ctrl-C stop a long read.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/table.h"
#include "lode/io/csv/csv_options.h"

namespace lode::io {

struct CsvReadResult {
  std::shared_ptr<Table> table;
  int64_t rows_skipped = 0;       // by on_error=kSkip
  std::vector<CsvReject> rejects;  // when keep_rejects
};

/// Reads `paths` eagerly. `check_cancelled`, when given, runs on the reading
/// threads before each batch; an exception it throws (CancelledError) stops
/// the read within a batch per thread and is rethrown.
CsvReadResult read_csv(const std::vector<std::string>& paths, const CsvReadOptions& options = {},
                       const std::function<void()>& check_cancelled = {});

}  // namespace lode::io
