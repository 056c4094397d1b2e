// Date and month arithmetic. Dates are day numbers and months month numbers
// (odenek/date.h); counts (b) are Decimal raw values that must be whole.
//
// date.h's arithmetic is total and never wraps, so each kernel computes the
// result for every row and turns "not a valid date" into kDateOutOfRange: a
// result outside 1900-01-01..2199-12-31 must not flow on as a date.
#include <cstdint>

#include "exec/batch_executor.h"
#include "exec/kernels.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

using kernels::FitsInt32;
using kernels::WholeCount;

inline RowErrorKind DateOut(Date d, int64_t* out) {
  if (!d.IsValid()) return RowErrorKind::kDateOutOfRange;
  *out = d.day_number();
  return RowErrorKind::kNone;
}

inline RowErrorKind MonthOut(Month m, int64_t* out) {
  if (!m.IsValid()) return RowErrorKind::kDateOutOfRange;
  *out = m.month_number();
  return RowErrorKind::kNone;
}

// a (a date or month number) combined with the whole count b by `f`, which
// maps (int32 a, int32 n, int64_t* out) to a RowErrorKind.
template <typename F>
inline RowErrorKind WithCount(int64_t a, int64_t b, int64_t* out, F f) {
  int32_t count = 0;
  const RowErrorKind k = WholeCount(b, &count);
  if (k != RowErrorKind::kNone) return k;
  if (!FitsInt32(a)) return RowErrorKind::kDateOutOfRange;
  return f(static_cast<int32_t>(a), count, out);
}

}  // namespace

void BatchExecutor::ExecuteDate(const Instr& instr, int32_t index) {
  const int n = rows_;
  const int64_t* a = values(instr.a);
  const uint8_t* va = valid(instr.a);
  int64_t* dst = mutable_values(instr.dst);
  uint8_t* vdst = mutable_valid(instr.dst);
  uint8_t* kinds = kinds_.data();
  bool failed = false;

  // One-operand ops first (b is kNoSlot for them).
  switch (instr.op) {
    case Op::kMonthOf:
      failed = kernels::FallibleUnary(n, a, va, dst, vdst, kinds, [](int64_t x, int64_t* out) {
        if (!FitsInt32(x)) return RowErrorKind::kDateOutOfRange;
        return MonthOut(Month::Of(Date::FromDayNumber(static_cast<int32_t>(x))), out);
      });
      if (failed) RaiseErrors(instr, index);
      return;
    case Op::kStartOfMonth:
    case Op::kEndOfMonth: {
      const bool start = instr.op == Op::kStartOfMonth;
      failed = kernels::FallibleUnary(
          n, a, va, dst, vdst, kinds, [start](int64_t x, int64_t* out) {
            if (!FitsInt32(x)) return RowErrorKind::kDateOutOfRange;
            const Month m = Month::FromMonthNumber(static_cast<int32_t>(x));
            if (!m.IsValid()) return RowErrorKind::kDateOutOfRange;
            return DateOut(start ? m.first_day() : m.last_day(), out);
          });
      if (failed) RaiseErrors(instr, index);
      return;
    }
    default:
      break;
  }

  const int64_t* b = values(instr.b);
  const uint8_t* vb = valid(instr.b);
  switch (instr.op) {
    case Op::kDateAddDays:
      failed = kernels::FallibleBinary(
          n, a, va, b, vb, dst, vdst, kinds, [](int64_t x, int64_t y, int64_t* out) {
            return WithCount(x, y, out, [](int32_t d, int32_t days, int64_t* o) {
              return DateOut(AddDays(Date::FromDayNumber(d), days), o);
            });
          });
      break;
    case Op::kDateDiffDays:
      // (a - b) gün as a Decimal. Day numbers are int32, so this cannot
      // overflow for real dates; the checks only keep garbage rows defined.
      failed = kernels::FallibleBinary(
          n, a, va, b, vb, dst, vdst, kinds, [](int64_t x, int64_t y, int64_t* out) {
            int64_t days = 0;
            if (__builtin_sub_overflow(x, y, &days) ||
                __builtin_mul_overflow(days, Decimal::kOne, out)) {
              return RowErrorKind::kOverflow;
            }
            return RowErrorKind::kNone;
          });
      break;
    case Op::kAddMonths:
      failed = kernels::FallibleBinary(
          n, a, va, b, vb, dst, vdst, kinds, [](int64_t x, int64_t y, int64_t* out) {
            return WithCount(x, y, out, [](int32_t d, int32_t months, int64_t* o) {
              return DateOut(AddMonths(Date::FromDayNumber(d), months), o);
            });
          });
      break;
    case Op::kAddYears:
      failed = kernels::FallibleBinary(
          n, a, va, b, vb, dst, vdst, kinds, [](int64_t x, int64_t y, int64_t* out) {
            return WithCount(x, y, out, [](int32_t d, int32_t years, int64_t* o) {
              return DateOut(AddYears(Date::FromDayNumber(d), years), o);
            });
          });
      break;
    case Op::kMonthAdd:
      failed = kernels::FallibleBinary(
          n, a, va, b, vb, dst, vdst, kinds, [](int64_t x, int64_t y, int64_t* out) {
            return WithCount(x, y, out, [](int32_t m, int32_t months, int64_t* o) {
              return MonthOut(AddMonths(Month::FromMonthNumber(m), months), o);
            });
          });
      break;
    case Op::kLastDaysLo:
      failed = kernels::FallibleBinary(
          n, a, va, b, vb, dst, vdst, kinds, [](int64_t x, int64_t y, int64_t* out) {
            return WithCount(x, y, out, [](int32_t end, int32_t days, int64_t* o) {
              return DateOut(LastDays(Date::FromDayNumber(end), days).first, o);
            });
          });
      break;
    case Op::kLastYearsLo:
      failed = kernels::FallibleBinary(
          n, a, va, b, vb, dst, vdst, kinds, [](int64_t x, int64_t y, int64_t* out) {
            return WithCount(x, y, out, [](int32_t end, int32_t years, int64_t* o) {
              return DateOut(LastYears(Date::FromDayNumber(end), years).first, o);
            });
          });
      break;
    case Op::kLastMonthsLo:
      failed = kernels::FallibleBinary(
          n, a, va, b, vb, dst, vdst, kinds, [](int64_t x, int64_t y, int64_t* out) {
            return WithCount(x, y, out, [](int32_t end, int32_t months, int64_t* o) {
              return MonthOut(LastMonths(Month::FromMonthNumber(end), months).first, o);
            });
          });
      break;
    default:
      break;
  }
  if (failed) RaiseErrors(instr, index);
}

}  // namespace odenek::internal
