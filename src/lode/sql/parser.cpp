#include "lode/sql/parser.h"

#include <algorithm>
#include <cctype>

#include "lode/core/error.h"
#include "lode/sql/parser_internal.h"

namespace lode::sql {

namespace {

using ast::ExprKind;
using ast::ExprPtr;

// Words that end an expression or a table: never taken as an alias without AS.
constexpr std::string_view kReserved[] = {
    "SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT",
    "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "OUTER", "ON", "USING", "AS", "AND", "OR", "NOT",
    "WITH", "CASE", "WHEN", "THEN", "ELSE", "END", "IS", "NULL", "IN", "BETWEEN", "LIKE", "ILIKE", "DISTINCT",
    "ALL", "BY", "ASC", "DESC", "NULLS", "WINDOW", "QUALIFY", "NATURAL", "SEMI", "ANTI", "LATERAL", "TRUE",
    "FALSE", "CAST", "EXISTS", "INTERVAL", "POSITIONAL", "ASOF", "SIMILAR", "GLOB", "ESCAPE", "FILTER", "OVER"};

bool is_reserved(const Token& token) { return token.reserved; }

void mark_reserved(std::vector<Token>& tokens) {
  for (Token& token : tokens)
    token.reserved = token.kind == TokenKind::kWord &&
                     std::any_of(std::begin(kReserved), std::end(kReserved),
                                 [&](std::string_view word) { return token.upper == word; });
}

// Binary operators by precedence, lowest first (as PostgreSQL and DuckDB).
enum Precedence : int {
  kOr = 1, kAnd, kNot, kIs, kComparison, kMembership, kConcat, kAdditive, kMultiplicative, kPower, kUnary, kCastPostfix
};

class Parser : private TokenCursor {
 public:
  explicit Parser(TokenStream& stream) : TokenCursor(stream) {}

  std::unique_ptr<ast::Query> statement() {
    auto query = parse_query();
    accept_operator(";");
    if (peek().kind != TokenKind::kEnd) fail(peek(), "expected the end of the query");
    return query;
  }

  // Entry points for the statement parser (statement_parser.cpp).
  std::unique_ptr<ast::Query> query_at() { return parse_query(); }
  ExprPtr expression_at() { return expression(); }
  std::string type_name_at() { return type_name(); }

 private:
  // Bounds recursion: every nested query, parenthesis and prefix operator
  // passes through one guard.
  struct DepthGuard {
    DepthGuard(Parser& parser) : parser_(parser) {  // NOLINT
      if (++parser_.depth_ > kMaxDepth)
        parser_.fail(parser_.peek(), "the query nests deeper than " + std::to_string(kMaxDepth) + " levels; simplify it");
    }
    ~DepthGuard() { --parser_.depth_; }
    Parser& parser_;
  };

  // Names ----------------------------------------------------------------
  bool at_identifier() const {
    return peek().kind == TokenKind::kQuotedWord || (peek().kind == TokenKind::kWord && !is_reserved(peek()));
  }
  std::string identifier(const char* what) {
    if (is_reserved(peek())) {
      std::string word = peek().text;
      for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      throw_syntax_error(stream_.text, peek().position,
                         "syntax error: expected " + std::string(what) + ", got " + peek().describe() + " (" +
                             ascii_upper(word) + " is a keyword: write \"" + word + "\" to use it as a name)",
                         peek().length_bytes);
    }
    if (!at_identifier()) fail(peek(), std::string("expected ") + what);
    return advance().text;
  }
  // [AS] alias, where an alias without AS must not be a reserved word.
  std::string optional_alias() {
    if (accept_keyword("AS")) return identifier("an alias after AS");
    if (at_identifier()) return advance().text;
    return "";
  }
  std::vector<std::string> identifier_list(const char* what, std::vector<Position>* positions = nullptr) {
    std::vector<std::string> names;
    expect_operator("(");
    do {
      if (positions) positions->push_back(peek().position);
      names.push_back(identifier(what));
    } while (accept_operator(","));
    expect_operator(")");
    return names;
  }

  // Queries --------------------------------------------------------------
  std::unique_ptr<ast::Query> parse_query() {
    DepthGuard guard(*this);
    const Position position = peek().position;
    std::vector<ast::CommonTable> ctes;
    if (accept_keyword("WITH")) {
      const bool recursive = accept_keyword("RECURSIVE");
      do {
        ctes.push_back(common_table());
        ctes.back().recursive = recursive;
      } while (accept_operator(","));
    }
    auto query = set_expression();
    query->position = position;
    if (!ctes.empty()) {
      // ORDER BY and LIMIT below belong to the outer query: wrap when the
      // set expression already has its own.
      if (!query->ctes.empty()) query = wrap(std::move(query));
      query->ctes = std::move(ctes);
    }
    if (peek().is_keyword("ORDER") || peek().is_keyword("LIMIT") || peek().is_keyword("OFFSET")) {
      if (!query->order_by.empty() || query->limit || query->offset) query = wrap(std::move(query));
      order_and_limit(*query);
    }
    return query;
  }

  // Returns SELECT * FROM (query), so outer clauses apply after the inner ones.
  std::unique_ptr<ast::Query> wrap(std::unique_ptr<ast::Query> inner) {
    auto outer = std::make_unique<ast::Query>();
    outer->position = inner->position;
    outer->core = std::make_unique<ast::SelectCore>();
    outer->core->position = inner->position;
    ast::SelectItem item;
    item.expr = std::make_unique<ast::Expr>();
    item.expr->kind = ExprKind::kStar;
    outer->core->items.push_back(std::move(item));
    outer->core->from = std::make_unique<ast::TableRef>();
    outer->core->from->kind = ast::TableRefKind::kSubquery;
    outer->core->from->position = inner->position;
    outer->core->from->subquery = std::move(inner);
    return outer;
  }

