// History windows over a claim's list records: kWindowSum, kWindowCount,
// kWindowMin, kWindowMax, and over spells kCovers and kCoveredDays.
//
// Lists are CSR (ClaimBatch): row r owns records [offsets[r], offsets[r+1]).
// A record is in the window [a, b] (both ends included, as the law counts
// "the last 4 months") when its key field is known and a <= key <= b; a and b
// are of the key's kind (day numbers for date keys, month numbers for month
// keys; the checker enforces it). Records with an unknown key are ignored.
//
// Zero records: a claim that gives no records for a list is read as having
// none (sum 0, count 0), since a claim in history form with no premium months
// has 0 premium days; the batch cannot tell "no records" from "list not
// given". Min and max of zero records are unknown (no value, no error).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "exec/batch_executor.h"
#include "exec/claim_batch.h"
#include "odenek/decimal.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

constexpr uint8_t kOverflow = static_cast<uint8_t>(RowErrorKind::kOverflow);

// The list columns a window instruction reads.
struct WindowInput {
  const int32_t* offsets;
  const int64_t* key;
  const uint8_t* key_valid;
  const int64_t* field;      // null for kWindowCount
  const uint8_t* field_valid;
};

}  // namespace

void BatchExecutor::ExecuteWindow(const Instr& instr, int32_t index,
                                  const ClaimBatch& batch) {
  const int n = rows_;
  const int64_t* a = values(instr.a);
  const uint8_t* va = valid(instr.a);
  const int64_t* b = values(instr.b);
  const uint8_t* vb = valid(instr.b);
  int64_t* dst = mutable_values(instr.dst);
  uint8_t* vdst = mutable_valid(instr.dst);
  uint8_t* kinds = kinds_.data();

  const PlanList& list = plan_->lists[instr.aux];
  const bool needs_field = instr.op != Op::kWindowCount;
  if (list.batch_list < 0 || list.key_field < 0 || (needs_field && instr.field < 0)) {
    // A plan/schema mismatch (planner bug): no row can be answered.
    std::fill_n(dst, n, 0);
    std::fill_n(vdst, n, uint8_t{0});
    return;
  }
  const ListColumn& lc = batch.list(list.batch_list);
  const Column& key = lc.fields[list.key_field];
  WindowInput in{lc.offsets.data(), key.values.data(), key.valid.data(), nullptr, nullptr};
  if (needs_field) {
    in.field = lc.fields[instr.field].values.data();
    in.field_valid = lc.fields[instr.field].valid.data();
  }

  uint8_t any = 0;
  switch (instr.op) {
    case Op::kWindowSum:
      for (int r = 0; r < n; ++r) {
        const int64_t lo = a[r], hi = b[r];
        int64_t sum = 0;
        uint8_t unknown = 0, overflow = 0;
        for (int32_t k = in.offsets[r]; k < in.offsets[r + 1]; ++k) {
          const uint8_t inside = in.key_valid[k] & (lo <= in.key[k]) & (in.key[k] <= hi);
          // An unknown amount inside the window makes the total unknown.
          unknown |= inside & (in.field_valid[k] ^ 1);
          const int64_t add = inside ? in.field[k] : 0;
          overflow |= __builtin_add_overflow(sum, add, &sum);
        }
        const uint8_t both = va[r] & vb[r] & lc.present[r];
        dst[r] = overflow ? 0 : sum;
        vdst[r] = both & (unknown ^ 1) & (overflow ^ 1);
        // Overflow is an error only if the sum was otherwise knowable.
        kinds[r] = static_cast<uint8_t>(kOverflow * (both & (unknown ^ 1) & overflow));
        any |= kinds[r];
      }
      break;
    case Op::kWindowCount:
      for (int r = 0; r < n; ++r) {
        const int64_t lo = a[r], hi = b[r];
        int64_t count = 0;
        for (int32_t k = in.offsets[r]; k < in.offsets[r + 1]; ++k) {
          count += in.key_valid[k] & (lo <= in.key[k]) & (in.key[k] <= hi);
        }
        // At most 2^31 records, so count × 10^6 fits in int64.
        dst[r] = count * Decimal::kOne;
        vdst[r] = va[r] & vb[r] & lc.present[r];
      }
      break;
    case Op::kWindowMin:
    case Op::kWindowMax: {
      const bool is_min = instr.op == Op::kWindowMin;
      for (int r = 0; r < n; ++r) {
        const int64_t lo = a[r], hi = b[r];
        int64_t best = is_min ? std::numeric_limits<int64_t>::max()
                              : std::numeric_limits<int64_t>::min();
        uint8_t unknown = 0, found = 0;
        for (int32_t k = in.offsets[r]; k < in.offsets[r + 1]; ++k) {
          const uint8_t inside = in.key_valid[k] & (lo <= in.key[k]) & (in.key[k] <= hi);
          unknown |= inside & (in.field_valid[k] ^ 1);
          const uint8_t take = inside & in.field_valid[k];
          const int64_t v = in.field[k];
          const bool better = is_min ? v < best : v > best;
          best = take && better ? v : best;
          found |= take;
        }
        dst[r] = found ? best : 0;
        vdst[r] = va[r] & vb[r] & lc.present[r] & found & (unknown ^ 1);
      }
      break;
    }
    default:
      break;
  }
  if (any != 0) RaiseErrors(instr, index);
}

