// Effective-dated parameters (execute_param.cc): numbers, sets and scales in
// force on a date, the as-of date, and constant sets.
#include "exec/batch_executor.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "exec/batch_executor_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

// Asgari ücret-like history: one value from 2023-01-01, another from
// 2023-07-01, none after 2023-12-31.
PlanParameter NumberHistory() {
  PlanParameter p;
  p.name = "asgari_ucret";
  p.kind = TypeKind::kNumber;
  p.from = {static_cast<int32_t>(Day(2023, 1, 1)), static_cast<int32_t>(Day(2023, 7, 1))};
  p.end = static_cast<int32_t>(Day(2023, 12, 31));
  p.numbers = {Dec("10008"), Dec("13414.50")};
  return p;
}

Slot ParamInstr(PlanBuilder& p, Op op, int32_t param, Slot a, Slot b = kNoSlot,
                Slot guard = kNoSlot) {
  Instr i{op};
  i.a = a;
  i.b = b;
  i.aux = param;
  i.guard = guard;
  return p.Emit(i);
}

TEST(BatchExecutorTest, ParamTakesValueInForceAtSwitchDates) {
  PlanBuilder p;
  const Slot v = ParamInstr(p, Op::kParam, p.Parameter(NumberHistory()), p.Input(kColA));
  TestBatch t;
  t.Row({Day(2023, 1, 1)});
  t.Row({Day(2023, 6, 30)});
  t.Row({Day(2023, 7, 1)});
  t.Row({Day(2023, 12, 31)});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, v),
              ElementsAre(Dec("10008"), Dec("10008"), Dec("13414.50"), Dec("13414.50")));
  for (int r = 0; r < 4; ++r) EXPECT_EQ(ErrorOf(e, r), RowErrorKind::kNone);
}

TEST(BatchExecutorTest, ParamBeforeFirstValueIsNoParameterValue) {
  PlanBuilder p;
  const Slot v = ParamInstr(p, Op::kParam, p.Parameter(NumberHistory()), p.Input(kColA));
  TestBatch t;
  t.Row({Day(2022, 12, 31)});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, v, 0), kUnknown);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kNoParameterValue);
}

TEST(BatchExecutorTest, ParamAfterEndIsNoParameterValue) {
  PlanBuilder p;
  const Slot v = ParamInstr(p, Op::kParam, p.Parameter(NumberHistory()), p.Input(kColA));
  TestBatch t;
  t.Row({Day(2024, 1, 1)});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, v, 0), kUnknown);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kNoParameterValue);
}

TEST(BatchExecutorTest, ParamOnUnknownDateIsUnknownWithoutError) {
  PlanBuilder p;
  const Slot v = ParamInstr(p, Op::kParam, p.Parameter(NumberHistory()), p.Input(kColA));
  TestBatch t;
  t.Row({});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, v, 0), kUnknown);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kNone);
}

TEST(BatchExecutorTest, ParamErrorOnlyRaisedUnderTrueGuard) {
  PlanBuilder p;
  const Slot v = ParamInstr(p, Op::kParam, p.Parameter(NumberHistory()), p.Input(kColA),
                            kNoSlot, /*guard=*/p.Input(kColB));
  TestBatch t;
  t.Row({Day(2020, 1, 1), 0});
  t.Row({Day(2020, 1, 1), 1});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, v), ElementsAre(kUnknown, kUnknown));
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kNone);
  EXPECT_EQ(ErrorOf(e, 1), RowErrorKind::kNoParameterValue);
}

