// Decimal arithmetic: kAdd, kSub, kMul, kDiv, kNeg, kAbs, kMin, kMax, kRound.
// Values are Decimal raw (10^-6); Decimal's *Raw functions (and, for add and
// subtract, kernels.h's vectorisable equivalents) do the checked arithmetic
// inline, so each case below is one loop with no call per row.
#include <cstdint>

#include "exec/batch_executor.h"
#include "exec/kernels.h"
#include "odenek/decimal.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

using kernels::FallibleBinary;
using kernels::FallibleUnary;

inline RowErrorKind Checked(bool ok) {
  return ok ? RowErrorKind::kNone : RowErrorKind::kOverflow;
}

}  // namespace

void BatchExecutor::ExecuteArith(const Instr& instr, int32_t index) {
  const int n = rows_;
  const int64_t* a = values(instr.a);
  const uint8_t* va = valid(instr.a);
  int64_t* dst = mutable_values(instr.dst);
  uint8_t* vdst = mutable_valid(instr.dst);
  uint8_t* kinds = kinds_.data();

  // Unary operations read only `a`; instr.b may be kNoSlot.
  bool failed = false;
  switch (instr.op) {
    case Op::kNeg:
      failed = FallibleUnary(n, a, va, dst, vdst, kinds, [](int64_t x, int64_t* out) {
        return kernels::SubChecked(0, x, out);
      });
      break;
    case Op::kAbs:
      failed = FallibleUnary(n, a, va, dst, vdst, kinds, [](int64_t x, int64_t* out) {
        // Only Decimal::Min() has no absolute value.
        int64_t negated = 0;
        const RowErrorKind kind = kernels::SubChecked(0, x, &negated);
        *out = x < 0 ? negated : x;
        return x < 0 ? kind : RowErrorKind::kNone;
      });
      break;
    case Op::kRound: {
      const int places = instr.places;
      const RoundingMode mode = instr.mode;
      failed = FallibleUnary(n, a, va, dst, vdst, kinds,
                             [places, mode](int64_t x, int64_t* out) {
                               return Checked(Decimal::RoundRaw(x, places, mode, out));
                             });
      break;
    }
    default: {
      const int64_t* b = values(instr.b);
      const uint8_t* vb = valid(instr.b);
      switch (instr.op) {
        case Op::kAdd:
          failed = FallibleBinary(n, a, va, b, vb, dst, vdst, kinds,
                                  [](int64_t x, int64_t y, int64_t* out) {
                                    return kernels::AddChecked(x, y, out);
                                  });
          break;
        case Op::kSub:
          failed = FallibleBinary(n, a, va, b, vb, dst, vdst, kinds,
                                  [](int64_t x, int64_t y, int64_t* out) {
                                    return kernels::SubChecked(x, y, out);
                                  });
          break;
        case Op::kMul:
          failed = FallibleBinary(n, a, va, b, vb, dst, vdst, kinds,
                                  [](int64_t x, int64_t y, int64_t* out) {
                                    return Checked(Decimal::MulRaw(x, y, out));
                                  });
          break;
        case Op::kDiv:
          failed = FallibleBinary(n, a, va, b, vb, dst, vdst, kinds,
                                  [](int64_t x, int64_t y, int64_t* out) {
                                    if (Decimal::DivRaw(x, y, out)) return RowErrorKind::kNone;
                                    return y == 0 ? RowErrorKind::kDivisionByZero
                                                  : RowErrorKind::kOverflow;
                                  });
          break;
        case Op::kMin:
          kernels::Binary(n, a, va, b, vb, dst, vdst,
                          [](int64_t x, int64_t y) { return x < y ? x : y; });
          break;
        case Op::kMax:
          kernels::Binary(n, a, va, b, vb, dst, vdst,
                          [](int64_t x, int64_t y) { return x < y ? y : x; });
          break;
        default:
          break;
      }
      break;
    }
  }
  if (failed) RaiseErrors(instr, index);
}

}  // namespace odenek::internal