// covers(list, [a, b]): whether the union of the row's spells, each the
// inclusive day range [span_start, span_end], contains every day of [a, b].
// covered_days(list, [a, b]): how many days of [a, b] that union contains
// (gün), the days of a window a claim's suspensions take out of a payment
// period. Spells are few per claim, so each row copies the ones touching
// [a, b] into a reused scratch vector, sorts them by start and sweeps.
//
// Unknown spell dates, covers: they follow the three-valued logic of and/or:
// if the known spells already cover the window the answer is true (the
// unknown spell cannot change it), otherwise it is unknown.
// covered_days: a spell with a known start and no end is open, running on
// past the window (a suspension not lifted yet stops every payment after its
// start, which is what a claim without the end date means); one without its
// start is an error for the claim (kSpellWithoutStart), not an unknown: rules
// read optional event lists through value_or(), which would otherwise turn
// the record into no days in silence.
// An empty window (a > b) is covered, and has 0 days. Spells with
// start > end are empty and ignored.
void BatchExecutor::ExecuteCovers(const Instr& instr, int32_t index,
                                  const ClaimBatch& batch) {
  const int n = rows_;
  const int64_t* a = values(instr.a);
  const uint8_t* va = valid(instr.a);
  const int64_t* b = values(instr.b);
  const uint8_t* vb = valid(instr.b);
  int64_t* dst = mutable_values(instr.dst);
  uint8_t* vdst = mutable_valid(instr.dst);

  const PlanList& list = plan_->lists[instr.aux];
  if (list.batch_list < 0 || list.span_start < 0 || list.span_end < 0) {
    std::fill_n(dst, n, 0);
    std::fill_n(vdst, n, uint8_t{0});
    return;
  }
  const bool count_days = instr.op == Op::kCoveredDays;
  const ListColumn& lc = batch.list(list.batch_list);
  const int32_t* offsets = lc.offsets.data();
  const int64_t* start = lc.fields[list.span_start].values.data();
  const uint8_t* start_valid = lc.fields[list.span_start].valid.data();
  const int64_t* end = lc.fields[list.span_end].values.data();
  const uint8_t* end_valid = lc.fields[list.span_end].valid.data();

  uint8_t* kinds = kinds_.data();
  uint8_t any = 0;
  for (int r = 0; r < n; ++r) {
    dst[r] = 0;
    vdst[r] = 0;
    kinds[r] = 0;
    if (!(va[r] & vb[r] & lc.present[r])) continue;
    if (count_days) {
      for (int32_t k = offsets[r]; k < offsets[r + 1]; ++k) {
        kinds[r] |= static_cast<uint8_t>(start_valid[k] ^ 1);
      }
      if (kinds[r] != 0) {
        kinds[r] = static_cast<uint8_t>(RowErrorKind::kSpellWithoutStart);
        any = 1;
        continue;
      }
    }
    const int64_t lo = a[r], hi = b[r];
    if (lo > hi) {
      dst[r] = count_days ? 0 : 1;
      vdst[r] = 1;
      continue;
    }
    bool unknown = false;
    spells_.clear();
    for (int32_t k = offsets[r]; k < offsets[r + 1]; ++k) {
      const bool open = count_days && !end_valid[k];  // start checked above
      if (!(start_valid[k] & end_valid[k]) && !open) {
        unknown = true;
        continue;
      }
      const int64_t s = start[k], e = open ? hi : end[k];
      if (s > e || e < lo || s > hi) continue;  // empty, or outside [lo, hi]
      spells_.emplace_back(s, e);
    }
    std::sort(spells_.begin(), spells_.end());
    if (count_days) {
      // The union's days inside [lo, hi]: each spell clipped to the window,
      // counting only the part after what earlier spells covered.
      int64_t days = 0;
      int64_t next = lo;  // first day of [lo, hi] not yet counted
      for (const auto& [s, e] : spells_) {
        const int64_t from = std::max(next, s);
        const int64_t to = std::min(hi, e);
        if (to >= from) {
          days += to - from + 1;
          next = to + 1;  // to <= hi, a day number: cannot overflow
        }
      }
      dst[r] = days * Decimal::kOne;  // at most hi - lo + 1 days
      vdst[r] = 1;
      continue;
    }
    bool covered = false;
    int64_t next = lo;  // first day of [lo, hi] not yet covered
    for (const auto& [s, e] : spells_) {
      if (s > next) break;  // a gap at `next`
      if (e >= hi) {
        covered = true;
        break;
      }
      next = std::max(next, e + 1);  // e < hi, so e + 1 cannot overflow
    }
    dst[r] = covered;
    vdst[r] = covered || !unknown;
  }
  if (any != 0) RaiseErrors(instr, index);
}

}  // namespace odenek::internal
