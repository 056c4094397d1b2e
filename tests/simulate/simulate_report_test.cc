// The HTML report of `odenek simulate --report` (cli/simulate_report.h), from
// a hand-made summary: escaping, the sections, the charts, and that the page
// asks nothing of the network.
#include "bulk/report_html.h"

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/summary.h"
#include "bulk/tally.h"

namespace odenek::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kTl = 1'000'000;  // raw value of 1 TL

ProgramTally Tally(int eligible, int ineligible, int64_t first_tl, int64_t step_tl,
                   std::vector<int64_t> days) {
  ProgramTally t;
  t.eligible = eligible;
  t.ineligible = ineligible;
  for (int i = 0; i < eligible; ++i) t.amounts.push_back((first_tl + step_tl * i) * kTl);
  t.days = std::move(days);
  return t;
}

SimulateSummary MakeSummary(bool reform) {
  SimulateSummary s;
  s.input = "claims.csv";
  s.threads = 2;
  s.read = 12;
  s.evaluated = 11;
  s.rejected = 1;
  s.wall_seconds = 0.5;
  ProgramSummary p;
  p.id = "issizlik_odenegi";
  p.amount_name = "aylik_net";
  p.days_name = "sure_gun";
  p.title = "İşsizlik ödeneği";
  p.condition_references["prim_gun_sarti"] = "4447 s.K. m.51";
  p.condition_messages["prim_gun_sarti"] = "son 3 yılda en az 600 gün prim";
  p.base.AddFailed("prim_gun_sarti", 3);
  Tally(8, 3, 4000, 500, {180, 180, 180, 240, 240, 300, 300, 300}).FoldInto({}, &p.base);
  if (reform) {
    s.has_reform = true;
    s.reforms = {"reform_oran_50.yaml"};
    s.reform_titles = {"İşsizlik ödeneği oranı %50"};
    Tally(9, 2, 5000, 600, {180, 180, 180, 240, 240, 300, 300, 300, 300}).FoldInto({}, &p.reform);
    for (int i = 0; i < 8; ++i) {
      p.comparison.AddClaim(true, true, (4000 + 500 * i) * kTl, (5000 + 600 * i) * kTl);
    }
    p.comparison.AddClaim(false, true, 0, (5000 + 600 * 8) * kTl);
    p.comparison.difference = absl::int128(12345) * kTl;
    p.attribution_rules = {"prim_gun_sarti", "aylik_net", "(other)"};
    p.attribution_kinds = {"condition", "value", "other"};
    p.attribution = {{1, 5000 * kTl}, {8, 7345 * kTl}, {0, 0}};
  }
  s.programs.push_back(std::move(p));
  return s;
}

