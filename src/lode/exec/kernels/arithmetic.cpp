// Arithmetic kernels: + - * / // % ** and negation on operands of one
// physical type (bind_expr() inserts the casts). Integer overflow wraps around
// (two's complement), as in Polars; integer // and % by zero give null, as
// in DuckDB; floats follow IEEE (x / 0 is inf or NaN). // and % round toward
// negative infinity, as Python does.

#include <cmath>
#include <type_traits>

#include "lode/core/error.h"
#include "lode/exec/kernels/scalar_functions.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

namespace {

template <typename T>
struct Operand {
  const T* values = nullptr;
  T constant{};
  bool is_constant = false;
  T operator[](int64_t row) const { return is_constant ? constant : values[row]; }
};

template <typename T>
Operand<T> operand(const Datum& datum) {
  Operand<T> result;
  if (datum.is_scalar()) {
    result.is_constant = true;
    if (!datum.scalar->is_null) result.constant = scalar_value<T>(*datum.scalar);
  } else {
    result.values = datum.column->values<T>();
  }
  return result;
}

template <typename T>
T wrapping_subtract(T a, T b) {
  if constexpr (std::is_integral_v<T>) return T(std::make_unsigned_t<T>(a) - std::make_unsigned_t<T>(b));
  else if constexpr (std::is_same_v<T, Int128>) return Int128((unsigned __int128)a - (unsigned __int128)b);
  else return a - b;
}
template <typename T>
T wrapping_multiply(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    // Promote narrow types to unsigned int so that the product cannot overflow int.
    using Wide = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
    return T(Wide(std::make_unsigned_t<T>(a)) * Wide(std::make_unsigned_t<T>(b)));
  } else if constexpr (std::is_same_v<T, Int128>) {
    return Int128((unsigned __int128)a * (unsigned __int128)b);
  } else {
    return a * b;
  }
}

template <typename T, typename Op>
std::shared_ptr<Column> elementwise(const KernelCall& call, Op op) {
  const int64_t n = call.num_rows;
  const Operand<T> left = operand<T>(call.args[0]), right = operand<T>(call.args[1]);
  auto values = Buffer::allocate(n * static_cast<int64_t>(sizeof(T)));
  T* out = values->data_as<T>();
  if (!left.is_constant && !right.is_constant) {
    for (int64_t row = 0; row < n; ++row) out[row] = op(left.values[row], right.values[row]);
  } else if (right.is_constant) {
    const T constant = right.constant;
    for (int64_t row = 0; row < n; ++row) out[row] = op(left[row], constant);
  } else {
    const T constant = left.constant;
    for (int64_t row = 0; row < n; ++row) out[row] = op(constant, right.values[row]);
  }
  auto validity = intersect_validity({&call.args[0], &call.args[1]}, n);
  return std::make_shared<Column>(call.expr.type, n, values, validity);
}

// Integer // and %: a zero divisor makes the row null.
template <typename T, bool kModulo>
std::shared_ptr<Column> integer_division(const KernelCall& call) {
  const int64_t n = call.num_rows;
  const Operand<T> left = operand<T>(call.args[0]), right = operand<T>(call.args[1]);
  auto values = Buffer::allocate(n * static_cast<int64_t>(sizeof(T)));
  T* out = values->data_as<T>();
  auto validity = intersect_validity({&call.args[0], &call.args[1]}, n);
  for (int64_t row = 0; row < n; ++row) {
    const T a = left[row], b = right[row];
    if (b == 0) {
      out[row] = 0;
      if (!validity) {
        validity = Buffer::allocate(bitmap::num_bytes(n));
        std::memset(validity->data(), 0xff, bitmap::num_bytes(n));
      }
      bitmap::clear(validity->data(), row);
      continue;
    }
    if constexpr (std::is_signed_v<T>) {
      if (b == -1) {  // avoids the trap of MIN / -1; the quotient wraps
        out[row] = kModulo ? T(0) : wrapping_subtract(T(0), a);
        continue;
      }
      T quotient = a / b, remainder = a % b;
      if (remainder != 0 && ((remainder < 0) != (b < 0))) {
        --quotient;
        remainder += b;
      }
      out[row] = kModulo ? remainder : quotient;
    } else {
      out[row] = kModulo ? T(a % b) : T(a / b);
    }
  }
  return std::make_shared<Column>(call.expr.type, n, values, validity);
}

