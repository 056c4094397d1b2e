// Comparisons (execute_compare.cc): 0/1 results over every slot encoding.
#include "exec/batch_executor.h"

#include <optional>

#include "exec/batch_executor_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

TEST(BatchExecutorTest, ComparisonsGiveZeroOrOne) {
  PlanBuilder p;
  const Slot a = p.Input(kColA), b = p.Input(kColB);
  const Slot lt = p.Op2(Op::kLt, a, b), le = p.Op2(Op::kLe, a, b);
  const Slot gt = p.Op2(Op::kGt, a, b), ge = p.Op2(Op::kGe, a, b);
  const Slot eq = p.Op2(Op::kEq, a, b), ne = p.Op2(Op::kNe, a, b);
  TestBatch t;
  t.Row({Dec("1"), Dec("2")});
  t.Row({Dec("2"), Dec("2")});
  t.Row({Dec("-1"), Dec("-2")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, lt), ElementsAre(1, 0, 0));
  EXPECT_THAT(Values(e, le), ElementsAre(1, 1, 0));
  EXPECT_THAT(Values(e, gt), ElementsAre(0, 0, 1));
  EXPECT_THAT(Values(e, ge), ElementsAre(0, 1, 1));
  EXPECT_THAT(Values(e, eq), ElementsAre(0, 1, 0));
  EXPECT_THAT(Values(e, ne), ElementsAre(1, 0, 1));
}

TEST(BatchExecutorTest, ComparisonWithUnknownIsUnknown) {
  PlanBuilder p;
  const Slot lt = p.Op2(Op::kLt, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({std::nullopt, 1});
  t.Row({1, std::nullopt});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, lt), ElementsAre(kUnknown, kUnknown));
}

TEST(BatchExecutorTest, ComparesDatesAndStringIds) {
  PlanBuilder p;
  TestBatch t;
  const int64_t istifa = t.shared.Intern("istifa");
  const Slot before = p.Op2(Op::kLt, p.Input(kColA), p.Const(Day(2023, 7, 1)));
  const Slot is_istifa = p.Op2(Op::kEq, p.Input(kColB), p.Const(istifa));
  t.Row({Day(2023, 6, 30), t.batch.InternString("istifa")});
  t.Row({Day(2023, 7, 1), t.batch.InternString("isveren_feshi")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, before), ElementsAre(1, 0));
  EXPECT_THAT(Values(e, is_istifa), ElementsAre(1, 0));
}

}  // namespace
}  // namespace odenek::internal
