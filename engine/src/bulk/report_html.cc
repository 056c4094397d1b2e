#include "bulk/report_html.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "odenek/decimal.h"

namespace odenek::internal {
namespace {

constexpr int kAmountBins = 20;
constexpr int kMaxDayBars = 20;

// Chart geometry (SVG user units).
constexpr double kWidth = 640, kHeight = 280;
constexpr double kLeft = 72, kRight = 12, kTop = 24, kBottom = 44;

// Every number in the report is written the Turkish way, as in every
// officer-facing text (TurkishNumber: "4.966.857.171,92").
std::string GroupDigits(const std::string& number) { return TurkishNumber(number); }

std::string Count(int64_t n) { return GroupDigits(absl::StrCat(n)); }
std::string Count(absl::int128 n) {
  // Day totals fit int64 for any file this tool can read in a lifetime.
  return Count(static_cast<int64_t>(n));
}
std::string Money(absl::int128 raw) { return GroupDigits(FormatMoney(raw)); }

std::string Percent(int64_t part, int64_t whole) {
  if (whole == 0) return "–";
  // Turkish puts the sign first: %12,5.
  return "%" + TurkishNumber(absl::StrFormat(
                   "%.1f", 100.0 * static_cast<double>(part) / static_cast<double>(whole)));
}

double Tl(int64_t raw) { return static_cast<double>(raw) / static_cast<double>(Decimal::kOne); }

// A number for an axis tick: whole numbers grouped, others as short as they go.
std::string Tick(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) {
    return GroupDigits(absl::StrCat(static_cast<int64_t>(std::llround(v))));
  }
  return TurkishNumber(absl::StrFormat("%g", v));
}

// ---------------------------------------------------------------------------
// A bar chart: categories along x, one bar per series in each.

struct Series {
  std::string name;
  std::vector<double> values;      // one per category, >= 0
  std::vector<std::string> texts;  // the value as shown in the bar's tooltip
};

struct Chart {
  std::string id;
  std::string title;    // Turkish / English
  std::string note;     // under the chart: how to read it
  std::string y_label;  // unit of the values
  std::vector<std::string> categories;
  std::vector<Series> series;
};

// A "nice" tick step (1, 2, 2.5 or 5 × 10^k) giving about four gridlines.
double TickStep(double max) {
  const double raw = max / 4;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

std::string RenderChart(const Chart& c) {
  double max = 0;
  for (const Series& s : c.series) {
    for (double v : s.values) max = std::max(max, v);
  }
  if (max <= 0) max = 1;
  const double step = TickStep(max);
  const double top = std::ceil(max / step - 1e-9) * step;
  const double plot_w = kWidth - kLeft - kRight;
  const double plot_h = kHeight - kTop - kBottom;
  auto y_of = [&](double v) { return kTop + plot_h * (1 - v / top); };

  std::string out;
  absl::StrAppend(&out, "<figure class=\"chart\" id=\"", HtmlEscape(c.id), "\">\n");
  absl::StrAppendFormat(&out,
                        "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
                        "height=\"%.0f\" role=\"img\" aria-label=\"%s\">\n",
                        kWidth, kHeight, kWidth, kHeight, HtmlEscape(c.title));
  // Gridlines and their labels.
  for (double v = 0; v <= top + step / 2; v += step) {
    const double y = y_of(v);
    absl::StrAppendFormat(&out,
                          "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                          "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                          kLeft, y, kWidth - kRight, y, kLeft - 6, y + 4, HtmlEscape(Tick(v)));
  }
  absl::StrAppendFormat(&out,
                        "<text class=\"unit\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">%s</text>\n",
                        4.0, kTop - 10, HtmlEscape(c.y_label));

  const size_t n = c.categories.size();
  const size_t k = std::max<size_t>(1, c.series.size());
  const double slot = n == 0 ? plot_w : plot_w / static_cast<double>(n);
  const double gap = std::min(slot * 0.2, 8.0);
  const double bar_w = (slot - gap) / static_cast<double>(k);
  // At most about 12 category labels fit under 560 units of plot.
  const size_t label_every = std::max<size_t>(1, (n + 11) / 12);
  for (size_t i = 0; i < n; ++i) {
    const double x0 = kLeft + slot * static_cast<double>(i) + gap / 2;
    for (size_t s = 0; s < c.series.size(); ++s) {
      const Series& series = c.series[s];
      const double v = i < series.values.size() ? std::max(0.0, series.values[i]) : 0;
      const double y = y_of(v);
      const std::string text = i < series.texts.size() ? series.texts[i] : Tick(v);
      absl::StrAppendFormat(
          &out,
          "<rect class=\"bar s%d\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\">"
          "<title>%s</title></rect>\n",
          s, x0 + bar_w * static_cast<double>(s), y, bar_w, kTop + plot_h - y,
          HtmlEscape(absl::StrCat(c.categories[i], " — ", series.name, ": ", text)));
    }
    if (i % label_every == 0) {
      absl::StrAppendFormat(&out,
                            "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
                            "text-anchor=\"middle\">%s</text>\n",
                            x0 + (slot - gap) / 2, kTop + plot_h + 16,
                            HtmlEscape(c.categories[i]));
    }
  }
  absl::StrAppendFormat(&out,
                        "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                        kLeft, kTop + plot_h, kWidth - kRight, kTop + plot_h);
  if (c.series.size() > 1) {
    double x = kWidth - kRight - 150 * static_cast<double>(c.series.size());
    for (size_t s = 0; s < c.series.size(); ++s) {
      absl::StrAppendFormat(&out,
                            "<rect class=\"legend s%d\" x=\"%.1f\" y=\"%.1f\" width=\"10\" "
                            "height=\"10\"/><text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                            s, x, kHeight - 14, x + 14, kHeight - 5,
                            HtmlEscape(c.series[s].name));
      x += 150;
    }
  }
  out += "</svg>\n";
  absl::StrAppend(&out, "<figcaption>", HtmlEscape(c.title));
  if (!c.note.empty()) absl::StrAppend(&out, "<br><small>", HtmlEscape(c.note), "</small>");
  out += "</figcaption>\n</figure>\n";
  return out;
}

// ---------------------------------------------------------------------------
// The charts' data.

struct Scenario {
  const char* name;
  const ProgramStats* stats;
};

std::vector<Scenario> Scenarios(const SimulateSummary& s, const ProgramSummary& p) {
  std::vector<Scenario> out = {{"Mevcut / Baseline", &p.base}};
  if (s.has_reform) out.push_back({"Reform", &p.reform});
  return out;
}

// The main amount in kAmountBins equal bins over [min, max] of every
// scenario. Each tenth of a scenario's eligible claims is spread evenly over
// its decile band (nearest-rank quantiles 0/10 … 10/10, i.e. min, D1…D9,
// max); a band of one amount goes whole into that amount's bin. Bars are the
// share of eligible claims, in percent.
Chart AmountChart(const SimulateSummary& s, const ProgramSummary& p) {
  std::vector<std::vector<int64_t>> quantiles;
  double lo = 0, hi = 0;
  bool any = false;
  for (const Scenario& sc : Scenarios(s, p)) {
    quantiles.push_back(sc.stats->Quantiles({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    const std::vector<int64_t>& q = quantiles.back();
    if (q.size() != 11) continue;
    lo = any ? std::min(lo, Tl(q.front())) : Tl(q.front());
    hi = any ? std::max(hi, Tl(q.back())) : Tl(q.back());
    any = true;
  }
  const int bins = hi > lo ? kAmountBins : 1;
  const double width = hi > lo ? (hi - lo) / bins : 1;
  auto bin_of = [&](double v) {
    return std::clamp(static_cast<int>((v - lo) / width), 0, bins - 1);
  };

  Chart c;
  c.id = absl::StrCat("amount-", p.id);
  c.title = absl::StrCat("Tutar dağılımı / Amount distribution: ", p.amount_name, " (", p.id, ")");
  c.note =
      "Share of eligible claims per amount bin, rebuilt from the exact deciles (each tenth "
      "spread evenly over its decile band).";
  c.y_label = "% uygun / % of eligible";
  for (int b = 0; b < bins; ++b) {
    c.categories.push_back(Tick(std::round(lo + width * b)));
  }
  const std::vector<Scenario> scenarios = Scenarios(s, p);
  for (size_t i = 0; i < scenarios.size(); ++i) {
    Series series;
    series.name = scenarios[i].name;
    series.values.assign(bins, 0);
    const std::vector<int64_t>& q = quantiles[i];
    if (q.size() == 11) {
      for (int k = 1; k <= 10; ++k) {
        const double a = Tl(q[k - 1]), b = Tl(q[k]);
        if (b <= a) {
          series.values[bin_of(b)] += 10;
          continue;
        }
        for (int bin = bin_of(a); bin <= bin_of(b); ++bin) {
          const double from = std::max(a, lo + width * bin);
          const double to = std::min(b, lo + width * (bin + 1));
          if (to > from) series.values[bin] += 10 * (to - from) / (b - a);
        }
      }
    }
    for (int b = 0; b < bins; ++b) {
      series.texts.push_back(absl::StrFormat(
          "%%%s (%s – %s TL)", TurkishNumber(absl::StrFormat("%.1f", series.values[b])),
          Tick(std::round(lo + width * b)), Tick(std::round(lo + width * (b + 1)))));
    }
    c.series.push_back(std::move(series));
  }
  return c;
}

// Durations: one bar per distinct value when there are few, else equal
// whole-day bins over [min, max].
Chart DaysChart(const SimulateSummary& s, const ProgramSummary& p) {
  const std::vector<Scenario> scenarios = Scenarios(s, p);
  std::vector<std::vector<std::pair<int64_t, int64_t>>> histograms;
  std::vector<int64_t> distinct;
  for (const Scenario& sc : scenarios) {
    histograms.push_back(sc.stats->DayHistogram());
    for (const auto& [days, count] : histograms.back()) distinct.push_back(days);
  }
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());

  Chart c;
  c.id = absl::StrCat("days-", p.id);
  c.title = absl::StrCat("Süre dağılımı / Duration histogram: ", p.days_name, " (", p.id, ")");
  c.note = "Eligible claims by benefit duration in days.";
  c.y_label = "başvuru / claims";
  // Bin b covers [first[b], first[b] + width).
  std::vector<int64_t> first;
  int64_t width = 1;
  if (static_cast<int>(distinct.size()) <= kMaxDayBars) {
    first = distinct;
    for (int64_t d : distinct) c.categories.push_back(absl::StrCat(d));
  } else {
    const int64_t span = distinct.back() - distinct.front() + 1;
    width = (span + kMaxDayBars - 1) / kMaxDayBars;
    for (int64_t d = distinct.front(); d <= distinct.back(); d += width) {
      first.push_back(d);
      c.categories.push_back(absl::StrCat(d, "–", d + width - 1));
    }
  }
  for (size_t i = 0; i < scenarios.size(); ++i) {
    Series series;
    series.name = scenarios[i].name;
    series.values.assign(first.size(), 0);
    for (const auto& [days, count] : histograms[i]) {
      // The last bin starting at or before `days`.
      const auto it = std::upper_bound(first.begin(), first.end(), days);
      if (it == first.begin()) continue;
      const size_t bin = static_cast<size_t>(it - first.begin()) - 1;
      if (days < first[bin] + width) series.values[bin] += static_cast<double>(count);
    }
    for (double v : series.values) series.texts.push_back(Count(static_cast<int64_t>(v)));
    c.series.push_back(std::move(series));
  }
  return c;
}

Chart DecileChart(const SimulateSummary& s, const ProgramSummary& p) {
  Chart c;
  c.id = absl::StrCat("deciles-", p.id);
  c.title = absl::StrCat(s.has_reform ? "Ondalık dilimler, mevcut ve reform / Baseline vs reform "
                                        "by decile: "
                                      : "Ondalık dilimler / Amount deciles: ",
                         p.amount_name, " (", p.id, ")");
  c.note = "Decile k: the amount the k·10% of eligible claims with the lowest amounts stay "
           "within (nearest rank).";
  c.y_label = "TL";
  for (int k = 1; k <= 9; ++k) c.categories.push_back(absl::StrCat("D", k));
  for (const Scenario& sc : Scenarios(s, p)) {
    Series series;
    series.name = sc.name;
    for (int64_t q : sc.stats->Quantiles({1, 2, 3, 4, 5, 6, 7, 8, 9})) {
      series.values.push_back(Tl(q));
      series.texts.push_back(absl::StrCat(Money(q), " TL"));
    }
    c.series.push_back(std::move(series));
  }
  return c;
}

// ---------------------------------------------------------------------------
// Tables.

void Row(const std::vector<std::string>& cells, const char* tag, std::string* out) {
  *out += "<tr>";
  for (const std::string& cell : cells) {
    absl::StrAppend(out, "<", tag, ">", HtmlEscape(cell), "</", tag, ">");
  }
  *out += "</tr>\n";
}

void StatsRow(const ProgramSummary& p, const char* scenario, const ProgramStats& st,
              std::string* out) {
  const bool amounts = !p.amount_name.empty() && st.eligible() > 0;
  const std::vector<int64_t> median = amounts ? st.Quantiles({5}) : std::vector<int64_t>();
  Row({p.id, scenario, Count(st.claims()), Count(st.eligible()),
       Percent(st.eligible(), st.claims()), Count(st.ineligible()), Count(st.undetermined()),
       p.has_schedule && st.eligible() > 0 ? Money(st.cost()) : "–",
       amounts ? Money(st.total()) : "–", amounts ? Money(st.Mean()) : "–",
       median.empty() ? "–" : Money(median[0]),
       p.days_name.empty() ? "–" : Count(st.total_days())},
      "td", out);
}

constexpr char kStyle[] = R"(<style>
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:66em;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.9em}
.wide{overflow-x:auto}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right;font-variant-numeric:tabular-nums}
th{background:#f3f3f3}td:first-child,th:first-child,td.text{text-align:left}
.meta td{text-align:left}
figure.chart{margin:1em 0}figcaption{font-size:.9em;color:#444}
svg.chart{max-width:100%;height:auto;background:#fff}
.bar.s0,.legend.s0{fill:#4e79a7}.bar.s1,.legend.s1{fill:#f28e2b}
.grid{stroke:#e3e3e3}.axis{stroke:#888}.unit{fill:#444;font-size:11px}
.tick{fill:#444;font-size:10px}
.neg{color:#a00}.pos{color:#070}
</style>
)";

}  // namespace

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace odenek::internal

namespace odenek {

std::string SummaryToHtml(const SimulateSummary& s) {
  using namespace internal;  // NOLINT: this file's helpers
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"tr\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  absl::StrAppend(&out, "<title>", HtmlEscape(absl::StrCat("odenek simulate: ", s.input)),
                  "</title>\n", kStyle, "</head>\n<body>\n");
  out += "<h1>Simülasyon raporu / Simulation report</h1>\n";

  // Run.
  out += "<table class=\"meta\" id=\"run\">\n";
  Row({"Girdi / Input", s.input}, "td", &out);
  if (!s.reforms.empty()) Row({"Reform", absl::StrJoin(s.reforms, ", ")}, "td", &out);
  const double rate = s.wall_seconds > 0 ? static_cast<double>(s.read) / s.wall_seconds : 0;
  Row({"Süre / Wall time", absl::StrFormat("%.3f s", s.wall_seconds)}, "td", &out);
  Row({"Hız / Rate", absl::StrCat(Count(static_cast<int64_t>(rate)), " claims/s (", s.threads,
                                  s.threads == 1 ? " thread)" : " threads)")},
      "td", &out);
  out += "</table>\n";

  // Records.
  out += "<h2>Kayıtlar / Records</h2>\n<table id=\"records\">\n";
  Row({"Okunan / Read", "Değerlendirilen / Evaluated", "Reddedilen / Rejected"}, "th", &out);
  Row({Count(s.read), Count(s.evaluated), Count(s.rejected)}, "td", &out);
  out += "</table>\n";
  if (s.read != s.evaluated + s.rejected) {
    out += "<p class=\"neg\">read ≠ evaluated + rejected: the summary does not reconcile.</p>\n";
  }

  // Programmes.
  // Eleven columns: let the table scroll on a narrow window, not the page.
  out += "<h2>Programlar / Programmes</h2>\n<div class=\"wide\"><table id=\"programs\">\n";
  Row({"Program / Programme", "Senaryo / Scenario", "Başvuru / Claims", "Uygun / Eligible",
       "Pay / Share", "Uygun değil / Ineligible", "Belirsiz / Undetermined",
       "Maliyet / Cost (TL): ödeme takvimi boyunca net / net over the payment schedule",
       "Aylık toplam / Monthly total (TL): bir aylık tutar / one month's amount",
       "Aylık ortalama / Monthly mean (TL)", "Aylık medyan / Monthly median (TL)",
       "Toplam gün / Total days"},
      "th", &out);
  for (const ProgramSummary& p : s.programs) {
    StatsRow(p, "Mevcut / Baseline", p.base, &out);
    if (s.has_reform) StatsRow(p, "Reform", p.reform, &out);
  }
  out += "</table></div>\n";

  for (const ProgramSummary& p : s.programs) {
    absl::StrAppend(&out, "<h2 id=\"program-", HtmlEscape(p.id), "\">", HtmlEscape(p.id),
                    "</h2>\n");
    if (s.has_reform) {
      const ComparisonTally& c = p.comparison;
      out += "<h3>Reform etkisi / Reform impact</h3>\n";
      absl::StrAppend(&out, "<table class=\"comparison\" id=\"comparison-", HtmlEscape(p.id),
                      "\">\n");
      Row({"Mevcut maliyet / Baseline cost (TL)", "Reform maliyeti / Reform cost (TL)",
           "Maliyet farkı / Cost difference (TL)", "Aylık fark / Monthly difference (TL)"},
          "th", &out);
      Row({Money(p.has_schedule ? p.base.cost() : p.base.total()),
           Money(p.has_schedule ? p.reform.cost() : p.reform.total()), Money(c.difference),
           Money(c.monthly_difference)},
          "td", &out);
      absl::StrAppend(&out, "<p class=\"note\">",
                      p.has_schedule
                          ? "Maliyet: her uygun başvurunun ödeme takvimi boyunca net ödemeleri "
                            "toplamı / Cost: net payments over each eligible claim's schedule "
                            "(the entitlement cost)."
                          : "Maliyet: her uygun başvurunun ana tutarı (programın ödeme takvimi "
                            "yok) / Cost: each eligible claim's main amount (no schedule).",
                      "</p>\n");
      out += "</table>\n";
      absl::StrAppend(&out, "<table class=\"comparison\" id=\"changes-", HtmlEscape(p.id),
                      "\">\n");
      Row({"Kazanan / Gainers", "Kaybeden / Losers", "Değişmeyen / Unchanged",
           "Yeni uygun / Newly eligible", "Uygunluğunu yitiren / Newly ineligible"},
          "th", &out);
      Row({Count(c.gainers), Count(c.losers), Count(c.unchanged), Count(c.newly_eligible),
           Count(c.newly_ineligible)},
          "td", &out);
      out += "</table>\n";
      out += "<h3>Farkın kaynağı / Attribution (first rule where baseline and reform "
             "differ)</h3>\n";
      absl::StrAppend(&out, "<table class=\"attribution\" id=\"attribution-", HtmlEscape(p.id),
                      "\">\n");
      Row({"Kural / Rule", "Tür / Kind", "Değişen başvuru / Changed claims",
           "Fark / Difference (TL)"},
          "th", &out);
      const std::vector<size_t> order = AttributionOrder(p);
      for (size_t k : order) {
        Row({p.attribution_rules[k], p.attribution_kinds[k], Count(p.attribution[k].claims),
             Money(p.attribution[k].difference)},
            "td", &out);
      }
      if (order.empty()) Row({"(no claim changed)", "", "0", "0.00"}, "td", &out);
      out += "</table>\n";
    }
    // Why claims were not eligible, and what undetermined ones lack: each
    // scenario's counts side by side.
    auto reasons_table = [&](const char* id, const char* head,
                             std::vector<std::pair<std::string, int64_t>> (ProgramStats::*list)()
                                 const,
                             bool with_reference) {
      // Names in the baseline's order (most first), then the reform's new ones.
      std::vector<std::string> names;
      std::map<std::string, int64_t> counts[2];
      for (int side = 0; side < (s.has_reform ? 2 : 1); ++side) {
        for (const auto& [name, n] : ((side == 0 ? p.base : p.reform).*list)()) {
          if (counts[0].count(name) == 0 && counts[1].count(name) == 0) names.push_back(name);
          counts[side][name] = n;
        }
      }
      if (names.empty()) return;
      absl::StrAppend(&out, "<h3>", head, "</h3>\n<table class=\"reasons\" id=\"", id, "-",
                      HtmlEscape(p.id), "\">\n");
      std::vector<std::string> header = {with_reference ? "Koşul / Condition" : "Girdi / Input"};
      if (with_reference) header.push_back("Madde / Article");
      header.push_back(s.has_reform ? "Mevcut / Baseline" : "Başvuru / Claims");
      if (s.has_reform) header.push_back("Reform");
      Row(header, "th", &out);
      auto count_in = [&counts](int side, const std::string& name) {
        auto it = counts[side].find(name);
        return it == counts[side].end() ? int64_t{0} : it->second;
      };
      for (const std::string& name : names) {
        std::vector<std::string> row = {name};
        if (with_reference) {
          auto ref = p.condition_references.find(name);
          row.push_back(ref == p.condition_references.end() ? "" : ref->second);
        }
        row.push_back(Count(count_in(0, name)));
        if (s.has_reform) row.push_back(Count(count_in(1, name)));
        Row(row, "td", &out);
      }
      out += "</table>\n";
    };
    reasons_table("ineligible", "Uygun olmama sebepleri / Ineligible, by failed condition",
                  &ProgramStats::FailedConditions, true);
    reasons_table("undetermined", "Belirsiz: eksik girdiler / Undetermined, by missing input",
                  &ProgramStats::MissingInputs, false);
    if (!p.amount_name.empty()) {
      out += RenderChart(AmountChart(s, p));
      out += RenderChart(DecileChart(s, p));
    }
    if (!p.days_name.empty()) out += RenderChart(DaysChart(s, p));
  }

  out += "<p><small>odenek simulate. Tutarlar TL, kuruşa yuvarlanmış / amounts in TL, "
         "rounded to the kuruş; medians and deciles are exact nearest-rank values.</small></p>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace odenek
