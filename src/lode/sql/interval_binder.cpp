// Date arithmetic: INTERVAL literals and the + and - of dates, timestamps,
// intervals and integers. lode's plan has no interval type, so an interval
// is a constant the binder folds into add_interval(value, months, days,
// microseconds); it can be added to or subtracted from a date or timestamp,
// added to, subtracted from or multiplied into another interval, but not
// returned as a value.
//
// Result types follow the SQL standard, where DuckDB and PostgreSQL differ:
// a date plus an interval of whole days or months stays a date (theirs
// become timestamps); with hours or finer it becomes a timestamp. A date
// plus or minus an integer is a date, and date - date is the number of days
// (as theirs).

#include <cctype>
#include <cmath>
#include <string>

#include "lode/core/calendar.h"
#include "lode/sql/binder_internal.h"
#include "lode/sql/tokenizer.h"

namespace lode::sql {

namespace {

struct UnitSize {
  std::string_view name;  // singular, upper case
  int64_t months, days, micros;
};

constexpr int64_t kMicrosPerSecond = calendar::kMicrosPerSecond;
constexpr UnitSize kUnits[] = {
    {"MILLENNIUM", 12000, 0, 0}, {"CENTURY", 1200, 0, 0}, {"DECADE", 120, 0, 0}, {"YEAR", 12, 0, 0},
    {"QUARTER", 3, 0, 0}, {"MONTH", 1, 0, 0}, {"WEEK", 0, 7, 0}, {"DAY", 0, 1, 0},
    {"HOUR", 0, 0, 3600 * kMicrosPerSecond}, {"MINUTE", 0, 0, 60 * kMicrosPerSecond},
    {"SECOND", 0, 0, kMicrosPerSecond}, {"MILLISECOND", 0, 0, 1000}, {"MICROSECOND", 0, 0, 1}};

// Finds a unit by its SQL name: singular or plural, any case, and the
// short forms y, mon, d, h, min, s, ms, us.
const UnitSize* find_unit(std::string name) {
  name = ascii_upper(name);
  static const std::pair<std::string_view, std::string_view> kShort[] = {
      {"Y", "YEAR"}, {"YR", "YEAR"}, {"YRS", "YEAR"}, {"MON", "MONTH"}, {"MONS", "MONTH"}, {"W", "WEEK"},
      {"D", "DAY"}, {"H", "HOUR"}, {"HR", "HOUR"}, {"HRS", "HOUR"}, {"M", "MINUTE"}, {"MIN", "MINUTE"},
      {"MINS", "MINUTE"}, {"S", "SECOND"}, {"SEC", "SECOND"}, {"SECS", "SECOND"}, {"MS", "MILLISECOND"},
      {"MSEC", "MILLISECOND"}, {"US", "MICROSECOND"}, {"USEC", "MICROSECOND"}, {"CENTURIES", "CENTURY"},
      {"MILLENNIA", "MILLENNIUM"}};
  for (const auto& [short_name, full] : kShort)
    if (name == short_name) name = full;
  for (const auto& unit : kUnits)
    if (name == unit.name || name == std::string(unit.name) + "S") return &unit;
  return nullptr;
}

// Adds `amount` of `unit`; a fraction of a month or day goes to the next
// finer part, as DuckDB does (1.5 days is 1 day 12 hours).
bool add_amount(Interval& interval, double amount, const UnitSize& unit) {
  // Beyond a few million years (in microseconds, about 290,000) no date or
  // timestamp can be moved anyway.
  const double limit = unit.months ? 1e8 : unit.days ? 3e9 : 9e18;
  const double size = static_cast<double>(unit.months ? unit.months : unit.days ? unit.days : unit.micros);
  if (!std::isfinite(amount) || std::fabs(amount * size) > limit) return false;
  if (unit.months) {
    const double months = amount * static_cast<double>(unit.months);
    interval.months += static_cast<int64_t>(months);
    const double days = (months - std::trunc(months)) * 30;
    interval.days += static_cast<int64_t>(days);
    interval.micros += std::llround((days - std::trunc(days)) * static_cast<double>(calendar::kMicrosPerDay));
  } else if (unit.days) {
    const double days = amount * static_cast<double>(unit.days);
    interval.days += static_cast<int64_t>(days);
    interval.micros += std::llround((days - std::trunc(days)) * static_cast<double>(calendar::kMicrosPerDay));
  } else {
    interval.micros += std::llround(amount * static_cast<double>(unit.micros));
  }
  return true;
}

// Reads "[-]hh:mm[:ss[.ffffff]]" at `at`.
bool parse_clock(std::string_view text, size_t& at, Interval& interval) {
  const bool negative = at < text.size() && text[at] == '-';
  if (negative || (at < text.size() && text[at] == '+')) ++at;
  double parts[3] = {0, 0, 0};
  int count = 0;
  while (count < 3) {
    const size_t start = at;
    while (at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) || (count == 2 && text[at] == '.'))) ++at;
    if (at == start) return false;
    parts[count++] = std::stod(std::string(text.substr(start, at - start)));
    if (at >= text.size() || text[at] != ':') break;
    ++at;
  }
  if (count < 2) return false;
  const double seconds = parts[0] * 3600 + parts[1] * 60 + parts[2];
  interval.micros += (negative ? -1 : 1) * std::llround(seconds * static_cast<double>(kMicrosPerSecond));
  return true;
}

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool parse_interval(std::string_view text, const std::string& unit, Interval& interval) {
  interval = {};
  if (!unit.empty()) {
    // INTERVAL '90' DAY: one number, in the unit written after it.
    const UnitSize* size = find_unit(unit);
    if (!size) return false;
    std::string number(text);
    while (!number.empty() && is_space(number.back())) number.pop_back();
    size_t used = 0;
    try {
      const double amount = std::stod(number, &used);
      return used == number.size() && add_amount(interval, amount, *size);
    } catch (const std::exception&) {
      return false;
    }
  }
  // '1 year 2 months 3 days 04:05:06', '-3 days', '2 weeks ago'.
  size_t at = 0;
  bool any = false;
  while (true) {
    while (at < text.size() && is_space(text[at])) ++at;
    if (at == text.size()) break;
    const size_t start = at;
    if (text[at] == '-' || text[at] == '+') ++at;
    while (at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '.')) ++at;
    if (at < text.size() && text[at] == ':') {
      at = start;
      if (!parse_clock(text, at, interval)) return false;
      any = true;
      continue;
    }
    if (at == start) {
      // "ago" at the end negates the whole interval.
      if (!any || ascii_upper(std::string(text.substr(at))) != "AGO") return false;
      interval = scaled(interval, -1);
      break;
    }
    double amount = 0;
    try {
      amount = std::stod(std::string(text.substr(start, at - start)));
    } catch (const std::exception&) {
      return false;
    }
    while (at < text.size() && is_space(text[at])) ++at;
    const size_t unit_start = at;
    while (at < text.size() && std::isalpha(static_cast<unsigned char>(text[at]))) ++at;
    const UnitSize* size = find_unit(std::string(text.substr(unit_start, at - unit_start)));
    if (!size || !add_amount(interval, amount, *size)) return false;
    any = true;
  }
  return any;
}

