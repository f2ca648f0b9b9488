// The statement grammar of parse_statements(): the words around queries
// (CREATE, INSERT, DROP, COPY, DESCRIBE, SHOW, EXPLAIN, SET); the queries
// and expressions inside come from parser.cpp's grammar on the same token
// stream.

#include <algorithm>
#include <cctype>

#include "lode/core/error.h"
#include "lode/sql/parser.h"
#include "lode/sql/parser_internal.h"

namespace lode::sql {

namespace {

using ast::StatementKind;

// The script's tokens, a base so that they exist before the cursor over them.
struct ScriptTokens {
  TokenStream tokens;
};

class StatementParser : private ScriptTokens, private TokenCursor {
 public:
  explicit StatementParser(std::string_view text) : ScriptTokens{token_stream(text)}, TokenCursor(tokens) {}

  std::vector<ast::StatementPtr> script() {
    std::vector<ast::StatementPtr> statements;
    while (true) {
      while (accept_operator(";")) {}
      if (peek().kind == TokenKind::kEnd) return statements;
      statements.push_back(statement());
      if (peek().kind != TokenKind::kEnd && !peek().is_operator(";")) fail(peek(), "expected the end of the query");
    }
  }

 private:
  std::string identifier(const char* what) {
    const Token& token = peek();
    if (token.kind == TokenKind::kQuotedWord || (token.kind == TokenKind::kWord && !token.reserved))
      return advance().text;
    if (token.reserved) {
      std::string word = token.text;
      for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      fail(token, std::string("expected ") + what + " (" + ascii_upper(word) + " is a keyword: write \"" + word +
                      "\" to use it as a name)");
    }
    fail(token, std::string("expected ") + what);
  }
  bool at_query() const {
    return peek().is_keyword("SELECT") || peek().is_keyword("WITH") || peek().is_keyword("VALUES") ||
           peek().is_operator("(");
  }
  std::unique_ptr<ast::Query> query() { return parse_query_at(stream_); }

  ast::StatementPtr make(StatementKind kind, Position position) {
    auto statement = std::make_unique<ast::Statement>();
    statement->kind = kind;
    statement->position = position;
    return statement;
  }
  void table_name(ast::Statement& statement, const char* what) {
    statement.name_position = peek().position;
    statement.name = identifier(what);
    if (peek().is_operator(".")) not_supported(peek(), "schema-qualified names (schema.table)");
  }

  ast::StatementPtr statement() {
    const Token& first = peek();
    if (first.is_keyword("CREATE")) return create();
    if (first.is_keyword("INSERT")) return insert();
    if (first.is_keyword("DROP")) return drop();
    if (first.is_keyword("COPY")) return copy();
    if (first.is_keyword("DESCRIBE") || (first.is_keyword("SHOW") && !peek(1).is_keyword("TABLES"))) return describe();
    if (first.is_keyword("SHOW")) {
      advance();
      advance();
      return make(StatementKind::kShowTables, first.position);
    }
    if (first.is_keyword("EXPLAIN")) {
      advance();
      auto statement = make(StatementKind::kExplain, first.position);
      statement->analyze = accept_keyword("ANALYZE");
      statement->query = query();
      return statement;
    }
    if (first.is_keyword("SET")) return set();
    for (const char* word : {"UPDATE", "DELETE", "ALTER", "ATTACH", "DETACH", "RESET", "PRAGMA", "BEGIN", "COMMIT",
                             "ROLLBACK", "TRUNCATE", "INSTALL", "LOAD", "EXPORT", "IMPORT", "USE", "CHECKPOINT",
                             "PREPARE", "EXECUTE", "VACUUM", "ANALYZE", "SUMMARIZE", "PIVOT", "UNPIVOT", "CALL"})
      if (first.is_keyword(word)) not_supported(first, std::string(word) + " statements");
    auto statement = make(StatementKind::kQuery, first.position);
    statement->query = query();
    return statement;
  }

