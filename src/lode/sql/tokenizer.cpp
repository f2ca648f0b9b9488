#include "lode/sql/tokenizer.h"

#include <algorithm>
#include <cctype>

#include "lode/core/error.h"

namespace lode::sql {

namespace {

bool is_word_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool is_word_part(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

// Operators of two characters first, so "<=" is not read as "<" then "=".
constexpr std::string_view kTwoCharOperators[] = {"<>", "!=", "<=", ">=", "||", "::", "//", "==", "->"};
constexpr std::string_view kOneCharOperators = "(),.;+-*/%=<>[]{}:^~&|!";

// Finds the position of a byte offset: the line, and the column in code points.
Position position_at(std::string_view text, int64_t offset) {
  Position position{offset, 1, 1};
  int64_t line_start = 0;
  for (int64_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++position.line;
      line_start = i + 1;
    }
  for (int64_t i = line_start; i < offset; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++position.column;
  return position;
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      skip_space_and_comments();
      if (at_ >= size()) break;
      tokens.push_back(next());
    }
    Token end;
    end.position = position_of(size());
    end.length_bytes = 1;
    tokens.push_back(end);
    return tokens;
  }

 private:
  int64_t size() const { return static_cast<int64_t>(text_.size()); }
  char peek(int64_t ahead = 0) const { return at_ + ahead < size() ? text_[at_ + ahead] : '\0'; }

  [[noreturn]] void fail(int64_t offset, const std::string& message, int64_t length = 1) const {
    throw_syntax_error(text_, position_at(text_, offset), message, length);
  }

  void skip_space_and_comments() {
    while (at_ < size()) {
      const char c = peek();
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++at_;
      } else if (c == '-' && peek(1) == '-') {
        while (at_ < size() && peek() != '\n') ++at_;
      } else if (c == '/' && peek(1) == '*') {
        const int64_t start = at_;
        const size_t close = text_.find("*/", at_ + 2);
        if (close == std::string_view::npos) fail(start, "unterminated /* comment: add */", 2);
        at_ = static_cast<int64_t>(close) + 2;
      } else {
        return;
      }
    }
  }

  // Returns the position of `offset`, moving on from the last one asked for
  // (tokens come in order), so positions cost linear time in all.
  Position position_of(int64_t offset) {
    for (; last_.offset < offset; ++last_.offset) {
      const unsigned char c = static_cast<unsigned char>(text_[last_.offset]);
      if (c == '\n') {
        ++last_.line;
        last_.column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++last_.column;
      }
    }
    return last_;
  }

  Token make(TokenKind kind, int64_t start, std::string text) {
    Token token;
    token.kind = kind;
    token.text = std::move(text);
    token.position = position_of(start);
    token.length_bytes = at_ - start;
    return token;
  }

  Token next() {
    const int64_t start = at_;
    const unsigned char c = static_cast<unsigned char>(peek());
    if (is_word_start(c)) {
      while (at_ < size() && is_word_part(static_cast<unsigned char>(peek()))) ++at_;
      Token word = make(TokenKind::kWord, start, std::string(text_.substr(start, at_ - start)));
      word.upper = word.text;
      for (char& letter : word.upper) letter = static_cast<char>(std::toupper(static_cast<unsigned char>(letter)));
      return word;
    }
    if (c == '"') return make(TokenKind::kQuotedWord, start, quoted('"', "identifier", start));
    if (c == '\'') return make(TokenKind::kString, start, quoted('\'', "string", start));
    if (std::isdigit(c) || (c == '.' && std::isdigit(static_cast<unsigned char>(peek(1))))) return number(start);
    if (c == '?' || (c == '$' && std::isdigit(static_cast<unsigned char>(peek(1))))) {
      ++at_;
      while (std::isdigit(static_cast<unsigned char>(peek()))) ++at_;
      return make(TokenKind::kParameter, start, std::string(text_.substr(start, at_ - start)));
    }
    for (std::string_view symbol : kTwoCharOperators)
      if (text_.substr(at_, 2) == symbol) {
        at_ += 2;
        return make(TokenKind::kOperator, start, std::string(symbol));
      }
    if (kOneCharOperators.find(static_cast<char>(c)) != std::string_view::npos) {
      ++at_;
      return make(TokenKind::kOperator, start, std::string(1, static_cast<char>(c)));
    }
    fail(start, std::string("unexpected character '") + static_cast<char>(c) + "'");
  }