Interval scaled(const Interval& interval, int64_t factor) {
  return {interval.months * factor, interval.days * factor, interval.micros * factor};
}

Interval added(const Interval& a, const Interval& b) {
  return {a.months + b.months, a.days + b.days, a.micros + b.micros};
}

std::optional<Interval> Binder::constant_interval(const ast::Expr& expr) {
  using ast::ExprKind;
  auto parse = [&](const std::string& text, const std::string& unit) {
    Interval interval;
    if (!parse_interval(text, unit, interval))
      fail_invalid(expr.position, "invalid interval '" + text + "'" + (unit.empty() ? "" : " " + unit),
                   "write intervals as INTERVAL '90' DAY or INTERVAL '1 year 2 months'; the units: millennium, "
                   "century, decade, year, quarter, month, week, day, hour, minute, second, millisecond, microsecond");
    return interval;
  };
  switch (expr.kind) {
    case ExprKind::kInterval: return parse(expr.text, expr.unit);
    case ExprKind::kCast:
      if (ascii_upper(expr.type_name) != "INTERVAL") return std::nullopt;
      if (expr.args[0]->kind != ExprKind::kString)
        fail_not_supported(expr.position, "a cast to INTERVAL of anything but a string constant");
      return parse(expr.args[0]->text, "");
    case ExprKind::kUnary:
      if (expr.op != "-") return std::nullopt;
      if (auto inner = constant_interval(*expr.args[0])) return scaled(*inner, -1);
      return std::nullopt;
    case ExprKind::kBinary: {
      if (expr.op != "+" && expr.op != "-" && expr.op != "*") return std::nullopt;
      const auto left = constant_interval(*expr.args[0]);
      const auto right = constant_interval(*expr.args[1]);
      if (expr.op == "*") {
        // An interval times an integer constant.
        const ast::Expr* factor = left ? expr.args[1].get() : right ? expr.args[0].get() : nullptr;
        if (!factor) return std::nullopt;
        if (factor->kind != ExprKind::kInteger)
          fail_not_supported(factor->position, "an interval multiplied by anything but an integer constant");
        int64_t times = 0;
        try {
          times = std::stoll(factor->text);
        } catch (const std::exception&) {
          fail_invalid(factor->position, "the interval's factor " + factor->text + " is too large");
        }
        if (times > 1000000000 || times < -1000000000)
          fail_invalid(factor->position, "the interval's factor " + factor->text + " is too large");
        return scaled(left ? *left : *right, times);
      }
      if (left && right) return added(*left, expr.op == "-" ? scaled(*right, -1) : *right);
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

std::optional<DataType> Binder::type_if_known(const plan::ExprPtr& value, const Relation& scope, Position position) {
  if (!scope.plan) return std::nullopt;
  return at(position, [&] { return plan::bind_expr(value, checking_schema(scope))->type; });
}

plan::ExprPtr Binder::interval_arithmetic(const ast::Expr& expr, const Relation& scope) {
  if (expr.op != "+" && expr.op != "-" && expr.op != "*") return nullptr;
  if (constant_interval(expr))
    fail_not_supported(expr.position, "an INTERVAL value on its own (lode has no interval type): add it to a date or "
                                      "timestamp");
  if (expr.op == "*") return nullptr;
  const auto left_interval = constant_interval(*expr.args[0]);
  const auto right_interval = constant_interval(*expr.args[1]);
  if (!left_interval && !right_interval) return nullptr;
  if (left_interval && expr.op == "-")
    fail_invalid(expr.position, "an interval minus a date or timestamp has no meaning",
                 "subtract the interval from the date instead");
  const Interval interval = right_interval ? (expr.op == "-" ? scaled(*right_interval, -1) : *right_interval)
                                           : *left_interval;
  plan::ExprPtr value = translate_node(*expr.args[right_interval ? 0 : 1], scope);
  const std::optional<DataType> type = type_if_known(value, scope, expr.position);
  if (type && type->id != TypeId::kDate32 && type->id != TypeId::kTimestamp)
    fail_invalid(expr.position, "an INTERVAL is added to a date or timestamp, not to " + type->name());
  // A date moved by hours is a timestamp.
  if (type && type->id == TypeId::kDate32 && interval.micros % calendar::kMicrosPerDay != 0)
    value = plan::cast(value, DataType::timestamp());
  auto literal = [](int64_t count) { return plan::literal(Scalar::int64(count)); };
  return plan::call("add_interval", {value, literal(interval.months), literal(interval.days), literal(interval.micros)});
}

plan::ExprPtr Binder::date_arithmetic(const ast::Expr& expr, const plan::ExprPtr& left, const plan::ExprPtr& right,
                                      const Relation& scope) {
  if (expr.op != "+" && expr.op != "-") return nullptr;
  const std::optional<DataType> left_type = type_if_known(left, scope, expr.position);
  const std::optional<DataType> right_type = type_if_known(right, scope, expr.position);
  if (!left_type || !right_type) return nullptr;
  const plan::ExprPtr zero = plan::literal(Scalar::int64(0));
  const bool left_date = left_type->id == TypeId::kDate32, right_date = right_type->id == TypeId::kDate32;
  if (left_date && right_type->is_integer())
    return plan::call("add_interval", {left, zero, expr.op == "-" ? plan::call("negate", {right}) : right, zero});
  if (right_date && left_type->is_integer() && expr.op == "+") return plan::call("add_interval", {right, zero, left, zero});
  if (left_date && right_date && expr.op == "-")
    return plan::call("subtract", {plan::cast(left, TypeId::kInt64), plan::cast(right, TypeId::kInt64)});
  const bool left_temporal = left_date || left_type->id == TypeId::kTimestamp;
  const bool right_temporal = right_date || right_type->id == TypeId::kTimestamp;
  if (left_temporal && right_temporal && expr.op == "-")
    fail_not_supported(expr.position, "subtracting timestamps (the result would be an interval; use date_diff)");
  return nullptr;
}

}  // namespace lode::sql