  ast::StatementPtr create() {
    const Position position = advance().position;
    bool or_replace = false, temporary = false;
    if (accept_keyword("OR")) {
      expect_keyword("REPLACE");
      or_replace = true;
    }
    if (accept_keyword("TEMP") || accept_keyword("TEMPORARY")) temporary = true;
    const bool is_view = peek().is_keyword("VIEW");
    if (!is_view && !peek().is_keyword("TABLE")) {
      for (const char* word : {"SCHEMA", "SEQUENCE", "MACRO", "FUNCTION", "TYPE", "INDEX", "UNIQUE", "SECRET"})
        if (peek().is_keyword(word)) not_supported(peek(), "CREATE " + std::string(word));
      fail(peek(), "expected TABLE or VIEW after CREATE");
    }
    advance();
    auto statement = make(is_view ? StatementKind::kCreateView : StatementKind::kCreateTable, position);
    statement->or_replace = or_replace;
    statement->temporary = temporary;
    statement->is_view = is_view;
    if (accept_keyword("IF")) {
      expect_keyword("NOT");
      expect_keyword("EXISTS");
      statement->if_not_exists = true;
      if (or_replace) fail(previous(), "expected no IF NOT EXISTS with OR REPLACE");
    }
    table_name(*statement, is_view ? "a view name" : "a table name");
    if (!is_view && peek().is_operator("(")) {
      column_definitions(*statement);
      if (accept_keyword("AS")) not_supported(previous(), "CREATE TABLE with both columns and AS query");
      return statement;
    }
    if (is_view && peek().is_operator("(")) not_supported(peek(), "view column names (CREATE VIEW v(a, b))");
    expect_keyword("AS");
    const size_t start = stream_.at;
    statement->query = query();
    if (is_view) {
      const Token& last = previous();
      const int64_t begin = stream_.tokens[start].position.offset;
      const int64_t end = last.position.offset + last.length_bytes;
      statement->query_text = std::string(stream_.text.substr(begin, end - begin));
    }
    if (peek().is_keyword("WITH")) not_supported(peek(), "CREATE TABLE ... WITH [NO] DATA");
    return statement;
  }


  void column_definitions(ast::Statement& statement) {
    expect_operator("(");
    do {
      ast::ColumnDefinition column;
      column.position = peek().position;
      if (peek().is_keyword("PRIMARY") || peek().is_keyword("UNIQUE") || peek().is_keyword("CHECK") ||
          peek().is_keyword("FOREIGN") || peek().is_keyword("CONSTRAINT"))
        not_supported(peek(), "table constraints");
      column.name = identifier("a column name");
      column.type_name = parse_type_name_at(stream_);
      if (!peek().is_operator(",") && !peek().is_operator(")"))
        not_supported(peek(), "column constraints and defaults (" + ascii_upper(peek().text) + ")");
      statement.columns.push_back(std::move(column));
    } while (accept_operator(","));
    expect_operator(")");
  }

  ast::StatementPtr insert() {
    auto statement = make(StatementKind::kInsert, advance().position);
    if (peek().is_keyword("OR")) not_supported(peek(), "INSERT OR REPLACE / IGNORE");
    expect_keyword("INTO");
    table_name(*statement, "a table name");
    if (peek().is_operator("(") && !(peek(1).is_keyword("SELECT") || peek(1).is_keyword("WITH") ||
                                     peek(1).is_keyword("VALUES") || peek(1).is_operator("("))) {
      expect_operator("(");
      do {
        statement->column_positions.push_back(peek().position);
        statement->column_names.push_back(identifier("a column name"));
      } while (accept_operator(","));
      expect_operator(")");
    }
    if (peek().is_keyword("DEFAULT")) not_supported(peek(), "INSERT ... DEFAULT VALUES");
    if (peek().is_keyword("BY")) not_supported(peek(), "INSERT ... BY NAME");
    statement->query = query();
    if (peek().is_keyword("ON")) not_supported(peek(), "INSERT ... ON CONFLICT");
    if (peek().is_keyword("RETURNING")) not_supported(peek(), "INSERT ... RETURNING");
    return statement;
  }

