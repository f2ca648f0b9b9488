#include "lode/plan/type_rules.h"

#include <algorithm>
#include <array>

#include "lode/core/error.h"

namespace lode::plan {

namespace {

int integer_bits(TypeId id) {
  switch (id) {
    case TypeId::kInt8: case TypeId::kUInt8: return 8;
    case TypeId::kInt16: case TypeId::kUInt16: return 16;
    case TypeId::kInt32: case TypeId::kUInt32: return 32;
    default: return 64;
  }
}

TypeId signed_of_bits(int bits) {
  return bits <= 8 ? TypeId::kInt8 : bits <= 16 ? TypeId::kInt16 : bits <= 32 ? TypeId::kInt32 : TypeId::kInt64;
}

TypeId unsigned_of_bits(int bits) {
  return bits <= 8 ? TypeId::kUInt8 : bits <= 16 ? TypeId::kUInt16 : bits <= 32 ? TypeId::kUInt32 : TypeId::kUInt64;
}

[[noreturn]] void type_error(const std::string& context, const std::vector<DataType>& args) {
  std::string types;
  for (const auto& arg : args) types += (types.empty() ? "" : ", ") + arg.name();
  throw InvalidInputError(context + " does not take arguments of type (" + types + ")",
                          ErrorContext{.hint = "cast the arguments to suitable types with .cast(...)"});
}

bool is_temporal(const DataType& type) { return type.id == TypeId::kDate32 || type.id == TypeId::kTimestamp; }

const std::array<const char*, 7> kArithmetic = {"add", "subtract", "multiply", "divide", "floor_divide", "modulo", "power"};
const std::array<const char*, 6> kComparisons = {"equal", "not_equal", "less", "less_equal", "greater", "greater_equal"};
const std::array<const char*, 14> kAggregates = {"sum", "mean", "min", "max", "count", "len", "n_unique", "median",
                                                 "quantile", "std", "var", "first", "last", "corr"};

template <size_t N>
bool one_of(const std::string& name, const std::array<const char*, N>& names) {
  return std::find_if(names.begin(), names.end(), [&](const char* n) { return name == n; }) != names.end();
}

DataType arithmetic_type(const std::string& name, const DataType& left, const DataType& right) {
  if (!left.is_numeric() || !right.is_numeric()) type_error("'" + name + "'", {left, right});
  if (name == "divide" || name == "power") {
    return left.id == TypeId::kFloat32 && right.id == TypeId::kFloat32 ? DataType(TypeId::kFloat32)
                                                                        : DataType(TypeId::kFloat64);
  }
  if (left.id == TypeId::kDecimal128 || right.id == TypeId::kDecimal128) {
    if (left.is_floating() || right.is_floating()) return TypeId::kFloat64;
    const int left_scale = left.id == TypeId::kDecimal128 ? left.scale : 0;
    const int right_scale = right.id == TypeId::kDecimal128 ? right.scale : 0;
    if (name == "multiply") return DataType::decimal128(38, std::min(38, left_scale + right_scale));
    if (name == "add" || name == "subtract") return DataType::decimal128(38, std::max(left_scale, right_scale));
    return TypeId::kFloat64;
  }
  return common_type(left, right, "'" + name + "'");
}

}  // namespace

DataType common_type(const DataType& left, const DataType& right, const std::string& context) {
  if (left == right) return left;
  if (left.is_numeric() && right.is_numeric()) {
    if (left.is_floating() || right.is_floating()) {
      if (left.id == TypeId::kFloat32 && right.id == TypeId::kFloat32) return TypeId::kFloat32;
      return TypeId::kFloat64;
    }
    if (left.id == TypeId::kDecimal128 || right.id == TypeId::kDecimal128) {
      const int scale = std::max(left.id == TypeId::kDecimal128 ? left.scale : 0,
                                 right.id == TypeId::kDecimal128 ? right.scale : 0);
      return DataType::decimal128(38, scale);
    }
    const bool left_signed = left.is_signed_integer(), right_signed = right.is_signed_integer();
    const int bits = std::max(integer_bits(left.id), integer_bits(right.id));
    if (left_signed == right_signed) return left_signed ? signed_of_bits(bits) : unsigned_of_bits(bits);
    const int unsigned_bits = left_signed ? integer_bits(right.id) : integer_bits(left.id);
    const int signed_bits = left_signed ? integer_bits(left.id) : integer_bits(right.id);
    if (unsigned_bits == 64) return TypeId::kFloat64;
    return signed_of_bits(std::max(signed_bits, unsigned_bits * 2));
  }
  if (is_temporal(left) && is_temporal(right)) return DataType::timestamp(left.id == TypeId::kTimestamp ? left.timezone : right.timezone);
  if (left.id == TypeId::kTimestamp && right.id == TypeId::kTimestamp) return left;
  throw InvalidInputError(context + " cannot combine " + left.name() + " with " + right.name(),
                          ErrorContext{.hint = "cast one side with .cast(...) so that the types match"});
}

DataType call_result_type(const std::string& name, const std::vector<DataType>& args) {
  auto expect_count = [&](size_t count) {
    if (args.size() != count)
      throw InvalidInputError("'" + name + "' takes " + std::to_string(count) + " arguments, got " +
                              std::to_string(args.size()));
  };
  if (one_of(name, kArithmetic)) {
    expect_count(2);
    return arithmetic_type(name, args[0], args[1]);
  }
  if (one_of(name, kComparisons)) {
    expect_count(2);
    common_type(args[0], args[1], "comparison '" + name + "'");
    return TypeId::kBool;
  }
  if (name == "negate" || name == "abs") {
    expect_count(1);
    if (!args[0].is_numeric()) type_error("'" + name + "'", args);
    return args[0];
  }
  if (name == "and" || name == "or" || name == "xor" || name == "not") {
    for (const auto& arg : args)
      if (arg.id != TypeId::kBool) type_error("'" + name + "'", args);
    return TypeId::kBool;
  }
  if (name == "is_null" || name == "is_not_null") return TypeId::kBool;
  if (name == "is_nan" || name == "is_finite") {
    if (!args[0].is_numeric()) type_error("'" + name + "'", args);
    return TypeId::kBool;
  }
  if (name == "is_in") {
    for (size_t i = 1; i < args.size(); ++i) common_type(args[0], args[i], "'is_in'");
    return TypeId::kBool;
  }
  if (name == "fill_null" || name == "coalesce") {
    DataType result = args.at(0);
    for (size_t i = 1; i < args.size(); ++i) result = common_type(result, args[i], "'" + name + "'");
    return result;
  }
  if (name == "case_when") {
    // args: condition, value, condition, value, ..., otherwise
    if (args.size() < 3 || args.size() % 2 == 0) throw InvalidInputError("when/then/otherwise is incomplete");
    DataType result = args[1];
    for (size_t i = 0; i + 1 < args.size(); i += 2) {
      if (args[i].id != TypeId::kBool) type_error("when(...) condition", {args[i]});
      result = common_type(result, args[i + 1], "then(...)");
    }
    return common_type(result, args.back(), "otherwise(...)");
  }
  if (name == "sqrt" || name == "exp" || name == "log" || name == "log10" || name == "sin" || name == "cos") {
    if (!args[0].is_numeric()) type_error("'" + name + "'", args);
    return TypeId::kFloat64;
  }
  if (name == "round" || name == "floor" || name == "ceil") {
    if (!args[0].is_numeric()) type_error("'" + name + "'", args);
    return args[0];
  }
  if (name == "str_len" || name == "str_len_bytes") {
    if (args[0].id != TypeId::kString) type_error("'" + name + "'", args);
    return TypeId::kInt64;
  }
  if (name == "upper" || name == "lower" || name == "strip" || name == "str_slice" || name == "replace" ||
      name == "replace_all") {
    if (args[0].id != TypeId::kString) type_error("'" + name + "'", args);
    return TypeId::kString;
  }
  if (name == "contains" || name == "contains_regex" || name == "starts_with" || name == "ends_with") {
    if (args[0].id != TypeId::kString) type_error("'" + name + "'", args);
    return TypeId::kBool;
  }
  if (name == "concat") return TypeId::kString;
  if (name == "year" || name == "month" || name == "day" || name == "weekday" || name == "hour" ||
      name == "minute" || name == "second" || name == "microsecond" || name == "ordinal_day") {
    if (!is_temporal(args[0])) type_error("'" + name + "'", args);
    if (args[0].id == TypeId::kDate32 && (name == "hour" || name == "minute" || name == "second" || name == "microsecond"))
      type_error("'" + name + "'", args);
    return TypeId::kInt32;
  }
  if (name == "date") {
    if (!is_temporal(args[0])) type_error("'date'", args);
    return TypeId::kDate32;
  }
  throw InvalidInputError("unknown function '" + name + "'");
}

void require_flat(const DataType& type, const std::string& use) {
  if (type.is_nested())
    throw NotSupportedError(use + " is of type " + type.name() + "; lode cannot yet compare, hash or compute on lists "
                            "and structs", ErrorContext{.hint = "select nested columns, filter and sort by flat ones"});
}

DataType aggregate_result_type(const std::string& name, const std::vector<DataType>& args) {
  if (name == "len" || name == "row_number" || name == "rank") return TypeId::kInt64;
  if (args.empty()) throw InvalidInputError("aggregate '" + name + "' needs an input");
  const DataType& input = args[0];
  if (name == "count" || name == "n_unique") return TypeId::kInt64;
  if (name == "first" || name == "last" || name == "min" || name == "max") return input;
  if (name == "sum") {
    if (input.is_signed_integer() || input.id == TypeId::kBool) return TypeId::kInt64;
    if (input.is_integer()) return TypeId::kUInt64;
    if (input.is_floating()) return TypeId::kFloat64;
    if (input.id == TypeId::kDecimal128) return DataType::decimal128(38, input.scale);
    type_error("'sum'", args);
  }
  if (name == "mean" || name == "median" || name == "quantile" || name == "std" || name == "var") {
    if (!input.is_numeric() && input.id != TypeId::kBool) type_error("'" + name + "'", args);
    return TypeId::kFloat64;
  }
  if (name == "corr") {
    if (args.size() != 2 || !args[0].is_numeric() || !args[1].is_numeric()) type_error("'corr'", args);
    return TypeId::kFloat64;
  }
  throw InvalidInputError("unknown aggregate '" + name + "'");
}

bool is_aggregate_function(const std::string& name) {
  return one_of(name, kAggregates) || is_ranking_function(name);
}

bool is_ranking_function(const std::string& name) { return name == "row_number" || name == "rank"; }

}  // namespace lode::plan
