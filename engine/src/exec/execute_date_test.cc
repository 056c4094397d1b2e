// Date and month arithmetic (execute_date.cc), and the lower bounds of the
// history windows.
#include "exec/batch_executor.h"

#include <optional>

#include "exec/batch_executor_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

TEST(BatchExecutorTest, DateAddDaysAddsWholeDays) {
  PlanBuilder p;
  const Slot d = p.Op2(Op::kDateAddDays, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Day(2023, 12, 31), Dec("1")});
  t.Row({Day(2024, 3, 1), Dec("-1")});
  t.Row({Day(2023, 6, 30), Dec("120")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, d),
              ElementsAre(Day(2024, 1, 1), Day(2024, 2, 29), Day(2023, 10, 28)));
}

TEST(BatchExecutorTest, DateAddDaysRejectsFractionalDays) {
  PlanBuilder p;
  const Slot d = p.Op2(Op::kDateAddDays, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Day(2023, 1, 1), Dec("1.5")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, d, 0), kUnknown);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kFractionalDays);
}

TEST(BatchExecutorTest, DateAddDaysOutOfRangeIsError) {
  PlanBuilder p;
  const Slot d = p.Op2(Op::kDateAddDays, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Day(2199, 12, 31), Dec("1")});
  t.Row({Day(1900, 1, 1), Dec("-1")});
  t.Row({Day(2000, 1, 1), Decimal::Max().raw() / Decimal::kOne * Decimal::kOne});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, d), ElementsAre(kUnknown, kUnknown, kUnknown));
  for (int r = 0; r < 3; ++r) EXPECT_EQ(ErrorOf(e, r), RowErrorKind::kDateOutOfRange);
}

TEST(BatchExecutorTest, DateDiffDaysIsGun) {
  PlanBuilder p;
  const Slot d = p.Op2(Op::kDateDiffDays, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Day(2024, 3, 1), Day(2024, 2, 28)});
  t.Row({Day(2023, 6, 30), Day(2023, 7, 1)});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, d), ElementsAre(Dec("2"), Dec("-1")));
}

TEST(BatchExecutorTest, AddMonthsClampsToMonthEnd) {
  PlanBuilder p;
  const Slot d = p.Op2(Op::kAddMonths, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Day(2024, 1, 31), Dec("1")});
  t.Row({Day(2023, 3, 31), Dec("-1")});
  t.Row({Day(2023, 11, 15), Dec("3")});
  t.Row({Day(2023, 11, 15), Dec("0.5")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, d), ElementsAre(Day(2024, 2, 29), Day(2023, 2, 28),
                                        Day(2024, 2, 15), kUnknown));
  EXPECT_EQ(ErrorOf(e, 3), RowErrorKind::kFractionalDays);
}

TEST(BatchExecutorTest, AddYearsClampsLeapDay) {
  PlanBuilder p;
  const Slot d = p.Op2(Op::kAddYears, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Day(2024, 2, 29), Dec("1")});
  t.Row({Day(2024, 2, 29), Dec("-4")});
  t.Row({Day(2190, 1, 1), Dec("10")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, d), ElementsAre(Day(2025, 2, 28), Day(2020, 2, 29), kUnknown));
  EXPECT_EQ(ErrorOf(e, 2), RowErrorKind::kDateOutOfRange);
}

TEST(BatchExecutorTest, MonthAddAddsMonths) {
  PlanBuilder p;
  const Slot m = p.Op2(Op::kMonthAdd, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Mon(2023, 12), Dec("1")});
  t.Row({Mon(2024, 2), Dec("-3")});
  t.Row({Mon(2199, 12), Dec("1")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, m), ElementsAre(Mon(2024, 1), Mon(2023, 11), kUnknown));
  EXPECT_EQ(ErrorOf(e, 2), RowErrorKind::kDateOutOfRange);
}

TEST(BatchExecutorTest, MonthOfDate) {
  PlanBuilder p;
  const Slot m = p.Op1(Op::kMonthOf, p.Input(kColA));
  TestBatch t;
  t.Row({Day(2024, 2, 29)});
  t.Row({Day(1970, 1, 1)});
  t.Row({});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, m), ElementsAre(Mon(2024, 2), 0, kUnknown));
}

TEST(BatchExecutorTest, StartAndEndOfMonth) {
  PlanBuilder p;
  const Slot a = p.Input(kColA);
  const Slot start = p.Op1(Op::kStartOfMonth, a);
  const Slot end = p.Op1(Op::kEndOfMonth, a);
  TestBatch t;
  t.Row({Mon(2024, 2)});
  t.Row({Mon(2023, 2)});
  t.Row({Mon(2023, 12)});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, start),
              ElementsAre(Day(2024, 2, 1), Day(2023, 2, 1), Day(2023, 12, 1)));
  EXPECT_THAT(Values(e, end),
              ElementsAre(Day(2024, 2, 29), Day(2023, 2, 28), Day(2023, 12, 31)));
}

TEST(BatchExecutorTest, LastDaysLoIsFirstDayOfWindow) {
  PlanBuilder p;
  const Slot lo = p.Op2(Op::kLastDaysLo, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Day(2023, 6, 30), Dec("120")});
  t.Row({Day(2023, 6, 30), Dec("1")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, lo), ElementsAre(Day(2023, 3, 3), Day(2023, 6, 30)));
}

TEST(BatchExecutorTest, LastYearsLoIsDayAfterSameDateYearsBefore) {
  PlanBuilder p;
  const Slot lo = p.Op2(Op::kLastYearsLo, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Day(2023, 6, 30), Dec("3")});
  t.Row({Day(2024, 2, 29), Dec("1")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, lo), ElementsAre(Day(2020, 7, 1), Day(2023, 3, 1)));
}

TEST(BatchExecutorTest, LastMonthsLoIsFirstMonthOfWindow) {
  PlanBuilder p;
  const Slot lo = p.Op2(Op::kLastMonthsLo, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Mon(2024, 2), Dec("4")});
  t.Row({Mon(2024, 2), Dec("1")});
  t.Row({Mon(2024, 2), Dec("1.25")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, lo), ElementsAre(Mon(2023, 11), Mon(2024, 2), kUnknown));
  EXPECT_EQ(ErrorOf(e, 2), RowErrorKind::kFractionalDays);
}

}  // namespace
}  // namespace odenek::internal
