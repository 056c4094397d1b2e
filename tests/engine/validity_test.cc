// Programme validity (valid_from / valid_to / valid_on) and declared input
// bounds, end to end: rule text → load → evaluate.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/rule_set.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kProgram[] = R"(program: destek
title: Deprem desteği
reference: CK 125
valid_from: 2023-02-06
valid_to: 2023-12-31
valid_on: olay_tarihi
inputs:
  olay_tarihi: {type: date, description: Olay tarihi}
  gun: {type: gun, min: 0, max: 31, description: Gün}
variables:
  tutar:
    expr: gun * 10 TL / 1 gun
    reference: CK 125
conditions:
  - id: gun_var
    expr: gun > 0 gun
    message: En az bir gün gerekir
    reference: CK 125
outputs: [tutar]
)";

Result EvaluateOne(const RuleSet& rules, const std::string& date, const std::string& gun) {
  std::vector<std::pair<std::string, std::string>> fields;
  if (!date.empty()) fields.emplace_back("olay_tarihi", date);
  fields.emplace_back("gun", gun);
  auto results = rules.Evaluate(Claim::FromFields("C-1", fields), {.program = "destek"});
  EXPECT_TRUE(results.ok()) << results.status();
  if (!results.ok() || results->empty()) return Result{};
  return (*results)[0];
}

std::vector<std::string> ReasonIds(const Result& r) {
  std::vector<std::string> ids;
  for (const Reason& reason : r.reasons) ids.push_back(reason.rule);
  return ids;
}

TEST(ValidityTest, ProgrammeAppliesOnlyInsideItsDates) {
  ASSERT_OK_AND_ASSIGN(RuleSet rules, RuleSet::LoadFromTexts({{"destek.yaml", kProgram}}));
  EXPECT_EQ(EvaluateOne(rules, "2023-02-06", "3").verdict, Verdict::kEligible);
  EXPECT_EQ(EvaluateOne(rules, "2023-12-31", "3").verdict, Verdict::kEligible);

  Result before = EvaluateOne(rules, "2023-02-05", "3");
  EXPECT_EQ(before.verdict, Verdict::kIneligible);
  EXPECT_THAT(ReasonIds(before), ElementsAre("yururlukte"));
  EXPECT_EQ(before.reasons[0].reference, "CK 125");
  EXPECT_THAT(before.reasons[0].message, HasSubstr("2023-02-06"));

  // Every failed condition is reported, validity among them.
  EXPECT_THAT(ReasonIds(EvaluateOne(rules, "2024-01-01", "0")),
              ElementsAre("yururlukte", "gun_var"));

  Result no_date = EvaluateOne(rules, "", "3");
  EXPECT_EQ(no_date.verdict, Verdict::kUndetermined);
  EXPECT_THAT(no_date.missing, ElementsAre("olay_tarihi"));
}

TEST(ValidityTest, BoundsWithoutTheirDateAreALoadError) {
  std::string text = kProgram;
  text.erase(text.find("valid_on: olay_tarihi\n"), std::string("valid_on: olay_tarihi\n").size());
  EXPECT_THAT(RuleSet::LoadFromTexts({{"destek.yaml", text}}).status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("destek.yaml:1:1: error: programme \"destek\" has "
                                          "valid_from/valid_to but no valid_on")));
}

TEST(ValidityTest, ValidOnMustBeADate) {
  std::string text = kProgram;
  text.replace(text.find("valid_on: olay_tarihi"), std::string("valid_on: olay_tarihi").size(),
               "valid_on: gun");
  EXPECT_THAT(RuleSet::LoadFromTexts({{"destek.yaml", text}}).status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("destek.yaml:6")));
}

