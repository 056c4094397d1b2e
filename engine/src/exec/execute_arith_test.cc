// Decimal arithmetic (execute_arith.cc): exact add and subtract, rounding
// multiply and divide, overflow and division by zero as row errors, and a
// randomized comparison with Decimal's own functions.
#include "exec/batch_executor.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "exec/batch_executor_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/decimal.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

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
