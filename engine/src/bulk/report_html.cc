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
#include "bulk/scenario_view.h"
#include "odenek/decimal.h"

namespace odenek::internal {
namespace {

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
// A bin edge: whole lira without decimals ("2.500"), else to the kuruş.
// Exact: from the raw value, never through a double.
std::string Edge(int64_t raw) {
  if (raw % Decimal::kOne == 0) return Count(raw / Decimal::kOne);
  return Money(raw);
}

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
// A bar chart: categories along x, one bar per series in each (side by side,
// or stacked).

struct Series {
  std::string name;
  std::string css;                 // the bars' colour class ("s0", "loss", ...)
  std::vector<double> values;      // one per category, >= 0
  std::vector<std::string> texts;  // the value as shown in the bar's tooltip
  // Histograms: the exact claims behind each bar (data-claims), and what
  // they add up to (the figure's data-totals), so a reader (the Chromium
  // test) can check that no claim was lost to binning.
  std::vector<int64_t> claims;
  int64_t total = -1;
};

struct Chart {
  std::string id;
  std::string title;    // Turkish / English
  std::string note;     // under the chart: how to read it
  std::string y_label;  // unit of the values
  bool stacked = false;
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
  const size_t n = c.categories.size();
  double max = 0;
  for (size_t i = 0; i < n; ++i) {
    double stack = 0;
    for (const Series& s : c.series) {
      const double v = i < s.values.size() ? std::max(0.0, s.values[i]) : 0;
      stack = c.stacked ? stack + v : std::max(stack, v);
    }
    max = std::max(max, stack);
  }
  if (max <= 0) max = 1;
  const double step = TickStep(max);
  const double top = std::ceil(max / step - 1e-9) * step;
  const double plot_w = kWidth - kLeft - kRight;
  const double plot_h = kHeight - kTop - kBottom;
  auto y_of = [&](double v) { return kTop + plot_h * (1 - v / top); };

  bool histogram = false;
  std::vector<std::string> totals;
  for (const Series& s : c.series) {
    if (s.total >= 0) histogram = true;
    totals.push_back(absl::StrCat(s.total));
  }
  std::string out;
  absl::StrAppend(&out, "<figure class=\"chart", histogram ? " histogram" : "", "\" id=\"",
                  HtmlEscape(c.id), "\"");
  if (histogram) absl::StrAppend(&out, " data-totals=\"", absl::StrJoin(totals, " "), "\"");
  out += ">\n";
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

