// The summary of a bulk simulation (odenek/simulate.h): counts, amounts,
// durations, and the baseline-vs-reform comparison, rendered for people (text),
// for programs (JSON) and as a self-contained HTML report. docs/simulate.md
// says what each figure means.
//
// Amounts are exact: totals are 128-bit sums of Decimal raw values, and the
// median and deciles come from a count per distinct amount (kuruş amounts
// repeat a lot, so this stays small where a vector of every amount would grow
// with the file). Quantiles are nearest-rank: the median of n values is the
// ⌈n/2⌉-th smallest, decile k the ⌈k·n/10⌉-th; every reported figure is an
// amount some claim actually got.
#ifndef ODENEK_SUMMARY_H_
#define ODENEK_SUMMARY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/numeric/int128.h"
#include "odenek/decimal.h"

namespace odenek {

// Histograms of money, counted exactly from the run's per-value counts (not
// rebuilt from quantiles). Bins have one width, 1 or 5 × 10^k kuruş (0.01,
// 0.05, 0.10, … 100, 500, 1000 TL), the smallest that covers the values in at
// most `max_bins` bins, and their edges are multiples of it. Each such width
// divides every larger one, so histograms of two parts of a run (Dask
// partitions) merge exactly into the one the whole run gives: re-bin both at
// the larger width, then widen while the bins are too many
// (python/odenek/dask.py does this on the summary JSON; docs/simulate.md).
//
// The target bar count of the report's charts and the summary's histograms:
// enough bars to show a shape, few enough to label on a 640-unit chart.
inline constexpr int kHistogramBins = 30;

// Claims whose amount a satisfies lower <= a < upper (raw, 10^-6 TL).
struct MoneyBin {
  int64_t lower = 0;
  int64_t upper = 0;
  int64_t claims = 0;
};
// Every bin from the lowest amount's to the highest's, empty ones included;
// no bins (width 0) when no claim has an amount.
struct MoneyHistogram {
  int64_t width = 0;  // raw
  std::vector<MoneyBin> bins;
};

// Reform − baseline value of claims eligible in either scenario (the value
// ComparisonTally describes), by bin. Bins never straddle zero: a bin below
// zero holds lower <= d < upper (upper <= 0), the zero bin (lower == upper ==
// 0) exactly d == 0, a bin above zero lower < d <= upper. So a negative bin's
// `in_both` are losers, the zero bin's unchanged, a positive bin's gainers.
struct DifferenceBin {
  int64_t lower = 0;  // raw
  int64_t upper = 0;  // raw
  int64_t in_both = 0;           // eligible in both scenarios
  int64_t newly_eligible = 0;    // eligible only under the reform (d = its value)
  int64_t newly_ineligible = 0;  // eligible only in the baseline (d = −its value)
  int64_t claims() const { return in_both + newly_eligible + newly_ineligible; }
};
// Every bin from the lowest difference's to the highest's, the zero bin
// always among them (empty bins included); no bins (width 0) when no claim
// is eligible in either scenario. The bins' claims add up to gainers + losers
// + unchanged + newly_eligible + newly_ineligible.
struct DifferenceHistogram {
  int64_t width = 0;  // raw
  std::vector<DifferenceBin> bins;
};

// Baseline vs reform for one programme, per claim. A claim's value is what it
// is paid in all: the net over its payment schedule (the entitlement cost), or
// its main amount where the programme has no schedule; zero where it is not
// eligible.
struct ComparisonTally {
  int64_t gainers = 0;           // eligible in both, paid more in all under the reform
  int64_t losers = 0;            // eligible in both, paid less in all
  int64_t unchanged = 0;         // eligible in both, paid the same
  int64_t newly_eligible = 0;    // eligible only under the reform
  int64_t newly_ineligible = 0;  // eligible only in the baseline
  absl::int128 difference = 0;   // Σ (reform − baseline) value (see above), raw
  absl::int128 monthly_difference = 0;  // Σ (reform − baseline) main amount (one month), raw
  // Claims per distinct difference (raw reform − baseline value), for the
  // gains-and-losses histogram: eligible in both, newly eligible, newly
  // ineligible. Distinct values only, so memory follows the spread of the
  // differences in kuruş, not the number of claims.
  absl::flat_hash_map<int64_t, int64_t> in_both_by_difference;
  absl::flat_hash_map<int64_t, int64_t> newly_eligible_by_difference;
  absl::flat_hash_map<int64_t, int64_t> newly_ineligible_by_difference;
  void Clear() { *this = ComparisonTally(); }
  // Counts one claim eligible in at least one scenario, paid `before` in the
  // baseline and `after` under the reform (raw; 0 where not eligible), in
  // the verdict counts and the per-difference counts (not in `difference`).
  void AddClaim(bool eligible_before, bool eligible_after, int64_t before, int64_t after);
  void Add(const ComparisonTally& other);
  // The gains-and-losses histogram (see DifferenceHistogram), at most
  // `max_bins` bins on either side of zero together, plus the zero bin.
  // REQUIRES: max_bins >= 2.
  DifferenceHistogram Histogram(int max_bins = kHistogramBins) const;
};

// One programme's claims under one scenario: verdict counts, and the exact
// distribution of the main amount and of the duration over eligible claims.
// Memory grows with the number of distinct amounts (bounded by the amount
// range in kuruş), not with the number of claims.
class ProgramStats {
 public:
  // Folding in what a run saw: verdict counts, then each eligible claim's
  // main amount and duration where known.
  void AddCounts(int64_t eligible, int64_t ineligible, int64_t undetermined);
  void AddAmount(Decimal amount);
  void AddDays(int64_t days);
  // `claims` eligible claims with a payment schedule, paid `net` (raw) in all.
  void AddCost(absl::int128 net, int64_t claims);
  // `claims` results that carry a warning (Result::warnings: a parameter read
  // after the last day its values are known).
  void AddWarned(int64_t claims);
  // `claims` eligible claims had money output number `output` (an index into
  // ProgramSummary::money_outputs), summing to `total` (raw TL).
  void AddOutputTotal(size_t output, absl::int128 total, int64_t claims);
  // `claims` ineligible claims failed condition `id` (a claim may fail
  // several); `claims` undetermined claims lack input `name`.
  void AddFailed(const std::string& id, int64_t claims);
  void AddMissing(const std::string& name, int64_t claims);
  // Adds everything `other` counted (one run's partitions into a whole).
  void Merge(const ProgramStats& other);

