// Comparisons: kLt, kLe, kGt, kGe, kEq, kNe. Every slot encoding (Decimal raw,
// day and month numbers, 0/1, interned string ids) orders like its values, so
// one int64 kernel serves all kinds; string ids support only == and != (the
// checker allows nothing else on strings). Results are 0/1; never fail.
#include <cstdint>

#include "exec/batch_executor.h"
#include "exec/kernels.h"
#include "plan/plan.h"

namespace odenek::internal {

void BatchExecutor::ExecuteCompare(const Instr& instr) {
  const int n = rows_;
  const int64_t* a = values(instr.a);
  const uint8_t* va = valid(instr.a);
  const int64_t* b = values(instr.b);
  const uint8_t* vb = valid(instr.b);
  int64_t* dst = mutable_values(instr.dst);
  uint8_t* vdst = mutable_valid(instr.dst);
  switch (instr.op) {
    case Op::kLt:
      kernels::Binary(n, a, va, b, vb, dst, vdst,
                      [](int64_t x, int64_t y) -> int64_t { return x < y; });
      return;
    case Op::kLe:
      kernels::Binary(n, a, va, b, vb, dst, vdst,
                      [](int64_t x, int64_t y) -> int64_t { return x <= y; });
      return;
    case Op::kGt:
      kernels::Binary(n, a, va, b, vb, dst, vdst,
                      [](int64_t x, int64_t y) -> int64_t { return x > y; });
      return;
    case Op::kGe:
      kernels::Binary(n, a, va, b, vb, dst, vdst,
                      [](int64_t x, int64_t y) -> int64_t { return x >= y; });
      return;
    case Op::kEq:
      kernels::Binary(n, a, va, b, vb, dst, vdst,
                      [](int64_t x, int64_t y) -> int64_t { return x == y; });
      return;
    case Op::kNe:
      kernels::Binary(n, a, va, b, vb, dst, vdst,
                      [](int64_t x, int64_t y) -> int64_t { return x != y; });
      return;
    default:
      return;
  }
}

}  // namespace odenek::internal
