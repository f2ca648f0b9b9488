#pragma once
// Civil-calendar arithmetic for date32 (days since 1970-01-01) and timestamps
// (microseconds since the epoch), proleptic Gregorian, as Arrow defines them.
// Header-only: used in per-row loops of readers, writers and kernels.

#include <cstdint>

namespace lode::calendar {

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

/// Returns the date `days` after 1970-01-01 (Howard Hinnant's algorithm).
inline CivilDate date_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
  const int month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  return {year_of_era + era * 400 + (month <= 2), month, day};
}

/// Returns the days since 1970-01-01 of a civil date.
inline int64_t days_from_date(int64_t year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

/// Returns the number of days in a month (1..12) of a year.
inline int days_in_month(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && leap ? 29 : kDays[month - 1];
}

/// Returns the date `months` calendar months after `days` (both days since
/// 1970-01-01), its day of the month clamped to the new month's last day:
/// 2024-01-31 plus one month is 2024-02-29, as in SQL and Polars.
inline int64_t add_months(int64_t days, int64_t months) {
  if (months == 0) return days;
  const CivilDate date = date_from_days(days);
  const int64_t index = date.year * 12 + (date.month - 1) + months;
  const int64_t year = (index >= 0 ? index : index - 11) / 12;
  const int month = static_cast<int>(index - year * 12) + 1;
  const int last_day = days_in_month(year, month);
  return days_from_date(year, month, date.day < last_day ? date.day : last_day);
}

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

/// Splits microseconds since the epoch into whole days and micros of the day.
inline void split_timestamp(int64_t micros, int64_t& days, int64_t& micros_of_day) {
  days = micros / kMicrosPerDay;
  micros_of_day = micros % kMicrosPerDay;
  if (micros_of_day < 0) {
    micros_of_day += kMicrosPerDay;
    --days;
  }
}

}  // namespace lode::calendar
