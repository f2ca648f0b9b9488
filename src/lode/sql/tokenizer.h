#pragma once
// The SQL tokenizer: splits a query's text into tokens (keywords and
// identifiers, "quoted identifiers", 'string literals' with '' escapes,
// numbers, operators), skipping whitespace and -- and /* */ comments. Each
// token keeps its byte offset and its 1-based line and column, so the
// parser and binder can point at it. Runs once per query, single-threaded.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lode::sql {

enum class TokenKind : uint8_t {
  kWord,        // a keyword or an unquoted identifier (text as written)
  kQuotedWord,  // a "quoted identifier" (text unescaped)
  kString,      // a 'string literal' (text unescaped)
  kInteger,     // digits only
  kDecimal,     // digits with a point or an exponent
  kOperator,    // punctuation and operators: ( ) , . ; + - * / % || :: = <> != < <= > >= //
  kParameter,   // $1 or ? (reserved: the binder rejects them for now)
  kEnd,
};

/// Returns `text` with its ASCII letters in upper (lower) case: how SQL
/// keywords, option and function names compare.
std::string ascii_upper(std::string text);
std::string ascii_lower(std::string text);

/// A place in the query's text; line and column are 1-based, the column
/// counts characters (UTF-8 code points), not bytes.
struct Position {
  int64_t offset = 0;
  int32_t line = 1;
  int32_t column = 1;
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  Position position;
  int64_t length_bytes = 0;  // of the source text, for the caret's width
  std::string upper;         // kWord: the text in upper case, for keyword tests
  bool reserved = false;     // kWord: a reserved word (set by the parser)

  /// Returns true for a kWord equal to `keyword` ignoring case (keyword in upper case).
  bool is_keyword(std::string_view keyword) const;
  /// Returns true for the operator `symbol`.
  bool is_operator(std::string_view symbol) const;
  /// Returns the token as an error message shows it: 'FROM', the end of the query.
  std::string describe() const;
};

/// Returns the tokens of `text`, ending with one kEnd token. Throws
/// SyntaxError (with line, column and a caret excerpt) for an unterminated
/// string, identifier or comment, or a character that starts no token.
std::vector<Token> tokenize(std::string_view text);

/// Throws SyntaxError "message" at `position` of `text`: the context names
/// line and column, and the excerpt shows the line with a caret under it.
[[noreturn]] void throw_syntax_error(std::string_view text, Position position, const std::string& message,
                                     int64_t length_bytes = 1);

/// Returns the line of `text` holding `position`, and under it a caret
/// (^^^ for `length_bytes`), indented by two spaces; for error excerpts.
std::string caret_excerpt(std::string_view text, Position position, int64_t length_bytes = 1);

}  // namespace lode::sql
