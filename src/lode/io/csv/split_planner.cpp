#include "lode/io/csv/split_planner.h"

#include <algorithm>

#include "lode/core/thread_pool.h"

namespace lode::io {

namespace {

struct ChunkCounts {
  int64_t quotes = 0;
  int64_t line_ends = 0;
};

// Counts quotes and line ends ("\n", lone "\r") in [begin, end); branch-free
// so that the compiler vectorizes it.
ChunkCounts count_chunk(const char* data, int64_t size, int64_t begin, int64_t end, char quote) {
  ChunkCounts counts;
  int64_t quotes = 0, newlines = 0, returns = 0, crlf = 0;
  for (int64_t i = begin; i < end; ++i) {
    quotes += data[i] == quote;
    newlines += data[i] == '\n';
    returns += data[i] == '\r';
  }
  if (returns > 0) {
    for (int64_t i = begin; i < end; ++i) crlf += data[i] == '\r' && i + 1 < size && data[i + 1] == '\n';
  }
  counts.quotes = quote == '\0' ? 0 : quotes;
  counts.line_ends = newlines + returns - crlf;
  return counts;
}

// Returns the first record start at or after `position`, given whether
// `position` lies inside quotes.
int64_t next_record_start(const char* data, int64_t size, int64_t position, bool in_quotes, char quote) {
  // Start one byte early so that a record starting exactly at `position` is found.
  int64_t p = position - 1;
  if (quote != '\0' && data[p] == quote) in_quotes = !in_quotes;
  for (; p < size; ++p) {
    const char c = data[p];
    if (quote != '\0' && c == quote) {
      in_quotes = !in_quotes;
      continue;
    }
    if (c != '\n' && c != '\r') continue;
    if (in_quotes) continue;
    const bool crlf = c == '\r' && p + 1 < size && data[p + 1] == '\n';
    return p + (crlf ? 2 : 1);
  }
  return size;
}

}  // namespace

std::vector<CsvSplit> plan_splits(int file_index, const char* data, int64_t size, const CsvDialect& dialect,
                                  int64_t data_begin, int64_t data_line, int64_t split_bytes,
                                  const std::function<void()>& check_cancelled) {
  split_bytes = std::max<int64_t>(split_bytes, 1024);
  if (size - data_begin <= split_bytes || !dialect.quote_parity_exact())
    return {CsvSplit{file_index, data_begin, size, data_line}};
  const int64_t num_chunks = (size - data_begin + split_bytes - 1) / split_bytes;
  std::vector<ChunkCounts> counts(num_chunks);
  ThreadPool::global().parallel_for(num_chunks, [&](int64_t chunk, int) {
    if (check_cancelled) check_cancelled();
    const int64_t begin = data_begin + chunk * split_bytes;
    counts[chunk] = count_chunk(data, size, begin, std::min(size, begin + split_bytes), dialect.quote);
  });

  std::vector<CsvSplit> splits;
  splits.push_back(CsvSplit{file_index, data_begin, size, data_line});
  int64_t quotes_before = 0, lines_before = 0;
  for (int64_t chunk = 1; chunk < num_chunks; ++chunk) {
    quotes_before += counts[chunk - 1].quotes;
    lines_before += counts[chunk - 1].line_ends;
    const int64_t chunk_begin = data_begin + chunk * split_bytes;
    const int64_t start = next_record_start(data, size, chunk_begin, quotes_before % 2 == 1, dialect.quote);
    if (start <= splits.back().begin || start >= size) continue;
    // Line ends between the chunk start and the record start, as the tokenizer counts them.
    const int64_t extra = count_chunk(data, size, chunk_begin, start, '\0').line_ends;
    splits.back().end = start;
    splits.push_back(CsvSplit{file_index, start, size, data_line + lines_before + extra});
  }
  return splits;
}

}  // namespace lode::io
