#include "odenek/date.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>

#include "absl/hash/hash_testing.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "boost/date_time/gregorian/gregorian_types.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

using ::odenek::testing::StatusIs;
using ::testing::HasSubstr;

// Test shorthand: a date or month from text that must parse.
Date D(absl::string_view text) {
  absl::StatusOr<Date> d = Date::Parse(text);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.value_or(Date());
}

Month M(absl::string_view text) {
  absl::StatusOr<Month> m = Month::Parse(text);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.value_or(Month());
}

constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int32_t kInt32Min = std::numeric_limits<int32_t>::min();

// ---------------------------------------------------------------- Date basics

TEST(DateTest, DefaultIsEpoch) {
  EXPECT_EQ(Date().day_number(), 0);
  EXPECT_EQ(Date().ToString(), "1970-01-01");
}

TEST(DateTest, FromDayNumberRoundTrips) {
  EXPECT_EQ(Date::FromDayNumber(19538).day_number(), 19538);
  EXPECT_EQ(Date::FromDayNumber(19538).ToString(), "2023-06-30");
  EXPECT_EQ(Date::FromDayNumber(-1).ToString(), "1969-12-31");
}

TEST(DateTest, IsUsableAtCompileTime) {
  static_assert(Date::FromDayNumber(19538).year() == 2023);
  static_assert(AddMonths(Date::FromDayNumber(19753), 1).day() ==
                29);  // 2024-01-31
  static_assert(Date::Min().IsValid() && Date::Max().IsValid());
  static_assert(sizeof(Date) == sizeof(int32_t) &&
                sizeof(Month) == sizeof(int32_t));
}

TEST(DateTest, MinAndMaxAreTheSupportedYears) {
  EXPECT_EQ(Date::Min().ToString(), "1900-01-01");
  EXPECT_EQ(Date::Max().ToString(), "2199-12-31");
  EXPECT_FALSE(AddDays(Date::Min(), -1).IsValid());
  EXPECT_FALSE(AddDays(Date::Max(), 1).IsValid());
}

TEST(DateTest, FromYmdAcceptsARealDate) {
  ASSERT_OK_AND_ASSIGN(Date d, Date::FromYmd(2023, 6, 30));
  EXPECT_EQ(d.year(), 2023);
  EXPECT_EQ(d.month(), 6);
  EXPECT_EQ(d.day(), 30);
  EXPECT_EQ(d.ToString(), "2023-06-30");
}

TEST(DateTest, FromYmdRejectsFebruary30WithTheReason) {
  EXPECT_THAT(Date::FromYmd(2023, 2, 30),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "invalid date 2023-02-30: February 2023 has 28 days"));
}

TEST(DateTest, FromYmdRejectsMonth13) {
  EXPECT_THAT(Date::FromYmd(2023, 13, 1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid date 2023-13-01: month 13")));
}

TEST(DateTest, FromYmdRejectsMonthThatWouldWrapInBoost) {
  // 65537 is 1 as an unsigned short: must not become January.
  EXPECT_THAT(
      Date::FromYmd(2023, 65537, 1),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("month 65537")));
}

TEST(DateTest, FromYmdRejectsDayZeroAndDay32) {
  EXPECT_THAT(Date::FromYmd(2023, 1, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("day 0")));
  EXPECT_THAT(Date::FromYmd(2023, 1, 32),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("January 2023 has 31 days")));
}

TEST(DateTest, FromYmdRejectsDay31InA30DayMonth) {
  EXPECT_THAT(Date::FromYmd(2023, 4, 31),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("April 2023 has 30 days")));
}

TEST(DateTest, FromYmdRejectsYearsOutsideRange) {
  EXPECT_THAT(
      Date::FromYmd(1899, 12, 31),
      StatusIs(
          absl::StatusCode::kOutOfRange,
          "date 1899-12-31 is out of range: years 1900..2199 are supported"));
  EXPECT_THAT(Date::FromYmd(2200, 1, 1),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("2200-01-01")));
  EXPECT_THAT(Date::FromYmd(-5, 1, 1),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("-5")));
}

