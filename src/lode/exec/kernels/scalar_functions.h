#pragma once
// One kernel per scalar function of plan/function_catalog.h; registry.cpp
// binds each to its ScalarFunctionId. Each file in this folder holds one
// family: arithmetic, comparison, boolean, conditional, cast, string,
// temporal, math. A kernel knows its operation at compile time (a template
// parameter), so its row loop has no name compare or indirect call.

#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

// arithmetic.cpp
std::shared_ptr<Column> add_kernel(const KernelCall& call);
std::shared_ptr<Column> subtract_kernel(const KernelCall& call);
std::shared_ptr<Column> multiply_kernel(const KernelCall& call);
std::shared_ptr<Column> divide_kernel(const KernelCall& call);
std::shared_ptr<Column> floor_divide_kernel(const KernelCall& call);
std::shared_ptr<Column> modulo_kernel(const KernelCall& call);
std::shared_ptr<Column> power_kernel(const KernelCall& call);
std::shared_ptr<Column> negate_kernel(const KernelCall& call);
std::shared_ptr<Column> abs_kernel(const KernelCall& call);

// comparison.cpp
std::shared_ptr<Column> equal_kernel(const KernelCall& call);
std::shared_ptr<Column> not_equal_kernel(const KernelCall& call);
std::shared_ptr<Column> less_kernel(const KernelCall& call);
std::shared_ptr<Column> less_equal_kernel(const KernelCall& call);
std::shared_ptr<Column> greater_kernel(const KernelCall& call);
std::shared_ptr<Column> greater_equal_kernel(const KernelCall& call);

// boolean.cpp
std::shared_ptr<Column> and_kernel(const KernelCall& call);
std::shared_ptr<Column> or_kernel(const KernelCall& call);
std::shared_ptr<Column> xor_kernel(const KernelCall& call);
std::shared_ptr<Column> not_kernel(const KernelCall& call);
std::shared_ptr<Column> is_null_kernel(const KernelCall& call);
std::shared_ptr<Column> is_not_null_kernel(const KernelCall& call);

// conditional.cpp
std::shared_ptr<Column> case_when_kernel(const KernelCall& call);
std::shared_ptr<Column> coalesce_kernel(const KernelCall& call);  // also fill_null
std::shared_ptr<Column> is_in_kernel(const KernelCall& call);
std::shared_ptr<Column> assert_true_kernel(const KernelCall& call);
std::shared_ptr<Column> greatest_kernel(const KernelCall& call);
std::shared_ptr<Column> least_kernel(const KernelCall& call);

// math.cpp
std::shared_ptr<Column> sqrt_kernel(const KernelCall& call);
std::shared_ptr<Column> exp_kernel(const KernelCall& call);
std::shared_ptr<Column> log_kernel(const KernelCall& call);
std::shared_ptr<Column> log10_kernel(const KernelCall& call);
std::shared_ptr<Column> sin_kernel(const KernelCall& call);
std::shared_ptr<Column> cos_kernel(const KernelCall& call);
std::shared_ptr<Column> round_kernel(const KernelCall& call);
std::shared_ptr<Column> floor_kernel(const KernelCall& call);
std::shared_ptr<Column> ceil_kernel(const KernelCall& call);
std::shared_ptr<Column> trunc_kernel(const KernelCall& call);
std::shared_ptr<Column> sign_kernel(const KernelCall& call);
std::shared_ptr<Column> is_nan_kernel(const KernelCall& call);
std::shared_ptr<Column> is_finite_kernel(const KernelCall& call);

// string_functions.cpp
std::shared_ptr<Column> str_len_kernel(const KernelCall& call);
std::shared_ptr<Column> str_len_bytes_kernel(const KernelCall& call);
std::shared_ptr<Column> upper_kernel(const KernelCall& call);
std::shared_ptr<Column> lower_kernel(const KernelCall& call);
std::shared_ptr<Column> strip_kernel(const KernelCall& call);
std::shared_ptr<Column> str_slice_kernel(const KernelCall& call);
std::shared_ptr<Column> strip_start_kernel(const KernelCall& call);
std::shared_ptr<Column> strip_end_kernel(const KernelCall& call);
std::shared_ptr<Column> str_head_kernel(const KernelCall& call);
std::shared_ptr<Column> str_tail_kernel(const KernelCall& call);
std::shared_ptr<Column> pad_start_kernel(const KernelCall& call);
std::shared_ptr<Column> pad_end_kernel(const KernelCall& call);
std::shared_ptr<Column> strpos_kernel(const KernelCall& call);
std::shared_ptr<Column> reverse_kernel(const KernelCall& call);
std::shared_ptr<Column> repeat_kernel(const KernelCall& call);
std::shared_ptr<Column> split_part_kernel(const KernelCall& call);
std::shared_ptr<Column> concat_kernel(const KernelCall& call);
std::shared_ptr<Column> contains_kernel(const KernelCall& call);
std::shared_ptr<Column> starts_with_kernel(const KernelCall& call);
std::shared_ptr<Column> ends_with_kernel(const KernelCall& call);
std::shared_ptr<Column> replace_kernel(const KernelCall& call);
std::shared_ptr<Column> replace_all_kernel(const KernelCall& call);
// ... with the pattern compiled when the call was bound
std::shared_ptr<Column> contains_regex_kernel(const KernelCall& call);
std::shared_ptr<Column> like_kernel(const KernelCall& call);
std::shared_ptr<Column> replace_regex_kernel(const KernelCall& call);
std::shared_ptr<Column> replace_all_regex_kernel(const KernelCall& call);

// temporal.cpp
std::shared_ptr<Column> year_kernel(const KernelCall& call);
std::shared_ptr<Column> month_kernel(const KernelCall& call);
std::shared_ptr<Column> day_kernel(const KernelCall& call);
std::shared_ptr<Column> weekday_kernel(const KernelCall& call);
std::shared_ptr<Column> ordinal_day_kernel(const KernelCall& call);
std::shared_ptr<Column> hour_kernel(const KernelCall& call);
std::shared_ptr<Column> minute_kernel(const KernelCall& call);
std::shared_ptr<Column> second_kernel(const KernelCall& call);
std::shared_ptr<Column> microsecond_kernel(const KernelCall& call);
std::shared_ptr<Column> date_kernel(const KernelCall& call);
std::shared_ptr<Column> quarter_kernel(const KernelCall& call);
std::shared_ptr<Column> week_kernel(const KernelCall& call);
std::shared_ptr<Column> iso_year_kernel(const KernelCall& call);
std::shared_ptr<Column> day_of_week_kernel(const KernelCall& call);
std::shared_ptr<Column> epoch_kernel(const KernelCall& call);
// ... with the unit parsed when the call was bound
std::shared_ptr<Column> truncate_kernel(const KernelCall& call);
std::shared_ptr<Column> date_trunc_kernel(const KernelCall& call);
std::shared_ptr<Column> date_diff_kernel(const KernelCall& call);

// date_arithmetic.cpp
std::shared_ptr<Column> add_interval_kernel(const KernelCall& call);

/// Casts a column; strict casts throw InvalidInputError naming the first
/// value that does not convert, non-strict ones give null there.
std::shared_ptr<Column> cast_column(const Column& input, const DataType& target, bool strict);
/// True when every value of `source` casts to `target` (a widening): such a
/// cast never raises, whatever rows it sees.
bool cast_cannot_fail(const DataType& source, const DataType& target);

}  // namespace lode::exec
