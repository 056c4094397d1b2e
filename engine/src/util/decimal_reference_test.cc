// Decimal (odenek/decimal.h) against exact arithmetic: random operands from
// every region that matters, every operation and rounding mode, checked with
// Boost's arbitrary-precision integers.
#include "odenek/decimal.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "boost/multiprecision/cpp_int.hpp"
#include "gtest/gtest.h"

namespace odenek {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

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

}  // namespace
}  // namespace odenek
