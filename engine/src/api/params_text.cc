// Parameters as text for people (`odenek params`): values with their unit
// words in the text's number format. The JSON form stays in the front ends:
// it is the exact machine text.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "odenek/decimal.h"
#include "odenek/rule_set.h"

namespace odenek {
namespace {

bool Turkish(TextLanguage language) { return language == TextLanguage::kTurkish; }

// A value of `p`: numbers with their unit words (QuantityText); sets and
// scales as the rules write them.
std::string ValueWords(const ParameterInfo& p, const std::string& value, TextLanguage language) {
  return p.kind == "number" ? QuantityText(value, p.unit, language) : value;
}

std::string KindWords(const std::string& kind, TextLanguage language) {
  if (!Turkish(language)) return kind;
  if (kind == "number") return "sayı";
  if (kind == "set") return "küme";
  if (kind == "scale") return "dilimli oran";
  return kind;
}

std::string NoValue(TextLanguage language) {
  return Turkish(language) ? "yürürlükte değer yok" : "no value in force";
}

}  // namespace

const ParameterValueInfo* ParameterInfo::ValueOn(const std::string& date) const {
  // ISO dates compare as text.
  if (!end.empty() && date > end) return nullptr;
  const ParameterValueInfo* found = nullptr;
  for (const ParameterValueInfo& v : values) {
    if (v.from <= date) found = &v;
  }
  return found;
}

std::string ParameterToText(const ParameterInfo& p, const std::string& date,
                            TextLanguage language) {
  const bool tr = Turkish(language);
  std::string out = absl::StrCat(p.name, " (", KindWords(p.kind, language));
  const std::string unit = UnitText(p.unit, language);
  if (!unit.empty()) absl::StrAppend(&out, ", ", unit);
  out += ")\n";
  if (!p.description.empty()) absl::StrAppend(&out, "  ", p.description, "\n");
  if (!p.reference.empty()) absl::StrAppend(&out, tr ? "  Dayanak: " : "  Reference: ", p.reference, "\n");
  if (!date.empty()) {
    const ParameterValueInfo* v = p.ValueOn(date);
    if (v == nullptr) {
      absl::StrAppend(&out, "  ", date, ": ", NoValue(language), "\n");
      return out;
    }
    absl::StrAppend(&out, "  ", date, " = ", ValueWords(p, v->value, language),
                    tr ? absl::StrCat(" (", v->from, " tarihinden)")
                       : absl::StrCat(" (from ", v->from, ")"));
    if (!v->reference.empty()) absl::StrAppend(&out, "   [", v->reference, "]");
    out += "\n";
    return out;
  }
  for (const ParameterValueInfo& v : p.values) {
    absl::StrAppend(&out, "  ", v.from, "  ", ValueWords(p, v.value, language));
    if (!v.reference.empty()) absl::StrAppend(&out, "   [", v.reference, "]");
    out += "\n";
  }
  if (!p.end.empty()) absl::StrAppend(&out, tr ? "  bitiş: " : "  end: ", p.end, "\n");
  return out;
}

std::string ParametersToText(const std::vector<ParameterInfo>& parameters,
                             const std::string& date, TextLanguage language) {
  std::string out;
  for (const ParameterInfo& p : parameters) {
    std::string value;
    if (!date.empty()) {
      const ParameterValueInfo* v = p.ValueOn(date);
      value = v == nullptr ? absl::StrCat("(", NoValue(language), ")")
                           : absl::StrCat(ValueWords(p, v->value, language), " (", v->from, ")");
    } else if (!p.values.empty()) {
      value = absl::StrCat(ValueWords(p, p.values.back().value, language), " (",
                           p.values.back().from, ")");
    }
    absl::StrAppend(&out, p.name, " = ", value);
    if (!p.description.empty()) absl::StrAppend(&out, "  — ", p.description);
    out += "\n";
  }
  return out;
}

}  // namespace odenek
