// Math kernels: sqrt, exp, log, log10, sin, cos (as float64), round, floor,
// ceil (type kept; identity on integers), is_nan, is_finite.

#include <cmath>

#include "lode/core/error.h"
#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

std::shared_ptr<Column> math_kernel(const KernelCall& call) {
  auto input = cast_column(*as_column(call.args[0], call.num_rows), TypeId::kFloat64, true);
  const int64_t n = input->length();
  double (*function)(double) = nullptr;
  const std::string& name = call.expr.name;
  if (name == "sqrt") function = [](double x) { return std::sqrt(x); };
  else if (name == "exp") function = [](double x) { return std::exp(x); };
  else if (name == "log") function = [](double x) { return std::log(x); };
  else if (name == "log10") function = [](double x) { return std::log10(x); };
  else if (name == "sin") function = [](double x) { return std::sin(x); };
  else if (name == "cos") function = [](double x) { return std::cos(x); };
  else throw InternalError("no math kernel for '" + name + "'");
  auto values = Buffer::allocate(n * 8);
  const double* in = input->values<double>();
  double* out = values->data_as<double>();
  for (int64_t row = 0; row < n; ++row) out[row] = function(in[row]);
  return std::make_shared<Column>(TypeId::kFloat64, n, values, intersect_validity({&call.args[0]}, n));
}

std::shared_ptr<Column> round_kernel(const KernelCall& call) {
  auto input = as_column(call.args[0], call.num_rows);
  const DataType& type = input->type();
  if (!type.is_floating()) {
    if (type.id == TypeId::kDecimal128) throw NotSupportedError("round/floor/ceil of decimals; cast to float64 first");
    return input;
  }
  const std::string& name = call.expr.name;
  const int64_t decimals = call.args.size() > 1 && call.args[1].is_scalar() ? call.args[1].scalar->integer : 0;
  const double factor = std::pow(10.0, static_cast<double>(decimals));
  const int64_t n = input->length();
  return visit_fixed_width(type, [&]<typename T>() {
    auto values = Buffer::allocate(n * static_cast<int64_t>(sizeof(T)));
    const T* in = input->values<T>();
    T* out = values->data_as<T>();
    for (int64_t row = 0; row < n; ++row) {
      const double x = in[row];
      double result;
      if (name == "floor") result = std::floor(x);
      else if (name == "ceil") result = std::ceil(x);
      else result = decimals == 0 ? std::round(x) : std::round(x * factor) / factor;
      out[row] = static_cast<T>(result);
    }
    return std::make_shared<Column>(type, n, values, intersect_validity({&call.args[0]}, n));
  });
}

std::shared_ptr<Column> is_nan_kernel(const KernelCall& call) {
  auto input = cast_column(*as_column(call.args[0], call.num_rows), TypeId::kFloat64, true);
  const int64_t n = input->length();
  const bool want_nan = call.expr.name == "is_nan";
  std::vector<uint8_t> bytes(n);
  const double* in = input->values<double>();
  for (int64_t row = 0; row < n; ++row) bytes[row] = want_nan ? std::isnan(in[row]) : std::isfinite(in[row]);
  return std::make_shared<Column>(TypeId::kBool, n, pack_bits(bytes.data(), n), intersect_validity({&call.args[0]}, n));
}

}  // namespace lode::exec
