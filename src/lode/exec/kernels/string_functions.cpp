// String kernels. Patterns of the older kernels are constants (literals);
// those of pad, head/tail, strip_start/end, strpos, repeat and split_part
// may be columns too. Lengths, positions and slices count Unicode
// characters (UTF-8 code points), as Polars' len_chars and DuckDB do.
// Regular expressions were compiled when the call was bound; their
// kernels only match.

#include <algorithm>
#include <cstring>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/regex.h"
#include "lode/exec/kernels/scalar_functions.h"
#include "lode/plan/function_catalog.h"

namespace lode::exec {

namespace {

const Scalar& constant_arg(const KernelCall& call, size_t index) {
  if (index >= call.args.size() || !call.args[index].is_scalar())
    throw NotSupportedError("'" + call.expr.name + "' takes a constant as argument " + std::to_string(index + 1));
  return *call.args[index].scalar;
}

int64_t count_code_points(std::string_view text) {
  int64_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

// Returns the byte position of code point `index` (clamped to the end).
size_t byte_of_code_point(std::string_view text, int64_t index) {
  size_t position = 0;
  for (int64_t seen = 0; position < text.size(); ++position) {
    if ((static_cast<unsigned char>(text[position]) & 0xC0) != 0x80) {
      if (seen == index) return position;
      ++seen;
    }
  }
  return text.size();
}

template <typename Transform>
std::shared_ptr<Column> map_strings(const KernelCall& call, Transform transform) {
  auto input = as_column(call.args[0], call.num_rows);
  ColumnBuilder builder(TypeId::kString);
  builder.reserve(input->length(), input->string_offsets()[input->length()] - input->string_offsets()[0]);
  std::string scratch;
  for (int64_t row = 0; row < input->length(); ++row) {
    if (input->is_null(row)) {
      builder.append_null();
      continue;
    }
    scratch.clear();
    transform(input->string_at(row), scratch);
    builder.append_string(scratch);
  }
  return builder.finish();
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Returns the byte length of the code point that starts at `position`.
size_t code_point_size(std::string_view text, size_t position) {
  size_t end = position + 1;
  while (end < text.size() && is_continuation(text[end])) ++end;
  return end - position;
}

// Returns the byte position where the last `count` code points begin.
size_t byte_of_last_code_points(std::string_view text, int64_t count) {
  size_t position = text.size();
  while (count > 0 && position > 0) {
    --position;
    if (!is_continuation(text[position])) --count;
  }
  return position;
}

// An argument read row by row: a column, or one constant for every row.
struct TextArg {
  std::shared_ptr<Column> column;
  std::string_view constant;
  std::string_view at(int64_t row) const { return column ? column->string_at(row) : constant; }
};

struct IntegerArg {
  std::shared_ptr<Column> column;  // int64
  int64_t constant = 0;
  int64_t at(int64_t row) const { return column ? column->values<int64_t>()[row] : constant; }
};

TextArg text_arg(const Datum& datum) {
  if (datum.is_scalar()) return {nullptr, datum.scalar->text};
  return {datum.column, {}};
}

// Integer arguments of any integer type are read as int64 (a uint64 past
// int64's range becomes null).
Datum as_int64(const Datum& datum) {
  if (datum.is_scalar()) {
    const Scalar& value = *datum.scalar;
    if (value.is_null || value.type.is_signed_integer()) return datum;
    const bool fits = value.unsigned_integer <= static_cast<uint64_t>(INT64_MAX);
    auto converted = std::make_shared<Scalar>(fits ? Scalar::int64(static_cast<int64_t>(value.unsigned_integer))
                                                   : Scalar::null(TypeId::kInt64));
    return {nullptr, converted};
  }
  if (datum.column->type().id == TypeId::kInt64) return datum;
  return {cast_column(*datum.column, TypeId::kInt64, false), nullptr};
}

IntegerArg integer_arg(const Datum& datum) {
  if (datum.is_scalar()) return {nullptr, datum.scalar->integer};
  return {datum.column, 0};
}

// Builds a string column row by row: null where any argument is null,
// compute(row, out) elsewhere.
template <typename Compute>
std::shared_ptr<Column> strings_by_row(const std::vector<Datum>& args, int64_t n, Compute compute) {
  std::vector<const Datum*> inputs;
  for (const auto& arg : args) inputs.push_back(&arg);
  const auto validity = intersect_validity(inputs, n);
  for (const auto& arg : args)
    if (arg.is_scalar() && arg.scalar->is_null) return null_column(TypeId::kString, n);
  ColumnBuilder builder(TypeId::kString);
  builder.reserve(n);
  const uint8_t* valid = validity ? validity->data() : nullptr;
  std::string scratch;
  for (int64_t row = 0; row < n; ++row) {
    if (valid && !bitmap::get(valid, row)) {
      builder.append_null();
      continue;
    }
    scratch.clear();
    compute(row, scratch);
    builder.append_string(scratch);
  }
  return builder.finish();
}

// Returns the text without the characters of `characters` (code points) at
// its start and/or end.
std::string_view strip_text(std::string_view text, std::string_view characters, bool start, bool end) {
  const bool ascii = std::all_of(characters.begin(), characters.end(), [](char c) { return (c & 0x80) == 0; });
  if (ascii) {
    const size_t first = start ? text.find_first_not_of(characters) : 0;
    if (first == std::string_view::npos) return {};
    const size_t last = end ? text.find_last_not_of(characters) : text.size() - 1;
    return text.substr(first, last - first + 1);
  }
  auto is_stripped = [&](std::string_view code_point) { return characters.find(code_point) != std::string_view::npos; };
  if (start) {
    while (!text.empty()) {
      const size_t size = code_point_size(text, 0);
      if (!is_stripped(text.substr(0, size))) break;
      text.remove_prefix(size);
    }
  }
  if (end) {
    while (!text.empty()) {
      const size_t position = byte_of_last_code_points(text, 1);
      if (!is_stripped(text.substr(position))) break;
      text.remove_suffix(text.size() - position);
    }
  }
  return text;
}

constexpr double kMaxRepeatBytes = 1 << 30;

constexpr std::string_view kWhitespace = " \t\n\r\v\f";

template <bool kStart, bool kEnd>
std::shared_ptr<Column> strip_both_or_one(const KernelCall& call) {
  if (call.args.size() == 1) {
    return map_strings(call, [](std::string_view text, std::string& out) {
      out.append(strip_text(text, kWhitespace, kStart, kEnd));
    });
  }
  const TextArg text = text_arg(call.args[0]), characters = text_arg(call.args[1]);
  return strings_by_row(call.args, call.num_rows, [&](int64_t row, std::string& out) {
    out.append(strip_text(text.at(row), characters.at(row), kStart, kEnd));
  });
}

// Pads to `length` code points with the fill repeated (PostgreSQL's lpad and
// rpad: an empty fill leaves a short text as it is), or cuts to it.
void pad_text(std::string_view text, int64_t length, std::string_view fill, bool at_start, std::string& out) {
  if (length <= 0) return;
  const int64_t size = count_code_points(text);
  if (size >= length) {
    out.append(text.substr(0, byte_of_code_point(text, length)));
    return;
  }
  if (!at_start) out.append(text);
  if (!fill.empty()) {
    const int64_t fill_size = count_code_points(fill);
    int64_t missing = length - size;
    for (; missing >= fill_size; missing -= fill_size) out.append(fill);
    out.append(fill.substr(0, byte_of_code_point(fill, missing)));
  }
  if (at_start) out.append(text);
}

template <bool kAtStart>
std::shared_ptr<Column> pad(const KernelCall& call) {
  const std::vector<Datum> args = {call.args[0], as_int64(call.args[1]), call.args[2]};
  const TextArg text = text_arg(args[0]), fill = text_arg(args[2]);
  const IntegerArg length = integer_arg(args[1]);
  return strings_by_row(args, call.num_rows, [&](int64_t row, std::string& out) {
    pad_text(text.at(row), length.at(row), fill.at(row), kAtStart, out);
  });
}

// str_head (left) and str_tail (right): n characters, or all but -n.
template <bool kHead>
std::shared_ptr<Column> head_or_tail(const KernelCall& call) {
  const std::vector<Datum> args = {call.args[0], as_int64(call.args[1])};
  const TextArg text = text_arg(args[0]);
  const IntegerArg count = integer_arg(args[1]);
  return strings_by_row(args, call.num_rows, [&](int64_t row, std::string& out) {
    const std::string_view value = text.at(row);
    int64_t keep = count.at(row);
    if (keep < 0) keep = std::max<int64_t>(count_code_points(value) + keep, 0);
    if (kHead) out.append(value.substr(0, byte_of_code_point(value, keep)));
    else out.append(value.substr(byte_of_last_code_points(value, keep)));
  });
}

// Appends part `index` (from 1; negative: from the end) of the text split at
// `separator`; an empty separator splits into characters.
void split_part_text(std::string_view text, std::string_view separator, int64_t index,
                     std::vector<std::string_view>& parts, std::string& out) {
  if (index == 0) return;
  parts.clear();
  if (separator.empty()) {
    for (size_t position = 0; position < text.size();) {
      const size_t size = code_point_size(text, position);
      parts.push_back(text.substr(position, size));
      position += size;
    }
  } else {
    size_t start = 0;
    while (true) {
      const size_t found = text.find(separator, start);
      if (found == std::string_view::npos) break;
      parts.push_back(text.substr(start, found - start));
      start = found + separator.size();
    }
    parts.push_back(text.substr(start));
  }
  const int64_t count = static_cast<int64_t>(parts.size());
  const int64_t at = index > 0 ? index - 1 : count + index;
  if (at >= 0 && at < count) out.append(parts[at]);
}

template <typename Test>
std::shared_ptr<Column> test_strings(const KernelCall& call, Test test) {
  auto input = as_column(call.args[0], call.num_rows);
  const int64_t n = input->length();
  std::vector<uint8_t> bytes(n);
  for (int64_t row = 0; row < n; ++row) bytes[row] = input->is_valid(row) && test(input->string_at(row));
  return std::make_shared<Column>(TypeId::kBool, n, pack_bits(bytes.data(), n),
                                  intersect_validity({&call.args[0]}, n));
}

std::shared_ptr<Column> lengths(const KernelCall& call, bool in_bytes) {
  auto input = as_column(call.args[0], call.num_rows);
  const int64_t n = input->length();
  auto values = Buffer::allocate(n * 8);
  int64_t* out = values->data_as<int64_t>();
  for (int64_t row = 0; row < n; ++row) {
    std::string_view text = input->string_at(row);
    out[row] = in_bytes ? static_cast<int64_t>(text.size()) : count_code_points(text);
  }
  return std::make_shared<Column>(TypeId::kInt64, n, values, intersect_validity({&call.args[0]}, n));
}

void replace_text(std::string_view text, std::string_view pattern, std::string_view value, bool all,
                  std::string& out) {
  if (pattern.empty()) {
    out.append(text);
    return;
  }
  size_t start = 0;
  while (true) {
    const size_t found = text.find(pattern, start);
    if (found == std::string_view::npos) break;
    out.append(text.substr(start, found - start));
    out.append(value);
    start = found + pattern.size();
    if (!all) break;
  }
  out.append(text.substr(start));
}

template <bool kUpper>
void change_case(std::string_view text, std::string& out) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) out.push_back(c);
    else out.push_back(static_cast<char>(kUpper ? std::toupper(byte) : std::tolower(byte)));
  }
}

template <bool kAll>
std::shared_ptr<Column> replace_literal(const KernelCall& call) {
  const std::string& pattern = constant_arg(call, 1).text;
  const std::string& value = constant_arg(call, 2).text;
  return map_strings(call, [&](std::string_view text, std::string& out) {
    replace_text(text, pattern, value, kAll, out);
  });
}

std::shared_ptr<Column> concatenate_strings(const KernelCall& call) {
  const int64_t n = call.num_rows;
  std::vector<std::shared_ptr<Column>> inputs;
  for (const auto& arg : call.args) inputs.push_back(as_column(arg, n));
  ColumnBuilder builder(TypeId::kString);
  std::string scratch;
  for (int64_t row = 0; row < n; ++row) {
    scratch.clear();
    bool any_null = false;
    for (const auto& input : inputs) {
      if (input->is_null(row)) {
        any_null = true;
        break;
      }
      scratch.append(input->string_at(row));
    }
    if (any_null) builder.append_null();
    else builder.append_string(scratch);
  }
  return builder.finish();
}

// The pattern compiled when the call was bound (plan::bind_expr).
const plan::RegexData& regex_data(const KernelCall& call) {
  LODE_CHECK(call.expr.function_data != nullptr, "an unbound regular-expression call: " + call.expr.to_string());
  LODE_DCHECK(dynamic_cast<const plan::RegexData*>(call.expr.function_data.get()), call.expr.to_string());
  return static_cast<const plan::RegexData&>(*call.expr.function_data);
}

template <bool kAll>
std::shared_ptr<Column> replace_regex(const KernelCall& call) {
  const plan::RegexData& data = regex_data(call);
  if (!data.regex) return null_column(TypeId::kString, call.num_rows);  // a null pattern or replacement
  const Regex& regex = *data.regex;
  return map_strings(call, [&](std::string_view text, std::string& out) {
    regex.replace(text, data.replacement, kAll, out);
  });
}

}  // namespace

