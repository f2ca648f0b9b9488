#include "lode/io/csv/csv_sniffer.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "lode/core/error.h"
#include "lode/io/csv/csv_tokenizer.h"
#include "lode/io/csv/utf8_validation.h"
#include "lode/io/csv/value_parsers.h"

namespace lode::io {

namespace {

constexpr int64_t kDialectSampleRecords = 200;
constexpr int64_t kSampleBytes = 16 << 20;
constexpr int64_t kSampleFields = 1 << 21;  // bounds the sample's memory for wide files

// Skips the UTF-8 byte order mark and `skip_rows` physical lines.
int64_t skip_preamble(std::string_view text, int64_t skip_rows, int64_t& line) {
  int64_t position = 0;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") position = 3;
  for (int64_t row = 0; row < skip_rows && position < static_cast<int64_t>(text.size()); ++row) {
    while (position < static_cast<int64_t>(text.size()) && text[position] != '\n' && text[position] != '\r') ++position;
    if (position < static_cast<int64_t>(text.size())) {
      position += (text[position] == '\r' && position + 1 < static_cast<int64_t>(text.size()) && text[position + 1] == '\n') ? 2 : 1;
      ++line;
    }
  }
  return position;
}

struct DialectScore {
  bool valid = false;
  bool quotes_left_in = false;  // without quoting, some field starts with a quote; a quoting dialect is likelier
  int64_t consistent_rows = 0;
  int64_t total_rows = 0;
  int64_t num_columns = 0;
  int preference = 0;  // lower wins ties
};

bool better(const DialectScore& a, const DialectScore& b) {
  if (a.valid != b.valid) return a.valid;
  if (a.quotes_left_in != b.quotes_left_in) return !a.quotes_left_in;
  const bool a_multi = a.num_columns > 1, b_multi = b.num_columns > 1;
  if (a_multi != b_multi) return a_multi;
  // Compare the consistent fractions: a/b > c/d  <=>  a*d > c*b.
  const int64_t left = a.consistent_rows * std::max<int64_t>(b.total_rows, 1);
  const int64_t right = b.consistent_rows * std::max<int64_t>(a.total_rows, 1);
  if (left != right) return left > right;
  if (a.num_columns != b.num_columns) return a.num_columns > b.num_columns;
  return a.preference < b.preference;
}

// Scores a dialect on the sample: how many records, from the first on, have
// the same field count; a quote error in a complete record disqualifies it.
DialectScore score_dialect(const CsvDialect& dialect, std::string_view sample, bool sample_is_whole, int preference) {
  std::string error;
  int64_t end = 0;
  auto rows = tokenize_rows(dialect, sample.data(), static_cast<int64_t>(sample.size()), kDialectSampleRecords, error, &end);
  DialectScore score;
  score.preference = preference;
  if (!error.empty() && (sample_is_whole || rows.size() < 2)) return score;
  if (rows.empty()) {
    score.valid = error.empty();
    score.num_columns = 1;
    return score;
  }
  score.valid = true;
  // Without quoting, a field that starts with a quote character suggests
  // that a quoting dialect is the right reading.
  if (dialect.quote == '\0') {
    for (const auto& row : rows)
      for (const std::string& field : row)
        score.quotes_left_in |= !field.empty() && (field.front() == '"' || field.front() == '\'');
  }
  // The field count most records share, preferring the first record's.
  std::map<size_t, int64_t> counts;
  for (const auto& row : rows) ++counts[row.size()];
  size_t mode = rows[0].size();
  for (const auto& [count, occurrences] : counts)
    if (occurrences > counts[mode]) mode = count;
  score.num_columns = static_cast<int64_t>(mode);
  score.consistent_rows = counts[mode];
  score.total_rows = static_cast<int64_t>(rows.size());
  return score;
}

// Returns true when a line of `sample` starts with '#', after spaces or tabs.
bool has_comment_line(std::string_view sample) {
  for (size_t line = 0; line < sample.size();) {
    const size_t text = sample.find_first_not_of(" \t", line);
    if (text != std::string_view::npos && sample[text] == '#') return true;
    const size_t end = sample.find('\n', line);
    if (end == std::string_view::npos) break;
    line = end + 1;
  }
  return false;
}

CsvDialect sniff_dialect(std::string_view sample, bool sample_is_whole, const CsvReadOptions& options) {
  std::vector<char> separators = options.separator ? std::vector<char>{*options.separator}
                                                   : std::vector<char>{',', '|', ';', '\t'};
  std::vector<std::pair<char, char>> quotings;  // (quote, escape)
  if (options.quote) {
    const char quote = *options.quote;
    if (options.escape) quotings = {{quote, *options.escape}};
    else if (quote == '\0') quotings = {{'\0', '\0'}};
    else quotings = {{quote, quote}, {quote, '\\'}};
  } else if (options.escape) {
    quotings = {{'"', *options.escape}, {'\'', *options.escape}, {'\0', '\0'}};
  } else {
    quotings = {{'"', '"'}, {'"', '\\'}, {'\'', '\''}, {'\'', '\\'}, {'\0', '\0'}};
  }
  // Try '#' comments only when no prefix was given and a line starts with
  // '#' (after spaces).
  std::vector<std::string> comments = {options.comment_prefix};
  if (options.comment_prefix.empty() && has_comment_line(sample)) comments.push_back("#");
  CsvDialect best_dialect;
  DialectScore best;
  int preference = 0;
  for (const std::string& comment : comments)
  for (const auto& [quote, escape] : quotings) {
    for (char separator : separators) {
      CsvDialect dialect{separator, quote, escape, comment};
      // A quote that never occurs in the sample is only a fallback.
      const bool quote_unused = quote != '\0' && sample.find(quote) == std::string_view::npos;
      const DialectScore score = score_dialect(dialect, sample, sample_is_whole, preference++ + (quote_unused ? 1000 : 0));
      if (preference == 1 || better(score, best)) {
        best = score;
        best_dialect = dialect;
      }
    }
  }
  return best_dialect;
}

// Names columns: header text, "column{i}" for empty or absent ones, and a
// "_1", "_2" suffix for repeats.
std::vector<std::string> column_names(const std::vector<std::string>& header, size_t num_columns) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  // Generated names are zero-padded to one width (column00 .. column12), as DuckDB names them.
  const size_t width = std::to_string(num_columns > 0 ? num_columns - 1 : 0).size();
  for (size_t i = 0; i < num_columns; ++i) {
    const std::string number = std::to_string(i);
    std::string given = i < header.size() ? std::string(trim_spaces(header[i])) : "";
    std::string base = !given.empty() ? given : "column" + std::string(width - number.size(), '0') + number;
    std::string name = base;
    for (int suffix = 1; seen.count(name); ++suffix) name = base + "_" + std::to_string(suffix);
    seen.insert(name);
    names.push_back(name);
  }
  return names;
}

bool is_null_text(const CsvReadOptions& options, std::string_view text) {
  return std::find(options.null_values.begin(), options.null_values.end(), text) != options.null_values.end();
}

const DataType* find_override(const CsvReadOptions& options, const std::string& name) {
  for (const auto& [override_name, type] : options.schema_overrides)
    if (override_name == name) return &type;
  return nullptr;
}

std::vector<ColumnTypeGuess> guess_types(const std::vector<std::vector<std::string>>& rows, size_t first_row,
                                         size_t num_columns, const CsvReadOptions& options) {
  std::vector<ColumnTypeGuess> guesses(num_columns, ColumnTypeGuess(options.date_format, options.timestamp_format));
  const size_t last = std::min(rows.size(), first_row + static_cast<size_t>(options.infer_schema_length));
  for (size_t row = first_row; row < last; ++row) {
    // The tokenizer keeps raw quoting apart only for the reader; in the
    // sample, an empty value counts as null.
    for (size_t column = 0; column < num_columns && column < rows[row].size(); ++column) {
      const std::string& text = rows[row][column];
      if (!is_null_text(options, text)) guesses[column].add(text);
    }
  }
  return guesses;
}

bool looks_like_header(const std::vector<std::string>& first, const std::vector<CsvColumnSpec>& specs,
                       const CsvReadOptions& options) {
  // A first row of empty names (",,") is a header with unnamed columns.
  bool all_empty = true;
  for (const std::string& text : first) all_empty &= text.empty();
  if (all_empty && specs.size() > 1) return true;
  bool any_typed = false;
  for (size_t column = 0; column < specs.size(); ++column) {
    if (specs[column].type.id == TypeId::kString) continue;
    any_typed = true;
    if (column >= first.size()) continue;
    const std::string& text = first[column];
    if (is_null_text(options, text) || ColumnTypeGuess::fits(specs[column], text)) continue;
    // A header cell is text: "2.5" above integers is data of a wider type.
    ColumnTypeGuess alone(options.date_format, options.timestamp_format);
    alone.add(text);
    const TypeId own = alone.result("").type.id;
    if (own == TypeId::kString || own == TypeId::kBool) return true;
  }
  // All text: like DuckDB, take the first record as the header.
  return !any_typed;
}

// Returns true for a time of day: H:MM, HH:MM:SS, HH:MM:SS.ffffff.
bool looks_like_time_of_day(std::string_view text) {
  auto two_digits = [&](size_t at, int limit) {
    return at + 2 <= text.size() && std::isdigit(static_cast<unsigned char>(text[at])) &&
           std::isdigit(static_cast<unsigned char>(text[at + 1])) && (text[at] - '0') * 10 + (text[at + 1] - '0') < limit;
  };
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2) return false;
  for (size_t i = 0; i < colon; ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  if (std::stoi(std::string(text.substr(0, colon))) > 23 || !two_digits(colon + 1, 60)) return false;
  size_t at = colon + 3;
  if (at == text.size()) return true;
  if (text[at] != ':' || !two_digits(at + 1, 60)) return false;
  at += 3;
  if (at == text.size()) return true;
  if (text[at] != '.' || at + 1 == text.size()) return false;
  for (++at; at < text.size(); ++at)
    if (!std::isdigit(static_cast<unsigned char>(text[at]))) return false;
  return true;
}

// Decides whether a file's only record is its header (a table of no rows,
// as lode, pandas and Polars write an empty frame) or its one row of data:
// the header when its fields read like names: none null or empty (unless
// it is the only one), none repeated, none with a type (42, true, 2024-01-31, 12:00). DuckDB always
// reads such a record as data; that loses the column names of every empty
// table written with a header.
bool single_record_is_header(const std::vector<std::string>& record, const std::vector<CsvColumnSpec>& specs,
                             const CsvReadOptions& options) {
  for (const CsvColumnSpec& spec : specs)
    if (spec.type.id != TypeId::kString) return false;
  std::set<std::string_view> names;
  for (const std::string& text : record) {
    const std::string_view name = trim_spaces(text);
    // A lone empty field ("" alone in the file) is an unnamed column.
    const bool missing = (name.empty() || is_null_text(options, text)) && record.size() > 1;
    if (missing || looks_like_time_of_day(name) || !names.insert(name).second) return false;
  }
  return true;
}

void apply_user_types(CsvLayout& layout, const CsvReadOptions& options) {
  for (CsvColumnSpec& spec : layout.columns) {
    if (const DataType* type = find_override(options, spec.name)) {
      spec.type = *type;
      spec.sniffed = false;
      spec.datetime_pattern = type->id == TypeId::kDate32 ? options.date_format
                              : type->id == TypeId::kTimestamp ? options.timestamp_format : "";
    }
  }
  for (const auto& [name, type] : options.schema_overrides) {
    bool found = false;
    for (const CsvColumnSpec& spec : layout.columns) found |= spec.name == name;
    if (!found) {
      std::vector<std::string> names;
      for (const CsvColumnSpec& spec : layout.columns) names.push_back(spec.name);
      ErrorContext context;
      context.column = name;
      const std::string suggestion = closest_match(name, names.data(), names.size());
      if (!suggestion.empty()) context.hint = "did you mean '" + suggestion + "'?";
      throw SchemaError("schema_overrides names a column the CSV file does not have: '" + name + "'", context);
    }
  }
}

// Returns how many records at the start look like notes above the table:
// each has fewer fields than the records below, which (two or more) agree.
size_t leading_note_records(const std::vector<std::vector<std::string>>& rows) {
  constexpr size_t kMaxNotes = 20;
  if (rows.size() < 3) return 0;
  std::map<size_t, size_t> counts;
  for (const auto& row : rows) ++counts[row.size()];
  size_t mode = 0;
  for (const auto& [count, occurrences] : counts)
    if (mode == 0 || occurrences > counts[mode]) mode = count;
  size_t notes = 0;
  while (notes < rows.size() && notes < kMaxNotes && rows[notes].size() < mode) ++notes;
  if (notes == 0 || mode < 2) return 0;
  size_t agreeing = 0;
  for (size_t row = notes; row < rows.size(); ++row) agreeing += rows[row].size() == mode;
  const size_t below = rows.size() - notes;
  return agreeing >= 2 && agreeing * 10 >= below * 9 ? notes : 0;
}

// Returns the physical lines that the first `records` records of `sample` span.
int64_t physical_lines(std::string_view sample, const CsvDialect& dialect, size_t records) {
  std::string error;
  int64_t end = 0;
  tokenize_rows(dialect, sample.data(), static_cast<int64_t>(sample.size()), static_cast<int64_t>(records), error, &end);
  int64_t lines = 0;
  for (int64_t i = 0; i < end; ++i)
    lines += sample[i] == '\n' || (sample[i] == '\r' && (i + 1 >= end || sample[i + 1] != '\n'));
  return lines;
}

}  // namespace