  ast::CommonTable common_table() {
    ast::CommonTable cte;
    cte.position = peek().position;
    cte.name = identifier("a name for the WITH query");
    if (peek().is_operator("(")) cte.column_aliases = identifier_list("a column name");
    expect_keyword("AS");
    if (accept_keyword("MATERIALIZED") || (accept_keyword("NOT") && expect_keyword("MATERIALIZED").kind == TokenKind::kWord)) {}
    expect_operator("(");
    cte.query = parse_query();
    expect_operator(")");
    return cte;
  }

  // UNION and EXCEPT, left to right, over INTERSECT, which binds tighter (as
  // in the SQL standard, PostgreSQL and DuckDB).
  std::unique_ptr<ast::Query> set_expression() {
    auto left = intersect_term();
    while (peek().is_keyword("UNION") || peek().is_keyword("EXCEPT")) {
      const bool is_union = advance().is_keyword("UNION");
      ast::SetOp op = is_union ? ast::SetOp::kUnion : ast::SetOp::kExcept;
      if (accept_keyword("ALL")) {
        op = is_union ? ast::SetOp::kUnionAll : ast::SetOp::kExceptAll;
      } else {
        accept_keyword("DISTINCT");
      }
      if (peek().is_keyword("BY")) not_supported(peek(), "UNION BY NAME");
      left = set_node(op, std::move(left), intersect_term());
    }
    return left;
  }

  std::unique_ptr<ast::Query> intersect_term() {
    auto left = set_term();
    while (accept_keyword("INTERSECT")) {
      const bool all = accept_keyword("ALL");
      if (!all) accept_keyword("DISTINCT");
      left = set_node(all ? ast::SetOp::kIntersectAll : ast::SetOp::kIntersect, std::move(left), set_term());
    }
    return left;
  }

  static std::unique_ptr<ast::Query> set_node(ast::SetOp op, std::unique_ptr<ast::Query> left,
                                              std::unique_ptr<ast::Query> right) {
    auto node = std::make_unique<ast::Query>();
    node->position = left->position;
    node->set_op = op;
    node->left = std::move(left);
    node->right = std::move(right);
    return node;
  }

  std::unique_ptr<ast::Query> set_term() {
    if (peek().is_operator("(")) {
      advance();
      auto query = parse_query();
      expect_operator(")");
      return query;
    }
    if (peek().is_keyword("VALUES")) return values_list();
    if (!peek().is_keyword("SELECT")) fail(peek(), "expected SELECT or WITH");
    auto query = std::make_unique<ast::Query>();
    query->position = peek().position;
    query->core = select_core();
    return query;
  }

  // VALUES (...), (...) as SELECT * FROM (the rows), so that ORDER BY,
  // LIMIT and UNION apply to it as to any select.
  std::unique_ptr<ast::Query> values_list() {
    auto rows = std::make_unique<ast::Query>();
    rows->position = expect_keyword("VALUES").position;
    do {
      expect_operator("(");
      std::vector<ExprPtr> row;
      do row.push_back(expression());
      while (accept_operator(","));
      expect_operator(")");
      rows->values.push_back(std::move(row));
    } while (accept_operator(","));
    return wrap(std::move(rows));
  }

  std::unique_ptr<ast::SelectCore> select_core() {
    auto core = std::make_unique<ast::SelectCore>();
    core->position = expect_keyword("SELECT").position;
    if (accept_keyword("DISTINCT")) {
      core->distinct = true;
      if (accept_keyword("ON")) {
        expect_operator("(");
        do core->distinct_on.push_back(expression());
        while (accept_operator(","));
        expect_operator(")");
      }
    } else {
      accept_keyword("ALL");
    }
    do core->items.push_back(select_item());
    while (accept_operator(",") && !ends_select_list());
    if (accept_keyword("FROM")) core->from = table_list();
    if (accept_keyword("WHERE")) core->where = expression();
    if (accept_keyword("GROUP")) {
      expect_keyword("BY");
      core->has_group_by = true;
      if (accept_keyword("ALL")) {
        core->group_by_all = true;
      } else {
        // Each element's grouping sets; the query's are their cross product.
        std::vector<std::vector<int>> sets{{}};
        bool has_sets = false;
        do {
          std::vector<std::vector<int>> element;
          has_sets |= grouping_element(*core, element);
          std::vector<std::vector<int>> product;
          for (const auto& left : sets)
            for (const auto& right : element) {
              product.push_back(left);
              product.back().insert(product.back().end(), right.begin(), right.end());
            }
          sets = std::move(product);
          if (sets.size() > 4096) fail(peek(), "GROUP BY makes more than 4096 grouping sets");
        } while (accept_operator(","));
        if (has_sets) core->grouping_sets = std::move(sets);
      }
    }
    if (accept_keyword("HAVING")) core->having = expression();
    if (accept_keyword("WINDOW")) {
      do {
        const std::string name = identifier("a window name");
        expect_keyword("AS");
        core->windows.emplace_back(name, window_spec());
      } while (accept_operator(","));
    }
    if (accept_keyword("QUALIFY")) core->qualify = expression();
    return core;
  }