// known_until: a lookup after it still reads the last value (no error) and
// the row keeps a warning naming the lookup and its day; at or before it, none;
// under a false guard (an untaken branch), none.
TEST(BatchExecutorTest, ParamAfterKnownUntilWarnsButReadsTheLastValue) {
  PlanParameter history = NumberHistory();
  history.end.reset();
  history.known_until = static_cast<int32_t>(Day(2023, 12, 31));
  PlanBuilder p;
  const Slot v = ParamInstr(p, Op::kParam, p.Parameter(history), p.Input(kColA), kNoSlot,
                            /*guard=*/p.Input(kColB));
  TestBatch t;
  t.Row({Day(2023, 12, 31), 1});  // the last known day: no warning
  t.Row({Day(2024, 1, 1), 1});    // the day after: a warning
  t.Row({Day(2031, 5, 5), 0});    // after, but the branch is not taken
  t.Row({Day(2022, 1, 1), 1});    // before the first value: an error, no warning
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, v), ElementsAre(Dec("13414.50"), Dec("13414.50"), Dec("13414.50"),
                                        kUnknown));
  EXPECT_EQ(e.row_warning(0).instr, -1);
  EXPECT_GE(e.row_warning(1).instr, 0);
  EXPECT_EQ(e.row_warning(1).day, Day(2024, 1, 1));
  EXPECT_EQ(ErrorOf(e, 1), RowErrorKind::kNone);
  EXPECT_EQ(e.row_warning(2).instr, -1);
  EXPECT_EQ(e.row_warning(3).instr, -1);
  EXPECT_EQ(ErrorOf(e, 3), RowErrorKind::kNoParameterValue);
  // A second Run starts clean.
  TestBatch later;
  later.Row({Day(2023, 2, 1), 1});
  e.Run(later.batch);
  EXPECT_EQ(e.row_warning(0).instr, -1);
}

// The planner's day table (one load per lookup) and the single-value fast
// path give what the search gives, on every day around the history: before
// the first value, each switch day, inside, the last value's start, after it,
// past the end; in alternating order so no cache hides a wrong answer.
TEST(BatchExecutorTest, ParamDayTableAndSearchAgreeOnEveryDay) {
  PlanParameter searched;
  searched.name = "asgari";
  searched.kind = TypeKind::kNumber;
  searched.from = {static_cast<int32_t>(Day(2023, 1, 1)), static_cast<int32_t>(Day(2023, 7, 1)),
                   static_cast<int32_t>(Day(2024, 1, 1))};
  searched.end = static_cast<int32_t>(Day(2024, 6, 30));
  searched.numbers = {Dec("1"), Dec("2"), Dec("3")};
  PlanParameter tabled = searched;
  BuildDayTable(&tabled);
  ASSERT_FALSE(tabled.day_table.empty());
  PlanParameter single = searched;
  single.from.resize(1);
  single.numbers.resize(1);
  single.end.reset();
  PlanParameter single_searched = single;
  single_searched.known_until = static_cast<int32_t>(Day(2099, 1, 1));  // no fast path

  std::vector<int64_t> days;
  for (int64_t d = Day(2022, 12, 1); d <= Day(2024, 8, 1); ++d) days.push_back(d);
  std::vector<int64_t> shuffled;
  for (size_t i = 0; i < days.size(); ++i) shuffled.push_back(days[(i * 7919) % days.size()]);
  for (size_t start = 0; start < shuffled.size(); start += kBatchSize) {
    PlanBuilder p;
    const Slot a = ParamInstr(p, Op::kParam, p.Parameter(searched), p.Input(kColA));
    const Slot b = ParamInstr(p, Op::kParam, p.Parameter(tabled), p.Input(kColA));
    const Slot c = ParamInstr(p, Op::kParam, p.Parameter(single), p.Input(kColA));
    const Slot d = ParamInstr(p, Op::kParam, p.Parameter(single_searched), p.Input(kColA));
    TestBatch t;
    for (size_t i = start; i < shuffled.size() && i < start + kBatchSize; ++i) {
      t.Row({shuffled[i]});
    }
    BatchExecutor e(p.plan());
    e.Run(t.batch);
    EXPECT_EQ(Values(e, a), Values(e, b));
    EXPECT_EQ(Values(e, c), Values(e, d));
  }
}

TEST(BatchExecutorTest, ParamLookupWithRepeatedAndAlternatingDates) {
  // The per-loop lookup cache must not return a stale entry.
  PlanBuilder p;
  const Slot v = ParamInstr(p, Op::kParam, p.Parameter(NumberHistory()), p.Input(kColA));
  TestBatch t;
  const int64_t early = Day(2023, 2, 1), late = Day(2023, 8, 1);
  for (int64_t d : {early, early, late, late, early, late}) t.Row({d});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  const int64_t x = Dec("10008"), y = Dec("13414.50");
  EXPECT_THAT(Values(e, v), ElementsAre(x, x, y, y, x, y));
}

