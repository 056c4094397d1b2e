// The executor itself (batch_executor.cc): what Run() computes and skips, the
// slot file, row errors, constants and batch sizes. The kernels are tested
// per family beside them (execute_arith_test.cc, ...).
#include "exec/batch_executor.h"

#include <optional>

#include "exec/batch_executor_test_util.h"
#include "exec/claim_batch.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/decimal.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

// The given-fact-wins coalesce: when every row of the chunk gives the fact,
// the formula deriving it is not run (and so cannot raise its errors).
TEST(BatchExecutorTest, FormulaOfAFactEveryRowGivesIsSkipped) {
  PlanBuilder p;
  const Slot given = p.Input(kColA);
  const Slot formula = p.Op2(Op::kDiv, p.Input(kColB), p.Input(kColC));
  const Slot fact = p.Op2(Op::kCoalesce, given, formula);
  p.Output(fact);
  BatchExecutor e(p.plan());

  TestBatch all_given;
  all_given.Row({Dec("7"), Dec("1"), Dec("0")});
  all_given.Row({Dec("8"), Dec("1"), Dec("0")});
  e.Run(all_given.batch);
  EXPECT_THAT(Values(e, fact), ElementsAre(Dec("7"), Dec("8")));
  EXPECT_THAT(Values(e, formula), ElementsAre(kUnknown, kUnknown));
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kNone);

  TestBatch one_missing;
  one_missing.Row({Dec("7"), Dec("1"), Dec("2")});
  one_missing.Row({std::nullopt, Dec("1"), Dec("4")});
  e.Run(one_missing.batch);
  EXPECT_THAT(Values(e, fact), ElementsAre(Dec("7"), Dec("0.25")));
  EXPECT_THAT(Values(e, formula), ElementsAre(Dec("0.5"), Dec("0.25")));
}

TEST(BatchExecutorTest, SlotNeverWrittenIsUnknown) {
  PlanBuilder p;
  const Slot null = p.NewSlot();
  const Slot sum = p.Op2(Op::kAdd, p.Input(kColA), null);
  TestBatch t;
  t.Row({1});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, null, 0), kUnknown);
  EXPECT_EQ(At(e, sum, 0), kUnknown);
}

// ------------------------------------------------------------------ errors

TEST(BatchExecutorTest, OnlyFirstErrorOfRowIsRecorded) {
  PlanBuilder p;
  const Slot a = p.Input(kColA), b = p.Input(kColB);
  p.Op2(Op::kDiv, a, b);
  const int32_t first = p.last_instr();
  p.Op2(Op::kAdd, a, a);
  TestBatch t;
  t.Row({Decimal::Max().raw(), 0});  // both instructions fail
  t.Row({Decimal::Max().raw(), Dec("1")});  // only the addition fails
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kDivisionByZero);
  EXPECT_EQ(e.row_error(0).instr, first);
  EXPECT_EQ(ErrorOf(e, 1), RowErrorKind::kOverflow);
  EXPECT_EQ(e.row_error(1).instr, first + 1);
}

TEST(BatchExecutorTest, ErrorsAreResetByEachRun) {
  PlanBuilder p;
  p.Op2(Op::kDiv, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({1, 0});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  ASSERT_EQ(ErrorOf(e, 0), RowErrorKind::kDivisionByZero);
  t.batch.Clear();
  t.Row({1, 1});
  e.Run(t.batch);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kNone);
  EXPECT_EQ(e.row_error(0).instr, -1);
}

// ------------------------------------------------------ constants and sizes

TEST(BatchExecutorTest, ConstantsAreNotOverwrittenAcrossRuns) {
  PlanBuilder p;
  const Slot seven = p.Const(Dec("7"));
  const Slot sum = p.Op2(Op::kAdd, p.Input(kColA), seven);
  BatchExecutor e(p.plan());
  TestBatch t;
  for (int r = 0; r < kBatchSize; ++r) t.Row({r});
  e.Run(t.batch);
  t.batch.Clear();
  t.Row({Dec("1")});
  e.Run(t.batch);
  EXPECT_EQ(At(e, sum, 0), Dec("8"));
  for (int r = 0; r < kBatchSize; ++r) {
    ASSERT_EQ(e.valid(seven)[r], 1) << r;
    ASSERT_EQ(e.values(seven)[r], Dec("7")) << r;
  }
}

TEST(BatchExecutorTest, RunsFullBatchOfBatchSizeRows) {
  PlanBuilder p;
  const Slot a = p.Input(kColA);
  const Slot sum = p.Op2(Op::kMul, a, p.Const(Dec("2")));
  TestBatch t;
  for (int r = 0; r < kBatchSize; ++r) {
    if (r % 3 == 0) {
      t.Row({});
    } else {
      t.Row({Dec("1") * r});
    }
  }
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  ASSERT_EQ(e.rows(), kBatchSize);
  for (int r = 0; r < kBatchSize; ++r) {
    if (r % 3 == 0) {
      ASSERT_EQ(At(e, sum, r), kUnknown) << r;
    } else {
      ASSERT_EQ(At(e, sum, r), Dec("2") * r) << r;
    }
  }
}

TEST(BatchExecutorTest, RunsSingleRowBatch) {
  PlanBuilder p;
  const Slot sum = p.Op2(Op::kAdd, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Dec("1.25"), Dec("2")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  ASSERT_EQ(e.rows(), 1);
  EXPECT_EQ(At(e, sum, 0), Dec("3.25"));
}

TEST(BatchExecutorTest, RunsEmptyBatch) {
  PlanBuilder p;
  p.Op2(Op::kAdd, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(e.rows(), 0);
}

TEST(BatchExecutorTest, RowErrorKindNamesAreReadable) {
  EXPECT_STREQ(RowErrorKindName(RowErrorKind::kDivisionByZero), "division by zero");
  EXPECT_STREQ(RowErrorKindName(RowErrorKind::kOverflow), "decimal overflow");
}

}  // namespace
}  // namespace odenek::internal
