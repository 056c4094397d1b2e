// Column moves (execute_column.cc): kInput, kCopy, kCoalesce, kIsKnown.
#include "exec/batch_executor.h"

#include <optional>

#include "exec/batch_executor_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

TEST(BatchExecutorTest, InputCopiesColumnValuesAndValidity) {
  PlanBuilder p;
  const Slot a = p.Input(kColB);
  TestBatch t;
  t.Row({std::nullopt, Dec("1.5")});
  t.Row({Dec("9")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(e.rows(), 2);
  EXPECT_THAT(Values(e, a), ElementsAre(Dec("1.5"), kUnknown));
}

TEST(BatchExecutorTest, CopyKeepsValidity) {
  PlanBuilder p;
  const Slot c = p.Op1(Op::kCopy, p.Input(kColA));
  TestBatch t;
  t.Row({5});
  t.Row({});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, c), ElementsAre(5, kUnknown));
}

TEST(BatchExecutorTest, CoalescePrefersKnownFirstOperand) {
  PlanBuilder p;
  const Slot c = p.Op2(Op::kCoalesce, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({1, 2});
  t.Row({std::nullopt, 2});
  t.Row({1, std::nullopt});
  t.Row({});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, c), ElementsAre(1, 2, 1, kUnknown));
}

TEST(BatchExecutorTest, IsKnownIsAlwaysValid) {
  PlanBuilder p;
  const Slot k = p.Op1(Op::kIsKnown, p.Input(kColA));
  TestBatch t;
  t.Row({0});
  t.Row({});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, k), ElementsAre(1, 0));
}

}  // namespace
}  // namespace odenek::internal
