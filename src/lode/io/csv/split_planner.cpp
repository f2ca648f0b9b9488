#include "lode/io/csv/split_planner.h"

#include <algorithm>
#include <cstring>

#include "lode/core/thread_pool.h"
#include "lode/io/csv/csv_tokenizer.h"

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

// One file's bytes and chunk counts, for proving guessed boundaries.
struct Chunks {
  const char* data;
  int64_t size;
  const CsvDialect& dialect;
  int num_columns;
  int64_t data_begin;
  int64_t chunk_bytes;
  std::vector<int64_t> quoted_at_or_before;  // [chunk]: the last chunk up to it with a quote, or -1
  std::vector<int64_t> quotes_from;          // [chunk]: quotes in it and the chunks after it

  Chunks(const char* data, int64_t size, const CsvDialect& dialect, int num_columns, int64_t data_begin,
         int64_t chunk_bytes, const std::vector<ChunkCounts>& counts)
      : data(data), size(size), dialect(dialect), num_columns(num_columns), data_begin(data_begin),
        chunk_bytes(chunk_bytes), quoted_at_or_before(counts.size()), quotes_from(counts.size() + 1, 0) {
    int64_t last = -1;
    for (size_t chunk = 0; chunk < counts.size(); ++chunk)
      quoted_at_or_before[chunk] = last = counts[chunk].quotes > 0 ? static_cast<int64_t>(chunk) : last;
    for (size_t chunk = counts.size(); chunk-- > 0;) quotes_from[chunk] = quotes_from[chunk + 1] + counts[chunk].quotes;
  }

  int64_t chunk_begin(int64_t chunk) const { return data_begin + chunk * chunk_bytes; }
  int64_t chunk_of(int64_t position) const { return (position - data_begin) / chunk_bytes; }

  // Returns the last quote in [data_begin, end), -1 when there is none, or
  // -2 once more than `budget` bytes were searched (chunks without quotes
  // are skipped by their counts, for free).
  int64_t last_quote_before(int64_t end, int64_t& budget) const {
    if (end <= data_begin) return -1;
    for (int64_t chunk = quoted_at_or_before[chunk_of(end - 1)]; chunk >= 0; chunk = quoted_at_or_before[chunk - 1]) {
      const int64_t begin = chunk_begin(chunk);
      end = std::min(end, chunk_begin(chunk + 1));
      if ((budget -= end - begin) < 0) return -2;
      const void* found = memrchr(data + begin, dialect.quote, static_cast<size_t>(end - begin));
      if (found) return static_cast<const char*>(found) - data;
      if (chunk == 0) break;
    }
    return -1;
  }

  // Returns true when a quote lies in [position, size); counts chunks, reads little.
  bool quote_at_or_after(int64_t position) const {
    const int64_t chunk = chunk_of(position);
    const int64_t chunk_end = std::min(size, chunk_begin(chunk + 1));
    return std::memchr(data + position, dialect.quote, static_cast<size_t>(chunk_end - position)) != nullptr ||
           quotes_from[chunk + 1] > 0;
  }

  // Returns false when the line end before `position` cannot lie inside a
  // quoted field. With doubled quotes as the escape, a quoted field opens
  // with an odd run of quotes at a field start (after a separator or line
  // end) and holds only even runs (escaped quotes) until it closes: if
  // `position` were inside one, the last odd run of quotes before it would
  // start at a field start. True when it looked too far back to tell.
  bool may_be_in_quotes(int64_t position) const {
    if (dialect.escape != dialect.quote) return true;  // NUL as escape: runs mean less
    int64_t budget = 2 * chunk_bytes;
    int64_t end = position;
    while (true) {
      const int64_t last = last_quote_before(end, budget);
      if (last == -1) return false;
      if (last == -2) return true;
      int64_t first = last;
      while (first > data_begin && data[first - 1] == dialect.quote) --first;
      if ((budget -= last - first) < 0) return true;
      if ((last - first + 1) % 2 == 1) {
        if (first == data_begin) return true;
        const char before = data[first - 1];
        return before == dialect.separator || before == '\n' || before == '\r';
      }
      end = first;
    }
  }

  // Returns a record start at or after `guess`, where the tokenizer arrives
  // whether the line end before `guess` ended a record or lay inside a
  // quoted field; -1 when the two readings do not meet within one chunk.
  int64_t prove_boundary(int64_t guess) const {
    if (dialect.quote == '\0' || !may_be_in_quotes(guess)) return guess;
    // With no quote left, a quoted field at `guess` would never close: the
    // file would be malformed there anyway, and a read that ran into it
    // fails at its split's end check rather than return rows.
    if (!quote_at_or_after(guess)) return guess;
    const int64_t limit = std::min(size, guess + chunk_bytes);
    int64_t outside = guess;
    int64_t inside = end_of_quoted_record(dialect, data, size, guess);
    while (outside != inside) {
      if (outside < inside) outside = next_record_position(dialect, data, size, outside, num_columns);
      else inside = next_record_position(dialect, data, size, inside, num_columns);
      if (outside >= limit || inside >= limit) return -1;
    }
    return outside;
  }
};

}  // namespace

std::vector<CsvSplit> plan_splits(int file_index, const char* data, int64_t size, const CsvDialect& dialect,
                                  int num_columns, int64_t data_begin, int64_t data_line, int64_t split_bytes,
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
  std::vector<int64_t> quotes_before(num_chunks, 0), lines_before(num_chunks, 0);
  for (int64_t chunk = 1; chunk < num_chunks; ++chunk) {
    quotes_before[chunk] = quotes_before[chunk - 1] + counts[chunk - 1].quotes;
    lines_before[chunk] = lines_before[chunk - 1] + counts[chunk - 1].line_ends;
  }

  // Guess a boundary per chunk from the quote parity, then prove or move it.
  const Chunks chunks{data, size, dialect, num_columns, data_begin, split_bytes, counts};
  std::vector<int64_t> starts(num_chunks, -1);
  ThreadPool::global().parallel_for(num_chunks - 1, [&](int64_t index, int) {
    if (check_cancelled) check_cancelled();
    const int64_t chunk = index + 1;
    const bool in_quotes = quotes_before[chunk] % 2 == 1;
    const int64_t guess = next_record_start(data, size, chunks.chunk_begin(chunk), in_quotes, dialect.quote);
    if (guess < size) starts[chunk] = chunks.prove_boundary(guess);
  });

  std::vector<CsvSplit> splits;
  splits.push_back(CsvSplit{file_index, data_begin, size, data_line});
  for (int64_t chunk = 1; chunk < num_chunks; ++chunk) {
    const int64_t start = starts[chunk];
    if (start <= splits.back().begin || start >= size) continue;
    // Line ends between the start's chunk and the start, as the tokenizer counts them.
    const int64_t home = chunks.chunk_of(start);
    const int64_t extra = count_chunk(data, size, chunks.chunk_begin(home), start, '\0').line_ends;
    splits.back().end = start;
    splits.push_back(CsvSplit{file_index, start, size, data_line + lines_before[home] + extra});
  }
  return splits;
}

}  // namespace lode::io
