// Translates SQL expressions into plan expressions over a relation's
// columns: names through the scope, literals, operators, CASE, CAST, LIKE,
// IN, BETWEEN, and functions under their SQL names through the plan's
// function catalogue (sql_functions.h).

#include <algorithm>
#include <charconv>

#include "lode/core/calendar.h"
#include "lode/plan/function_catalog.h"
#include "lode/sql/binder_internal.h"
#include "lode/sql/sql_functions.h"

namespace lode::sql {

namespace {

using ast::ExprKind;

plan::ExprPtr call(const char* name, std::vector<plan::ExprPtr> args) { return plan::call(name, std::move(args)); }

plan::ExprPtr integer_literal(const std::string& text) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc() && end == text.data() + text.size()) return plan::literal(Scalar::int64(value));
  // Past int64: a double, as a number too large for BIGINT (DuckDB: HUGEINT).
  return plan::literal(Scalar::float64(std::stod(text)));
}

// Parses 'YYYY-MM-DD' into days since 1970-01-01, or returns false.
bool parse_date(const std::string& text, int64_t& days) {
  int year = 0, month = 0, day = 0;
  char dash1 = 0, dash2 = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c%d%n", &year, &dash1, &month, &dash2, &day, &consumed) != 5) return false;
  if (dash1 != '-' || dash2 != '-' || consumed != static_cast<int>(text.size())) return false;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return false;
  days = calendar::days_from_date(year, month, day);
  return true;
}

