// What one worker saw in one chunk of a bulk run, before the writer folds it
// into the run's SimulateSummary (odenek/summary.h): plain vectors, cheap to
// fill on the hot path.
#ifndef ODENEK_ENGINE_SRC_BULK_TALLY_H_
#define ODENEK_ENGINE_SRC_BULK_TALLY_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
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
  // Per ProgramSummary::money_outputs: Σ raw over eligible rows that have it.
  std::vector<absl::int128> output_sums;
  std::vector<int64_t> output_counts;
  // Ineligible rows failing each condition (by the evaluator's condition
  // index), and undetermined rows lacking each input (by name).
  std::vector<int64_t> failed;
  absl::flat_hash_map<std::string, int64_t> missing;

  void Clear() {
    eligible = ineligible = undetermined = warned = 0;
    std::fill(output_sums.begin(), output_sums.end(), 0);
    std::fill(output_counts.begin(), output_counts.end(), 0);
    failed.clear();
    missing.clear();
    amounts.clear();
    days.clear();
    cost = 0;
    costed = 0;
  }
  void FoldInto(const std::vector<std::string>& condition_ids, ProgramStats* stats) const {
    stats->AddCounts(eligible, ineligible, undetermined);
    for (size_t c = 0; c < failed.size() && c < condition_ids.size(); ++c) {
      if (failed[c] > 0) stats->AddFailed(condition_ids[c], failed[c]);
    }
    for (const auto& [name, n] : missing) stats->AddMissing(name, n);
    stats->AddCost(cost, costed);
    stats->AddWarned(warned);
    for (size_t k = 0; k < output_sums.size(); ++k) {
      stats->AddOutputTotal(k, output_sums[k], output_counts[k]);
    }
    for (int64_t a : amounts) stats->AddAmount(Decimal::FromRaw(a));
    for (int64_t d : days) stats->AddDays(d);
  }
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_BULK_TALLY_H_