TEST(DateTest, FromYmdAcceptsTheRangeEnds) {
  ASSERT_OK_AND_ASSIGN(Date lo, Date::FromYmd(1900, 1, 1));
  ASSERT_OK_AND_ASSIGN(Date hi, Date::FromYmd(2199, 12, 31));
  EXPECT_EQ(lo, Date::Min());
  EXPECT_EQ(hi, Date::Max());
}

// ---------------------------------------------------------------- Date::Parse

TEST(DateTest, ParseFormatRoundTrip) {
  for (const char* text :
       {"1900-01-01", "1970-01-01", "1999-12-31", "2000-02-29", "2023-06-30",
        "2024-02-29", "2199-12-31"}) {
    ASSERT_OK_AND_ASSIGN(Date d, Date::Parse(text));
    EXPECT_EQ(d.ToString(), text);
  }
}

TEST(DateTest, ParseRejectsFebruary30WithTheReason) {
  EXPECT_THAT(
      Date::Parse("2023-02-30"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "invalid date \"2023-02-30\": February 2023 has 28 days"));
}

TEST(DateTest, ParseRejectsMonth13) {
  EXPECT_THAT(Date::Parse("2023-13-01"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid date \"2023-13-01\": month 13")));
}

TEST(DateTest, ParseRejectsMissingDashes) {
  EXPECT_THAT(
      Date::Parse("20230101"),
      StatusIs(
          absl::StatusCode::kInvalidArgument,
          "invalid date \"20230101\": expected YYYY-MM-DD, like 2023-06-30"));
}

TEST(DateTest, ParseRejectsUnpaddedFields) {
  EXPECT_THAT(Date::Parse("2023-1-5"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"2023-1-5\": expected YYYY-MM-DD")));
}

TEST(DateTest, ParseRejectsSurroundingSpace) {
  EXPECT_THAT(Date::Parse(" 2023-01-01"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\" 2023-01-01\": expected YYYY-MM-DD")));
  EXPECT_THAT(Date::Parse("2023-01-01 "),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("expected YYYY-MM-DD")));
}

TEST(DateTest, ParseRejectsEmpty) {
  EXPECT_THAT(Date::Parse(""),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid date \"\": expected YYYY-MM-DD")));
}

TEST(DateTest, ParseRejectsSignsAndOtherSeparators) {
  for (const char* text :
       {"+023-01-01", "2023/01/01", "2023-01-0a", "2023-01-01T00:00"}) {
    EXPECT_THAT(Date::Parse(text), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("expected YYYY-MM-DD")))
        << text;
  }
}

TEST(DateTest, ParseEscapesControlCharactersInTheMessage) {
  EXPECT_THAT(Date::Parse("2023-01-0\n"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"2023-01-0\\n\"")));
}

TEST(DateTest, ParseRejectsYearsOutsideRange) {
  EXPECT_THAT(Date::Parse("1899-12-31"),
              StatusIs(absl::StatusCode::kOutOfRange,
                       "date \"1899-12-31\" is out of range: years 1900..2199 "
                       "are supported"));
  EXPECT_THAT(Date::Parse("2200-01-01"),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("2200")));
  EXPECT_THAT(Date::Parse("0000-01-01"),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("0000")));
}

// ---------------------------------------------------------------- Leap years

TEST(DateTest, LeapYearRule) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(2100));
}

TEST(DateTest, February29ExistsOnlyInLeapYears) {
  EXPECT_OK(Date::Parse("2024-02-29"));
  EXPECT_OK(Date::Parse("2000-02-29"));
  EXPECT_THAT(Date::Parse("2023-02-29"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("February 2023 has 28 days")));
  EXPECT_THAT(Date::Parse("1900-02-29"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("February 1900 has 28 days")));
}

// ---------------------------------------------------------------- Fields

