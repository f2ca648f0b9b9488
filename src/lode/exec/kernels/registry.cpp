// Maps function names (as plan/type_rules.cpp knows them) to kernels.

#include <string_view>
#include <unordered_map>

#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

Kernel find_kernel(const std::string& name) {
  static const std::unordered_map<std::string_view, Kernel> kKernels = {
      {"add", arithmetic_kernel},      {"subtract", arithmetic_kernel}, {"multiply", arithmetic_kernel},
      {"divide", arithmetic_kernel},   {"floor_divide", arithmetic_kernel}, {"modulo", arithmetic_kernel},
      {"power", arithmetic_kernel},    {"negate", negate_kernel},       {"abs", abs_kernel},
      {"equal", comparison_kernel},    {"not_equal", comparison_kernel}, {"less", comparison_kernel},
      {"less_equal", comparison_kernel}, {"greater", comparison_kernel}, {"greater_equal", comparison_kernel},
      {"and", and_kernel},             {"or", or_kernel},               {"xor", xor_kernel},
      {"not", not_kernel},             {"is_null", is_null_kernel},     {"is_not_null", is_not_null_kernel},
      {"case_when", case_when_kernel}, {"fill_null", coalesce_kernel},  {"coalesce", coalesce_kernel},
      {"is_in", is_in_kernel},         {"sqrt", math_kernel},           {"exp", math_kernel},
      {"log", math_kernel},            {"log10", math_kernel},          {"sin", math_kernel},
      {"cos", math_kernel},            {"round", round_kernel},         {"floor", round_kernel},
      {"ceil", round_kernel},          {"is_nan", is_nan_kernel},       {"is_finite", is_nan_kernel},
      {"str_len", string_kernel},      {"str_len_bytes", string_kernel}, {"upper", string_kernel},
      {"lower", string_kernel},        {"strip", string_kernel},        {"str_slice", string_kernel},
      {"replace", string_kernel},      {"replace_all", string_kernel},  {"contains", string_kernel},
      {"contains_regex", string_kernel}, {"starts_with", string_kernel}, {"ends_with", string_kernel},
      {"concat", string_kernel},       {"year", temporal_kernel},       {"month", temporal_kernel},
      {"day", temporal_kernel},        {"weekday", temporal_kernel},    {"ordinal_day", temporal_kernel},
      {"hour", temporal_kernel},       {"minute", temporal_kernel},     {"second", temporal_kernel},
      {"microsecond", temporal_kernel}, {"date", temporal_kernel},
  };
  auto it = kKernels.find(name);
  return it == kKernels.end() ? nullptr : it->second;
}

}  // namespace lode::exec
