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

// ---- Coverage: what the cases exercised ------------------------------------
//
// Every case the runner evaluates also records, from the registers the engine
// computed for it (not from the rule text), which way each rule went. A
// condition is "seen passing" in a case where it held and "seen failing" where
// it did not (an unknown condition counts as neither). A branch counts as
// taken only where the engine used it: an exception whose `when` held while no
// earlier exception did (and the claim did not give the variable directly), a
// table row that matched (or the default where none did), the side of an `if`
// the row went. A branch inside a branch not taken is not taken.
// A payment schedule's months are one formula each: a branch of `gross`
// counts once per case if any month took it (rule "payments.gross").
//
// Cases evaluated under a reform count for the base rules they ran unchanged
// (same rule, same place); a rule a reform replaced is the reform's, not the
// base's, and is not counted. Cases whose evaluation failed count for nothing.

// How often the cases saw one condition hold and fail.
struct ConditionCoverage {
  std::string id;
  std::string reference;  // the article
  std::string place;      // rules/x/program.yaml:40:5
  int passed = 0;         // cases in which it held
  int failed = 0;         // cases in which it did not hold
};

// One way a rule can go, and how many cases went that way.
struct BranchCoverage {
  enum class Kind {
    kException,     // an exception of a variable (label: its `when`)
    kBase,          // the base definition of a variable with exceptions
    kTableRow,      // a decision-table row (label: its interval, "[600, 900)")
    kTableDefault,  // a decision table's default (no row matched)
    kIfThen,        // the `then` side of an if (label: its condition)
    kIfElse,        // the `else` side
  };
  Kind kind = Kind::kBase;
  std::string rule;       // the variable or condition it belongs to
  int index = 0;          // exception, row or if number within the rule, from 0
  std::string label;
  std::string reference;  // the exception's own reference, else the rule's
  std::string place;
  int taken = 0;          // cases that took it
};

// "exception", "base", "table_row", "table_default", "if_then", "if_else".
const char* BranchKindName(BranchCoverage::Kind kind);

struct ProgramCoverage {
  std::string program;
  int cases = 0;  // cases counted for this programme
  std::vector<ConditionCoverage> conditions;  // in rule order
  std::vector<BranchCoverage> branches;       // in rule order
};

// Coverage of every programme of the rule set, in rule-set order (programmes
// no case exercised are listed too, with cases == 0).
struct CoverageReport {
  std::vector<ProgramCoverage> programs;
};

struct TestReport {
  int passed = 0;
  int failed = 0;
  std::vector<TestFailure> failures;
  CoverageReport coverage;
};

// Runs every test case found in the rule set loaded from `rules_dir` and, when
// `extra_paths` is non-empty, the cases in those files/folders instead (loaded
// against the same rules). Each case is evaluated for its programme and its
// expectations compared exactly (values as text: "3972.82").
//
// `report.coverage` tells what the cases exercised (see above).
//
// Returns the load error (InvalidArgument, NotFound) if the rules do not load.
absl::StatusOr<TestReport> RunRuleTests(const std::string& rules_dir,
                                        const std::vector<std::string>& extra_paths = {},
                                        const LoadOptions& options = {});

}  // namespace odenek

#endif  // ODENEK_TESTING_H_