TEST(DateTest, DayOfWeekIsIso) {
  EXPECT_EQ(D("1970-01-01").day_of_week(), 4);  // Thursday
  EXPECT_EQ(D("2023-06-26").day_of_week(), 1);  // Monday
  EXPECT_EQ(D("2023-07-02").day_of_week(), 7);  // Sunday
  EXPECT_EQ(D("1900-01-01").day_of_week(), 1);  // Monday, before the epoch
}

TEST(DateTest, ComparesByDay) {
  EXPECT_LT(D("2023-06-30"), D("2023-07-01"));
  EXPECT_EQ(D("2023-06-30"), Date::FromDayNumber(19538));
  EXPECT_GT(D("2024-01-01"), D("2023-12-31"));
}

TEST(DateTest, HashIsConsistentWithEquality) {
  EXPECT_TRUE(absl::VerifyTypeImplementsAbslHashCorrectly(
      {Date(), D("2023-06-30"), D("2024-02-29"), Date::Min(), Date::Max()}));
}

TEST(DateTest, StreamsAndFormatsAsIsoText) {
  std::ostringstream os;
  os << D("2023-06-30");
  EXPECT_EQ(os.str(), "2023-06-30");
  EXPECT_EQ(absl::StrFormat("on %s", D("2023-06-30")), "on 2023-06-30");
}

// ---------------------------------------------------------------- Arithmetic

TEST(DateTest, DaysBetweenCountsTheLeapDay) {
  EXPECT_EQ(DaysBetween(D("2024-02-28"), D("2024-03-01")), 2);
  EXPECT_EQ(DaysBetween(D("2023-02-28"), D("2023-03-01")), 1);
}

TEST(DateTest, DaysBetweenIsNegativeBackwards) {
  EXPECT_EQ(DaysBetween(D("2023-07-01"), D("2023-06-30")), -1);
  EXPECT_EQ(DaysBetween(D("2023-06-30"), D("2023-06-30")), 0);
}

TEST(DateTest, DaysBetweenAcrossYears) {
  EXPECT_EQ(DaysBetween(D("2023-01-01"), D("2024-01-01")), 365);
  EXPECT_EQ(DaysBetween(D("2024-01-01"), D("2025-01-01")), 366);
  EXPECT_EQ(DaysBetween(D("1900-01-01"), D("2000-01-01")),
            36524);  // 1900 not leap
  EXPECT_EQ(DaysBetween(D("2000-01-01"), D("2100-01-01")), 36525);  // 2000 leap
}

TEST(DateTest, AddDaysCrossesTheYearEnd) {
  EXPECT_EQ(AddDays(D("2023-12-31"), 1), D("2024-01-01"));
  EXPECT_EQ(AddDays(D("2024-01-01"), -1), D("2023-12-31"));
}

TEST(DateTest, AddDaysCrossesTheLeapDay) {
  EXPECT_EQ(AddDays(D("2024-02-28"), 1), D("2024-02-29"));
  EXPECT_EQ(AddDays(D("2023-02-28"), 1), D("2023-03-01"));
}

TEST(DateTest, AddMonthsClampsToTheMonthEnd) {
  EXPECT_EQ(AddMonths(D("2024-01-31"), 1), D("2024-02-29"));
  EXPECT_EQ(AddMonths(D("2023-01-31"), 1), D("2023-02-28"));
  EXPECT_EQ(AddMonths(D("2023-03-31"), -1), D("2023-02-28"));
  EXPECT_EQ(AddMonths(D("2023-05-31"), 1), D("2023-06-30"));
}

TEST(DateTest, AddMonthsMonthEndIsNotSticky) {
  EXPECT_EQ(AddMonths(D("2024-02-29"), 1), D("2024-03-29"));
  EXPECT_EQ(AddMonths(D("2023-06-30"), 1), D("2023-07-30"));
}

