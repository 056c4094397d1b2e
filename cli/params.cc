// `odenek params [NAME] [--date D]`.
#include <iostream>
#include <string>

#include "commands.h"
#include "odenek/date.h"

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

std::string WithUnit(const ParameterInfo& p, const std::string& value) {
  return p.unit.empty() ? value : value + " " + p.unit;
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

  if (options.name.empty()) {
    for (const ParameterInfo& p : params) {
      std::string value;
      if (!date.empty()) {
        const ParameterValueInfo* v = ValueOn(p, date);
        value = v == nullptr ? "(yürürlükte değer yok)" : WithUnit(p, v->value) + " (" + v->from + ")";
      } else if (!p.values.empty()) {
        value = WithUnit(p, p.values.back().value) + " (" + p.values.back().from + ")";
      }
      std::cout << p.name;
      if (!p.unit.empty()) std::cout << " [" << p.unit << "]";
      std::cout << " = " << value;
      if (!p.description.empty()) std::cout << "  — " << p.description;
      std::cout << "\n";
    }
    return 0;
  }

  for (const ParameterInfo& p : params) {
    if (p.name != options.name) continue;
    std::cout << p.name << " (" << p.kind;
    if (!p.unit.empty()) std::cout << ", " << p.unit;
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
  std::cerr << "odenek: unknown parameter " << options.name << "\n";
  return 1;
}

}  // namespace odenek::cli
