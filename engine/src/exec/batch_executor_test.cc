#include "exec/batch_executor.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "exec/claim_batch.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "plan/plan.h"
#include "plan/schema.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

constexpr std::optional<int64_t> kUnknown = std::nullopt;

int64_t Dec(absl::string_view text) { return Decimal::Parse(text).value().raw(); }
int64_t Day(int y, int m, int d) { return Date::FromYmd(y, m, d).value().day_number(); }
int64_t Mon(int y, int m) { return Month::FromYm(y, m).value().month_number(); }

// Test schema: four scalar columns (their declared types do not matter to the
// executor) and two lists: monthly premium records and insured spells.
constexpr int kColA = 0, kColB = 1, kColC = 2, kColD = 3;
constexpr int kPrimler = 0;          // fields: ay (month), kazanc (TL)
constexpr int kAy = 0, kKazanc = 1;
constexpr int kSpells = 1;           // fields: baslangic, bitis (dates)
constexpr int kStart = 0, kEnd = 1;

BatchSchema TestSchema() {
  BatchSchema s;
  for (const char* name : {"a", "b", "c", "d"}) {
    s.scalars.push_back({name, Type::Number(Unit::None())});
  }
  s.lists.push_back({"primler", {{"ay", Type::Month()}, {"kazanc", Type::Number(Unit::Tl())}}});
  s.lists.push_back({"sigortalilik", {{"baslangic", Type::Date()}, {"bitis", Type::Date()}}});
  return s;
}

// The schema and pool must outlive the batch, so they live together here.
struct TestBatch {
  BatchSchema schema = TestSchema();
  StringPool shared;
  ClaimBatch batch{schema, shared};

  // Adds a row whose column i is cols[i] (nullopt: unknown); returns its index.
  int Row(std::vector<std::optional<int64_t>> cols) {
    const int row = batch.AddRow("row");
    // These rows carry every list (possibly empty); see AbsentListIsUnknown.
    for (size_t l = 0; l < schema.lists.size(); ++l) {
      batch.MarkListPresent(static_cast<int>(l));
    }
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].has_value()) batch.Set(static_cast<int>(i), *cols[i]);
    }
    return row;
  }
  // Adds a record to list `list` of the last row (nullopt fields unknown).
  void Record(int list, std::optional<int64_t> f0, std::optional<int64_t> f1) {
    const int r = batch.AddRecord(list);
    if (f0.has_value()) batch.SetField(list, 0, r, *f0);
    if (f1.has_value()) batch.SetField(list, 1, r, *f1);
  }
};

// Appends instructions and constants to a Plan, as the planner does.
class PlanBuilder {
 public:
  Slot NewSlot() {
    plan_.slot_types.push_back(Type::Number(Unit::None()));
    return plan_.num_slots++;
  }
  Slot Const(int64_t value) {
    const Slot s = NewSlot();
    plan_.constants.emplace_back(s, value);
    return s;
  }
  Slot Input(int column) {
    Instr i{Op::kInput};
    i.aux = column;
    return Emit(i);
  }
  Slot Op1(Op op, Slot a, Slot guard = kNoSlot) {
    Instr i{op};
    i.a = a;
    i.guard = guard;
    return Emit(i);
  }
  Slot Op2(Op op, Slot a, Slot b, Slot guard = kNoSlot) {
    Instr i{op};
    i.a = a;
    i.b = b;
    i.guard = guard;
    return Emit(i);
  }
  Slot Select(Slot c, Slot a, Slot b) {
    Instr i{Op::kSelect};
    i.c = c;
    i.a = a;
    i.b = b;
    return Emit(i);
  }
  // Appends `i` with a fresh destination slot; returns the slot.
  Slot Emit(Instr i) {
    i.dst = NewSlot();
    plan_.instrs.push_back(i);
    return i.dst;
  }
  int32_t Parameter(PlanParameter p) {
    plan_.parameters.push_back(std::move(p));
    return static_cast<int32_t>(plan_.parameters.size()) - 1;
  }
  int32_t ConstSet(std::vector<int64_t> set) {
    plan_.const_sets.push_back(std::move(set));
    return static_cast<int32_t>(plan_.const_sets.size()) - 1;
  }
  int32_t List(PlanList l) {
    plan_.lists.push_back(std::move(l));
    return static_cast<int32_t>(plan_.lists.size()) - 1;
  }
  int32_t PrimlerList() { return List({"primler", kPrimler, kAy, -1, -1}); }
  int32_t SpellList() { return List({"sigortalilik", kSpells, kStart, kStart, kEnd}); }
  // Window aggregate `op` of `field` over [lo, hi].
  Slot Window(Op op, int32_t list, int32_t field, Slot lo, Slot hi) {
    Instr i{op};
    i.a = lo;
    i.b = hi;
    i.aux = list;
    i.field = field;
    return Emit(i);
  }

