// Decimal: the one number type of odenek.
//
// Every number a rule touches is a Decimal: TL amounts (a monthly wage of
// 10008.00, a benefit of 133.44), ratios and rates (0.40, a stamp-duty rate of
// 0.00759), day counts (120 gün). Legislation states amounts in kuruş and tells
// the payer where and how to round, so the engine must reproduce a published
// calculation digit for digit. A kuruş must never move through binary floating
// point: 0.1 has no exact double, and a result that is off by one kuruş after a
// chain of multiplications is a wrong payment, not a rounding curiosity.
//
// So a Decimal is fixed point: a signed 64-bit count of millionths (10^-6).
// Six places hold every rate the law publishes (0.00759 needs five) and leave
// room for intermediate precision before the rule rounds to kuruş explicitly.
// The range is about ±9.2 trillion, far above any single claim.
//
// Rounding is never silent except in one documented place: Mul and Div keep six
// places by rounding half-even (banker's rounding, so long chains do not drift
// upward). Rounding to kuruş is the rule's job, through Round(places, mode) with
// the mode the law names (kHalfUp for most Turkish payment rules).
//
// Every operation that can fail is checked: overflow is absl::OutOfRange and
// division by zero absl::InvalidArgument, never undefined behaviour. The *Raw
// functions are the same arithmetic on raw int64 values for the batch
// executor's column kernels; they report failure with `false`.
#ifndef ODENEK_DECIMAL_H_
#define ODENEK_DECIMAL_H_

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace odenek {

// How to drop digits beyond the kept places. "Tie" means the dropped part is
// exactly half a unit of the last kept place (2.345 at 2 places).
enum class RoundingMode {
  kHalfUp,    // Ties away from zero: 2.345 -> 2.35, -2.345 -> -2.35. The legal
              // default: half a kuruş or more counts as a whole kuruş.
  kHalfEven,  // Ties to the even neighbour: 2.345 -> 2.34, 2.355 -> 2.36.
  kDown,      // Toward zero (truncate): 2.349 -> 2.34, -2.349 -> -2.34.
  kUp,        // Away from zero: 2.341 -> 2.35, -2.341 -> -2.35.
  kFloor,     // Toward negative infinity: -2.341 -> -2.35.
  kCeiling,   // Toward positive infinity: -2.349 -> -2.34.
};

// Returns the mode for its rule-file name: "half_up", "half_even", "down",
// "up", "floor" or "ceiling" (exact, lower case); std::nullopt for anything
// else, so the checker can report the bad name with its location.
std::optional<RoundingMode> ParseRoundingMode(absl::string_view name);

// Returns the rule-file name of `mode` ("half_up", ...), the inverse of
// ParseRoundingMode; used in diagnostics and plan dumps.
absl::string_view RoundingModeName(RoundingMode mode);

// A number in machine form ("10650.15", "-4966857171.92", "180") as a Turkish
// reader writes it: thousands grouped with '.', decimals after ','
// ("10.650,15", "-4.966.857.171,92", "180"). Officer-facing text (check,
// explain, the simulate summary, params, the report) writes every amount this
// way; JSON and CSV keep the machine form. Text that is not a plain decimal
// number ("1e5", "abc", "") comes back unchanged.
std::string TurkishNumber(absl::string_view machine_text);

// The language of text for people (check, explain, params, the simulate
// summary): Turkish, the officer's and the default, writes numbers the Turkish
// way (TurkishNumber: 10.650,15 TL); English writes them in machine form
// (10650.15 TL). Either way one output has one language and one number
// format. Errors, warnings on stderr and help are English in both.
enum class TextLanguage { kTurkish, kEnglish };

// A number in machine form as text in `language`: TurkishNumber() in
// Turkish, unchanged in English.
//
// Example:
//
//   NumberText("3972.82", TextLanguage::kTurkish);  // "3.972,82"
//   NumberText("3972.82", TextLanguage::kEnglish);  // "3972.82"
std::string NumberText(absl::string_view machine_text, TextLanguage language);

// A number with its unit as a reader says it: `unit` as the rules write it
// ("TL", "gun" or "gün", "saat", "TL/gun"; "", "1" and "oran" are no unit) in
// words of `language` ("gün" / "days"). Money ("TL") keeps at least 2
// decimals.
//
// Example:
//
//   QuantityText("3972.8", "TL", TextLanguage::kTurkish);  // "3.972,80 TL"
//   QuantityText("180", "gun", TextLanguage::kTurkish);    // "180 gün"
//   QuantityText("180", "gun", TextLanguage::kEnglish);    // "180 days"
//   QuantityText("0.4", "oran", TextLanguage::kTurkish);   // "0,4"
std::string QuantityText(absl::string_view machine_text, absl::string_view unit,
                         TextLanguage language);

// The words of `unit` (as in QuantityText) alone: "gün", "TL/gün", "days",
// "TL/day"; "" for no unit.
std::string UnitText(absl::string_view unit, TextLanguage language, bool singular = false);

namespace decimal_internal {

// 10^0 .. 10^6: the unit of the last kept place when rounding to 6 - i places.
inline constexpr int64_t kPow10[] = {1, 10, 100, 1'000, 10'000, 100'000, 1'000'000};

// Turns a quotient truncated toward zero (q = n / d, r = n % d as C++ computes
// them) into the quotient rounded by `mode`. S is int64_t or absl::int128 and U
// its unsigned twin, so magnitudes of the minimum value do not overflow.
// Callers guarantee q +/- 1 fits in S (true whenever |d| >= 2 or r == 0).
template <typename S, typename U>
inline S RoundTruncatedQuotient(S q, S r, S d, RoundingMode mode) {
  if (r == 0) return q;
  // r has the sign of n, so this is the sign of the exact quotient n / d.
  const bool negative = (r < 0) != (d < 0);
  const S away = negative ? S(-1) : S(1);
  switch (mode) {
    case RoundingMode::kDown:
      return q;
    case RoundingMode::kUp:
      return q + away;
    case RoundingMode::kFloor:
      return negative ? q - 1 : q;
    case RoundingMode::kCeiling:
      return negative ? q : q + 1;
    case RoundingMode::kHalfUp:
    case RoundingMode::kHalfEven: {
      const U abs_r = r < 0 ? U(0) - U(r) : U(r);
      const U abs_d = d < 0 ? U(0) - U(d) : U(d);
      // Compare |r| with |d| - |r| rather than 2|r| with |d|: no overflow.
      const U rest = abs_d - abs_r;
      if (abs_r > rest) return q + away;
      if (abs_r < rest) return q;
      if (mode == RoundingMode::kHalfUp) return q + away;
      return q % 2 == 0 ? q : q + away;
    }
  }
  return q;
}

inline bool NarrowToInt64(absl::int128 value, int64_t* out) {
  if (value > absl::int128(std::numeric_limits<int64_t>::max()) ||
      value < absl::int128(std::numeric_limits<int64_t>::min())) {
    return false;
  }
  *out = static_cast<int64_t>(value);
  return true;
}

}  // namespace decimal_internal

// An exact decimal number with six fractional places: TL, rates, day counts.
//
// A Decimal is a plain 8-byte value (trivially copyable, no allocation); pass
// it by value. It is immutable, so sharing one between threads is safe; all
// functions are reentrant and keep no global state.
//
// There are deliberately no +, -, *, / operators: every arithmetic step can
// overflow and Mul/Div round, and a rule engine must surface both, so the
// arithmetic is the checked static functions below. Comparison and hashing
// (absl::flat_hash_map<Decimal, ...>) work as for any value type.
//
// Example:
//   // İşsizlik ödeneği: 40% of the daily average of 40032 TL earned over 120
//   // days, to kuruş. Multiply before dividing so no precision is lost early.
//   Decimal rate = Decimal::Parse("0.40").value();
//   Decimal earnings = Decimal::ParseWithMaxPlaces("40032", 2).value();
//   Decimal days = Decimal::FromInteger(120).value();
//   Decimal share = Decimal::Mul(rate, earnings).value();       // 16012.8
//   Decimal daily = Decimal::Div(share, days).value();          // 133.44
//   Decimal paid = daily.Round(2, RoundingMode::kHalfUp).value();
//   paid.ToString(2);                                           // "133.44"
//   Decimal::Mul(Decimal::Parse("8006.40").value(), Decimal::Parse("0.00759").value())
//       .value().ToString();                                    // "60.768576"
//   Decimal::Add(Decimal::Max(), Decimal::FromRaw(1)).status(); // OutOfRange
class Decimal {
 public:
  // Number of fractional digits kept, and the raw value of 1.
  static constexpr int kScale = 6;
  static constexpr int64_t kOne = 1'000'000;

  // Zero.
  constexpr Decimal() = default;

  // Returns the Decimal whose raw value is `raw` millionths (FromRaw(1) is
  // 0.000001). Never fails; for plan constants and batch columns, which store
  // raw values.
  static constexpr Decimal FromRaw(int64_t raw) {
    Decimal d;
    d.raw_ = raw;
    return d;
  }

  // Returns `units` as a Decimal (FromInteger(120) is 120). OutOfRange if
  // |units| exceeds 9223372036854 (the integer part of Max()).
  static absl::StatusOr<Decimal> FromInteger(int64_t units);

  // The largest value, 9223372036854.775807.
  static constexpr Decimal Max() { return FromRaw(std::numeric_limits<int64_t>::max()); }

  // The smallest value, -9223372036854.775808 (raw INT64_MIN). It is one
  // millionth beyond -Max(), so Negate(Min()) and Abs(Min()) are OutOfRange,
  // and Parse never produces it: parsed values lie in [-Max(), Max()].
  static constexpr Decimal Min() { return FromRaw(std::numeric_limits<int64_t>::min()); }

  // Parses the canonical text form used in rule files, claims and outputs: an
  // optional '-', one or more ASCII digits, then optionally '.' and 1 to 6
  // digits. Accepts "10008", "10008.5", "-0.01", "0.00759", "007" and "-0"
  // (zero). Rejects ".5", "1.", "+1", "1e3", "1,5", "", " 1", "1 " and more
  // than 6 decimals (even trailing zeros: "1.0000000"), because a rule file
  // that writes a rate with 7 places has a typo, not a rounding request.
  // Errors:
  //   InvalidArgument: malformed text; the message quotes the text and says
  //     what was expected, e.g. `invalid decimal "1e3": expected digits with
  //     at most 6 decimal places, like 10008.00`.
  //   OutOfRange: well formed, but the magnitude exceeds Max().
  static absl::StatusOr<Decimal> Parse(absl::string_view text);

  // Like Parse, but allows at most `places` decimals (0..6). Money inputs use
  // places = 2 so "10008.001" is rejected (InvalidArgument naming "at most 2
  // decimal places") instead of silently carrying a fraction of a kuruş.
  // InvalidArgument also if `places` is outside 0..6 (a caller bug).
  static absl::StatusOr<Decimal> ParseWithMaxPlaces(absl::string_view text, int places);

  // The value in millionths: what the batch executor stores in its columns.
  constexpr int64_t raw() const { return raw_; }

  // The shortest text that Parse reads back to the same value: no trailing
  // zeros, no '.' for integers ("10008", "10008.5", "-0.01", "0.00759", "0").
  // For reports use ToString(places), which pads to kuruş.
  std::string ToString() const;

  // The value with exactly `places` decimals, for display: Decimal 4003.2 ->
  // "4003.20". If the value has more precision it is rounded half-up (the
  // legal default) for the text only; rules that must round should call Round
  // so the rounded value is what flows on. Never fails, even at Max()/Min().
  // `places` is clamped to 0..6. A value that rounds to zero prints without a
  // sign ("-0.001" -> "0.00").
  std::string ToString(int places) const;

  // a + b, a - b. Exact. OutOfRange on overflow, with a message showing the
  // operation ("decimal overflow: 9223372036854.775807 + 1").
  static absl::StatusOr<Decimal> Add(Decimal a, Decimal b);
  static absl::StatusOr<Decimal> Sub(Decimal a, Decimal b);

  // a * b: the exact product rounded half-even at the 6th place (0.000001 *
  // 0.5 -> 0, 0.000003 * 0.5 -> 0.000002). OutOfRange if the rounded product
  // exceeds the range.
  static absl::StatusOr<Decimal> Mul(Decimal a, Decimal b);

  // a / b: the exact quotient rounded half-even at the 6th place (1 / 3 ->
  // 0.333333, 2 / 3 -> 0.666667, signs as in exact arithmetic). InvalidArgument
  // if b is zero; OutOfRange if the rounded quotient exceeds the range.
  static absl::StatusOr<Decimal> Div(Decimal a, Decimal b);

  // -a and |a|. Exact. OutOfRange only for Min(), whose negation does not fit.
  static absl::StatusOr<Decimal> Negate(Decimal a);
  static absl::StatusOr<Decimal> Abs(Decimal a);

  // This value rounded to `places` decimals (0..6) by `mode`; places = 6 is
  // the identity. Round(2, kHalfUp) is "round to kuruş". InvalidArgument if
  // `places` is outside 0..6; OutOfRange if rounding away from zero passes the
  // range (Max().Round(0, kUp)).
  absl::StatusOr<Decimal> Round(int places, RoundingMode mode) const;

  // Raw fast paths for the batch executor's kernels, on raw values (units of
  // 10^-6), with the same results and rounding as the checked functions above.
  // Each returns true and writes *out on success; on overflow, division by zero
  // or (RoundRaw) places outside 0..6 it returns false and leaves *out
  // untouched. Never undefined behaviour for any int64 inputs.
  static bool AddRaw(int64_t a, int64_t b, int64_t* out) {
    int64_t sum;
    if (__builtin_add_overflow(a, b, &sum)) return false;
    *out = sum;
    return true;
  }

  static bool SubRaw(int64_t a, int64_t b, int64_t* out) {
    int64_t difference;
    if (__builtin_sub_overflow(a, b, &difference)) return false;
    *out = difference;
    return true;
  }

  static bool MulRaw(int64_t a, int64_t b, int64_t* out) {
    int64_t product;
    // Most products (kuruş amount times rate) fit in 64 bits, where dividing
    // by the constant 10^6 is a multiply; only the rest pay for 128-bit
    // division.
    if (!__builtin_mul_overflow(a, b, &product)) {
      *out = decimal_internal::RoundTruncatedQuotient<int64_t, uint64_t>(
          product / kOne, product % kOne, kOne, RoundingMode::kHalfEven);
      return true;
    }
    const absl::int128 wide = absl::int128(a) * b;  // |a * b| <= 2^126: fits.
    return decimal_internal::NarrowToInt64(
        decimal_internal::RoundTruncatedQuotient<absl::int128, absl::uint128>(
            wide / kOne, wide % kOne, kOne, RoundingMode::kHalfEven),
        out);
  }

  static bool DivRaw(int64_t a, int64_t b, int64_t* out) {
    if (b == 0) return false;
    int64_t scaled;
    if (!__builtin_mul_overflow(a, kOne, &scaled)) {
      // scaled is a multiple of 10^6 and INT64_MIN is not, so scaled / -1
      // cannot trap, and rounding can only add 1 when |b| >= 2.
      *out = decimal_internal::RoundTruncatedQuotient<int64_t, uint64_t>(
          scaled / b, scaled % b, b, RoundingMode::kHalfEven);
      return true;
    }
    const absl::int128 wide = absl::int128(a) * kOne;
    return decimal_internal::NarrowToInt64(
        decimal_internal::RoundTruncatedQuotient<absl::int128, absl::uint128>(
            wide / b, wide % b, absl::int128(b), RoundingMode::kHalfEven),
        out);
  }

  static bool RoundRaw(int64_t a, int places, RoundingMode mode, int64_t* out) {
    if (places < 0 || places > kScale) return false;
    const int64_t unit = decimal_internal::kPow10[kScale - places];
    // unit >= 10 whenever digits are dropped, so q +/- 1 cannot overflow; only
    // scaling back up can.
    const int64_t q = decimal_internal::RoundTruncatedQuotient<int64_t, uint64_t>(
        a / unit, a % unit, unit, mode);
    int64_t rounded;
    if (__builtin_mul_overflow(q, unit, &rounded)) return false;
    *out = rounded;
    return true;
  }

  friend constexpr bool operator==(Decimal a, Decimal b) = default;
  friend constexpr std::strong_ordering operator<=>(Decimal a, Decimal b) = default;

  template <typename H>
  friend H AbslHashValue(H h, Decimal d) {
    return H::combine(std::move(h), d.raw_);
  }

  // Writes ToString(), so gtest and logs show "133.44", not raw millionths.
  friend std::ostream& operator<<(std::ostream& os, Decimal d);

 private:
  int64_t raw_ = 0;
};

}  // namespace odenek

#endif  // ODENEK_DECIMAL_H_
