#include "odenek/summary.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "odenek/decimal.h"

namespace odenek {
namespace {

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
    failed.push_back({{"condition", id},
                      {"reference", ref == p.condition_references.end() ? "" : ref->second},
                      {"claims", n}});
  }
  j["ineligible_by_condition"] = failed;
  nlohmann::ordered_json missing = nlohmann::ordered_json::array();
  for (const auto& [name, n] : s.MissingInputs()) {
    missing.push_back({{"input", name}, {"claims", n}});
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

void StatsText(const ProgramSummary& p, const ProgramStats& s, const char* indent,
               std::string* out) {
  absl::StrAppendFormat(out, "%s%d eligible (%.1f%%), %d ineligible, %d undetermined\n", indent,
                        s.eligible(), 100 * Share(s.eligible(), s.claims()), s.ineligible(),
                        s.undetermined());
  if (p.has_schedule && s.eligible() > 0) {
    absl::StrAppend(out, indent, "cost: ", FormatMoney(s.cost()), " (", CostSums(p), ")\n");
  }
  auto top = [&](const char* what, const std::vector<std::pair<std::string, int64_t>>& items) {
    if (items.empty()) return;
    absl::StrAppend(out, indent, what, ": ");
    for (size_t i = 0; i < items.size() && i < 5; ++i) {
      absl::StrAppend(out, i > 0 ? ", " : "", items[i].first, " ", items[i].second);
    }
    absl::StrAppend(out, items.size() > 5 ? ", ..." : "", "\n");
  };
  top("ineligible, by failed condition", s.FailedConditions());
  top("undetermined, by missing input", s.MissingInputs());
  if (s.warned() > 0) {
    absl::StrAppend(out, indent, "warning: ", s.warned(),
                    " results read a parameter after the last day its values are known "
                    "(the latest known value was used; see each result's warnings)\n");
  }
  if (!p.amount_name.empty() && s.eligible() > 0) {
    const std::vector<int64_t> median = s.Quantiles({5});
    absl::StrAppend(out, indent, p.amount_name, " (one month): total ", FormatMoney(s.total()), ", mean ",
                    FormatMoney(s.Mean()), ", median ", FormatMoney(median[0]), "\n");
    std::vector<std::string> deciles;
    for (int64_t d : s.Quantiles(kDeciles)) deciles.push_back(FormatMoney(d));
    absl::StrAppend(out, indent, "deciles: ", absl::StrJoin(deciles, " "), "\n");
  }
  if (s.eligible() > 0) {
    // The other money outputs on one line (the JSON `outputs` says what each
    // sums): the Fund's premiums over the schedule among them.
    std::vector<std::string> others;
    for (size_t k = 0; k < p.money_outputs.size(); ++k) {
      if (p.money_outputs[k] == p.amount_name || s.output_claims(k) == 0) continue;
      others.push_back(absl::StrCat(p.money_outputs[k], " ", FormatMoney(s.output_total(k))));
    }
    if (!others.empty()) {
      absl::StrAppend(out, indent, "other money outputs, total over eligible claims: ",
                      absl::StrJoin(others, ", "), "\n");
    }
  }
  if (!p.days_name.empty() && s.with_days() > 0) {
    absl::StrAppend(out, indent, p.days_name, ": total ", Int128ToString(s.total_days()),
                    " days; most common durations (days: claims):");
    std::vector<std::pair<int64_t, int64_t>> histogram = s.DayHistogram();
    // Long tails (late applications shorten the duration day by day) would
    // flood a terminal; the JSON summary has every value.
    std::stable_sort(histogram.begin(), histogram.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    const size_t shown = std::min<size_t>(histogram.size(), 6);
    int64_t rest = 0;
    for (size_t i = 0; i < histogram.size(); ++i) {
      if (i < shown) {
        absl::StrAppend(out, i == 0 ? " " : ", ", histogram[i].first, ": ", histogram[i].second);
      } else {
        rest += histogram[i].second;
      }
    }
    if (shown < histogram.size()) {
      absl::StrAppend(out, "; ", histogram.size() - shown, " other durations: ", rest);
    }
    absl::StrAppend(out, "\n");
  }
}

}  // namespace

std::vector<size_t> AttributionOrder(const ProgramSummary& p) {
  std::vector<size_t> order;
  for (size_t k = 0; k < p.attribution.size(); ++k) {
    if (p.attribution[k].claims > 0) order.push_back(k);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return p.attribution[a].claims > p.attribution[b].claims;
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
  j["threads"] = s.threads;
  j["lines_read"] = s.lines;
  j["records_read"] = s.read;
  j["records_evaluated"] = s.evaluated;
  j["records_rejected"] = s.rejected;
  if (s.has_reform) j["records_with_reform_error"] = s.reform_errors;
  j["wall_seconds"] = std::round(s.wall_seconds * 1000) / 1000;
  j["claims_per_second"] =
      s.wall_seconds > 0 ? static_cast<int64_t>(static_cast<double>(s.read) / s.wall_seconds) : 0;
  nlohmann::ordered_json programs = nlohmann::ordered_json::array();
  for (const ProgramSummary& p : s.programs) {
    nlohmann::ordered_json pj;
    pj["id"] = p.id;
    pj.update(StatsJson(p, p.base));
    if (s.has_reform) {
      pj["reform"] = StatsJson(p, p.reform);
      const ComparisonTally& c = p.comparison;
      nlohmann::ordered_json cj;
      cj["sums"] = CostSums(p);
      cj["baseline_cost"] = FormatMoney(p.has_schedule ? p.base.cost() : p.base.total());
      cj["reform_cost"] = FormatMoney(p.has_schedule ? p.reform.cost() : p.reform.total());
      cj["cost_difference"] = FormatMoney(c.difference);
      if (!p.amount_name.empty()) {
        cj["monthly"] = {{"sums", MonthlySums(p)},
                         {"baseline_total", FormatMoney(p.base.total())},
                         {"reform_total", FormatMoney(p.reform.total())},
                         {"difference", FormatMoney(c.monthly_difference)}};
      }
      cj["gainers"] = c.gainers;
      cj["losers"] = c.losers;
      cj["unchanged"] = c.unchanged;
      cj["newly_eligible"] = c.newly_eligible;
      cj["newly_ineligible"] = c.newly_ineligible;
      nlohmann::ordered_json attribution = nlohmann::ordered_json::array();
      for (size_t k : AttributionOrder(p)) {
        attribution.push_back({{"rule", p.attribution_rules[k]},
                               {"kind", p.attribution_kinds[k]},
                               {"claims", p.attribution[k].claims},
                               {"difference", FormatMoney(p.attribution[k].difference)}});
      }
      cj["attribution"] = attribution;
      pj["comparison"] = cj;
    }
    programs.push_back(pj);
  }
  j["programs"] = programs;
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string SummaryToText(const SimulateSummary& s) {
  std::string out;
  absl::StrAppend(&out, "odenek simulate: ", s.input);
  if (!s.reforms.empty()) absl::StrAppend(&out, " (reform: ", absl::StrJoin(s.reforms, ", "), ")");
  absl::StrAppend(&out, "\nrecords: ", s.read, " read, ", s.evaluated, " evaluated, ", s.rejected,
                  " rejected");
  if (s.lines > 0) absl::StrAppend(&out, " (", s.lines, " lines)");
  if (s.reform_errors > 0) {
    absl::StrAppend(&out, " (", s.reform_errors, " evaluated with a reform error)");
  }
  absl::StrAppend(&out, "\n");
  for (const ProgramSummary& p : s.programs) {
    absl::StrAppend(&out, p.id, "\n");
    StatsText(p, p.base, "  ", &out);
    if (s.has_reform) {
      absl::StrAppend(&out, "  reform:\n");
      StatsText(p, p.reform, "    ", &out);
      const ComparisonTally& c = p.comparison;
      absl::StrAppend(&out, "  cost difference: ", FormatMoney(c.difference), " (",
                      FormatMoney(p.has_schedule ? p.base.cost() : p.base.total()), " -> ",
                      FormatMoney(p.has_schedule ? p.reform.cost() : p.reform.total()),
                      "; sums ", CostSums(p), ")\n");
      if (p.has_schedule && !p.amount_name.empty()) {
        absl::StrAppend(&out, "  monthly ", p.amount_name, " difference: ",
                        FormatMoney(c.monthly_difference), " (one month per claim)\n");
      }
      absl::StrAppend(&out, "  gainers ", c.gainers, ", losers ", c.losers, ", unchanged ",
                      c.unchanged, ", newly eligible ", c.newly_eligible, ", newly ineligible ",
                      c.newly_ineligible, "\n");
      const std::vector<size_t> order = AttributionOrder(p);
      if (!order.empty()) {
        absl::StrAppend(&out, "  changed claims by first differing rule:");
        for (size_t i = 0; i < order.size(); ++i) {
          const size_t k = order[i];
          absl::StrAppend(&out, i == 0 ? " " : ", ", p.attribution_rules[k], " ",
                          p.attribution[k].claims, " (", FormatMoney(p.attribution[k].difference),
                          ")");
        }
        absl::StrAppend(&out, "\n");
      }
    }
  }
  const double rate = s.wall_seconds > 0 ? static_cast<double>(s.read) / s.wall_seconds : 0;
  absl::StrAppendFormat(&out, "wall time %.3f s, %s claims/s (%d %s)\n", s.wall_seconds,
                        TurkishNumber(absl::StrCat(static_cast<int64_t>(rate))), s.threads,
                        s.threads == 1 ? "thread" : "threads");
  return out;
}

}  // namespace odenek
