// Runs the built-in rule set's own YAML test cases (rules/**/tests/*.yaml): every
// published figure of the İŞKUR 2023 report and the edge cases per programme.
#include <cstdlib>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/testing.h"

namespace odenek {
namespace {

std::string RulesDir() {
  const char* src = std::getenv("ODENEK_SOURCE_DIR");
  return std::string(src ? src : ".") + "/rules";
}

TEST(RuleCasesTest, BuiltInRuleSetPassesItsOwnCases) {
  absl::StatusOr<TestReport> report = RunRuleTests(RulesDir());
  ASSERT_TRUE(report.ok()) << report.status();
  for (const TestFailure& f : report->failures) {
    ADD_FAILURE() << f.place << ": " << f.name << ": "
                  << ::testing::PrintToString(f.differences);
  }
  EXPECT_EQ(report->failed, 0);
  // The rule set must carry its published figures: an empty suite is a failure.
  EXPECT_GE(report->passed, 40);
}

// The peer benchmark decision (bench/peer_rules) must compute what
// ../shared/peers/DECISION.md says, or its benchmark figures mean nothing.
TEST(RuleCasesTest, PeerBenchmarkDecisionPassesItsCases) {
  const char* src = std::getenv("ODENEK_SOURCE_DIR");
  absl::StatusOr<TestReport> report =
      RunRuleTests(std::string(src ? src : ".") + "/bench/peer_rules");
  ASSERT_TRUE(report.ok()) << report.status();
  for (const TestFailure& f : report->failures) {
    ADD_FAILURE() << f.place << ": " << f.name << ": "
                  << ::testing::PrintToString(f.differences);
  }
  EXPECT_EQ(report->failed, 0);
  EXPECT_GE(report->passed, 2);
}

}  // namespace
}  // namespace odenek
