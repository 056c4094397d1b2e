// ProgramToJson / ProgramsToJson: one JSON shape for a programme, written by
// the CLI (`programs --format json`) and the HTTP API (`/v1/programs`) alike.
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "odenek/rule_set.h"

namespace odenek {
namespace {

using Json = nlohmann::ordered_json;

Json InputJson(const InputInfo& in) {
  Json j = {{"name", in.name},
            {"type", in.type},
            {"unit", in.unit},
            {"min", in.min.empty() ? Json() : Json(in.min)},
            {"max", in.max.empty() ? Json() : Json(in.max)},
            {"description", in.description},
            {"derived", in.derived}};
  if (!in.fields.empty()) {
    Json fields = Json::array();
    for (const InputInfo& f : in.fields) fields.push_back(InputJson(f));
    j["fields"] = std::move(fields);
  }
  return j;
}

}  // namespace

std::string ProgramToJson(const ProgramInfo& p) {
  Json inputs = Json::array();
  for (const InputInfo& in : p.inputs) inputs.push_back(InputJson(in));
  Json conditions = Json::array();
  for (const ConditionInfo& c : p.conditions) {
    conditions.push_back({{"id", c.id}, {"message", c.message}, {"reference", c.reference}});
  }
  Json outputs = Json::array();
  for (const OutputInfo& o : p.output_info) {
    Json out = {{"name", o.name},
                {"type", o.type},
                {"description", o.description},
                {"reference", o.reference},
                {"optional", o.optional}};
    // Additive: only event outputs carry the key.
    if (o.event) out["event"] = true;
    outputs.push_back(std::move(out));
  }
  Json j = {{"id", p.id},
            {"title", p.title},
            {"reference", p.reference},
            {"description", p.description},
            {"inputs", std::move(inputs)},
            {"conditions", std::move(conditions)},
            {"outputs", p.outputs},
            {"output_types", std::move(outputs)}};
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string ProgramsToJson(const std::vector<ProgramInfo>& programs) {
  if (programs.empty()) return "[]\n";
  std::string out = "[\n";
  for (size_t i = 0; i < programs.size(); ++i) {
    out += ProgramToJson(programs[i]);
    out += i + 1 < programs.size() ? ",\n" : "\n";
  }
  out += "]\n";
  return out;
}

}  // namespace odenek
