// Civil dates and calendar months: the calendar the law is written in.
//
// Unemployment-insurance law counts in calendar days, calendar months and
// calendar years, never in instants: a worker is entitled if, within the last
// 120 days before the termination date (fesih_tarihi), they were continuously
// insured, and have at least 600 premium days in the last 3 years; the daily
// benefit is computed from the gross earnings of the last 4 premium months
// (prim ayları). There are no time zones, clocks or daylight-saving rules in
// any of this, so a `Date` is a plain day on the proleptic Gregorian calendar
// and a `Month` is a plain calendar month.
//
// Both are a single int32 so the batch executor keeps them in ordinary integer
// columns (day number = days since 1970-01-01; month number = months since
// 1970-01) and compares, subtracts and hashes them as integers.
//
// Valid range. Dates and months are valid from 1900-01-01 to 2199-12-31 (years
// 1900..2199). Everything that turns text or y/m/d into a value (`Parse`,
// `FromYmd`, `FromYm`) rejects other years with OutOfRange. The arithmetic
// below is cheap inline integer code because it runs per row in batch loops
// (the executor computes both sides of an `if`, so it also runs on rows whose
// data is meaningless): it is *total*. It is defined for every input, never
// aborts and never has undefined behaviour, and it never wraps back into range:
//
//   * if the exact result is a valid date/month, that result is returned;
//   * otherwise the result is invalid (`IsValid()` is false): the exact result
//     when it fits in int32, else the result saturated at the int32 limits.
//
// So a caller that needs a valid result checks `IsValid()` on the result (the
// executor turns a false into the row error "date out of range") rather than
// validating operands first.
//
// Windows. The law's "the last N days / months / years before D" are inclusive
// ranges ending on and including D: `LastDays`, `LastMonths`, `LastYears`
// (`DateRange`, `MonthRange`).
//
// Why hand-written calendar arithmetic: the y/m/d conversions are Howard
// Hinnant's public-domain days_from_civil/civil_from_days algorithms
// (https://howardhinnant.github.io/date_algorithms.html). They are branch-light,
// constexpr and header-only, so per-row date arithmetic inlines into the
// executor's loops, and this header stays free of Boost (which throws on
// invalid dates). Boost.Date_Time validates y/m/d in date.cc, and date_test.cc
// checks every day of 1990..2100 against it.
//
// In the examples below, 2023-06-30 stands for the Date (or Month, 2023-07)
// that Parse would return for that text.
#ifndef ODENEK_DATE_H_
#define ODENEK_DATE_H_

#include <compare>
#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace odenek {

namespace date_internal {

// Narrows an exact int64 result to int32 without wrapping: values past the
// int32 limits stick at the limits, which lie far outside the valid range.
constexpr int32_t Saturate(int64_t v) {
  if (v < std::numeric_limits<int32_t>::min()) {
    return std::numeric_limits<int32_t>::min();
  }
  if (v > std::numeric_limits<int32_t>::max()) {
    return std::numeric_limits<int32_t>::max();
  }
  return static_cast<int32_t>(v);
}

// Floor division and modulo (C++ `/` and `%` truncate toward zero).
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}
constexpr int64_t FloorMod(int64_t a, int64_t b) {
  return a - FloorDiv(a, b) * b;
}

