// What one worker saw in one chunk of a bulk run, before the writer folds it
// into the run's SimulateSummary (odenek/summary.h): plain vectors, cheap to
// fill on the hot path.
#ifndef ODENEK_ENGINE_SRC_BULK_TALLY_H_
#define ODENEK_ENGINE_SRC_BULK_TALLY_H_

#include <cstdint>
#include <vector>

#include "absl/numeric/int128.h"

#include "odenek/decimal.h"
#include "odenek/summary.h"

namespace odenek::internal {

// One programme under one scenario.
struct ProgramTally {
  int64_t eligible = 0;
  int64_t ineligible = 0;
  int64_t undetermined = 0;
  std::vector<int64_t> amounts;  // raw Decimal of the main amount, eligible rows
  std::vector<int64_t> days;     // whole days, eligible rows with a duration
  absl::int128 cost = 0;  // Σ net over eligible rows' payment schedules, raw
  int64_t costed = 0;     // eligible rows with a schedule
  int64_t warned = 0;     // rows whose result carries a warning

  void Clear() {
    eligible = ineligible = undetermined = warned = 0;
    amounts.clear();
    days.clear();
    cost = 0;
    costed = 0;
  }
  void FoldInto(ProgramStats* stats) const {
    stats->AddCounts(eligible, ineligible, undetermined);
    stats->AddCost(cost, costed);
    stats->AddWarned(warned);
    for (int64_t a : amounts) stats->AddAmount(Decimal::FromRaw(a));
    for (int64_t d : days) stats->AddDays(d);
  }
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_BULK_TALLY_H_