// The operations, as functors so that elementwise() inlines them.
struct Add {
  template <typename T> T operator()(T a, T b) const { return wrapping_add(a, b); }
};
struct Subtract {
  template <typename T> T operator()(T a, T b) const { return wrapping_subtract(a, b); }
};
struct Multiply {
  template <typename T> T operator()(T a, T b) const { return wrapping_multiply(a, b); }
};
struct Divide {
  template <typename T> T operator()(T a, T b) const { return a / b; }
};
struct Power {
  template <typename T> T operator()(T a, T b) const { return static_cast<T>(std::pow(a, b)); }
};
struct FloatFloorDivide {
  template <typename T> T operator()(T a, T b) const { return std::floor(a / b); }
};
struct FloatModulo {
  template <typename T> T operator()(T a, T b) const {
    T r = std::fmod(a, b);
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
  }
};

[[noreturn]] void no_kernel_for(const KernelCall& call) {
  throw InternalError("'" + call.expr.name + "' has no kernel for " + call.expr.args[0]->type.name() +
                      "; bind_expr() should have cast " + call.expr.to_string());
}

// + - *: every numeric type. bind_expr() casts both operands to one type,
// except for a decimal product, whose operands keep their scales.
template <typename Op, bool kSameTypes = true>
std::shared_ptr<Column> wrapping_arithmetic(const KernelCall& call) {
  const DataType& operand_type = call.expr.args[0]->type;
  if constexpr (kSameTypes)
    LODE_CHECK(call.expr.args[1]->type == operand_type,
               "arithmetic operands of different types: " + call.expr.to_string());
  return visit_fixed_width(operand_type, [&]<typename T>() { return elementwise<T>(call, Op{}); });
}

// / and **: floats only (bind_expr() casts the operands to the result type).
template <typename Op>
std::shared_ptr<Column> floating_arithmetic(const KernelCall& call) {
  return visit_fixed_width(call.expr.args[0]->type, [&]<typename T>() -> std::shared_ptr<Column> {
    if constexpr (std::is_floating_point_v<T>) return elementwise<T>(call, Op{});
    else no_kernel_for(call);
  });
}

// // and %: floats by FloatOp, integers with null for a zero divisor.
template <typename FloatOp, bool kModulo>
std::shared_ptr<Column> floor_arithmetic(const KernelCall& call) {
  return visit_fixed_width(call.expr.args[0]->type, [&]<typename T>() -> std::shared_ptr<Column> {
    if constexpr (std::is_floating_point_v<T>) return elementwise<T>(call, FloatOp{});
    else if constexpr (std::is_integral_v<T>) return integer_division<T, kModulo>(call);
    else no_kernel_for(call);
  });
}

}  // namespace

std::shared_ptr<Column> add_kernel(const KernelCall& call) { return wrapping_arithmetic<Add>(call); }
std::shared_ptr<Column> subtract_kernel(const KernelCall& call) { return wrapping_arithmetic<Subtract>(call); }
std::shared_ptr<Column> multiply_kernel(const KernelCall& call) { return wrapping_arithmetic<Multiply, false>(call); }
std::shared_ptr<Column> divide_kernel(const KernelCall& call) { return floating_arithmetic<Divide>(call); }
std::shared_ptr<Column> power_kernel(const KernelCall& call) { return floating_arithmetic<Power>(call); }
std::shared_ptr<Column> floor_divide_kernel(const KernelCall& call) {
  return floor_arithmetic<FloatFloorDivide, false>(call);
}
std::shared_ptr<Column> modulo_kernel(const KernelCall& call) { return floor_arithmetic<FloatModulo, true>(call); }

std::shared_ptr<Column> negate_kernel(const KernelCall& call) {
  const auto& input = call.args[0];
  const int64_t n = call.num_rows;
  return visit_fixed_width(call.expr.type, [&]<typename T>() {
    auto column = as_column(input, n);
    auto values = Buffer::allocate(n * static_cast<int64_t>(sizeof(T)));
    const T* in = column->values<T>();
    T* out = values->data_as<T>();
    for (int64_t row = 0; row < n; ++row) out[row] = wrapping_subtract(T(0), in[row]);
    return std::make_shared<Column>(call.expr.type, n, values, intersect_validity({&input}, n));
  });
}

std::shared_ptr<Column> abs_kernel(const KernelCall& call) {
  const int64_t n = call.num_rows;
  return visit_fixed_width(call.expr.type, [&]<typename T>() {
    auto column = as_column(call.args[0], n);
    auto values = Buffer::allocate(n * static_cast<int64_t>(sizeof(T)));
    const T* in = column->values<T>();
    T* out = values->data_as<T>();
    for (int64_t row = 0; row < n; ++row) {
      if constexpr (std::is_unsigned_v<T>) out[row] = in[row];
      else out[row] = in[row] < T(0) ? wrapping_subtract(T(0), in[row]) : in[row];
    }
    return std::make_shared<Column>(call.expr.type, n, values, intersect_validity({&call.args[0]}, n));
  });
}

}  // namespace lode::exec
