// CaseProblems(): what a test case's expectations name must exist in the
// programme it runs (issue #21: `failed: [no_such_id]` used to pass).
#include "api/case_checks.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "load/yaml_loader.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kRules[] = R"yaml(program: p
title: P
reference: m.1
valid_from: 2024-01-01
valid_on: d
inputs:
  d: {type: date}
  gun: {type: gun}
variables:
  iki_kat: {expr: gun * 2, reference: m.2}
conditions:
  - {id: var, expr: gun > 0 gun, message: m, reference: m.3}
outputs: [iki_kat]
tests:
  - name: dogru
    program: p
    input: {d: 2024-02-01, gun: 3}
    expect: {status: ineligible, failed: [var, yururlukte], missing: [gun],
             values: {iki_kat: 6, gun: 3}}
  - name: yanlis
    program: p
    input: {d: 2024-02-01, gun: 3}
    expect: {failed: [yok], values: {hic: 1}, missing: [iki_kat]}
  - name: programsiz
    program: q
    input: {d: 2024-02-01}
    expect: {status: eligible}
)yaml";

TEST(CaseProblemsTest, NamesMustExistInTheProgramme) {
  NodeIdAllocator ids;
  LoadResult loaded = LoadRuleTexts({{"p/program.yaml", kRules}}, ids);
  ASSERT_THAT(loaded.diagnostics, IsEmpty());
  ASSERT_EQ(loaded.rules.tests.size(), 3u);
  // Conditions include the validity condition; values any input or variable.
  EXPECT_THAT(CaseProblems(loaded.rules.tests[0], loaded.rules), IsEmpty());
  EXPECT_THAT(CaseProblems(loaded.rules.tests[1], loaded.rules),
              ElementsAre("failed: yok is not a condition of p (conditions: yururlukte, var)",
                          "values: hic is not a variable or input of p",
                          "missing: iki_kat is not an input of p (missing lists inputs a claim "
                          "can give)"));
  EXPECT_THAT(CaseProblems(loaded.rules.tests[2], loaded.rules),
              ElementsAre("program: no programme \"q\" (programmes: p)"));
}

}  // namespace
}  // namespace odenek::internal
