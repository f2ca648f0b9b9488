#pragma once
// Regular expressions with Polars' syntax (Rust's regex crate), matched by
// RE2 in linear time (no backtracking). A Regex is compiled once, when an
// expression is bound, and then only read: any number of threads may match
// with one Regex at the same time. The binder owns it (through the bound
// expression's function data); kernels borrow it.
//
// Rust syntax that RE2 spells differently is translated: `(?<name>...)`
// becomes `(?P<name>...)`. Known differences that remain: \d, \w, \s and \b
// are ASCII-only in RE2 (Unicode in Rust), and RE2 has no `(?x)` verbose
// mode and no class set operations (`[a-z&&[^aeiou]]`); such patterns raise.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace lode {

/// A replacement string with its group references resolved against one
/// Regex: Rust's syntax, `$1` or `${1}` for a numbered group, `$name` or
/// `${name}` for a named one, `$$` for a dollar sign. A reference to a
/// group that does not exist, or did not take part in the match, gives ""
/// (so `$1a` names the group "1a": write `${1}a`), as in Rust.
struct RegexReplacement {
  struct Piece {
    std::string text;  // appended as is when group < 0
    int group = -1;    // else the text of this group (0: the whole match)
  };
  std::vector<Piece> pieces;
  int max_group = 0;  // the highest group referenced
};

class Regex {
 public:
  /// Compiles `pattern`; throws InvalidInputError naming the pattern and
  /// RE2's reason when it is not a valid regular expression.
  explicit Regex(std::string_view pattern);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;

  /// Returns the pattern as the user wrote it.
  const std::string& pattern() const { return pattern_; }

  /// Returns true if the pattern matches anywhere in `text`.
  bool search(std::string_view text) const;

  /// Resolves a Rust-style replacement against this pattern's groups.
  RegexReplacement parse_replacement(std::string_view replacement) const;

  /// Appends `text` to `out` with its first match (or, with `all`, every
  /// non-overlapping match, left to right) replaced. As in Rust, an empty
  /// match right after the previous match is skipped.
  void replace(std::string_view text, const RegexReplacement& replacement, bool all, std::string& out) const;

 private:
  std::string pattern_;
  std::unique_ptr<re2::RE2> compiled_;
};

}  // namespace lode
