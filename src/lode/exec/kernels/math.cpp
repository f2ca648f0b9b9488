// Math kernels: sqrt, exp, log, log10, sin, cos (as float64), round, floor,
// ceil, trunc (type kept; identity on integers), sign (int8), is_nan,
// is_finite. Each operation
// is a functor the row loop inlines.

#include <cmath>

#include "lode/core/error.h"
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

struct Floor {
  double operator()(double x) const { return std::floor(x); }
};
struct Ceil {
  double operator()(double x) const { return std::ceil(x); }
};
struct Trunc {
  double operator()(double x) const { return std::trunc(x); }
};
struct RoundToWhole {
  double operator()(double x) const { return std::round(x); }
};
struct RoundToDecimals {
  double factor;
  double operator()(double x) const { return std::round(x * factor) / factor; }
};

// Applies `op` to a float column, keeping its type; integers pass through.
template <typename Op>
std::shared_ptr<Column> rounding(const KernelCall& call, Op op) {
  auto input = as_column(call.args[0], call.num_rows);
  const DataType& type = input->type();
  if (!type.is_floating()) {
    if (type.id == TypeId::kDecimal128)
      throw NotSupportedError("round/floor/ceil/trunc of decimals; cast to float64 first");
    return input;
  }
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
  const int64_t decimals = call.args[1].scalar->is_null ? 0 : call.args[1].scalar->integer;
  if (decimals == 0) return rounding(call, RoundToWhole{});
  return rounding(call, RoundToDecimals{std::pow(10.0, static_cast<double>(decimals))});
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
