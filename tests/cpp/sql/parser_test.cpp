#include <gtest/gtest.h>

#include "lode/core/error.h"
#include "lode/sql/parser.h"

namespace lode::sql {
namespace {

// Renders an expression tree with explicit parentheses, to check precedence.
std::string render(const ast::Expr& expr) {
  switch (expr.kind) {
    case ast::ExprKind::kColumn: return expr.parts.back();
    case ast::ExprKind::kInteger: return expr.text;
    case ast::ExprKind::kUnary: return "(" + expr.op + " " + render(*expr.args[0]) + ")";
    case ast::ExprKind::kBinary: return "(" + render(*expr.args[0]) + " " + expr.op + " " + render(*expr.args[1]) + ")";
    case ast::ExprKind::kIsNull: return "(" + render(*expr.args[0]) + (expr.negated ? " IS NOT NULL)" : " IS NULL)");
    case ast::ExprKind::kBetween:
      return "(" + render(*expr.args[0]) + " BETWEEN " + render(*expr.args[1]) + " AND " + render(*expr.args[2]) + ")";
    case ast::ExprKind::kCast: return "(" + render(*expr.args[0]) + "::" + expr.type_name + ")";
    case ast::ExprKind::kFunction: return expr.name + "(" + (expr.star ? "*" : expr.args.empty() ? "" : render(*expr.args[0])) + ")";
    default: return "?";
  }
}

std::string first_item(const std::string& select_list) {
  const auto query = parse_query("SELECT " + select_list);
  return render(*query->core->items[0].expr);
}

TEST(ParserTest, Precedence) {
  EXPECT_EQ(first_item("1 + 2 * 3"), "(1 + (2 * 3))");
  EXPECT_EQ(first_item("1 - 2 - 3"), "((1 - 2) - 3)");
  EXPECT_EQ(first_item("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(first_item("NOT a = b"), "(NOT (a = b))");
  EXPECT_EQ(first_item("NOT a AND b"), "((NOT a) AND b)");
  EXPECT_EQ(first_item("a = 1 OR b IS NULL"), "((a = 1) OR (b IS NULL))");
  EXPECT_EQ(first_item("a + 1 IS NOT NULL"), "((a + 1) IS NOT NULL)");
  EXPECT_EQ(first_item("x BETWEEN 1 + 1 AND 5 AND y"), "((x BETWEEN (1 + 1) AND 5) AND y)");
  EXPECT_EQ(first_item("a || b = c"), "((a || b) = c)");
  EXPECT_EQ(first_item("-a * b"), "((- a) * b)");
  EXPECT_EQ(first_item("-2 * 3"), "(-2 * 3)");
  EXPECT_EQ(first_item("a::int + 1"), "((a::INT) + 1)");
  EXPECT_EQ(first_item("count(*) + 1"), "(count(*) + 1)");
  EXPECT_EQ(first_item("a != b"), "(a <> b)");
}

TEST(ParserTest, QueryShape) {
  const auto query = parse_query(
      "WITH t AS (SELECT 1 AS a) SELECT DISTINCT a AS x, t.* FROM t JOIN u USING (a) LEFT JOIN v ON t.a = v.a "
      "WHERE a > 0 GROUP BY ALL HAVING count(*) > 1 ORDER BY 1 DESC NULLS FIRST LIMIT 10 OFFSET 5;");
  ASSERT_EQ(query->ctes.size(), 1u);
  EXPECT_EQ(query->ctes[0].name, "t");
  const ast::SelectCore& core = *query->core;
  EXPECT_TRUE(core.distinct);
  ASSERT_EQ(core.items.size(), 2u);
  EXPECT_EQ(core.items[0].alias, "x");
  EXPECT_EQ(core.items[1].expr->kind, ast::ExprKind::kStar);
  EXPECT_EQ(core.items[1].expr->parts, std::vector<std::string>{"t"});
  ASSERT_EQ(core.from->kind, ast::TableRefKind::kJoin);
  EXPECT_EQ(core.from->join, ast::JoinKind::kLeft);
  EXPECT_EQ(core.from->left->using_columns, std::vector<std::string>{"a"});
  EXPECT_TRUE(core.group_by_all);
  ASSERT_TRUE(core.having);
  ASSERT_EQ(query->order_by.size(), 1u);
  EXPECT_TRUE(query->order_by[0].descending);
  EXPECT_EQ(query->order_by[0].nulls_last, false);
  EXPECT_EQ(query->limit->text, "10");
  EXPECT_EQ(query->offset->text, "5");
}

TEST(ParserTest, UnionsAreLeftAssociativeAndOrderByAppliesToAll) {
  const auto query = parse_query("SELECT 1 UNION ALL SELECT 2 UNION SELECT 3 ORDER BY 1");
  EXPECT_EQ(query->set_op, ast::SetOp::kUnion);
  EXPECT_EQ(query->left->set_op, ast::SetOp::kUnionAll);
  EXPECT_EQ(query->order_by.size(), 1u);
}

TEST(ParserTest, FilesAndTableFunctions) {
  const auto query = parse_query("SELECT * FROM 'x.parquet' a, read_csv('y.csv', header = true) b");
  EXPECT_EQ(query->core->from->left->kind, ast::TableRefKind::kFile);
  EXPECT_EQ(query->core->from->left->name, "x.parquet");
  const ast::TableRef& function = *query->core->from->right;
  EXPECT_EQ(function.kind, ast::TableRefKind::kFunction);
  ASSERT_EQ(function.args.size(), 2u);
  EXPECT_EQ(function.args[1]->name, "header");
}

TEST(ParserTest, SyntaxErrorsSayWhatWasExpected) {
  try {
    parse_query("SELECT a\nFROM t\nWHERE a IN (1, 2");
    FAIL() << "no error";
  } catch (const SyntaxError& error) {
    EXPECT_EQ(error.message(), "syntax error: expected ')', got the end of the query");
    EXPECT_EQ(error.context().line, 3);
    EXPECT_EQ(error.context().text_column, 17);
  }
  EXPECT_THROW(parse_query("SELECT FROM t"), SyntaxError);
  EXPECT_THROW(parse_query("SELECT 1 2"), SyntaxError);
  EXPECT_THROW(parse_query(""), SyntaxError);
  EXPECT_THROW(parse_query("SELECT * FROM t POSITIONAL JOIN u"), NotSupportedError);
}

TEST(ParserTest, DeepNestingIsAnErrorNotAStackOverflow) {
  for (const std::string& query :
       {"SELECT " + std::string(200000, '(') + "1" + std::string(200000, ')'),
        [] {
          std::string text = "SELECT 1";
          for (int i = 0; i < 200000; ++i) text += " + 1";
          return text;
        }(),
        [] {
          std::string text = "SELECT ";
          for (int i = 0; i < 200000; ++i) text += "NOT ";
          return text + "1";
        }(),
        [] {
          std::string text = "SELECT * FROM ";
          for (int i = 0; i < 50000; ++i) text += "(SELECT * FROM ";
          return text;
        }()}) {
    try {
      parse_query(query);
      FAIL() << "no error";
    } catch (const SyntaxError& error) {
      EXPECT_NE(error.message().find("nests deeper than"), std::string::npos) << error.message();
    }
  }
  // Nesting below the limit parses.
  EXPECT_NO_THROW(parse_query("SELECT " + std::string(100, '(') + "1" + std::string(100, ')')));
}

}  // namespace
}  // namespace lode::sql