// Escapes a literal for RE2.
std::string regex_escape(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (std::string_view("\\.^$|?*+()[]{}").find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace

plan::ExprPtr as_condition(plan::ExprPtr expr) {
  if (expr->kind == plan::ExprKind::kLiteral && expr->literal.is_null && expr->literal.type.id != TypeId::kBool)
    return plan::literal(Scalar::null(TypeId::kBool));
  return expr;
}

std::string Binder::output_name(const ast::Expr& expr) const {
  switch (expr.kind) {
    case ExprKind::kColumn: return expr.parts.back();
    case ExprKind::kInteger:
    case ExprKind::kDecimal: return expr.text;
    case ExprKind::kString: return "'" + expr.text + "'";
    case ExprKind::kBoolean: return expr.text;
    case ExprKind::kNull: return "NULL";
    case ExprKind::kTypedLiteral: return "CAST('" + expr.text + "' AS " + expr.type_name + ")";
    case ExprKind::kUnary: return (expr.op == "NOT" ? "(NOT " : "-(") + output_name(*expr.args[0]) + ")";
    case ExprKind::kBinary:
      return "(" + output_name(*expr.args[0]) + " " + expr.op + " " + output_name(*expr.args[1]) + ")";
    case ExprKind::kIsNull: return "(" + output_name(*expr.args[0]) + (expr.negated ? " IS NOT NULL)" : " IS NULL)");
    case ExprKind::kCast: return "CAST(" + output_name(*expr.args[0]) + " AS " + expr.type_name + ")";
    case ExprKind::kFunction: {
      if (expr.star) return "count_star()";
      std::string text;
      for (char c : expr.name) text += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      text += std::string("(") + (expr.distinct ? "DISTINCT " : "");
      for (size_t i = 0; i < expr.args.size(); ++i) text += (i ? ", " : "") + output_name(*expr.args[i]);
      return text + ")";
    }
    case ExprKind::kLike: {
      // DuckDB's operator names: ~~ LIKE, ~~* ILIKE, !~~ NOT LIKE.
      const std::string op = std::string(expr.negated ? "!" : "") + (expr.op == "ILIKE" ? "~~*" : "~~");
      return "(" + output_name(*expr.args[0]) + " " + op + " " + output_name(*expr.args[1]) + ")";
    }
    case ExprKind::kInList: {
      std::string text = "(" + output_name(*expr.args[0]) + (expr.negated ? " NOT IN (" : " IN (");
      for (size_t i = 1; i < expr.args.size(); ++i) text += (i > 1 ? ", " : "") + output_name(*expr.args[i]);
      return text + "))";
    }
    case ExprKind::kBetween:
      return "(" + output_name(*expr.args[0]) + (expr.negated ? " NOT BETWEEN " : " BETWEEN ") +
             output_name(*expr.args[1]) + " AND " + output_name(*expr.args[2]) + ")";
    case ExprKind::kCase: {
      std::string text = "CASE";
      size_t next = 0;
      if (expr.has_operand) text += " " + output_name(*expr.args[next++]);
      const size_t end = expr.args.size() - (expr.has_else ? 1 : 0);
      for (; next + 1 < end + 1 && next < end; next += 2)
        text += " WHEN " + output_name(*expr.args[next]) + " THEN " + output_name(*expr.args[next + 1]);
      if (expr.has_else) text += " ELSE " + output_name(*expr.args.back());
      return text + " END";
    }
    case ExprKind::kExtract: return "extract(" + expr.unit + " FROM " + output_name(*expr.args[0]) + ")";
    case ExprKind::kInterval: return "INTERVAL '" + expr.text + "' " + expr.unit;
    default: return "expr";
  }
}

plan::ExprPtr Binder::resolve_column(const ast::Expr& expr, const Relation& scope) {
  const std::string& name = expr.parts.back();
  const std::string qualifier = expr.parts.size() == 2 ? expr.parts[0] : "";
  // An exact name first; otherwise names match ignoring case, as in DuckDB.
  auto find_in = [&](const Relation& relation) -> const ScopeColumn* {
    for (bool exact : {true, false}) {
      std::vector<const ScopeColumn*> found;
      for (const auto& column : relation.columns) {
        if (qualifier.empty() ? !column.unqualified : !equals_ignoring_case(column.table, qualifier)) continue;
        if (exact ? column.name == name : equals_ignoring_case(column.name, name)) found.push_back(&column);
      }
      if (found.size() > 1) {
        std::string options;
        for (const auto* column : found) options += (options.empty() ? "" : " or ") + column->table + "." + column->name;
        fail_invalid(expr.position, "column reference " + name + " is ambiguous: it could be " + options,
                     "qualify it with its table's name or alias");
      }
      if (found.size() == 1) return found[0];
    }
    return nullptr;
  };
  if (const ScopeColumn* found = find_in(scope)) {
    plan::ExprPtr resolved = found->expr;
    if (resolved->kind == plan::ExprKind::kColumn) {
      // A fresh node per reference, so errors after translation find where it was written.
      resolved = plan::column(resolved->name);
      column_sources_[resolved.get()] = {resolved, expr.position, qualifier.empty() ? name : qualifier + "." + name};
    }
    return resolved;
  }
  // A column of a query around this subquery: a placeholder, which the
  // subquery's join replaces by the outer expression.
  for (size_t level = outer_scopes_.size(); level-- > 0;) {
    const ScopeColumn* found = find_in(*outer_scopes_[level].relation);
    if (!found) continue;
    if (level + 1 != outer_scopes_.size())
      fail_not_supported(expr.position, "a subquery using a column of a query two or more levels out (" + name + ")");
    OuterScope& outer = outer_scopes_[level];
    for (const auto& [placeholder, outer_expr] : outer.refs)
      if (outer_expr == found->expr) return plan::column(placeholder);
    const std::string placeholder = "__outer" + std::to_string(level) + "_" + std::to_string(outer.refs.size());
    const DataType type = plan::bind_expr(found->expr, outer.relation->plan->schema)->type;
    outer.refs[placeholder] = found->expr;
    outer.fields.push_back({placeholder, type});
    return plan::column(placeholder);
  }
  // An alias of the select list, as DuckDB allows in WHERE, HAVING, QUALIFY,
  // ORDER BY expressions and later select items; columns come first.
  if (qualifier.empty() && select_items_)
    for (const auto& item : *select_items_) {
      if (item.alias.empty() || !equals_ignoring_case(item.alias, name) || aliases_in_use_.count(item.expr.get())) continue;
      struct InUse {
        std::set<const ast::Expr*>& set;
        const ast::Expr* expr;
        ~InUse() { set.erase(expr); }
      } in_use{aliases_in_use_, item.expr.get()};
      aliases_in_use_.insert(item.expr.get());
      return translate_node(*item.expr, scope);
    }
  std::vector<std::string> candidates, tables;
  for (const auto& column : scope.columns) {
    if (qualifier.empty() || equals_ignoring_case(column.table, qualifier)) candidates.push_back(column.name);
    if (!column.table.empty()) tables.push_back(column.table);
  }
  if (!qualifier.empty() && candidates.empty()) {
    const std::string suggestion = closest_match(qualifier, tables.data(), tables.size());
    fail_schema(expr.position, "unknown table " + qualifier + " in " + qualifier + "." + name +
                                   (suggestion.empty() ? "" : "; did you mean " + suggestion + "?"));
  }
  const std::string suggestion = closest_match(name, candidates.data(), candidates.size());
  std::string hint;
  if (suggestion.empty() && !candidates.empty() && candidates.size() <= 12) {
    for (const auto& candidate : candidates) hint += (hint.empty() ? "the columns: " : ", ") + candidate;
  }
  const std::string full = qualifier.empty() ? name : qualifier + "." + name;
  fail_schema(expr.position,
              "unknown column " + full + (suggestion.empty() ? "" : "; did you mean " + suggestion + "?"), hint);
}

plan::ExprPtr Binder::translate(const ast::Expr& expr, const Relation& scope) {
  plan::ExprPtr result = translate_node(expr, scope);
  // Type-check the whole tree once; when that fails, find the innermost
  // node that fails, so the error points where it was written.
  if (scope.plan) {
    try {
      plan::bind_expr(result, checking_schema(scope));
    } catch (const Error& error) {
      if (error.context().line >= 0) throw;
      locate_type_error(expr, scope);
      throw;
    }
  }
  return result;
}

void Binder::locate_type_error(const ast::Expr& expr, const Relation& scope) {
  for (const auto& arg : expr.args) locate_type_error(*arg, scope);
  const plan::ExprPtr node = translate_node(expr, scope);
  at(expr.position, [&] { return plan::bind_expr(node, checking_schema(scope)); });
}

plan::ExprPtr Binder::translate_node(const ast::Expr& expr, const Relation& scope) {
  auto arg = [&](size_t index) { return translate_node(*expr.args[index], scope); };
  switch (expr.kind) {
    case ExprKind::kColumn: return resolve_column(expr, scope);
    case ExprKind::kStar: fail_invalid(expr.position, "* is allowed only in the select list and in count(*)");
    case ExprKind::kInteger: return integer_literal(expr.text);
    case ExprKind::kDecimal: return plan::literal(Scalar::float64(std::stod(expr.text)));
    case ExprKind::kString: return plan::literal(Scalar::string(expr.text));
    case ExprKind::kBoolean: return plan::literal(Scalar::boolean_value(expr.text == "true"));
    case ExprKind::kNull: return plan::literal(Scalar::null(TypeId::kString));  // untyped: takes its neighbours' type
    case ExprKind::kTypedLiteral: {
      if (expr.type_name == "DATE") {
        int64_t days = 0;
        if (!parse_date(expr.text, days))
          fail_invalid(expr.position, "invalid date '" + expr.text + "'", "write dates as DATE 'YYYY-MM-DD'");
        Scalar value;
        value.type = TypeId::kDate32;
        value.integer = days;
        return plan::literal(value);
      }
      return plan::cast(plan::literal(Scalar::string(expr.text)), DataType::timestamp());
    }
    case ExprKind::kInterval:
      constant_interval(expr);  // reports a malformed interval first
      fail_not_supported(expr.position, "an INTERVAL value on its own (lode has no interval type): add it to a date or "
                                        "timestamp");
    case ExprKind::kUnary:
      if (expr.op == "NOT") return call("not", {as_condition(arg(0))});
      return call("negate", {arg(0)});
    case ExprKind::kBinary: {
      if (plan::ExprPtr moved = interval_arithmetic(expr, scope)) return moved;
      plan::ExprPtr left = arg(0), right = arg(1);
      static const char* const kComparisons[] = {"=", "<>", "<", "<=", ">", ">=", "IS DISTINCT FROM",
                                                 "IS NOT DISTINCT FROM"};
      if (std::find(std::begin(kComparisons), std::end(kComparisons), expr.op) != std::end(kComparisons))
        adopt_string_literals({&left, &right}, scope, expr.position);
      if (expr.op == "||") {
        to_text(left, scope, expr.position);
        to_text(right, scope, expr.position);
      }
      if (expr.op == "IS DISTINCT FROM" || expr.op == "IS NOT DISTINCT FROM") {
        // Equal, with NULL equal to NULL and never NULL itself.
        const plan::ExprPtr same = call("or", {call("and", {call("is_null", {left}), call("is_null", {right})}),
                                               call("coalesce", {at(expr.position, [&] { return binary_operator("=", left, right); }),
                                                                 plan::literal(Scalar::boolean_value(false))})});
        return expr.op == "IS DISTINCT FROM" ? call("not", {same}) : same;
      }
      if (expr.op == "AND" || expr.op == "OR") {
        left = as_condition(left);
        right = as_condition(right);
      }
      if (plan::ExprPtr dated = date_arithmetic(expr, left, right, scope)) return dated;
      return at(expr.position, [&] { return binary_operator(expr.op, left, right); });
    }
    case ExprKind::kIsNull: return call(expr.negated ? "is_not_null" : "is_null", {arg(0)});
    case ExprKind::kBetween: {
      plan::ExprPtr value = arg(0), low = arg(1), high = arg(2);
      adopt_string_literals({&value, &low, &high}, scope, expr.position);
      plan::ExprPtr inside = call("and", {call("greater_equal", {value, low}), call("less_equal", {value, high})});
      return expr.negated ? call("not", {inside}) : inside;
    }
    case ExprKind::kInList: {
      std::vector<plan::ExprPtr> list;
      for (size_t i = 0; i < expr.args.size(); ++i) list.push_back(arg(i));
      std::vector<plan::ExprPtr*> values;
      for (auto& item : list) values.push_back(&item);
      adopt_string_literals(values, scope, expr.position);
      const plan::ExprPtr value = list[0];
      bool has_null = false;
      for (size_t i = 1; i < list.size(); ++i) {
        // is_in takes constants; a null among them, or an expression, needs equalities.
        has_null |= list[i]->kind != plan::ExprKind::kLiteral || list[i]->literal.is_null;
      }
      plan::ExprPtr member;
      if (has_null || list.size() <= 2) {
        // SQL's three-valued IN: a null in the list makes a miss null.
        std::vector<plan::ExprPtr> equalities;
        for (size_t i = 1; i < list.size(); ++i) equalities.push_back(call("equal", {value, list[i]}));
        member = equalities.size() == 1 ? equalities[0] : call("or", equalities);
      } else {
        member = call("is_in", list);
      }
      return expr.negated ? call("not", {member}) : member;
    }
    case ExprKind::kLike: return like(expr, scope);
    case ExprKind::kCase: return case_expression(expr, scope);
    case ExprKind::kCast: {
      const DataType type = at(expr.position, [&] { return sql_type(expr.type_name); });
      plan::ExprPtr input = arg(0);
      // A float cast to an integer rounds to the nearest (half away from
      // zero), as in DuckDB and PostgreSQL; lode's cast truncates.
      if (type.is_integer() && scope.plan) {
        const DataType from = at(expr.position, [&] { return plan::bind_expr(input, checking_schema(scope))->type; });
        if (from.is_floating()) input = call("round", {input});
        if (from.id == TypeId::kDecimal128 && from.scale > 0) {
          // A decimal too, half away from zero: the cast truncates x + 0.5 (or x - 0.5).
          const plan::ExprPtr half = plan::cast(plan::literal(Scalar::string("0.5")), DataType::decimal128(2, 1));
          const plan::ExprPtr zero = plan::literal(Scalar::int64(0));
          input = call("case_when", {call("greater_equal", {input, zero}), call("add", {input, half}),
                                     call("subtract", {input, half})});
        }
      }
      return plan::cast(input, type, expr.op != "TRY_CAST");
    }
    case ExprKind::kExtract: {
      std::vector<plan::ExprPtr> args{arg(0)};
      return at(expr.position, [&] { return call_function(date_part_function(expr.unit), args, false, false); });
    }
    case ExprKind::kFunction: {
      std::vector<plan::ExprPtr> args;
      for (size_t i = 0; i < expr.args.size(); ++i) args.push_back(arg(i));
      const std::string lowered = ascii_lower(expr.name);
      if (lowered == "concat") {
        for (auto& value : args) to_text(value, scope, expr.position);
      } else if (lowered == "coalesce" || lowered == "ifnull" || lowered == "nullif" || lowered == "greatest" ||
                 lowered == "least") {
        std::vector<plan::ExprPtr*> values;
        for (auto& value : args) values.push_back(&value);
        adopt_string_literals(values, scope, expr.position);
      }
      bool star = expr.star;
      if (expr.filter) {
        // agg(x) FILTER (WHERE c) is agg(CASE WHEN c THEN x END): the rows c rejects give NULLs, which aggregates skip.
        const plan::ExprPtr condition = as_condition(translate_node(*expr.filter, scope));
        // count(*) counts a value that is there only where c holds; the other
        // constant arguments (a separator, a quantile) stay constants.
        const plan::ExprPtr null = plan::literal(Scalar::null(TypeId::kString));
        if (star || args.empty()) args = {call("case_when", {condition, plan::literal(Scalar::boolean_value(true)), null})};
        else
          for (size_t i = 0; i < args.size(); ++i)
            if (i == 0 || args[i]->kind != plan::ExprKind::kLiteral) args[i] = call("case_when", {condition, args[i], null});
        star = false;
        const plan::ExprPtr result = at(expr.position, [&] { return call_function(expr.name, args, false, expr.distinct); });
        if (result->kind != plan::ExprKind::kAggregate)
          fail_invalid(expr.filter->position, "FILTER (WHERE ...) applies to aggregate functions only, not " + expr.name + "()");
        if (expr.window) fail_not_supported(expr.filter->position, "FILTER (WHERE ...) with OVER (...)");
        return result;
      }
      if (expr.window) return window_call(expr, std::move(args), scope);
      if (equals_ignoring_case(expr.name, "grouping") || equals_ignoring_case(expr.name, "grouping_id")) {
        if (args.empty()) fail_invalid(expr.position, "grouping() takes one or more GROUP BY expressions");
        std::string name = "__grouping";
        for (const auto& value : args) name += ":" + value->to_string();
        grouping_calls_[name] = args;
        return plan::column(name);
      }
      return at(expr.position, [&] { return call_function(expr.name, args, star, expr.distinct); });
    }
    case ExprKind::kSubquery: return expr.op.empty() ? scalar_subquery(expr, scope) : subquery_test(expr, scope);
  }
  fail_not_supported(expr.position, "this expression");
}

// A window of the WINDOW clause: OVER w, or OVER (w ...) extending it.
const ast::WindowSpec& Binder::named_window(const std::string& name, Position position) const {
  if (named_windows_)
    for (const auto& [window_name, spec] : *named_windows_)
      if (equals_ignoring_case(window_name, name)) return *spec;
  fail_schema(position, "unknown window " + name, "name it in the query's WINDOW clause: WINDOW " + name + " AS (...)");
}

plan::ExprPtr Binder::window_call(const ast::Expr& expr, std::vector<plan::ExprPtr> args, const Relation& scope) {
  // A named window gives what the OVER clause leaves out: its partitions,
  // its order, its frame (and so on down a chain of names).
  const ast::WindowSpec* partitions = expr.window.get();
  const ast::WindowSpec* order = partitions;
  const ast::WindowSpec* framed = partitions;
  const ast::WindowSpec* base = expr.window.get();
  for (int depth = 0; !base->base.empty(); ++depth) {
    if (depth == 16) fail_invalid(expr.window->position, "the WINDOW clause's windows name each other in a cycle");
    base = &named_window(base->base, base->position);
    if (partitions->partition_by.empty()) partitions = base;
    if (order->order_by.empty()) order = base;
    if (!framed->has_frame) framed = base;
  }
  const ast::WindowSpec& spec = *framed;
  const plan::ExprPtr function = at(expr.position, [&] { return window_function(expr.name, args, expr.star, expr.distinct); });
  std::vector<plan::ExprPtr> partition_by, order_by;
  std::vector<bool> descending, nulls_last;
  for (const auto& key : partitions->partition_by) partition_by.push_back(translate_node(*key, scope));
  for (const auto& item : order->order_by) {
    order_by.push_back(translate_node(*item.expr, scope));
    descending.push_back(item.descending);
    nulls_last.push_back(item.nulls_last.value_or(true));  // DuckDB's default: NULLS LAST
  }
  for (const auto* keys : {&args, &partition_by, &order_by})
    for (const auto& key : *keys)
      if (plan::contains_window(*key)) fail_invalid(expr.position, "window functions cannot be nested (one inside another's arguments, PARTITION BY or ORDER BY)");
  auto window = std::make_shared<plan::Expr>(*plan::window(function, partition_by, order_by, descending, nulls_last));
  // SQL's default frame with ORDER BY: from the partition's start to the current row's last peer.
  if (spec.has_frame || !order_by.empty()) {
    window->frame.specified = true;
    window->frame.rows = spec.rows;
    window->frame.start = spec.has_frame ? spec.start : plan::WindowFrame::kUnboundedPreceding;
    window->frame.end = spec.has_frame ? spec.end : 0;
    if (!spec.rows && spec.has_frame && order_by.size() != 1 &&
        ((spec.start != 0 && spec.start != plan::WindowFrame::kUnboundedPreceding) ||
         (spec.end != 0 && spec.end != plan::WindowFrame::kUnboundedFollowing)))
      fail_invalid(spec.position, "a RANGE frame with offsets needs exactly one ORDER BY key");
    if (spec.start == plan::WindowFrame::kUnboundedFollowing || spec.end == plan::WindowFrame::kUnboundedPreceding)
      fail_invalid(spec.position, "a window frame cannot start at UNBOUNDED FOLLOWING or end at UNBOUNDED PRECEDING");
  }
  return window;
}

namespace {

// True when `pattern` has a `_` wildcard (one not after the escape character).
bool has_unescaped_underscore(const std::string& pattern, char escape) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (escape && pattern[i] == escape) ++i;
    else if (pattern[i] == '_') return true;
  }
  return false;
}

}  // namespace