TEST(DateTest, AddMonthsCrossesYears) {
  EXPECT_EQ(AddMonths(D("2023-11-15"), 3), D("2024-02-15"));
  EXPECT_EQ(AddMonths(D("2024-01-15"), -1), D("2023-12-15"));
  EXPECT_EQ(AddMonths(D("2024-01-15"), -25), D("2021-12-15"));
  EXPECT_EQ(AddMonths(D("1969-12-15"), 1), D("1970-01-15"));
}

TEST(DateTest, AddYearsClampsFebruary29) {
  EXPECT_EQ(AddYears(D("2024-02-29"), 1), D("2025-02-28"));
  EXPECT_EQ(AddYears(D("2024-02-29"), -1), D("2023-02-28"));
}

TEST(DateTest, AddYearsKeepsFebruary29InLeapYears) {
  EXPECT_EQ(AddYears(D("2024-02-29"), -4), D("2020-02-29"));
  EXPECT_EQ(AddYears(D("2096-02-29"), 4), D("2100-02-28"));  // 2100 not leap
}

TEST(DateTest, ArithmeticLeavingTheRangeGivesAnInvalidDate) {
  EXPECT_FALSE(AddDays(D("2199-12-31"), 1).IsValid());
  EXPECT_FALSE(AddMonths(D("1900-01-31"), -1).IsValid());
  EXPECT_FALSE(AddYears(D("2199-06-30"), 1).IsValid());
  EXPECT_FALSE(LastDays(D("1900-01-01"), 2).first.IsValid());
  EXPECT_FALSE(LastYears(D("1902-06-30"), 3).first.IsValid());
}

TEST(DateTest, InvalidDatesStillPrintTheirDay) {
  EXPECT_EQ(AddDays(Date::Max(), 1).ToString(), "2200-01-01");
  EXPECT_EQ(AddDays(Date::Min(), -1).ToString(), "1899-12-31");
  EXPECT_EQ(Date::FromDayNumber(kInt32Min).ToString(), "-5877641-06-23");
}

TEST(DateTest, ArithmeticSaturatesInsteadOfWrapping) {
  EXPECT_EQ(AddDays(Date::Max(), kInt32Max).day_number(), kInt32Max);
  EXPECT_EQ(AddDays(Date::Min(), kInt32Min).day_number(), kInt32Min);
  EXPECT_EQ(AddYears(Date::Max(), kInt32Max).day_number(), kInt32Max);
  EXPECT_EQ(AddYears(Date::Min(), kInt32Min).day_number(), kInt32Min);
  EXPECT_EQ(AddMonths(Date::Max(), kInt32Max).day_number(), kInt32Max);
  EXPECT_EQ(LastYears(Date::Max(), kInt32Min).first.day_number(), kInt32Max);
  EXPECT_EQ(DaysBetween(Date::FromDayNumber(kInt32Min),
                        Date::FromDayNumber(kInt32Max)),
            kInt32Max);
}

TEST(DateTest, ArithmeticOnGarbageDayNumbersIsDefined) {
  // The executor computes both sides of an `if`, so any int32 can reach these.
  for (int32_t days :
       {kInt32Min, kInt32Min + 1, -1, 0, kInt32Max - 1, kInt32Max}) {
    const Date d = Date::FromDayNumber(days);
    EXPECT_FALSE(d.ToString().empty());
    EXPECT_GE(d.day_of_week(), 1);
    EXPECT_LE(d.day_of_week(), 7);
    const Date plus = AddMonths(d, 1);
    const Date minus = AddYears(d, -1);
    (void)plus;
    (void)minus;
    (void)Month::Of(d).first_day();
    (void)Month::Of(d).last_day();
  }
}

