#pragma once
// What every scalar kernel shares: the Datum an expression evaluates to (a
// column, or one constant value for a literal), the call signature of
// kernels and their lookup by function id, dispatch from a DataType to its
// physical C++ type, and validity bitmap helpers. Kernels are plain
// functions over whole batches; they never throw per row (failures are
// marked and reported once, naming the row).

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "lode/core/column.h"
#include "lode/core/decimal.h"
#include "lode/core/error.h"
#include "lode/core/scalar.h"
#include "lode/core/take.h"
#include "lode/plan/expression.h"
#include "lode/plan/function_catalog.h"

namespace lode::exec {

/// The value of an expression over a batch: a column of num_rows values, or
/// a single constant (a literal) that stands for num_rows equal values.
struct Datum {
  std::shared_ptr<Column> column;
  std::shared_ptr<const Scalar> scalar;

  bool is_scalar() const { return scalar != nullptr; }
};

struct KernelCall {
  const plan::Expr& expr;        // the bound call: function, its bind data, result type
  std::vector<Datum> args;       // evaluated arguments, cast to their operand types
  int64_t num_rows;
};

using Kernel = std::shared_ptr<Column> (*)(const KernelCall& call);

/// Returns the kernel of a scalar function (an array index, no lookup by name).
Kernel kernel_for(plan::ScalarFunctionId id);

/// Returns a column of `length` copies of `value`.
std::shared_ptr<Column> broadcast(const Scalar& value, int64_t length);
/// Returns the datum as a column (broadcasting a scalar).
std::shared_ptr<Column> as_column(const Datum& datum, int64_t length);

/// Calls fn.template operator()<T>() with T the physical C++ type of `type`
/// (int32_t for date32, int64_t for timestamp, Int128 for decimal128).
/// Bool (bit-packed), string, list and struct have none: callers handle
/// them first, and passing one is an InternalError.
template <typename Fn>
decltype(auto) visit_fixed_width(const DataType& type, Fn&& fn) {
  switch (type.id) {
    case TypeId::kInt8: return fn.template operator()<int8_t>();
    case TypeId::kInt16: return fn.template operator()<int16_t>();
    case TypeId::kInt32: case TypeId::kDate32: return fn.template operator()<int32_t>();
    case TypeId::kInt64: case TypeId::kTimestamp: return fn.template operator()<int64_t>();
    case TypeId::kUInt8: return fn.template operator()<uint8_t>();
    case TypeId::kUInt16: return fn.template operator()<uint16_t>();
    case TypeId::kUInt32: return fn.template operator()<uint32_t>();
    case TypeId::kUInt64: return fn.template operator()<uint64_t>();
    case TypeId::kFloat32: return fn.template operator()<float>();
    case TypeId::kFloat64: return fn.template operator()<double>();
    case TypeId::kDecimal128: return fn.template operator()<Int128>();
    case TypeId::kBool: case TypeId::kString: case TypeId::kList: case TypeId::kStruct: break;
  }
  throw_check_failure("a fixed-width type", __FILE__, __LINE__, "no fixed-width C++ type for " + type.name());
}

/// a + b, wrapping around for integers (two's complement), as arithmetic
/// and sum do on overflow.
template <typename T>
T wrapping_add(T a, T b) {
  if constexpr (std::is_integral_v<T>) return T(std::make_unsigned_t<T>(a) + std::make_unsigned_t<T>(b));
  else if constexpr (std::is_same_v<T, Int128>) return Int128((unsigned __int128)a + (unsigned __int128)b);
  else return a + b;
}

/// Returns the scalar's value as physical type T.
template <typename T>
T scalar_value(const Scalar& scalar) {
  if constexpr (std::is_floating_point_v<T>) return static_cast<T>(scalar.real);
  else if constexpr (std::is_same_v<T, Int128>) return scalar.decimal;
  else if constexpr (std::is_unsigned_v<T>) return static_cast<T>(scalar.unsigned_integer);
  else return static_cast<T>(scalar.integer);
}

/// Returns a Scalar of `type` holding physical value `value`.
template <typename T>
Scalar make_scalar(const DataType& type, T value) {
  Scalar scalar;
  scalar.type = type;
  if constexpr (std::is_floating_point_v<T>) scalar.real = value;
  else if constexpr (std::is_same_v<T, Int128>) scalar.decimal = value;
  else if constexpr (std::is_unsigned_v<T>) scalar.unsigned_integer = value;
  else scalar.integer = value;
  return scalar;
}

/// Returns the validity bitmap (bits from 0) of rows valid in every input,
/// or nullptr when no input has nulls. Null scalars make every row null.
std::shared_ptr<Buffer> intersect_validity(const std::vector<const Datum*>& inputs, int64_t length);

/// Returns a copy of a bitmap's bits [offset, offset + length) starting at bit 0.
std::shared_ptr<Buffer> copy_bits(const uint8_t* bits, int64_t offset, int64_t length);

/// Packs `length` bytes (0 or 1) into a new bit-packed buffer.
std::shared_ptr<Buffer> pack_bits(const uint8_t* bytes, int64_t length);

/// Returns row `row` of a column as a Scalar.
Scalar scalar_at(const Column& column, int64_t row);

/// Makes an all-null column of `type`.
std::shared_ptr<Column> null_column(const DataType& type, int64_t length);

}  // namespace lode::exec
