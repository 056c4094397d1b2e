// RunRuleTests' coverage report, on a rule set small enough that every
// exercised and unexercised branch is known by hand.
#include "odenek/testing.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/diagnostic.h"
#include "odenek/rule_set.h"

namespace odenek {
namespace {

namespace fs = std::filesystem;

constexpr char kProgram[] = R"yaml(program: mini
title: Mini
reference: M m.1
inputs:
  gun: {type: gun, min: 0}
  ozel: {type: bool}
  given: {type: gun, min: 0}
variables:
  sure:
    table:
      input: gun
      rows:
        - {when: "[0, 10)", then: 1 gun}
        - {when: "[10, 20)", then: 2 gun}
        - {when: "[20, 30)", then: 3 gun}
        - {when: "[30, )", then: 4 gun}
      default: 0 gun
    reference: M m.2
  oran:
    expr: 1
    exceptions:
      - when: ozel
        expr: 2
        reference: M m.3/2
      - when: gun > 100 gun
        expr: 3
        reference: M m.3/3
    reference: M m.3
  given:
    # Given by every case: the formula (and its if) is never evaluated.
    expr: if gun > 5 gun then 1 gun else 0 gun
    reference: M m.4
  ust:
    expr: if ozel then (if gun > 15 gun then 1 else 2) else 3
    reference: M m.5
conditions:
  - id: az
    expr: gun < 25 gun
    message: az
    reference: M m.6
  - id: bilinmez
    expr: ozel or gun > 1000 gun
    message: bilinmez
    reference: M m.7
outputs: [sure, oran, ust]
)yaml";

// Case 1: gun 5, ozel false → row 0, base oran, ust else; az holds,
//   bilinmez fails.
// Case 2: gun 15, ozel true → row 1, exception 0, ust then/inner then;
//   az holds, bilinmez holds.
// Case 3: gun 50, ozel unknown → row 3; oran unknown (no branch known to
//   be taken), ust unknown; az fails, bilinmez unknown.
// Never: row 2, the default (gun has min 0), oran's second exception.
constexpr char kCases[] = R"yaml(tests:
  - name: bes
    program: mini
    input: {gun: 5, ozel: false, given: 1}
    expect: {status: ineligible, failed: [bilinmez]}
  - name: onbes
    program: mini
    input: {gun: 15, ozel: true, given: 1}
    expect: {status: eligible}
  - name: elli
    program: mini
    input: {gun: 50, given: 1}
    expect: {status: ineligible, failed: [az]}
)yaml";

class CoverageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("odenek_coverage_" + std::to_string(getpid()));
    fs::create_directories(dir_ / "mini" / "tests");
    std::ofstream(dir_ / "mini" / "program.yaml") << kProgram;
    std::ofstream(dir_ / "mini" / "tests" / "cases.yaml") << kCases;
  }
  void TearDown() override { fs::remove_all(dir_); }

  const ProgramCoverage& Mini(const TestReport& report) {
    EXPECT_EQ(report.coverage.programs.size(), 1u);
    return report.coverage.programs.front();
  }

  int Taken(const ProgramCoverage& pc, const std::string& rule, BranchCoverage::Kind kind,
            int index) {
    for (const BranchCoverage& b : pc.branches) {
      if (b.rule == rule && b.kind == kind && b.index == index) return b.taken;
    }
    ADD_FAILURE() << "no branch " << rule << " " << BranchKindName(kind) << " " << index;
    return -1;
  }

  fs::path dir_;
};

