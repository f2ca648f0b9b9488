#include "lode/core/regex.h"

#include <re2/re2.h>

#include <array>
#include <charconv>

#include "lode/core/error.h"

namespace lode {

namespace {

re2::StringPiece piece_of(std::string_view text) { return re2::StringPiece(text.data(), text.size()); }

// Rewrites the Rust spellings RE2 does not know: `(?<name>` is RE2's
// `(?P<name>`. Escapes and character classes are skipped, so that a `(`
// inside them stays literal.
std::string translate_rust_syntax(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 4);
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    out.push_back(c);
    if (c == '\\' && i + 1 < pattern.size()) {
      out.push_back(pattern[++i]);
    } else if (in_class) {
      if (c == '[' && i + 1 < pattern.size() && pattern[i + 1] == ':') {  // [:alpha:]
        const size_t close = pattern.find(":]", i + 2);
        if (close != std::string_view::npos) {
          out.append(pattern.substr(i + 1, close + 1 - i));
          i = close + 1;
        }
      } else if (c == ']') {
        in_class = false;
      }
    } else if (c == '[') {
      in_class = true;
      // A ']' first in the class (after an optional '^') is a literal.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out.push_back(pattern[++i]);
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out.push_back(pattern[++i]);
    } else if (c == '(' && pattern.substr(i + 1, 2) == "?<" && i + 3 < pattern.size() && pattern[i + 3] != '=' &&
               pattern[i + 3] != '!') {
      out.append("?P<");
      i += 2;
    }
  }
  return out;
}

bool is_group_name_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Returns the group a reference names: a number, a named group, or -2 for
// one that does not exist (it expands to "").
int resolve_group(std::string_view name, const re2::RE2& compiled) {
  int number = 0;
  const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), number);
  if (error == std::errc() && end == name.data() + name.size()) return number;
  const auto& named = compiled.NamedCapturingGroups();
  const auto found = named.find(std::string(name));
  return found == named.end() ? -2 : found->second;
}

size_t next_code_point(std::string_view text, size_t position) {
  ++position;
  while (position < text.size() && (static_cast<unsigned char>(text[position]) & 0xC0) == 0x80) ++position;
  return position;
}

void expand(const RegexReplacement& replacement, const re2::StringPiece* groups, int num_groups, std::string& out) {
  for (const auto& piece : replacement.pieces) {
    if (piece.group < 0) out.append(piece.text);
    else if (piece.group < num_groups && groups[piece.group].data() != nullptr)
      out.append(groups[piece.group].data(), groups[piece.group].size());
  }
}

}  // namespace

Regex::Regex(std::string_view pattern) : pattern_(pattern) {
  RE2::Options options;
  options.set_log_errors(false);  // the error is raised instead
  compiled_ = std::make_unique<re2::RE2>(translate_rust_syntax(pattern), options);
  if (!compiled_->ok())
    throw InvalidInputError("invalid regular expression '" + pattern_ + "': " + compiled_->error(),
                            ErrorContext{.hint = "lode's regular expressions follow Rust's syntax, as Polars'; pass "
                                                 "literal=True to match the text as it is"});
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

bool Regex::search(std::string_view text) const { return RE2::PartialMatch(piece_of(text), *compiled_); }

RegexReplacement Regex::parse_replacement(std::string_view replacement) const {
  RegexReplacement result;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) result.pieces.push_back({std::move(literal), -1});
    literal.clear();
  };
  size_t i = 0;
  while (i < replacement.size()) {
    const char c = replacement[i];
    if (c != '$' || i + 1 >= replacement.size()) {
      literal.push_back(c);
      ++i;
      continue;
    }
    if (replacement[i + 1] == '$') {  // $$ is one dollar sign
      literal.push_back('$');
      i += 2;
      continue;
    }
    std::string_view name;
    size_t end = i + 1;
    if (replacement[i + 1] == '{') {
      const size_t close = replacement.find('}', i + 2);
      if (close != std::string_view::npos) {
        name = replacement.substr(i + 2, close - i - 2);
        end = close + 1;
      }
    } else {
      while (end < replacement.size() && is_group_name_char(replacement[end])) ++end;
      name = replacement.substr(i + 1, end - i - 1);
    }
    if (end == i + 1) {  // not a reference: the dollar sign stays
      literal.push_back('$');
      ++i;
      continue;
    }
    flush();
    const int group = resolve_group(name, *compiled_);
    if (group >= 0) {
      result.pieces.push_back({"", group});
      result.max_group = std::max(result.max_group, group);
    }
    i = end;
  }
  flush();
  return result;
}

void Regex::replace(std::string_view text, const RegexReplacement& replacement, bool all, std::string& out) const {
  // Groups live on the stack for up to 16 of them: no allocation per row.
  const int num_groups = std::min(replacement.max_group, compiled_->NumberOfCapturingGroups()) + 1;
  std::array<re2::StringPiece, 16> inline_groups;
  std::vector<re2::StringPiece> many_groups(num_groups > 16 ? num_groups : 0);
  re2::StringPiece* groups = num_groups > 16 ? many_groups.data() : inline_groups.data();
  const re2::StringPiece input = piece_of(text);
  size_t position = 0, copied = 0;
  bool matched_before = false;
  while (position <= text.size() &&
         compiled_->Match(input, position, text.size(), RE2::UNANCHORED, groups, num_groups)) {
    const size_t start = static_cast<size_t>(groups[0].data() - text.data());
    const size_t end = start + groups[0].size();
    if (start == end && matched_before && start == copied) {  // empty, right after the last match
      position = next_code_point(text, start);
      continue;
    }
    out.append(text.substr(copied, start - copied));
    expand(replacement, groups, num_groups, out);
    copied = end;
    matched_before = true;
    if (!all) break;
    position = start == end ? next_code_point(text, end) : end;
  }
  out.append(text.substr(copied));
}

}  // namespace lode
