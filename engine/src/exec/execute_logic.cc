// Three-valued logic (kAnd, kOr, kNot) and kSelect.
//
// kAnd/kOr follow Kleene's logic, so a condition is decided as soon as the
// known inputs decide it: `false and unknown` is false, `true or unknown` is
// true. All four are branch-free byte arithmetic over the rows.
//
//   and    | F  T  ?        or     | F  T  ?
//   -------+---------       -------+---------
//   F      | F  F  F        F      | F  T  ?
//   T      | F  T  ?        T      | T  T  T
//   ?      | F  ?  ?        ?      | ?  T  ?
#include <cstdint>

#include "exec/batch_executor.h"
#include "plan/plan.h"

namespace odenek::internal {

void BatchExecutor::ExecuteLogic(const Instr& instr) {
  const int n = rows_;
  int64_t* dst = mutable_values(instr.dst);
  uint8_t* vdst = mutable_valid(instr.dst);
  const int64_t* a = values(instr.a);
  const uint8_t* va = valid(instr.a);
  switch (instr.op) {
    case Op::kNot:
      for (int r = 0; r < n; ++r) {
        dst[r] = a[r] == 0;
        vdst[r] = va[r];
      }
      return;
    case Op::kAnd: {
      const int64_t* b = values(instr.b);
      const uint8_t* vb = valid(instr.b);
      for (int r = 0; r < n; ++r) {
        const uint8_t ta = va[r] & (a[r] != 0), fa = va[r] & (a[r] == 0);
        const uint8_t tb = vb[r] & (b[r] != 0), fb = vb[r] & (b[r] == 0);
        const uint8_t t = ta & tb;
        dst[r] = t;
        vdst[r] = t | fa | fb;
      }
      return;
    }
    case Op::kOr: {
      const int64_t* b = values(instr.b);
      const uint8_t* vb = valid(instr.b);
      for (int r = 0; r < n; ++r) {
        const uint8_t ta = va[r] & (a[r] != 0);
        const uint8_t tb = vb[r] & (b[r] != 0);
        const uint8_t t = ta | tb;
        dst[r] = t;
        vdst[r] = t | (va[r] & vb[r]);
      }
      return;
    }
    case Op::kSelect: {
      // Both branches were computed for every row; pick per row. An unknown
      // condition makes the result unknown, even if both sides agree.
      const int64_t* b = values(instr.b);
      const uint8_t* vb = valid(instr.b);
      const int64_t* c = values(instr.c);
      const uint8_t* vc = valid(instr.c);
      // Two passes, values then validity: GCC 12 vectorises each but not the
      // fused loop (too many int64 and byte streams at once).
      for (int r = 0; r < n; ++r) {
        const int64_t take_a = -static_cast<int64_t>(c[r] != 0);  // all ones or 0
        dst[r] = b[r] ^ ((a[r] ^ b[r]) & take_a);
      }
      for (int r = 0; r < n; ++r) {
        const uint8_t take_a = -static_cast<uint8_t>(c[r] != 0);
        vdst[r] = vc[r] & ((va[r] & take_a) | (vb[r] & static_cast<uint8_t>(~take_a)));
      }
      return;
    }
    default:
      return;
  }
}

}  // namespace odenek::internal