  // Declares `s` a programme output: a plan with outputs computes only what
  // they need.
  void Output(Slot s) { plan_.outputs.push_back({"out", Type::Number(Unit::None()), s}); }

  const Plan& plan() const { return plan_; }
  int32_t last_instr() const { return static_cast<int32_t>(plan_.instrs.size()) - 1; }

 private:
  Plan plan_;
};

// The value of `slot` in `row`, or nullopt if unknown.
std::optional<int64_t> At(const BatchExecutor& e, Slot slot, int row) {
  if (!e.valid(slot)[row]) return std::nullopt;
  return e.values(slot)[row];
}

std::vector<std::optional<int64_t>> Values(const BatchExecutor& e, Slot slot) {
  std::vector<std::optional<int64_t>> out;
  for (int r = 0; r < e.rows(); ++r) out.push_back(At(e, slot, r));
  return out;
}

RowErrorKind ErrorOf(const BatchExecutor& e, int row) { return e.row_error(row).kind; }

// ----------------------------------------------------------------- columns

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

// -------------------------------------------------------------- arithmetic

TEST(BatchExecutorTest, AddSubtractExact) {
  PlanBuilder p;
  const Slot a = p.Input(kColA), b = p.Input(kColB);
  const Slot sum = p.Op2(Op::kAdd, a, b);
  const Slot diff = p.Op2(Op::kSub, a, b);
  TestBatch t;
  t.Row({Dec("10008.00"), Dec("0.000001")});
  t.Row({Dec("-2.5"), Dec("2.5")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, sum), ElementsAre(Dec("10008.000001"), 0));
  EXPECT_THAT(Values(e, diff), ElementsAre(Dec("10007.999999"), Dec("-5")));
}

TEST(BatchExecutorTest, MulRoundsHalfEvenAtSixPlaces) {
  PlanBuilder p;
  const Slot m = p.Op2(Op::kMul, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Dec("8006.40"), Dec("0.00759")});
  t.Row({Dec("0.000001"), Dec("0.5")});
  t.Row({Dec("0.000003"), Dec("0.5")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, m), ElementsAre(Dec("60.768576"), 0, Dec("0.000002")));
}

TEST(BatchExecutorTest, DivRoundsHalfEvenAtSixPlaces) {
  PlanBuilder p;
  const Slot d = p.Op2(Op::kDiv, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Dec("16012.8"), Dec("120")});
  t.Row({Dec("2"), Dec("3")});
  t.Row({Dec("-1"), Dec("3")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, d), ElementsAre(Dec("133.44"), Dec("0.666667"), Dec("-0.333333")));
}

TEST(BatchExecutorTest, NegAndAbs) {
  PlanBuilder p;
  const Slot a = p.Input(kColA);
  const Slot neg = p.Op1(Op::kNeg, a);
  const Slot abs = p.Op1(Op::kAbs, a);
  TestBatch t;
  t.Row({Dec("-3.25")});
  t.Row({Dec("7")});
  t.Row({});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, neg), ElementsAre(Dec("3.25"), Dec("-7"), kUnknown));
  EXPECT_THAT(Values(e, abs), ElementsAre(Dec("3.25"), Dec("7"), kUnknown));
}

TEST(BatchExecutorTest, NegAndAbsOfMinimumOverflow) {
  PlanBuilder p;
  const Slot a = p.Input(kColA);
  const Slot neg = p.Op1(Op::kNeg, a);
  const Slot abs = p.Op1(Op::kAbs, a);
  TestBatch t;
  t.Row({Decimal::Min().raw()});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, neg, 0), kUnknown);
  EXPECT_EQ(At(e, abs, 0), kUnknown);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kOverflow);
}

TEST(BatchExecutorTest, MinAndMaxOfTwo) {
  PlanBuilder p;
  const Slot a = p.Input(kColA), b = p.Input(kColB);
  const Slot mn = p.Op2(Op::kMin, a, b);
  const Slot mx = p.Op2(Op::kMax, a, b);
  TestBatch t;
  t.Row({Dec("1"), Dec("2")});
  t.Row({Dec("-1"), Dec("-2")});
  t.Row({Dec("1"), std::nullopt});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, mn), ElementsAre(Dec("1"), Dec("-2"), kUnknown));
  EXPECT_THAT(Values(e, mx), ElementsAre(Dec("2"), Dec("-1"), kUnknown));
}

