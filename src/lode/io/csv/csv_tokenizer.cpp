#include "lode/io/csv/csv_tokenizer.h"

#include <emmintrin.h>

#include <cstring>

namespace lode::io {

std::string describe_dialect(const CsvDialect& dialect) {
  auto show = [](char c) -> std::string {
    if (c == '\0') return "none";
    if (c == '\t') return "'\\t'";
    return std::string("'") + c + "'";
  };
  return "separator " + show(dialect.separator) + ", quote " + show(dialect.quote) + ", escape " +
         show(dialect.escape);
}

void TokenBatch::reset(int columns, int64_t rows) {
  num_columns = columns;
  num_rows = 0;
  if (capacity_rows != rows || static_cast<int64_t>(fields.size()) != columns * rows) {
    capacity_rows = rows;
    fields.assign(static_cast<size_t>(columns * rows), FieldRef{0, 0, 0});
    record_lines.resize(rows);
    record_begins.resize(rows);
    record_ends.resize(rows);
  }
  errors.clear();
}

namespace {

struct RecordScan {
  int64_t end;        // position after the record's terminator
  int64_t text_end;   // position after the record's last field
  int64_t lines;      // line ends passed, the terminator included
  int fields;
  const char* error;  // nullptr when the record is well formed
};

// Returns the number of line ends in [begin, end): "\n", "\r\n" and lone
// "\r". Sixteen bytes at a time; the rare carriage returns are checked one by one.
int64_t count_line_ends(const char* data, int64_t data_size, int64_t begin, int64_t end) {
  int64_t lines = 0;
  int64_t i = begin;
  const __m128i newlines = _mm_set1_epi8('\n');
  const __m128i returns = _mm_set1_epi8('\r');
  // Per-byte counters (a match is -1, so subtracting counts up), summed
  // with SAD before any of them can pass 255.
  while (i + 16 <= end) {
    __m128i counts = _mm_setzero_si128();
    for (int round = 0; round < 255 && i + 16 <= end; ++round, i += 16) {
      const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
      counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(chunk, newlines));
      if (_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, returns)) != 0) [[unlikely]] {
        for (int64_t k = i; k < i + 16; ++k) lines += data[k] == '\r' && (k + 1 >= data_size || data[k + 1] != '\n');
      }
    }
    const __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
    lines += _mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
  }
  for (; i < end; ++i) {
    lines += data[i] == '\n';
    lines += data[i] == '\r' && (i + 1 >= data_size || data[i + 1] != '\n');
  }
  return lines;
}

// Returns the first position at or after `p` holding `quote` or `escape`
// (or `size`), sixteen bytes at a time.
inline int64_t find_quote(const char* data, int64_t size, int64_t p, char quote, char escape) {
  const __m128i quotes = _mm_set1_epi8(quote);
  const __m128i escapes = _mm_set1_epi8(escape);
  while (p + 16 <= size) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + p));
    const unsigned mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(chunk, quotes), _mm_cmpeq_epi8(chunk, escapes))));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
  while (p < size && data[p] != quote && data[p] != escape) ++p;
  return p;
}

// Returns the position after the line that starts at `position`.
int64_t end_of_line(const char* data, int64_t size, int64_t position) {
  while (position < size && data[position] != '\n' && data[position] != '\r') ++position;
  if (position < size) position += (data[position] == '\r' && position + 1 < size && data[position + 1] == '\n') ? 2 : 1;
  return position;
}

constexpr int64_t kMaxFieldBytes = UINT32_MAX;

// Returns the first position at or after `p` holding the separator or a line
// end (or `size`), and with kComment also the comment prefix's first byte,
// sixteen bytes at a time where the data allows.
template <bool kComment>
inline int64_t find_special(const char* data, int64_t size, int64_t p, char separator, char comment,
                            const bool* special) {
  const __m128i separators = _mm_set1_epi8(separator);
  const __m128i newlines = _mm_set1_epi8('\n');
  const __m128i returns = _mm_set1_epi8('\r');
  [[maybe_unused]] const __m128i comments = _mm_set1_epi8(comment);
  while (p + 16 <= size) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + p));
    __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(chunk, separators),
                                _mm_or_si128(_mm_cmpeq_epi8(chunk, newlines), _mm_cmpeq_epi8(chunk, returns)));
    if constexpr (kComment) hits = _mm_or_si128(hits, _mm_cmpeq_epi8(chunk, comments));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return p + __builtin_ctz(mask);
    p += 16;
  }
  while (p < size && !special[static_cast<uint8_t>(data[p])]) ++p;
  return p;
}

