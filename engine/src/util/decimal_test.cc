// Decimal (odenek/decimal.h): parsing and formatting, rounding in every mode,
// the published calculations, overflow as a status, comparison and hashing.
// The randomized check against exact arithmetic is decimal_reference_test.cc;
// Turkish number text is decimal_text_test.cc.
#include "odenek/decimal.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash_testing.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

using ::odenek::testing::StatusIs;
using ::testing::HasSubstr;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

// Parses `text` or fails the test; keeps tables of literals readable.
Decimal D(const char* text) {
  absl::StatusOr<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status();
  return d.ok() ? *d : Decimal();
}

static_assert(Decimal().raw() == 0);
static_assert(Decimal::FromRaw(1'250'000).raw() == 1'250'000);
static_assert(Decimal::Max().raw() == kInt64Max);
static_assert(Decimal::Min().raw() == kInt64Min);
static_assert(Decimal::Min() < Decimal::FromRaw(0) && Decimal::FromRaw(0) < Decimal::Max());
static_assert(sizeof(Decimal) == sizeof(int64_t));

// ---------------------------------------------------------------- parsing --

TEST(DecimalTest, ParsesCanonicalForms) {
  struct Case {
    const char* text;
    int64_t raw;
  };
  const Case cases[] = {
      {"0", 0},
      {"-0", 0},
      {"10008", 10'008'000'000},
      {"10008.5", 10'008'500'000},
      {"10008.00", 10'008'000'000},
      {"-0.01", -10'000},
      {"0.00759", 7'590},
      {"0.000001", 1},
      {"-0.000001", -1},
      {"007", 7'000'000},
      {"120", 120'000'000},
      {"9223372036854.775807", kInt64Max},
      {"-9223372036854.775807", -kInt64Max},
      {"0000000000000000000000000000000000000001.5", 1'500'000},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    ASSERT_OK_AND_ASSIGN(Decimal d, Decimal::Parse(c.text));
    EXPECT_EQ(d.raw(), c.raw);
  }
}

TEST(DecimalTest, ToStringIsShortestExactForm) {
  EXPECT_EQ(Decimal().ToString(), "0");
  EXPECT_EQ(Decimal::FromRaw(10'008'000'000).ToString(), "10008");
  EXPECT_EQ(Decimal::FromRaw(10'008'500'000).ToString(), "10008.5");
  EXPECT_EQ(Decimal::FromRaw(-10'000).ToString(), "-0.01");
  EXPECT_EQ(Decimal::FromRaw(7'590).ToString(), "0.00759");
  EXPECT_EQ(Decimal::FromRaw(1).ToString(), "0.000001");
  EXPECT_EQ(Decimal::FromRaw(-1'000'000).ToString(), "-1");
  EXPECT_EQ(Decimal::Max().ToString(), "9223372036854.775807");
  EXPECT_EQ(Decimal::Min().ToString(), "-9223372036854.775808");
}

TEST(DecimalTest, ParseAndToStringRoundTrip) {
  for (const char* text : {"0", "10008", "10008.5", "-0.01", "0.00759", "133.44", "-2.345",
                           "0.000001", "9223372036854.775807", "-9223372036854.775807"}) {
    SCOPED_TRACE(text);
    ASSERT_OK_AND_ASSIGN(Decimal d, Decimal::Parse(text));
    EXPECT_EQ(d.ToString(), text);
  }
}

TEST(DecimalTest, RejectsMalformedTextWithInvalidArgument) {
  for (const char* text : {".5", "-.5", "1.", "-1.", "1e3", "1E3", "+1", "", "-", "--1", " 1",
                           "1 ", "1 000", "1,5", "1.2.3", "0x10", "1.0000000", "0.0000001",
                           "10008.1234567", "abc", "١٢", "1_000", "\t1", "1.-5"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(
        Decimal::Parse(text),
        StatusIs(absl::StatusCode::kInvalidArgument,
                 HasSubstr("expected digits with at most 6 decimal places, like 10008.00")));
  }
}

TEST(DecimalTest, MalformedMessageNamesTextAndExpectation) {
  EXPECT_THAT(Decimal::Parse("1e3"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "invalid decimal \"1e3\": expected digits with at most 6 decimal "
                       "places, like 10008.00"));
  // Control characters are escaped, Turkish letters stay readable, and a
  // pasted paragraph does not flood the message.
  EXPECT_THAT(Decimal::Parse("12\n"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"12\\n\"")));
  EXPECT_THAT(Decimal::Parse("on bin TL ödeme"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"on bin TL ödeme\"")));
  EXPECT_THAT(Decimal::Parse(std::string(1000, '9') + "x"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("(1001 bytes)")));
}

TEST(DecimalTest, RejectsOutOfRangeWithOutOfRange) {
  for (const char* text :
       {"9223372036854.775808", "-9223372036854.775808", "9223372036855",
        "99999999999999999999999999999999999999999999999999", "-18446744073709.551616"}) {
    SCOPED_TRACE(text);
    EXPECT_THAT(Decimal::Parse(text),
                StatusIs(absl::StatusCode::kOutOfRange,
                         HasSubstr("magnitude must be at most 9223372036854.775807")));
  }
}

TEST(DecimalTest, ParseNeverProducesInt64Min) {
  // Min() prints as "-9223372036854.775808"; reading it back is OutOfRange so
  // every parsed value can be negated safely.
  EXPECT_THAT(Decimal::Parse(Decimal::Min().ToString()),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("out of range")));
}

TEST(DecimalTest, ParseWithMaxPlacesRejectsFractionsOfKurus) {
  EXPECT_THAT(Decimal::ParseWithMaxPlaces("10008.001", 2),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "invalid decimal \"10008.001\": expected digits with at most 2 decimal "
                       "places, like 10008.00"));
  ASSERT_OK_AND_ASSIGN(Decimal whole, Decimal::ParseWithMaxPlaces("10008", 2));
  EXPECT_EQ(whole, D("10008"));
  ASSERT_OK_AND_ASSIGN(Decimal kurus, Decimal::ParseWithMaxPlaces("10008.05", 2));
  EXPECT_EQ(kurus, D("10008.05"));
  ASSERT_OK_AND_ASSIGN(Decimal tenth, Decimal::ParseWithMaxPlaces("-0.5", 2));
  EXPECT_EQ(tenth, D("-0.5"));

  EXPECT_THAT(Decimal::ParseWithMaxPlaces("120.0", 0),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("at most 0 decimal places, like 10008")));
  EXPECT_THAT(Decimal::ParseWithMaxPlaces("1.25", 1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("at most 1 decimal places, like 10008.0")));
  // The range check still applies.
  EXPECT_THAT(Decimal::ParseWithMaxPlaces("9999999999999999", 2),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("out of range")));
}

TEST(DecimalTest, ParseWithMaxPlacesRejectsBadPlaces) {
  EXPECT_THAT(Decimal::ParseWithMaxPlaces("1", 7),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("places must be 0..6")));
  EXPECT_THAT(Decimal::ParseWithMaxPlaces("1", -1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("places must be 0..6")));
}

TEST(DecimalTest, FromIntegerScalesAndChecksRange) {
  ASSERT_OK_AND_ASSIGN(Decimal days, Decimal::FromInteger(120));
  EXPECT_EQ(days.raw(), 120'000'000);
  ASSERT_OK_AND_ASSIGN(Decimal top, Decimal::FromInteger(9'223'372'036'854));
  EXPECT_EQ(top.ToString(), "9223372036854");
  ASSERT_OK_AND_ASSIGN(Decimal bottom, Decimal::FromInteger(-9'223'372'036'854));
  EXPECT_EQ(bottom.ToString(), "-9223372036854");
  EXPECT_THAT(Decimal::FromInteger(9'223'372'036'855),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("9223372036855")));
  EXPECT_THAT(Decimal::FromInteger(kInt64Min),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("decimal overflow")));
}

// ------------------------------------------------------------- formatting --

TEST(DecimalTest, ToStringWithPlacesPadsToKurus) {
  EXPECT_EQ(D("4003.2").ToString(2), "4003.20");
  EXPECT_EQ(D("10008").ToString(2), "10008.00");
  EXPECT_EQ(D("0.00759").ToString(6), "0.007590");
  EXPECT_EQ(D("-0.5").ToString(2), "-0.50");
  EXPECT_EQ(D("7").ToString(0), "7");
  EXPECT_EQ(Decimal().ToString(2), "0.00");
}

TEST(DecimalTest, ToStringWithPlacesRoundsHalfUp) {
  EXPECT_EQ(D("2.345").ToString(2), "2.35");
  EXPECT_EQ(D("-2.345").ToString(2), "-2.35");
  EXPECT_EQ(D("2.344999").ToString(2), "2.34");
  EXPECT_EQ(D("60.768576").ToString(2), "60.77");
  EXPECT_EQ(D("0.5").ToString(0), "1");
  EXPECT_EQ(D("-0.5").ToString(0), "-1");
  // A value that rounds to zero prints without a sign.
  EXPECT_EQ(D("-0.001").ToString(2), "0.00");
  EXPECT_EQ(D("-0.4").ToString(0), "0");
}

TEST(DecimalTest, ToStringWithPlacesNeverFailsAtTheEdges) {
  // Round(0, kHalfUp) of Max() overflows, but the text still exists.
  EXPECT_EQ(Decimal::Max().ToString(0), "9223372036855");
  EXPECT_EQ(Decimal::Max().ToString(2), "9223372036854.78");
  EXPECT_EQ(Decimal::Min().ToString(0), "-9223372036855");
  EXPECT_EQ(Decimal::Min().ToString(5), "-9223372036854.77581");
  EXPECT_EQ(Decimal::Min().ToString(6), "-9223372036854.775808");
}

TEST(DecimalTest, ToStringWithPlacesClampsPlaces) {
  EXPECT_EQ(D("1.5").ToString(-3), "2");
  EXPECT_EQ(D("1.5").ToString(9), "1.500000");
}

TEST(DecimalTest, StreamsAsToString) {
  std::ostringstream os;
  os << D("133.44") << " " << D("-0.01");
  EXPECT_EQ(os.str(), "133.44 -0.01");
  EXPECT_EQ(::testing::PrintToString(D("4003.2")), "4003.2");
}

// ------------------------------------------------- published calculations --

// The benefit and stamp-duty examples published with the rules, each to the
// kuruş with half-up rounding.
Decimal MulToKurus(const char* a, const char* b) {
  absl::StatusOr<Decimal> product = Decimal::Mul(D(a), D(b));
  EXPECT_OK(product);
  absl::StatusOr<Decimal> rounded = product->Round(2, RoundingMode::kHalfUp);
  EXPECT_OK(rounded);
  return *rounded;
}

TEST(DecimalTest, RoundsHalfUpAtKurus) {
  // 8006.40 x 0.00759 = 60.768576
  EXPECT_EQ(MulToKurus("8006.40", "0.00759").ToString(2), "60.77");
}

TEST(DecimalTest, StampDutyOnTwiceTheAmountRoundsUp) {
  // 20804.40 x 0.00759 = 157.905396: the 0.5396 kuruş tail rounds up.
  EXPECT_EQ(MulToKurus("20804.40", "0.00759").ToString(2), "157.91");
}

TEST(DecimalTest, StampDutyOnHalfTheAmountRoundsDown) {
  // 4003.20 x 0.00759 = 30.384288
  EXPECT_EQ(MulToKurus("4003.20", "0.00759").ToString(2), "30.38");
}

TEST(DecimalTest, DailyBenefitIsMulThenDivThenRound) {
  ASSERT_OK_AND_ASSIGN(Decimal share, Decimal::Mul(D("0.40"), D("40032")));
  EXPECT_EQ(share.ToString(), "16012.8");
  ASSERT_OK_AND_ASSIGN(Decimal daily, Decimal::Div(share, D("120")));
  ASSERT_OK_AND_ASSIGN(Decimal paid, daily.Round(2, RoundingMode::kHalfUp));
  EXPECT_EQ(paid.ToString(2), "133.44");
  EXPECT_EQ(paid, D("133.44"));
}

// ---------------------------------------------------------------- rounding --

struct RoundCase {
  const char* value;
  int places;
  RoundingMode mode;
  const char* expected;
};

TEST(DecimalTest, RoundsEveryModeOnTiesAndNonTies) {
  using M = RoundingMode;
  const RoundCase cases[] = {
      // Ties at 2 places.
      {"2.345", 2, M::kHalfUp, "2.35"},
      {"2.345", 2, M::kHalfEven, "2.34"},
      {"2.345", 2, M::kDown, "2.34"},
      {"2.345", 2, M::kUp, "2.35"},
      {"2.345", 2, M::kFloor, "2.34"},
      {"2.345", 2, M::kCeiling, "2.35"},
      {"-2.345", 2, M::kHalfUp, "-2.35"},
      {"-2.345", 2, M::kHalfEven, "-2.34"},
      {"-2.345", 2, M::kDown, "-2.34"},
      {"-2.345", 2, M::kUp, "-2.35"},
      {"-2.345", 2, M::kFloor, "-2.35"},
      {"-2.345", 2, M::kCeiling, "-2.34"},
      {"2.355", 2, M::kHalfUp, "2.36"},
      {"2.355", 2, M::kHalfEven, "2.36"},
      {"2.355", 2, M::kDown, "2.35"},
      {"2.355", 2, M::kUp, "2.36"},
      {"2.355", 2, M::kFloor, "2.35"},
      {"2.355", 2, M::kCeiling, "2.36"},
      {"-2.355", 2, M::kHalfUp, "-2.36"},
      {"-2.355", 2, M::kHalfEven, "-2.36"},
      {"-2.355", 2, M::kDown, "-2.35"},
      {"-2.355", 2, M::kUp, "-2.36"},
      {"-2.355", 2, M::kFloor, "-2.36"},
      {"-2.355", 2, M::kCeiling, "-2.35"},
      // Non-ties at 2 places: below and above the half.
      {"2.344", 2, M::kHalfUp, "2.34"},
      {"2.344", 2, M::kHalfEven, "2.34"},
      {"2.344", 2, M::kDown, "2.34"},
      {"2.344", 2, M::kUp, "2.35"},
      {"2.344", 2, M::kFloor, "2.34"},
      {"2.344", 2, M::kCeiling, "2.35"},
      {"-2.344", 2, M::kHalfUp, "-2.34"},
      {"-2.344", 2, M::kHalfEven, "-2.34"},
      {"-2.344", 2, M::kDown, "-2.34"},
      {"-2.344", 2, M::kUp, "-2.35"},
      {"-2.344", 2, M::kFloor, "-2.35"},
      {"-2.344", 2, M::kCeiling, "-2.34"},
      {"2.345001", 2, M::kHalfEven, "2.35"},
      {"-2.345001", 2, M::kHalfEven, "-2.35"},
      {"2.344999", 2, M::kHalfUp, "2.34"},
      // Already at the precision: every mode is the identity.
      {"2.34", 2, M::kUp, "2.34"},
      {"-2.34", 2, M::kFloor, "-2.34"},
      {"2.34", 2, M::kCeiling, "2.34"},
      // 0 places: non-ties and ties.
      {"2.345", 0, M::kHalfUp, "2"},
      {"2.345", 0, M::kHalfEven, "2"},
      {"2.345", 0, M::kDown, "2"},
      {"2.345", 0, M::kUp, "3"},
      {"2.345", 0, M::kFloor, "2"},
      {"2.345", 0, M::kCeiling, "3"},
      {"-2.345", 0, M::kHalfUp, "-2"},
      {"-2.345", 0, M::kHalfEven, "-2"},
      {"-2.345", 0, M::kDown, "-2"},
      {"-2.345", 0, M::kUp, "-3"},
      {"-2.345", 0, M::kFloor, "-3"},
      {"-2.345", 0, M::kCeiling, "-2"},
      {"2.5", 0, M::kHalfUp, "3"},
      {"2.5", 0, M::kHalfEven, "2"},
      {"3.5", 0, M::kHalfEven, "4"},
      {"-2.5", 0, M::kHalfUp, "-3"},
      {"-2.5", 0, M::kHalfEven, "-2"},
      {"-3.5", 0, M::kHalfEven, "-4"},
      {"2.5", 0, M::kDown, "2"},
      {"-2.5", 0, M::kUp, "-3"},
      {"0.5", 0, M::kHalfEven, "0"},
      {"-0.5", 0, M::kHalfEven, "0"},
      {"-0.4", 0, M::kFloor, "-1"},
      {"0.4", 0, M::kCeiling, "1"},
      // Other places.
      {"0.00759", 4, M::kHalfUp, "0.0076"},
      {"0.00759", 4, M::kDown, "0.0075"},
      {"123.456789", 6, M::kUp, "123.456789"},
      {"123.456789", 5, M::kHalfEven, "123.45679"},
  };
  for (const RoundCase& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.value, " at ", c.places, " ", RoundingModeName(c.mode)));
    ASSERT_OK_AND_ASSIGN(Decimal rounded, D(c.value).Round(c.places, c.mode));
    EXPECT_EQ(rounded, D(c.expected));
    int64_t raw = 0;
    ASSERT_TRUE(Decimal::RoundRaw(D(c.value).raw(), c.places, c.mode, &raw));
    EXPECT_EQ(raw, rounded.raw());
  }
}

TEST(DecimalTest, RoundRejectsBadPlaces) {
  EXPECT_THAT(D("1.5").Round(7, RoundingMode::kHalfUp),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("0..6, got 7")));
  EXPECT_THAT(D("1.5").Round(-1, RoundingMode::kHalfUp),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("0..6, got -1")));
  int64_t out = 42;
  EXPECT_FALSE(Decimal::RoundRaw(1, 7, RoundingMode::kHalfUp, &out));
  EXPECT_FALSE(Decimal::RoundRaw(1, -1, RoundingMode::kHalfUp, &out));
  EXPECT_EQ(out, 42);
}

TEST(DecimalTest, ParsesAndNamesRoundingModes) {
  for (RoundingMode mode : {RoundingMode::kHalfUp, RoundingMode::kHalfEven, RoundingMode::kDown,
                            RoundingMode::kUp, RoundingMode::kFloor, RoundingMode::kCeiling}) {
    EXPECT_EQ(ParseRoundingMode(RoundingModeName(mode)), mode) << RoundingModeName(mode);
  }
  EXPECT_EQ(RoundingModeName(RoundingMode::kHalfUp), "half_up");
  EXPECT_EQ(RoundingModeName(RoundingMode::kHalfEven), "half_even");
  EXPECT_EQ(RoundingModeName(RoundingMode::kCeiling), "ceiling");
  for (const char* bad : {"", "HALF_UP", "half-up", "halfup", "half_up ", "truncate", "nearest"}) {
    EXPECT_EQ(ParseRoundingMode(bad), std::nullopt) << bad;
  }
}

// -------------------------------------------------------- mul/div rounding --

TEST(DecimalTest, MulRoundsHalfEvenAtSixthPlace) {
  auto mul = [](const char* a, const char* b) {
    absl::StatusOr<Decimal> p = Decimal::Mul(D(a), D(b));
    EXPECT_OK(p);
    return p.ok() ? p->ToString() : std::string("error");
  };
  EXPECT_EQ(mul("0.000001", "0.5"), "0");
  EXPECT_EQ(mul("0.000003", "0.5"), "0.000002");
  EXPECT_EQ(mul("-0.000003", "0.5"), "-0.000002");
  EXPECT_EQ(mul("0.000005", "0.5"), "0.000002");
  EXPECT_EQ(mul("0.000005", "-0.5"), "-0.000002");
  EXPECT_EQ(mul("0.000001", "0.500001"), "0.000001");
  EXPECT_EQ(mul("-3", "-4.5"), "13.5");
  EXPECT_EQ(mul("0", "-9223372036854.775807"), "0");
  // Products beyond 64 bits take the 128-bit path and are still exact.
  EXPECT_EQ(mul("1000000", "1000000.5"), "1000000500000");
  // The largest square that fits, one millionth below the first that does not.
  EXPECT_EQ(mul("3037000.499976", "3037000.499976"), "9223372036854.473976");
  EXPECT_EQ(mul("9223372036854.775807", "1"), "9223372036854.775807");
  EXPECT_EQ(mul("9223372036854.775807", "-1"), "-9223372036854.775807");
  EXPECT_EQ(mul("9223372036854.775807", "0.5"), "4611686018427.387904");
}

TEST(DecimalTest, DivRoundsHalfEvenAtSixthPlaceWithExactSigns) {
  auto div = [](const char* a, const char* b) {
    absl::StatusOr<Decimal> q = Decimal::Div(D(a), D(b));
    EXPECT_OK(q);
    return q.ok() ? q->ToString() : std::string("error");
  };
  EXPECT_EQ(div("1", "3"), "0.333333");
  EXPECT_EQ(div("2", "3"), "0.666667");
  EXPECT_EQ(div("-2", "3"), "-0.666667");
  EXPECT_EQ(div("2", "-3"), "-0.666667");
  EXPECT_EQ(div("-2", "-3"), "0.666667");
  EXPECT_EQ(div("0.000001", "2"), "0");
  EXPECT_EQ(div("0.000003", "2"), "0.000002");
  EXPECT_EQ(div("-0.000003", "2"), "-0.000002");
  EXPECT_EQ(div("0.000003", "-2"), "-0.000002");
  EXPECT_EQ(div("16012.8", "120"), "133.44");
  EXPECT_EQ(div("9223372036854.775807", "-1"), "-9223372036854.775807");
  EXPECT_EQ(div("1", "9223372036854.775807"), "0");
  EXPECT_EQ(div("1000000000000", "7"), "142857142857.142857");
}

// ---------------------------------------------------------------- overflow --

TEST(DecimalTest, AddAndSubOverflowAreStatuses) {
  ASSERT_OK_AND_ASSIGN(Decimal one, Decimal::FromInteger(1));
  EXPECT_THAT(Decimal::Add(Decimal::Max(), one),
              StatusIs(absl::StatusCode::kOutOfRange,
                       "decimal overflow: 9223372036854.775807 + 1"));
  EXPECT_THAT(Decimal::Add(Decimal::Min(), Decimal::FromRaw(-1)),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("decimal overflow")));
  EXPECT_THAT(Decimal::Sub(Decimal::Min(), one),
              StatusIs(absl::StatusCode::kOutOfRange,
                       "decimal overflow: -9223372036854.775808 - 1"));
  EXPECT_THAT(Decimal::Sub(Decimal(), Decimal::Min()),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("decimal overflow")));
  ASSERT_OK_AND_ASSIGN(Decimal edge, Decimal::Add(Decimal::Max(), Decimal::Min()));
  EXPECT_EQ(edge.raw(), -1);
}

