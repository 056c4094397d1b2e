// `odenek params [NAME] [--date D]`.
#include <iostream>
#include <string>

#include "commands.h"
#include "nlohmann/json.hpp"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "odenek/diagnostic.h"

namespace odenek::cli {
namespace {

// The value in force on `date` (YYYY-MM-DD; ISO dates compare as text), or
// nullptr if none (before the first value, or after the parameter's end).
const ParameterValueInfo* ValueOn(const ParameterInfo& p, const std::string& date) {
  if (!p.end.empty() && date > p.end) return nullptr;
  const ParameterValueInfo* found = nullptr;
  for (const ParameterValueInfo& v : p.values) {
    if (v.from <= date) found = &v;
  }
  return found;
}

// A unit as a reader says it: "gun" is "gün"; no unit ("", "1") and a bare
// ratio ("oran") print no word.
std::string UnitWords(const std::string& unit) {
  if (unit.empty() || unit == "1" || unit == "oran") return "";
  std::string out = unit;
  for (size_t at = out.find("gun"); at != std::string::npos; at = out.find("gun", at + 3)) {
    out.replace(at, 3, "gün");
  }
  return out;
}

// A value as officer-facing text writes numbers (odenek::TurkishNumber):
// "33.030,00 TL", "26 gün", "0,5". Money keeps at least its 2 decimals. Sets
// and scales are printed as the rules write them.
std::string WithUnit(const ParameterInfo& p, const std::string& value) {
  if (p.kind != "number") return value;
  std::string number = value;
  if (p.unit == "TL") {
    const size_t dot = number.find('.');
    if (dot == std::string::npos) {
      number += ".00";
    } else if (number.size() - dot == 2) {
      number += "0";
    }
  }
  const std::string words = UnitWords(p.unit);
  return words.empty() ? TurkishNumber(number) : TurkishNumber(number) + " " + words;
}

// One parameter as JSON (--format json): its history, or with a date the
// value in force on it (null when none). Values are exact text.
nlohmann::ordered_json ParameterJson(const ParameterInfo& p, const std::string& date) {
  nlohmann::ordered_json j;
  j["name"] = p.name;
  j["kind"] = p.kind;
  j["unit"] = p.unit;
  j["description"] = p.description;
  j["reference"] = p.reference;
  j["end"] = p.end.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(p.end);
  auto value = [](const ParameterValueInfo& v) {
    return nlohmann::ordered_json{{"from", v.from}, {"value", v.value}, {"reference", v.reference}};
  };
  if (!date.empty()) {
    const ParameterValueInfo* v = ValueOn(p, date);
    j["date"] = date;
    j["in_force"] = v == nullptr ? nlohmann::ordered_json() : value(*v);
  } else {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const ParameterValueInfo& v : p.values) values.push_back(value(v));
    j["values"] = std::move(values);
  }
  return j;
}

}  // namespace

int RunParams(const ParamsOptions& options) {
  std::string date;
  if (!options.date.empty()) {
    absl::StatusOr<Date> parsed = Date::Parse(options.date);
    if (!parsed.ok()) {
      std::cerr << "odenek: --date: " << parsed.status().message() << "\n";
      return 2;
    }
    date = parsed->ToString();
  }
  std::optional<RuleSet> rules = LoadRules(options.global);
  if (!rules) return 1;
  std::vector<ParameterInfo> params = rules->parameters();

  if (options.global.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const ParameterInfo& p : params) {
      if (options.name.empty()) {
        out.push_back(ParameterJson(p, date));
      } else if (p.name == options.name) {
        std::cout << ParameterJson(p, date).dump(2) << "\n";
        return 0;
      }
    }
    if (options.name.empty()) {
      std::cout << out.dump(2) << "\n";
      return 0;
    }
  } else if (options.name.empty()) {
    for (const ParameterInfo& p : params) {
      std::string value;
      if (!date.empty()) {
        const ParameterValueInfo* v = ValueOn(p, date);
        value = v == nullptr ? "(yürürlükte değer yok)" : WithUnit(p, v->value) + " (" + v->from + ")";
      } else if (!p.values.empty()) {
        value = WithUnit(p, p.values.back().value) + " (" + p.values.back().from + ")";
      }
      std::cout << p.name;
      std::cout << " = " << value;
      if (!p.description.empty()) std::cout << "  — " << p.description;
      std::cout << "\n";
    }
    return 0;
  }

  for (const ParameterInfo& p : params) {
    if (p.name != options.name) continue;
    std::cout << p.name << " (" << p.kind;
    if (!UnitWords(p.unit).empty()) std::cout << ", " << UnitWords(p.unit);
    std::cout << ")\n";
    if (!p.description.empty()) std::cout << "  " << p.description << "\n";
    if (!p.reference.empty()) std::cout << "  Dayanak: " << p.reference << "\n";
    if (!date.empty()) {
      const ParameterValueInfo* v = ValueOn(p, date);
      if (v == nullptr) {
        std::cout << "  " << date << ": yürürlükte değer yok\n";
      } else {
        std::cout << "  " << date << " = " << WithUnit(p, v->value) << " (" << v->from
                  << " tarihinden)";
        if (!v->reference.empty()) std::cout << "   [" << v->reference << "]";
        std::cout << "\n";
      }
      return 0;
    }
    for (const ParameterValueInfo& v : p.values) {
      std::cout << "  " << v.from << "  " << WithUnit(p, v.value);
      if (!v.reference.empty()) std::cout << "   [" << v.reference << "]";
      std::cout << "\n";
    }
    if (!p.end.empty()) std::cout << "  bitiş: " << p.end << "\n";
    return 0;
  }
  std::vector<std::string> names;
  for (const ParameterInfo& p : params) names.push_back(p.name);
  std::cerr << "odenek: unknown parameter \"" << options.name << "\"" << DidYouMean(options.name, names)
            << " (odenek params lists them)\n";
  return 2;
}

}  // namespace odenek::cli
