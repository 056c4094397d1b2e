// `odenek plan PROGRAM`: the compiled plan, as RuleSet::PlanText writes it.
#include <iostream>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "commands.h"

namespace odenek::cli {

int RunPlan(const PlanOptions& options) {
  std::optional<RuleSet> rules = LoadRules(options.global);
  if (!rules) return 1;
  absl::StatusOr<std::string> text = rules->PlanText(options.program);
  if (!text.ok()) {
    std::cerr << "odenek: " << text.status().message() << "\n";
    return 2;  // an unknown programme is a usage error, as in every command
  }
  std::cout << *text;
  return 0;
}

}  // namespace odenek::cli