// Every day of 1990..2100 against Boost.Date_Time: day number, fields, weekday,
// and the month arithmetic (Boost's end-of-month rule for months differs
// (it is sticky), so AddMonths is checked against Boost's day clamping).
TEST(DateTest, AgreesWithBoostOnEveryDay1990To2100) {
  namespace bg = boost::gregorian;
  const bg::date epoch(1970, 1, 1);
  for (bg::date b(1990, 1, 1); b <= bg::date(2100, 12, 31); b += bg::days(1)) {
    const int32_t n = static_cast<int32_t>((b - epoch).days());
    const Date d = Date::FromDayNumber(n);
    ASSERT_EQ(d.year(), b.year()) << n;
    ASSERT_EQ(d.month(), b.month().as_number()) << n;
    ASSERT_EQ(d.day(), b.day().as_number()) << n;
    ASSERT_EQ(d.day_of_week() % 7, b.day_of_week().as_number())
        << n;  // Boost: Sunday 0
    absl::StatusOr<Date> parsed = Date::FromYmd(b.year(), b.month(), b.day());
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    ASSERT_EQ(parsed->day_number(), n);
    ASSERT_EQ(Month::Of(d).last_day().day(), b.end_of_month().day().as_number())
        << n;
    ASSERT_EQ(DaysBetween(Date::FromDayNumber(0), d), n);
    // AddMonths(d, 13): Boost clamps as we do except when d is its month's end.
    const bg::date target_first =
        bg::date(b.year(), b.month(), 1) + bg::months(13);
    const int target_day =
        std::min<int>(b.day(), target_first.end_of_month().day().as_number());
    const bg::date expected(target_first.year(), target_first.month(),
                            target_day);
    ASSERT_EQ(AddMonths(d, 13).day_number(), (expected - epoch).days()) << n;
  }
}

TEST(DateTest, AgreesWithBoostAtTheRangeEnds) {
  namespace bg = boost::gregorian;
  const bg::date epoch(1970, 1, 1);
  EXPECT_EQ(Date::Min().day_number(), (bg::date(1900, 1, 1) - epoch).days());
  EXPECT_EQ(Date::Max().day_number(), (bg::date(2199, 12, 31) - epoch).days());
}

// ---------------------------------------------------------------- Windows

TEST(DateTest, LastDaysEndsOnAndIncludesTheDate) {
  const DateRange r = LastDays(D("2023-06-30"), 120);
  EXPECT_EQ(r.first, D("2023-03-03"));
  EXPECT_EQ(r.last, D("2023-06-30"));
  EXPECT_EQ(r.days(), 120);
}

TEST(DateTest, LastDaysContainsBothEnds) {
  const DateRange r = LastDays(D("2023-06-30"), 120);
  EXPECT_TRUE(r.Contains(D("2023-03-03")));
  EXPECT_TRUE(r.Contains(D("2023-06-30")));
  EXPECT_FALSE(r.Contains(D("2023-03-02")));
  EXPECT_FALSE(r.Contains(D("2023-07-01")));
}

TEST(DateTest, LastDaysOfOneIsTheDay) {
  EXPECT_EQ(LastDays(D("2023-06-30"), 1),
            (DateRange{D("2023-06-30"), D("2023-06-30")}));
}

TEST(DateTest, LastDaysOfZeroIsEmpty) {
  const DateRange r = LastDays(D("2023-06-30"), 0);
  EXPECT_EQ(r.days(), 0);
  EXPECT_FALSE(r.Contains(D("2023-06-30")));
  EXPECT_EQ(LastDays(D("2023-06-30"), -5).days(), 0);
}

TEST(DateTest, LastYearsStartsTheDayAfterTheAnniversary) {
  const DateRange r = LastYears(D("2023-06-30"), 3);
  EXPECT_EQ(r, (DateRange{D("2020-07-01"), D("2023-06-30")}));
  EXPECT_EQ(r.days(), 1095);
}

TEST(DateTest, LastYearsAcrossALeapDayHas1096Days) {
  EXPECT_EQ(LastYears(D("2024-06-30"), 3).days(), 1096);
}

TEST(DateTest, LastYearsEndingOnFebruary29StartsOnMarch1) {
  EXPECT_EQ(LastYears(D("2024-02-29"), 1),
            (DateRange{D("2023-03-01"), D("2024-02-29")}));
  EXPECT_EQ(LastYears(D("2024-02-29"), 1).days(), 366);
}