std::shared_ptr<Column> concat_kernel(const KernelCall& call) { return concatenate_strings(call); }
std::shared_ptr<Column> str_len_kernel(const KernelCall& call) { return lengths(call, false); }
std::shared_ptr<Column> str_len_bytes_kernel(const KernelCall& call) { return lengths(call, true); }

std::shared_ptr<Column> upper_kernel(const KernelCall& call) {
  return map_strings(call, [](std::string_view text, std::string& out) { change_case<true>(text, out); });
}

std::shared_ptr<Column> lower_kernel(const KernelCall& call) {
  return map_strings(call, [](std::string_view text, std::string& out) { change_case<false>(text, out); });
}

std::shared_ptr<Column> strip_kernel(const KernelCall& call) { return strip_both_or_one<true, true>(call); }
std::shared_ptr<Column> strip_start_kernel(const KernelCall& call) { return strip_both_or_one<true, false>(call); }
std::shared_ptr<Column> strip_end_kernel(const KernelCall& call) { return strip_both_or_one<false, true>(call); }
std::shared_ptr<Column> pad_start_kernel(const KernelCall& call) { return pad<true>(call); }
std::shared_ptr<Column> pad_end_kernel(const KernelCall& call) { return pad<false>(call); }
std::shared_ptr<Column> str_head_kernel(const KernelCall& call) { return head_or_tail<true>(call); }
std::shared_ptr<Column> str_tail_kernel(const KernelCall& call) { return head_or_tail<false>(call); }