TEST(BatchExecutorTest, InSetUsesSetInForceOnDate) {
  PlanParameter set;
  set.name = "muaf_nedenler";
  set.kind = TypeKind::kSet;
  set.from = {static_cast<int32_t>(Day(2020, 1, 1)), static_cast<int32_t>(Day(2023, 1, 1))};
  set.sets = {{10, 20}, {10, 20, 30}};
  PlanBuilder p;
  const Slot in = ParamInstr(p, Op::kInSet, p.Parameter(set), p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Day(2022, 12, 31), 30});
  t.Row({Day(2023, 1, 1), 30});
  t.Row({Day(2022, 1, 1), 10});
  t.Row({Day(2022, 1, 1), 15});
  t.Row({Day(2022, 1, 1), std::nullopt});
  t.Row({Day(2019, 1, 1), 10});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, in), ElementsAre(0, 1, 1, 0, kUnknown, kUnknown));
  EXPECT_EQ(ErrorOf(e, 4), RowErrorKind::kNone);
  EXPECT_EQ(ErrorOf(e, 5), RowErrorKind::kNoParameterValue);
}

TEST(BatchExecutorTest, InConstSetChecksMembership) {
  PlanBuilder p;
  Instr i{Op::kInConstSet};
  i.a = p.Input(kColA);
  i.aux = p.ConstSet({Dec("1"), Dec("2.5"), Dec("7")});
  const Slot in = p.Emit(i);
  TestBatch t;
  t.Row({Dec("2.5")});
  t.Row({Dec("3")});
  t.Row({});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, in), ElementsAre(1, 0, kUnknown));
}

// The 2023 income-tax tariff (GVK md. 103).
PlanParameter IncomeTax2023() {
  PlanParameter p;
  p.name = "gelir_vergisi_tarifesi";
  p.kind = TypeKind::kScale;
  p.from = {static_cast<int32_t>(Day(2023, 1, 1))};
  PlanParameter::ScaleEntry s;
  s.upto = {Dec("70000"), Dec("150000"), Dec("550000"), Dec("1900000")};
  s.rate = {Dec("0.15"), Dec("0.20"), Dec("0.27"), Dec("0.35")};
  s.top_rate = Dec("0.40");
  p.scales = {s};
  return p;
}

TEST(BatchExecutorTest, ScaleAppliesMarginalRates) {
  PlanBuilder p;
  const Slot tax =
      ParamInstr(p, Op::kScale, p.Parameter(IncomeTax2023()), p.Input(kColA), p.Input(kColB));
  TestBatch t;
  const int64_t day = Day(2023, 7, 1);
  for (const char* base : {"63801", "100000", "70000", "150000", "2000000", "0", "-5"}) {
    t.Row({day, Dec(base)});
  }
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, tax),
              ElementsAre(Dec("9570.15"), Dec("16500"), Dec("10500"), Dec("26500"),
                          // 10500 + 16000 + 108000 + 472500 + 40000
                          Dec("647000"), 0, 0));
}

TEST(BatchExecutorTest, ScaleRoundsEachBracketProduct) {
  PlanBuilder p;
  const Slot tax =
      ParamInstr(p, Op::kScale, p.Parameter(IncomeTax2023()), p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Day(2023, 1, 1), Dec("0.000005")});  // × 0.15 = 0.00000075 -> 0.000001
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, tax, 0), Dec("0.000001"));
}

TEST(BatchExecutorTest, ScaleBeforeFirstEntryIsNoParameterValue) {
  PlanBuilder p;
  const Slot tax =
      ParamInstr(p, Op::kScale, p.Parameter(IncomeTax2023()), p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Day(2022, 12, 31), Dec("100")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, tax, 0), kUnknown);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kNoParameterValue);
}

}  // namespace
}  // namespace odenek::internal
