// Date and time parts of date32 and timestamp columns. Timestamps are UTC
// instants; parts of zoned timestamps are computed in UTC for now (TODO:
// convert to the zone's local time with a TZif reader of /usr/share/zoneinfo).

#include "lode/core/calendar.h"
#include "lode/core/error.h"
#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

namespace {

enum class Part { kYear, kMonth, kDay, kWeekday, kOrdinalDay, kHour, kMinute, kSecond, kMicrosecond, kDate };

Part part_of(const std::string& name) {
  if (name == "year") return Part::kYear;
  if (name == "month") return Part::kMonth;
  if (name == "day") return Part::kDay;
  if (name == "weekday") return Part::kWeekday;
  if (name == "ordinal_day") return Part::kOrdinalDay;
  if (name == "hour") return Part::kHour;
  if (name == "minute") return Part::kMinute;
  if (name == "second") return Part::kSecond;
  if (name == "microsecond") return Part::kMicrosecond;
  return Part::kDate;
}

int32_t part_value(Part part, int64_t days, int64_t micros_of_day) {
  switch (part) {
    case Part::kHour: return static_cast<int32_t>(micros_of_day / (3600 * calendar::kMicrosPerSecond));
    case Part::kMinute: return static_cast<int32_t>(micros_of_day / (60 * calendar::kMicrosPerSecond) % 60);
    case Part::kSecond: return static_cast<int32_t>(micros_of_day / calendar::kMicrosPerSecond % 60);
    case Part::kMicrosecond: return static_cast<int32_t>(micros_of_day % calendar::kMicrosPerSecond);
    case Part::kWeekday: return static_cast<int32_t>(((days % 7) + 7 + 3) % 7 + 1);  // 1970-01-01 was a Thursday
    case Part::kDate: return static_cast<int32_t>(days);
    default: break;
  }
  const calendar::CivilDate date = calendar::date_from_days(days);
  if (part == Part::kYear) return static_cast<int32_t>(date.year);
  if (part == Part::kMonth) return date.month;
  if (part == Part::kDay) return date.day;
  return static_cast<int32_t>(days - calendar::days_from_date(date.year, 1, 1) + 1);
}

}  // namespace

std::shared_ptr<Column> temporal_kernel(const KernelCall& call) {
  auto input = as_column(call.args[0], call.num_rows);
  const int64_t n = input->length();
  const Part part = part_of(call.expr.name);
  const bool is_timestamp = input->type().id == TypeId::kTimestamp;
  auto values = Buffer::allocate(n * 4);
  int32_t* out = values->data_as<int32_t>();
  for (int64_t row = 0; row < n; ++row) {
    int64_t days, micros_of_day = 0;
    if (is_timestamp) calendar::split_timestamp(input->values<int64_t>()[row], days, micros_of_day);
    else days = input->values<int32_t>()[row];
    out[row] = part_value(part, days, micros_of_day);
  }
  return std::make_shared<Column>(call.expr.type, n, values, intersect_validity({&call.args[0]}, n));
}

}  // namespace lode::exec
