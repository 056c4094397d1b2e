#include "ast/types.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/ascii.h"

namespace odenek::internal {
namespace {

void AppendFactor(std::string& out, absl::string_view name, int exp) {
  if (!out.empty()) out += "·";
  out += std::string(name);
  if (exp != 1) absl::StrAppend(&out, "^", exp);
}

}  // namespace

std::string Unit::ToString() const {
  // The units results carry, without building them: FormatValue names the
  // unit of every number a result holds.
  if (saat == 0 && tl == 1 && gun == 0) return "TL";
  if (saat == 0 && tl == 0 && gun == 1) return "gün";
  if (saat == 0 && tl == 1 && gun == -1) return "TL/gün";
  std::string num, den;
  auto add = [&](absl::string_view name, int exp) {
    if (exp > 0) AppendFactor(num, name, exp);
    if (exp < 0) AppendFactor(den, name, -exp);
  };
  add("TL", tl);
  add("gün", gun);
  add("saat", saat);
  if (num.empty() && den.empty()) return "no unit";
  if (den.empty()) return num;
  if (num.empty()) num = "1";
  return absl::StrCat(num, "/", den);
}

absl::StatusOr<Unit> ParseUnit(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty() || text == "1" || text == "oran") return Unit::None();
  std::vector<absl::string_view> parts = absl::StrSplit(text, '/');
  if (parts.size() > 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid unit \"", text, "\": at most one '/'"));
  }
  Unit result;
  for (size_t i = 0; i < parts.size(); ++i) {
    for (absl::string_view factor : absl::StrSplit(parts[i], '*')) {
      factor = absl::StripAsciiWhitespace(factor);
      Unit u;
      if (factor == "TL") {
        u = Unit::Tl();
      } else if (factor == "gun" || factor == "gün") {
        u = Unit::Gun();
      } else if (factor == "saat") {
        u = Unit::Saat();
      } else if (factor == "1" || factor == "oran") {
        u = Unit::None();
      } else {
        return absl::InvalidArgumentError(absl::StrCat(
            "invalid unit \"", text, "\": expected TL, gun, saat, oran or a ",
            "product/quotient of them like TL/gun"));
      }
      result = i == 0 ? result * u : result / u;
    }
  }
  return result;
}

bool Type::SameAs(const Type& other) const {
  if (kind != other.kind) return false;
  if (kind == TypeKind::kNumber) return unit == other.unit;
  if (kind == TypeKind::kSet) return element == other.element;
  return true;
}

std::string Type::ToString() const {
  switch (kind) {
    case TypeKind::kBool: return "bool";
    // Messages are in English (docs/rules.md): a plain number is "number".
    case TypeKind::kNumber: return unit.is_none() ? "number" : unit.ToString();
    case TypeKind::kDate: return "date";
    case TypeKind::kMonth: return "month";
    case TypeKind::kString: return "string";
    case TypeKind::kSet:
      return element == TypeKind::kString ? "set of strings" : "set of numbers";
    case TypeKind::kScale: return "scale";
    case TypeKind::kList: return "list";
    case TypeKind::kDateRange: return "date window";
    case TypeKind::kMonthRange: return "month window";
    case TypeKind::kRoundingMode: return "rounding mode";
    case TypeKind::kError: return "error";
  }
  return "?";
}

absl::StatusOr<Type> ParseDeclaredType(absl::string_view text) {
  if (text == "bool") return Type::Bool();
  if (text == "int") {
    Type t = Type::Number(Unit::None());
    t.integral = true;
    return t;
  }
  if (text == "decimal" || text == "oran") return Type::Number(Unit::None());
  if (text == "money" || text == "TL") return Type::Number(Unit::Tl());
  if (text == "gun" || text == "gün") {
    Type t = Type::Number(Unit::Gun());
    t.integral = true;
    return t;
  }
  if (text == "saat") return Type::Number(Unit::Saat());
  if (text == "date") return Type::Date();
  if (text == "month") return Type::Month();
  if (text == "string") return Type::String();
  absl::StatusOr<Unit> unit = ParseUnit(text);
  if (unit.ok()) return Type::Number(*unit);
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown type \"", text,
      "\": expected bool, int, decimal, money, gun, saat, oran, date, month, "
      "string, list or a unit like TL/gun"));
}

}  // namespace odenek::internal
