#include "odenek/decimal.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash_testing.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "boost/multiprecision/cpp_int.hpp"
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

// ------------------------------------------- randomized exact-reference test --

// An independent reference: exact integers from Boost.Multiprecision, and a
// rounding routine built on floor division (the engine starts from truncation),
// so a shared mistake is unlikely.
using Big = boost::multiprecision::cpp_int;

Big Pow10(int n) {
  Big p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// The integer nearest to n / d by `mode` (d != 0).
Big ReferenceRound(Big n, Big d, RoundingMode mode) {
  if (d < 0) {
    n = -n;
    d = -d;
  }
  Big floor = n / d;
  if (floor * d > n) floor -= 1;  // cpp_int truncates toward zero
  const Big twice_rest = 2 * (n - floor * d);  // in [0, 2d)
  if (twice_rest == 0) return floor;
  const Big ceiling = floor + 1;
  const bool positive = n > 0;
  switch (mode) {
    case RoundingMode::kFloor:
      return floor;
    case RoundingMode::kCeiling:
      return ceiling;
    case RoundingMode::kDown:
      return positive ? floor : ceiling;
    case RoundingMode::kUp:
      return positive ? ceiling : floor;
    case RoundingMode::kHalfUp:
      if (twice_rest != d) return twice_rest < d ? floor : ceiling;
      return positive ? ceiling : floor;
    case RoundingMode::kHalfEven:
      if (twice_rest != d) return twice_rest < d ? floor : ceiling;
      return floor % 2 == 0 ? floor : ceiling;
  }
  ADD_FAILURE() << "unknown mode";
  return floor;
}

std::optional<int64_t> FitInt64(const Big& v) {
  if (v > Big(kInt64Max) || v < Big(kInt64Min)) return std::nullopt;
  return static_cast<int64_t>(v);
}

// Operands from the magnitudes rules meet, plus the edges of the range.
int64_t DrawOperand(std::mt19937_64& rng) {
  auto uniform = [&rng](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const int64_t sign = (rng() & 1) ? 1 : -1;
  switch (rng() % 9) {
    case 0:  // rates and ratios: 0.00759, 0.40
      return uniform(-1'000'000, 1'000'000);
    case 1:  // kuruş amounts up to 100000 TL
      return uniform(-10'000'000, 10'000'000) * 10'000;
    case 2:  // millions to billions of TL
      return uniform(-1'000'000'000'000'000, 1'000'000'000'000'000);
    case 3:  // around the square root of the range, where products start to overflow
      return sign * uniform(1'000'000'000'000, 10'000'000'000'000);
    case 4:  // near the ends of the range
      return (rng() & 1) ? kInt64Max - uniform(0, 2'000'000) : kInt64Min + uniform(0, 2'000'000);
    case 5:  // anything
      return static_cast<int64_t>(rng());
    case 6: {  // tie-prone: a small count of 5 * 10^k
      const int k = static_cast<int>(rng() % 6);
      return uniform(-1'000, 1'000) * 5 * decimal_internal::kPow10[k];
    }
    case 7:  // whole units
      return uniform(-1'000'000, 1'000'000) * Decimal::kOne;
    default: {
      const int64_t specials[] = {0,  1,        -1,        2,         -2,        Decimal::kOne,
                                  -Decimal::kOne, 500'000, -500'000, kInt64Max, kInt64Min,
                                  kInt64Min + 1};
      return specials[rng() % (sizeof(specials) / sizeof(specials[0]))];
    }
  }
}

constexpr RoundingMode kAllModes[] = {RoundingMode::kHalfUp, RoundingMode::kHalfEven,
                                      RoundingMode::kDown,   RoundingMode::kUp,
                                      RoundingMode::kFloor,  RoundingMode::kCeiling};

struct Tally {
  int ok = 0;
  int overflow = 0;
};

// Checks one operation's raw and checked forms against the reference value
// (nullopt: must fail). Returns false after recording a failure.
bool CheckOne(const char* op, int64_t a, int64_t b, bool raw_ok, int64_t raw_out,
              const absl::StatusOr<Decimal>& checked, const std::optional<int64_t>& want,
              absl::StatusCode failure_code, Tally& tally) {
  const std::string where = absl::StrCat(op, "(", a, ", ", b, ")");
  if (!want.has_value()) {
    ++tally.overflow;
    EXPECT_FALSE(raw_ok) << where << " raw gave " << raw_out;
    EXPECT_EQ(checked.status().code(), failure_code) << where << " " << checked.status();
    return !raw_ok && checked.status().code() == failure_code;
  }
  ++tally.ok;
  EXPECT_TRUE(raw_ok) << where;
  EXPECT_EQ(raw_out, *want) << where;
  EXPECT_TRUE(checked.ok()) << where << " " << checked.status();
  EXPECT_EQ(checked.ok() ? checked->raw() : 0, *want) << where;
  return raw_ok && raw_out == *want && checked.ok() && checked->raw() == *want;
}

TEST(DecimalTest, RandomizedArithmeticMatchesExactReference) {
  constexpr int kCases = 100'000;
  std::mt19937_64 rng(20240521);
  const Big one = Pow10(Decimal::kScale);
  Tally add, sub, mul, div, round;
  for (int i = 0; i < kCases; ++i) {
    const int64_t a = DrawOperand(rng);
    const int64_t b = DrawOperand(rng);
    const Decimal da = Decimal::FromRaw(a);
    const Decimal db = Decimal::FromRaw(b);
    int64_t out = 0;
    bool good = true;

    bool ok = Decimal::AddRaw(a, b, &out);
    good &= CheckOne("Add", a, b, ok, out, Decimal::Add(da, db), FitInt64(Big(a) + b),
                     absl::StatusCode::kOutOfRange, add);
    ok = Decimal::SubRaw(a, b, &out);
    good &= CheckOne("Sub", a, b, ok, out, Decimal::Sub(da, db), FitInt64(Big(a) - b),
                     absl::StatusCode::kOutOfRange, sub);
    ok = Decimal::MulRaw(a, b, &out);
    good &= CheckOne("Mul", a, b, ok, out, Decimal::Mul(da, db),
                     FitInt64(ReferenceRound(Big(a) * b, one, RoundingMode::kHalfEven)),
                     absl::StatusCode::kOutOfRange, mul);
    ok = Decimal::DivRaw(a, b, &out);
    good &= CheckOne(
        "Div", a, b, ok, out, Decimal::Div(da, db),
        b == 0 ? std::nullopt
               : FitInt64(ReferenceRound(Big(a) * one, Big(b), RoundingMode::kHalfEven)),
        b == 0 ? absl::StatusCode::kInvalidArgument : absl::StatusCode::kOutOfRange, div);

    const int places = static_cast<int>(rng() % (Decimal::kScale + 1));
    const Big unit = Pow10(Decimal::kScale - places);
    for (RoundingMode mode : kAllModes) {
      ok = Decimal::RoundRaw(a, places, mode, &out);
      const std::string op = absl::StrCat("Round/", places, "/", RoundingModeName(mode));
      good &= CheckOne(op.c_str(), a, places, ok, out, da.Round(places, mode),
                       FitInt64(ReferenceRound(Big(a), unit, mode) * unit),
                       absl::StatusCode::kOutOfRange, round);
    }
    if (!good) break;  // one clear report beats thousands of lines
  }
  // The draws must reach both outcomes of every operation, or the test proves
  // less than it claims.
  for (const Tally* t : {&add, &sub, &mul, &div, &round}) {
    EXPECT_GT(t->ok, 1'000);
    EXPECT_GT(t->overflow, 100);
  }
}

TEST(DecimalTest, RandomizedFormattingMatchesExactReference) {
  constexpr int kCases = 100'000;
  std::mt19937_64 rng(7590);
  for (int i = 0; i < kCases; ++i) {
    const int64_t a = DrawOperand(rng);
    const Decimal d = Decimal::FromRaw(a);

    // Shortest form reads back exactly (INT64_MIN cannot be parsed by design).
    const std::string shortest = d.ToString();
    if (a != kInt64Min) {
      absl::StatusOr<Decimal> back = Decimal::Parse(shortest);
      ASSERT_TRUE(back.ok()) << shortest << " " << back.status();
      ASSERT_EQ(back->raw(), a) << shortest;
    }
    if (shortest.find('.') != std::string::npos) {
      ASSERT_NE(shortest.back(), '0') << shortest;
    }

    // Fixed places: the half-up rounded value, written out by the reference.
    const int places = static_cast<int>(rng() % (Decimal::kScale + 1));
    const Big shown =
        ReferenceRound(Big(a), Pow10(Decimal::kScale - places), RoundingMode::kHalfUp);
    const Big magnitude = shown < 0 ? Big(-shown) : shown;
    const Big place_unit = Pow10(places);
    std::string want = (shown < 0 ? "-" : "") + Big(magnitude / place_unit).str();
    if (places > 0) {
      std::string fraction = Big(magnitude % place_unit).str();
      want += "." + std::string(static_cast<size_t>(places) - fraction.size(), '0') + fraction;
    }
    ASSERT_EQ(d.ToString(places), want) << "raw " << a << " places " << places;
  }
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

TEST(TurkishNumberTest, GroupsThousandsWithDotsAndDecimalsWithAComma) {
  EXPECT_EQ(TurkishNumber("10650.15"), "10.650,15");
  EXPECT_EQ(TurkishNumber("-4966857171.92"), "-4.966.857.171,92");
  EXPECT_EQ(TurkishNumber("180"), "180");
  EXPECT_EQ(TurkishNumber("1000"), "1.000");
  EXPECT_EQ(TurkishNumber("999.5"), "999,5");
  EXPECT_EQ(TurkishNumber("0.40"), "0,40");
  EXPECT_EQ(TurkishNumber("-0.01"), "-0,01");
  // Not a plain decimal: unchanged.
  for (const char* text : {"", "-", "abc", "1e5", "12.", ".5", "1.2.3", "2023-06-30"}) {
    EXPECT_EQ(TurkishNumber(text), text) << text;
  }
}

// The class: for every amount, removing the grouping dots and reading the
// comma as the point gives back the machine text.
TEST(TurkishNumberTest, RoundTripsEveryAmount) {
  uint64_t state = 7;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const Decimal d = Decimal::FromRaw(static_cast<int64_t>(state) / 1000);
    const std::string machine = d.ToString(2);
    std::string back;
    for (char c : TurkishNumber(machine)) {
      if (c == '.') continue;
      back += c == ',' ? '.' : c;
    }
    EXPECT_EQ(back, machine);
  }
}

// Issue #16 item 7: the boundaries of the Turkish money format, as text
// output writes money (QuantityText, unit TL).
TEST(QuantityTextTest, MoneyBoundariesInTurkish) {
  const TextLanguage tr = TextLanguage::kTurkish;
  EXPECT_EQ(QuantityText("0", "TL", tr), "0,00 TL");
  EXPECT_EQ(QuantityText("0.00", "TL", tr), "0,00 TL");
  EXPECT_EQ(QuantityText("0.01", "TL", tr), "0,01 TL");
  EXPECT_EQ(QuantityText("999.99", "TL", tr), "999,99 TL");
  EXPECT_EQ(QuantityText("1000", "TL", tr), "1.000,00 TL");
  EXPECT_EQ(QuantityText("1000.00", "TL", tr), "1.000,00 TL");
  EXPECT_EQ(QuantityText("1234567.89", "TL", tr), "1.234.567,89 TL");
  EXPECT_EQ(QuantityText("-0.01", "TL", tr), "-0,01 TL");
  EXPECT_EQ(QuantityText("-1234567.89", "TL", tr), "-1.234.567,89 TL");
  EXPECT_EQ(QuantityText("13414.5", "TL", tr), "13.414,50 TL");
  EXPECT_EQ(QuantityText("3972.82", "TL", tr), "3.972,82 TL");
}

TEST(QuantityTextTest, MoneyBoundariesInEnglish) {
  const TextLanguage en = TextLanguage::kEnglish;
  EXPECT_EQ(QuantityText("0", "TL", en), "0.00 TL");
  EXPECT_EQ(QuantityText("0.01", "TL", en), "0.01 TL");
  EXPECT_EQ(QuantityText("999.99", "TL", en), "999.99 TL");
  EXPECT_EQ(QuantityText("1000", "TL", en), "1000.00 TL");
  EXPECT_EQ(QuantityText("1234567.89", "TL", en), "1234567.89 TL");
  EXPECT_EQ(QuantityText("-1234567.89", "TL", en), "-1234567.89 TL");
}

// Units are words: no "0 gun", "10 1" or "36 oran" in text.
TEST(QuantityTextTest, UnitsAreWords) {
  const TextLanguage tr = TextLanguage::kTurkish;
  const TextLanguage en = TextLanguage::kEnglish;
  EXPECT_EQ(QuantityText("0", "gun", tr), "0 gün");
  EXPECT_EQ(QuantityText("180", "gün", tr), "180 gün");
  EXPECT_EQ(QuantityText("1200", "gun", tr), "1.200 gün");
  EXPECT_EQ(QuantityText("180", "gun", en), "180 days");
  EXPECT_EQ(QuantityText("1", "gun", en), "1 day");
  EXPECT_EQ(QuantityText("10", "1", tr), "10");
  EXPECT_EQ(QuantityText("36", "", tr), "36");
  EXPECT_EQ(QuantityText("0.4", "oran", tr), "0,4");
  EXPECT_EQ(QuantityText("0.4", "oran", en), "0.4");
  EXPECT_EQ(QuantityText("45", "saat", en), "45 hours");
  EXPECT_EQ(QuantityText("357.7266", "TL/gun", tr), "357,7266 TL/gün");
  EXPECT_EQ(QuantityText("357.7266", "TL/gün", en), "357.7266 TL/day");
  EXPECT_EQ(UnitText("no unit", tr), "");
}

// The header's examples.
TEST(QuantityTextTest, DocExamples) {
  EXPECT_EQ(NumberText("3972.82", TextLanguage::kTurkish), "3.972,82");
  EXPECT_EQ(NumberText("3972.82", TextLanguage::kEnglish), "3972.82");
  EXPECT_EQ(QuantityText("3972.8", "TL", TextLanguage::kTurkish), "3.972,80 TL");
  EXPECT_EQ(QuantityText("180", "gun", TextLanguage::kTurkish), "180 gün");
  EXPECT_EQ(QuantityText("180", "gun", TextLanguage::kEnglish), "180 days");
  EXPECT_EQ(QuantityText("0.4", "oran", TextLanguage::kTurkish), "0,4");
}

}  // namespace
}  // namespace odenek
