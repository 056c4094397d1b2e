#include "load/payments.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/batch.h"
#include "odenek/rule_set.h"
#include "tests/testing/status_matchers.h"

namespace odenek::internal {
namespace {

using ::testing::HasSubstr;

TEST(PaymentsTest, RenameTouchesWholeIdentifiersOnly) {
  EXPECT_EQ(RenameIdentifiers("donem_gun * x @ donem_basi + donem_gunu", {"donem_gun", "donem_basi"},
                              {"odeme_2_gun", "odeme_2_basi"}),
            "odeme_2_gun * x @ odeme_2_basi + donem_gunu");
  EXPECT_EQ(RenameIdentifiers("\"donem_gun\"", {"donem_gun"}, {"y"}), "\"donem_gun\"");
}

TEST(PaymentsTest, ExpandsOneVariableOfEachKindPerMonth) {
  PaymentsDef p;
  p.start = "d";
  p.days = "n";
  p.gross = "donem_gun * 1 TL / 1 gun";
  p.stamp_tax = "donem_brut * 0";
  p.net = "donem_brut - donem_damga";
  p.max_months = 2;
  std::vector<VariableDef> vars;
  std::vector<Diagnostic> diags;
  NodeIdAllocator ids;
  ExpandPayments("x", p, vars, ids, diags);
  EXPECT_TRUE(diags.empty());
  ASSERT_EQ(vars.size(), 11u);  // 5 × 2 months + remaining days
  EXPECT_EQ(vars[5].name, "odeme_2_basi");
  EXPECT_EQ(vars[5].expr->text, "(d) + 30 gun");
  EXPECT_EQ(vars[9].expr->text, "odeme_2_brut - odeme_2_damga");
  EXPECT_EQ(p.months.size(), 2u);
}

constexpr char kProgram[] = R"(program: p
title: P
reference: R
inputs:
  d: {type: date, description: D}
  n: {type: gun, description: N}
variables:
  gunluk:
    expr: 10 TL / 1 gun
    reference: R
outputs: [gunluk]
payments:
  reference: R
  start: d
  days: n
  max_months: 2
  gross: donem_gun * gunluk
  stamp_tax: round(donem_brut * 0.00759, 2, half_up)
  net: donem_brut - donem_damga
)";

TEST(PaymentsTest, ScheduleLongerThanMaxMonthsIsAnError) {
  ASSERT_OK_AND_ASSIGN(RuleSet rules, RuleSet::LoadFromTexts({{"p.yaml", kProgram}}));
  auto ok = rules.Evaluate(Claim::FromFields("A", {{"d", "2024-01-15"}, {"n", "45"}}));
  ASSERT_OK(ok.status());
  ASSERT_EQ((*ok)[0].payments.size(), 2u);
  EXPECT_EQ((*ok)[0].payments[1].month, "2024-02");
  EXPECT_EQ((*ok)[0].payments[1].days, 15);
  EXPECT_EQ((*ok)[0].payments[1].gross, "150.00");
  EXPECT_EQ((*ok)[0].payments[1].stamp_tax, "1.14");
  EXPECT_EQ((*ok)[0].payments[1].net, "148.86");
  auto too_long = rules.Evaluate(Claim::FromFields("B", {{"d", "2024-01-15"}, {"n", "61"}}));
  EXPECT_THAT(too_long.status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("has 2 months (payments.max_months) but 1 days remain")));
}

// Calendar-month periods with each month's own days (kısa çalışma: the hours
// not worked in each month): `start` and `days_per_month` use donem_no/donem_basi.
constexpr char kMonthly[] = R"(program: p
title: P
reference: R
inputs:
  d: {type: date, description: D}
  saatler:
    type: list
    key: ay
    fields: {ay: month, saat: saat}
    description: S
variables:
  gunluk:
    expr: 10 TL / 1 gun
    reference: R
  toplam_gun:
    expr: sum(saatler.saat, between(month_of(d), month_of(d) + 2)) / (7.5 saat / 1 gun)
    reference: R
outputs: [gunluk]
payments:
  reference: R
  start: if donem_no == 1 then d else start_of_month(month_of(d) + (donem_no - 1))
  days: toplam_gun
  days_per_month: sum(saatler.saat, between(month_of(donem_basi), month_of(donem_basi))) / (7.5 saat / 1 gun)
  max_months: 3
  gross: donem_gun * gunluk
  stamp_tax: round(donem_brut * 0.00759, 2, half_up)
  net: donem_brut - donem_damga
)";