  // One GROUP BY element: an expression (one set of it), ROLLUP (a, b)
  // (the sets (a, b), (a), ()), CUBE (a, b) (every subset) or GROUPING SETS
  // ((a, b), a, ()). Its expressions go to core.group_by; the sets hold
  // their indices there. Returns true unless it is a plain expression.
  bool grouping_element(ast::SelectCore& core, std::vector<std::vector<int>>& sets) {
    auto add = [&](ExprPtr expr) {
      core.group_by.push_back(std::move(expr));
      return static_cast<int>(core.group_by.size() - 1);
    };
    // A parenthesized list of expressions, or one expression.
    auto expression_set = [&]() {
      std::vector<int> set;
      if (peek().is_operator("(") && (peek(1).is_operator(")") || is_expression_list())) {
        advance();
        if (!peek().is_operator(")")) {
          do set.push_back(add(expression()));
          while (accept_operator(","));
        }
        expect_operator(")");
      } else {
        set.push_back(add(expression()));
      }
      return set;
    };
    const bool rollup = peek().is_keyword("ROLLUP") && peek(1).is_operator("(");
    const bool cube = peek().is_keyword("CUBE") && peek(1).is_operator("(");
    if (rollup || cube) {
      advance();
      expect_operator("(");
      std::vector<std::vector<int>> parts;
      do parts.push_back(expression_set());
      while (accept_operator(","));
      expect_operator(")");
      if (cube && parts.size() > 12) fail(peek(), "CUBE takes at most 12 elements");
      if (rollup) {
        for (size_t count = parts.size() + 1; count-- > 0;) {
          std::vector<int> set;
          for (size_t i = 0; i < count; ++i) set.insert(set.end(), parts[i].begin(), parts[i].end());
          sets.push_back(set);
        }
      } else {
        for (size_t mask = (size_t{1} << parts.size()); mask-- > 0;) {
          std::vector<int> set;
          for (size_t i = 0; i < parts.size(); ++i)
            if (mask & (size_t{1} << (parts.size() - 1 - i))) set.insert(set.end(), parts[i].begin(), parts[i].end());
          sets.push_back(set);
        }
      }
      return true;
    }
    if (peek().is_keyword("GROUPING") && peek(1).is_keyword("SETS")) {
      advance();
      advance();
      expect_operator("(");
      do {
        if (peek().is_keyword("ROLLUP") || peek().is_keyword("CUBE") || peek().is_keyword("GROUPING"))
          not_supported(peek(), "ROLLUP, CUBE or GROUPING SETS inside GROUPING SETS");
        sets.push_back(expression_set());
      } while (accept_operator(","));
      expect_operator(")");
      return true;
    }
    if (peek().is_operator("(") && peek(1).is_operator(")")) {  // () : the empty set
      advance();
      advance();
      sets.push_back({});
      return true;
    }
    sets.push_back({add(expression())});
    return false;
  }

  // At "(": true if a comma stands directly inside these parentheses
  // (a list "(a, b)", not "(a + b) * 2"; "(a)" is the same either way).
  bool is_expression_list() const {
    int depth = 0;
    for (size_t ahead = 0;; ++ahead) {
      const Token& token = peek(ahead);
      if (token.kind == TokenKind::kEnd) return false;
      if (token.is_operator("(")) ++depth;
      else if (token.is_operator(")") && --depth == 0) return false;
      else if (token.is_operator(",") && depth == 1) return true;
    }
  }

  // A trailing comma before FROM is allowed (as DuckDB).
  bool ends_select_list() const {
    return peek().is_keyword("FROM") || peek().kind == TokenKind::kEnd || peek().is_operator(")");
  }

  ast::SelectItem select_item() {
    ast::SelectItem item;
    item.position = peek().position;
    if (peek().is_operator("*")) {
      item.expr = node(ExprKind::kStar, advance().position);
    } else if (at_identifier() && peek(1).is_operator(".") && peek(2).is_operator("*")) {
      item.expr = node(ExprKind::kStar, peek().position);
      item.expr->parts.push_back(advance().text);
      advance();
      advance();
    } else {
      item.expr = expression();
      item.alias = optional_alias();
      return item;
    }
    if (accept_keyword("EXCLUDE")) {
      if (peek().is_operator("(")) item.exclude = identifier_list("a column name");
      else item.exclude.push_back(identifier("a column name"));
    }
    if (accept_keyword("REPLACE")) {
      expect_operator("(");
      do {
        ast::SelectItem replacement;
        replacement.position = peek().position;
        replacement.expr = expression();
        expect_keyword("AS");
        replacement.alias = identifier("the name of the column it replaces");
        item.replace.push_back(std::move(replacement));
      } while (accept_operator(","));
      expect_operator(")");
    }
    return item;
  }

  ast::OrderItem order_item() {
    ast::OrderItem item;
    item.expr = expression();
    if (accept_keyword("DESC")) item.descending = true;
    else accept_keyword("ASC");
    if (accept_keyword("NULLS")) {
      if (accept_keyword("FIRST")) item.nulls_last = false;
      else if (accept_keyword("LAST")) item.nulls_last = true;
      else fail(peek(), "expected FIRST or LAST after NULLS");
    }
    return item;
  }

