// `odenek params [NAME] [--date D]`.
#include <iostream>
#include <string>

#include "commands.h"
#include "nlohmann/json.hpp"
#include "odenek/date.h"
#include "odenek/diagnostic.h"

namespace odenek::cli {
namespace {

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
    const ParameterValueInfo* v = p.ValueOn(date);
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
    std::cout << ParametersToText(params, date, Language(options.lang));
    return 0;
  }

  for (const ParameterInfo& p : params) {
    if (p.name != options.name) continue;
    // The library words it (odenek/rule_set.h); this only prints.
    std::cout << ParameterToText(p, date, Language(options.lang));
    return 0;
  }
  std::vector<std::string> names;
  for (const ParameterInfo& p : params) names.push_back(p.name);
  std::cerr << "odenek: unknown parameter \"" << options.name << "\"" << DidYouMean(options.name, names)
            << " (odenek params lists them)\n";
  return 2;
}

}  // namespace odenek::cli
