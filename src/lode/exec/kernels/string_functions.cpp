// String kernels. Patterns and other options are constants (literals);
// lengths and slices count Unicode characters (UTF-8 code points), as
// Polars' len_chars and slice do.

#include <regex>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/exec/kernels/scalar_functions.h"

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

}  // namespace

std::shared_ptr<Column> string_kernel(const KernelCall& call) {
  const std::string& name = call.expr.name;
  if (name == "concat") return concatenate_strings(call);
  if (name == "str_len") return lengths(call, false);
  if (name == "str_len_bytes") return lengths(call, true);
  if (name == "upper" || name == "lower") {
    const bool upper = name == "upper";
    return map_strings(call, [upper](std::string_view text, std::string& out) {
      for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        out.push_back(byte < 0x80 ? static_cast<char>(upper ? std::toupper(byte) : std::tolower(byte)) : c);
      }
    });
  }
  if (name == "strip") {
    std::string characters = call.args.size() > 1 && !constant_arg(call, 1).is_null ? constant_arg(call, 1).text
                                                                                       : std::string(" \t\n\r\v\f");
    return map_strings(call, [characters](std::string_view text, std::string& out) {
      const size_t first = text.find_first_not_of(characters);
      if (first == std::string_view::npos) return;
      out.append(text.substr(first, text.find_last_not_of(characters) - first + 1));
    });
  }
  if (name == "str_slice") {
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
  if (name == "replace" || name == "replace_all") {
    const std::string pattern = constant_arg(call, 1).text, value = constant_arg(call, 2).text;
    const bool all = name == "replace_all";
    return map_strings(call, [&](std::string_view text, std::string& out) { replace_text(text, pattern, value, all, out); });
  }
  const std::string pattern = constant_arg(call, 1).text;
  if (name == "contains")
    return test_strings(call, [&](std::string_view text) { return text.find(pattern) != std::string_view::npos; });
  if (name == "starts_with") return test_strings(call, [&](std::string_view text) { return text.starts_with(pattern); });
  if (name == "ends_with") return test_strings(call, [&](std::string_view text) { return text.ends_with(pattern); });
  if (name == "contains_regex") {
    std::regex expression;
    try {
      expression = std::regex(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& error) {
      throw InvalidInputError("invalid regular expression '" + pattern + "': " + error.what(),
                              ErrorContext{.hint = "pass literal=True to match the text as is"});
    }
    return test_strings(call, [&](std::string_view text) {
      return std::regex_search(text.begin(), text.end(), expression);
    });
  }
  throw InternalError("no string kernel for '" + name + "'");
}

}  // namespace lode::exec
