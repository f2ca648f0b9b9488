// Date and time parts of date32 and timestamp columns, truncation to a unit
// and differences in units. Timestamps are UTC instants; parts of zoned
// timestamps are computed in UTC for now (TODO: convert to the zone's local
// time with a TZif reader of /usr/share/zoneinfo).

#include "lode/core/calendar.h"
#include "lode/core/error.h"
#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

namespace {

enum class Part {
  kYear, kMonth, kDay, kWeekday, kOrdinalDay, kHour, kMinute, kSecond, kMicrosecond, kDate,
  kQuarter, kWeek, kIsoYear, kDayOfWeek
};

// Monday = 1 to Sunday = 7; 1970-01-01 was a Thursday.
int64_t iso_weekday(int64_t days) { return ((days % 7) + 7 + 3) % 7 + 1; }

// The ISO week and its year are those of the week's Thursday.
int32_t iso_week_part(int64_t days, bool want_year) {
  const int64_t thursday = days + 4 - iso_weekday(days);
  const int64_t year = calendar::date_from_days(thursday).year;
  if (want_year) return static_cast<int32_t>(year);
  return static_cast<int32_t>((thursday - calendar::days_from_date(year, 1, 1)) / 7 + 1);
}

template <Part kPart>
int32_t part_value(int64_t days, int64_t micros_of_day) {
  constexpr int64_t kMicros = calendar::kMicrosPerSecond;  // per second
  if constexpr (kPart == Part::kHour) return static_cast<int32_t>(micros_of_day / (3600 * kMicros));
  else if constexpr (kPart == Part::kMinute) return static_cast<int32_t>(micros_of_day / (60 * kMicros) % 60);
  else if constexpr (kPart == Part::kSecond) return static_cast<int32_t>(micros_of_day / kMicros % 60);
  else if constexpr (kPart == Part::kMicrosecond) return static_cast<int32_t>(micros_of_day % kMicros);
  else if constexpr (kPart == Part::kWeekday) return static_cast<int32_t>(iso_weekday(days));
  else if constexpr (kPart == Part::kDayOfWeek) return static_cast<int32_t>(iso_weekday(days) % 7);
  else if constexpr (kPart == Part::kWeek) return iso_week_part(days, false);
  else if constexpr (kPart == Part::kIsoYear) return iso_week_part(days, true);
  else if constexpr (kPart == Part::kDate) return static_cast<int32_t>(days);
  else {
    const calendar::CivilDate date = calendar::date_from_days(days);
    if constexpr (kPart == Part::kYear) return static_cast<int32_t>(date.year);
    else if constexpr (kPart == Part::kMonth) return date.month;
    else if constexpr (kPart == Part::kDay) return date.day;
    else if constexpr (kPart == Part::kQuarter) return (date.month - 1) / 3 + 1;
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

// A date or timestamp column read as microseconds since the epoch.
struct Instants {
  const Column& column;
  bool is_timestamp;
  int64_t micros(int64_t row) const {
    return is_timestamp ? column.values<int64_t>()[row] : column.values<int32_t>()[row] * calendar::kMicrosPerDay;
  }
};

int64_t floor_divide(int64_t value, int64_t divisor) {
  const int64_t quotient = value / divisor;
  return quotient - ((value % divisor != 0) && ((value < 0) != (divisor < 0)));
}

int64_t micros_of_unit(plan::TemporalUnit unit) {
  using Unit = plan::TemporalUnit;
  switch (unit) {
    case Unit::kHour: return 3600 * calendar::kMicrosPerSecond;
    case Unit::kMinute: return 60 * calendar::kMicrosPerSecond;
    case Unit::kSecond: return calendar::kMicrosPerSecond;
    case Unit::kMillisecond: return 1000;
    case Unit::kMicrosecond: return 1;
    default: return calendar::kMicrosPerDay;
  }
}

// Returns the first day of the unit holding `days` (a day or coarser unit).
int64_t truncate_days(int64_t days, plan::TemporalUnit unit) {
  using Unit = plan::TemporalUnit;
  if (unit == Unit::kWeek) return days - (iso_weekday(days) - 1);
  if (unit != Unit::kYear && unit != Unit::kQuarter && unit != Unit::kMonth) return days;
  const calendar::CivilDate date = calendar::date_from_days(days);
  const int month = unit == Unit::kYear ? 1 : unit == Unit::kQuarter ? (date.month - 1) / 3 * 3 + 1 : date.month;
  return calendar::days_from_date(date.year, month, 1);
}

// The unit of a bound date_trunc or date_diff call (none: a null unit).
const std::optional<plan::TemporalUnit>& unit_of(const KernelCall& call) {
  LODE_CHECK(call.expr.function_data != nullptr, "an unbound date_trunc/date_diff call: " + call.expr.to_string());
  return static_cast<const plan::TemporalUnitData&>(*call.expr.function_data).unit;
}

std::shared_ptr<Column> truncate(const KernelCall& call) {
  const auto& unit = unit_of(call);
  const DataType& type = call.expr.type;
  if (!unit) return null_column(type, call.num_rows);
  auto input = as_column(call.args[1], call.num_rows);
  const int64_t n = input->length();
  const Instants instants{*input, input->type().id == TypeId::kTimestamp};
  const bool coarse = *unit <= plan::TemporalUnit::kDay;
  const int64_t step = micros_of_unit(*unit);
  auto values = Buffer::allocate(n * type.byte_width());
  auto write = [&]<typename T>(T* out, bool as_days) {
    for (int64_t row = 0; row < n; ++row) {
      const int64_t micros = instants.micros(row);
      int64_t result;
      if (coarse) result = truncate_days(floor_divide(micros, calendar::kMicrosPerDay), *unit) * calendar::kMicrosPerDay;
      else result = floor_divide(micros, step) * step;
      out[row] = static_cast<T>(as_days ? floor_divide(result, calendar::kMicrosPerDay) : result);
    }
  };
  if (type.id == TypeId::kDate32) write(values->data_as<int32_t>(), true);
  else write(values->data_as<int64_t>(), false);
  return std::make_shared<Column>(type, n, values, intersect_validity({&call.args[1]}, n));
}

// The number of `unit` boundaries between two instants, as DuckDB counts
// them (weeks: whole 7-day spans between the days).
int64_t unit_difference(int64_t from, int64_t to, plan::TemporalUnit unit) {
  using Unit = plan::TemporalUnit;
  if (unit > Unit::kDay) return floor_divide(to, micros_of_unit(unit)) - floor_divide(from, micros_of_unit(unit));
  const int64_t from_days = floor_divide(from, calendar::kMicrosPerDay);
  const int64_t to_days = floor_divide(to, calendar::kMicrosPerDay);
  if (unit == Unit::kDay) return to_days - from_days;
  if (unit == Unit::kWeek) return (to_days - from_days) / 7;
  const calendar::CivilDate a = calendar::date_from_days(from_days), b = calendar::date_from_days(to_days);
  if (unit == Unit::kYear) return b.year - a.year;
  if (unit == Unit::kQuarter) return (b.year * 4 + (b.month - 1) / 3) - (a.year * 4 + (a.month - 1) / 3);
  return (b.year * 12 + b.month) - (a.year * 12 + a.month);
}

}  // namespace

std::shared_ptr<Column> truncate_kernel(const KernelCall& call) { return truncate(call); }
std::shared_ptr<Column> date_trunc_kernel(const KernelCall& call) { return truncate(call); }

std::shared_ptr<Column> date_diff_kernel(const KernelCall& call) {
  const auto& unit = unit_of(call);
  if (!unit) return null_column(TypeId::kInt64, call.num_rows);
  auto from = as_column(call.args[1], call.num_rows), to = as_column(call.args[2], call.num_rows);
  const int64_t n = call.num_rows;
  const Instants from_instants{*from, from->type().id == TypeId::kTimestamp};
  const Instants to_instants{*to, to->type().id == TypeId::kTimestamp};
  auto values = Buffer::allocate(n * 8);
  int64_t* out = values->data_as<int64_t>();
  for (int64_t row = 0; row < n; ++row) out[row] = unit_difference(from_instants.micros(row), to_instants.micros(row), *unit);
  return std::make_shared<Column>(TypeId::kInt64, n, values, intersect_validity({&call.args[1], &call.args[2]}, n));
}

std::shared_ptr<Column> epoch_kernel(const KernelCall& call) {
  auto input = as_column(call.args[0], call.num_rows);
  const int64_t n = input->length();
  const Instants instants{*input, input->type().id == TypeId::kTimestamp};
  auto values = Buffer::allocate(n * 8);
  double* out = values->data_as<double>();
  for (int64_t row = 0; row < n; ++row) {
    const int64_t micros = instants.micros(row);
    const int64_t seconds = floor_divide(micros, calendar::kMicrosPerSecond);
    const int64_t fraction = micros - seconds * calendar::kMicrosPerSecond;
    out[row] = static_cast<double>(seconds) + static_cast<double>(fraction) / 1e6;
  }
  return std::make_shared<Column>(TypeId::kFloat64, n, values, intersect_validity({&call.args[0]}, n));
}

std::shared_ptr<Column> quarter_kernel(const KernelCall& call) { return date_part<Part::kQuarter>(call); }
std::shared_ptr<Column> week_kernel(const KernelCall& call) { return date_part<Part::kWeek>(call); }
std::shared_ptr<Column> iso_year_kernel(const KernelCall& call) { return date_part<Part::kIsoYear>(call); }
std::shared_ptr<Column> day_of_week_kernel(const KernelCall& call) { return date_part<Part::kDayOfWeek>(call); }

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