TEST(DateTest, DateRangePrints) {
  EXPECT_EQ(LastYears(D("2023-06-30"), 3).ToString(),
            "[2020-07-01, 2023-06-30]");
  std::ostringstream os;
  os << LastDays(D("2023-06-30"), 1);
  EXPECT_EQ(os.str(), "[2023-06-30, 2023-06-30]");
}

// ---------------------------------------------------------------- Header
// examples

TEST(DateTest, DocExampleDateClass) {
  absl::StatusOr<Date> d = Date::Parse("2023-06-30");
  ASSERT_OK(d);
  EXPECT_EQ(d->year(), 2023);
  EXPECT_EQ(d->day_of_week(), 5);
  EXPECT_EQ(AddDays(*d, 1), D("2023-07-01"));
  EXPECT_THAT(
      Date::Parse("2023-02-30"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "invalid date \"2023-02-30\": February 2023 has 28 days"));
}

TEST(DateTest, DocExampleIsLeapYear) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2000));
}

TEST(DateTest, DocExampleDaysBetween) {
  EXPECT_EQ(DaysBetween(D("2024-02-28"), D("2024-03-01")), 2);
  EXPECT_EQ(DaysBetween(D("2023-02-28"), D("2023-03-01")), 1);
  EXPECT_EQ(DaysBetween(D("2023-07-01"), D("2023-06-30")), -1);
}

TEST(DateTest, DocExampleAddDays) {
  EXPECT_EQ(AddDays(D("2023-12-31"), 1), D("2024-01-01"));
  EXPECT_EQ(AddDays(D("2024-03-01"), -1), D("2024-02-29"));
  EXPECT_FALSE(AddDays(D("2199-12-31"), 1).IsValid());
}

TEST(DateTest, DocExampleAddMonths) {
  EXPECT_EQ(AddMonths(D("2024-01-31"), 1), D("2024-02-29"));
  EXPECT_EQ(AddMonths(D("2023-01-31"), 1), D("2023-02-28"));
  EXPECT_EQ(AddMonths(D("2023-03-31"), -1), D("2023-02-28"));
  EXPECT_EQ(AddMonths(D("2024-02-29"), 1), D("2024-03-29"));
  EXPECT_EQ(AddMonths(D("2023-11-15"), 3), D("2024-02-15"));
}

TEST(DateTest, DocExampleAddYears) {
  EXPECT_EQ(AddYears(D("2024-02-29"), 1), D("2025-02-28"));
  EXPECT_EQ(AddYears(D("2024-02-29"), -4), D("2020-02-29"));
  EXPECT_EQ(AddYears(D("2023-06-30"), -3), D("2020-06-30"));
}

TEST(DateTest, DocExampleDateRange) {
  const DateRange r = LastDays(D("2023-06-30"), 120);
  EXPECT_EQ(r, (DateRange{D("2023-03-03"), D("2023-06-30")}));
  EXPECT_EQ(r.days(), 120);
  EXPECT_TRUE(r.Contains(D("2023-03-03")));
  EXPECT_FALSE(r.Contains(D("2023-03-02")));
}

TEST(DateTest, DocExampleLastDays) {
  EXPECT_EQ(LastDays(D("2023-06-30"), 120),
            (DateRange{D("2023-03-03"), D("2023-06-30")}));
  EXPECT_EQ(LastDays(D("2023-06-30"), 1),
            (DateRange{D("2023-06-30"), D("2023-06-30")}));
}

TEST(DateTest, DocExampleLastYears) {
  EXPECT_EQ(LastYears(D("2023-06-30"), 3),
            (DateRange{D("2020-07-01"), D("2023-06-30")}));
  EXPECT_EQ(LastYears(D("2023-06-30"), 3).days(), 1095);
  EXPECT_EQ(LastYears(D("2024-02-29"), 1),
            (DateRange{D("2023-03-01"), D("2024-02-29")}));
  EXPECT_EQ(LastYears(D("2024-02-29"), 1).days(), 366);
}