constexpr bool IsLeap(int64_t y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

// Days in month `m` (1..12) of year `y`.
constexpr int DaysInMonth(int64_t y, int m) {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Hinnant's days_from_civil: days since 1970-01-01 of y-m-d (m 1..12, d 1..31),
// exact for any year whose result fits in int64 (int64 so garbage input cannot
// overflow).
constexpr int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;  // [0, 399]
  const int64_t doy =
      (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;        // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

// Hinnant's civil_from_days, the inverse of DaysFromCivil; total on int32.
constexpr Civil CivilFromDays(int32_t days) {
  const int64_t z = static_cast<int64_t>(days) + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;  // [0, 146096]
  const int64_t yoe =
      (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;    // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                       // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// Shared by AddMonths/AddYears/LastYears: d + `months` calendar months with the
// day clamped to the target month's last day, exact in int64.
constexpr int64_t AddMonthsToDays(int32_t days, int64_t months) {
  const Civil c = CivilFromDays(days);
  const int64_t total = c.year * 12 + (c.month - 1) + months;
  const int64_t year = FloorDiv(total, 12);
  const int month = static_cast<int>(FloorMod(total, 12)) + 1;
  const int max_day = DaysInMonth(year, month);
  return DaysFromCivil(year, month, c.day < max_day ? c.day : max_day);
}

inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2199;

}  // namespace date_internal

// A day on the calendar, as the law counts days: termination dates, application
// dates, contract spells, the dates parameters come into force.
//
// Stored as the number of days since 1970-01-01 (negative before it). Every
// int32 names a proleptic Gregorian day, but only 1900-01-01..2199-12-31 is
// valid (see the file comment). A value type: cheap to copy, immutable, safe
// to share between threads.
//
// Example:
//   absl::StatusOr<Date> d = Date::Parse("2023-06-30");  // OK
//   d->year();          // 2023
//   d->day_of_week();   // 5 (Friday)
//   AddDays(*d, 1);     // 2023-07-01
//   Date::Parse("2023-02-30").status();
//   // InvalidArgument: invalid date "2023-02-30": February 2023 has 28 days
class Date {
 public:
  // 1970-01-01 (day number 0), so a zero-filled column reads as valid dates.
  constexpr Date() = default;

  // The date `days_since_epoch` days after 1970-01-01. Does not validate: it
  // is how the executor reads its integer columns. Check IsValid() if the
  // number did not come from a valid Date.
  static constexpr Date FromDayNumber(int32_t days_since_epoch) {
    return Date(days_since_epoch);
  }

  // First and last valid dates: 1900-01-01 and 2199-12-31.
  static constexpr Date Min() {
    return Date(static_cast<int32_t>(
        date_internal::DaysFromCivil(date_internal::kMinYear, 1, 1)));
  }
  static constexpr Date Max() {
    return Date(static_cast<int32_t>(
        date_internal::DaysFromCivil(date_internal::kMaxYear, 12, 31)));
  }

  // The date year-month-day.
  // Errors: OutOfRange if `year` is outside 1900..2199 ("date 2200-01-01 is out
  // of range: years 1900..2199 are supported"); InvalidArgument if the month
  // or day does not exist ("invalid date 2023-02-30: February 2023 has 28
  // days", "invalid date 2023-13-01: month 13: months are 01..12").
  static absl::StatusOr<Date> FromYmd(int year, int month, int day);

  // Parses exactly `YYYY-MM-DD`: ten characters, zero-padded, ASCII digits, no
  // surrounding space, no sign.
  // Errors: InvalidArgument naming the text for anything else (`invalid date
  // "20230101": expected YYYY-MM-DD, like 2023-06-30`) and for a well-formed
  // but impossible date, with the reason (`invalid date "2023-02-30": February
  // 2023 has 28 days`, `invalid date "2023-13-01": month 13: ...`);
  // OutOfRange for a year outside 1900..2199.
  static absl::StatusOr<Date> Parse(absl::string_view text);

  // The day number (days since 1970-01-01), for integer columns.
  constexpr int32_t day_number() const { return days_; }

  // True for 1900-01-01..2199-12-31.
  constexpr bool IsValid() const {
    return Min().days_ <= days_ && days_ <= Max().days_;
  }

  // "2023-06-30"; Parse(d.ToString()) == d for every valid d. An invalid date
  // still prints as its proleptic Gregorian day (for error messages), possibly
  // with a year outside 0000..9999.
  std::string ToString() const;

  // The civil fields. Defined for every value; for valid dates year() is
  // 1900..2199, month() 1..12, day() 1..31.
  constexpr int year() const {
    return static_cast<int>(date_internal::CivilFromDays(days_).year);
  }
  constexpr int month() const {
    return date_internal::CivilFromDays(days_).month;
  }
  constexpr int day() const { return date_internal::CivilFromDays(days_).day; }

  // ISO weekday: 1 = Monday .. 7 = Sunday (1970-01-01 was a Thursday, 4).
  constexpr int day_of_week() const {
    return static_cast<int>(date_internal::FloorMod(int64_t{days_} + 3, 7)) + 1;
  }

  friend constexpr bool operator==(Date a, Date b) = default;
  friend constexpr std::strong_ordering operator<=>(Date a, Date b) = default;

  template <typename H>
  friend H AbslHashValue(H h, Date d) {
    return H::combine(std::move(h), d.days_);
  }

  // absl::StrFormat("%s", d) prints d.ToString().
  friend absl::FormatConvertResult<absl::FormatConversionCharSet::kString>
  AbslFormatConvert(Date d, const absl::FormatConversionSpec& spec,
                    absl::FormatSink* sink);

 private:
  explicit constexpr Date(int32_t days) : days_(days) {}

  int32_t days_ = 0;
};

// Writes d.ToString() (also makes GoogleTest print dates readably).
std::ostream& operator<<(std::ostream& os, Date d);

// A calendar month, as the law counts premium months (prim ayları) and the
// "last 4 months" whose earnings set the daily benefit.
//
// Stored as the number of months since 1970-01 (year * 12 + month - 1 -
// 1970 * 12). Valid: 1900-01..2199-12. A value type: cheap to copy, immutable,
// safe to share between threads.
//
// Example:
//   absl::StatusOr<Month> m = Month::Parse("2024-02");  // OK
//   m->days();                  // 29
//   m->last_day();              // 2024-02-29
//   AddMonths(*m, -3);          // 2023-11
//   Month::Of(m->first_day());  // 2024-02
class Month {
 public:
  // 1970-01 (month number 0).
  constexpr Month() = default;

  // The month `months_since_epoch` months after 1970-01. Does not validate
  // (see Date::FromDayNumber).
  static constexpr Month FromMonthNumber(int32_t months_since_epoch) {
    return Month(months_since_epoch);
  }

  // First and last valid months: 1900-01 and 2199-12.
  static constexpr Month Min() {
    return Month((date_internal::kMinYear - 1970) * 12);
  }
  static constexpr Month Max() {
    return Month((date_internal::kMaxYear - 1970) * 12 + 11);
  }

  // The month year-month.
  // Errors: OutOfRange if `year` is outside 1900..2199; InvalidArgument if
  // `month` is outside 1..12 ("invalid month 2023-13: month 13: months are
  // 01..12").
  static absl::StatusOr<Month> FromYm(int year, int month);

  // Parses exactly `YYYY-MM` (seven characters, zero-padded, ASCII digits).
  // Errors: InvalidArgument naming the text (`invalid month "2023-7": expected
  // YYYY-MM, like 2023-07`, `invalid month "2023-13": month 13: ...`);
  // OutOfRange for a year outside 1900..2199.
  static absl::StatusOr<Month> Parse(absl::string_view text);

  // The month `d` falls in. Valid if `d` is.
  static constexpr Month Of(Date d) {
    const date_internal::Civil c = date_internal::CivilFromDays(d.day_number());
    return Month(date_internal::Saturate((c.year - 1970) * 12 + c.month - 1));
  }

  // The month number (months since 1970-01), for integer columns.
  constexpr int32_t month_number() const { return months_; }

  // True for 1900-01..2199-12.
  constexpr bool IsValid() const {
    return Min().months_ <= months_ && months_ <= Max().months_;
  }

  // "2023-07"; Parse(m.ToString()) == m for every valid m.
  std::string ToString() const;

  // Defined for every value; 1900..2199 and 1..12 for valid months.
  constexpr int year() const {
    return static_cast<int>(date_internal::FloorDiv(months_, 12) + 1970);
  }
  constexpr int month() const {
    return static_cast<int>(date_internal::FloorMod(months_, 12)) + 1;
  }

  // The first and last day of the month (both inside it). Valid if the month
  // is valid.
  constexpr Date first_day() const {
    return Date::FromDayNumber(
        date_internal::Saturate(date_internal::DaysFromCivil(
            date_internal::FloorDiv(months_, 12) + 1970, month(), 1)));
  }
  constexpr Date last_day() const {
    return Date::FromDayNumber(
        date_internal::Saturate(date_internal::DaysFromCivil(
            date_internal::FloorDiv(months_, 12) + 1970, month(), days())));
  }

  // Number of days in the month: 28..31.
  constexpr int days() const {
    return date_internal::DaysInMonth(
        date_internal::FloorDiv(months_, 12) + 1970, month());
  }

  friend constexpr bool operator==(Month a, Month b) = default;
  friend constexpr std::strong_ordering operator<=>(Month a, Month b) = default;

  template <typename H>
  friend H AbslHashValue(H h, Month m) {
    return H::combine(std::move(h), m.months_);
  }

  // absl::StrFormat("%s", m) prints m.ToString().
  friend absl::FormatConvertResult<absl::FormatConversionCharSet::kString>
  AbslFormatConvert(Month m, const absl::FormatConversionSpec& spec,
                    absl::FormatSink* sink);

 private:
  explicit constexpr Month(int32_t months) : months_(months) {}

  int32_t months_ = 0;
};

// Writes m.ToString().
std::ostream& operator<<(std::ostream& os, Month m);

// True if `year` has a 29 February: divisible by 4, except centuries not
// divisible by 400 (1900 is not a leap year, 2000 is).
//
// Example:
//   IsLeapYear(2024);  // true
//   IsLeapYear(1900);  // false
//   IsLeapYear(2000);  // true
constexpr bool IsLeapYear(int year) { return date_internal::IsLeap(year); }

// `to - from` in calendar days: positive if `to` is later, negative if earlier,
// 0 on the same day. This is the law's "d2 - d1 gün": neither end is counted
// twice, so the number of days in the inclusive range [from, to] is
// DaysBetween(from, to) + 1. Saturates at the int32 limits (only reachable
// with invalid dates).
//
// Example:
//   DaysBetween(2024-02-28, 2024-03-01);  // 2 (2024-02-29 lies between)
//   DaysBetween(2023-02-28, 2023-03-01);  // 1
//   DaysBetween(2023-07-01, 2023-06-30);  // -1
constexpr int32_t DaysBetween(Date from, Date to) {
  return date_internal::Saturate(int64_t{to.day_number()} - from.day_number());
}

// The date `n` days after `d` (before it if n < 0). Total: an out-of-range
// result is an invalid Date (see the file comment), never a wrapped one.
//
// Example:
//   AddDays(2023-12-31, 1);    // 2024-01-01
//   AddDays(2024-03-01, -1);   // 2024-02-29
//   AddDays(2199-12-31, 1).IsValid();  // false
constexpr Date AddDays(Date d, int32_t n) {
  return Date::FromDayNumber(
      date_internal::Saturate(int64_t{d.day_number()} + n));
}

// End-of-month rule for AddMonths and AddYears: the result keeps the day of
// the month unless the target month is shorter, in which case the day is
// clamped to the target month's last day. Month-end is not sticky: a date that
// happens to be the last day of a short month keeps its day number, it does not
// jump to the next month's end. Consequently AddMonths(AddMonths(d, 1), -1) is
// not always d.

// The date `n` calendar months after `d` (before it if n < 0), with the
// end-of-month rule above. Total (see the file comment).
//
// Example:
//   AddMonths(2024-01-31, 1);   // 2024-02-29 (clamped)
//   AddMonths(2023-01-31, 1);   // 2023-02-28 (clamped)
//   AddMonths(2023-03-31, -1);  // 2023-02-28 (clamped)
//   AddMonths(2024-02-29, 1);   // 2024-03-29 (not 2024-03-31: not sticky)
//   AddMonths(2023-11-15, 3);   // 2024-02-15
constexpr Date AddMonths(Date d, int32_t n) {
  return Date::FromDayNumber(date_internal::Saturate(
      date_internal::AddMonthsToDays(d.day_number(), n)));
}

// The date `n` calendar years after `d` (before it if n < 0): AddMonths(d,
// 12 * n) without int32 overflow, so 29 February becomes 28 February in a
// non-leap target year. Total (see the file comment).
//
// Example:
//   AddYears(2024-02-29, 1);   // 2025-02-28 (clamped)
//   AddYears(2024-02-29, -4);  // 2020-02-29
//   AddYears(2023-06-30, -3);  // 2020-06-30
constexpr Date AddYears(Date d, int32_t n) {
  return Date::FromDayNumber(date_internal::Saturate(
      date_internal::AddMonthsToDays(d.day_number(), int64_t{n} * 12)));
}

// The month `n` months after `m` (before it if n < 0). Total (see the file
// comment).
//
// Example:
//   AddMonths(2023-12, 1);   // 2024-01
//   AddMonths(2024-02, -3);  // 2023-11
constexpr Month AddMonths(Month m, int32_t n) {
  return Month::FromMonthNumber(
      date_internal::Saturate(int64_t{m.month_number()} + n));
}

// `to - from` in months: 0 for the same month, negative if `to` is earlier.
// As with DaysBetween, the inclusive range [from, to] holds
// MonthsBetween(from, to) + 1 months. Saturates at the int32 limits.
//
// Example:
//   MonthsBetween(2023-11, 2024-02);  // 3
//   MonthsBetween(2024-02, 2023-11);  // -3
constexpr int32_t MonthsBetween(Month from, Month to) {
  return date_internal::Saturate(int64_t{to.month_number()} -
                                 from.month_number());
}

// An inclusive range of days, [first, last]: the law's windows ("the last 120
// days") count both ends. Empty when last < first. A plain aggregate; safe to
// share between threads.
//
// Example:
//   DateRange r = LastDays(2023-06-30, 120);  // [2023-03-03, 2023-06-30]
//   r.days();                  // 120
//   r.Contains(2023-03-03);    // true (first day included)
//   r.Contains(2023-03-02);    // false
struct DateRange {
  Date first;
  Date last;

  // True if first <= d <= last.
  constexpr bool Contains(Date d) const { return first <= d && d <= last; }

  // Number of days in the range, counting both ends; 0 if empty.
  constexpr int32_t days() const {
    const int64_t n = int64_t{last.day_number()} - first.day_number() + 1;
    return n <= 0 ? 0 : date_internal::Saturate(n);
  }

  // "[2023-03-03, 2023-06-30]".
  std::string ToString() const;

  friend constexpr bool operator==(const DateRange& a,
                                   const DateRange& b) = default;
};

std::ostream& operator<<(std::ostream& os, const DateRange& r);

// An inclusive range of months, [first, last]; empty when last < first.
//
// Example:
//   MonthRange r = LastMonths(2024-02, 4);  // [2023-11, 2024-02]
//   r.months();              // 4
//   r.Contains(2023-10);     // false
struct MonthRange {
  Month first;
  Month last;

  // True if first <= m <= last.
  constexpr bool Contains(Month m) const { return first <= m && m <= last; }

  // Number of months in the range, counting both ends; 0 if empty.
  constexpr int32_t months() const {
    const int64_t n = int64_t{last.month_number()} - first.month_number() + 1;
    return n <= 0 ? 0 : date_internal::Saturate(n);
  }

  // "[2023-11, 2024-02]".
  std::string ToString() const;

  friend constexpr bool operator==(const MonthRange& a,
                                   const MonthRange& b) = default;
};

std::ostream& operator<<(std::ostream& os, const MonthRange& r);

// The `n` days ending on and including `end`: [end - (n - 1), end], as in "the
// last 120 days before the termination date". n <= 0 gives an empty range
// (first > last). Total: if the first day would be before 1900-01-01, `first`
// is an invalid Date (check first.IsValid()).
//
// Example:
//   LastDays(2023-06-30, 120);  // [2023-03-03, 2023-06-30], 120 days
//   LastDays(2023-06-30, 1);    // [2023-06-30, 2023-06-30]
constexpr DateRange LastDays(Date end, int32_t n) {
  return {Date::FromDayNumber(
              date_internal::Saturate(int64_t{end.day_number()} - n + 1)),
          end};
}

// The `n` years ending on and including `end`: [AddYears(end, -n) + 1 day,
// end], as in "the last 3 years before the termination date". Because of the
// end-of-month rule a window ending on 29 February starts on 1 March. n <= 0
// gives an empty range. Total, like LastDays.
//
// Example:
//   LastYears(2023-06-30, 3);  // [2020-07-01, 2023-06-30], 1095 days
//   LastYears(2024-02-29, 1);  // [2023-03-01, 2024-02-29], 366 days
constexpr DateRange LastYears(Date end, int32_t n) {
  const int64_t start =
      date_internal::AddMonthsToDays(end.day_number(), -int64_t{n} * 12) + 1;
  return {Date::FromDayNumber(date_internal::Saturate(start)), end};
}

// The `n` months ending with and including `end`: [end - (n - 1), end], as in
// "the last 4 premium months". n <= 0 gives an empty range. Total, like
// LastDays.
//
// Example:
//   LastMonths(2024-02, 4);  // [2023-11, 2024-02]
//   LastMonths(2024-02, 1);  // [2024-02, 2024-02]
constexpr MonthRange LastMonths(Month end, int32_t n) {
  return {Month::FromMonthNumber(
              date_internal::Saturate(int64_t{end.month_number()} - n + 1)),
          end};
}

}  // namespace odenek

#endif  // ODENEK_DATE_H_