  // OVER (PARTITION BY ... ORDER BY ... [ROWS | RANGE frame]).
  std::unique_ptr<ast::WindowSpec> window_spec() {
    auto spec = std::make_unique<ast::WindowSpec>();
    spec->position = peek().position;
    if (!peek().is_operator("(")) {
      spec->base = identifier("a window name or (");
      return spec;
    }
    advance();
    if (at_identifier() && !peek().is_keyword("PARTITION") && !peek().is_keyword("ORDER") &&
        !peek().is_keyword("ROWS") && !peek().is_keyword("RANGE") && !peek().is_keyword("GROUPS"))
      spec->base = identifier("a window name");
    if (accept_keyword("PARTITION")) {
      expect_keyword("BY");
      do spec->partition_by.push_back(expression());
      while (accept_operator(","));
    }
    if (accept_keyword("ORDER")) {
      expect_keyword("BY");
      do spec->order_by.push_back(order_item());
      while (accept_operator(","));
    }
    if (peek().is_keyword("GROUPS")) not_supported(peek(), "GROUPS frames");
    if (peek().is_keyword("ROWS") || peek().is_keyword("RANGE")) {
      spec->has_frame = true;
      spec->rows = advance().is_keyword("ROWS");
      if (accept_keyword("BETWEEN")) {
        spec->start = frame_bound();
        expect_keyword("AND");
        spec->end = frame_bound();
      } else {
        spec->start = frame_bound();
        spec->end = 0;
      }
      if (peek().is_keyword("EXCLUDE")) not_supported(peek(), "EXCLUDE in a window frame");
    }
    expect_operator(")");
    return spec;
  }

  // A frame bound as an offset from the current row (negative: preceding).
  int64_t frame_bound() {
    const Token& token = peek();
    if (accept_keyword("UNBOUNDED")) {
      if (accept_keyword("PRECEDING")) return INT64_MIN;
      if (accept_keyword("FOLLOWING")) return INT64_MAX;
      fail(peek(), "expected PRECEDING or FOLLOWING after UNBOUNDED");
    }
    if (accept_keyword("CURRENT")) {
      expect_keyword("ROW");
      return 0;
    }
    if (token.kind != TokenKind::kInteger)
      fail(token, "expected UNBOUNDED, CURRENT ROW or a number of rows in the window frame");
    advance();
    int64_t rows = 0;
    try {
      rows = std::stoll(token.text);
    } catch (const std::exception&) {
      fail(token, "the frame offset " + token.text + " is too large");
    }
    if (accept_keyword("PRECEDING")) return -rows;
    if (accept_keyword("FOLLOWING")) return rows;
    fail(peek(), "expected PRECEDING or FOLLOWING after the frame offset");
  }

  void order_and_limit(ast::Query& query) {
    if (accept_keyword("ORDER")) {
      expect_keyword("BY");
      if (peek().is_keyword("ALL")) not_supported(peek(), "ORDER BY ALL");
      do query.order_by.push_back(order_item());
      while (accept_operator(","));
    }
    for (int clause = 0; clause < 2; ++clause) {
      if (!query.limit && accept_keyword("LIMIT")) query.limit = expression();
      if (!query.offset && accept_keyword("OFFSET")) query.offset = expression();
    }
  }

  // Tables ---------------------------------------------------------------
  std::unique_ptr<ast::TableRef> table_list() {
    auto left = joined_table();
    while (peek().is_operator(",")) {
      const Position position = advance().position;
      left = join_node(ast::JoinKind::kCross, std::move(left), joined_table(), position);
    }
    return left;
  }

  std::unique_ptr<ast::TableRef> join_node(ast::JoinKind kind, std::unique_ptr<ast::TableRef> left,
                                           std::unique_ptr<ast::TableRef> right, Position position) {
    auto join = std::make_unique<ast::TableRef>();
    join->kind = ast::TableRefKind::kJoin;
    join->join = kind;
    join->position = position;
    join->left = std::move(left);
    join->right = std::move(right);
    return join;
  }

  std::unique_ptr<ast::TableRef> joined_table() {
    auto left = table_primary();
    while (true) {
      const Token& start = peek();
      for (const char* word : {"ASOF", "POSITIONAL"})
        if (start.is_keyword(word)) not_supported(start, std::string(word) + " joins");
      ast::JoinKind kind = ast::JoinKind::kInner;
      if (accept_keyword("CROSS")) {
        expect_keyword("JOIN");
        left = join_node(ast::JoinKind::kCross, std::move(left), table_primary(), start.position);
        continue;
      }
      const bool natural = accept_keyword("NATURAL");
      if (accept_keyword("INNER")) kind = ast::JoinKind::kInner;
      else if (accept_keyword("LEFT")) kind = ast::JoinKind::kLeft;
      else if (accept_keyword("RIGHT")) kind = ast::JoinKind::kRight;
      else if (accept_keyword("FULL")) kind = ast::JoinKind::kFull;
      else if (accept_keyword("SEMI")) kind = ast::JoinKind::kSemi;
      else if (accept_keyword("ANTI")) kind = ast::JoinKind::kAnti;
      else if (!natural && !peek().is_keyword("JOIN")) return left;
      // LEFT SEMI and LEFT ANTI (Spark's words) are SEMI and ANTI.
      if (kind == ast::JoinKind::kLeft && accept_keyword("SEMI")) kind = ast::JoinKind::kSemi;
      else if (kind == ast::JoinKind::kLeft && accept_keyword("ANTI")) kind = ast::JoinKind::kAnti;
      if (kind == ast::JoinKind::kLeft || kind == ast::JoinKind::kRight || kind == ast::JoinKind::kFull)
        accept_keyword("OUTER");
      expect_keyword("JOIN");
      auto join = join_node(kind, std::move(left), table_primary(), start.position);
      join->natural = natural;
      if (natural) {
        if (peek().is_keyword("ON") || peek().is_keyword("USING")) fail(peek(), "a NATURAL join takes neither ON nor USING");
      } else if (accept_keyword("ON")) {
        join->on = expression();
      } else if (accept_keyword("USING")) {
        join->using_columns = identifier_list("a column name", &join->using_positions);
      } else {
        fail(peek(), "expected ON or USING after the joined table");
      }
      left = std::move(join);
    }
  }

