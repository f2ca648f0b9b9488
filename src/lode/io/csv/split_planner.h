#pragma once
// Cuts one CSV file into splits, byte ranges that start at record
// boundaries, so that threads can read one big file in parallel. A first
// pass counts quotes and line ends per chunk (in parallel); the quote parity
// before a chunk guesses whether its first line end is inside a quoted field,
// and the line counts give each split its first line number for errors.
// Parity can lie (a quote inside an unquoted field, 5'9"), so each guessed
// boundary is then proven or moved: it must be a place where the tokenizer
// arrives whether the line end before it was inside quotes or not
// (docs/design/csv_reading.md). A boundary that cannot be proven is dropped.
// Runs at open time on the planning thread, using the global thread pool.

#include <cstdint>
#include <functional>
#include <vector>

#include "lode/io/csv/csv_dialect.h"

namespace lode::io {

struct CsvSplit {
  int file_index = 0;
  int64_t begin = 0;       // byte offset of the split's first record
  int64_t end = 0;         // byte offset after its last record
  int64_t first_line = 1;  // 1-based line number at `begin`
};

/// Returns the splits of [data_begin, size) of `data`, about `split_bytes`
/// each; `data_line` is the line number at data_begin and `num_columns` the
/// file's column count (a blank line is a record of one-column files).
/// Every split begins where a sequential read of the file begins a record.
/// With an escape character other than the quote, quote parity says
/// nothing, and the file is one split. `check_cancelled`, when given, runs
/// before each chunk's count and each boundary's proof; what it throws is
/// rethrown.
std::vector<CsvSplit> plan_splits(int file_index, const char* data, int64_t size, const CsvDialect& dialect,
                                  int num_columns, int64_t data_begin, int64_t data_line, int64_t split_bytes,
                                  const std::function<void()>& check_cancelled = {});

}  // namespace lode::io