TEST(DecimalTest, MulAndDivOverflowAreStatuses) {
  EXPECT_THAT(Decimal::Mul(D("3037000.499977"), D("3037000.499977")),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr(" * ")));
  EXPECT_THAT(Decimal::Mul(Decimal::Max(), Decimal::Max()),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("decimal overflow")));
  EXPECT_THAT(Decimal::Mul(Decimal::Min(), Decimal::Min()),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("decimal overflow")));
  EXPECT_THAT(Decimal::Mul(Decimal::Min(), D("-1")),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("decimal overflow")));
  EXPECT_THAT(Decimal::Div(Decimal::Max(), D("0.5")),
              StatusIs(absl::StatusCode::kOutOfRange,
                       "decimal overflow: 9223372036854.775807 / 0.5"));
  EXPECT_THAT(Decimal::Div(Decimal::Min(), D("-1")),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("decimal overflow")));
  EXPECT_THAT(Decimal::Div(Decimal::Min(), Decimal::FromRaw(-1)),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("decimal overflow")));
}

TEST(DecimalTest, DivisionByZeroIsInvalidArgument) {
  EXPECT_THAT(Decimal::Div(D("133.44"), Decimal()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "decimal division by zero: 133.44 / 0"));
  EXPECT_THAT(Decimal::Div(Decimal(), Decimal()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("division by zero")));
  int64_t out = 42;
  EXPECT_FALSE(Decimal::DivRaw(kInt64Min, 0, &out));
  EXPECT_EQ(out, 42);
}