plan::ExprPtr Binder::like(const ast::Expr& expr, const Relation& scope) {
  const plan::ExprPtr value = translate_node(*expr.args[0], scope);
  const plan::ExprPtr pattern = translate_node(*expr.args[1], scope);
  if (pattern->kind != plan::ExprKind::kLiteral || pattern->literal.type.id != TypeId::kString)
    fail_not_supported(expr.args[1]->position, "LIKE with a pattern that is not a string constant");
  char escape = 0;
  if (expr.args.size() == 3) {
    const plan::ExprPtr escape_expr = translate_node(*expr.args[2], scope);
    if (escape_expr->kind != plan::ExprKind::kLiteral || escape_expr->literal.text.size() != 1)
      fail_invalid(expr.args[2]->position, "ESCAPE takes a string of one character");
    escape = escape_expr->literal.text[0];
  }
  plan::ExprPtr result;
  if (pattern->literal.is_null) {
    result = plan::literal(Scalar::null(TypeId::kBool));
  } else {
    const std::string& text = pattern->literal.text;
    const bool insensitive = expr.op == "ILIKE";
    // Plain text compares equal (which scans can check against statistics);
    // text and % match part by part (plan::LikeData); `_` and ILIKE take a regex.
    const bool has_specials = text.find_first_of(escape ? std::string("_%") + escape : "_%") != std::string::npos;
    if (!insensitive && !has_specials) {
      result = call("equal", {value, pattern});
    } else if (!insensitive && !has_unescaped_underscore(text, escape)) {
      result = call("like", {value, pattern, plan::literal(Scalar::string(escape ? std::string(1, escape) : ""))});
    } else {
      std::string regex = insensitive ? "(?is)^" : "(?s)^";
      for (size_t i = 0; i < text.size(); ++i) {
        if (escape && text[i] == escape && i + 1 < text.size()) regex += regex_escape(std::string_view(&text[++i], 1));
        else if (text[i] == '%') regex += ".*";
        else if (text[i] == '_') regex += ".";
        else regex += regex_escape(std::string_view(&text[i], 1));
      }
      result = call("contains_regex", {value, plan::literal(Scalar::string(regex + "$"))});
    }
  }
  return expr.negated ? call("not", {result}) : result;
}

