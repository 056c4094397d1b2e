// Column kernels of the BatchExecutor: loops over plain arrays, templated on the
// per-row operation so each instantiation is one tight loop with the operation
// inlined (no virtual call, no std::function, no branch on validity).
//
// Shape of every kernel: compute a value for every row, whatever its validity
// (operations are total, so garbage in an invalid row is harmless), then AND
// the operands' validity bytes into the result's. Fallible operations also
// write the row's RowErrorKind to `kinds`, masked to rows whose operands are
// all valid, and the kernel returns whether any row failed, so the caller scans
// for errors only in the rare chunk that has one.
//
// Internal to exec/; not part of any other stage's interface.
#ifndef ODENEK_ENGINE_SRC_EXEC_KERNELS_H_
#define ODENEK_ENGINE_SRC_EXEC_KERNELS_H_

#include <cstdint>
#include <limits>

#include "exec/batch_executor.h"

namespace odenek::internal::kernels {

inline uint8_t KindByte(RowErrorKind kind) { return static_cast<uint8_t>(kind); }

// dst[r] = f(a[r]); valid where a is. Never fails.
template <typename F>
inline void Unary(int n, const int64_t* a, const uint8_t* va, int64_t* dst,
                  uint8_t* vdst, F f) {
  for (int r = 0; r < n; ++r) {
    dst[r] = f(a[r]);
    vdst[r] = va[r];
  }
}

// dst[r] = f(a[r], b[r]); valid where both are. Never fails.
template <typename F>
inline void Binary(int n, const int64_t* a, const uint8_t* va, const int64_t* b,
                   const uint8_t* vb, int64_t* dst, uint8_t* vdst, F f) {
  for (int r = 0; r < n; ++r) {
    dst[r] = f(a[r], b[r]);
    vdst[r] = va[r] & vb[r];
  }
}

// f(a, &out) returns a RowErrorKind (kNone on success). Failing rows become
// invalid. Returns true if a row whose operand is valid failed; then kinds[r]
// holds each row's failure (kNone for rows that did not fail or whose operand
// was invalid). The main loop writes no kinds, so it stays vectorisable; the
// failing chunk pays for calling f again on its failed rows (f is pure).
template <typename F>
inline bool FallibleUnary(int n, const int64_t* a, const uint8_t* va, int64_t* dst,
                          uint8_t* vdst, uint8_t* kinds, F f) {
  uint8_t any = 0;
  for (int r = 0; r < n; ++r) {
    int64_t out = 0;
    const uint8_t ok = f(a[r], &out) == RowErrorKind::kNone;
    dst[r] = out;
    vdst[r] = va[r] & ok;
    any |= va[r] & (ok ^ 1);
  }
  if (any == 0) return false;
  for (int r = 0; r < n; ++r) {
    int64_t unused = 0;
    kinds[r] = va[r] & (vdst[r] ^ 1) ? KindByte(f(a[r], &unused)) : 0;
  }
  return true;
}

// The two-operand form of FallibleUnary.
template <typename F>
inline bool FallibleBinary(int n, const int64_t* a, const uint8_t* va, const int64_t* b,
                           const uint8_t* vb, int64_t* dst, uint8_t* vdst, uint8_t* kinds,
                           F f) {
  uint8_t any = 0;
  for (int r = 0; r < n; ++r) {
    int64_t out = 0;
    const uint8_t ok = f(a[r], b[r], &out) == RowErrorKind::kNone;
    const uint8_t both = va[r] & vb[r];
    dst[r] = out;
    vdst[r] = both & ok;
    any |= both & (ok ^ 1);
  }
  if (any == 0) return false;
  for (int r = 0; r < n; ++r) {
    int64_t unused = 0;
    kinds[r] = va[r] & vb[r] & (vdst[r] ^ 1) ? KindByte(f(a[r], b[r], &unused)) : 0;
  }
  return true;
}

// x + y and x - y with Decimal::AddRaw/SubRaw's results (overflow is a
// failure), written as wrapping arithmetic plus a sign test so the loops
// vectorise (GCC 12 does not vectorise __builtin_add_overflow). The
// randomized test in batch_executor_test.cc checks them against Decimal.
inline RowErrorKind AddChecked(int64_t x, int64_t y, int64_t* out) {
  const int64_t s = static_cast<int64_t>(static_cast<uint64_t>(x) + static_cast<uint64_t>(y));
  *out = s;
  // Overflow iff both operands have the sign the sum lacks.
  return ((x ^ s) & (y ^ s)) < 0 ? RowErrorKind::kOverflow : RowErrorKind::kNone;
}
inline RowErrorKind SubChecked(int64_t x, int64_t y, int64_t* out) {
  const int64_t d = static_cast<int64_t>(static_cast<uint64_t>(x) - static_cast<uint64_t>(y));
  *out = d;
  // Overflow iff the operands differ in sign and the result has y's sign.
  return ((x ^ y) & (x ^ d)) < 0 ? RowErrorKind::kOverflow : RowErrorKind::kNone;
}

// A whole Decimal count (days, months, years) as an int32 for date.h's
// arithmetic. kFractionalDays if it has a fraction; kDateOutOfRange if it
// exceeds int32 (every date result would be out of range anyway).
inline RowErrorKind WholeCount(int64_t raw, int32_t* n) {
  if (raw % Decimal::kOne != 0) return RowErrorKind::kFractionalDays;
  const int64_t q = raw / Decimal::kOne;
  if (q < std::numeric_limits<int32_t>::min() || q > std::numeric_limits<int32_t>::max()) {
    return RowErrorKind::kDateOutOfRange;
  }
  *n = static_cast<int32_t>(q);
  return RowErrorKind::kNone;
}

// A date or month slot value as int32. Slot values always come from valid
// dates or date arithmetic, so this fails only on garbage.
inline bool FitsInt32(int64_t v) {
  return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
}

}  // namespace odenek::internal::kernels

#endif  // ODENEK_ENGINE_SRC_EXEC_KERNELS_H_
