// History windows over a claim's list records (execute_window.cc): sums,
// counts, minima and maxima over the last months, and covers / covered_days
// over insured spells.
#include "exec/batch_executor.h"

#include <optional>
#include <utility>
#include <vector>

#include "exec/batch_executor_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

// ----------------------------------------------------------------- windows

// 36 monthly records 2020-07..2023-06; month i (0-based) earned (i + 1) × 100.25.
void AddThirtySixMonths(TestBatch& t) {
  for (int i = 0; i < 36; ++i) {
    t.Record(kPrimler, Mon(2020, 7) + i, (i + 1) * Dec("100.25"));
  }
}

struct WindowPlan {
  PlanBuilder p;
  Slot sum, count, min, max;
};

// Aggregates over last_months(a, b) of primler.kazanc.
void BuildLastMonthsPlan(WindowPlan& w) {
  PlanBuilder& p = w.p;
  const Slot end = p.Input(kColA);
  const Slot lo = p.Op2(Op::kLastMonthsLo, end, p.Input(kColB));
  const int32_t list = p.PrimlerList();
  w.sum = p.Window(Op::kWindowSum, list, kKazanc, lo, end);
  w.count = p.Window(Op::kWindowCount, list, -1, lo, end);
  w.min = p.Window(Op::kWindowMin, list, kKazanc, lo, end);
  w.max = p.Window(Op::kWindowMax, list, kKazanc, lo, end);
}

TEST(BatchExecutorTest, WindowSumOfLastFourOfThirtySixMonths) {
  WindowPlan w;
  BuildLastMonthsPlan(w);
  TestBatch t;
  t.Row({Mon(2023, 6), Dec("4")});
  AddThirtySixMonths(t);
  BatchExecutor e(w.p.plan());
  e.Run(t.batch);
  // Months 2023-03..2023-06 are i = 32..35: (33 + 34 + 35 + 36) × 100.25.
  EXPECT_EQ(At(e, w.sum, 0), 138 * Dec("100.25"));
}

TEST(BatchExecutorTest, WindowCountMinMax) {
  WindowPlan w;
  BuildLastMonthsPlan(w);
  TestBatch t;
  t.Row({Mon(2023, 6), Dec("4")});
  AddThirtySixMonths(t);
  BatchExecutor e(w.p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, w.count, 0), Dec("4"));
  EXPECT_EQ(At(e, w.min, 0), 33 * Dec("100.25"));
  EXPECT_EQ(At(e, w.max, 0), 36 * Dec("100.25"));
}

TEST(BatchExecutorTest, WindowIgnoresRecordsOutsideWindowAndWithUnknownKey) {
  WindowPlan w;
  BuildLastMonthsPlan(w);
  TestBatch t;
  t.Row({Mon(2023, 6), Dec("2")});
  t.Record(kPrimler, Mon(2023, 4), Dec("1000"));   // one month before the window
  t.Record(kPrimler, Mon(2023, 5), Dec("10"));     // first month, included
  t.Record(kPrimler, Mon(2023, 6), Dec("20"));     // last month, included
  t.Record(kPrimler, Mon(2023, 7), Dec("1000"));   // after the window
  t.Record(kPrimler, std::nullopt, Dec("1000"));   // no month
  BatchExecutor e(w.p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, w.sum, 0), Dec("30"));
  EXPECT_EQ(At(e, w.count, 0), Dec("2"));
  EXPECT_EQ(At(e, w.min, 0), Dec("10"));
  EXPECT_EQ(At(e, w.max, 0), Dec("20"));
}

TEST(BatchExecutorTest, WindowWithUnknownAmountInsideIsUnknown) {
  WindowPlan w;
  BuildLastMonthsPlan(w);
  TestBatch t;
  t.Row({Mon(2023, 6), Dec("2")});
  t.Record(kPrimler, Mon(2023, 6), Dec("20"));
  t.Record(kPrimler, Mon(2023, 5), std::nullopt);
  t.Row({Mon(2023, 6), Dec("1")});  // the unknown amount lies outside
  t.Record(kPrimler, Mon(2023, 6), Dec("20"));
  t.Record(kPrimler, Mon(2023, 5), std::nullopt);
  BatchExecutor e(w.p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, w.sum), ElementsAre(kUnknown, Dec("20")));
  EXPECT_THAT(Values(e, w.count), ElementsAre(Dec("2"), Dec("1")));
  EXPECT_THAT(Values(e, w.min), ElementsAre(kUnknown, Dec("20")));
  EXPECT_THAT(Values(e, w.max), ElementsAre(kUnknown, Dec("20")));
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kNone);
}