TEST(PaymentsTest, PeriodsMayBeCalendarMonthsWithTheirOwnDays) {
  PaymentsDef p;
  p.start = "if donem_no == 1 then d else start_of_month(month_of(d) + (donem_no - 1))";
  p.days = "n";
  p.days_per_month = "f(donem_basi, donem_no)";
  p.gross = "donem_gun * donem_no * 1 TL / 1 gun";
  p.stamp_tax = "donem_brut * 0";
  p.net = "donem_brut - donem_damga";
  p.max_months = 2;
  std::vector<VariableDef> vars;
  std::vector<Diagnostic> diags;
  NodeIdAllocator ids;
  ExpandPayments("x", p, vars, ids, diags);
  EXPECT_TRUE(diags.empty());
  ASSERT_EQ(vars.size(), 11u);
  EXPECT_EQ(vars[5].expr->text,
            "if (2) == 1 then d else start_of_month(month_of(d) + ((2) - 1))");
  EXPECT_EQ(vars[1].expr->text, "max(0 gun, min((f(odeme_1_basi, (1))), (n)))");
  EXPECT_EQ(vars[6].expr->text,
            "max(0 gun, min((f(odeme_2_basi, (2))), (n) - odeme_1_gun))");
  EXPECT_EQ(vars[7].expr->text, "odeme_2_gun * (2) * 1 TL / 1 gun");
  EXPECT_EQ(vars[10].expr->text, "max(0 gun, (n) - odeme_1_gun - odeme_2_gun)");

  ASSERT_OK_AND_ASSIGN(RuleSet rules, RuleSet::LoadFromTexts({{"p.yaml", kMonthly}}));
  // Short-time work from 15 January: 75 hours in January (10 days), 37.5 in
  // February (5 days), 150 in March (20 days); April is outside the window.
  ASSERT_OK_AND_ASSIGN(Claim claim, Claim::Parse(R"({"id": "A", "d": "2024-01-15", "saatler": [
        {"ay": "2024-01", "saat": 75}, {"ay": "2024-02", "saat": 37.5},
        {"ay": "2024-03", "saat": 150}, {"ay": "2024-04", "saat": 150}]})",
                                                 "a.json"));
  auto ok = rules.Evaluate(claim);
  ASSERT_OK(ok.status());
  const std::vector<Payment>& pay = (*ok)[0].payments;
  ASSERT_EQ(pay.size(), 3u);
  EXPECT_EQ(pay[0].month, "2024-01");
  EXPECT_EQ(pay[0].from, "2024-01-15");
  EXPECT_EQ(pay[0].days, 10);
  EXPECT_EQ(pay[0].gross, "100.00");
  EXPECT_EQ(pay[1].from, "2024-02-01");
  EXPECT_EQ(pay[1].days, 5);
  EXPECT_EQ(pay[1].gross, "50.00");
  EXPECT_EQ(pay[2].from, "2024-03-01");
  EXPECT_EQ(pay[2].days, 20);
  EXPECT_EQ(pay[2].gross, "200.00");
  EXPECT_EQ(pay[2].stamp_tax, "1.52");
}

// Events after the award (issue #17): `unpaid_days` takes days out of each
// period, which keeps its dates; a period paying nothing does not end the
// schedule; `premiums` adds a per-period figure and its total; an event output
// without its event is neither a value nor missing.
constexpr char kEvents[] = R"(program: p
title: P
reference: R
inputs:
  d: {type: date, description: D}
  n: {type: gun, description: N}
  yeni_is: {type: date, description: Y}
  askida:
    type: list
    span: [bas, son]
    fields: {bas: date, son: date}
    description: A
variables:
  gunluk:
    expr: 10 TL / 1 gun
    reference: R
  durma:
    expr: value_or(yeni_is, d + n)
    reference: R
  kalan:
    expr: max(0 gun, d + n - yeni_is)
    reference: R
  prim_toplam:
    expr: odeme_prim_toplam
    reference: R
outputs: [gunluk, prim_toplam, kalan]
event_outputs: [kalan]
payments:
  reference: R
  start: d
  days: n
  max_months: 3
  gross: donem_gun * gunluk
  stamp_tax: round(donem_brut * 0.00759, 2, half_up)
  net: donem_brut - donem_damga
  unpaid_days: >-
    max(0 gun, donem_son - max(donem_basi, durma) + 1 gun)
    + value_or(covered_days(askida, between(donem_basi, min(donem_son, durma - 1 gun))), 0 gun)
  premiums: donem_gun * 1 TL / 1 gun
)";