  ast::StatementPtr drop() {
    auto statement = make(StatementKind::kDrop, advance().position);
    if (accept_keyword("VIEW")) {
      statement->is_view = true;
    } else if (!accept_keyword("TABLE")) {
      for (const char* word : {"SCHEMA", "SEQUENCE", "MACRO", "FUNCTION", "TYPE", "INDEX", "SECRET"})
        if (peek().is_keyword(word)) not_supported(peek(), "DROP " + std::string(word));
      fail(peek(), "expected TABLE or VIEW after DROP");
    }
    if (accept_keyword("IF")) {
      expect_keyword("EXISTS");
      statement->if_exists = true;
    }
    table_name(*statement, statement->is_view ? "a view name" : "a table name");
    if (peek().is_operator(",")) not_supported(peek(), "DROP of several tables at once");
    if (!accept_keyword("RESTRICT") && peek().is_keyword("CASCADE")) not_supported(peek(), "DROP ... CASCADE");
    return statement;
  }

  ast::StatementPtr copy() {
    auto statement = make(StatementKind::kCopy, advance().position);
    if (peek().is_operator("(")) {
      advance();
      statement->query = query();
      expect_operator(")");
    } else {
      table_name(*statement, "a table name or (query)");
      if (peek().is_operator("(")) not_supported(peek(), "COPY of a column list (COPY t(a, b)); use COPY (SELECT a, b FROM t)");
    }
    if (peek().is_keyword("FROM")) not_supported(peek(), "COPY ... FROM (use read_csv or read_parquet in a query)");
    expect_keyword("TO");
    if (peek().kind != TokenKind::kString) fail(peek(), "expected the file path as a 'string'");
    statement->path_position = peek().position;
    statement->path = advance().text;
    accept_keyword("WITH");
    if (accept_operator("(")) {
      if (!peek().is_operator(")")) {
        do statement->options.push_back(copy_option());
        while (accept_operator(","));
      }
      expect_operator(")");
    }
    return statement;
  }

  // NAME [value]: the value a word (PARQUET, zstd), a literal or nothing.
  ast::CopyOption copy_option() {
    ast::CopyOption option;
    option.position = peek().position;
    if (peek().kind != TokenKind::kWord && peek().kind != TokenKind::kQuotedWord) fail(peek(), "expected an option name");
    option.name = ascii_upper(advance().text);
    if (peek().is_operator(",") || peek().is_operator(")")) return option;
    if (peek().kind == TokenKind::kWord && !peek().reserved) {
      auto value = std::make_unique<ast::Expr>();
      value->kind = ast::ExprKind::kString;
      value->position = peek().position;
      value->text = advance().text;
      option.value = std::move(value);
      return option;
    }
    option.value = parse_expression_at(stream_);
    return option;
  }

  ast::StatementPtr describe() {
    auto statement = make(StatementKind::kDescribe, advance().position);
    if (at_query()) {
      statement->query = query();
    } else {
      accept_keyword("TABLE");
      table_name(*statement, "a table name or a query");
    }
    return statement;
  }

  ast::StatementPtr set() {
    auto statement = make(StatementKind::kSet, advance().position);
    for (const char* scope : {"GLOBAL", "SESSION", "LOCAL"})
      if (peek().is_keyword(scope)) advance();
    if (peek().is_keyword("VARIABLE")) not_supported(peek(), "SET VARIABLE");
    statement->name_position = peek().position;
    statement->name = identifier("a setting name");
    if (!accept_operator("=") && !accept_keyword("TO")) fail(peek(), "expected '=' or TO after the setting's name");
    if (peek().kind == TokenKind::kWord && !peek().reserved) {
      auto value = std::make_unique<ast::Expr>();
      value->kind = ast::ExprKind::kString;
      value->position = peek().position;
      value->text = advance().text;
      statement->value = std::move(value);
    } else {
      statement->value = parse_expression_at(stream_);
    }
    return statement;
  }

};

}  // namespace

std::vector<ast::StatementPtr> parse_statements(std::string_view text) { return StatementParser(text).script(); }

}  // namespace lode::sql