TEST(BatchExecutorTest, WindowOfNoRecordsSumsToZeroAndHasNoMinOrMax) {
  WindowPlan w;
  BuildLastMonthsPlan(w);
  TestBatch t;
  t.Row({Mon(2023, 6), Dec("4")});
  BatchExecutor e(w.p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, w.sum, 0), 0);
  EXPECT_EQ(At(e, w.count, 0), 0);
  EXPECT_EQ(At(e, w.min, 0), kUnknown);
  EXPECT_EQ(At(e, w.max, 0), kUnknown);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kNone);
}

TEST(BatchExecutorTest, WindowWithUnknownBoundIsUnknown) {
  WindowPlan w;
  BuildLastMonthsPlan(w);
  TestBatch t;
  t.Row({std::nullopt, Dec("4")});
  AddThirtySixMonths(t);
  BatchExecutor e(w.p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, w.sum, 0), kUnknown);
  EXPECT_EQ(At(e, w.count, 0), kUnknown);
}

TEST(BatchExecutorTest, WindowReadsOnlyItsOwnRowsRecords) {
  WindowPlan w;
  BuildLastMonthsPlan(w);
  TestBatch t;
  t.Row({Mon(2023, 6), Dec("4")});
  t.Record(kPrimler, Mon(2023, 6), Dec("1"));
  t.Row({Mon(2023, 6), Dec("4")});
  t.Row({Mon(2023, 6), Dec("4")});
  t.Record(kPrimler, Mon(2023, 6), Dec("2"));
  t.Record(kPrimler, Mon(2023, 5), Dec("3"));
  BatchExecutor e(w.p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, w.sum), ElementsAre(Dec("1"), 0, Dec("5")));
  EXPECT_THAT(Values(e, w.count), ElementsAre(Dec("1"), 0, Dec("2")));
}

TEST(BatchExecutorTest, WindowOverDateBoundsIsInclusive) {
  // between(a, b) over a list keyed by dates: the spell list keyed by start.
  PlanBuilder p;
  const Slot lo = p.Input(kColA), hi = p.Input(kColB);
  const Slot count = p.Window(Op::kWindowCount, p.SpellList(), -1, lo, hi);
  TestBatch t;
  t.Row({Day(2023, 1, 1), Day(2023, 1, 31)});
  t.Record(kSpells, Day(2022, 12, 31), std::nullopt);
  t.Record(kSpells, Day(2023, 1, 1), std::nullopt);
  t.Record(kSpells, Day(2023, 1, 31), std::nullopt);
  t.Record(kSpells, Day(2023, 2, 1), std::nullopt);
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, count, 0), Dec("2"));
}

TEST(BatchExecutorTest, WindowSumOverflowRaisesError) {
  WindowPlan w;
  BuildLastMonthsPlan(w);
  TestBatch t;
  t.Row({Mon(2023, 6), Dec("2")});
  t.Record(kPrimler, Mon(2023, 6), Decimal::Max().raw());
  t.Record(kPrimler, Mon(2023, 5), Dec("1"));
  BatchExecutor e(w.p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, w.sum, 0), kUnknown);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kOverflow);
}

// A claim that does not carry a history list at all (facts form) must not be read
// as "no premium months": its window sums are unknown, not 0.
TEST(BatchExecutorTest, AbsentListIsUnknown) {
  WindowPlan w;
  BuildLastMonthsPlan(w);
  TestBatch t;
  t.batch.AddRow("facts-form");
  t.batch.Set(0, Mon(2023, 6));
  t.batch.Set(1, Dec("4"));
  BatchExecutor e(w.p.plan());
  e.Run(t.batch);
  EXPECT_EQ(e.valid(w.sum)[0], 0);
  EXPECT_EQ(e.valid(w.count)[0], 0);
}

// ------------------------------------------------------------------ covers

struct CoversPlan {
  PlanBuilder p;
  Slot covers;
  CoversPlan() {
    Instr i{Op::kCovers};
    i.a = p.Input(kColA);
    i.b = p.Input(kColB);
    i.aux = p.SpellList();
    covers = p.Emit(i);
  }
};

