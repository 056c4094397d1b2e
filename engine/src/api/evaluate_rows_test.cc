// The one evaluation driver (api/evaluate_rows.h): the as-of date is set on
// every run, so executors reused across calls (RuleSet::Evaluate's pooled
// scratch, a BatchEvaluator's) never keep another caller's date, and the
// scalar and batch paths agree under an as-of date.
#include "api/evaluate_rows.h"

#include <optional>
#include <string>
#include <vector>

#include "api/rule_set_access.h"
#include "exec/batch_executor.h"
#include "exec/claim_batch.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/batch.h"
#include "odenek/claim.h"
#include "odenek/date.h"
#include "odenek/result.h"
#include "odenek/rule_set.h"
#include "tests/testing/built_in_rules.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

using ::odenek::testing::BuiltInRules;
using ::odenek::testing::IsOk;

// Over the 2023/2 ceiling (examples/issizlik_odenegi.yaml): the daily gross is
// the ceiling, so it follows the parameters' date.
constexpr char kOverTheCeiling[] = R"({"id": "ORNEK-IO-1", "fesih_tarihi": "2023-10-31",
  "fesih_neden_kodu": 4, "basvuru_tarihi": "2023-11-05", "son_120_gun_hizmet_akdi": true,
  "prim_gun_3_yil": 720, "kazanc_son_4_ay": "300000.00", "gun_son_4_ay": 120})";

std::string Evaluated(const std::optional<Date>& as_of) {
  absl::StatusOr<Claim> claim = Claim::Parse(kOverTheCeiling, "claim.json");
  EXPECT_THAT(claim, IsOk());
  EvaluateOptions options;
  options.program = "issizlik_odenegi";
  options.as_of = as_of;
  absl::StatusOr<std::vector<Result>> results = BuiltInRules().Evaluate(*claim, options);
  EXPECT_THAT(results, IsOk());
  if (!results.ok() || results->size() != 1) return "";
  return ResultToJson(results->front());
}

TEST(EvaluateRowsTest, RunRowsSetsTheAsOfDateOnEveryRun) {
  const internal::Engine& engine = internal::RuleSetAccess::Of(BuiltInRules());
  const internal::PlannedRuleSet& planned = *engine.planned;
  internal::ClaimBatch batch(planned.schema, planned.strings, /*capacity=*/1);
  internal::BatchExecutor exec(planned.plans[0], /*capacity=*/1);
  internal::EvaluateRowsOptions options;
  options.as_of = Date::FromYmd(2026, 1, 1).value();
  internal::RunRows(batch, options, exec);
  EXPECT_EQ(exec.as_of(), options.as_of->day_number());
  options.as_of = std::nullopt;
  internal::RunRows(batch, options, exec);
  EXPECT_EQ(exec.as_of(), std::nullopt);
}

TEST(EvaluateRowsTest, AnEvaluationAsOfADateLeavesTheNextOneAlone) {
  const std::string own_dates = Evaluated(std::nullopt);
  const std::string in_2026 = Evaluated(Date::FromYmd(2026, 1, 1).value());
  EXPECT_NE(in_2026, own_dates);
  // The same thread gets the same pooled executors back.
  EXPECT_EQ(Evaluated(std::nullopt), own_dates);
  EXPECT_EQ(Evaluated(Date::FromYmd(2026, 1, 1).value()), in_2026);
}

TEST(EvaluateRowsTest, TheBatchPathAgreesWithTheScalarPathAsOfADate) {
  const Date as_of = Date::FromYmd(2026, 1, 1).value();
  BatchOptions options;
  options.programs = {"issizlik_odenegi"};
  options.payments = true;  // as EvaluateOptions
  options.as_of = as_of;
  absl::StatusOr<BatchEvaluator> batch = BatchEvaluator::Create(BuiltInRules(), options);
  ASSERT_THAT(batch, IsOk());
  absl::StatusOr<Claim> claim = Claim::Parse(kOverTheCeiling, "claim.json");
  ASSERT_THAT(claim, IsOk());
  ASSERT_THAT(batch->AddClaim(*claim), IsOk());
  batch->Evaluate();
  absl::StatusOr<Result> result = batch->result(0, 0);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(ResultToJson(*result), Evaluated(as_of));
}

}  // namespace
}  // namespace odenek