CsvDataStart find_data_start(std::string_view text, const CsvLayout& layout) {
  const CsvDialect& dialect = layout.dialect;
  CsvDataStart start;
  start.offset = skip_preamble(text, layout.skip_rows, start.line);
  if (!layout.has_header) return start;
  // Comment and blank lines before the header are skipped too.
  std::string error;
  int64_t consumed = 0;
  std::string_view rest = text.substr(start.offset);
  auto rows = tokenize_rows(dialect, rest.data(), static_cast<int64_t>(rest.size()), 1, error, &consumed);
  if (!rows.empty()) start.header = rows[0];
  for (int64_t i = 0; i < consumed; ++i) {
    start.line += rest[i] == '\n' || (rest[i] == '\r' && (i + 1 >= consumed || rest[i + 1] != '\n'));
  }
  start.offset += consumed;
  return start;
}

CsvLayout sniff_csv(std::string_view text, const CsvReadOptions& options) {
  int64_t line = 1;
  const int64_t begin = skip_preamble(text, options.skip_rows.value_or(0), line);
  const bool whole = static_cast<int64_t>(text.size()) - begin <= kSampleBytes;
  std::string_view sample = text.substr(begin, std::min<int64_t>(kSampleBytes, static_cast<int64_t>(text.size()) - begin));

  CsvLayout layout;
  layout.dialect = sniff_dialect(sample, whole, options);
  std::string error;
  const int64_t max_rows = std::max<int64_t>(options.infer_schema_length, 1) + 1;
  int64_t sample_end = 0;
  auto rows = tokenize_rows(layout.dialect, sample.data(), static_cast<int64_t>(sample.size()), max_rows, error,
                            &sample_end, kSampleFields);
  if (!rows.empty()) layout.bytes_per_row = static_cast<double>(sample_end) / static_cast<double>(rows.size());

  layout.skip_rows = options.skip_rows.value_or(0);
  if (!options.skip_rows && options.schema.empty()) {
    if (const size_t notes = leading_note_records(rows); notes > 0) {
      // Sniff again below the notes, with their physical lines skipped.
      CsvReadOptions below = options;
      below.skip_rows = physical_lines(sample, layout.dialect, notes);
      return sniff_csv(text, below);
    }
  }
  if (!options.schema.empty()) {
    layout.has_header = options.has_header.value_or(false);
    for (const auto& [name, type] : options.schema) {
      std::string pattern = type.id == TypeId::kDate32 ? options.date_format
                            : type.id == TypeId::kTimestamp ? options.timestamp_format : "";
      layout.columns.push_back(CsvColumnSpec{name, type, pattern, false});
    }
    return layout;
  }

  size_t num_columns = rows.empty() ? 1 : rows[0].size();
  std::vector<CsvColumnSpec> specs;
  auto infer = [&](size_t first_row) {
    auto guesses = guess_types(rows, first_row, num_columns, options);
    specs.clear();
    for (size_t column = 0; column < num_columns; ++column) {
      if (options.infer_schema_length == 0) specs.push_back(CsvColumnSpec{"", TypeId::kString, "", true});
      else specs.push_back(guesses[column].result(""));
    }
  };
  infer(1);
  if (rows.size() == 1 && !options.has_header) {
    infer(0);
    layout.has_header = single_record_is_header(rows[0], specs, options);
    if (layout.has_header) infer(1);
  } else {
    layout.has_header = options.has_header.value_or(rows.empty() || looks_like_header(rows[0], specs, options));
  }
  if (!layout.has_header) infer(0);
  const std::vector<std::string> header = layout.has_header && !rows.empty() ? rows[0] : std::vector<std::string>{};
  for (const std::string& name : header) {
    if (is_valid_utf8(name)) continue;
    ErrorContext context;
    context.line = line;
    context.hint = "the file is read as UTF-8; convert it first (iconv -f latin1 -t utf-8)";
    throw ParseError("invalid UTF-8 in the CSV header", context);
  }
  const std::vector<std::string> names = column_names(header, num_columns);
  for (size_t column = 0; column < num_columns; ++column) specs[column].name = names[column];
  layout.columns = std::move(specs);
  layout.sample_rows = static_cast<int64_t>(rows.size()) - (layout.has_header ? 1 : 0);
  apply_user_types(layout, options);
  return layout;
}

}  // namespace lode::io