TEST_F(CoverageTest, CountsWhatTheCasesTookAndNothingElse) {
  absl::StatusOr<TestReport> report = RunRuleTests(dir_.string());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->passed, 3);
  const ProgramCoverage& pc = Mini(*report);
  EXPECT_EQ(pc.program, "mini");
  EXPECT_EQ(pc.cases, 3);

  ASSERT_EQ(pc.conditions.size(), 2u);
  EXPECT_EQ(pc.conditions[0].id, "az");
  EXPECT_EQ(pc.conditions[0].passed, 2);
  EXPECT_EQ(pc.conditions[0].failed, 1);
  EXPECT_EQ(pc.conditions[0].reference, "M m.6");
  EXPECT_THAT(pc.conditions[0].place, ::testing::HasSubstr("program.yaml:"));
  // Unknown in case 3: counted neither way.
  EXPECT_EQ(pc.conditions[1].passed, 1);
  EXPECT_EQ(pc.conditions[1].failed, 1);

  using K = BranchCoverage::Kind;
  EXPECT_EQ(Taken(pc, "sure", K::kTableRow, 0), 1);
  EXPECT_EQ(Taken(pc, "sure", K::kTableRow, 1), 1);
  EXPECT_EQ(Taken(pc, "sure", K::kTableRow, 2), 0);
  EXPECT_EQ(Taken(pc, "sure", K::kTableRow, 3), 1);
  EXPECT_EQ(Taken(pc, "sure", K::kTableDefault, 0), 0);
  EXPECT_EQ(Taken(pc, "oran", K::kException, 0), 1);
  EXPECT_EQ(Taken(pc, "oran", K::kException, 1), 0);
  // ozel unknown in case 3: no branch of oran is known to be taken.
  EXPECT_EQ(Taken(pc, "oran", K::kBase, 0), 1);
  // The claim gave `given` every time: its formula never ran.
  EXPECT_EQ(Taken(pc, "given", K::kIfThen, 0), 0);
  EXPECT_EQ(Taken(pc, "given", K::kIfElse, 0), 0);
  // The inner if counts only where the outer then was taken.
  EXPECT_EQ(Taken(pc, "ust", K::kIfThen, 0), 1);
  EXPECT_EQ(Taken(pc, "ust", K::kIfElse, 0), 1);
  EXPECT_EQ(Taken(pc, "ust", K::kIfThen, 1), 0);  // gun 15 > 15 is false
  EXPECT_EQ(Taken(pc, "ust", K::kIfElse, 1), 1);

  for (const BranchCoverage& b : pc.branches) {
    if (b.rule == "sure" && b.kind == K::kTableRow && b.index == 2) {
      EXPECT_EQ(b.label, "[20, 30)");
      EXPECT_EQ(b.reference, "M m.2");
    }
    if (b.rule == "oran" && b.kind == K::kException && b.index == 1) {
      EXPECT_EQ(b.label, "gun > 100 gun");
      EXPECT_EQ(b.reference, "M m.3/3");
    }
    if (b.rule == "oran" && b.kind == K::kException && b.index == 0) {
      EXPECT_EQ(b.reference, "M m.3/2");  // its own (an exception must have one)
    }
    if (b.rule == "ust" && b.kind == K::kIfThen && b.index == 1) {
      EXPECT_EQ(b.label, "gun > 15 gun");
    }
  }
}

TEST_F(CoverageTest, ExtraPathsCountAgainstTheSameRules) {
  const fs::path extra = dir_ / "extra.yaml";
  std::ofstream(extra) << R"(tests:
  - name: otuz
    program: mini
    input: {gun: 25, ozel: false, given: 1}
    expect: {status: ineligible}
)";
  absl::StatusOr<TestReport> report = RunRuleTests(dir_.string(), {extra.string()});
  ASSERT_TRUE(report.ok()) << report.status();
  const ProgramCoverage& pc = Mini(*report);
  EXPECT_EQ(pc.cases, 1);
  EXPECT_EQ(Taken(pc, "sure", BranchCoverage::Kind::kTableRow, 2), 1);
  EXPECT_EQ(Taken(pc, "sure", BranchCoverage::Kind::kTableRow, 0), 0);
}

TEST_F(CoverageTest, AFailingCaseStillCountsWhatItRan) {
  std::ofstream(dir_ / "mini" / "tests" / "cases.yaml") << R"(tests:
  - name: yanlis
    program: mini
    input: {gun: 5, ozel: false, given: 1}
    expect: {status: eligible}
)";
  absl::StatusOr<TestReport> report = RunRuleTests(dir_.string());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->failed, 1);  // bilinmez fails: ineligible
  const ProgramCoverage& pc = Mini(*report);
  EXPECT_EQ(pc.cases, 1);
  EXPECT_EQ(pc.conditions[1].failed, 1);
}

// A case under a reform counts for the base rules the reform left in place,
// not for a rule it replaced (the reform's `sure` is not the base's table).
TEST_F(CoverageTest, AReformsReplacedRuleIsNotCountedForTheBase) {
  const fs::path reform = dir_.parent_path() / ("odenek_coverage_reform_" +
                                               std::to_string(getpid()) + ".yaml");
  std::ofstream(reform) << R"yaml(reform: sabit_sure
title: Sabit süre
reference: Taslak
programs:
  mini:
    variables:
      sure: {expr: 9 gun, reference: Taslak m.1}
)yaml";
  std::ofstream(dir_ / "mini" / "tests" / "cases.yaml")
      << "tests:\n  - name: reformlu\n    program: mini\n    reforms: [" << reform.string()
      << "]\n    input: {gun: 15, ozel: true, given: 1}\n    expect: {status: eligible, "
         "values: {sure: 9}}\n";
  absl::StatusOr<TestReport> report = RunRuleTests(dir_.string());
  fs::remove(reform);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->passed, 1) << ::testing::PrintToString(report->failures.empty()
                                                               ? std::vector<std::string>{}
                                                               : report->failures[0].differences);
  const ProgramCoverage& pc = Mini(*report);
  EXPECT_EQ(pc.cases, 1);
  EXPECT_EQ(pc.conditions[0].passed, 1);
  EXPECT_EQ(Taken(pc, "sure", BranchCoverage::Kind::kTableRow, 1), 0);  // replaced
  EXPECT_EQ(Taken(pc, "oran", BranchCoverage::Kind::kException, 0), 1);  // left in place
}