  int64_t eligible() const { return eligible_; }
  int64_t ineligible() const { return ineligible_; }
  int64_t undetermined() const { return undetermined_; }
  int64_t claims() const { return eligible_ + ineligible_ + undetermined_; }
  absl::int128 total() const { return total_; }  // raw, Σ main amount (one month)
  // Σ net over the payment schedules of eligible claims (the entitlement
  // cost), raw; and how many claims it sums. Zero-day claims cost nothing.
  absl::int128 cost() const { return cost_; }
  int64_t costed() const { return costed_; }
  int64_t warned() const { return warned_; }
  // Σ money output `output` over the eligible claims that have it (raw TL),
  // and how many they are; 0 for an index never added.
  absl::int128 output_total(size_t output) const {
    return output < output_totals_.size() ? output_totals_[output] : 0;
  }
  int64_t output_claims(size_t output) const {
    return output < output_claims_.size() ? output_claims_[output] : 0;
  }
  // (condition id, ineligible claims failing it) and (input, undetermined
  // claims lacking it), most claims first, then by name.
  std::vector<std::pair<std::string, int64_t>> FailedConditions() const;
  std::vector<std::pair<std::string, int64_t>> MissingInputs() const;
  absl::int128 total_days() const { return total_days_; }
  int64_t with_days() const { return with_days_; }
  // Mean, median and deciles (9 values) of the main amount as raw values;
  // empty / 0 when no claim is eligible.
  absl::int128 Mean() const;
  // The nearest-rank quantiles k/10 for k in `tenths` (5 → median).
  std::vector<int64_t> Quantiles(const std::vector<int>& tenths) const;
  // (days, count) sorted by days.
  std::vector<std::pair<int64_t, int64_t>> DayHistogram() const;
  // Eligible claims with a known main amount: what AmountHistogram's bins
  // add up to.
  int64_t with_amount() const;
  // The main amount's exact histogram (see MoneyHistogram), at most
  // `max_bins` bins. REQUIRES: max_bins >= 1.
  //
  // Example:
  //
  //   ProgramStats s;  // amounts 2000.00, 2400.00, 2999.99 and 3100.00 TL
  //   MoneyHistogram h = s.AmountHistogram(/*max_bins=*/2);
  //   // h.width == 1000 TL: bins [2000, 3000) with 3 claims, [3000, 4000) with 1
  MoneyHistogram AmountHistogram(int max_bins = kHistogramBins) const;
  // Raw amount → eligible claims paid it (what the histograms count).
  const absl::flat_hash_map<int64_t, int64_t>& amount_counts() const { return amounts_; }

