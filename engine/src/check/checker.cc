// The checker (see checker.h): the rule set's parameters, each programme
// (program_checker.h) and the one claim schema they share.
#include "check/checker.h"

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "check/program_checker.h"

namespace odenek::internal {
namespace {

void CheckParameters(const RuleSetDef& rules, CheckedRuleSet& out,
                     std::vector<Diagnostic>& diags) {
  auto error = [&](const SourceLocation& loc, const std::string& code, std::string msg) {
    diags.push_back(Diagnostic{Severity::kError, code, loc.file, loc.line, loc.column,
                               std::move(msg)});
  };
  for (const ParameterDef& p : rules.parameters) {
    CheckedParameter cp;
    cp.def = &p;
    if (out.parameters.contains(p.name)) {
      error(p.location, "duplicate-name", absl::StrCat("parameter ", p.name, " defined twice"));
      continue;
    }
    if (p.reference.empty()) {
      error(p.location, "missing-reference",
            absl::StrCat("parameter ", p.name, " has no reference (the article)"));
    }
    absl::StatusOr<Unit> unit = ParseUnit(p.unit);
    if (!unit.ok()) {
      error(p.location, "bad-unit", std::string(unit.status().message()));
      unit = Unit::None();
    }
    switch (p.kind) {
      case ParameterKind::kNumber:
        cp.type = Type::Number(*unit);
        break;
      case ParameterKind::kScale:
        cp.type = [&] { Type t = Type::Of(TypeKind::kScale); t.unit = *unit; return t; }();
        break;
      case ParameterKind::kSet: {
        cp.type = Type::Of(TypeKind::kSet);
        bool strings = false, numbers = false;
        for (const ParameterValue& v : p.values) {
          if (const auto* s = std::get_if<ValueSet>(&v.value)) {
            strings |= !s->strings.empty();
            numbers |= !s->numbers.empty();
          }
        }
        if (strings && numbers) {
          error(p.location, "type-mismatch",
                absl::StrCat("set parameter ", p.name, " mixes numbers and strings"));
        }
        cp.type.element = strings ? TypeKind::kString : TypeKind::kNumber;
        break;
      }
    }
    if (p.values.empty()) {
      error(p.location, "missing-value", absl::StrCat("parameter ", p.name, " has no values"));
    }
    out.parameters.emplace(p.name, cp);
  }
}

}  // namespace

std::vector<Diagnostic> CheckRuleSet(const RuleSetDef& rules, CheckedRuleSet& out) {
  std::vector<Diagnostic> diags;
  out.def = &rules;
  CheckParameters(rules, out, diags);
  absl::flat_hash_map<std::string, const ProgramDef*> seen;
  out.programs.reserve(rules.programs.size());
  for (const ProgramDef& p : rules.programs) {
    if (!seen.emplace(p.id, &p).second) {
      diags.push_back(Diagnostic{Severity::kError, "duplicate-name", p.location.file,
                                 p.location.line, p.location.column,
                                 absl::StrCat("programme ", p.id, " defined twice (also in ",
                                              seen[p.id]->location.ToString(), ")")});
      continue;
    }
    out.programs.emplace_back();
    ProgramChecker(out, p, out.programs.back(), diags).Run();
  }
  // One claim schema serves every programme: an input name means one thing.
  absl::flat_hash_map<std::string, std::pair<Type, const InputDef*>> inputs;
  for (const CheckedProgram& cp : out.programs) {
    for (const InputDef& in : cp.def->inputs) {
      const Type& t = cp.symbols.at(in.name).type;
      auto [it, fresh] = inputs.emplace(in.name, std::make_pair(t, &in));
      if (!fresh && !t.is_error() && !it->second.first.is_error() &&
          !it->second.first.SameAs(t)) {
        diags.push_back(Diagnostic{
            Severity::kError, "type-mismatch", in.location.file, in.location.line,
            in.location.column,
            absl::StrCat("input ", in.name, " is ", t.ToString(), " here but ",
                         it->second.first.ToString(), " at ",
                         it->second.second->location.ToString())});
      }
    }
  }
  return diags;
}

}  // namespace odenek::internal
