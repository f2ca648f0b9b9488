#pragma once
// The query grammar's entry points for the statement parser
// (statement_parser.cpp): both read one token stream, each call parsing
// from `at` and leaving it after what it read. Internal to src/lode/sql.

#include <string>
#include <string_view>
#include <vector>

#include "lode/sql/ast.h"

namespace lode::sql {

struct TokenStream {
  std::string_view text;
  std::vector<Token> tokens;  // ending with kEnd; reserved words marked
  size_t at = 0;
};

/// Returns the tokens of `text` with the parser's reserved words marked.
TokenStream token_stream(std::string_view text);

std::unique_ptr<ast::Query> parse_query_at(TokenStream& stream);
ast::ExprPtr parse_expression_at(TokenStream& stream);
std::string parse_type_name_at(TokenStream& stream);

}  // namespace lode::sql
