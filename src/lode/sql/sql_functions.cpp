#include "lode/sql/sql_functions.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <string_view>

#include "lode/core/calendar.h"
#include "lode/core/error.h"
#include "lode/plan/function_catalog.h"
#include "lode/sql/tokenizer.h"

namespace lode::sql {

namespace {

struct Rename {
  std::string_view sql;
  std::string_view lode;
};

// Scalar functions whose SQL name differs from the catalogue's.
constexpr Rename kScalarRenames[] = {
    {"length", "str_len"}, {"char_length", "str_len"}, {"character_length", "str_len"}, {"len", "str_len"},
    {"strlen", "str_len_bytes"}, {"octet_length", "str_len_bytes"}, {"ucase", "upper"}, {"lcase", "lower"},
    {"trim", "strip"}, {"prefix", "starts_with"}, {"suffix", "ends_with"}, {"regexp_matches", "contains_regex"},
    {"ln", "log"}, {"ceiling", "ceil"}, {"pow", "power"}, {"mod", "modulo"}, {"isnan", "is_nan"},
    {"isfinite", "is_finite"}, {"dayofmonth", "day"}, {"dayofyear", "ordinal_day"}, {"doy", "ordinal_day"},
    {"isodow", "weekday"}, {"ifnull", "coalesce"}, {"replace", "replace_all"}, {"lpad", "pad_start"},
    {"rpad", "pad_end"}, {"ltrim", "strip_start"}, {"rtrim", "strip_end"}, {"left", "str_head"},
    {"right", "str_tail"}, {"instr", "strpos"}, {"position", "strpos"}, {"datediff", "date_diff"},
    {"weekofyear", "week"}, {"dayofweek", "day_of_week"}, {"isoyear", "iso_year"},
};

// The arguments of these functions that are integers: a bare NULL there
// (typed as text when nothing says otherwise) becomes an integer null.
struct IntegerArgument {
  std::string_view lode;
  size_t index;
};
constexpr IntegerArgument kIntegerArguments[] = {{"pad_start", 1}, {"pad_end", 1}, {"str_head", 1},
                                                 {"str_tail", 1}, {"repeat", 1}, {"split_part", 2}};

// Aggregates whose SQL name differs, with the options they imply.
struct AggregateRename {
  std::string_view sql;
  std::string_view lode;
  int ddof = 1;
};
constexpr AggregateRename kAggregateRenames[] = {
    {"avg", "mean"}, {"any_value", "first"}, {"arbitrary", "first"}, {"stddev", "std"}, {"stddev_samp", "std"},
    {"stddev_pop", "std", 0}, {"variance", "var"}, {"var_samp", "var"}, {"var_pop", "var", 0},
    {"approx_count_distinct", "n_unique"},
};

// Functions handled below in code, listed for "did you mean".
constexpr std::string_view kSpecialNames[] = {"substring", "substr", "concat", "nullif", "regexp_replace",
                                              "quantile_cont", "quantile", "count", "string_agg", "listagg",
                                              "group_concat", "bool_and", "bool_or", "date_part", "datepart",
                                              "current_date", "today", "now", "current_timestamp"};

// current_date and now(): constants taken when the query is bound, so every
// row (and every batch) of one query sees the same value, as in DuckDB.
plan::ExprPtr clock_literal(bool date_only) {
  const auto now = std::chrono::system_clock::now();
  const int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  Scalar value;
  if (date_only) {
    // The local date, as DuckDB's current_date in the session's time zone.
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm local{};
    localtime_r(&seconds, &local);
    value.type = TypeId::kDate32;
    value.integer = calendar::days_from_date(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
  } else {
    value.type = DataType::timestamp("UTC");
    value.integer = micros;
  }
  return plan::literal(value);
}

// Functions SQL users expect that lode's plan cannot express yet.
constexpr std::string_view kMissing[] = {"strftime", "strptime", "list", "array_agg", "ilike_escape", "mode",
                                         "quantile_disc", "random"};

plan::ExprPtr null_int64() { return plan::literal(Scalar::null(TypeId::kInt64)); }

bool is_null_literal(const plan::ExprPtr& arg) { return arg->kind == plan::ExprKind::kLiteral && arg->literal.is_null; }

void require_args(const std::string& name, const std::vector<plan::ExprPtr>& args, size_t min, size_t max) {
  if (args.size() >= min && args.size() <= max) return;
  const std::string expected = min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max);
  throw InvalidInputError(name + "() takes " + expected + (max == 1 ? " argument" : " arguments") + ", got " +
                          std::to_string(args.size()));
}

// Calls a catalogue function, giving bare NULLs in integer positions that type.
plan::ExprPtr scalar_call(const std::string& sql_name, std::string lode_name, std::vector<plan::ExprPtr> args) {
  const auto& function = plan::find_scalar_function(lode_name);
  require_args(sql_name, args, function.min_args, function.max_args < 0 ? args.size() : function.max_args);
  for (const auto& integer : kIntegerArguments)
    if (integer.lode == lode_name && integer.index < args.size() && is_null_literal(args[integer.index]))
      args[integer.index] = null_int64();
  return plan::call(std::move(lode_name), std::move(args));
}

const Scalar& constant_argument(const std::string& name, const plan::ExprPtr& arg, const char* what) {
  if (arg->kind != plan::ExprKind::kLiteral) throw InvalidInputError(name + "(): " + what + " must be a constant");
  return arg->literal;
}

plan::ExprPtr aggregate_call(const std::string& name, std::vector<plan::ExprPtr> args, bool star, bool distinct) {
  if (name == "count") {
    if (star || args.empty()) return plan::aggregate("len", {});
    require_args(name, args, 1, 1);
    return plan::aggregate(distinct ? "n_unique" : "count", std::move(args));
  }
  plan::ExprOptions options;
  std::string lode_name = name;
  for (const auto& rename : kAggregateRenames)
    if (rename.sql == name) {
      lode_name = rename.lode;
      options.ddof = rename.ddof;
    }
  if (name == "string_agg" || name == "listagg" || name == "group_concat") {
    require_args(name, args, 1, 2);
    if (args.size() == 2) {
      const Scalar& separator = constant_argument(name, args[1], "the separator");
      options.separator = separator.is_null ? "" : separator.text;
      args.pop_back();
    }
    lode_name = "str_join";
    args[0] = plan::cast(args[0], TypeId::kString);
  }
  if (name == "bool_and" || name == "bool_or") {
    // min and max of booleans; `and` with true leaves a boolean as it is and refuses other types.
    require_args(name, args, 1, 1);
    args[0] = plan::call("and", {args[0], plan::literal(Scalar::boolean_value(true))});
    lode_name = name == "bool_and" ? "min" : "max";
  }
  if (name == "quantile_cont" || name == "quantile") {
    require_args(name, args, 2, 2);
    const Scalar& q = constant_argument(name, args[1], "the quantile");
    const double value = q.type.is_floating() ? q.real : static_cast<double>(q.integer);
    if (q.is_null || value < 0 || value > 1) throw InvalidInputError(name + "(): the quantile must be between 0 and 1");
    options.quantile = value;
    args.pop_back();
    lode_name = "quantile";
  }
  const plan::AggregateFunction& function = plan::find_aggregate_function(lode_name);
  if (function.ranking) throw NotSupportedError(name + "() is a window function; SQL window functions (OVER) are not supported yet");
  if (distinct && function.id != plan::AggregateFunctionId::kMin && function.id != plan::AggregateFunctionId::kMax &&
      function.id != plan::AggregateFunctionId::kNUnique)
    throw NotSupportedError(name + "(DISTINCT ...) is not supported yet; count(DISTINCT ...) is");
  if (star) throw InvalidInputError(name + "(*) is not a function; only count(*) takes *");
  require_args(name, args, function.min_args, function.max_args);
  return plan::aggregate(lode_name, std::move(args), options);
}

std::vector<std::string> known_names() {
  std::vector<std::string> names;
  for (const auto& rename : kScalarRenames) names.emplace_back(rename.sql);
  for (const auto& rename : kAggregateRenames) names.emplace_back(rename.sql);
  for (const auto name : kSpecialNames) names.emplace_back(name);
  for (const auto& function : plan::scalar_functions()) names.emplace_back(function.name);
  for (const auto& function : plan::aggregate_functions())
    if (!function.internal) names.emplace_back(function.name);
  return names;
}

}  // namespace

plan::ExprPtr binary_operator(const std::string& op, plan::ExprPtr left, plan::ExprPtr right) {
  static const Rename kOperators[] = {
      {"+", "add"}, {"-", "subtract"}, {"*", "multiply"}, {"/", "divide"}, {"//", "floor_divide"},
      {"%", "modulo"}, {"^", "power"}, {"=", "equal"}, {"<>", "not_equal"}, {"<", "less"},
      {"<=", "less_equal"}, {">", "greater"}, {">=", "greater_equal"}, {"AND", "and"}, {"OR", "or"},
      {"||", "concat"}};
  for (const auto& entry : kOperators)
    if (entry.sql == op) return plan::call(std::string(entry.lode), {std::move(left), std::move(right)});
  throw NotSupportedError("SQL operator " + op + " is not supported yet");
}

namespace {

int64_t constant_integer(const std::string& name, const plan::ExprPtr& arg, const char* what) {
  const Scalar& value = constant_argument(name, arg, what);
  if (value.is_null || !value.type.is_integer()) throw InvalidInputError(name + "(): " + what + " must be an integer");
  return value.type.is_signed_integer() ? value.integer : static_cast<int64_t>(value.unsigned_integer);
}

}  // namespace

plan::ExprPtr window_function(const std::string& written_name, std::vector<plan::ExprPtr> args, bool star, bool distinct) {
  const std::string name = ascii_lower(written_name);
  if (distinct) throw NotSupportedError(name + "(DISTINCT ...) over a window is not supported yet");
  plan::ExprOptions options;
  if (name == "row_number" || name == "rank" || name == "dense_rank" || name == "percent_rank" || name == "cume_dist") {
    require_args(name, args, 0, 0);
    options.method = name == "dense_rank" ? "dense" : "min";
    return plan::aggregate(name == "dense_rank" ? "rank" : name, {}, options);
  }
  if (name == "ntile") {
    require_args(name, args, 1, 1);
    options.offset = constant_integer(name, args[0], "the number of buckets");
    if (options.offset <= 0) throw InvalidInputError("ntile(): the number of buckets must be positive");
    return plan::aggregate("ntile", {}, options);
  }
  if (name == "lag" || name == "lead") {
    require_args(name, args, 1, 3);
    if (args.size() >= 2) options.offset = constant_integer(name, args[1], "the offset");
    std::string direction = name;
    if (options.offset < 0) {  // lag(x, -n) is lead(x, n), as in DuckDB
      options.offset = -options.offset;
      direction = name == "lag" ? "lead" : "lag";
    }
    std::vector<plan::ExprPtr> inputs{args[0]};
    if (args.size() == 3) inputs.push_back(args[2]);
    return plan::aggregate(direction, inputs, options);
  }
  if (name == "first_value" || name == "last_value") {
    require_args(name, args, 1, 1);
    return plan::aggregate(name, args);
  }
  if (name == "nth_value") {
    require_args(name, args, 2, 2);
    options.offset = constant_integer(name, args[1], "n");
    if (options.offset <= 0) throw InvalidInputError("nth_value(): n counts rows from 1");
    return plan::aggregate(name, {args[0]}, options);
  }
  plan::ExprPtr result = call_function(written_name, std::move(args), star, false);
  if (result->kind != plan::ExprKind::kAggregate)
    throw InvalidInputError(name + "() is not an aggregate or window function, so it takes no OVER (...)");
  return result;
}

plan::ExprPtr call_function(const std::string& written_name, std::vector<plan::ExprPtr> args, bool star, bool distinct) {
  const std::string name = ascii_lower(written_name);
  if (name == "count" || plan::lookup_aggregate_function(name) ||
      std::any_of(std::begin(kAggregateRenames), std::end(kAggregateRenames), [&](const auto& r) { return r.sql == name; }) ||
      name == "quantile_cont" || name == "quantile" || name == "string_agg" || name == "listagg" ||
      name == "group_concat" || name == "bool_and" || name == "bool_or")
    return aggregate_call(name, std::move(args), star, distinct);
  if (star || distinct) throw InvalidInputError(name + "() is not an aggregate: it takes neither * nor DISTINCT");
  if (name == "substring" || name == "substr") {
    // SQL counts from 1; lode's slice from 0 (both count negative offsets from the end).
    require_args(name, args, 2, 3);
    plan::ExprPtr start = args[1];
    auto constant = [](const plan::ExprPtr& arg) {
      return arg->kind == plan::ExprKind::kLiteral && !arg->literal.is_null && arg->literal.type.is_integer();
    };
    if (args.size() == 3 && constant(start) && constant(args[2]) &&
        (start->literal.integer == 0 || args[2]->literal.integer < 0)) {
      // Positions [start, start + length) of 1, 2, ...: a negative length
      // reaches back from start, and positions before 1 hold nothing (DuckDB).
      int64_t first = start->literal.integer, length = args[2]->literal.integer;
      if (length < 0) {
        first += length;
        length = -length;
      }
      if (first < 1) {
        length = std::max<int64_t>(length - (1 - first), 0);
        first = 1;
      }
      return plan::call("str_slice", {args[0], plan::literal(Scalar::int64(first - 1)), plan::literal(Scalar::int64(length))});
    }
    if (constant(start)) {
      const int64_t value = start->literal.integer;
      start = plan::literal(Scalar::int64(value > 0 ? value - 1 : value));
    } else {
      start = plan::call("subtract", {start, plan::literal(Scalar::int64(1))});
    }
    return plan::call("str_slice", {args[0], start, args.size() == 3 ? args[2] : null_int64()});
  }
  if (name == "concat") {
    // SQL's concat() skips nulls (|| does not).
    for (auto& arg : args) arg = plan::call("coalesce", {arg, plan::literal(Scalar::string(""))});
    return plan::call("concat", std::move(args));
  }
  if (name == "nullif") {
    require_args(name, args, 2, 2);
    return plan::call("case_when", {plan::call("equal", {args[0], args[1]}), plan::literal(Scalar::null(TypeId::kString)), args[0]});
  }
  if (name == "regexp_replace") {
    require_args(name, args, 3, 4);
    bool global = false;
    if (args.size() == 4) {
      const Scalar& flags = constant_argument(name, args[3], "the options");
      if (flags.text.find_first_not_of("g") != std::string::npos)
        throw NotSupportedError("regexp_replace(): only the option 'g' is supported yet, got '" + flags.text + "'");
      global = flags.text == "g";
      args.pop_back();
    }
    // SQL (RE2) writes groups as \1 and a backslash as \\; lode's
    // replacements as $1 and a dollar as $$.
    if (args[2]->kind == plan::ExprKind::kLiteral && !args[2]->literal.is_null) {
      const std::string& written = args[2]->literal.text;
      std::string replacement;
      for (size_t i = 0; i < written.size(); ++i) {
        if (written[i] == '$') {
          replacement += "$$";
        } else if (written[i] == '\\' && i + 1 < written.size() && std::isdigit(static_cast<unsigned char>(written[i + 1]))) {
          replacement += "${" + std::string(1, written[++i]) + "}";
        } else if (written[i] == '\\' && i + 1 < written.size() && written[i + 1] == '\\') {
          replacement += '\\';
          ++i;
        } else {
          replacement += written[i];
        }
      }
      args[2] = plan::literal(Scalar::string(replacement));
    }
    return plan::call(global ? "replace_all_regex" : "replace_regex", std::move(args));
  }
  if (name == "current_date" || name == "today" || name == "now" || name == "current_timestamp") {
    require_args(name, args, 0, 0);
    return clock_literal(name == "current_date" || name == "today");
  }
  if (name == "date_part" || name == "datepart") {
    require_args(name, args, 2, 2);
    const Scalar& unit = constant_argument(name, args[0], "the unit");
    if (unit.is_null) return plan::literal(Scalar::null(TypeId::kInt64));
    if (unit.type.id != TypeId::kString) throw InvalidInputError(name + "(): the unit must be a text such as 'year'");
    return call_function(date_part_function(unit.text), {args[1]}, false, false);
  }
  if ((name == "lpad" || name == "rpad") && args.size() == 2) args.push_back(plan::literal(Scalar::string(" ")));
  for (const auto& rename : kScalarRenames)
    if (rename.sql == name) return scalar_call(name, std::string(rename.lode), std::move(args));
  for (const auto missing : kMissing)
    if (missing == name) throw NotSupportedError("SQL function " + name + "() is not supported yet");
  const auto& functions = plan::scalar_functions();
  if (std::any_of(functions.begin(), functions.end(), [&](const auto& f) { return f.name == name; }))
    return scalar_call(name, name, std::move(args));
  const std::vector<std::string> names = known_names();
  const std::string suggestion = closest_match(name, names.data(), names.size());
  throw InvalidInputError("unknown function " + written_name + "()" +
                          (suggestion.empty() ? "" : "; did you mean " + suggestion + "()?"));
}

std::string date_part_function(const std::string& unit) {
  static const Rename kParts[] = {
      {"YEAR", "year"}, {"YEARS", "year"}, {"QUARTER", "quarter"}, {"MONTH", "month"}, {"MONTHS", "month"},
      {"WEEK", "week"}, {"WEEKS", "week"}, {"WEEKOFYEAR", "week"}, {"DAY", "day"}, {"DAYS", "day"},
      {"HOUR", "hour"}, {"HOURS", "hour"}, {"MINUTE", "minute"}, {"MINUTES", "minute"}, {"SECOND", "second"},
      {"SECONDS", "second"}, {"MICROSECOND", "microsecond"}, {"DOY", "ordinal_day"}, {"DAYOFYEAR", "ordinal_day"},
      {"ISODOW", "weekday"}, {"DOW", "day_of_week"}, {"DAYOFWEEK", "day_of_week"}, {"ISOYEAR", "iso_year"},
      {"EPOCH", "epoch"}};
  const std::string key = ascii_upper(unit);
  for (const auto& part : kParts)
    if (part.sql == key) return std::string(part.lode);
  throw InvalidInputError("unknown date part '" + unit + "'; the parts are year, quarter, month, week, day, hour, "
                          "minute, second, microsecond, doy, dow, isodow, isoyear, epoch");
}

DataType sql_type(const std::string& name) {
  const size_t paren = name.find('(');
  const std::string base = name.substr(0, paren);
  std::vector<int> parameters;
  if (paren != std::string::npos) {
    // The parser writes parameters as digits separated by commas: "(15,2)".
    int value = 0;
    for (size_t at = paren + 1; at < name.size(); ++at) {
      if (name[at] == ',' || name[at] == ')') {
        parameters.push_back(value);
        value = 0;
      } else {
        value = std::min(value * 10 + (name[at] - '0'), 1000000);
      }
    }
  }
  static const std::pair<std::string_view, TypeId> kTypes[] = {
      {"BOOLEAN", TypeId::kBool}, {"BOOL", TypeId::kBool}, {"LOGICAL", TypeId::kBool},
      {"TINYINT", TypeId::kInt8}, {"INT1", TypeId::kInt8}, {"SMALLINT", TypeId::kInt16}, {"INT2", TypeId::kInt16},
      {"SHORT", TypeId::kInt16}, {"INTEGER", TypeId::kInt32}, {"INT", TypeId::kInt32}, {"INT4", TypeId::kInt32},
      {"SIGNED", TypeId::kInt32}, {"BIGINT", TypeId::kInt64}, {"INT8", TypeId::kInt64}, {"LONG", TypeId::kInt64},
      {"UTINYINT", TypeId::kUInt8}, {"USMALLINT", TypeId::kUInt16}, {"UINTEGER", TypeId::kUInt32},
      {"UBIGINT", TypeId::kUInt64}, {"REAL", TypeId::kFloat32}, {"FLOAT", TypeId::kFloat32},
      {"FLOAT4", TypeId::kFloat32}, {"DOUBLE", TypeId::kFloat64}, {"FLOAT8", TypeId::kFloat64},
      {"VARCHAR", TypeId::kString}, {"TEXT", TypeId::kString}, {"STRING", TypeId::kString},
      {"CHAR", TypeId::kString}, {"BPCHAR", TypeId::kString}, {"DATE", TypeId::kDate32}};
  for (const auto& [type_name, id] : kTypes)
    if (type_name == base) return id;
  if (base == "TIMESTAMP" || base == "DATETIME") return DataType::timestamp();
  if (base == "TIMESTAMPTZ") return DataType::timestamp("UTC");
  if (base == "DECIMAL" || base == "NUMERIC") {
    const int precision = parameters.empty() ? 18 : parameters[0];
    const int scale = parameters.size() > 1 ? parameters[1] : parameters.empty() ? 3 : 0;
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision)
      throw InvalidInputError("DECIMAL(" + std::to_string(precision) + ", " + std::to_string(scale) +
                              ") is not a valid type: precision 1 to 38, scale 0 to the precision");
    return DataType::decimal128(precision, scale);
  }
  if (base == "HUGEINT" || base == "UHUGEINT" || base == "INTERVAL" || base == "TIME" || base == "BLOB" ||
      base == "UUID" || base == "JSON")
    throw NotSupportedError("the SQL type " + base + " is not supported yet");
  static const char* const kNames[] = {"BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT",
                                       "UINTEGER", "UBIGINT", "REAL", "FLOAT", "DOUBLE", "VARCHAR", "DATE", "TIMESTAMP",
                                       "DECIMAL"};
  const std::vector<std::string> names(std::begin(kNames), std::end(kNames));
  const std::string suggestion = closest_match(base, names.data(), names.size());
  throw InvalidInputError("unknown type " + base + (suggestion.empty() ? "" : "; did you mean " + suggestion + "?"));
}

}  // namespace lode::sql