// Returns true when the comment prefix starts at `position`.
inline bool comment_starts_at(const CsvDialect& dialect, const char* data, int64_t size, int64_t position) {
  const std::string& prefix = dialect.comment_prefix;
  return !prefix.empty() && size - position >= static_cast<int64_t>(prefix.size()) &&
         std::memcmp(data + position, prefix.data(), prefix.size()) == 0;
}

// Returns where the unquoted field at `p` ends: at the separator, a line end
// or (with kComment) a comment.
template <bool kComment>
inline int64_t find_field_end(const CsvDialect& dialect, const bool* special, const char* data, int64_t size,
                              int64_t p) {
  if constexpr (!kComment) {
    return find_special<false>(data, size, p, dialect.separator, '\0', special);
  } else {
    const char comment = dialect.comment_prefix[0];
    while (true) {
      p = find_special<true>(data, size, p, dialect.separator, comment, special);
      // The prefix's first byte alone ("/" of "//") is data.
      if (p >= size || data[p] != comment || comment_starts_at(dialect, data, size, p)) return p;
      ++p;
    }
  }
}

// Reads one record at `position`, calling on_field(index, FieldRef) for each
// field. Unquoted fields end at the separator or a line end; a quote in the
// middle of an unquoted field is data. A quoted field must close before the
// end of the data and be followed by a separator or line end (spaces allowed).
// With kComment (the dialect has a comment prefix), a comment outside quotes
// ends the record: the rest of its line is dropped. With kInQuotes, `position`
// lies inside the first field's quotes (the split planner's other hypothesis).
template <bool kComment, bool kInQuotes = false, typename OnField>
RecordScan scan_record(const CsvDialect& dialect, const bool* special, const char* data, int64_t size,
                       int64_t position, OnField&& on_field) {
  const char quote = dialect.quote;
  const char escape = dialect.escape;
  const char separator = dialect.separator;
  int64_t p = position;
  int64_t lines = 0;
  int field_index = 0;
  while (true) {
    FieldRef field{p, 0, 0};
    const bool inside = kInQuotes && field_index == 0;
    if (inside || (quote != '\0' && p < size && data[p] == quote)) {
      if (!inside) ++p;
      const int64_t content = p;
      uint8_t flags = kFieldQuoted;
      while (true) {
        p = find_quote(data, size, p, quote, escape);
        if (p >= size) {
          lines += count_line_ends(data, size, content, size);
          return {size, size, lines, field_index + 1, "unterminated quote"};
        }
        if (data[p] == escape && escape != quote) {
          if (p + 1 < size) {
            p += 2;
            flags |= kFieldEscaped;
            continue;
          }
          ++p;
          continue;
        }
        if (escape == quote && p + 1 < size && data[p + 1] == quote) {
          p += 2;
          flags |= kFieldEscaped;
          continue;
        }
        break;
      }
      lines += count_line_ends(data, size, content, p);
      if (p - content > kMaxFieldBytes) [[unlikely]]
        return {end_of_line(data, size, p), p, lines, field_index + 1, "field longer than 4 GiB"};
      field = FieldRef{content, static_cast<uint32_t>(p - content), flags};
      ++p;
      while (p < size && data[p] == ' ') ++p;
      if (p < size && data[p] != separator && data[p] != '\n' && data[p] != '\r' &&
          !(kComment && comment_starts_at(dialect, data, size, p))) {
        // Skip to the end of the line so the reader can go on after it.
        while (p < size && data[p] != '\n' && data[p] != '\r') ++p;
        const int64_t text_end = p;
        if (p < size) {
          ++lines;
          p += (data[p] == '\r' && p + 1 < size && data[p + 1] == '\n') ? 2 : 1;
        }
        return {p, text_end, lines, field_index + 1, "unexpected text after a closing quote (unescaped quote?)"};
      }
    } else {
      p = find_field_end<kComment>(dialect, special, data, size, p);
      if (p - field.offset > kMaxFieldBytes) [[unlikely]]
        return {end_of_line(data, size, p), p, lines, field_index + 1, "field longer than 4 GiB"};
      field.length = static_cast<uint32_t>(p - field.offset);
    }
    on_field(field_index, field);
    ++field_index;
    if (p >= size) return {p, p, lines, field_index, nullptr};
    if (data[p] == separator) {
      ++p;
      continue;
    }
    const int64_t text_end = p;
    if (kComment && data[p] != '\n' && data[p] != '\r') {
      // A comment: the record ends here, and the line after it.
      p = end_of_line(data, size, p);
      return {p, text_end, lines + (data[p - 1] == '\n' || data[p - 1] == '\r'), field_index, nullptr};
    }
    ++lines;
    p += (data[p] == '\r' && p + 1 < size && data[p + 1] == '\n') ? 2 : 1;
    return {p, text_end, lines, field_index, nullptr};
  }
}

