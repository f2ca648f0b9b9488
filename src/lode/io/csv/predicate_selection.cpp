#include "lode/io/csv/predicate_selection.h"

#include <cmath>
#include <string_view>

#include "lode/core/error.h"

namespace lode::io {

namespace {

template <typename T>
bool compare(PredicateOp op, const T& value, const T& constant) {
  switch (op) {
    case PredicateOp::kEqual: return value == constant;
    case PredicateOp::kNotEqual: return value != constant;
    case PredicateOp::kLess: return value < constant;
    case PredicateOp::kLessEqual: return value <= constant;
    case PredicateOp::kGreater: return value > constant;
    case PredicateOp::kGreaterEqual: return value >= constant;
    default: return true;
  }
}

// Returns the constant of `scalar` as the column's physical type T, or
// false when the scalar does not carry one.
template <typename T>
bool constant_of(const Scalar& scalar, T& out) {
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
    if (!scalar.type.is_floating()) return false;
    out = static_cast<T>(scalar.real);
  } else if constexpr (std::is_same_v<T, Int128>) {
    out = scalar.decimal;
  } else if constexpr (std::is_unsigned_v<T>) {
    out = static_cast<T>(scalar.unsigned_integer);
  } else {
    out = static_cast<T>(scalar.integer);
  }
  return true;
}

// Keeps rows whose value v satisfies `matches(v)`; nulls are dropped.
template <typename Value, typename Matches>
void keep_rows(const Column& column, std::vector<int64_t>& rows, Value&& value_at, Matches&& matches) {
  size_t kept = 0;
  for (int64_t row : rows)
    if (column.is_valid(row) && matches(value_at(row))) rows[kept++] = row;
  rows.resize(kept);
}

template <typename T>
void keep_fixed(const Column& column, const ColumnPredicate& predicate, std::vector<int64_t>& rows) {
  std::vector<T> constants;
  for (const Scalar& scalar : predicate.values) {
    if (scalar.is_null) continue;  // = NULL and IN (NULL) match nothing more
    T constant;
    if (!constant_of(scalar, constant) || scalar.type != column.type()) return;  // unsure: keep all
    constants.push_back(constant);
  }
  const T* values = column.values<T>();
  auto value_at = [&](int64_t row) { return values[row]; };
  if (predicate.op == PredicateOp::kIn) {
    keep_rows(column, rows, value_at, [&](T value) {
      if constexpr (std::is_floating_point_v<T>) if (std::isnan(value)) return true;
      for (const T& constant : constants) if (value == constant) return true;
      return false;
    });
    return;
  }
  if (constants.empty()) {
    if (!predicate.values.empty()) rows.clear();  // compared with NULL: never true
    return;
  }
  keep_rows(column, rows, value_at, [&](T value) {
    if constexpr (std::is_floating_point_v<T>) if (std::isnan(value)) return true;
    return compare(predicate.op, value, constants[0]);
  });
}

void keep_strings(const Column& column, const ColumnPredicate& predicate, std::vector<int64_t>& rows) {
  std::vector<std::string_view> constants;
  for (const Scalar& scalar : predicate.values) {
    if (scalar.is_null) continue;
    if (scalar.type != column.type()) return;
    constants.push_back(scalar.text);
  }
  auto value_at = [&](int64_t row) { return column.string_at(row); };
  if (predicate.op == PredicateOp::kIn) {
    keep_rows(column, rows, value_at, [&](std::string_view value) {
      for (std::string_view constant : constants) if (value == constant) return true;
      return false;
    });
  } else if (constants.empty()) {
    if (!predicate.values.empty()) rows.clear();
  } else {
    keep_rows(column, rows, value_at, [&](std::string_view value) { return compare(predicate.op, value, constants[0]); });
  }
}

void keep_bools(const Column& column, const ColumnPredicate& predicate, std::vector<int64_t>& rows) {
  if (predicate.op != PredicateOp::kEqual && predicate.op != PredicateOp::kNotEqual) return;
  if (predicate.values.size() != 1 || predicate.values[0].type != column.type()) return;
  if (predicate.values[0].is_null) {
    rows.clear();
    return;
  }
  const bool constant = predicate.values[0].boolean;
  keep_rows(column, rows, [&](int64_t row) { return column.bool_at(row); },
            [&](bool value) { return predicate.op == PredicateOp::kEqual ? value == constant : value != constant; });
}

}  // namespace

void keep_matching_rows(const Column& column, const ColumnPredicate& predicate, std::vector<int64_t>& rows) {
  if (predicate.op == PredicateOp::kIsNull || predicate.op == PredicateOp::kIsNotNull) {
    const bool want_null = predicate.op == PredicateOp::kIsNull;
    size_t kept = 0;
    for (int64_t row : rows)
      if (column.is_null(row) == want_null) rows[kept++] = row;
    rows.resize(kept);
    return;
  }
  switch (column.type().id) {
    case TypeId::kBool: return keep_bools(column, predicate, rows);
    case TypeId::kInt8: return keep_fixed<int8_t>(column, predicate, rows);
    case TypeId::kInt16: return keep_fixed<int16_t>(column, predicate, rows);
    case TypeId::kInt32: return keep_fixed<int32_t>(column, predicate, rows);
    case TypeId::kInt64: return keep_fixed<int64_t>(column, predicate, rows);
    case TypeId::kUInt8: return keep_fixed<uint8_t>(column, predicate, rows);
    case TypeId::kUInt16: return keep_fixed<uint16_t>(column, predicate, rows);
    case TypeId::kUInt32: return keep_fixed<uint32_t>(column, predicate, rows);
    case TypeId::kUInt64: return keep_fixed<uint64_t>(column, predicate, rows);
    case TypeId::kFloat32: return keep_fixed<float>(column, predicate, rows);
    case TypeId::kFloat64: return keep_fixed<double>(column, predicate, rows);
    case TypeId::kDate32: return keep_fixed<int32_t>(column, predicate, rows);
    case TypeId::kTimestamp: return keep_fixed<int64_t>(column, predicate, rows);
    case TypeId::kDecimal128: return keep_fixed<Int128>(column, predicate, rows);
    case TypeId::kString: return keep_strings(column, predicate, rows);
    case TypeId::kList: case TypeId::kStruct: break;
  }
  LODE_CHECK(false, "a pushed predicate on a nested column");
}

}  // namespace lode::io
