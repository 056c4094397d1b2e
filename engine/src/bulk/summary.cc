#include "odenek/summary.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bulk/scenario_view.h"
#include "nlohmann/json.hpp"
#include "odenek/decimal.h"

namespace odenek {
namespace {

using internal::ScenarioView;
using internal::ScenarioViews;

constexpr int64_t kRawPerKurus = Decimal::kOne / 100;

std::string Int128ToString(absl::int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  absl::uint128 u = negative ? absl::uint128(0) - absl::uint128(v) : absl::uint128(v);
  std::string digits;
  while (u != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  if (negative) digits.push_back('-');
  std::reverse(digits.begin(), digits.end());
  return digits;
}

double Share(int64_t part, int64_t whole) {
  if (whole == 0) return 0;
  // Four places are plenty for a share and keep the JSON stable to read.
  return std::round(static_cast<double>(part) / static_cast<double>(whole) * 10000) / 10000;
}

void AddAll(const absl::flat_hash_map<int64_t, int64_t>& from,
            absl::flat_hash_map<int64_t, int64_t>* to) {
  for (const auto& [value, n] : from) (*to)[value] += n;
}

const std::vector<int> kDeciles = {1, 2, 3, 4, 5, 6, 7, 8, 9};

// What each money figure sums, said in the summary beside it.
std::string CostSums(const ProgramSummary& p) {
  if (p.has_schedule) {
    return "net payments over each eligible claim's payment schedule (the entitlement cost)";
  }
  return p.amount_name + " of each eligible claim (the programme has no payment schedule)";
}
std::string MonthlySums(const ProgramSummary& p) {
  return p.amount_name + " of each eligible claim: one month's amount, not the entitlement";
}

nlohmann::ordered_json StatsJson(const ProgramSummary& p, const ProgramStats& s) {
  nlohmann::ordered_json j;
  j["claims"] = s.claims();
  j["eligible"] = s.eligible();
  j["ineligible"] = s.ineligible();
  j["undetermined"] = s.undetermined();
  j["eligible_share"] = Share(s.eligible(), s.claims());
  // Results priced with a value after the last day it is known (a 2027
  // claim read with the 2026 minimum wage): each carries a warning.
  j["with_warnings"] = s.warned();
  // Why claims were not eligible: each failed condition with its article (a
  // claim failing two counts under both), and the inputs undetermined claims
  // lack, most first (all of them: at most the programme's inputs, so partial
  // summaries of one run add up exactly).
  nlohmann::ordered_json failed = nlohmann::ordered_json::array();
  for (const auto& [id, n] : s.FailedConditions()) {
    auto ref = p.condition_references.find(id);
    auto message = p.condition_messages.find(id);
    failed.push_back({{"condition", id},
                      {"reference", ref == p.condition_references.end() ? "" : ref->second},
                      {"claims", n},
                      {"message", message == p.condition_messages.end() ? "" : message->second}});
  }
  j["ineligible_by_condition"] = failed;
  nlohmann::ordered_json missing = nlohmann::ordered_json::array();
  for (const auto& [name, n] : s.MissingInputs()) {
    auto description = p.input_descriptions.find(name);
    missing.push_back(
        {{"input", name},
         {"claims", n},
         {"description",
          description == p.input_descriptions.end() ? "" : description->second}});
  }
  j["undetermined_by_missing_input"] = missing;
  if (p.has_schedule) {
    // What the claims are paid in all: the figure a budget needs.
    nlohmann::ordered_json c;
    c["sums"] = CostSums(p);
    c["claims"] = s.costed();
    c["total"] = FormatMoney(s.cost());
    j["cost"] = c;
  }
  if (!p.amount_name.empty()) {
    nlohmann::ordered_json a;
    a["output"] = p.amount_name;
    a["sums"] = MonthlySums(p);
    a["total"] = FormatMoney(s.total());
    a["mean"] = FormatMoney(s.Mean());
    const std::vector<int64_t> median = s.Quantiles({5});
    a["median"] = FormatMoney(median.empty() ? 0 : median[0]);
    nlohmann::ordered_json deciles = nlohmann::ordered_json::array();
    for (int64_t d : s.Quantiles(kDeciles)) deciles.push_back(FormatMoney(d));
    a["deciles"] = deciles;
    // Counted from every amount, so the bins add up to the eligible claims
    // with an amount (the mean's count).
    const MoneyHistogram h = s.AmountHistogram();
    nlohmann::ordered_json bins = nlohmann::ordered_json::array();
    for (const MoneyBin& b : h.bins) {
      bins.push_back(
          {{"from", FormatMoney(b.lower)}, {"to", FormatMoney(b.upper)}, {"claims", b.claims}});
    }
    a["histogram"] = {{"width", FormatMoney(h.width)}, {"bins", bins}};
    j["amount"] = a;
  }
  if (!p.money_outputs.empty()) {
    // Every money output, so a new one (the Fund's premiums) reaches the
    // summary without a change here; each says what it sums.
    nlohmann::ordered_json outputs = nlohmann::ordered_json::array();
    for (size_t k = 0; k < p.money_outputs.size(); ++k) {
      const std::string& what =
          k < p.money_output_descriptions.size() ? p.money_output_descriptions[k] : "";
      outputs.push_back(
          {{"output", p.money_outputs[k]},
           {"sums", absl::StrCat(p.money_outputs[k], " of each eligible claim that has it",
                                 what.empty() ? "" : ": ", what)},
           {"claims", s.output_claims(k)},
           {"total", FormatMoney(s.output_total(k))}});
    }
    j["outputs"] = std::move(outputs);
  }
  if (!p.days_name.empty()) {
    nlohmann::ordered_json d;
    d["output"] = p.days_name;
    d["total"] = static_cast<int64_t>(s.total_days());
    nlohmann::ordered_json histogram = nlohmann::ordered_json::array();
    for (const auto& [days, count] : s.DayHistogram()) {
      histogram.push_back({{"days", days}, {"claims", count}});
    }
    d["histogram"] = histogram;
    j["days"] = d;
  }
  return j;
}

// The words of the text summary, in the officer's language (Turkish, the
// default) or in English (`simulate --lang en`). Figures: Turkish numbers
// (10.650,15 TL) in Turkish, machine form (10650.15 TL) in English; money
// names its unit in both.
struct Words {
  bool turkish;
  std::string Money(absl::int128 raw) const {
    return NumberText(FormatMoney(raw), turkish ? TextLanguage::kTurkish : TextLanguage::kEnglish) +
           " TL";
  }
  std::string Count(int64_t n) const {
    return turkish ? TurkishNumber(absl::StrCat(n)) : absl::StrCat(n);
  }
  std::string Percent(double share) const {
    const std::string digits = absl::StrFormat("%.1f", 100 * share);
    return turkish ? "%" + TurkishNumber(digits) : digits + "%";
  }
  const char* tr_en(const char* tr, const char* en) const { return turkish ? tr : en; }
};

std::string CostSumsText(const ProgramSummary& p, const Words& w) {
  if (!w.turkish) return CostSums(p);
  if (p.has_schedule) {
    return "her uygun başvurunun ödeme takvimi boyunca net ödemeleri: hak maliyeti";
  }
  return p.amount_name + ", her uygun başvuru için (programın ödeme takvimi yok)";
}

void StatsText(const ProgramSummary& p, const ProgramStats& s, const char* indent,
               const Words& w, std::string* out) {
  absl::StrAppend(out, indent, w.Count(s.eligible()), w.tr_en(" uygun (", " eligible ("),
                  w.Percent(Share(s.eligible(), s.claims())), "), ", w.Count(s.ineligible()),
                  w.tr_en(" uygun değil, ", " ineligible, "), w.Count(s.undetermined()),
                  w.tr_en(" belirsiz\n", " undetermined\n"));
  if (p.has_schedule && s.eligible() > 0) {
    absl::StrAppend(out, indent, w.tr_en("maliyet: ", "cost: "), w.Money(s.cost()), " (",
                    CostSumsText(p, w), ")\n");
  }
  auto top = [&](const char* what, const std::vector<std::pair<std::string, int64_t>>& items) {
    if (items.empty()) return;
    absl::StrAppend(out, indent, what, ": ");
    for (size_t i = 0; i < items.size() && i < 5; ++i) {
      absl::StrAppend(out, i > 0 ? ", " : "", items[i].first, " ", w.Count(items[i].second));
    }
    absl::StrAppend(out, items.size() > 5 ? ", ..." : "", "\n");
  };
  top(w.tr_en("uygun değil, sağlanmayan koşula göre", "ineligible, by failed condition"),
      s.FailedConditions());
  top(w.tr_en("belirsiz, eksik girdiye göre", "undetermined, by missing input"),
      s.MissingInputs());
  if (s.warned() > 0) {
    absl::StrAppend(out, indent, w.tr_en("uyarı: ", "warning: "), w.Count(s.warned()),
                    w.tr_en(" sonuç, değerlerinin bilindiği son günden sonraki bir tarihte "
                            "parametre okudu (bilinen son değer kullanıldı; her sonucun "
                            "warnings alanına bakın)\n",
                            " results read a parameter after the last day its values are known "
                            "(the latest known value was used; see each result's warnings)\n"));
  }
  if (!p.amount_name.empty() && s.eligible() > 0) {
    const std::vector<int64_t> median = s.Quantiles({5});
    absl::StrAppend(out, indent, p.amount_name, w.tr_en(" (bir ay): toplam ", " (one month): total "),
                    w.Money(s.total()), w.tr_en(", ortalama ", ", mean "), w.Money(s.Mean()),
                    w.tr_en(", medyan ", ", median "), w.Money(median[0]), "\n");
    std::vector<std::string> deciles;
    for (int64_t d : s.Quantiles(kDeciles)) {
      deciles.push_back(w.turkish ? TurkishNumber(FormatMoney(d)) : FormatMoney(d));
    }
    absl::StrAppend(out, indent, w.tr_en("ondalık dilimler (TL): ", "deciles (TL): "),
                    absl::StrJoin(deciles, " "), "\n");
  }
  if (s.eligible() > 0) {
    // The other money outputs on one line (the JSON `outputs` says what each
    // sums): the Fund's premiums over the schedule among them.
    std::vector<std::string> others;
    for (size_t k = 0; k < p.money_outputs.size(); ++k) {
      if (p.money_outputs[k] == p.amount_name || s.output_claims(k) == 0) continue;
      others.push_back(absl::StrCat(p.money_outputs[k], " ", w.Money(s.output_total(k))));
    }
    if (!others.empty()) {
      absl::StrAppend(out, indent,
                      w.tr_en("diğer tutar çıktıları, uygun başvurular üzerinden toplam: ",
                              "other money outputs, total over eligible claims: "),
                      absl::StrJoin(others, ", "), "\n");
    }
  }
  if (!p.days_name.empty() && s.with_days() > 0) {
    const std::string total_days = Int128ToString(s.total_days());
    absl::StrAppend(out, indent, p.days_name, w.tr_en(": toplam ", ": total "),
                    w.turkish ? TurkishNumber(total_days) : total_days,
                    w.tr_en(" gün; en sık süreler (gün: başvuru):",
                            " days; most common durations (days: claims):"));
    std::vector<std::pair<int64_t, int64_t>> histogram = s.DayHistogram();
    // Long tails (late applications shorten the duration day by day) would
    // flood a terminal; the JSON summary has every value.
    std::stable_sort(histogram.begin(), histogram.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    const size_t shown = std::min<size_t>(histogram.size(), 6);
    int64_t rest = 0;
    for (size_t i = 0; i < histogram.size(); ++i) {
      if (i < shown) {
        absl::StrAppend(out, i == 0 ? " " : ", ", histogram[i].first, ": ",
                        w.Count(histogram[i].second));
      } else {
        rest += histogram[i].second;
      }
    }
    if (shown < histogram.size()) {
      absl::StrAppend(out, "; ", histogram.size() - shown,
                      w.tr_en(" başka süre: ", " other durations: "), w.Count(rest));
    }
    absl::StrAppend(out, "\n");
  }
}

// A scenario of `p` against the baseline: the summary's "comparison".
nlohmann::ordered_json ComparisonJson(const ProgramSummary& p, const ScenarioView& v) {
  const ComparisonTally& c = *v.comparison;
  const ProgramStats& reform = *v.stats;
  nlohmann::ordered_json cj;
  cj["sums"] = CostSums(p);
  cj["baseline_cost"] = FormatMoney(p.has_schedule ? p.base.cost() : p.base.total());
  cj["reform_cost"] = FormatMoney(p.has_schedule ? reform.cost() : reform.total());
  cj["cost_difference"] = FormatMoney(c.difference);
  if (!p.amount_name.empty()) {
    cj["monthly"] = {{"sums", MonthlySums(p)},
                     {"baseline_total", FormatMoney(p.base.total())},
                     {"reform_total", FormatMoney(reform.total())},
                     {"difference", FormatMoney(c.monthly_difference)}};
  }
  cj["gainers"] = c.gainers;
  cj["losers"] = c.losers;
  cj["unchanged"] = c.unchanged;
  cj["newly_eligible"] = c.newly_eligible;
  cj["newly_ineligible"] = c.newly_ineligible;
  nlohmann::ordered_json attribution = nlohmann::ordered_json::array();
  for (size_t k : AttributionOrder(*v.attribution)) {
    attribution.push_back({{"rule", (*v.attribution_rules)[k]},
                           {"kind", (*v.attribution_kinds)[k]},
                           {"claims", (*v.attribution)[k].claims},
                           {"difference", FormatMoney((*v.attribution)[k].difference)}});
  }
  cj["attribution"] = attribution;
  const DifferenceHistogram h = c.Histogram();
  nlohmann::ordered_json bins = nlohmann::ordered_json::array();
  for (const DifferenceBin& b : h.bins) {
    bins.push_back({{"from", FormatMoney(b.lower)},
                    {"to", FormatMoney(b.upper)},
                    {"eligible_in_both", b.in_both},
                    {"newly_eligible", b.newly_eligible},
                    {"newly_ineligible", b.newly_ineligible}});
  }
  cj["difference_histogram"] = {
      {"sums", "reform minus baseline, per claim eligible in either scenario, of: " + CostSums(p)},
      {"width", FormatMoney(h.width)},
      {"bins", bins}};
  return cj;
}

}  // namespace

std::vector<size_t> AttributionOrder(const ProgramSummary& p) {
  return AttributionOrder(p.attribution);
}

std::vector<size_t> AttributionOrder(const std::vector<AttributionTally>& attribution) {
  std::vector<size_t> order;
  for (size_t k = 0; k < attribution.size(); ++k) {
    if (attribution[k].claims > 0) order.push_back(k);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return attribution[a].claims > attribution[b].claims;
  });
  return order;
}

void ComparisonTally::Add(const ComparisonTally& o) {
  gainers += o.gainers;
  losers += o.losers;
  unchanged += o.unchanged;
  newly_eligible += o.newly_eligible;
  newly_ineligible += o.newly_ineligible;
  difference += o.difference;
  monthly_difference += o.monthly_difference;
  AddAll(o.in_both_by_difference, &in_both_by_difference);
  AddAll(o.newly_eligible_by_difference, &newly_eligible_by_difference);
  AddAll(o.newly_ineligible_by_difference, &newly_ineligible_by_difference);
}

void ComparisonTally::AddClaim(bool eligible_before, bool eligible_after, int64_t before,
                               int64_t after) {
  const int64_t d = after - before;
  if (eligible_before && eligible_after) {
    if (after > before)
      ++gainers;
    else if (after < before)
      ++losers;
    else
      ++unchanged;
    ++in_both_by_difference[d];
  } else if (eligible_after) {
    ++newly_eligible;
    ++newly_eligible_by_difference[d];
  } else if (eligible_before) {
    ++newly_ineligible;
    ++newly_ineligible_by_difference[d];
  }
}

namespace {

// Histogram widths in raw units: 1, 5, 10, 50, … kuruş, each dividing the
// next (summary.h says why), up to 10^18 raw (10^12 TL), beyond any amount.
constexpr int64_t kWidestBin = int64_t{1'000'000'000'000'000'000};

int64_t NextWidth(int64_t w) {
  int64_t kurus = w / kRawPerKurus;
  while (kurus % 10 == 0) kurus /= 10;
  return kurus == 1 ? w * 5 : w * 2;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
int64_t CeilDiv(int64_t a, int64_t b) { return a / b + (a % b != 0 ? 1 : 0); }  // a >= 0

}  // namespace

DifferenceHistogram ComparisonTally::Histogram(int max_bins) const {
  const absl::flat_hash_map<int64_t, int64_t>* kinds[3] = {
      &in_both_by_difference, &newly_eligible_by_difference, &newly_ineligible_by_difference};
  bool any = false;
  int64_t most_lost = 0, most_gained = 0;  // magnitudes
  for (const auto* kind : kinds) {
    for (const auto& [d, n] : *kind) {
      if (n == 0) continue;
      any = true;
      if (d < 0) most_lost = std::max(most_lost, -d);
      if (d > 0) most_gained = std::max(most_gained, d);
    }
  }
  DifferenceHistogram h;
  if (!any) return h;
  int64_t w = kRawPerKurus;
  while (w < kWidestBin && CeilDiv(most_lost, w) + CeilDiv(most_gained, w) > max_bins) {
    w = NextWidth(w);
  }
  h.width = w;
  const int64_t below = CeilDiv(most_lost, w), above = CeilDiv(most_gained, w);
  auto add_bin = [&h](int64_t lower, int64_t upper) {
    DifferenceBin b;
    b.lower = lower;
    b.upper = upper;
    h.bins.push_back(b);
  };
  for (int64_t k = below; k >= 1; --k) add_bin(-k * w, -(k - 1) * w);
  add_bin(0, 0);
  for (int64_t k = 1; k <= above; ++k) add_bin((k - 1) * w, k * w);
  for (int kind = 0; kind < 3; ++kind) {
    for (const auto& [d, n] : *kinds[kind]) {
      const int64_t bin = d < 0 ? below - CeilDiv(-d, w) : d == 0 ? below : below + CeilDiv(d, w);
      DifferenceBin& b = h.bins[static_cast<size_t>(bin)];
      (kind == 0 ? b.in_both : kind == 1 ? b.newly_eligible : b.newly_ineligible) += n;
    }
  }
  return h;
}

std::vector<MoneyHistogram> AmountHistograms(const std::vector<const ProgramStats*>& scenarios,
                                             int max_bins) {
  std::vector<MoneyHistogram> out(scenarios.size());
  bool any = false;
  int64_t lo = 0, hi = 0;
  for (const ProgramStats* s : scenarios) {
    for (const auto& [amount, n] : s->amount_counts()) {
      if (n == 0) continue;
      lo = any ? std::min(lo, amount) : amount;
      hi = any ? std::max(hi, amount) : amount;
      any = true;
    }
  }
  if (!any) return out;
  int64_t w = kRawPerKurus;
  while (w < kWidestBin && FloorDiv(hi, w) - FloorDiv(lo, w) + 1 > max_bins) w = NextWidth(w);
  const int64_t first = FloorDiv(lo, w);
  const int64_t bins = FloorDiv(hi, w) - first + 1;
  for (size_t i = 0; i < scenarios.size(); ++i) {
    MoneyHistogram& h = out[i];
    h.width = w;
    for (int64_t b = 0; b < bins; ++b) {
      MoneyBin bin;
      bin.lower = (first + b) * w;
      bin.upper = bin.lower + w;
      h.bins.push_back(bin);
    }
    for (const auto& [amount, n] : scenarios[i]->amount_counts()) {
      h.bins[static_cast<size_t>(FloorDiv(amount, w) - first)].claims += n;
    }
  }
  return out;
}

MoneyHistogram ProgramStats::AmountHistogram(int max_bins) const {
  return AmountHistograms({this}, max_bins)[0];
}

int64_t ProgramStats::with_amount() const {
  int64_t n = 0;
  for (const auto& [amount, count] : amounts_) n += count;
  return n;
}

void ProgramStats::AddCounts(int64_t eligible, int64_t ineligible, int64_t undetermined) {
  eligible_ += eligible;
  ineligible_ += ineligible;
  undetermined_ += undetermined;
}

void ProgramStats::AddAmount(Decimal amount) {
  total_ += amount.raw();
  ++amounts_[amount.raw()];
}

void ProgramStats::AddDays(int64_t days) {
  total_days_ += days;
  ++days_[days];
  ++with_days_;
}

void ProgramStats::AddCost(absl::int128 net, int64_t claims) {
  cost_ += net;
  costed_ += claims;
}

void ProgramStats::AddWarned(int64_t claims) { warned_ += claims; }
void ProgramStats::AddOutputTotal(size_t output, absl::int128 total, int64_t claims) {
  if (output >= output_totals_.size()) {
    output_totals_.resize(output + 1, 0);
    output_claims_.resize(output + 1, 0);
  }
  output_totals_[output] += total;
  output_claims_[output] += claims;
}
void ProgramStats::AddFailed(const std::string& id, int64_t claims) { failed_[id] += claims; }
void ProgramStats::AddMissing(const std::string& name, int64_t claims) {
  missing_[name] += claims;
}

namespace {
std::vector<std::pair<std::string, int64_t>> MostFirst(
    const absl::flat_hash_map<std::string, int64_t>& counts) {
  std::vector<std::pair<std::string, int64_t>> out(counts.begin(), counts.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return out;
}
}  // namespace

std::vector<std::pair<std::string, int64_t>> ProgramStats::FailedConditions() const {
  return MostFirst(failed_);
}
std::vector<std::pair<std::string, int64_t>> ProgramStats::MissingInputs() const {
  return MostFirst(missing_);
}

void ProgramStats::Merge(const ProgramStats& o) {
  AddCounts(o.eligible_, o.ineligible_, o.undetermined_);
  AddCost(o.cost_, o.costed_);
  AddWarned(o.warned_);
  for (size_t k = 0; k < o.output_totals_.size(); ++k) {
    AddOutputTotal(k, o.output_totals_[k], o.output_claims_[k]);
  }
  for (const auto& [id, n] : o.failed_) failed_[id] += n;
  for (const auto& [name, n] : o.missing_) missing_[name] += n;
  total_ += o.total_;
  total_days_ += o.total_days_;
  with_days_ += o.with_days_;
  for (const auto& [amount, count] : o.amounts_) amounts_[amount] += count;
  for (const auto& [days, count] : o.days_) days_[days] += count;
}

absl::int128 ProgramStats::Mean() const {
  int64_t n = 0;
  for (const auto& [amount, count] : amounts_) n += count;
  if (n == 0) return 0;
  // Round half-up to the kuruş here, so FormatMoney has nothing left to round.
  const absl::int128 unit = absl::int128(n) * kRawPerKurus;
  const absl::int128 magnitude = total_ < 0 ? -total_ : total_;
  const absl::int128 kurus = (magnitude + unit / 2) / unit;
  return (total_ < 0 ? -kurus : kurus) * kRawPerKurus;
}

std::vector<int64_t> ProgramStats::Quantiles(const std::vector<int>& tenths) const {
  std::vector<std::pair<int64_t, int64_t>> sorted(amounts_.begin(), amounts_.end());
  std::sort(sorted.begin(), sorted.end());
  int64_t n = 0;
  for (const auto& entry : sorted) n += entry.second;
  std::vector<int64_t> out;
  if (n == 0) return out;
  for (int k : tenths) {
    const int64_t rank = std::max<int64_t>(1, (k * n + 9) / 10);  // ⌈k·n/10⌉
    int64_t seen = 0;
    for (const auto& [amount, count] : sorted) {
      seen += count;
      if (seen >= rank) {
        out.push_back(amount);
        break;
      }
    }
  }
  return out;
}

std::vector<std::pair<int64_t, int64_t>> ProgramStats::DayHistogram() const {
  std::vector<std::pair<int64_t, int64_t>> out(days_.begin(), days_.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::string FormatMoney(absl::int128 raw) {
  const bool negative = raw < 0;
  const absl::int128 magnitude = negative ? -raw : raw;
  const absl::int128 kurus = (magnitude + kRawPerKurus / 2) / kRawPerKurus;
  const int cents = static_cast<int>(kurus % 100);
  return absl::StrCat(negative && kurus != 0 ? "-" : "", Int128ToString(kurus / 100), ".",
                      cents < 10 ? "0" : "", cents);
}

std::string SummaryToJson(const SimulateSummary& s) {
  nlohmann::ordered_json j;
  j["input"] = s.input;
  j["reforms"] = s.reforms;
  if (s.has_reform) j["reform_titles"] = s.reform_titles;
  j["threads"] = s.threads;
  j["lines_read"] = s.lines;
  j["records_read"] = s.read;
  j["records_evaluated"] = s.evaluated;
  j["records_rejected"] = s.rejected;
  if (s.has_reform) j["records_with_reform_error"] = s.reform_errors;
  j["wall_seconds"] = std::round(s.wall_seconds * 1000) / 1000;
  j["claims_per_second"] =
      s.wall_seconds > 0 ? static_cast<int64_t>(static_cast<double>(s.read) / s.wall_seconds) : 0;
  if (s.ids_on_disk) {
    j["id_check"] = {{"on_disk", true},
                     {"held_back_records", s.held_back},
                     {"bytes_on_disk", s.id_bytes_on_disk}};
  }
  nlohmann::ordered_json programs = nlohmann::ordered_json::array();
  for (const ProgramSummary& p : s.programs) {
    nlohmann::ordered_json pj;
    pj["id"] = p.id;
    pj["title"] = p.title;
    pj.update(StatsJson(p, p.base));
    const std::vector<ScenarioView> views = ScenarioViews(s, p);
    if (!views.empty()) {
      pj["reform"] = StatsJson(p, *views[0].stats);
      pj["comparison"] = ComparisonJson(p, views[0]);
    }
    programs.push_back(pj);
  }
  j["programs"] = programs;
  // Several scenarios: each beside the baseline, with the same keys as a
  // programme's "reform" and "comparison" (the first is also there).
  if (s.scenarios.size() > 1) {
    nlohmann::ordered_json scenarios = nlohmann::ordered_json::array();
    for (size_t k = 0; k < s.scenarios.size(); ++k) {
      const ScenarioSummary& sc = s.scenarios[k];
      nlohmann::ordered_json sj;
      sj["name"] = sc.name;
      sj["files"] = sc.files;
      sj["titles"] = sc.titles;
      sj["records_with_error"] = sc.errors;
      nlohmann::ordered_json sp = nlohmann::ordered_json::array();
      for (const ProgramSummary& p : s.programs) {
        const std::vector<ScenarioView> views = ScenarioViews(s, p);
        if (k >= views.size()) continue;
        nlohmann::ordered_json pj;
        pj["id"] = p.id;
        pj.update(StatsJson(p, *views[k].stats));
        pj["comparison"] = ComparisonJson(p, views[k]);
        sp.push_back(pj);
      }
      sj["programs"] = sp;
      scenarios.push_back(sj);
    }
    j["scenarios"] = scenarios;
  }
  if (!s.warnings.empty()) j["warnings"] = s.warnings;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string UnchangedReformText(const UnchangedReform& u, TextLanguage language) {
  const bool tr = language == TextLanguage::kTurkish;
  std::string out = tr ? absl::StrCat(u.reform, " reformu hiçbir başvurunun kararını ya da tutarını "
                                      "değiştirmedi")
                       : absl::StrCat("reform ", u.reform,
                                      " changed no claim's verdict or amount");
  if (u.first_change.empty()) {
    absl::StrAppend(&out, tr ? ": hiçbir parametre değerini değiştirmiyor ve değiştirdiği kurallar "
                               "bu başvuruları belirlemiyor"
                             : ": it changes no parameter value, and the rules it changes do not "
                               "decide these claims");
  } else if (!u.latest_date.empty() && u.latest_date < u.first_change) {
    if (tr) {
      absl::StrAppend(&out, ": ilk değişikliği ", u.first_change, " tarihinde yürürlüğe giriyor; bu, ",
                      u.as_of ? "parametrelerin okunduğu tarihten (" : "başvurulardaki en geç tarihten (",
                      u.latest_date, ") sonra. Parametreleri daha geç bir tarihte okuyun ya da o "
                      "tarihten sonraki başvuruları kullanın");
    } else {
      absl::StrAppend(&out, ": its first change takes effect on ", u.first_change,
                      u.as_of ? ", after the date the parameters were read on ("
                              : ", after the latest date in the claims (",
                      u.latest_date,
                      "); read the parameters on a later date or use claims dated after it");
    }
  } else {
    absl::StrAppend(&out, tr ? absl::StrCat(": ilk değişikliği ", u.first_change,
                                            " tarihinde yürürlüğe giriyor; değiştirdiği değerler "
                                            "bu başvuruları belirlemiyor")
                             : absl::StrCat(": its first change takes effect on ", u.first_change,
                                            "; the values it changes do not decide these claims"));
  }
  return out;
}

std::string SummaryToText(const SimulateSummary& s, TextLanguage language) {
  const Words w{language == TextLanguage::kTurkish};
  std::string out;
  absl::StrAppend(&out, "odenek simulate: ", s.input);
  if (s.scenarios.size() > 1) {
    std::vector<std::string> names;
    for (const ScenarioSummary& sc : s.scenarios) {
      names.push_back(absl::StrCat(sc.name, " = ", absl::StrJoin(sc.files, " + ")));
    }
    absl::StrAppend(&out, w.tr_en(" (senaryolar: ", " (scenarios: "), absl::StrJoin(names, "; "),
                    ")");
  } else if (!s.reforms.empty()) {
    absl::StrAppend(&out, " (reform: ", absl::StrJoin(s.reforms, ", "), ")");
  }
  absl::StrAppend(&out, w.tr_en("\nkayıtlar: ", "\nrecords: "), w.Count(s.read),
                  w.tr_en(" okundu, ", " read, "), w.Count(s.evaluated),
                  w.tr_en(" değerlendirildi, ", " evaluated, "), w.Count(s.rejected),
                  w.tr_en(" reddedildi", " rejected"));
  if (s.lines > 0) absl::StrAppend(&out, " (", w.Count(s.lines), w.tr_en(" satır)", " lines)"));
  if (s.reform_errors > 0) {
    absl::StrAppend(&out, " (", w.Count(s.reform_errors),
                    w.tr_en(" kayıtta reform hatası)", " evaluated with a reform error)"));
  }
  absl::StrAppend(&out, "\n");
  for (const ProgramSummary& p : s.programs) {
    absl::StrAppend(&out, p.id, "\n");
    StatsText(p, p.base, "  ", w, &out);
    const std::vector<ScenarioView> views = ScenarioViews(s, p);
    for (const ScenarioView& v : views) {
      // One scenario keeps the words of a run with --reform; several are
      // named.
      if (views.size() == 1) {
        absl::StrAppend(&out, "  reform:\n");
      } else {
        absl::StrAppend(&out, w.tr_en("  senaryo ", "  scenario "), v.name, ":\n");
      }
      const char* indent = views.size() == 1 ? "  " : "    ";
      const ProgramStats& reform = *v.stats;
      StatsText(p, reform, "    ", w, &out);
      const ComparisonTally& c = *v.comparison;
      absl::StrAppend(&out, indent, w.tr_en("maliyet farkı: ", "cost difference: "),
                      w.Money(c.difference), " (",
                      w.Money(p.has_schedule ? p.base.cost() : p.base.total()), " -> ",
                      w.Money(p.has_schedule ? reform.cost() : reform.total()),
                      w.tr_en("; toplanan: ", "; sums "), CostSumsText(p, w), ")\n");
      if (p.has_schedule && !p.amount_name.empty()) {
        absl::StrAppend(&out, indent, w.tr_en("aylık ", "monthly "), p.amount_name,
                        w.tr_en(" farkı: ", " difference: "), w.Money(c.monthly_difference),
                        w.tr_en(" (başvuru başına bir ay)\n", " (one month per claim)\n"));
      }
      absl::StrAppend(&out, indent, w.tr_en("kazanan ", "gainers "), w.Count(c.gainers),
                      w.tr_en(", kaybeden ", ", losers "), w.Count(c.losers),
                      w.tr_en(", değişmeyen ", ", unchanged "), w.Count(c.unchanged),
                      w.tr_en(", yeni uygun ", ", newly eligible "), w.Count(c.newly_eligible),
                      w.tr_en(", uygunluğunu kaybeden ", ", newly ineligible "),
                      w.Count(c.newly_ineligible), "\n");
      const std::vector<size_t> order = AttributionOrder(*v.attribution);
      if (!order.empty()) {
        absl::StrAppend(&out, indent,
                        w.tr_en("değişen başvurular, ilk farklı kurala göre:",
                                "changed claims by first differing rule:"));
        for (size_t i = 0; i < order.size(); ++i) {
          const size_t k = order[i];
          absl::StrAppend(&out, i == 0 ? " " : ", ", (*v.attribution_rules)[k], " ",
                          w.Count((*v.attribution)[k].claims), " (",
                          w.Money((*v.attribution)[k].difference), ")");
        }
        absl::StrAppend(&out, "\n");
      }
    }
  }
  const double rate = s.wall_seconds > 0 ? static_cast<double>(s.read) / s.wall_seconds : 0;
  const std::string seconds = absl::StrFormat("%.3f", s.wall_seconds);
  absl::StrAppend(&out, w.tr_en("süre ", "wall time "), w.turkish ? TurkishNumber(seconds) : seconds,
                  w.tr_en(" sn, ", " s, "), w.Count(static_cast<int64_t>(rate)),
                  w.tr_en(" başvuru/sn (", " claims/s ("), s.threads,
                  w.turkish ? " iş parçacığı)\n" : (s.threads == 1 ? " thread)\n" : " threads)\n"));
  bool warned = false;
  for (const ScenarioSummary& sc : s.scenarios) {
    if (!sc.unchanged) continue;
    absl::StrAppend(&out, w.tr_en("uyarı: ", "warning: "), UnchangedReformText(*sc.unchanged, language),
                    "\n");
    warned = true;
  }
  if (s.unchanged_reform && !warned) {
    absl::StrAppend(&out, w.tr_en("uyarı: ", "warning: "),
                    UnchangedReformText(*s.unchanged_reform, language), "\n");
  }
  return out;
}

}  // namespace odenek