TEST(DecimalTest, RoundOverflowIsStatus) {
  EXPECT_THAT(Decimal::Max().Round(0, RoundingMode::kHalfUp),
              StatusIs(absl::StatusCode::kOutOfRange,
                       "decimal overflow: round(9223372036854.775807, 0, half_up)"));
  EXPECT_THAT(Decimal::Max().Round(2, RoundingMode::kUp),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("up")));
  EXPECT_THAT(Decimal::Max().Round(5, RoundingMode::kCeiling),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("ceiling")));
  EXPECT_THAT(Decimal::Min().Round(0, RoundingMode::kFloor),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("floor")));
  // Toward zero always fits.
  ASSERT_OK_AND_ASSIGN(Decimal down, Decimal::Max().Round(0, RoundingMode::kDown));
  EXPECT_EQ(down.ToString(), "9223372036854");
  ASSERT_OK_AND_ASSIGN(Decimal min_down, Decimal::Min().Round(0, RoundingMode::kCeiling));
  EXPECT_EQ(min_down.ToString(), "-9223372036854");
  ASSERT_OK_AND_ASSIGN(Decimal same, Decimal::Min().Round(6, RoundingMode::kUp));
  EXPECT_EQ(same, Decimal::Min());
}

TEST(DecimalTest, NegateAndAbsOfMinOverflow) {
  EXPECT_THAT(Decimal::Negate(Decimal::Min()),
              StatusIs(absl::StatusCode::kOutOfRange,
                       "decimal overflow: -(-9223372036854.775808)"));
  EXPECT_THAT(Decimal::Abs(Decimal::Min()),
              StatusIs(absl::StatusCode::kOutOfRange,
                       "decimal overflow: abs(-9223372036854.775808)"));
  ASSERT_OK_AND_ASSIGN(Decimal neg_max, Decimal::Negate(Decimal::Max()));
  EXPECT_EQ(neg_max.raw(), -kInt64Max);
  ASSERT_OK_AND_ASSIGN(Decimal abs_neg_max, Decimal::Abs(neg_max));
  EXPECT_EQ(abs_neg_max, Decimal::Max());
  ASSERT_OK_AND_ASSIGN(Decimal neg, Decimal::Negate(D("0.01")));
  EXPECT_EQ(neg, D("-0.01"));
  ASSERT_OK_AND_ASSIGN(Decimal zero, Decimal::Negate(Decimal()));
  EXPECT_EQ(zero, Decimal());
  ASSERT_OK_AND_ASSIGN(Decimal abs, Decimal::Abs(D("-133.44")));
  EXPECT_EQ(abs, D("133.44"));
}

