#include "lode/io/parquet/row_group_pruning.h"

namespace lode::io::parquet {

namespace {

enum class Family { kSigned, kUnsigned, kFloat, kDecimal, kString, kBool };

Family family_of(const DataType& type) {
  switch (type.id) {
    case TypeId::kUInt8: case TypeId::kUInt16: case TypeId::kUInt32: case TypeId::kUInt64: return Family::kUnsigned;
    case TypeId::kFloat32: case TypeId::kFloat64: return Family::kFloat;
    case TypeId::kDecimal128: return Family::kDecimal;
    case TypeId::kString: return Family::kString;
    case TypeId::kBool: return Family::kBool;
    default: return Family::kSigned;
  }
}

template <typename T>
int three_way(const T& a, const T& b) { return a < b ? -1 : (b < a ? 1 : 0); }

// Returns whether the deprecated min/max fields (signed order) fit the column.
bool legacy_order_fits(const ColumnDescriptor& column) {
  const Family family = family_of(column.type);
  const PhysicalType physical = column.physical_type;
  const bool numeric_physical = physical == PhysicalType::kBoolean || physical == PhysicalType::kInt32 ||
                                physical == PhysicalType::kInt64 || physical == PhysicalType::kFloat ||
                                physical == PhysicalType::kDouble;
  return numeric_physical && family != Family::kUnsigned && family != Family::kString;
}

}  // namespace

std::optional<int> compare_scalars(const Scalar& a, const Scalar& b) {
  const Family left = family_of(a.type), right = family_of(b.type);
  auto as_integer = [](const Scalar& scalar, Family family) -> Int128 {
    return family == Family::kUnsigned ? Int128(scalar.unsigned_integer) : Int128(scalar.integer);
  };
  auto as_real = [&](const Scalar& scalar, Family family) -> long double {
    if (family == Family::kFloat) return scalar.real;
    return static_cast<long double>(as_integer(scalar, family));
  };
  const bool left_integer = left == Family::kSigned || left == Family::kUnsigned;
  const bool right_integer = right == Family::kSigned || right == Family::kUnsigned;
  if (left_integer && right_integer) return three_way(as_integer(a, left), as_integer(b, right));
  if ((left_integer || left == Family::kFloat) && (right_integer || right == Family::kFloat))
    return three_way(as_real(a, left), as_real(b, right));
  if (left == Family::kDecimal && right == Family::kDecimal && a.type.scale == b.type.scale)
    return three_way(a.decimal, b.decimal);
  if (left == Family::kString && right == Family::kString) return a.text.compare(b.text) < 0 ? -1 : (a.text == b.text ? 0 : 1);
  if (left == Family::kBool && right == Family::kBool) return three_way(a.boolean, b.boolean);
  return std::nullopt;
}

ValueRange chunk_range(const ColumnDescriptor& column, const ColumnMetaData& meta, int64_t num_rows) {
  ValueRange range;
  range.num_rows = num_rows;
  // INT96 has no defined sort order; writers' statistics for it are unreliable.
  if (!meta.statistics || column.physical_type == PhysicalType::kInt96) return range;
  const Statistics& statistics = *meta.statistics;
  if (statistics.null_count && *statistics.null_count >= 0 && *statistics.null_count <= num_rows)
    range.null_count = statistics.null_count;
  if (statistics.min_value && statistics.max_value) {
    range.min = statistic_scalar(column, *statistics.min_value);
    range.max = statistic_scalar(column, *statistics.max_value);
  } else if (statistics.min && statistics.max && legacy_order_fits(column)) {
    range.min = statistic_scalar(column, *statistics.min);
    range.max = statistic_scalar(column, *statistics.max);
  }
  if (!range.min || !range.max) range.min.reset(), range.max.reset();
  return range;
}

ValueRange constant_range(const Scalar& value, int64_t num_rows) {
  ValueRange range;
  range.num_rows = num_rows;
  range.null_count = value.is_null ? num_rows : 0;
  if (!value.is_null) range.min = range.max = value;
  return range;
}

namespace {

// Returns true when `value` lies outside [min, max] (so `column = value` fails).
bool outside(const ValueRange& range, const Scalar& value) {
  auto below = compare_scalars(value, *range.min);
  auto above = compare_scalars(value, *range.max);
  return (below && *below < 0) || (above && *above > 0);
}

}  // namespace

bool range_excludes(const ValueRange& range, const ColumnPredicate& predicate) {
  const bool all_null = range.null_count && *range.null_count == range.num_rows;
  if (predicate.op == PredicateOp::kIsNull) return range.null_count && *range.null_count == 0;
  if (predicate.op == PredicateOp::kIsNotNull) return all_null;
  if (all_null && range.num_rows > 0) return true;  // comparisons with null are never true
  if (!range.min || !range.max || predicate.values.empty()) return false;
  for (const auto& value : predicate.values)
    if (value.is_null) return false;
  const Scalar& value = predicate.values[0];
  auto with_min = compare_scalars(*range.min, value);
  auto with_max = compare_scalars(*range.max, value);
  if (!with_min || !with_max) return false;
  switch (predicate.op) {
    case PredicateOp::kEqual: return outside(range, value);
    case PredicateOp::kNotEqual: return *with_min == 0 && *with_max == 0;
    case PredicateOp::kLess: return *with_min >= 0;
    case PredicateOp::kLessEqual: return *with_min > 0;
    case PredicateOp::kGreater: return *with_max <= 0;
    case PredicateOp::kGreaterEqual: return *with_max < 0;
    case PredicateOp::kIn:
      for (const auto& candidate : predicate.values)
        if (!outside(range, candidate)) return false;
      return true;
    default: return false;
  }
}

namespace {

Scalar scalar_at(const Column& column, int64_t row) {
  Scalar scalar;
  scalar.type = column.type();
  switch (column.type().id) {
    case TypeId::kList: case TypeId::kStruct: break;  // dictionaries are never nested
    case TypeId::kBool: scalar.boolean = column.bool_at(row); break;
    case TypeId::kInt8: scalar.integer = column.values<int8_t>()[row]; break;
    case TypeId::kInt16: scalar.integer = column.values<int16_t>()[row]; break;
    case TypeId::kInt32: case TypeId::kDate32: scalar.integer = column.values<int32_t>()[row]; break;
    case TypeId::kInt64: case TypeId::kTimestamp: scalar.integer = column.values<int64_t>()[row]; break;
    case TypeId::kUInt8: scalar.unsigned_integer = column.values<uint8_t>()[row]; break;
    case TypeId::kUInt16: scalar.unsigned_integer = column.values<uint16_t>()[row]; break;
    case TypeId::kUInt32: scalar.unsigned_integer = column.values<uint32_t>()[row]; break;
    case TypeId::kUInt64: scalar.unsigned_integer = column.values<uint64_t>()[row]; break;
    case TypeId::kFloat32: scalar.real = column.values<float>()[row]; break;
    case TypeId::kFloat64: scalar.real = column.values<double>()[row]; break;
    case TypeId::kDecimal128: scalar.decimal = column.values<Int128>()[row]; break;
    case TypeId::kString: scalar.text = std::string(column.string_at(row)); break;
  }
  return scalar;
}

}  // namespace

bool dictionary_excludes(const Column& dictionary, const ColumnPredicate& predicate) {
  if (!dictionary_can_exclude(predicate) || predicate.values.empty()) return false;
  for (const auto& value : predicate.values) {
    if (value.is_null) return false;
    for (int64_t row = 0; row < dictionary.length(); ++row) {
      if (value.type.id == TypeId::kString && dictionary.type().id == TypeId::kString) {
        if (dictionary.string_at(row) == value.text) return false;
        continue;
      }
      auto order = compare_scalars(scalar_at(dictionary, row), value);
      if (!order || *order == 0) return false;  // a match, or values that do not compare
    }
  }
  return true;
}

}  // namespace lode::io::parquet