std::shared_ptr<Column> reverse_kernel(const KernelCall& call) {
  return map_strings(call, [](std::string_view text, std::string& out) {
    for (size_t end = text.size(); end > 0;) {
      const size_t start = byte_of_last_code_points(text.substr(0, end), 1);
      out.append(text.substr(start, end - start));
      end = start;
    }
  });
}

std::shared_ptr<Column> repeat_kernel(const KernelCall& call) {
  const std::vector<Datum> args = {call.args[0], as_int64(call.args[1])};
  const TextArg text = text_arg(args[0]);
  const IntegerArg times = integer_arg(args[1]);
  return strings_by_row(args, call.num_rows, [&](int64_t row, std::string& out) {
    const std::string_view value = text.at(row);
    const int64_t count = times.at(row);
    // Refuses a value past 1 GiB at once instead of growing until memory runs out.
    if (count > 0 && static_cast<double>(value.size()) * static_cast<double>(count) > kMaxRepeatBytes)
      throw InvalidInputError("repeat(): the text repeated " + std::to_string(count) + " times would exceed 1 GiB",
                              ErrorContext{.row = row, .hint = "repeat fewer times"});
    for (int64_t i = 0; i < count; ++i) out.append(value);
  });
}

std::shared_ptr<Column> split_part_kernel(const KernelCall& call) {
  const std::vector<Datum> args = {call.args[0], call.args[1], as_int64(call.args[2])};
  const TextArg text = text_arg(args[0]), separator = text_arg(args[1]);
  const IntegerArg index = integer_arg(args[2]);
  std::vector<std::string_view> parts;
  return strings_by_row(args, call.num_rows, [&](int64_t row, std::string& out) {
    split_part_text(text.at(row), separator.at(row), index.at(row), parts, out);
  });
}