int CountOf(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos;
       pos = text.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// The heights of the chart bars (<rect class="bar …" … height="H">).
std::vector<double> BarHeights(const std::string& html) {
  std::vector<double> out;
  static const std::regex bar(R"re(<rect class="bar[^"]*"[^>]*height="([0-9.]+)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), bar); it != std::sregex_iterator();
       ++it) {
    out.push_back(std::stod((*it)[1].str()));
  }
  return out;
}

TEST(HtmlEscapeTest, EscapesMarkupCharacters) {
  EXPECT_EQ(HtmlEscape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
  EXPECT_EQ(HtmlEscape("işsizlik ödeneği"), "işsizlik ödeneği");  // UTF-8 passes through
  EXPECT_EQ(HtmlEscape(""), "");
}

TEST(SummaryToHtmlTest, EscapesEveryText) {
  SimulateSummary s = MakeSummary(/*reform=*/true);
  s.input = "<script>alert('x')</script>&.csv";
  s.reforms = {"r\"1\".yaml"};
  s.programs[0].attribution_rules[0] = "<b>kural</b>";
  const std::string html = SummaryToHtml(s);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<b>kural")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;.csv"));
  EXPECT_THAT(html, HasSubstr("r&quot;1&quot;.yaml"));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;kural&lt;/b&gt;"));
}

TEST(SummaryToHtmlTest, BaselineSections) {
  const std::string html = SummaryToHtml(MakeSummary(/*reform=*/false));
  EXPECT_THAT(html, testing::StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("id=\"records\""));
  EXPECT_THAT(html, HasSubstr("id=\"programs\""));
  // Records: read, evaluated, rejected.
  EXPECT_THAT(html, HasSubstr("<td>12</td><td>11</td><td>1</td>"));
  // The programme row: claims, eligible, share, ineligible, undetermined,
  // total, mean, median (nearest rank: the 4th of 8), total days.
  // Numbers the Turkish way (TurkishNumber), a percent sign first.
  EXPECT_THAT(html, HasSubstr("<tr class=\"group\"><th colspan=\"10\">İşsizlik ödeneği "
                              "<small>issizlik_odenegi</small></th></tr>\n"
                              "<tr><td class=\"text\">Mevcut / Baseline</td>"
                              "<td>11</td><td>8 (%72,7)</td><td>3</td><td>0</td><td>–</td>"
                              "<td>46.000,00</td><td>5.750,00</td>"
                              "<td>5.500,00</td><td>1.920</td>"));
  // The programme's heading names it by its title.
  EXPECT_THAT(html, HasSubstr("<h2 id=\"program-issizlik_odenegi\">İşsizlik ödeneği "
                              "(issizlik_odenegi)</h2>"));
  // Ineligible by condition: its message, its article, claims and share.
  EXPECT_THAT(html, HasSubstr("<td class=\"text\">prim_gun_sarti<br><small>son 3 yılda en az 600 "
                              "gün prim</small></td><td class=\"text\">4447 s.K. m.51</td>"
                              "<td>3 (%100,0)</td>"));
  EXPECT_THAT(html, HasSubstr("id=\"amount-issizlik_odenegi\""));
  EXPECT_THAT(html, HasSubstr("id=\"days-issizlik_odenegi\""));
  EXPECT_THAT(html, HasSubstr("id=\"deciles-issizlik_odenegi\""));
  EXPECT_THAT(html, HasSubstr("Amount histogram"));
  EXPECT_THAT(html, Not(HasSubstr("rebuilt")));
  EXPECT_THAT(html, HasSubstr("Duration histogram"));
  EXPECT_THAT(html, Not(HasSubstr("Reform impact")));
  EXPECT_EQ(CountOf(html, "<svg"), 3);
  EXPECT_EQ(CountOf(html, "</svg>"), 3);
}

TEST(SummaryToHtmlTest, ReformSections) {
  const std::string html = SummaryToHtml(MakeSummary(/*reform=*/true));
  EXPECT_THAT(html, HasSubstr("Reform impact: İşsizlik ödeneği oranı %50"));
  EXPECT_THAT(html, HasSubstr("<td class=\"text\">Reform<br><small>İşsizlik ödeneği oranı %50"));
  EXPECT_THAT(html, HasSubstr("id=\"gains-issizlik_odenegi\""));
  EXPECT_EQ(CountOf(html, "<svg"), 4);
  EXPECT_THAT(html, HasSubstr("Baseline vs reform by decile"));
  EXPECT_THAT(html, HasSubstr("id=\"comparison-issizlik_odenegi\""));
  EXPECT_THAT(html, HasSubstr("<td>12.345,00</td>"));  // cost difference
  // Gainers, losers, unchanged, newly eligible, newly ineligible.
  EXPECT_THAT(html, HasSubstr("<td>8</td><td>0</td><td>0</td><td>1</td><td>0</td>"));
  // Attribution, most claims first; rules no claim is attributed to are left out.
  const size_t value = html.find("<td>aylik_net</td><td>value</td><td>8</td>");
  const size_t condition = html.find("<td>prim_gun_sarti</td><td>condition</td><td>1</td>");
  ASSERT_NE(value, std::string::npos);
  ASSERT_NE(condition, std::string::npos);
  EXPECT_LT(value, condition);
  EXPECT_THAT(html, Not(HasSubstr("<td>(other)</td>")));
  // Both scenarios in each chart: a legend and bars of both series.
  EXPECT_THAT(html, HasSubstr("class=\"bar s1\""));
  EXPECT_EQ(CountOf(html, "class=\"swatch s1\""), 3);
}

TEST(SummaryToHtmlTest, ChartsHaveBars) {
  const std::string html = SummaryToHtml(MakeSummary(/*reform=*/true));
  const std::vector<double> heights = BarHeights(html);
  ASSERT_FALSE(heights.empty());
  int nonzero = 0;
  for (double h : heights) {
    EXPECT_GE(h, 0);
    if (h > 0) ++nonzero;
  }
  EXPECT_GE(nonzero, 9 + 3);  // at least the deciles and the durations
}

// Each histogram figure's bars, per series: Σ data-claims, and the
// figure's data-totals (what they must add up to).
struct FigureCounts {
  std::vector<int64_t> sums;
  std::vector<int64_t> totals;
};
FigureCounts CountsOf(const std::string& html, const std::string& id) {
  FigureCounts out;
  const size_t start = html.find("id=\"" + id + "\"");
  if (start == std::string::npos) return out;
  const size_t end = html.find("</figure>", start);
  const std::string fig = html.substr(start, end - start);
  static const std::regex totals(R"re(data-totals="([0-9 -]+)")re");
  std::smatch m;
  if (std::regex_search(fig, m, totals)) {
    std::istringstream in(m[1].str());
    for (int64_t t; in >> t;) out.totals.push_back(t);
  }
  out.sums.assign(out.totals.size(), 0);
  static const std::regex bar(R"re(data-series="([0-9]+)" data-claims="([0-9]+)")re");
  for (auto it = std::sregex_iterator(fig.begin(), fig.end(), bar); it != std::sregex_iterator();
       ++it) {
    const size_t series = std::stoul((*it)[1].str());
    if (series < out.sums.size()) out.sums[series] += std::stoll((*it)[2].str());
  }
  return out;
}

TEST(SummaryToHtmlTest, HistogramBarsAddUpToTheirCounts) {
  const SimulateSummary s = MakeSummary(/*reform=*/true);
  const std::string html = SummaryToHtml(s);
  const ProgramSummary& p = s.programs[0];
  // Amounts: every eligible claim, per scenario.
  const FigureCounts amount = CountsOf(html, "amount-issizlik_odenegi");
  EXPECT_EQ(amount.totals, (std::vector<int64_t>{8, 9}));
  EXPECT_EQ(amount.sums, amount.totals);
  // Gains and losses: losers, unchanged, gainers, newly eligible, newly
  // ineligible, each its tally's count.
  const FigureCounts gains = CountsOf(html, "gains-issizlik_odenegi");
  const ComparisonTally& c = p.comparison;
  EXPECT_EQ(gains.totals, (std::vector<int64_t>{c.losers, c.unchanged, c.gainers,
                                                c.newly_eligible, c.newly_ineligible}));
  EXPECT_EQ(gains.sums, gains.totals);
  EXPECT_EQ(c.gainers, 8);
  // Durations.
  const FigureCounts days = CountsOf(html, "days-issizlik_odenegi");
  EXPECT_EQ(days.totals, (std::vector<int64_t>{8, 9}));
  EXPECT_EQ(days.sums, days.totals);
}

TEST(SummaryToHtmlTest, NoProgrammeEligible) {
  SimulateSummary s = MakeSummary(/*reform=*/false);
  s.programs[0].base = ProgramStats();
  Tally(0, 5, 0, 0, {}).FoldInto({}, &s.programs[0].base);
  const std::string html = SummaryToHtml(s);
  EXPECT_THAT(html, HasSubstr("<td>0 (%0,0)</td>"));
  // No NaN or infinity from a division by zero, as a number anywhere.
  EXPECT_FALSE(std::regex_search(html, std::regex(R"re([^A-Za-z](nan|inf)[^A-Za-z])re",
                                                   std::regex::icase)));
}

TEST(SummaryToHtmlTest, SelfContained) {
  for (bool reform : {false, true}) {
    const std::string html = SummaryToHtml(MakeSummary(reform));
    // No URL of any kind: no scripts, stylesheets, fonts or images to fetch
    // (inline SVG in HTML needs no xmlns either).
    EXPECT_THAT(html, Not(HasSubstr("http:")));
    EXPECT_THAT(html, Not(HasSubstr("https:")));
    EXPECT_THAT(html, Not(HasSubstr("//")));
    EXPECT_THAT(html, Not(HasSubstr("<script")));
    EXPECT_THAT(html, Not(HasSubstr("<link")));
    EXPECT_THAT(html, Not(HasSubstr("src=")));
    EXPECT_THAT(html, Not(HasSubstr("url(")));
  }
}

}  // namespace
}  // namespace odenek::internal
