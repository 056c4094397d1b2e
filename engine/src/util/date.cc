// Date and Month validation and formatting.
//
// Boost.Date_Time is confined to this file: it validates y/m/d (and computes
// the day number of a validated date) for FromYmd/Parse, which run when rules
// and inputs are loaded, not per row. Boost reports an invalid date by
// throwing; every call is wrapped so that only absl::Status leaves this file.
#include "odenek/date.h"

#include <cstdint>
#include <exception>
#include <ostream>
#include <stdexcept>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "boost/date_time/gregorian/gregorian_types.hpp"

namespace odenek {
namespace {

constexpr const char* kMonthNames[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// How a caller names the value in messages ("date 2023-02-30", `date
// "2023-02-30"`); only called on error, so the success path does not allocate
// (Parse runs once per date field of every claim read).
using NameFn = absl::FunctionRef<std::string()>;

// The checks a month shares with a date: the year range and month 1..12.
absl::Status CheckYm(int year, int month, NameFn what) {
  if (year < date_internal::kMinYear || year > date_internal::kMaxYear) {
    return absl::OutOfRangeError(absl::StrFormat(
        "%s is out of range: years %d..%d are supported", what(),
        date_internal::kMinYear, date_internal::kMaxYear));
  }
  if (month < 1 || month > 12) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "invalid %s: month %d: months are 01..12", what(), month));
  }
  return absl::OkStatus();
}

// The day number of y-m-d, or why it is not a date. The day number comes from
// Boost so that validation and conversion have one authority; the inline
// Hinnant arithmetic in date.h is tested against it.
absl::StatusOr<int32_t> YmdToDayNumber(int year, int month, int day,
                                       NameFn what) {
  // Also guards Boost: its field types are unsigned short, so an int like 65537
  // would wrap to a valid month before Boost could reject it.
  if (absl::Status s = CheckYm(year, month, what); !s.ok()) return s;
  if (day < 1 || day > 31) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "invalid %s: day %d: %s %d has %d days", what(), day,
        kMonthNames[month - 1], year, date_internal::DaysInMonth(year, month)));
  }
  try {
    const boost::gregorian::date date(static_cast<unsigned short>(year),
                                      static_cast<unsigned short>(month),
                                      static_cast<unsigned short>(day));
    static const boost::gregorian::date kEpoch(1970, 1, 1);
    return static_cast<int32_t>((date - kEpoch).days());
  } catch (const boost::gregorian::bad_day_of_month&) {
    const int days = boost::gregorian::gregorian_calendar::end_of_month_day(
        static_cast<unsigned short>(year), static_cast<unsigned short>(month));
    return absl::InvalidArgumentError(
        absl::StrFormat("invalid %s: %s %d has %d days", what(),
                        kMonthNames[month - 1], year, days));
  } catch (const std::exception& e) {
    // Unreachable after the checks above (bad_year, bad_month); kept so that no
    // Boost exception can escape.
    return absl::InvalidArgumentError(
        absl::StrCat("invalid ", what(), ": ", e.what()));
  }
}

// A year as the messages and ToString show it: zero-padded to four digits,
// but a negative year keeps its sign in front ("-5", not "-005").
std::string YearText(int64_t year) {
  return year < 0 ? absl::StrCat(year) : absl::StrFormat("%04d", year);
}

// The text as it appears in messages: quoted, escaped (so a stray newline or
// byte does not break a one-line diagnostic) and cut short if very long.
std::string Quote(absl::string_view text) {
  constexpr size_t kMaxShown = 40;
  if (text.size() > kMaxShown) {
    return absl::StrCat("\"", absl::CHexEscape(text.substr(0, kMaxShown)),
                        "\"...");
  }
  return absl::StrCat("\"", absl::CHexEscape(text), "\"");
}

// True if `text` matches `pattern`, where '9' stands for an ASCII digit and
// any other character for itself.
bool MatchesShape(absl::string_view text, absl::string_view pattern) {
  if (text.size() != pattern.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool ok =
        pattern[i] == '9'
            ? absl::ascii_isdigit(static_cast<unsigned char>(text[i]))
            : text[i] == pattern[i];
    if (!ok) return false;
  }
  return true;
}

