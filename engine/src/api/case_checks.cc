#include "api/case_checks.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace odenek::internal {

std::vector<std::string> CaseProblems(const TestCaseDef& tc, const RuleSetDef& rules) {
  std::vector<std::string> out;
  const ProgramDef* program = nullptr;
  for (const ProgramDef& p : rules.programs) {
    if (p.id == tc.program) program = &p;
  }
  if (program == nullptr) {
    std::vector<std::string> ids;
    for (const ProgramDef& p : rules.programs) ids.push_back(p.id);
    out.push_back(absl::StrCat("program: no programme \"", tc.program, "\" (programmes: ",
                               absl::StrJoin(ids, ", "), ")"));
    return out;
  }
  auto is_input = [&](const std::string& name) {
    return std::any_of(program->inputs.begin(), program->inputs.end(),
                       [&](const InputDef& in) { return in.name == name; });
  };
  auto is_variable = [&](const std::string& name) {
    return std::any_of(program->variables.begin(), program->variables.end(),
                       [&](const VariableDef& v) { return v.name == name; });
  };
  if (tc.expect_failed) {
    std::vector<std::string> ids;
    for (const ConditionDef& c : program->conditions) ids.push_back(c.id);
    for (const std::string& id : *tc.expect_failed) {
      if (std::find(ids.begin(), ids.end(), id) != ids.end()) continue;
      out.push_back(absl::StrCat("failed: ", id, " is not a condition of ", program->id,
                                 " (conditions: ", absl::StrJoin(ids, ", "), ")"));
    }
  }
  for (const auto& [name, expected] : tc.expect_values) {
    if (is_variable(name) || is_input(name)) continue;
    out.push_back(absl::StrCat("values: ", name, " is not a variable or input of ", program->id));
  }
  if (tc.expect_missing) {
    for (const std::string& name : *tc.expect_missing) {
      if (is_input(name)) continue;
      out.push_back(absl::StrCat("missing: ", name, " is not an input of ", program->id,
                                 " (missing lists inputs a claim can give)"));
    }
  }
  return out;
}

}  // namespace odenek::internal