  std::unique_ptr<ast::TableRef> table_primary() {
    DepthGuard guard(*this);
    auto table = std::make_unique<ast::TableRef>();
    table->position = peek().position;
    if (accept_keyword("LATERAL")) {
      if (!peek().is_operator("(") || !(peek(1).is_keyword("SELECT") || peek(1).is_keyword("WITH")))
        fail(peek(), "expected a subquery in parentheses after LATERAL");
      table->lateral = true;
    }
    if (peek().is_operator("(")) {
      advance();
      if (peek().is_keyword("SELECT") || peek().is_keyword("WITH") || peek().is_keyword("VALUES") ||
          peek().is_operator("(")) {
        table->kind = ast::TableRefKind::kSubquery;
        table->subquery = parse_query();
        expect_operator(")");
      } else {
        table = table_list();
        expect_operator(")");
        return table;
      }
    } else if (peek().kind == TokenKind::kString) {
      table->kind = ast::TableRefKind::kFile;
      table->name = advance().text;
    } else if (at_identifier() && peek(1).is_operator("(")) {
      table->kind = ast::TableRefKind::kFunction;
      table->name = advance().text;
      advance();
      if (!peek().is_operator(")")) {
        do table->args.push_back(function_argument());
        while (accept_operator(","));
      }
      expect_operator(")");
    } else {
      table->kind = ast::TableRefKind::kTable;
      table->name = identifier("a table name, a 'file path' or (subquery)");
      while (accept_operator(".")) table->name += "." + identifier("a table name after '.'");
    }
    table->alias = optional_alias();
    if (!table->alias.empty() && peek().is_operator("(")) table->column_aliases = identifier_list("a column name");
    return table;
  }

  // A table function's argument: an expression, or name=value / name := value.
  ExprPtr function_argument() {
    if (at_identifier() && (peek(1).is_operator("=") || peek(1).is_operator(":") )) {
      const Token& name = advance();
      advance();
      if (peek().is_operator("=")) advance();  // :=
      ExprPtr value = expression();
      value->name = name.text;  // a named argument
      return value;
    }
    return expression();
  }

  // Expressions ----------------------------------------------------------
  ExprPtr node(ExprKind kind, Position position) {
    auto expr = std::make_unique<ast::Expr>();
    expr->kind = kind;
    expr->position = position;
    return expr;
  }
  // Adds a child and keeps the depth (which bounds every later walk).
  void add_arg(ast::Expr& parent, ExprPtr child) {
    parent.depth = std::max(parent.depth, child->depth + 1);
    if (parent.depth > kMaxDepth)
      throw_syntax_error(stream_.text, child->position,
                         "syntax error: the expression nests deeper than " + std::to_string(kMaxDepth) +
                             " levels; simplify it");
    parent.args.push_back(std::move(child));
  }
  ExprPtr binary(std::string op, ExprPtr left, ExprPtr right, Position position) {
    auto expr = node(ExprKind::kBinary, position);
    expr->op = std::move(op);
    add_arg(*expr, std::move(left));
    add_arg(*expr, std::move(right));
    return expr;
  }

  ExprPtr expression() {
    DepthGuard guard(*this);
    return binary_expression(kOr);
  }

  // Returns the binary operator at the current token and its precedence, or 0.
  int binary_precedence(std::string& op) const {
    const Token& token = peek();
    if (token.is_keyword("OR")) return op = "OR", kOr;
    if (token.is_keyword("AND")) return op = "AND", kAnd;
    if (token.kind == TokenKind::kOperator) {
      static const std::pair<std::string_view, int> kOperators[] = {
          {"=", kComparison}, {"==", kComparison}, {"<>", kComparison}, {"!=", kComparison}, {"<", kComparison},
          {"<=", kComparison}, {">", kComparison}, {">=", kComparison}, {"||", kConcat}, {"+", kAdditive},
          {"-", kAdditive}, {"*", kMultiplicative}, {"/", kMultiplicative}, {"//", kMultiplicative},
          {"%", kMultiplicative}, {"^", kPower}};
      for (const auto& [symbol, precedence] : kOperators)
        if (token.text == symbol) return op = std::string(symbol == "==" ? "=" : symbol == "!=" ? "<>" : symbol), precedence;
    }
    return 0;
  }

  ExprPtr binary_expression(int min_precedence) {
    ExprPtr left = prefix_expression(min_precedence);
    while (true) {
      if (min_precedence <= kIs && peek().is_keyword("IS")) {
        left = is_expression(std::move(left));
        continue;
      }
      if (min_precedence <= kMembership && at_membership()) {
        left = membership(std::move(left));
        continue;
      }
      std::string op;
      const int precedence = binary_precedence(op);
      if (precedence == 0 || precedence < min_precedence) return left;
      const Position position = advance().position;
      if (precedence == kComparison && (peek().is_keyword("ALL") || peek().is_keyword("ANY") || peek().is_keyword("SOME")) &&
          peek(1).is_operator("("))
        not_supported(peek(), "comparisons with " + ascii_upper(peek().text) + " (subquery) (write EXISTS or IN, or compare with min() or max())");
      // Left-associative: the right operand binds tighter; ^ too (as DuckDB).
      ExprPtr right = binary_expression(precedence + 1);
      left = binary(op, std::move(left), std::move(right), position);
    }
  }