// ---------------------------------------------------------------- Month

TEST(MonthTest, DefaultIsEpochMonth) {
  EXPECT_EQ(Month().month_number(), 0);
  EXPECT_EQ(Month().ToString(), "1970-01");
}

TEST(MonthTest, MonthNumberCountsFrom1970) {
  ASSERT_OK_AND_ASSIGN(Month m, Month::FromYm(2023, 7));
  EXPECT_EQ(m.month_number(), 2023 * 12 + 7 - 1 - 1970 * 12);
  EXPECT_EQ(Month::FromMonthNumber(-1).ToString(), "1969-12");
}

TEST(MonthTest, MinAndMaxAreTheSupportedYears) {
  EXPECT_EQ(Month::Min().ToString(), "1900-01");
  EXPECT_EQ(Month::Max().ToString(), "2199-12");
  EXPECT_FALSE(AddMonths(Month::Max(), 1).IsValid());
  EXPECT_FALSE(AddMonths(Month::Min(), -1).IsValid());
}

TEST(MonthTest, ParseFormatRoundTrip) {
  for (const char* text :
       {"1900-01", "1969-12", "1970-01", "2023-07", "2199-12"}) {
    ASSERT_OK_AND_ASSIGN(Month m, Month::Parse(text));
    EXPECT_EQ(m.ToString(), text);
  }
}

TEST(MonthTest, ParseRejectsMonth13) {
  EXPECT_THAT(Month::Parse("2023-13"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("invalid month \"2023-13\": month 13")));
  EXPECT_THAT(
      Month::Parse("2023-00"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("month 0")));
}

TEST(MonthTest, ParseRejectsOtherShapes) {
  for (const char* text :
       {"2023-7", "202307", "2023-07-01", " 2023-07", "", "2023/07"}) {
    EXPECT_THAT(Month::Parse(text),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("expected YYYY-MM, like 2023-07")))
        << text;
  }
}

TEST(MonthTest, ParseRejectsYearsOutsideRange) {
  EXPECT_THAT(
      Month::Parse("1899-12"),
      StatusIs(
          absl::StatusCode::kOutOfRange,
          "month \"1899-12\" is out of range: years 1900..2199 are supported"));
}

TEST(MonthTest, FromYmRejectsBadMonthAndYear) {
  EXPECT_THAT(Month::FromYm(2023, 13),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "invalid month 2023-13: month 13: months are 01..12"));
  EXPECT_THAT(Month::FromYm(2200, 1), StatusIs(absl::StatusCode::kOutOfRange,
                                               HasSubstr("month 2200-01")));
}

TEST(MonthTest, OfDate) {
  EXPECT_EQ(Month::Of(D("2023-07-31")), M("2023-07"));
  EXPECT_EQ(Month::Of(D("1969-12-31")), M("1969-12"));
  EXPECT_EQ(Month::Of(D("1900-01-01")), Month::Min());
}

TEST(MonthTest, FirstAndLastDay) {
  EXPECT_EQ(M("2023-07").first_day(), D("2023-07-01"));
  EXPECT_EQ(M("2023-07").last_day(), D("2023-07-31"));
  EXPECT_EQ(M("2023-06").last_day(), D("2023-06-30"));
}

TEST(MonthTest, DaysInFebruary) {
  EXPECT_EQ(M("2024-02").days(), 29);
  EXPECT_EQ(M("2023-02").days(), 28);
  EXPECT_EQ(M("1900-02").days(), 28);
  EXPECT_EQ(M("2000-02").days(), 29);
  EXPECT_EQ(M("2024-02").last_day(), D("2024-02-29"));
}

TEST(MonthTest, AddCrossesTheYearEnd) {
  EXPECT_EQ(AddMonths(M("2023-12"), 1), M("2024-01"));
  EXPECT_EQ(AddMonths(M("2024-01"), -1), M("2023-12"));
}