std::shared_ptr<Column> strpos_kernel(const KernelCall& call) {
  const int64_t n = call.num_rows;
  const TextArg text = text_arg(call.args[0]), needle = text_arg(call.args[1]);
  auto values = Buffer::allocate(n * 8, true);
  int64_t* out = values->data_as<int64_t>();
  auto validity = intersect_validity({&call.args[0], &call.args[1]}, n);
  const uint8_t* valid = validity ? validity->data() : nullptr;
  for (int64_t row = 0; row < n; ++row) {
    if (valid && !bitmap::get(valid, row)) continue;
    const std::string_view haystack = text.at(row);
    const size_t found = haystack.find(needle.at(row));
    out[row] = found == std::string_view::npos ? 0 : count_code_points(haystack.substr(0, found)) + 1;
  }
  return std::make_shared<Column>(TypeId::kInt64, n, values, validity);
}

std::shared_ptr<Column> str_slice_kernel(const KernelCall& call) {
  const int64_t offset = constant_arg(call, 1).integer;
  const Scalar& length = constant_arg(call, 2);
  return map_strings(call, [offset, &length](std::string_view text, std::string& out) {
    const int64_t size = count_code_points(text);
    const int64_t start = offset < 0 ? std::max<int64_t>(size + offset, 0) : std::min(offset, size);
    const int64_t end = length.is_null ? size : std::min(size, start + std::max<int64_t>(length.integer, 0));
    const size_t begin_byte = byte_of_code_point(text, start);
    out.append(text.substr(begin_byte, byte_of_code_point(text, end) - begin_byte));
  });
}