// Evaluates covers([2023-01-01, 2023-12-31]) for one claim with `spells`.
std::optional<int64_t> Covers2023(
    const std::vector<std::pair<std::optional<int64_t>, std::optional<int64_t>>>& spells) {
  CoversPlan c;
  TestBatch t;
  t.Row({Day(2023, 1, 1), Day(2023, 12, 31)});
  for (const auto& [s, e] : spells) t.Record(kSpells, s, e);
  BatchExecutor e(c.p.plan());
  e.Run(t.batch);
  return At(e, c.covers, 0);
}

TEST(BatchExecutorTest, CoversContiguousSpells) {
  EXPECT_EQ(Covers2023({{Day(2022, 5, 1), Day(2023, 3, 31)},
                        {Day(2023, 4, 1), Day(2023, 8, 31)},
                        {Day(2023, 9, 1), Day(2024, 1, 15)}}),
            1);
}

TEST(BatchExecutorTest, CoversFalseWithOneDayGap) {
  EXPECT_EQ(Covers2023({{Day(2022, 5, 1), Day(2023, 3, 30)},  // 2023-03-31 missing
                        {Day(2023, 4, 1), Day(2024, 1, 15)}}),
            0);
}

TEST(BatchExecutorTest, CoversOverlappingSpells) {
  EXPECT_EQ(Covers2023({{Day(2022, 5, 1), Day(2023, 6, 30)},
                        {Day(2023, 2, 1), Day(2023, 3, 1)},  // inside the first
                        {Day(2023, 6, 1), Day(2023, 12, 31)}}),
            1);
}

TEST(BatchExecutorTest, CoversSpellsGivenOutOfOrder) {
  EXPECT_EQ(Covers2023({{Day(2023, 9, 1), Day(2024, 1, 15)},
                        {Day(2022, 5, 1), Day(2023, 3, 31)},
                        {Day(2023, 4, 1), Day(2023, 8, 31)}}),
            1);
}

TEST(BatchExecutorTest, CoversFalseWhenWindowStartsBeforeFirstSpell) {
  EXPECT_EQ(Covers2023({{Day(2023, 1, 2), Day(2023, 12, 31)}}), 0);
}

TEST(BatchExecutorTest, CoversFalseWithNoSpells) { EXPECT_EQ(Covers2023({}), 0); }

TEST(BatchExecutorTest, CoversUnknownSpellDateIsUnknown) {
  EXPECT_EQ(Covers2023({{Day(2022, 5, 1), Day(2023, 3, 31)},
                        {Day(2023, 4, 1), std::nullopt}}),
            kUnknown);
}

TEST(BatchExecutorTest, CoversKnownSpellsDecideDespiteUnknownSpell) {
  // Like `true or unknown`: the unknown spell cannot undo the coverage.
  EXPECT_EQ(Covers2023({{Day(2022, 5, 1), Day(2024, 3, 31)},
                        {std::nullopt, Day(2023, 3, 31)}}),
            1);
}

TEST(BatchExecutorTest, CoversWithUnknownWindowIsUnknown) {
  CoversPlan c;
  TestBatch t;
  t.Row({Day(2023, 1, 1), std::nullopt});
  t.Record(kSpells, Day(2022, 1, 1), Day(2024, 1, 1));
  BatchExecutor e(c.p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, c.covers, 0), kUnknown);
}

// ------------------------------------------------------------ covered_days

// covered_days([2023-03-01, 2023-03-30]) for one claim with `spells`: a 30-day
// payment period and the suspensions that fall into it.
std::optional<int64_t> CoveredDaysMarch(
    const std::vector<std::pair<std::optional<int64_t>, std::optional<int64_t>>>& spells,
    int64_t lo = Day(2023, 3, 1), std::optional<int64_t> hi = Day(2023, 3, 30)) {
  PlanBuilder p;
  Instr i{Op::kCoveredDays};
  i.a = p.Input(kColA);
  i.b = p.Input(kColB);
  i.aux = p.SpellList();
  const Slot days = p.Emit(i);
  TestBatch t;
  t.Row({lo, hi});
  for (const auto& [s, e] : spells) t.Record(kSpells, s, e);
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  return At(e, days, 0);
}