  // NOT binds looser than comparisons: NOT a = b is NOT (a = b).
  ExprPtr prefix_expression(int min_precedence) {
    if (min_precedence <= kNot && peek().is_keyword("NOT")) {
      DepthGuard guard(*this);
      auto expr = node(ExprKind::kUnary, advance().position);
      expr->op = "NOT";
      add_arg(*expr, binary_expression(kNot));
      return expr;
    }
    if (peek().is_operator("-") || peek().is_operator("+")) {
      if (min_precedence > kUnary) return postfix_expression();
      DepthGuard guard(*this);
      const Token& sign = advance();
      ExprPtr operand = binary_expression(kUnary);
      // Fold the sign into a number, so -9223372036854775808 stays an integer.
      if (sign.text == "-" && (operand->kind == ExprKind::kInteger || operand->kind == ExprKind::kDecimal) &&
          operand->text[0] != '-') {
        operand->text = "-" + operand->text;
        operand->position = sign.position;
        return operand;
      }
      if (sign.text == "+") return operand;
      auto expr = node(ExprKind::kUnary, sign.position);
      expr->op = "-";
      add_arg(*expr, std::move(operand));
      return expr;
    }
    return postfix_expression();
  }

  bool at_membership() const {
    const size_t ahead = peek().is_keyword("NOT") ? 1 : 0;
    const Token& token = peek(ahead);
    return token.is_keyword("BETWEEN") || token.is_keyword("IN") || token.is_keyword("LIKE") ||
           token.is_keyword("ILIKE") || token.is_keyword("SIMILAR") || token.is_keyword("GLOB");
  }

  ExprPtr is_expression(ExprPtr left) {
    const Position position = advance().position;  // IS
    const bool negated = accept_keyword("NOT");
    if (accept_keyword("DISTINCT")) {
      expect_keyword("FROM");
      auto expr = node(ExprKind::kBinary, position);
      expr->op = negated ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM";
      add_arg(*expr, std::move(left));
      add_arg(*expr, binary_expression(kComparison + 1));
      return expr;
    }
    if (peek().is_keyword("TRUE") || peek().is_keyword("FALSE")) {
      // x IS [NOT] TRUE is x IS [NOT] DISTINCT FROM TRUE: never NULL.
      auto expr = node(ExprKind::kBinary, position);
      expr->op = negated ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM";
      add_arg(*expr, std::move(left));
      auto value = node(ExprKind::kBoolean, peek().position);
      value->text = ascii_lower(advance().text);
      add_arg(*expr, std::move(value));
      return expr;
    }
    if (!accept_keyword("UNKNOWN")) expect_keyword("NULL");  // IS UNKNOWN is IS NULL
    auto expr = node(ExprKind::kIsNull, position);
    expr->negated = negated;
    add_arg(*expr, std::move(left));
    return expr;
  }

  ExprPtr membership(ExprPtr left) {
    const bool negated = accept_keyword("NOT");
    const Token& keyword = advance();
    if (keyword.is_keyword("SIMILAR") || keyword.is_keyword("GLOB")) not_supported(keyword, ascii_upper(keyword.text));
    ExprPtr expr;
    if (keyword.is_keyword("BETWEEN")) {
      expr = node(ExprKind::kBetween, keyword.position);
      add_arg(*expr, std::move(left));
      add_arg(*expr, binary_expression(kMembership + 1));
      expect_keyword("AND");
      add_arg(*expr, binary_expression(kMembership + 1));
    } else if (keyword.is_keyword("IN")) {
      expect_operator("(");
      if (peek().is_keyword("SELECT") || peek().is_keyword("WITH")) {
        DepthGuard guard(*this);
        expr = node(ExprKind::kSubquery, keyword.position);
        expr->op = "IN";
        add_arg(*expr, std::move(left));
        expr->subquery = parse_query();
        expect_operator(")");
        expr->negated = negated;
        return expr;
      }
      expr = node(ExprKind::kInList, keyword.position);
      add_arg(*expr, std::move(left));
      do add_arg(*expr, expression());
      while (accept_operator(","));
      expect_operator(")");
    } else {
      expr = node(ExprKind::kLike, keyword.position);
      expr->op = ascii_upper(keyword.text);
      add_arg(*expr, std::move(left));
      add_arg(*expr, binary_expression(kMembership + 1));
      if (accept_keyword("ESCAPE")) add_arg(*expr, binary_expression(kMembership + 1));
    }
    expr->negated = negated;
    return expr;
  }

  // A primary expression followed by :: casts.
  ExprPtr postfix_expression() {
    ExprPtr expr = primary();
    while (peek().is_operator("::") || peek().is_operator("[")) {
      if (peek().is_operator("[")) not_supported(peek(), "subscripts ([...])");
      auto cast = node(ExprKind::kCast, advance().position);
      cast->op = "::";
      cast->type_name = type_name();
      add_arg(*cast, std::move(expr));
      expr = std::move(cast);
    }
    return expr;
  }