TEST(ValidityTest, DeclaredInputBoundsRejectTheClaim) {
  ASSERT_OK_AND_ASSIGN(RuleSet rules, RuleSet::LoadFromTexts({{"destek.yaml", kProgram}}));
  auto r = rules.Evaluate(Claim::FromFields("C-2", {{"olay_tarihi", "2023-03-01"}, {"gun", "32"}}),
                          {.program = "destek"});
  EXPECT_THAT(r.status(), testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("gun: expected at most 31, found 32")));
  r = rules.Evaluate(Claim::FromFields("C-3", {{"olay_tarihi", "2023-03-01"}, {"gun", "-1"}}),
                     {.program = "destek"});
  EXPECT_THAT(r.status(), testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("gun: expected at least 0, found -1")));
}

TEST(ValidityTest, ParameterStartingAfterTheProgrammeIsAWarning) {
  std::string text = kProgram;
  text.replace(text.find("gun * 10 TL / 1 gun"), std::string("gun * 10 TL / 1 gun").size(),
               "gun * gunluk @ olay_tarihi");
  const std::string params = R"(parameters:
  gunluk:
    unit: TL/gun
    reference: CK 125
    values:
      2023-03-01: 10.00
)";
  ASSERT_OK_AND_ASSIGN(RuleSet rules, RuleSet::LoadFromTexts({{"destek.yaml", text},
                                                              {"param.yaml", params}}));
  std::vector<std::string> warnings;
  for (const Diagnostic& d : rules.warnings()) {
    if (d.code == "param-before-first-value") warnings.push_back(FormatDiagnostic(d));
  }
  EXPECT_THAT(warnings,
              ElementsAre(HasSubstr("destek.yaml:12:17: warning: parameter \"gunluk\" has no "
                                    "value before 2023-03-01, but programme \"destek\" is "
                                    "valid from 2023-02-06: claims dated 2023-02-06 to "
                                    "2023-02-28 will stop with an error")));
}

// Issue #21: validity on the application date does not bound a lookup on the
// termination date. With valid_from 2024-01-01 and a parameter from
// 2024-01-01, a claim ended 2023-12-20 and applied for 2024-01-02 is admitted
// and its lookup fails: validate must say so, with the date.
TEST(ValidityTest, LookupOnADateTheValidityDoesNotBoundIsAWarning) {
  std::string text = kProgram;
  text.replace(text.find("valid_from: 2023-02-06"), 22, "valid_from: 2024-01-01");
  text.replace(text.find("valid_to: 2023-12-31"), 20, "valid_to: 2024-12-31");
  text.replace(text.find("valid_on: olay_tarihi"), 21, "valid_on: basvuru_tarihi");
  text.replace(text.find("  gun: {type"), 0, "  basvuru_tarihi: {type: date}\n");
  text.replace(text.find("gun * 10 TL / 1 gun"), std::string("gun * 10 TL / 1 gun").size(),
               "gun * gunluk @ olay_tarihi");
  const std::string params = R"(parameters:
  gunluk:
    unit: TL/gun
    reference: CK 125
    values:
      2024-01-01: 10.00
)";
  ASSERT_OK_AND_ASSIGN(RuleSet rules, RuleSet::LoadFromTexts({{"destek.yaml", text},
                                                              {"param.yaml", params}}));
  std::vector<std::string> warnings;
  for (const Diagnostic& d : rules.warnings()) {
    if (d.code == "param-before-first-value") warnings.push_back(FormatDiagnostic(d));
  }
  EXPECT_THAT(warnings,
              ElementsAre(HasSubstr("warning: parameter \"gunluk\" is read on olay_tarihi, "
                                    "which the validity of programme \"destek\" (from "
                                    "2024-01-01 on basvuru_tarihi) does not bound, and has no "
                                    "value before 2024-01-01: a claim it admits with "
                                    "olay_tarihi on 2023-12-31 or earlier will stop with an "
                                    "error")));
  // And it does: the run-time error the warning predicts.
  auto r = rules.Evaluate(Claim::FromFields("C-9", {{"olay_tarihi", "2023-12-20"},
                                                    {"basvuru_tarihi", "2024-01-02"},
                                                    {"gun", "3"}}),
                          {.program = "destek"});
  EXPECT_THAT(r.status(), testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("gunluk has no value on 2023-12-20")));
}

}  // namespace
}  // namespace odenek
