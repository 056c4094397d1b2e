// Effective-dated parameters: kParam, kInSet, kScale; and kInConstSet.
//
// A parameter's history is a handful of entries ascending by `from` (a few
// per decade), so the entry in force on a date is a binary search; claims of a
// chunk often share dates, so each loop remembers its last (date -> entry).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "exec/batch_executor.h"
#include "odenek/decimal.h"
#include "plan/plan.h"

namespace odenek::internal {
namespace {

// Finds the entry of `p` in force on day number `day`: the last with
// from <= day, provided `day` is not after p.end. Remembers the last answer.
class EntryFinder {
 public:
  explicit EntryFinder(const PlanParameter& p) : p_(p) {}

  // The entry index, or -1 if the parameter has no value on `day`.
  int32_t On(int64_t day) {
    // Rows of a chunk mostly fall in the interval of the last answer (one
    // minimum wage for half a year of payment months): two compares.
    if (have_last_ && day >= lo_ && day < hi_) return last_entry_;
    // From the first value to the last one's start: one load.
    const int64_t i = day - p_.day_table_first;
    if (i >= 0 && i < static_cast<int64_t>(p_.day_table.size())) return p_.day_table[i];
    int32_t entry = -1;
    if (!p_.end.has_value() || day <= *p_.end) {
      auto it = std::upper_bound(p_.from.begin(), p_.from.end(), day,
                                 [](int64_t d, int32_t from) { return d < from; });
      entry = static_cast<int32_t>(it - p_.from.begin()) - 1;
    }
    have_last_ = true;
    last_entry_ = entry;
    // The days with this answer: [from[e], from[e+1]) clipped to the end, or
    // before the first value; else just this day.
    constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    const int64_t after_end = p_.end.has_value() ? int64_t{*p_.end} + 1 : kMax;
    if (entry >= 0) {
      lo_ = p_.from[entry];
      hi_ = static_cast<size_t>(entry) + 1 < p_.from.size() ? int64_t{p_.from[entry + 1]}
                                                            : after_end;
    } else if (!p_.from.empty() && day < p_.from.front()) {
      lo_ = kMin;
      hi_ = p_.from.front();
    } else {
      lo_ = day;
      hi_ = day == kMax ? day : day + 1;
    }
    return entry;
  }