  // A type as written: INTEGER, DECIMAL(15, 2), DOUBLE PRECISION, VARCHAR(10).
  std::string type_name() {
    if (peek().kind != TokenKind::kWord && peek().kind != TokenKind::kQuotedWord) fail(peek(), "expected a type name");
    std::string name = ascii_upper(advance().text);
    if (name == "DOUBLE" && accept_keyword("PRECISION")) {}
    if ((name == "CHARACTER" || name == "CHAR") && accept_keyword("VARYING")) name = "VARCHAR";
    if (name == "TIMESTAMP" && accept_keyword("WITH")) {
      expect_keyword("TIME");
      expect_keyword("ZONE");
      name = "TIMESTAMPTZ";
    }
    if (accept_operator("(")) {
      name += "(";
      do {
        if (peek().kind != TokenKind::kInteger) fail(peek(), "expected a number in the type's parameters");
        name += advance().text;
        if (peek().is_operator(",")) name += ",";
      } while (accept_operator(","));
      expect_operator(")");
      name += ")";
    }
    if (peek().is_operator("[")) not_supported(peek(), "list types");
    return name;
  }

  ExprPtr primary() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::kInteger: {
        auto expr = node(ExprKind::kInteger, token.position);
        expr->text = advance().text;
        return expr;
      }
      case TokenKind::kDecimal: {
        auto expr = node(ExprKind::kDecimal, token.position);
        expr->text = advance().text;
        return expr;
      }
      case TokenKind::kString: {
        auto expr = node(ExprKind::kString, token.position);
        expr->text = advance().text;
        return expr;
      }
      case TokenKind::kParameter: not_supported(token, "query parameters");
      case TokenKind::kOperator:
        if (token.is_operator("(")) return parenthesized();
        if (token.is_operator("*")) fail(token, "expected an expression ('*' only stands alone in a select list or in count(*))");
        fail(token, "expected an expression");
      case TokenKind::kEnd: fail(token, "expected an expression");
      case TokenKind::kQuotedWord:
      case TokenKind::kWord: return word_expression();
    }
    fail(token, "expected an expression");
  }

  ExprPtr parenthesized() {
    DepthGuard guard(*this);
    const Position position = advance().position;
    if (peek().is_keyword("SELECT") || peek().is_keyword("WITH")) {
      auto expr = node(ExprKind::kSubquery, position);
      expr->subquery = parse_query();
      expect_operator(")");
      return expr;
    }
    ExprPtr inner = expression();
    if (peek().is_operator(",")) not_supported(peek(), "row values (a, b)");
    expect_operator(")");
    return inner;
  }

  ExprPtr word_expression() {
    const Token& token = peek();
    if (token.kind == TokenKind::kWord) {
      if (token.is_keyword("NULL")) return advance(), node(ExprKind::kNull, token.position);
      if (token.is_keyword("TRUE") || token.is_keyword("FALSE")) {
        auto expr = node(ExprKind::kBoolean, token.position);
        expr->text = token.is_keyword("TRUE") ? "true" : "false";
        advance();
        return expr;
      }
      if (token.is_keyword("CASE")) return case_expression();
      if (token.is_keyword("CAST") || token.is_keyword("TRY_CAST")) return cast_expression();
      if (token.is_keyword("EXISTS") && peek(1).is_operator("(")) {
        DepthGuard guard(*this);
        auto expr = node(ExprKind::kSubquery, advance().position);
        expr->op = "EXISTS";
        expect_operator("(");
        if (!peek().is_keyword("SELECT") && !peek().is_keyword("WITH")) fail(peek(), "expected a subquery (SELECT ...)");
        expr->subquery = parse_query();
        expect_operator(")");
        return expr;
      }
      if (token.is_keyword("NOT")) fail(token, "expected an expression");
      if (token.is_keyword("INTERVAL")) return interval();
      if ((token.is_keyword("DATE") || token.is_keyword("TIMESTAMP")) && peek(1).kind == TokenKind::kString) {
        auto expr = node(ExprKind::kTypedLiteral, token.position);
        expr->type_name = ascii_upper(advance().text);
        expr->text = advance().text;
        return expr;
      }
      if (token.is_keyword("EXTRACT") && peek(1).is_operator("(")) return extract();
      // left(s, n) and right(s, n) are functions, whatever their use in joins.
      if ((token.is_keyword("LEFT") || token.is_keyword("RIGHT")) && peek(1).is_operator("(")) return function_call();
      if (is_reserved(token)) fail(token, "expected an expression");
    }
    if (peek(1).is_operator("(")) return function_call();
    // CURRENT_DATE and CURRENT_TIMESTAMP are functions written without ().
    if (token.kind == TokenKind::kWord && (token.upper == "CURRENT_DATE" || token.upper == "CURRENT_TIMESTAMP")) {
      auto expr = node(ExprKind::kFunction, token.position);
      expr->name = advance().text;
      return expr;
    }
    auto expr = node(ExprKind::kColumn, token.position);
    expr->parts.push_back(advance().text);
    while (peek().is_operator(".")) {
      advance();
      if (peek().is_operator("*")) fail(peek(), "expected a column name ('t.*' only stands alone in a select list)");
      expr->parts.push_back(identifier("a column name after '.'"));
    }
    if (expr->parts.size() > 2) not_supported(token, "names with more than two parts (schema.table.column)");
    return expr;
  }