TEST(BatchExecutorTest, RoundUsesPlacesAndMode) {
  PlanBuilder p;
  const Slot a = p.Input(kColA);
  Instr half_up{Op::kRound};
  half_up.a = a;
  half_up.places = 2;
  half_up.mode = RoundingMode::kHalfUp;
  const Slot up = p.Emit(half_up);
  Instr half_even = half_up;
  half_even.mode = RoundingMode::kHalfEven;
  const Slot even = p.Emit(half_even);
  Instr whole = half_up;
  whole.places = 0;
  whole.mode = RoundingMode::kDown;
  const Slot down = p.Emit(whole);
  TestBatch t;
  t.Row({Dec("2.345")});
  t.Row({Dec("-2.345")});
  t.Row({Dec("133.449999")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, up), ElementsAre(Dec("2.35"), Dec("-2.35"), Dec("133.45")));
  EXPECT_THAT(Values(e, even), ElementsAre(Dec("2.34"), Dec("-2.34"), Dec("133.45")));
  EXPECT_THAT(Values(e, down), ElementsAre(Dec("2"), Dec("-2"), Dec("133")));
}

TEST(BatchExecutorTest, UnknownOperandGivesUnknownResultWithoutError) {
  PlanBuilder p;
  const Slot d = p.Op2(Op::kDiv, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({std::nullopt, Dec("0")});
  t.Row({Dec("1"), std::nullopt});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, d), ElementsAre(kUnknown, kUnknown));
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kNone);
  EXPECT_EQ(ErrorOf(e, 1), RowErrorKind::kNone);
}

TEST(BatchExecutorTest, OverflowMakesResultUnknownAndRaisesError) {
  PlanBuilder p;
  const Slot s = p.Op2(Op::kAdd, p.Input(kColA), p.Input(kColB));
  const int32_t add = p.last_instr();
  TestBatch t;
  t.Row({Decimal::Max().raw(), 1});
  t.Row({Decimal::Max().raw(), -1});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, s), ElementsAre(kUnknown, Decimal::Max().raw() - 1));
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kOverflow);
  EXPECT_EQ(e.row_error(0).instr, add);
  EXPECT_EQ(ErrorOf(e, 1), RowErrorKind::kNone);
}

TEST(BatchExecutorTest, DivisionByZeroWithoutGuardIsRaised) {
  PlanBuilder p;
  const Slot d = p.Op2(Op::kDiv, p.Input(kColA), p.Input(kColB));
  TestBatch t;
  t.Row({Dec("1"), Dec("0")});
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_EQ(At(e, d, 0), kUnknown);
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kDivisionByZero);
  EXPECT_EQ(e.row_error(0).instr, p.last_instr());
}

TEST(BatchExecutorTest, DivisionByZeroOnlyRaisedUnderTrueGuard) {
  // if c then a / b else 0: the division runs for every row, guarded by c.
  PlanBuilder p;
  const Slot a = p.Input(kColA), b = p.Input(kColB), c = p.Input(kColC);
  const Slot q = p.Op2(Op::kDiv, a, b, /*guard=*/c);
  const Slot result = p.Select(c, q, p.Const(0));
  TestBatch t;
  t.Row({Dec("1"), Dec("0"), 1});             // taken: error
  t.Row({Dec("1"), Dec("0"), 0});             // not taken: no error
  t.Row({Dec("1"), Dec("0"), std::nullopt});  // guard unknown: no error
  BatchExecutor e(p.plan());
  e.Run(t.batch);
  EXPECT_THAT(Values(e, q), ElementsAre(kUnknown, kUnknown, kUnknown));
  EXPECT_THAT(Values(e, result), ElementsAre(kUnknown, 0, kUnknown));
  EXPECT_EQ(ErrorOf(e, 0), RowErrorKind::kDivisionByZero);
  EXPECT_EQ(ErrorOf(e, 1), RowErrorKind::kNone);
  EXPECT_EQ(ErrorOf(e, 2), RowErrorKind::kNone);
}

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

// ------------------------------------------------------------- comparisons

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

// ------------------------------------------------------------------- logic

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

// ------------------------------------------------------------------- dates

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

// -------------------------------------------------------------- parameters

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

// -------------------------------------------------------------- randomized

