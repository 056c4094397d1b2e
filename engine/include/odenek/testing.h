// Running a rule set's YAML test cases (docs/rules.md §5).
//
// `odenek test` and the ctest suite both run the built-in rule set's own cases
// through RunRuleTests, so a rule change that breaks a published figure fails CI.
#ifndef ODENEK_TESTING_H_
#define ODENEK_TESTING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "odenek/rule_set.h"

namespace odenek {

// One failed case: its name, file:line and what differed ("aylik_net: expected
// 3972.82, got 3972.83").
struct TestFailure {
  std::string name;
  std::string place;
  std::vector<std::string> differences;
};

struct TestReport {
  int passed = 0;
  int failed = 0;
  std::vector<TestFailure> failures;
};

// Runs every test case found in the rule set loaded from `rules_dir` and, when
// `extra_paths` is non-empty, the cases in those files/folders instead (loaded
// against the same rules). Each case is evaluated for its programme and its
// expectations compared exactly (values as text: "3972.82").
//
// Returns the load error (InvalidArgument, NotFound) if the rules do not load.
absl::StatusOr<TestReport> RunRuleTests(const std::string& rules_dir,
                                        const std::vector<std::string>& extra_paths = {},
                                        const LoadOptions& options = {});

}  // namespace odenek

#endif  // ODENEK_TESTING_H_