  ExprPtr function_call() {
    auto expr = node(ExprKind::kFunction, peek().position);
    expr->name = advance().text;
    advance();  // (
    if (accept_operator("*")) {
      expr->star = true;
    } else if (!peek().is_operator(")")) {
      if (accept_keyword("DISTINCT")) expr->distinct = true;
      else accept_keyword("ALL");
      if (ascii_upper(expr->name) == "POSITION") return position_call(std::move(expr));
      if (ascii_upper(expr->name) == "TRIM") return trim_call(std::move(expr));
      do add_arg(*expr, expression());
      while (accept_operator(","));
      // substring(x FROM start [FOR length]), the SQL standard's spelling.
      if ((ascii_upper(expr->name) == "SUBSTRING" || ascii_upper(expr->name) == "SUBSTR") && expr->args.size() == 1 &&
          accept_keyword("FROM")) {
        add_arg(*expr, expression());
        if (accept_keyword("FOR")) add_arg(*expr, expression());
      }
      if (peek().is_keyword("ORDER")) not_supported(peek(), "ORDER BY inside an aggregate");
    }
    expect_operator(")");
    if (accept_keyword("FILTER")) {
      expect_operator("(");
      expect_keyword("WHERE");
      expr->filter = expression();
      expr->depth = std::max(expr->depth, expr->filter->depth + 1);
      expect_operator(")");
    }
    if (accept_keyword("OVER")) expr->window = window_spec();
    return expr;
  }

  // position(needle IN haystack), the SQL standard's spelling, is
  // strpos(haystack, needle); the needle binds tighter than IN.
  ExprPtr position_call(ExprPtr expr) {
    ExprPtr needle = binary_expression(kMembership + 1);
    expect_keyword("IN");
    add_arg(*expr, expression());
    add_arg(*expr, std::move(needle));
    expect_operator(")");
    return expr;
  }

  // TRIM([BOTH | LEADING | TRAILING] [characters] FROM text), the SQL
  // standard's spelling, is trim/ltrim/rtrim(text, characters); trim(a, b)
  // stays as it is.
  ExprPtr trim_call(ExprPtr expr) {
    const Token& side = peek();
    const bool has_side = (side.is_keyword("BOTH") || side.is_keyword("LEADING") || side.is_keyword("TRAILING")) &&
                          !peek(1).is_operator(")") && !peek(1).is_operator(",");
    if (has_side) {
      expr->name = side.is_keyword("LEADING") ? "ltrim" : side.is_keyword("TRAILING") ? "rtrim" : "trim";
      advance();
    }
    ExprPtr characters;
    if (!peek().is_keyword("FROM")) characters = expression();
    if (accept_keyword("FROM")) {
      add_arg(*expr, expression());
      if (characters) add_arg(*expr, std::move(characters));
    } else {
      if (has_side || !characters) fail(peek(), "expected FROM, as in TRIM(LEADING 'x' FROM s)");
      add_arg(*expr, std::move(characters));
      while (accept_operator(",")) add_arg(*expr, expression());
    }
    expect_operator(")");
    return expr;
  }

  ExprPtr case_expression() {
    auto expr = node(ExprKind::kCase, advance().position);
    if (!peek().is_keyword("WHEN")) {
      expr->has_operand = true;
      add_arg(*expr, expression());
    }
    if (!peek().is_keyword("WHEN")) fail(peek(), "expected WHEN");
    while (accept_keyword("WHEN")) {
      add_arg(*expr, expression());
      expect_keyword("THEN");
      add_arg(*expr, expression());
    }
    if (accept_keyword("ELSE")) {
      expr->has_else = true;
      add_arg(*expr, expression());
    }
    expect_keyword("END");
    return expr;
  }

  ExprPtr cast_expression() {
    auto expr = node(ExprKind::kCast, peek().position);
    expr->op = ascii_upper(advance().text);
    expect_operator("(");
    add_arg(*expr, expression());
    expect_keyword("AS");
    expr->type_name = type_name();
    expect_operator(")");
    return expr;
  }

  ExprPtr interval() {
    auto expr = node(ExprKind::kInterval, advance().position);
    if (peek().kind != TokenKind::kString && peek().kind != TokenKind::kInteger)
      fail(peek(), "expected the interval's value, as in INTERVAL '90' DAY");
    expr->text = advance().text;
    if (peek().kind == TokenKind::kWord && !is_reserved(peek())) expr->unit = ascii_upper(advance().text);
    return expr;
  }

  ExprPtr extract() {
    auto expr = node(ExprKind::kExtract, advance().position);
    advance();  // (
    if (peek().kind != TokenKind::kWord && peek().kind != TokenKind::kString) fail(peek(), "expected a date part such as YEAR");
    expr->unit = ascii_upper(advance().text);
    expect_keyword("FROM");
    add_arg(*expr, expression());
    expect_operator(")");
    return expr;
  }

  int depth_ = 0;
};

}  // namespace

TokenStream token_stream(std::string_view text) {
  TokenStream stream{text, tokenize(text), 0};
  mark_reserved(stream.tokens);
  return stream;
}

std::unique_ptr<ast::Query> parse_query_at(TokenStream& stream) { return Parser(stream).query_at(); }
ast::ExprPtr parse_expression_at(TokenStream& stream) { return Parser(stream).expression_at(); }
std::string parse_type_name_at(TokenStream& stream) { return Parser(stream).type_name_at(); }

std::unique_ptr<ast::Query> parse_query(std::string_view text) {
  TokenStream stream = token_stream(text);
  return Parser(stream).statement();
}

}  // namespace lode::sql
