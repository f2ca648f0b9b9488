// Math kernels: sqrt, exp, log, log10, sin, cos (as float64), round, floor,
// ceil, trunc (type kept: identity on integers, decimals rounded at their
// scale), sign (int8), is_nan,
// is_finite. Each operation
// is a functor the row loop inlines.

#include <algorithm>
#include <cmath>

#include "lode/core/error.h"
#include "lode/core/value_text.h"
#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

namespace {

struct Sqrt {
  double operator()(double x) const { return std::sqrt(x); }
};
struct Exp {
  double operator()(double x) const { return std::exp(x); }
};
struct Log {
  double operator()(double x) const { return std::log(x); }
};
struct Log10 {
  double operator()(double x) const { return std::log10(x); }
};
struct Sin {
  double operator()(double x) const { return std::sin(x); }
};
struct Cos {
  double operator()(double x) const { return std::cos(x); }
};

template <typename Op>
std::shared_ptr<Column> float64_function(const KernelCall& call) {
  auto input = cast_column(*as_column(call.args[0], call.num_rows), TypeId::kFloat64, true);
  const int64_t n = input->length();
  auto values = Buffer::allocate(n * 8);
  const double* in = input->values<double>();
  double* out = values->data_as<double>();
  const Op op{};
  for (int64_t row = 0; row < n; ++row) out[row] = op(in[row]);
  return std::make_shared<Column>(TypeId::kFloat64, n, values, intersect_validity({&call.args[0]}, n));
}

// Each rounding works on floats and on a decimal's unscaled integer `value`
// at a multiple of `unit` (a power of ten): the rounded multiple.
struct Floor {
  int digits = 0;
  double operator()(double x) const { return std::floor(x); }
  static Int128 multiple(Int128 value, Int128 unit) { return value / unit - (value % unit < 0 ? 1 : 0); }
};
struct Ceil {
  int digits = 0;
  double operator()(double x) const { return std::ceil(x); }
  static Int128 multiple(Int128 value, Int128 unit) { return value / unit + (value % unit > 0 ? 1 : 0); }
};
struct Trunc {
  int digits = 0;
  double operator()(double x) const { return std::trunc(x); }
  static Int128 multiple(Int128 value, Int128 unit) { return value / unit; }
};
// Half away from zero, as SQL and C's round.
struct RoundToWhole {
  int digits = 0;
  double operator()(double x) const { return std::round(x); }
  static Int128 multiple(Int128 value, Int128 unit) {
    const Int128 remainder = value % unit;
    const Int128 twice = 2 * (remainder < 0 ? -remainder : remainder);
    return value / unit + (twice >= unit ? (value < 0 ? -1 : 1) : 0);
  }
};
struct RoundToDecimals : RoundToWhole {
  double factor;
  RoundToDecimals(int d, double f) : RoundToWhole{d}, factor(f) {}
  double operator()(double x) const {
    if (factor == 0) return 0;  // rounded to more tens than a double has
    const double scaled = x * factor;
    return std::isfinite(scaled) ? std::round(scaled) / factor : x;  // finer than a double holds: as it is
  }
};

// A decimal rounded to `op.digits` digits after the point (negative: to
// tens, hundreds, ...), keeping its type: 2.345 to 2 digits is 2.350.
template <typename Op>
std::shared_ptr<Column> round_decimals(const KernelCall& call, const Column& input, Op op) {
  const int scale = input.type().scale;
  const int64_t n = input.length();
  auto values = Buffer::allocate(n * 16);
  Int128* out = values->data_as<Int128>();
  const Int128* in = input.values<Int128>();
  const int drop = scale - op.digits;  // digits to round away
  if (drop <= 0) {
    std::copy(in, in + n, out);
  } else {
    const Int128 unit = drop > 38 ? 0 : power_of_ten(drop);
    for (int64_t row = 0; row < n; ++row) out[row] = unit == 0 ? 0 : Op::multiple(in[row], unit) * unit;
  }
  return std::make_shared<Column>(input.type(), n, values, intersect_validity({&call.args[0]}, n));
}

// Applies `op` to a float column, keeping its type; integers pass through.
template <typename Op>
std::shared_ptr<Column> rounding(const KernelCall& call, Op op) {
  auto input = as_column(call.args[0], call.num_rows);
  const DataType& type = input->type();
  if (type.id == TypeId::kDecimal128) return round_decimals(call, *input, op);
  if (!type.is_floating()) return input;
  const int64_t n = input->length();
  return visit_fixed_width(type, [&]<typename T>() {
    auto values = Buffer::allocate(n * static_cast<int64_t>(sizeof(T)));
    const T* in = input->values<T>();
    T* out = values->data_as<T>();
    for (int64_t row = 0; row < n; ++row) out[row] = static_cast<T>(op(static_cast<double>(in[row])));
    return std::make_shared<Column>(type, n, values, intersect_validity({&call.args[0]}, n));
  });
}

template <bool kWantNan>
std::shared_ptr<Column> float_test(const KernelCall& call) {
  auto input = cast_column(*as_column(call.args[0], call.num_rows), TypeId::kFloat64, true);
  const int64_t n = input->length();
  std::vector<uint8_t> bytes(n);
  const double* in = input->values<double>();
  for (int64_t row = 0; row < n; ++row) bytes[row] = kWantNan ? std::isnan(in[row]) : std::isfinite(in[row]);
  return std::make_shared<Column>(TypeId::kBool, n, pack_bits(bytes.data(), n), intersect_validity({&call.args[0]}, n));
}

}  // namespace