TEST(DecimalTest, RawFunctionsLeaveOutputUntouchedOnFailure) {
  int64_t out = 42;
  EXPECT_FALSE(Decimal::AddRaw(kInt64Max, 1, &out));
  EXPECT_FALSE(Decimal::SubRaw(kInt64Min, 1, &out));
  EXPECT_FALSE(Decimal::MulRaw(kInt64Max, kInt64Max, &out));
  EXPECT_FALSE(Decimal::MulRaw(kInt64Min, -Decimal::kOne, &out));
  EXPECT_FALSE(Decimal::DivRaw(kInt64Max, 1, &out));
  EXPECT_FALSE(Decimal::RoundRaw(kInt64Max, 0, RoundingMode::kUp, &out));
  EXPECT_EQ(out, 42);
}

// ------------------------------------------------------ comparison, hashing --

TEST(DecimalTest, ComparesByValue) {
  EXPECT_EQ(D("10008.50"), D("10008.5"));
  EXPECT_NE(D("0.01"), D("-0.01"));
  EXPECT_LT(D("-0.01"), D("0"));
  EXPECT_LT(D("0.00759"), D("0.0076"));
  EXPECT_GT(D("133.44"), D("133.439999"));
  EXPECT_LE(Decimal::Min(), Decimal::Max());
  EXPECT_GE(D("1"), D("1.0"));
  EXPECT_EQ(D("2") <=> D("3"), std::strong_ordering::less);
  std::vector<Decimal> values = {D("3"), Decimal::Min(), D("-0.5"), Decimal::Max(), D("0")};
  std::sort(values.begin(), values.end());
  EXPECT_THAT(values, ::testing::ElementsAre(Decimal::Min(), D("-0.5"), D("0"), D("3"),
                                             Decimal::Max()));
}

