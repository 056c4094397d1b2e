// Column moves: kInput, kCopy, kCoalesce, kIsKnown. None can fail.
#include <algorithm>
#include <cstdint>

#include "exec/batch_executor.h"
#include "exec/claim_batch.h"
#include "plan/plan.h"

namespace odenek::internal {

void BatchExecutor::ExecuteColumn(const Instr& instr, const ClaimBatch& batch) {
  const int n = rows_;
  int64_t* dst = mutable_values(instr.dst);
  uint8_t* vdst = mutable_valid(instr.dst);
  switch (instr.op) {
    case Op::kInput: {
      if (instr.aux < 0) {  // not in the batch schema: every claim lacks it
        std::fill_n(dst, n, 0);
        std::fill_n(vdst, n, uint8_t{0});
        return;
      }
      const Column& col = batch.scalar(instr.aux);
      std::copy_n(col.values.data(), n, dst);
      std::copy_n(col.valid.data(), n, vdst);
      return;
    }
    case Op::kCopy:
      std::copy_n(values(instr.a), n, dst);
      std::copy_n(valid(instr.a), n, vdst);
      return;
    case Op::kCoalesce: {
      // The claim's own value (a) wins over the computed one (b).
      const int64_t* a = values(instr.a);
      const uint8_t* va = valid(instr.a);
      const int64_t* b = values(instr.b);
      const uint8_t* vb = valid(instr.b);
      for (int r = 0; r < n; ++r) {
        dst[r] = va[r] ? a[r] : b[r];
        vdst[r] = va[r] | vb[r];
      }
      return;
    }
    case Op::kIsKnown: {
      const uint8_t* va = valid(instr.a);
      for (int r = 0; r < n; ++r) {
        dst[r] = va[r];
        vdst[r] = 1;
      }
      return;
    }
    default:
      return;
  }
}

}  // namespace odenek::internal
