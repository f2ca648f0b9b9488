// Date and time parts of date32 and timestamp columns. Timestamps are UTC
// instants; parts of zoned timestamps are computed in UTC for now (TODO:
// convert to the zone's local time with a TZif reader of /usr/share/zoneinfo).

#include "lode/core/calendar.h"
#include "lode/core/error.h"
#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

namespace {

enum class Part { kYear, kMonth, kDay, kWeekday, kOrdinalDay, kHour, kMinute, kSecond, kMicrosecond, kDate };

template <Part kPart>
int32_t part_value(int64_t days, int64_t micros_of_day) {
  constexpr int64_t kMicros = calendar::kMicrosPerSecond;  // per second
  if constexpr (kPart == Part::kHour) return static_cast<int32_t>(micros_of_day / (3600 * kMicros));
  else if constexpr (kPart == Part::kMinute) return static_cast<int32_t>(micros_of_day / (60 * kMicros) % 60);
  else if constexpr (kPart == Part::kSecond) return static_cast<int32_t>(micros_of_day / kMicros % 60);
  else if constexpr (kPart == Part::kMicrosecond) return static_cast<int32_t>(micros_of_day % kMicros);
  else if constexpr (kPart == Part::kWeekday)
    return static_cast<int32_t>(((days % 7) + 7 + 3) % 7 + 1);  // 1970-01-01 was a Thursday
  else if constexpr (kPart == Part::kDate) return static_cast<int32_t>(days);
  else {
    const calendar::CivilDate date = calendar::date_from_days(days);
    if constexpr (kPart == Part::kYear) return static_cast<int32_t>(date.year);
    else if constexpr (kPart == Part::kMonth) return date.month;
    else if constexpr (kPart == Part::kDay) return date.day;
    else return static_cast<int32_t>(days - calendar::days_from_date(date.year, 1, 1) + 1);
  }
}

template <Part kPart>
std::shared_ptr<Column> date_part(const KernelCall& call) {
  auto input = as_column(call.args[0], call.num_rows);
  const int64_t n = input->length();
  const bool is_timestamp = input->type().id == TypeId::kTimestamp;
  auto values = Buffer::allocate(n * 4);
  int32_t* out = values->data_as<int32_t>();
  for (int64_t row = 0; row < n; ++row) {
    int64_t days, micros_of_day = 0;
    if (is_timestamp) calendar::split_timestamp(input->values<int64_t>()[row], days, micros_of_day);
    else days = input->values<int32_t>()[row];
    out[row] = part_value<kPart>(days, micros_of_day);
  }
  return std::make_shared<Column>(call.expr.type, n, values, intersect_validity({&call.args[0]}, n));
}

}  // namespace

std::shared_ptr<Column> year_kernel(const KernelCall& call) { return date_part<Part::kYear>(call); }
std::shared_ptr<Column> month_kernel(const KernelCall& call) { return date_part<Part::kMonth>(call); }
std::shared_ptr<Column> day_kernel(const KernelCall& call) { return date_part<Part::kDay>(call); }
std::shared_ptr<Column> weekday_kernel(const KernelCall& call) { return date_part<Part::kWeekday>(call); }
std::shared_ptr<Column> ordinal_day_kernel(const KernelCall& call) { return date_part<Part::kOrdinalDay>(call); }
std::shared_ptr<Column> hour_kernel(const KernelCall& call) { return date_part<Part::kHour>(call); }
std::shared_ptr<Column> minute_kernel(const KernelCall& call) { return date_part<Part::kMinute>(call); }
std::shared_ptr<Column> second_kernel(const KernelCall& call) { return date_part<Part::kSecond>(call); }
std::shared_ptr<Column> microsecond_kernel(const KernelCall& call) { return date_part<Part::kMicrosecond>(call); }
std::shared_ptr<Column> date_kernel(const KernelCall& call) { return date_part<Part::kDate>(call); }

}  // namespace lode::exec
