// Three-valued logic and select (execute_logic.cc).
#include "exec/batch_executor.h"

#include <optional>

#include "exec/batch_executor_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

// Rows: every pair of {false, true, unknown}, a-major.
void AddTruthTableRows(TestBatch& t) {
  const std::optional<int64_t> vals[] = {0, 1, std::nullopt};
  for (const auto& a : vals) {
    for (const auto& b : vals) t.Row({a, b});
  }
}

TEST(BatchExecutorTest, AndFollowsThreeValuedTruthTable) {
  PlanBuilder p;
  const Slot s = p.Op2(Op::kAnd, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  AddTruthTableRows(t);
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, s), ElementsAre(0, 0, 0,                 // F and F/T/?
                                        0, 1, kUnknown,          // T and F/T/?
                                        0, kUnknown, kUnknown)); // ? and F/T/?
}

TEST(BatchExecutorTest, OrFollowsThreeValuedTruthTable) {
  PlanBuilder p;
  const Slot s = p.Op2(Op::kOr, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  AddTruthTableRows(t);
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, s), ElementsAre(0, 1, kUnknown,          // F or F/T/?
                                        1, 1, 1,                 // T or F/T/?
                                        kUnknown, 1, kUnknown)); // ? or F/T/?
}

TEST(BatchExecutorTest, NotNegatesAndKeepsUnknown) {
  PlanBuilder p;
  const Slot s = p.Op1(Op::kNot, p.Input(kColA));
  TestBatch t;
  t.Row({0});
  t.Row({1});
  t.Row({});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, s), ElementsAre(1, 0, kUnknown));
}

TEST(BatchExecutorTest, SelectTakesChosenSideValueAndValidity) {
  PlanBuilder p;
  const Slot s = p.Select(p.Input(kColC), p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({10, 20, 1});
  t.Row({10, 20, 0});
  t.Row({std::nullopt, 20, 0});  // unknown side not chosen
  t.Row({std::nullopt, 20, 1});  // unknown side chosen
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, s), ElementsAre(10, 20, 20, kUnknown));
}

TEST(BatchExecutorTest, SelectWithUnknownConditionIsUnknown) {
  PlanBuilder p;
  const Slot s = p.Select(p.Input(kColC), p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({10, 10, std::nullopt});  // even when both sides agree
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, s, 0), kUnknown);
}

}  // namespace
}  // namespace odenek::internal