TEST(DecimalTest, SupportsAbslHash) {
  EXPECT_TRUE(absl::VerifyTypeImplementsAbslHashCorrectly(
      {Decimal(), D("1"), D("-1"), D("0.000001"), Decimal::Max(), Decimal::Min()}));
  absl::flat_hash_set<Decimal> set = {D("10008"), D("10008.00"), D("0.00759")};
  EXPECT_EQ(set.size(), 2u);
  EXPECT_TRUE(set.contains(D("0.007590")));
}

// ------------------------------------------------------------ doc examples --

// Mirrors the `// Example:` block in the class comment of odenek/decimal.h.
TEST(DecimalTest, ClassDocExample) {
  Decimal rate = Decimal::Parse("0.40").value();
  Decimal earnings = Decimal::ParseWithMaxPlaces("40032", 2).value();
  Decimal days = Decimal::FromInteger(120).value();
  Decimal share = Decimal::Mul(rate, earnings).value();
  EXPECT_EQ(share.ToString(), "16012.8");
  Decimal daily = Decimal::Div(share, days).value();
  EXPECT_EQ(daily.ToString(), "133.44");
  Decimal paid = daily.Round(2, RoundingMode::kHalfUp).value();
  EXPECT_EQ(paid.ToString(2), "133.44");
  EXPECT_EQ(Decimal::Mul(Decimal::Parse("8006.40").value(), Decimal::Parse("0.00759").value())
                .value()
                .ToString(),
            "60.768576");
  EXPECT_EQ(Decimal::Add(Decimal::Max(), Decimal::FromRaw(1)).status().code(),
            absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace odenek
