#include "server/rules_state.h"

#include "nlohmann/json.hpp"

namespace odenek::server {
namespace {

using Json = nlohmann::ordered_json;

Json ParameterJson(const ParameterInfo& p) {
  Json values = Json::array();
  for (const ParameterValueInfo& v : p.values) {
    values.push_back({{"from", v.from}, {"value", v.value}, {"reference", v.reference}});
  }
  return {{"name", p.name},
          {"kind", p.kind},
          {"unit", p.unit},
          {"description", p.description},
          {"reference", p.reference},
          {"end", p.end},
          {"values", std::move(values)}};
}

}  // namespace

std::string ParameterToJson(const ParameterInfo& p, const std::string& date) {
  Json j = ParameterJson(p);
  if (!date.empty()) {
    // The value in force on `date`, as `odenek params NAME --date` picks it:
    // ISO dates compare as text; none before the first value or after `end`.
    const ParameterValueInfo* found = nullptr;
    if (p.end.empty() || date <= p.end) {
      for (const ParameterValueInfo& v : p.values) {
        if (v.from <= date) found = &v;
      }
    }
    j["date"] = date;
    j["value_on_date"] = found == nullptr ? Json() : Json({{"from", found->from},
                                                            {"value", found->value},
                                                            {"reference", found->reference}});
  }
  return j.dump() + "\n";
}

const RuleSet* LoadedRules::Scenario(const std::string& name) const {
  for (const auto& [scenario, rules] : scenarios) {
    if (scenario == name) return &rules;
  }
  return nullptr;
}

absl::StatusOr<std::shared_ptr<const LoadedRules>> LoadRules(const RulesSource& source) {
  absl::StatusOr<RuleSet> base = RuleSet::Load(source.dir);
  if (!base.ok()) return base.status();
  auto loaded = std::make_shared<LoadedRules>(LoadedRules{*std::move(base), {}, {}, {}, {}, {}});
  for (const auto& [name, file] : source.reforms) {
    LoadOptions options;
    options.reforms = {file};
    absl::StatusOr<RuleSet> scenario = RuleSet::Load(source.dir, options);
    if (!scenario.ok()) {
      return absl::Status(scenario.status().code(),
                          "scenario " + name + ": " + std::string(scenario.status().message()));
    }
    loaded->scenarios.emplace_back(name, *std::move(scenario));
  }
  // One shape with the CLI's `programs --format json` (ProgramToJson).
  const std::vector<ProgramInfo> programs = loaded->base.programs();
  for (const ProgramInfo& p : programs) {
    loaded->program_json.emplace_back(p.id, ProgramToJson(p) + "\n");
  }
  loaded->programs_json = ProgramsToJson(programs);
  loaded->parameters = loaded->base.parameters();
  Json parameters = Json::array();
  for (const ParameterInfo& p : loaded->parameters) parameters.push_back(ParameterJson(p));
  loaded->parameters_json = parameters.dump() + "\n";
  return std::shared_ptr<const LoadedRules>(std::move(loaded));
}

}  // namespace odenek::server
