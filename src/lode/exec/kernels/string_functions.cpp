// String kernels. Patterns and other options are constants (literals);
// lengths and slices count Unicode characters (UTF-8 code points), as
// Polars' len_chars and slice do. Regular expressions were compiled when
// the call was bound; their kernels only match.

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

std::shared_ptr<Column> strip_kernel(const KernelCall& call) {
  const bool given = call.args.size() > 1 && !constant_arg(call, 1).is_null;
  const std::string characters = given ? constant_arg(call, 1).text : std::string(" \t\n\r\v\f");
  return map_strings(call, [&characters](std::string_view text, std::string& out) {
    const size_t first = text.find_first_not_of(characters);
    if (first == std::string_view::npos) return;
    out.append(text.substr(first, text.find_last_not_of(characters) - first + 1));
  });
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

std::shared_ptr<Column> replace_regex_kernel(const KernelCall& call) { return replace_regex<false>(call); }
std::shared_ptr<Column> replace_all_regex_kernel(const KernelCall& call) { return replace_regex<true>(call); }

}  // namespace lode::exec
