#include "odenek/decimal.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace odenek {
namespace {

constexpr int64_t kMaxRaw = std::numeric_limits<int64_t>::max();

// Quotes user text for an error message. Long inputs (a whole line pasted into
// a number field) are cut so the message stays readable; escaping keeps control
// characters out of terminals while leaving Turkish letters legible.
std::string Quote(absl::string_view text) {
  constexpr size_t kMaxShown = 40;
  if (text.size() <= kMaxShown) {
    return absl::StrCat("\"", absl::Utf8SafeCHexEscape(text), "\"");
  }
  return absl::StrCat("\"", absl::Utf8SafeCHexEscape(text.substr(0, kMaxShown)),
                      "\"... (", text.size(), " bytes)");
}

absl::Status Malformed(absl::string_view text, int places) {
  // The example shows the shape of an allowed value, in kuruş form where
  // fractions are allowed because that is what users most often type.
  std::string example = "10008";
  if (places > 0) absl::StrAppend(&example, ".", std::string(places < 2 ? places : 2, '0'));
  return absl::InvalidArgumentError(absl::StrCat("invalid decimal ", Quote(text),
                                                 ": expected digits with at most ", places,
                                                 " decimal places, like ", example));
}

absl::Status Overflow(Decimal a, absl::string_view op, Decimal b) {
  return absl::OutOfRangeError(
      absl::StrCat("decimal overflow: ", a.ToString(), " ", op, " ", b.ToString()));
}

absl::StatusOr<Decimal> ParseImpl(absl::string_view text, int places) {
  if (places < 0 || places > Decimal::kScale) {
    return absl::InvalidArgumentError(
        absl::StrCat("decimal places must be 0..6, got ", places, " (parsing ", Quote(text), ")"));
  }
  size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;

  // Check the whole shape before the range, so "1e999" is reported as
  // malformed rather than too large.
  const size_t int_begin = i;
  while (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) ++i;
  const absl::string_view int_digits = text.substr(int_begin, i - int_begin);
  if (int_digits.empty()) return Malformed(text, places);
  absl::string_view frac_digits;
  if (i < text.size() && text[i] == '.') {
    const size_t frac_begin = ++i;
    while (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) ++i;
    frac_digits = text.substr(frac_begin, i - frac_begin);
    if (frac_digits.empty()) return Malformed(text, places);
  }
  if (i != text.size()) return Malformed(text, places);
  if (frac_digits.size() > static_cast<size_t>(places)) return Malformed(text, places);

  // Accumulate the magnitude in 128 bits; once the integer part alone passes
  // the range nothing can bring it back, so stop before 128 bits overflow too.
  absl::int128 magnitude = 0;
  bool too_large = false;
  for (char c : int_digits) {
    magnitude = magnitude * 10 + (c - '0');
    if (magnitude > kMaxRaw) {
      too_large = true;
      break;
    }
  }
  if (!too_large) {
    magnitude *= Decimal::kOne;
    absl::int128 fraction = 0;
    for (char c : frac_digits) fraction = fraction * 10 + (c - '0');
    magnitude += fraction * decimal_internal::kPow10[Decimal::kScale - frac_digits.size()];
    // Symmetric range: "-9223372036854.775808" (raw INT64_MIN) is rejected too,
    // so every parsed value can be negated.
    too_large = magnitude > kMaxRaw;
  }
  if (too_large) {
    return absl::OutOfRangeError(absl::StrCat("decimal ", Quote(text),
                                              " out of range: magnitude must be at most ",
                                              Decimal::Max().ToString()));
  }
  const int64_t raw = static_cast<int64_t>(magnitude);
  return Decimal::FromRaw(negative ? -raw : raw);
}

// `fraction` as exactly `width` digits (leading zeros kept), optionally with
// trailing zeros dropped: (5000, 6, true) -> "005".
std::string FractionDigits(uint64_t fraction, int width, bool strip_trailing_zeros) {
  std::string digits(static_cast<size_t>(width), '0');
  for (int i = width - 1; i >= 0; --i) {
    digits[static_cast<size_t>(i)] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  if (strip_trailing_zeros) {
    const size_t last = digits.find_last_not_of('0');
    digits.resize(last == std::string::npos ? 0 : last + 1);
  }
  return digits;
}

// |v| without overflow at INT64_MIN.
uint64_t Magnitude(int64_t v) {
  return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}

}  // namespace

std::optional<RoundingMode> ParseRoundingMode(absl::string_view name) {
  if (name == "half_up") return RoundingMode::kHalfUp;
  if (name == "half_even") return RoundingMode::kHalfEven;
  if (name == "down") return RoundingMode::kDown;
  if (name == "up") return RoundingMode::kUp;
  if (name == "floor") return RoundingMode::kFloor;
  if (name == "ceiling") return RoundingMode::kCeiling;
  return std::nullopt;
}

absl::string_view RoundingModeName(RoundingMode mode) {
  switch (mode) {
    case RoundingMode::kHalfUp:
      return "half_up";
    case RoundingMode::kHalfEven:
      return "half_even";
    case RoundingMode::kDown:
      return "down";
    case RoundingMode::kUp:
      return "up";
    case RoundingMode::kFloor:
      return "floor";
    case RoundingMode::kCeiling:
      return "ceiling";
  }
  return "unknown";
}

absl::StatusOr<Decimal> Decimal::FromInteger(int64_t units) {
  int64_t raw;
  if (__builtin_mul_overflow(units, kOne, &raw)) {
    return absl::OutOfRangeError(absl::StrCat("decimal overflow: integer ", units,
                                              " is outside the range ", Min().ToString(),
                                              " .. ", Max().ToString()));
  }
  return FromRaw(raw);
}

absl::StatusOr<Decimal> Decimal::Parse(absl::string_view text) {
  return ParseImpl(text, kScale);
}

absl::StatusOr<Decimal> Decimal::ParseWithMaxPlaces(absl::string_view text, int places) {
  return ParseImpl(text, places);
}

std::string Decimal::ToString() const {
  const uint64_t magnitude = Magnitude(raw_);
  const uint64_t one = static_cast<uint64_t>(kOne);
  std::string text = absl::StrCat(raw_ < 0 ? "-" : "", magnitude / one);
  if (magnitude % one != 0) {
    absl::StrAppend(&text, ".", FractionDigits(magnitude % one, kScale, true));
  }
  return text;
}

std::string Decimal::ToString(int places) const {
  if (places < 0) places = 0;
  if (places > kScale) places = kScale;
  const int64_t unit = decimal_internal::kPow10[kScale - places];
  // In units of the last shown place; |raw / unit| + 1 always fits, so this
  // cannot fail even where Round would overflow.
  const int64_t shown = decimal_internal::RoundTruncatedQuotient<int64_t, uint64_t>(
      raw_ / unit, raw_ % unit, unit, RoundingMode::kHalfUp);
  const uint64_t magnitude = Magnitude(shown);
  const uint64_t place_unit = static_cast<uint64_t>(decimal_internal::kPow10[places]);
  std::string text = absl::StrCat(shown < 0 ? "-" : "", magnitude / place_unit);
  if (places > 0) {
    absl::StrAppend(&text, ".", FractionDigits(magnitude % place_unit, places, false));
  }
  return text;
}

absl::StatusOr<Decimal> Decimal::Add(Decimal a, Decimal b) {
  int64_t out;
  if (!AddRaw(a.raw_, b.raw_, &out)) return Overflow(a, "+", b);
  return FromRaw(out);
}

absl::StatusOr<Decimal> Decimal::Sub(Decimal a, Decimal b) {
  int64_t out;
  if (!SubRaw(a.raw_, b.raw_, &out)) return Overflow(a, "-", b);
  return FromRaw(out);
}

absl::StatusOr<Decimal> Decimal::Mul(Decimal a, Decimal b) {
  int64_t out;
  if (!MulRaw(a.raw_, b.raw_, &out)) return Overflow(a, "*", b);
  return FromRaw(out);
}

absl::StatusOr<Decimal> Decimal::Div(Decimal a, Decimal b) {
  if (b.raw_ == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("decimal division by zero: ", a.ToString(), " / 0"));
  }
  int64_t out;
  if (!DivRaw(a.raw_, b.raw_, &out)) return Overflow(a, "/", b);
  return FromRaw(out);
}