std::shared_ptr<Column> replace_kernel(const KernelCall& call) { return replace_literal<false>(call); }
std::shared_ptr<Column> replace_all_kernel(const KernelCall& call) { return replace_literal<true>(call); }

std::shared_ptr<Column> contains_kernel(const KernelCall& call) {
  const std::string& pattern = constant_arg(call, 1).text;
  return test_strings(call, [&](std::string_view text) { return text.find(pattern) != std::string_view::npos; });
}

std::shared_ptr<Column> starts_with_kernel(const KernelCall& call) {
  const std::string& prefix = constant_arg(call, 1).text;
  return test_strings(call, [&](std::string_view text) { return text.starts_with(prefix); });
}

std::shared_ptr<Column> ends_with_kernel(const KernelCall& call) {
  const std::string& suffix = constant_arg(call, 1).text;
  return test_strings(call, [&](std::string_view text) { return text.ends_with(suffix); });
}

std::shared_ptr<Column> contains_regex_kernel(const KernelCall& call) {
  const plan::RegexData& data = regex_data(call);
  if (!data.regex) return null_column(TypeId::kBool, call.num_rows);  // a null pattern
  const Regex& regex = *data.regex;
  return test_strings(call, [&regex](std::string_view text) { return regex.search(text); });
}

namespace {

// True where `text` matches the parts of a LIKE pattern (plan::LikeData):
// the first a prefix, the last a suffix, the others found leftmost in order
// between them (the leftmost match never loses a later part).
bool like_match(std::string_view text, const std::vector<std::string>& parts) {
  if (parts.size() == 1) return text == parts[0];
  const std::string& first = parts.front();
  const std::string& last = parts.back();
  if (text.size() < first.size() + last.size() || !text.starts_with(first) || !text.ends_with(last)) return false;
  size_t position = first.size();
  const size_t end = text.size() - last.size();
  for (size_t i = 1; i + 1 < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.empty()) continue;
    const void* found = end - position >= part.size()
                            ? memmem(text.data() + position, end - position, part.data(), part.size())
                            : nullptr;
    if (found == nullptr) return false;
    position = static_cast<size_t>(static_cast<const char*>(found) - text.data()) + part.size();
  }
  return true;
}

}  // namespace

std::shared_ptr<Column> like_kernel(const KernelCall& call) {
  LODE_CHECK(call.expr.function_data != nullptr, "an unbound like call: " + call.expr.to_string());
  const auto& data = static_cast<const plan::LikeData&>(*call.expr.function_data);
  if (data.null_pattern) return null_column(TypeId::kBool, call.num_rows);
  return test_strings(call, [&data](std::string_view text) { return like_match(text, data.parts); });
}

std::shared_ptr<Column> replace_regex_kernel(const KernelCall& call) { return replace_regex<false>(call); }
std::shared_ptr<Column> replace_all_regex_kernel(const KernelCall& call) { return replace_regex<true>(call); }

}  // namespace lode::exec