void Binder::adopt_string_literals(std::vector<plan::ExprPtr*> values, const Relation& scope, Position position) {
  auto is_text_constant = [](const plan::ExprPtr& value) {
    return value->kind == plan::ExprKind::kLiteral && !value->literal.is_null && value->literal.type.id == TypeId::kString;
  };
  std::optional<DataType> target;
  for (const plan::ExprPtr* value : values) {
    if (is_text_constant(*value)) continue;
    if ((*value)->kind == plan::ExprKind::kLiteral && (*value)->literal.is_null) continue;  // typed by its neighbours
    target = type_if_known(*value, scope, position);
    break;
  }
  if (!target || target->id == TypeId::kString || target->id == TypeId::kList || target->id == TypeId::kStruct) return;
  for (plan::ExprPtr* value : values)
    if (is_text_constant(*value)) *value = plan::cast(*value, *target);
}

void Binder::to_text(plan::ExprPtr& value, const Relation& scope, Position position) {
  const std::optional<DataType> type = type_if_known(value, scope, position);
  if (type && type->id != TypeId::kString) value = plan::cast(value, TypeId::kString);
}

plan::ExprPtr Binder::case_expression(const ast::Expr& expr, const Relation& scope) {
  // case_when(condition, value, ..., otherwise)
  std::vector<plan::ExprPtr> args;
  size_t next = 0;
  plan::ExprPtr operand = expr.has_operand ? translate_node(*expr.args[next++], scope) : nullptr;
  const size_t end = expr.args.size() - (expr.has_else ? 1 : 0);
  std::vector<size_t> results;
  for (; next + 1 < end + 1 && next < end; next += 2) {
    plan::ExprPtr condition = translate_node(*expr.args[next], scope);
    if (operand) {
      plan::ExprPtr compared = operand;
      adopt_string_literals({&compared, &condition}, scope, expr.args[next]->position);
      condition = call("equal", {compared, condition});
    }
    args.push_back(as_condition(condition));
    results.push_back(args.size());
    args.push_back(translate_node(*expr.args[next + 1], scope));
  }
  results.push_back(args.size());
  args.push_back(expr.has_else ? translate_node(*expr.args.back(), scope) : plan::literal(Scalar::null(TypeId::kString)));
  std::vector<plan::ExprPtr*> values;
  for (size_t index : results) values.push_back(&args[index]);
  adopt_string_literals(values, scope, expr.position);
  return at(expr.position, [&] { return call("case_when", args); });
}

}  // namespace lode::sql
