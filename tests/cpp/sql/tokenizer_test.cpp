#include <gtest/gtest.h>

#include "lode/core/error.h"
#include "lode/sql/tokenizer.h"

namespace lode::sql {
namespace {

std::vector<std::string> texts(const std::vector<Token>& tokens) {
  std::vector<std::string> result;
  for (const auto& token : tokens) result.push_back(token.text);
  return result;
}

TEST(TokenizerTest, KindsAndTexts) {
  const auto tokens = tokenize("SELECT \"My Col\", 'it''s', 42, 1.5e3, .5 FROM t WHERE a <> b || c :: int");
  ASSERT_EQ(tokens.back().kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[0].kind, TokenKind::kWord);
  EXPECT_TRUE(tokens[0].is_keyword("SELECT"));
  EXPECT_EQ(tokens[1].kind, TokenKind::kQuotedWord);
  EXPECT_EQ(tokens[1].text, "My Col");
  EXPECT_EQ(tokens[3].kind, TokenKind::kString);
  EXPECT_EQ(tokens[3].text, "it's");
  EXPECT_EQ(tokens[5].kind, TokenKind::kInteger);
  EXPECT_EQ(tokens[7].kind, TokenKind::kDecimal);
  EXPECT_EQ(tokens[7].text, "1.5e3");
  EXPECT_EQ(tokens[9].text, ".5");
  const auto rest = texts(std::vector<Token>(tokens.begin() + 10, tokens.end() - 1));
  EXPECT_EQ(rest, (std::vector<std::string>{"FROM", "t", "WHERE", "a", "<>", "b", "||", "c", "::", "int"}));
}

TEST(TokenizerTest, CommentsAreSkipped) {
  const auto tokens = tokenize("SELECT -- one\n 1 /* two\n three */ + 2 -- end");
  EXPECT_EQ(texts(tokens), (std::vector<std::string>{"SELECT", "1", "+", "2", ""}));
}

TEST(TokenizerTest, PositionsAreLinesAndCharacterColumns) {
  const auto tokens = tokenize("SELECT 'ß',\n  x\n\tFROM t");
  EXPECT_EQ(tokens[0].position.line, 1);
  EXPECT_EQ(tokens[0].position.column, 1);
  EXPECT_EQ(tokens[2].position.column, 11);  // after 'ß': one character, two bytes
  EXPECT_EQ(tokens[3].position.line, 2);
  EXPECT_EQ(tokens[3].position.column, 3);
  EXPECT_EQ(tokens[4].position.line, 3);
  EXPECT_EQ(tokens[4].position.column, 2);
  EXPECT_EQ(tokens[4].position.offset, 18);
}

TEST(TokenizerTest, ErrorsPointAtTheProblem) {
  try {
    tokenize("SELECT 1,\n  'open");
    FAIL() << "no error";
  } catch (const SyntaxError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kSyntax);
    EXPECT_EQ(error.context().line, 2);
    EXPECT_EQ(error.context().text_column, 3);
    EXPECT_EQ(std::string(error.what()),
              "unterminated string: add the closing ' (line 2, column 3)\n    'open\n    ^");
  }
  EXPECT_THROW(tokenize("SELECT \"x"), SyntaxError);
  EXPECT_THROW(tokenize("SELECT 1 /* x"), SyntaxError);
  EXPECT_THROW(tokenize("SELECT #"), SyntaxError);
  EXPECT_THROW(tokenize("SELECT 12abc"), SyntaxError);
}

TEST(TokenizerTest, CaretExcerptOfLongLinesIsAWindow) {
  const std::string text = "SELECT " + std::string(200, 'a') + " + + 1";
  const auto tokens = tokenize(text);
  const std::string excerpt = caret_excerpt(text, tokens[3].position, 1);
  const size_t newline = excerpt.find('\n');
  EXPECT_LT(newline, 120u);
  EXPECT_EQ(excerpt.substr(0, 5), "  ...");
  const size_t caret = excerpt.find('^') - newline - 1;
  EXPECT_EQ(excerpt[caret], '+');
}

}  // namespace
}  // namespace lode::sql