absl::StatusOr<Decimal> Decimal::Negate(Decimal a) {
  int64_t out;
  if (!SubRaw(0, a.raw_, &out)) {
    return absl::OutOfRangeError(absl::StrCat("decimal overflow: -(", a.ToString(), ")"));
  }
  return FromRaw(out);
}

absl::StatusOr<Decimal> Decimal::Abs(Decimal a) {
  if (a.raw_ >= 0) return a;
  int64_t out;
  if (!SubRaw(0, a.raw_, &out)) {
    return absl::OutOfRangeError(absl::StrCat("decimal overflow: abs(", a.ToString(), ")"));
  }
  return FromRaw(out);
}

absl::StatusOr<Decimal> Decimal::Round(int places, RoundingMode mode) const {
  if (places < 0 || places > kScale) {
    return absl::InvalidArgumentError(
        absl::StrCat("round places must be 0..6, got ", places));
  }
  int64_t out;
  if (!RoundRaw(raw_, places, mode, &out)) {
    return absl::OutOfRangeError(absl::StrCat("decimal overflow: round(", ToString(), ", ",
                                              places, ", ", RoundingModeName(mode), ")"));
  }
  return FromRaw(out);
}

std::ostream& operator<<(std::ostream& os, Decimal d) { return os << d.ToString(); }