// Issue #21: expectations that name what the rules do not have are refused
// by `validate` and fail in `test`, and the reform files cases use are
// checked by `validate` with the rules.
TEST_F(CoverageTest, ExpectationsNameWhatTheRulesHave) {
  std::ofstream(dir_ / "mini" / "tests" / "cases.yaml") << R"yaml(tests:
  - name: yok_kosul
    program: mini
    input: {gun: 5, ozel: false, given: 1}
    expect: {status: ineligible, failed: [bilinmez, no_such_id]}
  - name: yok_deger
    program: mini
    input: {gun: 5, ozel: false, given: 1}
    expect: {values: {no_such_value: 1}, missing: [sure]}
)yaml";
  std::vector<std::string> found;
  for (const Diagnostic& d : RuleSet::Validate(dir_.string())) found.push_back(FormatDiagnostic(d));
  EXPECT_THAT(found, ::testing::Contains(::testing::HasSubstr(
                         "error: test case yok_kosul: failed: no_such_id is not a condition of "
                         "mini (conditions: az, bilinmez)")));
  EXPECT_THAT(found, ::testing::Contains(::testing::HasSubstr(
                         "test case yok_deger: values: no_such_value is not a variable or input")));
  EXPECT_THAT(found, ::testing::Contains(::testing::HasSubstr(
                         "test case yok_deger: missing: sure is not an input of mini")));

  absl::StatusOr<TestReport> report = RunRuleTests(dir_.string());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->passed, 0);
  EXPECT_EQ(report->failed, 2);
}

TEST_F(CoverageTest, ValidateChecksTheReformsTestsUse) {
  std::ofstream(dir_ / "mini" / "tests" / "reform.yaml") << R"yaml(reform: kaynaksiz
parameters: {}
programs:
  mini:
    variables:
      sure: {expr: 9 gun}
)yaml";
  std::ofstream(dir_ / "mini" / "tests" / "cases.yaml") << R"yaml(tests:
  - name: reformlu
    program: mini
    reforms: [reform.yaml]
    input: {gun: 15, ozel: true, given: 1}
    expect: {values: {sure: 9}}
)yaml";
  std::vector<std::string> found;
  for (const Diagnostic& d : RuleSet::Validate(dir_.string())) found.push_back(FormatDiagnostic(d));
  EXPECT_THAT(found, ::testing::Contains(::testing::HasSubstr(
                         "reform \"kaynaksiz\" has no reference")));
  EXPECT_THAT(found, ::testing::Contains(::testing::HasSubstr(
                         "missing required key \"reference\" in variable \"sure\"")));
}

// Issue #21: any named value can be expected, and amounts compare as
// numbers with their unit; a difference shows both values.
TEST_F(CoverageTest, ValuesCompareAsNumbersWithUnits) {
  std::ofstream(dir_ / "mini" / "tests" / "cases.yaml") << R"yaml(defaults: {gun: 15, ozel: true}
tests:
  - name: ayni_sayi
    program: mini
    input: {given: 3}
    # `given` is not an output; 2, 2.0, "2.00" and 2 gun are the same days.
    expect: {values: {given: 3, sure: "2.00", oran: 2.0}}
  - name: birimli
    program: mini
    input: {given: 3}
    expect: {values: {sure: 2 gun}}
  - name: yanlis_birim
    program: mini
    input: {given: 3}
    expect: {values: {sure: 2 TL}}
  - name: yanlis_sayi
    program: mini
    input: {given: 3}
    expect: {values: {sure: 3}}
)yaml";
  absl::StatusOr<TestReport> report = RunRuleTests(dir_.string());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->passed, 2);
  ASSERT_EQ(report->failures.size(), 2u);
  EXPECT_EQ(report->failures[0].name, "yanlis_birim");
  EXPECT_THAT(report->failures[0].differences,
              ::testing::ElementsAre("sure: expected 2 TL, got 2 gün (another unit)"));
  EXPECT_EQ(report->failures[1].name, "yanlis_sayi");
  EXPECT_THAT(report->failures[1].differences,
              ::testing::ElementsAre("sure: expected 3, got 2 gün"));
}

}  // namespace
}  // namespace odenek