void fill_special(const CsvDialect& dialect, bool* special) {
  special[static_cast<uint8_t>(dialect.separator)] = true;
  special[static_cast<uint8_t>('\n')] = true;
  special[static_cast<uint8_t>('\r')] = true;
  if (!dialect.comment_prefix.empty()) special[static_cast<uint8_t>(dialect.comment_prefix[0])] = true;
}

// Returns true when the line at `position` is a comment: spaces or tabs,
// then the comment prefix.
bool is_comment_at(const CsvDialect& dialect, const char* data, int64_t size, int64_t position) {
  if (dialect.comment_prefix.empty()) return false;
  while (position < size && (data[position] == ' ' || data[position] == '\t')) ++position;
  return comment_starts_at(dialect, data, size, position);
}

bool is_blank_line_at(const char* data, int64_t size, int64_t position) {
  return data[position] == '\n' || data[position] == '\r';
}


}  // namespace

int64_t next_record_position(const CsvDialect& dialect, const char* data, int64_t size, int64_t position,
                             int num_columns) {
  if (position >= size) return size;
  // The steps of CsvTokenizer::fill_batch: a comment or blank line, or one record.
  if (is_comment_at(dialect, data, size, position) || (num_columns > 1 && is_blank_line_at(data, size, position)))
    return end_of_line(data, size, position);
  bool special[256] = {};
  fill_special(dialect, special);
  auto ignore = [](int, const FieldRef&) {};
  return dialect.comment_prefix.empty() ? scan_record<false>(dialect, special, data, size, position, ignore).end
                                        : scan_record<true>(dialect, special, data, size, position, ignore).end;
}

int64_t end_of_quoted_record(const CsvDialect& dialect, const char* data, int64_t size, int64_t position) {
  if (position >= size || dialect.quote == '\0') return size;
  bool special[256] = {};
  fill_special(dialect, special);
  auto ignore = [](int, const FieldRef&) {};
  return dialect.comment_prefix.empty()
             ? scan_record<false, true>(dialect, special, data, size, position, ignore).end
             : scan_record<true, true>(dialect, special, data, size, position, ignore).end;
}

CsvTokenizer::CsvTokenizer(const CsvDialect& dialect, const char* data, int64_t data_size, int64_t begin,
                           int64_t end, int64_t first_line, int num_columns)
    : dialect_(dialect), data_(data), data_size_(data_size), position_(begin), end_(end), line_(first_line),
      num_columns_(num_columns) {
  fill_special(dialect_, special_);
}

bool CsvTokenizer::at_comment() const { return is_comment_at(dialect_, data_, data_size_, position_); }

int64_t CsvTokenizer::skip_line(int64_t position) const { return end_of_line(data_, data_size_, position); }

bool CsvTokenizer::next(TokenBatch& batch) {
  // Two copies of the loop: files without comments keep the tighter one.
  return dialect_.comment_prefix.empty() ? fill_batch<false>(batch) : fill_batch<true>(batch);
}