TEST(MonthTest, MonthsBetween) {
  EXPECT_EQ(MonthsBetween(M("2023-11"), M("2024-02")), 3);
  EXPECT_EQ(MonthsBetween(M("2024-02"), M("2023-11")), -3);
  EXPECT_EQ(MonthsBetween(M("2024-02"), M("2024-02")), 0);
}

TEST(MonthTest, AddSaturatesInsteadOfWrapping) {
  EXPECT_EQ(AddMonths(Month::Max(), kInt32Max).month_number(), kInt32Max);
  EXPECT_EQ(MonthsBetween(Month::FromMonthNumber(kInt32Max),
                          Month::FromMonthNumber(kInt32Min)),
            kInt32Min);
}

TEST(MonthTest, LastMonthsEndsWithAndIncludesTheMonth) {
  const MonthRange r = LastMonths(M("2024-02"), 4);
  EXPECT_EQ(r, (MonthRange{M("2023-11"), M("2024-02")}));
  EXPECT_EQ(r.months(), 4);
  EXPECT_TRUE(r.Contains(M("2023-11")));
  EXPECT_TRUE(r.Contains(M("2024-02")));
  EXPECT_FALSE(r.Contains(M("2023-10")));
  EXPECT_FALSE(r.Contains(M("2024-03")));
}

TEST(MonthTest, LastMonthsOfZeroIsEmpty) {
  EXPECT_EQ(LastMonths(M("2024-02"), 0).months(), 0);
  EXPECT_FALSE(LastMonths(M("2024-02"), 0).Contains(M("2024-02")));
}

TEST(MonthTest, ComparesAndHashes) {
  EXPECT_LT(M("2023-12"), M("2024-01"));
  EXPECT_TRUE(absl::VerifyTypeImplementsAbslHashCorrectly(
      {Month(), M("2023-07"), M("2024-02"), Month::Min(), Month::Max()}));
}

TEST(MonthTest, StreamsAndFormats) {
  std::ostringstream os;
  os << M("2023-07") << " " << LastMonths(M("2024-02"), 4);
  EXPECT_EQ(os.str(), "2023-07 [2023-11, 2024-02]");
  EXPECT_EQ(absl::StrFormat("%s", M("2023-07")), "2023-07");
}

TEST(MonthTest, DocExampleMonthClass) {
  absl::StatusOr<Month> m = Month::Parse("2024-02");
  ASSERT_OK(m);
  EXPECT_EQ(m->days(), 29);
  EXPECT_EQ(m->last_day(), D("2024-02-29"));
  EXPECT_EQ(AddMonths(*m, -3), M("2023-11"));
  EXPECT_EQ(Month::Of(m->first_day()), M("2024-02"));
}

TEST(MonthTest, DocExampleAddMonths) {
  EXPECT_EQ(AddMonths(M("2023-12"), 1), M("2024-01"));
  EXPECT_EQ(AddMonths(M("2024-02"), -3), M("2023-11"));
}

TEST(MonthTest, DocExampleMonthsBetween) {
  EXPECT_EQ(MonthsBetween(M("2023-11"), M("2024-02")), 3);
  EXPECT_EQ(MonthsBetween(M("2024-02"), M("2023-11")), -3);
}

TEST(MonthTest, DocExampleMonthRange) {
  const MonthRange r = LastMonths(M("2024-02"), 4);
  EXPECT_EQ(r, (MonthRange{M("2023-11"), M("2024-02")}));
  EXPECT_EQ(r.months(), 4);
  EXPECT_FALSE(r.Contains(M("2023-10")));
}

TEST(MonthTest, DocExampleLastMonths) {
  EXPECT_EQ(LastMonths(M("2024-02"), 4),
            (MonthRange{M("2023-11"), M("2024-02")}));
  EXPECT_EQ(LastMonths(M("2024-02"), 1),
            (MonthRange{M("2024-02"), M("2024-02")}));
}

}  // namespace
}  // namespace odenek
