// Types and units of rule values: what the checker infers and the planner lays
// out in columns.
//
// Every number carries a unit built from the law's three measures: money (TL),
// days (gün) and hours (saat), as integer exponents, so TL/gün × gün = TL and
// "TL + gün" is caught when the rules load, not when a claim is paid. Ratios
// (oran) and plain integers have no unit.
#ifndef ODENEK_ENGINE_SRC_AST_TYPES_H_
#define ODENEK_ENGINE_SRC_AST_TYPES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace odenek::internal {

// Exponents of TL, gün and saat: {1,0,0} is TL, {1,-1,0} TL/gün, {0,0,0} none.
struct Unit {
  int8_t tl = 0;
  int8_t gun = 0;
  int8_t saat = 0;

  static constexpr Unit None() { return {}; }
  static constexpr Unit Tl() { return {1, 0, 0}; }
  static constexpr Unit Gun() { return {0, 1, 0}; }
  static constexpr Unit Saat() { return {0, 0, 1}; }

  bool is_none() const { return tl == 0 && gun == 0 && saat == 0; }
  friend bool operator==(Unit a, Unit b) {
    return a.tl == b.tl && a.gun == b.gun && a.saat == b.saat;
  }
  friend Unit operator*(Unit a, Unit b) {
    return {static_cast<int8_t>(a.tl + b.tl), static_cast<int8_t>(a.gun + b.gun),
            static_cast<int8_t>(a.saat + b.saat)};
  }
  friend Unit operator/(Unit a, Unit b) {
    return {static_cast<int8_t>(a.tl - b.tl), static_cast<int8_t>(a.gun - b.gun),
            static_cast<int8_t>(a.saat - b.saat)};
  }
  // "TL", "gün", "TL/gün", "TL·saat", "no unit" (none).
  std::string ToString() const;
};

// Parses a unit as written in rule files: "TL", "gun" (or "gün"), "saat", "oran",
// "1" or "" (none), and products/quotients like "TL/gun". InvalidArgument
// otherwise, naming the text and the accepted words.
absl::StatusOr<Unit> ParseUnit(absl::string_view text);

enum class TypeKind : uint8_t {
  kBool,
  kNumber,      // Decimal with a unit
  kDate,
  kMonth,
  kString,
  kSet,         // a set parameter or literal list; `element` says of what
  kScale,       // a marginal-rate scale parameter, only inside scale()
  kList,        // a history list input, only inside window functions
  kDateRange,   // a window over dates: last_days, last_years, between
  kMonthRange,  // a window over months: last_months, between
  kRoundingMode,
  kError,       // already reported; suppresses follow-on diagnostics
};

struct Type {
  TypeKind kind = TypeKind::kError;
  Unit unit;              // numbers only
  bool integral = false;  // numbers: declared int/gun input (claims must be whole)
  TypeKind element = TypeKind::kError;  // sets: kNumber or kString

  static Type Of(TypeKind k) {
    Type t;
    t.kind = k;
    return t;
  }
  static Type Bool() { return Of(TypeKind::kBool); }
  static Type Number(Unit u) {
    Type t = Of(TypeKind::kNumber);
    t.unit = u;
    return t;
  }
  static Type Date() { return Of(TypeKind::kDate); }
  static Type Month() { return Of(TypeKind::kMonth); }
  static Type String() { return Of(TypeKind::kString); }
  static Type Error() { return Of(TypeKind::kError); }

  bool is_number() const { return kind == TypeKind::kNumber; }
  bool is_error() const { return kind == TypeKind::kError; }
  // Same kind and, for numbers, the same unit (integral-ness does not matter).
  bool SameAs(const Type& other) const;
  // "TL", "gün", "bool", "date", "set of numbers"...
  std::string ToString() const;
};

// A declared input or field type: bool, int, decimal, money, gun, saat, oran,
// date, month, string. ("list" is handled by the loader's InputDef.) Also accepts
// a unit expression for numbers (e.g. "TL/gun"). InvalidArgument otherwise.
absl::StatusOr<Type> ParseDeclaredType(absl::string_view text);

// Money inputs (type money) accept at most this many decimals in claims: kuruş.
inline constexpr int kMoneyPlaces = 2;

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_AST_TYPES_H_
