#pragma once
// The query grammar's entry points for the statement parser
// (statement_parser.cpp): both read one token stream, each call parsing
// from `at` and leaving it after what it read. Internal to src/lode/sql.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "lode/core/error.h"
#include "lode/sql/ast.h"

namespace lode::sql {

struct TokenStream {
  std::string_view text;
  std::vector<Token> tokens;  // ending with kEnd; reserved words marked
  size_t at = 0;
};

/// Returns the tokens of `text` with the parser's reserved words marked.
TokenStream token_stream(std::string_view text);

/// Reading a token stream: what the query and the statement parsers share.
class TokenCursor {
 public:
  explicit TokenCursor(TokenStream& stream) : stream_(stream) {}

 protected:
  const Token& peek(size_t ahead = 0) const {
    return stream_.tokens[std::min(stream_.at + ahead, stream_.tokens.size() - 1)];
  }
  const Token& advance() {
    const Token& token = stream_.tokens[stream_.at];
    if (stream_.at + 1 < stream_.tokens.size()) ++stream_.at;
    return token;
  }
  /// The token before the next one (the first token at the start).
  const Token& previous() const { return stream_.tokens[stream_.at == 0 ? 0 : stream_.at - 1]; }
  bool accept_keyword(std::string_view keyword) {
    if (!peek().is_keyword(keyword)) return false;
    advance();
    return true;
  }
  bool accept_operator(std::string_view symbol) {
    if (!peek().is_operator(symbol)) return false;
    advance();
    return true;
  }
  const Token& expect_keyword(std::string_view keyword) {
    if (!peek().is_keyword(keyword)) fail(peek(), "expected " + std::string(keyword));
    return advance();
  }
  const Token& expect_operator(std::string_view symbol) {
    if (!peek().is_operator(symbol)) fail(peek(), "expected '" + std::string(symbol) + "'");
    return advance();
  }
  [[noreturn]] void fail(const Token& token, const std::string& expected) const {
    throw_syntax_error(stream_.text, token.position, "syntax error: " + expected + ", got " + token.describe(),
                       token.length_bytes);
  }
  [[noreturn]] void not_supported(const Token& token, const std::string& what) const {
    ErrorContext context{.line = token.position.line, .text_column = token.position.column,
                         .excerpt = caret_excerpt(stream_.text, token.position, token.length_bytes)};
    throw NotSupportedError("SQL " + what + " is not supported yet", std::move(context));
  }

  TokenStream& stream_;
};

std::unique_ptr<ast::Query> parse_query_at(TokenStream& stream);
ast::ExprPtr parse_expression_at(TokenStream& stream);
std::string parse_type_name_at(TokenStream& stream);

}  // namespace lode::sql