template <bool kComment>
bool CsvTokenizer::fill_batch(TokenBatch& batch) {
  batch.num_rows = 0;
  batch.errors.clear();
  const int columns = num_columns_;
  const int64_t capacity = batch.capacity_rows;
  FieldRef* fields = batch.fields.data();
  while (position_ < end_ && batch.num_rows < capacity) {
    if (at_comment() || (columns > 1 && is_blank_line_at(data_, data_size_, position_))) {
      position_ = skip_line(position_);
      ++line_;
      continue;
    }
    const int64_t row = batch.num_rows;
    const RecordScan scan = scan_record<kComment>(dialect_, special_, data_, data_size_, position_,
                                        [&](int index, const FieldRef& field) {
                                          if (index < columns) fields[index * capacity + row] = field;
                                        });
    if (scan.error == nullptr && scan.fields < columns && null_padding_) {
      for (int column = scan.fields; column < columns; ++column)
        fields[column * capacity + row] = FieldRef{scan.text_end, 0, kFieldMissing};
    }
    const bool padded = null_padding_ && scan.fields < columns;
    if (scan.error != nullptr || (scan.fields != columns && !padded)) {
      std::string reason = scan.error != nullptr
                               ? std::string(scan.error)
                               : "expected " + std::to_string(columns) + " fields, found " + std::to_string(scan.fields);
      batch.errors.push_back(RecordError{line_, position_, scan.text_end, std::move(reason)});
    } else {
      batch.record_lines[row] = line_;
      batch.record_begins[row] = position_;
      batch.record_ends[row] = scan.text_end;
      ++batch.num_rows;
    }
    line_ += scan.lines;
    position_ = scan.end;
  }
  return batch.num_rows > 0 || !batch.errors.empty();
}

std::vector<std::vector<std::string>> tokenize_rows(const CsvDialect& dialect, const char* data, int64_t size,
                                                    int64_t max_records, std::string& error, int64_t* end_offset,
                                                    int64_t max_fields) {
  bool special[256] = {};
  fill_special(dialect, special);
  std::vector<std::vector<std::string>> rows;
  std::vector<FieldRef> fields;
  std::string scratch;
  int64_t position = 0;
  error.clear();
  int64_t num_fields = 0;
  while (position < size && static_cast<int64_t>(rows.size()) < max_records && num_fields < max_fields) {
    if (is_comment_at(dialect, data, size, position) || is_blank_line_at(data, size, position)) {
      position = end_of_line(data, size, position);
      continue;
    }
    fields.clear();
    auto on_field = [&](int, const FieldRef& field) { fields.push_back(field); };
    const RecordScan scan = dialect.comment_prefix.empty()
                                ? scan_record<false>(dialect, special, data, size, position, on_field)
                                : scan_record<true>(dialect, special, data, size, position, on_field);
    if (scan.error != nullptr) {
      error = scan.error;
      break;
    }
    std::vector<std::string>& row = rows.emplace_back();
    for (const FieldRef& field : fields) row.emplace_back(field_text(dialect, data, field, scratch));
    num_fields += static_cast<int64_t>(fields.size());
    position = scan.end;
  }
  if (end_offset != nullptr) *end_offset = position;
  return rows;
}

size_t unescape_to(const CsvDialect& dialect, const char* text, size_t length, char* out) {
  size_t written = 0, i = 0;
  while (i < length) {
    // Copy the run up to the next quote or escape in one go.
    size_t run = i;
    if (dialect.escape == dialect.quote) {
      const void* found = std::memchr(text + i, dialect.quote, length - i);
      run = found ? static_cast<size_t>(static_cast<const char*>(found) - text) : length;
    } else {
      while (run < length && text[run] != dialect.escape && text[run] != dialect.quote) ++run;
    }
    std::memcpy(out + written, text + i, run - i);
    written += run - i;
    if (run >= length) break;
    if (run + 1 < length) {
      out[written++] = text[run + 1];
      i = run + 2;
    } else {
      out[written++] = text[run];
      i = run + 1;
    }
  }
  return written;
}

std::string_view unescape_field(const CsvDialect& dialect, const char* data, const FieldRef& field, std::string& scratch) {
  const char* text = data + field.offset;
  scratch.resize(field.length);
  scratch.resize(unescape_to(dialect, text, field.length, scratch.data()));
  return scratch;
}


}  // namespace lode::io