// Digits at text[pos, pos + len), already known to be ASCII digits.
int Digits(absl::string_view text, size_t pos, size_t len) {
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (text[i] - '0');
  return v;
}

}  // namespace

absl::StatusOr<Date> Date::FromYmd(int year, int month, int day) {
  absl::StatusOr<int32_t> days = YmdToDayNumber(year, month, day, [&] {
    return absl::StrFormat("date %s-%02d-%02d", YearText(year), month, day);
  });
  if (!days.ok()) return days.status();
  return Date(*days);
}

absl::StatusOr<Date> Date::Parse(absl::string_view text) {
  if (!MatchesShape(text, "9999-99-99")) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid date ", Quote(text),
                     ": expected YYYY-MM-DD, like 2023-06-30"));
  }
  absl::StatusOr<int32_t> days =
      YmdToDayNumber(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2),
                     [&] { return absl::StrCat("date ", Quote(text)); });
  if (!days.ok()) return days.status();
  return Date(*days);
}

// "YYYY-MM" or "YYYY-MM-DD" without a format string: results print every
// payment's dates, and StrFormat was a fifth of a single evaluation's cost.
// Years outside 0..9999 (dates the rules can compute but never print for a
// real claim) take the general path.
namespace {
std::string YearMonthText(int64_t year, int month, int day) {
  if (year < 0 || year > 9999) {
    return day == 0 ? absl::StrFormat("%s-%02d", YearText(year), month)
                    : absl::StrFormat("%s-%02d-%02d", YearText(year), month, day);
  }
  char text[10] = {static_cast<char>('0' + year / 1000),
                   static_cast<char>('0' + year / 100 % 10),
                   static_cast<char>('0' + year / 10 % 10),
                   static_cast<char>('0' + year % 10),
                   '-',
                   static_cast<char>('0' + month / 10),
                   static_cast<char>('0' + month % 10),
                   '-',
                   static_cast<char>('0' + day / 10),
                   static_cast<char>('0' + day % 10)};
  return std::string(text, day == 0 ? 7 : 10);
}
}  // namespace

std::string Date::ToString() const {
  const date_internal::Civil c = date_internal::CivilFromDays(days_);
  return YearMonthText(c.year, c.month, c.day);
}

absl::FormatConvertResult<absl::FormatConversionCharSet::kString>
AbslFormatConvert(Date d, const absl::FormatConversionSpec&,
                  absl::FormatSink* sink) {
  sink->Append(d.ToString());
  return {true};
}

std::ostream& operator<<(std::ostream& os, Date d) {
  return os << d.ToString();
}

absl::StatusOr<Month> Month::FromYm(int year, int month) {
  absl::Status s = CheckYm(year, month, [&] {
    return absl::StrFormat("month %s-%02d", YearText(year), month);
  });
  if (!s.ok()) return s;
  return Month((year - 1970) * 12 + (month - 1));
}

absl::StatusOr<Month> Month::Parse(absl::string_view text) {
  if (!MatchesShape(text, "9999-99")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid month ", Quote(text), ": expected YYYY-MM, like 2023-07"));
  }
  const int year = Digits(text, 0, 4);
  const int month = Digits(text, 5, 2);
  absl::Status s =
      CheckYm(year, month, [&] { return absl::StrCat("month ", Quote(text)); });
  if (!s.ok()) return s;
  return Month((year - 1970) * 12 + (month - 1));
}

std::string Month::ToString() const {
  return YearMonthText(date_internal::FloorDiv(months_, 12) + 1970, month(), 0);
}

absl::FormatConvertResult<absl::FormatConversionCharSet::kString>
AbslFormatConvert(Month m, const absl::FormatConversionSpec&,
                  absl::FormatSink* sink) {
  sink->Append(m.ToString());
  return {true};
}

std::ostream& operator<<(std::ostream& os, Month m) {
  return os << m.ToString();
}

std::string DateRange::ToString() const {
  return absl::StrCat("[", first.ToString(), ", ", last.ToString(), "]");
}

std::ostream& operator<<(std::ostream& os, const DateRange& r) {
  return os << r.ToString();
}

std::string MonthRange::ToString() const {
  return absl::StrCat("[", first.ToString(), ", ", last.ToString(), "]");
}

std::ostream& operator<<(std::ostream& os, const MonthRange& r) {
  return os << r.ToString();
}

}  // namespace odenek