  // Reads a quoted token; a doubled quote stands for one.
  std::string quoted(char quote, const char* what, int64_t start) {
    std::string value;
    ++at_;
    while (true) {
      if (at_ >= size()) fail(start, std::string("unterminated ") + what + ": add the closing " + quote);
      const char c = text_[at_++];
      if (c != quote) {
        value += c;
      } else if (peek() == quote) {
        value += quote;
        ++at_;
      } else {
        return value;
      }
    }
  }

  Token number(int64_t start) {
    bool decimal = false;
    while (std::isdigit(static_cast<unsigned char>(peek()))) ++at_;
    if (peek() == '.' && !(peek(1) == '.')) {
      decimal = true;
      ++at_;
      while (std::isdigit(static_cast<unsigned char>(peek()))) ++at_;
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (std::isdigit(static_cast<unsigned char>(peek(1))) ||
         ((peek(1) == '+' || peek(1) == '-') && std::isdigit(static_cast<unsigned char>(peek(2)))))) {
      decimal = true;
      at_ += 2;
      while (std::isdigit(static_cast<unsigned char>(peek()))) ++at_;
    }
    if (is_word_start(static_cast<unsigned char>(peek()))) {
      while (is_word_part(static_cast<unsigned char>(peek()))) ++at_;
      fail(start, "invalid number '" + std::string(text_.substr(start, at_ - start)) + "'", at_ - start);
    }
    return make(decimal ? TokenKind::kDecimal : TokenKind::kInteger, start,
                std::string(text_.substr(start, at_ - start)));
  }

  std::string_view text_;
  int64_t at_ = 0;
  Position last_;
};

}  // namespace

bool Token::is_keyword(std::string_view keyword) const { return kind == TokenKind::kWord && upper == keyword; }

bool Token::is_operator(std::string_view symbol) const { return kind == TokenKind::kOperator && text == symbol; }

std::string Token::describe() const {
  switch (kind) {
    case TokenKind::kEnd: return "the end of the query";
    case TokenKind::kString: return "the string '" + text + "'";
    case TokenKind::kQuotedWord: return "\"" + text + "\"";
    default: return "'" + text + "'";
  }
}

std::vector<Token> tokenize(std::string_view text) { return Tokenizer(text).run(); }

std::string caret_excerpt(std::string_view text, Position position, int64_t length_bytes) {
  const int64_t offset = std::min<int64_t>(position.offset, static_cast<int64_t>(text.size()));
  const size_t line_start = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  int64_t begin = line_start == std::string_view::npos ? 0 : static_cast<int64_t>(line_start) + 1;
  int64_t end = static_cast<int64_t>(std::min(text.find('\n', offset), text.size()));
  // A long line shows only a window around the position, marked with "...".
  constexpr int64_t kBefore = 60, kAfter = 40;
  auto is_continuation = [&](int64_t at) { return at < static_cast<int64_t>(text.size()) && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80; };
  std::string prefix, suffix;
  if (offset - begin > kBefore) {
    begin = offset - kBefore;
    while (is_continuation(begin)) ++begin;
    prefix = "...";
  }
  if (end - offset > kAfter) {
    end = offset + kAfter;
    while (is_continuation(end)) ++end;
    suffix = "...";
  }
  std::string line = prefix + std::string(text.substr(begin, end - begin)) + suffix;
  // Tabs would shift the caret: show them as one space each.
  std::replace(line.begin(), line.end(), '\t', ' ');
  int64_t column = static_cast<int64_t>(prefix.size());
  for (int64_t at = begin; at < offset; ++at) column += is_continuation(at) ? 0 : 1;
  const int64_t available = std::max<int64_t>(1, end - offset);
  const int64_t carets = std::clamp<int64_t>(length_bytes, 1, std::min<int64_t>(available, kAfter));
  return "  " + line + "\n  " + std::string(column, ' ') + std::string(carets, '^');
}

void throw_syntax_error(std::string_view text, Position position, const std::string& message, int64_t length_bytes) {
  ErrorContext context;
  context.line = position.line;
  context.text_column = position.column;
  context.excerpt = caret_excerpt(text, position, length_bytes);
  throw SyntaxError(message, std::move(context));
}

std::string ascii_upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string ascii_lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace lode::sql
