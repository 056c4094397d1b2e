// The planner: a checked rule set → one immutable Plan per programme, plus the
// claim schema and string constants they share.
#ifndef ODENEK_ENGINE_SRC_PLAN_PLANNER_H_
#define ODENEK_ENGINE_SRC_PLAN_PLANNER_H_

#include <memory>
#include <string>
#include <vector>

#include "check/checker.h"
#include "plan/schema.h"
#include "plan/plan.h"

namespace odenek::internal {

// Everything evaluation needs, and nothing of YAML: built once, then read-only
// and shared by every thread.
struct PlannedRuleSet {
  BatchSchema schema;   // union of every programme's inputs
  StringPool strings;   // string constants of every plan
  std::vector<Plan> plans;  // in CheckedRuleSet::programs order
  // Index into `plans` by programme id, or -1.
  int FindPlan(const std::string& program) const;
};

// Builds the plans. REQUIRES: `checked` has no error diagnostics.
std::unique_ptr<PlannedRuleSet> PlanRuleSet(const CheckedRuleSet& checked);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_PLAN_PLANNER_H_