TEST(PaymentsTest, UnpaidDaysExpandPerPeriodAndKeepTheDates) {
  PaymentsDef p;
  p.start = "d";
  p.days = "n";
  p.gross = "donem_gun * 1 TL / 1 gun";
  p.stamp_tax = "donem_brut * 0";
  p.net = "donem_brut - donem_damga";
  p.unpaid_days = "f(donem_basi, donem_son, donem_no)";
  p.premiums = "donem_gun * 2 TL / 1 gun";
  p.max_months = 2;
  std::vector<VariableDef> vars;
  std::vector<Diagnostic> diags;
  NodeIdAllocator ids;
  ExpandPayments("x", p, vars, ids, diags);
  EXPECT_TRUE(diags.empty());
  // Per period: basi, plan_gun, son, odenmeyen_gun, gun, brut, damga, net,
  // prim; then odeme_prim_toplam and odeme_kalan_gun.
  ASSERT_EQ(vars.size(), 20u);
  EXPECT_EQ(vars[10].name, "odeme_2_plan_gun");
  EXPECT_EQ(vars[10].expr->text, "max(0 gun, min(30 gun, (n) - 1 * 30 gun))");
  EXPECT_EQ(vars[11].expr->text, "odeme_2_basi + odeme_2_plan_gun - 1 gun");
  EXPECT_EQ(vars[12].expr->text,
            "max(0 gun, min(odeme_2_plan_gun, (f(odeme_2_basi, odeme_2_son, (2)))))");
  EXPECT_EQ(vars[13].expr->text, "odeme_2_plan_gun - odeme_2_odenmeyen_gun");
  EXPECT_EQ(vars[17].expr->text, "odeme_2_gun * 2 TL / 1 gun");
  EXPECT_EQ(vars[18].expr->text, "odeme_1_prim + odeme_2_prim");
  EXPECT_EQ(vars[19].name, "odeme_kalan_gun");
  EXPECT_EQ(p.premiums_total, "odeme_prim_toplam");
  EXPECT_EQ(p.months[1].others.size(), 4u);
}

TEST(PaymentsTest, SuspensionCutAndNewJobFollowTheDays) {
  ASSERT_OK_AND_ASSIGN(RuleSet rules, RuleSet::LoadFromTexts({{"p.yaml", kEvents}}));
  // 90 days from 2024-01-01: periods 01-01, 01-31, 03-01. The second period
  // is wholly suspended, the third loses 03-05..03-06: it goes on after the
  // empty one and ends on its own last day (days lost, not postponed).
  ASSERT_OK_AND_ASSIGN(Claim claim, Claim::Parse(R"({"id": "A", "d": "2024-01-01", "n": 90,
        "askida": [{"bas": "2024-01-31", "son": "2024-02-29"}, {"bas": "2024-03-05", "son": "2024-03-06"}]})",
                                                 "a.json"));
  auto ok = rules.Evaluate(claim);
  ASSERT_OK(ok.status());
  const Result& r = (*ok)[0];
  ASSERT_EQ(r.payments.size(), 2u);
  EXPECT_EQ(r.payments[0].days, 30);
  EXPECT_EQ(r.payments[1].from, "2024-03-01");
  EXPECT_EQ(r.payments[1].days, 28);
  ASSERT_EQ(r.values.size(), 2u);  // gunluk, prim_toplam; no kalan, and...
  EXPECT_EQ(r.values[1].second.text, "58.00");
  EXPECT_TRUE(r.missing.empty());  // ...it is not missing either
  // A new job on 2024-01-11: 10 days paid, 80 left as the event output.
  auto job = rules.Evaluate(
      Claim::FromFields("B", {{"d", "2024-01-01"}, {"n", "90"}, {"yeni_is", "2024-01-11"}}));
  ASSERT_OK(job.status());
  ASSERT_EQ((*job)[0].payments.size(), 1u);
  EXPECT_EQ((*job)[0].payments[0].days, 10);
  ASSERT_EQ((*job)[0].values.size(), 3u);
  EXPECT_EQ((*job)[0].values[2].first, "kalan");
  EXPECT_EQ((*job)[0].values[2].second.text, "80");
  // A spell without its start is an error for the claim, not zero days.
  ASSERT_OK_AND_ASSIGN(Claim bad, Claim::Parse(R"({"id": "C", "d": "2024-01-01", "n": 90,
        "askida": [{"son": "2024-02-29"}]})",
                                               "c.json"));
  EXPECT_THAT(rules.Evaluate(bad).status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("a record of the list has no start date")));
}

TEST(PaymentsTest, BulkScheduleAlsoGoesOnAfterAnEmptyPeriod) {
  ASSERT_OK_AND_ASSIGN(RuleSet rules, RuleSet::LoadFromTexts({{"p.yaml", kEvents}}));
  ASSERT_OK_AND_ASSIGN(BatchEvaluator batch,
                       BatchEvaluator::Create(rules, {.programs = {"p"}, .payments = true}));
  ASSERT_OK_AND_ASSIGN(Claim claim, Claim::Parse(R"({"id": "A", "d": "2024-01-01", "n": 90,
        "askida": [{"bas": "2024-01-31", "son": "2024-02-29"}]})",
                                                 "a.json"));
  ASSERT_OK(batch.AddClaim(claim));
  batch.Evaluate();
  std::vector<BatchEvaluator::PaymentMonth> months;
  ASSERT_OK(batch.payments(0, 0, &months));
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months[1].days, 30);
}

TEST(PaymentsTest, BadFormulaIsALoadErrorAtTheBlock) {
  std::string text = kProgram;
  text.replace(text.find("donem_gun * gunluk"), 18, "donem_gun * * gunluk");
  EXPECT_THAT(RuleSet::LoadFromTexts({{"p.yaml", text}}).status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                HasSubstr("p.yaml:13:3: error: payments of programme \"p\"")));
}

}  // namespace
}  // namespace odenek::internal