std::shared_ptr<Column> sqrt_kernel(const KernelCall& call) { return float64_function<Sqrt>(call); }
std::shared_ptr<Column> exp_kernel(const KernelCall& call) { return float64_function<Exp>(call); }
std::shared_ptr<Column> log_kernel(const KernelCall& call) { return float64_function<Log>(call); }
std::shared_ptr<Column> log10_kernel(const KernelCall& call) { return float64_function<Log10>(call); }
std::shared_ptr<Column> sin_kernel(const KernelCall& call) { return float64_function<Sin>(call); }
std::shared_ptr<Column> cos_kernel(const KernelCall& call) { return float64_function<Cos>(call); }

std::shared_ptr<Column> round_kernel(const KernelCall& call) {
  if (call.args.size() < 2) return rounding(call, RoundToWhole{});
  if (!call.args[1].is_scalar()) throw NotSupportedError("round() takes a constant number of decimals");
  // Beyond ±400 digits every double rounds to itself (or to 0).
  const int64_t decimals = std::clamp<int64_t>(call.args[1].scalar->is_null ? 0 : call.args[1].scalar->integer, -400, 400);
  if (decimals == 0) return rounding(call, RoundToWhole{});
  return rounding(call, RoundToDecimals{static_cast<int>(decimals), std::pow(10.0, static_cast<double>(decimals))});
}

std::shared_ptr<Column> floor_kernel(const KernelCall& call) { return rounding(call, Floor{}); }
std::shared_ptr<Column> trunc_kernel(const KernelCall& call) { return rounding(call, Trunc{}); }

std::shared_ptr<Column> sign_kernel(const KernelCall& call) {
  auto input = as_column(call.args[0], call.num_rows);
  const int64_t n = input->length();
  auto values = Buffer::allocate(n);
  int8_t* out = values->data_as<int8_t>();
  visit_fixed_width(input->type(), [&]<typename T>() {
    const T* in = input->values<T>();
    // NaN compares false both ways, so its sign is 0 (as DuckDB).
    if constexpr (std::is_unsigned_v<T>)
      for (int64_t row = 0; row < n; ++row) out[row] = in[row] != 0;
    else
      for (int64_t row = 0; row < n; ++row) out[row] = static_cast<int8_t>((in[row] > T(0)) - (in[row] < T(0)));
  });
  return std::make_shared<Column>(TypeId::kInt8, n, values, intersect_validity({&call.args[0]}, n));
}
std::shared_ptr<Column> ceil_kernel(const KernelCall& call) { return rounding(call, Ceil{}); }

std::shared_ptr<Column> is_nan_kernel(const KernelCall& call) { return float_test<true>(call); }
std::shared_ptr<Column> is_finite_kernel(const KernelCall& call) { return float_test<false>(call); }

}  // namespace lode::exec