 private:
  int64_t eligible_ = 0;
  int64_t ineligible_ = 0;
  int64_t undetermined_ = 0;
  absl::int128 total_ = 0;
  absl::int128 total_days_ = 0;
  absl::int128 cost_ = 0;
  int64_t costed_ = 0;
  int64_t warned_ = 0;
  std::vector<absl::int128> output_totals_;  // per ProgramSummary::money_outputs
  std::vector<int64_t> output_claims_;
  absl::flat_hash_map<std::string, int64_t> failed_;
  absl::flat_hash_map<std::string, int64_t> missing_;
  int64_t with_days_ = 0;
  absl::flat_hash_map<int64_t, int64_t> amounts_;  // raw amount → claims
  absl::flat_hash_map<int64_t, int64_t> days_;     // days → claims
};

// The main amount's histograms of several scenarios of one programme on one
// grid (the same width and bins, for bars side by side), in the order given:
// the width is the smallest that covers every scenario's amounts in at most
// `max_bins` bins. REQUIRES: max_bins >= 1; no null pointers.
std::vector<MoneyHistogram> AmountHistograms(const std::vector<const ProgramStats*>& scenarios,
                                              int max_bins = kHistogramBins);

// Claims a reform changed, attributed to one rule each (see
// the simulate pipeline, engine/src/bulk/simulate.cc): how many, and their Σ difference of the
// main amount.
struct AttributionTally {
  int64_t claims = 0;
  absl::int128 difference = 0;  // raw
};

// One programme under one scenario, compared claim by claim with the baseline.
struct ScenarioProgram {
  ProgramStats stats;
  ComparisonTally comparison;
  // The rules changed claims are attributed to (conditions, then outputs,
  // then "(other)"), and the tallies, index for index.
  std::vector<std::string> attribution_rules;
  std::vector<std::string> attribution_kinds;  // "condition", "value", "schedule" or "other"
  std::vector<AttributionTally> attribution;
};

// One programme in the run's summary: what the rules say about it (title,
// outputs, conditions) and what the run counted, per scenario.
struct ProgramSummary {
  std::string id;
  std::string title;  // ProgramInfo::title, from the rules ("" if none)
  std::string amount_name;  // the main amount output ("" if none)
  std::string days_name;    // the duration output ("" if none)
  bool has_schedule = false;  // a payment schedule: cost() is the entitlement cost
  // Every output in TL (not a rate such as TL/gün), summed over eligible claims
  // (ProgramStats::output_total), each with its description from the rules:
  // the description says whether it is one month or the whole entitlement
  // (the Fund's premiums over a schedule, gss_primi_toplam).
  std::vector<std::string> money_outputs;
  std::vector<std::string> money_output_descriptions;
  // Condition id → its article, for the "ineligible by condition" lists.
  std::map<std::string, std::string> condition_references;
  // Condition id → its message (what the condition asks), and input → its
  // description, for the "ineligible" and "undetermined" lists.
  std::map<std::string, std::string> condition_messages;
  std::map<std::string, std::string> input_descriptions;
  ProgramStats base;
  // Each scenario's, in the order of SimulateSummary::scenarios.
  std::vector<ScenarioProgram> scenarios;
  // The first scenario's again (scenarios[0]), for callers written when a
  // run had at most one: used when Summary::has_reform. The renderers read
  // `scenarios` when it is filled, else these.
  ProgramStats reform;
  ComparisonTally comparison;
  std::vector<std::string> attribution_rules;
  std::vector<std::string> attribution_kinds;
  std::vector<AttributionTally> attribution;
};

// A reform that changed no claim's verdict or amount, with what explains it:
// its first change falls after every date the claims give (or after the date
// every parameter was read on).
struct UnchangedReform {
  std::string reform;        // its name, as SimulateSummary::reforms
  std::string first_change;  // YYYY-MM-DD; "" when it changes no parameter value
  std::string latest_date;   // the claims' latest date input, or the as_of date; "" if none
  bool as_of = false;        // latest_date is SimulateOptions::as_of
};

// One scenario of the run (SimulateOptions::scenarios), beside the baseline.
struct ScenarioSummary {
  std::string name;
  // Its reform files in the order applied, and each one's `title:` (or its
  // file name where it has none): RuleSet::reforms().
  std::vector<std::string> files;
  std::vector<std::string> titles;
  // Evaluated records whose evaluation failed in this scenario (their
  // baseline results are in the output, this scenario's side says "error").
  int64_t errors = 0;
  // Set when the scenario changed no claim's verdict or amount.
  std::optional<UnchangedReform> unchanged;
};

// The whole run. `read` = `evaluated` + `rejected`: every record is in the
// output or in the errors.
struct SimulateSummary {
  std::string input;
  std::vector<std::string> reforms;
  // Each reform file's `title:` in the order applied, or its file name where
  // it has none (RuleSet::reforms()).
  std::vector<std::string> reform_titles;
  bool has_reform = false;
  int threads = 1;
  int64_t read = 0;
  int64_t evaluated = 0;
  int64_t rejected = 0;
  // Physical lines of the input (a CSV record may span several; blank lines
  // and the CSV header count), so every line is accounted for.
  int64_t lines = 0;
  // Evaluated records whose scenario hit a runtime error: their baseline
  // results are in the output, the scenario's side says "error".
  int64_t reform_errors = 0;
  double wall_seconds = 0;
  // The duplicate-id check outgrew SimulateOptions::id_memory_bytes and went
  // to temporary files (the JSON's `id_check`, only then): how many records
  // it held back to the end (their ids may have been seen; each was settled
  // exactly and evaluated in its place) and the bytes of ids written.
  bool ids_on_disk = false;
  int64_t held_back = 0;
  int64_t id_bytes_on_disk = 0;
  // Every scenario compared with the baseline, in the order given; the
  // fields above that say "reform" are the first one's (has_reform: there is
  // one). ProgramSummary::scenarios holds their figures in the same order.
  std::vector<ScenarioSummary> scenarios;
  std::vector<ProgramSummary> programs;
  // What the reader must know about the run as a whole, in English (the
  // JSON's `warnings`, only when not empty); today one kind: the reform below.
  std::vector<std::string> warnings;
  // Set when a reform changed no claim's verdict or amount (warnings holds
  // UnchangedReformText of it in English).
  std::optional<UnchangedReform> unchanged_reform;
};

// Indexes of p.attribution with claims, most claims first.
std::vector<size_t> AttributionOrder(const ProgramSummary& p);
std::vector<size_t> AttributionOrder(const std::vector<AttributionTally>& attribution);

// A raw Decimal sum as money text with exactly 2 decimals, half-up.
std::string FormatMoney(absl::int128 raw);

// The summary as a JSON object (pretty, ends with a newline).
std::string SummaryToJson(const SimulateSummary& summary);
// TextLanguage: odenek/decimal.h.
// The summary for people (`odenek simulate` prints it; `--lang en` for English).
std::string SummaryToText(const SimulateSummary& summary,
                          TextLanguage language = TextLanguage::kTurkish);

// The warning sentence for `u`: "reform R changed no claim's verdict or amount:
// its first change takes effect on 2030-01-01, after the latest date in the
// claims (2026-09-14); ..." or its Turkish form.
std::string UnchangedReformText(const UnchangedReform& u, TextLanguage language);
// The summary as one self-contained HTML page, from <!DOCTYPE html> to </html>:
// tables and inline SVG charts, nothing fetched from elsewhere.
std::string SummaryToHtml(const SimulateSummary& summary);

}  // namespace odenek

#endif  // ODENEK_SUMMARY_H_
