// Checks of a test case against the rule set it runs on, before running it:
// a test that cannot fail is a defect of the checker (STYLE.md §16). Used by
// `RuleSet::Validate` (as diagnostics) and by `RunRuleTests` (as failures).
#ifndef ODENEK_ENGINE_SRC_API_CASE_CHECKS_H_
#define ODENEK_ENGINE_SRC_API_CASE_CHECKS_H_

#include <string>
#include <vector>

#include "load/rule_records.h"

namespace odenek::internal {

// CaseProblems()
//
// Returns one message per name in `tc`'s expectations that `rules` (with the
// case's reforms applied) does not have: an unknown programme; a `failed:`
// id that is not a condition of the programme (`yururlukte` included when
// it has validity dates); a `values:` name that is neither an input nor a
// variable; a `missing:` name that is not an input. Empty when all exist.
//
// Example:
//
//   // a case of issizlik_odenegi expecting failed: [no_such_id]
//   CaseProblems(tc, rules);  // {"failed: no_such_id is not a condition of
//                             //   issizlik_odenegi (conditions: ...)"}
std::vector<std::string> CaseProblems(const TestCaseDef& tc, const RuleSetDef& rules);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_API_CASE_CHECKS_H_