 private:
  const PlanParameter& p_;
  bool have_last_ = false;
  int64_t lo_ = 0, hi_ = 0;  // [lo_, hi_): the days whose answer is last_entry_
  int32_t last_entry_ = -1;
};

// Marginal scale (e.g. the income-tax tariff): each bracket's rate applies to
// the part of `base` between the previous bound and its own; top_rate applies
// above the last bound. Each product is Decimal::MulRaw (half-even at 10^-6).
// A base of zero or less owes nothing. False on overflow.
bool ApplyScale(const PlanParameter::ScaleEntry& s, int64_t base, int64_t* out) {
  int64_t total = 0;
  int64_t lower = 0;
  for (size_t k = 0; k < s.upto.size(); ++k) {
    if (base <= lower) {
      *out = total;
      return true;
    }
    const int64_t upper = std::min(base, s.upto[k]);
    int64_t part = 0, tax = 0;
    if (!Decimal::SubRaw(upper, lower, &part) || !Decimal::MulRaw(part, s.rate[k], &tax) ||
        !Decimal::AddRaw(total, tax, &total)) {
      return false;
    }
    lower = s.upto[k];
  }
  if (base > lower) {
    int64_t part = 0, tax = 0;
    if (!Decimal::SubRaw(base, lower, &part) || !Decimal::MulRaw(part, s.top_rate, &tax) ||
        !Decimal::AddRaw(total, tax, &total)) {
      return false;
    }
  }
  *out = total;
  return true;
}

constexpr uint8_t kNoValue = static_cast<uint8_t>(RowErrorKind::kNoParameterValue);
constexpr uint8_t kOverflow = static_cast<uint8_t>(RowErrorKind::kOverflow);

}  // namespace

void BatchExecutor::ExecuteParam(const Instr& instr, int32_t index) {
  const int n = rows_;
  const int64_t* a = values(instr.a);
  const uint8_t* va = valid(instr.a);
  int64_t* dst = mutable_values(instr.dst);
  uint8_t* vdst = mutable_valid(instr.dst);
  uint8_t* kinds = kinds_.data();
  uint8_t any = 0;

  if (instr.op == Op::kInConstSet) {
    const std::vector<int64_t>& set = plan_->const_sets[instr.aux];
    for (int r = 0; r < n; ++r) {
      dst[r] = std::binary_search(set.begin(), set.end(), a[r]);
      vdst[r] = va[r];
    }
    return;
  }

  const PlanParameter& p = plan_->parameters[instr.aux];
  EntryFinder finder(p);
  // As of a fixed date every row reads the same entry, whatever (and whether)
  // its own date is.
  if (as_of_.has_value()) {
    a = as_of_days_.data();
    va = as_of_valid_.data();
  }
  // Rows whose lookup found a value: read after the switch for the
  // known_until warnings, only for parameters that declare it.
  uint8_t* found_rows = p.known_until.has_value() ? found_.data() : nullptr;
  switch (instr.op) {
    case Op::kParam:
      if (p.from.size() == 1 && !p.end.has_value() && found_rows == nullptr) {
        // One value from one day on (a rate the statute fixes): a compare a
        // row, no search; the compiler vectorises it.
        const int64_t from = p.from[0];
        const int64_t value = p.numbers[0];
        for (int r = 0; r < n; ++r) {
          const uint8_t found = a[r] >= from;
          dst[r] = found ? value : 0;
          vdst[r] = va[r] & found;
          kinds[r] = va[r] & !found ? kNoValue : 0;
          any |= kinds[r];
        }
        break;
      }
      for (int r = 0; r < n; ++r) {
        // The search is not vectorisable anyway; skip it for unknown dates.
        const int32_t e = va[r] ? finder.On(a[r]) : -1;
        const uint8_t found = e >= 0;
        dst[r] = found ? p.numbers[e] : 0;
        vdst[r] = va[r] & found;
        kinds[r] = va[r] & !found ? kNoValue : 0;
        any |= kinds[r];
        if (found_rows != nullptr) found_rows[r] = found;
      }
      break;
    case Op::kInSet: {
      const int64_t* b = values(instr.b);
      const uint8_t* vb = valid(instr.b);
      for (int r = 0; r < n; ++r) {
        const uint8_t both = va[r] & vb[r];
        const int32_t e = both ? finder.On(a[r]) : -1;
        const uint8_t found = e >= 0;
        dst[r] = found && std::binary_search(p.sets[e].begin(), p.sets[e].end(), b[r]);
        vdst[r] = both & found;
        kinds[r] = both & !found ? kNoValue : 0;
        any |= kinds[r];
        if (found_rows != nullptr) found_rows[r] = found;
      }
      break;
    }
    case Op::kScale: {
      const int64_t* b = values(instr.b);
      const uint8_t* vb = valid(instr.b);
      for (int r = 0; r < n; ++r) {
        const uint8_t both = va[r] & vb[r];
        const int32_t e = both ? finder.On(a[r]) : -1;
        int64_t tax = 0;
        uint8_t kind = 0;
        if (both) {
          if (e < 0) {
            kind = kNoValue;
          } else if (!ApplyScale(p.scales[e], b[r], &tax)) {
            kind = kOverflow;
            tax = 0;
          }
        }
        dst[r] = tax;
        vdst[r] = both & (kind == 0);
        kinds[r] = kind;
        any |= kind;
        if (found_rows != nullptr) found_rows[r] = both && e >= 0;
      }
      break;
    }
    default:
      break;
  }
  if (any != 0) RaiseErrors(instr, index);
  if (found_rows != nullptr) NoteStaleLookups(instr, index, p, a, found_rows);
}

}  // namespace odenek::internal