TEST(BatchExecutorTest, CoveredDaysCountsOnlyTheWindowsPart) {
  // 2023-02-20..2023-03-05: 5 days of March; 2023-03-28..2023-04-10: 3 days.
  EXPECT_EQ(CoveredDaysMarch({{Day(2023, 2, 20), Day(2023, 3, 5)},
                              {Day(2023, 3, 28), Day(2023, 4, 10)}}),
            Dec("8"));
}

TEST(BatchExecutorTest, CoveredDaysCountsOverlapsOnce) {
  // 03-01..03-10 and 03-05..03-12 overlap: their union is 12 days; 03-11
  // inside the first two adds nothing.
  EXPECT_EQ(CoveredDaysMarch({{Day(2023, 3, 5), Day(2023, 3, 12)},
                              {Day(2023, 3, 1), Day(2023, 3, 10)},
                              {Day(2023, 3, 11), Day(2023, 3, 11)}}),
            Dec("12"));
}

TEST(BatchExecutorTest, CoveredDaysBoundariesAreInclusive) {
  EXPECT_EQ(CoveredDaysMarch({{Day(2023, 3, 1), Day(2023, 3, 1)}}), Dec("1"));
  EXPECT_EQ(CoveredDaysMarch({{Day(2023, 3, 30), Day(2023, 3, 30)}}), Dec("1"));
  EXPECT_EQ(CoveredDaysMarch({{Day(2023, 2, 1), Day(2023, 2, 28)}}), Dec("0"));
  EXPECT_EQ(CoveredDaysMarch({{Day(2023, 3, 31), Day(2023, 4, 30)}}), Dec("0"));
  EXPECT_EQ(CoveredDaysMarch({{Day(2023, 1, 1), Day(2023, 12, 31)}}), Dec("30"));
}

TEST(BatchExecutorTest, CoveredDaysWithNoSpellsIsZero) {
  EXPECT_EQ(CoveredDaysMarch({}), Dec("0"));
}

TEST(BatchExecutorTest, CoveredDaysOpenSpellRunsToTheWindowsEnd) {
  // A suspension without its end date is not lifted yet: 03-21..03-30.
  EXPECT_EQ(CoveredDaysMarch({{Day(2023, 3, 21), std::nullopt}}), Dec("10"));
  // Open from before the window: all of it.
  EXPECT_EQ(CoveredDaysMarch({{Day(2022, 12, 1), std::nullopt}}), Dec("30"));
  // Open from after it: none.
  EXPECT_EQ(CoveredDaysMarch({{Day(2023, 4, 1), std::nullopt}}), Dec("0"));
}

TEST(BatchExecutorTest, CoveredDaysSpellWithoutStartIsAnError) {
  PlanBuilder p;
  Instr i{Op::kCoveredDays};
  i.a = p.Input(kColA);
  i.b = p.Input(kColB);
  i.aux = p.SpellList();
  const Slot days = p.Emit(i);
  TestBatch t;
  t.Row({Day(2023, 3, 1), Day(2023, 3, 30)});
  t.Record(kSpells, Day(2023, 3, 1), Day(2023, 3, 2));
  t.Record(kSpells, std::nullopt, Day(2023, 3, 10));
  t.Row({Day(2023, 3, 1), Day(2023, 3, 30)});
  t.Record(kSpells, Day(2023, 3, 1), Day(2023, 3, 2));
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, days, 0), kUnknown);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kSpellWithoutStart);
  EXPECT_EQ(At(e, days, 1), Dec("2"));
  EXPECT_EQ(ErrorOf(e, 1), RowErrorKind::kNone);
}

TEST(BatchExecutorTest, CoveredDaysOfAnEmptyWindowIsZero) {
  // The window of a period with no scheduled days ends before it starts.
  EXPECT_EQ(CoveredDaysMarch({{Day(2023, 1, 1), Day(2023, 12, 31)}}, Day(2023, 3, 1),
                             Day(2023, 2, 28)),
            Dec("0"));
}

TEST(BatchExecutorTest, CoveredDaysWithUnknownWindowIsUnknown) {
  EXPECT_EQ(CoveredDaysMarch({{Day(2023, 3, 1), Day(2023, 3, 2)}}, Day(2023, 3, 1), kUnknown),
            kUnknown);
}

}  // namespace
}  // namespace odenek::internal