  const size_t k = c.stacked ? 1 : std::max<size_t>(1, c.series.size());
  const double slot = n == 0 ? plot_w : plot_w / static_cast<double>(n);
  const double gap = std::min(slot * 0.2, 8.0);
  const double bar_w = (slot - gap) / static_cast<double>(k);
  // At most about 12 category labels fit under 560 units of plot.
  const size_t label_every = std::max<size_t>(1, (n + 11) / 12);
  for (size_t i = 0; i < n; ++i) {
    const double x0 = kLeft + slot * static_cast<double>(i) + gap / 2;
    double base = 0;  // stacked: the top of the bars below
    for (size_t s = 0; s < c.series.size(); ++s) {
      const Series& series = c.series[s];
      const double v = i < series.values.size() ? std::max(0.0, series.values[i]) : 0;
      if (c.stacked && v <= 0 && !series.claims.empty()) {
        // An empty stack segment still carries its count (0) for readers.
        absl::StrAppendFormat(&out,
                              "<rect class=\"bar %s\" data-series=\"%d\" data-claims=\"0\" "
                              "x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"0\"/>\n",
                              series.css, s, x0, y_of(base), bar_w);
        continue;
      }
      const double y = y_of(base + v);
      const double h = y_of(base) - y;
      const double x = c.stacked ? x0 : x0 + bar_w * static_cast<double>(s);
      const std::string text = i < series.texts.size() ? series.texts[i] : Tick(v);
      std::string data;
      if (i < series.claims.size()) {
        data = absl::StrFormat(" data-series=\"%d\" data-claims=\"%d\"", s, series.claims[i]);
      }
      absl::StrAppendFormat(
          &out,
          "<rect class=\"bar %s\"%s x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\">"
          "<title>%s</title></rect>\n",
          series.css, data, x, y, bar_w, h,
          HtmlEscape(absl::StrCat(c.categories[i], " — ", series.name, ": ", text)));
      if (c.stacked) base += v;
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
  out += "</svg>\n";
  if (c.series.size() > 1) {
    // In HTML, not in the SVG: long scenario titles wrap instead of running
    // off the chart.
    out += "<ul class=\"legend\">";
    for (const Series& s : c.series) {
      absl::StrAppend(&out, "<li><span class=\"swatch ", s.css, "\"></span>",
                      HtmlEscape(s.name), "</li>");
    }
    out += "</ul>\n";
  }
  absl::StrAppend(&out, "<figcaption>", HtmlEscape(c.title));
  if (!c.note.empty()) absl::StrAppend(&out, "<br><small>", HtmlEscape(c.note), "</small>");
  out += "</figcaption>\n</figure>\n";
  return out;
}

// ---------------------------------------------------------------------------
// The charts' data.

struct Scenario {
  std::string name;
  const ProgramStats* stats;
};

// How the report names the reform scenario: its files' titles.
std::string ReformName(const SimulateSummary& s) {
  if (!s.reform_titles.empty()) return absl::StrJoin(s.reform_titles, " + ");
  if (!s.reforms.empty()) return absl::StrJoin(s.reforms, " + ");
  return "Reform";
}

// How the report names one scenario: the reform by its titles when the run
// has one; each by its name and titles when it has several.
std::string ScenarioName(const SimulateSummary& s, const ScenarioView& v) {
  if (v.scenario == nullptr || s.scenarios.size() < 2) return ReformName(s);
  if (v.scenario->titles.empty()) return v.name;
  return absl::StrCat(v.name, ": ", absl::StrJoin(v.scenario->titles, " + "));
}

std::string ScenarioLabel(const SimulateSummary& s, const ScenarioView& v) {
  return absl::StrCat(s.scenarios.size() < 2 ? "Reform: " : "Senaryo / Scenario ",
                      ScenarioName(s, v));
}

// What tells one scenario's tables and charts apart in ids: nothing when
// there is one (the ids of a run with --reform), "-NAME" when several.
std::string IdSuffix(const SimulateSummary& s, const ScenarioView& v) {
  return s.scenarios.size() < 2 ? "" : absl::StrCat("-", v.name);
}

// The baseline, then each scenario.
std::vector<Scenario> Scenarios(const SimulateSummary& s, const ProgramSummary& p) {
  std::vector<Scenario> out = {{"Mevcut / Baseline", &p.base}};
  for (const ScenarioView& v : ScenarioViews(s, p)) out.push_back({ScenarioLabel(s, v), v.stats});
  return out;
}

std::string ProgramName(const ProgramSummary& p) {
  return p.title.empty() ? p.id : absl::StrCat(p.title, " (", p.id, ")");
}

// The main amount, counted exactly per bin (ProgramStats::AmountHistogram),
// every scenario on one grid so their bars stand side by side.
Chart AmountChart(const SimulateSummary& s, const ProgramSummary& p) {
  const std::vector<Scenario> scenarios = Scenarios(s, p);
  std::vector<const ProgramStats*> stats;
  for (const Scenario& sc : scenarios) stats.push_back(sc.stats);
  const std::vector<MoneyHistogram> histograms = AmountHistograms(stats);

  Chart c;
  c.id = absl::StrCat("amount-", p.id);
  c.title = absl::StrCat("Tutar dağılımı / Amount histogram: ", p.amount_name, ", ",
                         ProgramName(p));
  const int64_t width = histograms.empty() ? 0 : histograms[0].width;
  c.note = absl::StrCat(
      "Eligible claims per amount bin of ", Edge(width),
      " TL, counted from every claim's amount (one month's amount, not the entitlement). "
      "Each bar is labelled with its lower edge; a bin holds amounts from its lower edge up to, "
      "not including, the next.");
  c.y_label = "başvuru / claims";
  if (!histograms.empty()) {
    for (const MoneyBin& b : histograms[0].bins) c.categories.push_back(Edge(b.lower));
  }
  for (size_t i = 0; i < scenarios.size(); ++i) {
    Series series;
    series.name = scenarios[i].name;
    series.css = absl::StrCat("s", i);
    series.total = scenarios[i].stats->with_amount();
    for (const MoneyBin& b : histograms[i].bins) {
      series.values.push_back(static_cast<double>(b.claims));
      series.claims.push_back(b.claims);
      series.texts.push_back(absl::StrCat(Count(b.claims), " başvuru / claims (",
                                          Percent(b.claims, series.total), "), ",
                                          Edge(b.lower), " – ", Edge(b.upper), " TL"));
    }
    c.series.push_back(std::move(series));
  }
  return c;
}

// Gains and losses: per claim eligible in either scenario, reform − baseline
// value, stacked by what happened to the claim.
Chart DifferenceChart(const SimulateSummary& s, const ProgramSummary& p, const ScenarioView& v) {
  const ComparisonTally& t = *v.comparison;
  const DifferenceHistogram h = t.Histogram();
  Chart c;
  c.id = absl::StrCat("gains-", p.id, IdSuffix(s, v));
  c.title = absl::StrCat("Kazanç ve kayıp dağılımı / Gains and losses: ", ScenarioName(s, v),
                         ", ", ProgramName(p));
  c.note = absl::StrCat(
      "Claims eligible in either scenario by reform − baseline ",
      p.has_schedule ? "net over the payment schedule" : p.amount_name,
      ", in bins of ", Edge(h.width),
      " TL. Each bar is labelled with its edge farthest from zero; the bar at 0 holds the claims "
      "paid exactly the same. Newly eligible claims count their whole reform value as a gain, "
      "newly ineligible ones their whole baseline value as a loss.");
  c.y_label = "başvuru / claims";
  c.stacked = true;
  struct Kind {
    const char* name;
    const char* css;
    int64_t total;
  };
  const Kind kinds[] = {
      {"Kaybeden / Losers", "loss", t.losers},
      {"Değişmeyen / Unchanged", "same", t.unchanged},
      {"Kazanan / Gainers", "gain", t.gainers},
      {"Yeni uygun / Newly eligible", "entered", t.newly_eligible},
      {"Uygunluğunu yitiren / Newly ineligible", "left", t.newly_ineligible},
  };
  for (const DifferenceBin& b : h.bins) {
    c.categories.push_back(b.lower < 0 ? Edge(b.lower) : Edge(b.upper));
  }
  for (int k = 0; k < 5; ++k) {
    Series series;
    series.name = kinds[k].name;
    series.css = kinds[k].css;
    series.total = kinds[k].total;
    for (const DifferenceBin& b : h.bins) {
      int64_t n = 0;
      if (k < 3) {
        const int sign = b.lower < 0 ? 0 : b.upper > 0 ? 2 : 1;
        n = sign == k ? b.in_both : 0;
      } else {
        n = k == 3 ? b.newly_eligible : b.newly_ineligible;
      }
      series.values.push_back(static_cast<double>(n));
      series.claims.push_back(n);
      const std::string range =
          b.lower == 0 && b.upper == 0
              ? "0 TL"
              : absl::StrCat(b.lower < 0 ? "[" : "(", Edge(b.lower), " … ", Edge(b.upper),
                             b.lower < 0 ? ")" : "]", " TL");
      series.texts.push_back(absl::StrCat(Count(n), " başvuru / claims, ", range));
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
  c.title = absl::StrCat("Süre dağılımı / Duration histogram: ", p.days_name, ", ",
                         ProgramName(p));
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
    series.css = absl::StrCat("s", i);
    series.total = scenarios[i].stats->with_days();
    series.claims.assign(first.size(), 0);
    for (const auto& [days, count] : histograms[i]) {
      // The last bin starting at or before `days`.
      const auto it = std::upper_bound(first.begin(), first.end(), days);
      if (it == first.begin()) continue;
      const size_t bin = static_cast<size_t>(it - first.begin()) - 1;
      if (days < first[bin] + width) series.claims[bin] += count;
    }
    for (int64_t n : series.claims) {
      series.values.push_back(static_cast<double>(n));
      series.texts.push_back(Count(n));
    }
    c.series.push_back(std::move(series));
  }
  return c;
}

Chart DecileChart(const SimulateSummary& s, const ProgramSummary& p) {
  Chart c;
  c.id = absl::StrCat("deciles-", p.id);
  c.title = absl::StrCat(s.scenarios.size() > 1 ? "Ondalık dilimler, senaryolar / Scenarios by "
                                                  "decile: "
                         : s.has_reform ? "Ondalık dilimler, mevcut ve reform / Baseline vs reform "
                                          "by decile: "
                                        : "Ondalık dilimler / Amount deciles: ",
                         p.amount_name, ", ", ProgramName(p));
  c.note = "Decile k: the amount the k·10% of eligible claims with the lowest amounts stay "
           "within (nearest rank).";
  c.y_label = "TL";
  for (int k = 1; k <= 9; ++k) c.categories.push_back(absl::StrCat("D", k));
  const std::vector<Scenario> scenarios = Scenarios(s, p);
  for (size_t i = 0; i < scenarios.size(); ++i) {
    Series series;
    series.name = scenarios[i].name;
    series.css = absl::StrCat("s", i);
    for (int64_t q : scenarios[i].stats->Quantiles({1, 2, 3, 4, 5, 6, 7, 8, 9})) {
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

// A first cell of a name and, under it in small type, what it stands for.
std::string NameCell(const std::string& name, const std::string& detail) {
  std::string out = absl::StrCat("<td class=\"text\">", HtmlEscape(name));
  if (!detail.empty()) absl::StrAppend(&out, "<br><small>", HtmlEscape(detail), "</small>");
  return out + "</td>";
}

void StatsRow(const ProgramSummary& p, const std::string& scenario_cell, const ProgramStats& st,
              std::string* out) {
  const bool amounts = !p.amount_name.empty() && st.eligible() > 0;
  const std::vector<int64_t> median = amounts ? st.Quantiles({5}) : std::vector<int64_t>();
  *out += "<tr>";
  *out += scenario_cell;
  for (const std::string& cell :
       {Count(st.claims()),
        absl::StrCat(Count(st.eligible()), " (", Percent(st.eligible(), st.claims()), ")"),
        Count(st.ineligible()), Count(st.undetermined()),
        p.has_schedule && st.eligible() > 0 ? Money(st.cost()) : "–",
        amounts ? Money(st.total()) : "–", amounts ? Money(st.Mean()) : "–",
        median.empty() ? "–" : Money(median[0]),
        p.days_name.empty() ? "–" : Count(st.total_days())}) {
    absl::StrAppend(out, "<td>", HtmlEscape(cell), "</td>");
  }
  *out += "</tr>\n";
}

// Fits 1280 px (the analyst's laptop) without scrolling sideways: the body
// is at most 1200 px, numbers never wrap, headers and names do. On a
// narrower window the wide tables scroll inside their box, not the page.
constexpr char kStyle[] = R"(<style>
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em;box-sizing:border-box}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.85em}
.wide{overflow-x:auto;max-width:100%}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th{background:#f3f3f3;white-space:normal;vertical-align:bottom}
td:first-child,th:first-child,td.text{text-align:left;white-space:normal}
td.text{min-width:6em}
tr.group th{text-align:left;background:#e8eef5}
.meta td{text-align:left;white-space:normal}
p.note,ul.notes{font-size:.85em;color:#444}
figure.chart{margin:1em 0}figcaption{font-size:.9em;color:#444}
svg.chart{max-width:100%;height:auto;background:#fff}
ul.legend{list-style:none;padding:0;margin:.2em 0;font-size:.85em}
ul.legend li{display:inline-block;margin-right:1.2em}
.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:baseline}
.s0{fill:#4e79a7;background:#4e79a7}.s1{fill:#f28e2b;background:#f28e2b}
.s2{fill:#59a14f;background:#59a14f}.s3{fill:#b07aa1;background:#b07aa1}
.s4{fill:#edc948;background:#edc948}.s5{fill:#76b7b2;background:#76b7b2}
.s6{fill:#ff9da7;background:#ff9da7}.s7{fill:#9c755f;background:#9c755f}
.loss{fill:#c0392b;background:#c0392b}.same{fill:#9e9e9e;background:#9e9e9e}
.gain{fill:#2e8b57;background:#2e8b57}.entered{fill:#4e79a7;background:#4e79a7}
.left{fill:#f28e2b;background:#f28e2b}
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
  const std::string reform_name = ReformName(s);

  // Run.
  out += "<table class=\"meta\" id=\"run\">\n";
  Row({"Girdi / Input", s.input}, "td", &out);
  if (s.scenarios.size() > 1) {
    for (const ScenarioSummary& sc : s.scenarios) {
      Row({absl::StrCat("Senaryo / Scenario ", sc.name),
           absl::StrCat(absl::StrJoin(sc.titles, " + "), " (", absl::StrJoin(sc.files, ", "),
                        ")")},
          "td", &out);
    }
  } else if (s.has_reform) {
    Row({"Reform", reform_name}, "td", &out);
    if (!s.reforms.empty()) {
      Row({"Reform dosyaları / Reform files", absl::StrJoin(s.reforms, ", ")}, "td", &out);
    }
  }
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

  // Programmes: short headers, what each column sums said once below.
  out += "<h2>Programlar / Programmes</h2>\n<div class=\"wide\"><table id=\"programs\">\n";
  Row({"Program ve senaryo / Programme and scenario", "Başvuru / Claims",
       "Uygun / Eligible (pay / share)", "Uygun değil / Ineligible", "Belirsiz / Undetermined",
       "Maliyet / Cost (TL)", "Aylık toplam / Monthly total (TL)",
       "Aylık ortalama / Monthly mean (TL)", "Aylık medyan / Monthly median (TL)",
       "Toplam gün / Total days"},
      "th", &out);
  const std::string baseline_cell = NameCell("Mevcut / Baseline", "");
  for (const ProgramSummary& p : s.programs) {
    // The programme heads its scenarios' rows: one column fewer to fit 1280 px.
    absl::StrAppend(&out, "<tr class=\"group\"><th colspan=\"10\">",
                    HtmlEscape(p.title.empty() ? p.id : p.title), " <small>",
                    p.title.empty() ? "" : HtmlEscape(p.id), "</small></th></tr>\n");
    StatsRow(p, baseline_cell, p.base, &out);
    for (const ScenarioView& v : ScenarioViews(s, p)) {
      const std::string cell = s.scenarios.size() > 1
                                   ? NameCell(absl::StrCat("Senaryo / Scenario ", v.name),
                                              v.scenario == nullptr
                                                  ? ""
                                                  : absl::StrJoin(v.scenario->titles, " + "))
                                   : NameCell("Reform", reform_name);
      StatsRow(p, cell, *v.stats, &out);
    }
  }
  out += "</table></div>\n";
  out += "<ul class=\"notes\">"
         "<li>Maliyet / Cost: net payments over each eligible claim's payment schedule, summed "
         "(the entitlement cost; zero-day claims cost nothing).</li>"
         "<li>Aylık / Monthly: the programme's main amount (one month's amount, not the "
         "entitlement) of each eligible claim: its total, mean and median (nearest rank).</li>"
         "<li>Toplam gün / Total days: the benefit durations of eligible claims, summed.</li>"
         "</ul>\n";

  for (const ProgramSummary& p : s.programs) {
    absl::StrAppend(&out, "<h2 id=\"program-", HtmlEscape(p.id), "\">",
                    HtmlEscape(ProgramName(p)), "</h2>\n");
    const std::vector<ScenarioView> views = ScenarioViews(s, p);
    for (const ScenarioView& v : views) {
      const ComparisonTally& c = *v.comparison;
      const std::string suffix = HtmlEscape(IdSuffix(s, v));
      absl::StrAppend(&out, "<h3>Reform etkisi / Reform impact: ", HtmlEscape(ScenarioName(s, v)),
                      "</h3>\n");
      absl::StrAppend(&out, "<table class=\"comparison\" id=\"comparison-", HtmlEscape(p.id),
                      suffix, "\">\n");
      Row({"Mevcut maliyet / Baseline cost (TL)", "Reform maliyeti / Reform cost (TL)",
           "Maliyet farkı / Cost difference (TL)", "Aylık fark / Monthly difference (TL)"},
          "th", &out);
      Row({Money(p.has_schedule ? p.base.cost() : p.base.total()),
           Money(p.has_schedule ? v.stats->cost() : v.stats->total()), Money(c.difference),
           Money(c.monthly_difference)},
          "td", &out);
      out += "</table>\n";
      absl::StrAppend(&out, "<p class=\"note\">",
                      p.has_schedule
                          ? "Maliyet: her uygun başvurunun ödeme takvimi boyunca net ödemeleri "
                            "toplamı / Cost: net payments over each eligible claim's schedule "
                            "(the entitlement cost)."
                          : "Maliyet: her uygun başvurunun ana tutarı (programın ödeme takvimi "
                            "yok) / Cost: each eligible claim's main amount (no schedule).",
                      "</p>\n");
      absl::StrAppend(&out, "<table class=\"comparison\" id=\"changes-", HtmlEscape(p.id),
                      suffix, "\">\n");
      Row({"Kazanan / Gainers", "Kaybeden / Losers", "Değişmeyen / Unchanged",
           "Yeni uygun / Newly eligible", "Uygunluğunu yitiren / Newly ineligible"},
          "th", &out);
      Row({Count(c.gainers), Count(c.losers), Count(c.unchanged), Count(c.newly_eligible),
           Count(c.newly_ineligible)},
          "td", &out);
      out += "</table>\n";
      out += RenderChart(DifferenceChart(s, p, v));
      out += "<h3>Farkın kaynağı / Attribution (first rule where baseline and reform "
             "differ)</h3>\n";
      absl::StrAppend(&out, "<table class=\"attribution\" id=\"attribution-", HtmlEscape(p.id),
                      suffix, "\">\n");
      Row({"Kural / Rule", "Tür / Kind", "Değişen başvuru / Changed claims",
           "Fark / Difference (TL)"},
          "th", &out);
      const std::vector<size_t> order = AttributionOrder(*v.attribution);
      for (size_t k : order) {
        Row({(*v.attribution_rules)[k], (*v.attribution_kinds)[k],
             Count((*v.attribution)[k].claims), Money((*v.attribution)[k].difference)},
            "td", &out);
      }
      if (order.empty()) Row({"(no claim changed)", "", "0", "0,00"}, "td", &out);
      out += "</table>\n";
    }
    // Why claims were not eligible, and what undetermined ones lack: each
    // scenario's counts side by side, with the share of that scenario's
    // ineligible (undetermined) claims.
    auto reasons_table = [&](const char* id, const char* head,
                             std::vector<std::pair<std::string, int64_t>> (ProgramStats::*list)()
                                 const,
                             bool conditions) {
      // Names in the baseline's order (most first), then each scenario's new
      // ones.
      const std::vector<Scenario> sides = Scenarios(s, p);
      std::vector<std::string> names;
      std::vector<std::map<std::string, int64_t>> counts(sides.size());
      for (size_t side = 0; side < sides.size(); ++side) {
        for (const auto& [name, n] : (sides[side].stats->*list)()) {
          if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
          counts[side][name] = n;
        }
      }
      if (names.empty()) return;
      absl::StrAppend(&out, "<h3>", head,
                      "</h3>\n<div class=\"wide\"><table class=\"reasons\" id=\"", id, "-",
                      HtmlEscape(p.id), "\">\n");
      std::vector<std::string> header = {conditions ? "Koşul / Condition" : "Girdi / Input"};
      if (conditions) header.push_back("Madde / Article");
      for (const Scenario& side : sides) {
        header.push_back(sides.size() == 1 ? "Başvuru / Claims" : side.name);
      }
      Row(header, "th", &out);
      auto count_in = [&counts](size_t side, const std::string& name) {
        auto it = counts[side].find(name);
        return it == counts[side].end() ? int64_t{0} : it->second;
      };
      const std::map<std::string, std::string>& words =
          conditions ? p.condition_messages : p.input_descriptions;
      for (const std::string& name : names) {
        auto word = words.find(name);
        out += "<tr>";
        out += NameCell(name, word == words.end() ? "" : word->second);
        if (conditions) {
          auto ref = p.condition_references.find(name);
          out += NameCell(ref == p.condition_references.end() ? "" : ref->second, "");
        }
        for (size_t side = 0; side < sides.size(); ++side) {
          const ProgramStats& st = *sides[side].stats;
          const int64_t n = count_in(side, name);
          absl::StrAppend(&out, "<td>", Count(n), " (",
                          Percent(n, conditions ? st.ineligible() : st.undetermined()),
                          ")</td>");
        }
        out += "</tr>\n";
      }
      out += "</table></div>\n";
      absl::StrAppend(&out, "<p class=\"note\">",
                      conditions ? "Each failed condition with the claims that failed it and "
                                   "their share of the ineligible claims; a claim failing "
                                   "several conditions counts under each, so the shares may "
                                   "add up to more than 100%."
                                 : "Each input that undetermined claims lack, with their share "
                                   "of the undetermined claims; a claim lacking several counts "
                                   "under each.",
                      "</p>\n");
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
         "rounded to the kuruş; histograms are counted from every claim, medians and deciles "
         "are exact nearest-rank values. docs/simulate.md says what each figure means."
         "</small></p>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace odenek
