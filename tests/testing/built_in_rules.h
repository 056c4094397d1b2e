// The source tree and its built-in rule set, loaded once, for tests that
// evaluate real claims (ctest sets ODENEK_SOURCE_DIR).
#ifndef ODENEK_TESTS_TESTING_BUILT_IN_RULES_H_
#define ODENEK_TESTS_TESTING_BUILT_IN_RULES_H_

#include <cstdlib>
#include <string>
#include <utility>

#include "gtest/gtest.h"
#include "odenek/rule_set.h"

namespace odenek::testing {

inline std::string SourceDir() {
  const char* src = std::getenv("ODENEK_SOURCE_DIR");
  return src == nullptr ? "." : src;
}

// rules/ of the source tree; a load failure fails the test that asked.
inline const RuleSet& BuiltInRules() {
  static const RuleSet* rules = [] {
    absl::StatusOr<RuleSet> r = RuleSet::Load(SourceDir() + "/rules");
    EXPECT_TRUE(r.ok()) << r.status();
    return new RuleSet(*std::move(r));
  }();
  return *rules;
}

}  // namespace odenek::testing

#endif  // ODENEK_TESTS_TESTING_BUILT_IN_RULES_H_