// Raw values from every region that matters: zero, small rates, kuruş amounts,
// large amounts, anything, and values next to the limits.
int64_t RandomRaw(std::mt19937_64& rng) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  switch (rng() % 7) {
    case 0:
      return 0;
    case 1:
      return static_cast<int64_t>(rng() % 2'000'001) - 1'000'000;
    case 2:
      return (static_cast<int64_t>(rng() % 20'000'001) - 10'000'000) * 10'000;
    case 3:
      return static_cast<int64_t>(rng() % 20'000'000'000'000'001ULL) - 10'000'000'000'000'000;
    case 4:
      return static_cast<int64_t>(rng());
    case 5:
      return rng() % 2 ? kMax - static_cast<int64_t>(rng() % 1000)
                       : kMin + static_cast<int64_t>(rng() % 1000);
    default:
      return static_cast<int64_t>(rng() % 2'000'001) - 1'000'000 + 5'000'000;
  }
}

// The row error a failed Decimal StatusOr maps to.
RowErrorKind KindOf(const absl::Status& s) {
  return s.code() == absl::StatusCode::kInvalidArgument ? RowErrorKind::kDivisionByZero
                                                        : RowErrorKind::kOverflow;
}

// kAdd, kSub, kMul, kDiv, kNeg, kAbs and kRound against Decimal's StatusOr
// functions, row by row: value, validity and error kind.
TEST(BatchExecutorTest, RandomArithmeticMatchesDecimal) {
  std::mt19937_64 rng(20230701);
  TestBatch t;
  std::vector<int64_t> as, bs;
  for (int r = 0; r < kBatchSize; ++r) {
    as.push_back(RandomRaw(rng));
    bs.push_back(RandomRaw(rng));
    t.Row({as.back(), bs.back()});
  }
  struct Case {
    Op op;
    int places;
    RoundingMode mode;
  };
  for (const Case& c : {Case{Op::kAdd, 0, RoundingMode::kHalfUp},
                        Case{Op::kSub, 0, RoundingMode::kHalfUp},
                        Case{Op::kMul, 0, RoundingMode::kHalfUp},
                        Case{Op::kDiv, 0, RoundingMode::kHalfUp},
                        Case{Op::kRound, 2, RoundingMode::kHalfUp},
                        Case{Op::kRound, 0, RoundingMode::kHalfEven},
                        Case{Op::kRound, 3, RoundingMode::kUp},
                        Case{Op::kNeg, 0, RoundingMode::kHalfUp},
                        Case{Op::kAbs, 0, RoundingMode::kHalfUp}}) {
    PlanBuilder p;
    Instr i{c.op};
    i.a = p.Input(kColA);
    i.b = p.Input(kColB);
    i.places = static_cast<int8_t>(c.places);
    i.mode = c.mode;
    const Slot s = p.Emit(i);
    BatchExecutor e(p.plan());
    e.Run(t.batch);
    int failures = 0;
    for (int r = 0; r < kBatchSize; ++r) {
      const Decimal a = Decimal::FromRaw(as[r]), b = Decimal::FromRaw(bs[r]);
      absl::StatusOr<Decimal> want;
      switch (c.op) {
        case Op::kAdd: want = Decimal::Add(a, b); break;
        case Op::kMul: want = Decimal::Mul(a, b); break;
        case Op::kDiv: want = Decimal::Div(a, b); break;
        case Op::kSub: want = Decimal::Sub(a, b); break;
        case Op::kNeg: want = Decimal::Negate(a); break;
        case Op::kAbs: want = Decimal::Abs(a); break;
        default: want = a.Round(c.places, c.mode); break;
      }
      SCOPED_TRACE(::testing::Message() << "op " << static_cast<int>(c.op) << " row " << r
                                      << " a=" << as[r] << " b=" << bs[r]);
      if (want.ok()) {
        ASSERT_EQ(At(e, s, r), want->raw());
        ASSERT_EQ(ErrorOf(e, r), RowErrorKind::kNone);
      } else {
        ++failures;
        ASSERT_EQ(At(e, s, r), kUnknown);
        ASSERT_EQ(ErrorOf(e, r), KindOf(want.status()));
      }
    }
    // Add, Sub, Mul and Div see overflows with these inputs; the test must
    // cover both paths.
    if (c.op == Op::kAdd || c.op == Op::kSub || c.op == Op::kMul || c.op == Op::kDiv) {
      EXPECT_GT(failures, 0);
    }
  }
}

}  // namespace
}  // namespace odenek::internal

namespace odenek::internal {
namespace {

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

}  // namespace
}  // namespace odenek::internal
