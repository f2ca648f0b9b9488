// Binds a kernel to every scalar function of plan/function_catalog.h. The
// table is indexed by ScalarFunctionId and checked at compile time, so a
// function added to the catalogue without a kernel does not build.

#include <array>

#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

namespace {

using Id = plan::ScalarFunctionId;

struct KernelBinding {
  Id id;
  Kernel kernel;
};

constexpr std::array<KernelBinding, plan::kNumScalarFunctions> kKernels = {{
    {Id::kAdd, add_kernel},
    {Id::kSubtract, subtract_kernel},
    {Id::kMultiply, multiply_kernel},
    {Id::kDivide, divide_kernel},
    {Id::kFloorDivide, floor_divide_kernel},
    {Id::kModulo, modulo_kernel},
    {Id::kPower, power_kernel},
    {Id::kNegate, negate_kernel},
    {Id::kAbs, abs_kernel},
    {Id::kEqual, equal_kernel},
    {Id::kNotEqual, not_equal_kernel},
    {Id::kLess, less_kernel},
    {Id::kLessEqual, less_equal_kernel},
    {Id::kGreater, greater_kernel},
    {Id::kGreaterEqual, greater_equal_kernel},
    {Id::kAnd, and_kernel},
    {Id::kOr, or_kernel},
    {Id::kXor, xor_kernel},
    {Id::kNot, not_kernel},
    {Id::kIsNull, is_null_kernel},
    {Id::kIsNotNull, is_not_null_kernel},
    {Id::kCaseWhen, case_when_kernel},
    {Id::kFillNull, coalesce_kernel},
    {Id::kCoalesce, coalesce_kernel},
    {Id::kIsIn, is_in_kernel},
    {Id::kGreatest, greatest_kernel},
    {Id::kLeast, least_kernel},
    {Id::kSqrt, sqrt_kernel},
    {Id::kExp, exp_kernel},
    {Id::kLog, log_kernel},
    {Id::kLog10, log10_kernel},
    {Id::kSin, sin_kernel},
    {Id::kCos, cos_kernel},
    {Id::kRound, round_kernel},
    {Id::kFloor, floor_kernel},
    {Id::kCeil, ceil_kernel},
    {Id::kTrunc, trunc_kernel},
    {Id::kSign, sign_kernel},
    {Id::kIsNan, is_nan_kernel},
    {Id::kIsFinite, is_finite_kernel},
    {Id::kStrLen, str_len_kernel},
    {Id::kStrLenBytes, str_len_bytes_kernel},
    {Id::kUpper, upper_kernel},
    {Id::kLower, lower_kernel},
    {Id::kStrip, strip_kernel},
    {Id::kStripStart, strip_start_kernel},
    {Id::kStripEnd, strip_end_kernel},
    {Id::kStrSlice, str_slice_kernel},
    {Id::kStrHead, str_head_kernel},
    {Id::kStrTail, str_tail_kernel},
    {Id::kConcat, concat_kernel},
    {Id::kContains, contains_kernel},
    {Id::kContainsRegex, contains_regex_kernel},
    {Id::kStartsWith, starts_with_kernel},
    {Id::kEndsWith, ends_with_kernel},
    {Id::kReplace, replace_kernel},
    {Id::kReplaceAll, replace_all_kernel},
    {Id::kReplaceRegex, replace_regex_kernel},
    {Id::kReplaceAllRegex, replace_all_regex_kernel},
    {Id::kPadStart, pad_start_kernel},
    {Id::kPadEnd, pad_end_kernel},
    {Id::kStrPosition, strpos_kernel},
    {Id::kReverse, reverse_kernel},
    {Id::kRepeat, repeat_kernel},
    {Id::kSplitPart, split_part_kernel},
    {Id::kYear, year_kernel},
    {Id::kMonth, month_kernel},
    {Id::kDay, day_kernel},
    {Id::kWeekday, weekday_kernel},
    {Id::kOrdinalDay, ordinal_day_kernel},
    {Id::kHour, hour_kernel},
    {Id::kMinute, minute_kernel},
    {Id::kSecond, second_kernel},
    {Id::kMicrosecond, microsecond_kernel},
    {Id::kDate, date_kernel},
    {Id::kQuarter, quarter_kernel},
    {Id::kWeek, week_kernel},
    {Id::kIsoYear, iso_year_kernel},
    {Id::kDayOfWeek, day_of_week_kernel},
    {Id::kEpoch, epoch_kernel},
    {Id::kTruncate, truncate_kernel},
    {Id::kDateTrunc, date_trunc_kernel},
    {Id::kDateDiff, date_diff_kernel},
    {Id::kAddInterval, add_interval_kernel},
    {Id::kAssertTrue, assert_true_kernel},
    {Id::kLike, like_kernel},
}};

constexpr bool bound_in_id_order() {
  for (size_t i = 0; i < kKernels.size(); ++i)
    if (static_cast<size_t>(kKernels[i].id) != i) return false;
  return true;
}
static_assert(bound_in_id_order(), "kKernels binds every ScalarFunctionId once, in order");

}  // namespace

Kernel kernel_for(plan::ScalarFunctionId id) { return kKernels[static_cast<size_t>(id)].kernel; }

}  // namespace lode::exec