std::string TurkishNumber(absl::string_view text) {
  const size_t begin = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  size_t end = text.find('.');
  if (end == absl::string_view::npos) end = text.size();
  if (end == begin) return std::string(text);
  for (size_t i = begin; i < text.size(); ++i) {
    if (i != end && (text[i] < '0' || text[i] > '9')) return std::string(text);
  }
  if (end + 1 == text.size()) return std::string(text);  // "12." is not a number
  std::string out(text.substr(0, begin));
  for (size_t i = begin; i < end; ++i) {
    if (i > begin && (end - i) % 3 == 0) out += '.';
    out += text[i];
  }
  if (end < text.size()) {
    out += ',';
    out.append(text.data() + end + 1, text.size() - end - 1);
  }
  return out;
}

std::string NumberText(absl::string_view text, TextLanguage language) {
  return language == TextLanguage::kTurkish ? TurkishNumber(text) : std::string(text);
}

namespace {

// One unit word: the rules write "gun" (ASCII, as identifiers are); a reader
// reads "gün". English counts are plural unless `singular`; a divisor is
// always singular ("TL/day").
std::string UnitWord(absl::string_view word, TextLanguage language, bool singular) {
  const bool tr = language == TextLanguage::kTurkish;
  if (word == "gun" || word == "gün") return tr ? "gün" : singular ? "day" : "days";
  if (word == "saat") return tr ? "saat" : singular ? "hour" : "hours";
  return std::string(word);
}

}  // namespace

std::string UnitText(absl::string_view unit, TextLanguage language, bool singular) {
  if (unit.empty() || unit == "1" || unit == "oran" || unit == "no unit") return "";
  std::string out;
  std::string word;
  bool divisor = false;
  auto flush = [&] {
    out += UnitWord(word, language, singular || divisor);
    word.clear();
  };
  for (size_t i = 0; i < unit.size(); ++i) {
    const char c = unit[i];
    if (c == '/' || c == '*' || c == ' ') {
      flush();
      if (c == '/') divisor = true;
      out += c;
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

std::string QuantityText(absl::string_view text, absl::string_view unit, TextLanguage language) {
  std::string number(text);
  if (unit == "TL") {
    // Money is shown to the kuruş even where the rules write "13414.5".
    const size_t dot = number.find('.');
    if (dot == std::string::npos) {
      number += ".00";
    } else if (number.size() - dot == 2) {
      number += "0";
    }
  }
  const std::string words = UnitText(unit, language, /*singular=*/number == "1" || number == "-1");
  number = NumberText(number, language);
  return words.empty() ? number : number + " " + words;
}

}  // namespace odenek
