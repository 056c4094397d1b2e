// Pieces of `odenek simulate` that need no binary: summary arithmetic
// (cli/simulate_summary.h) and the output escapers (cli/simulate_output.h).
#include "odenek/summary.h"
#include "bulk/tally.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "io/text_writer.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

constexpr int64_t kTl = 1'000'000;  // raw value of 1 TL

TEST(FormatMoneyTest, TwoDecimalsHalfUp) {
  EXPECT_EQ(FormatMoney(0), "0.00");
  EXPECT_EQ(FormatMoney(3972'820000), "3972.82");
  EXPECT_EQ(FormatMoney(5000), "0.01");  // half a kuruş rounds up
  EXPECT_EQ(FormatMoney(4999), "0.00");
  EXPECT_EQ(FormatMoney(-5000), "-0.01");
  EXPECT_EQ(FormatMoney(-4999), "0.00");  // no "-0.00"
  // Beyond int64: a total over many claims.
  EXPECT_EQ(FormatMoney(absl::int128(int64_t{9'000'000'000'000'000'000}) * 10),
            "90000000000000.00");
}

TEST(ProgramStatsTest, NearestRankQuantilesAndMean) {
  ProgramTally t;
  t.eligible = 10;
  t.ineligible = 5;
  for (int i = 1; i <= 10; ++i) t.amounts.push_back(i * 100 * kTl);
  t.days = {180, 180, 240, 300};
  ProgramStats s;
  t.FoldInto({}, &s);
  EXPECT_EQ(s.claims(), 15);
  EXPECT_EQ(FormatMoney(s.total()), "5500.00");
  EXPECT_EQ(FormatMoney(s.Mean()), "550.00");
  // Median of 10 values: the 5th smallest (lower median).
  EXPECT_THAT(s.Quantiles({5}), ElementsAre(500 * kTl));
  EXPECT_THAT(s.Quantiles({1, 9}), ElementsAre(100 * kTl, 900 * kTl));
  EXPECT_EQ(static_cast<int64_t>(s.total_days()), 900);
  EXPECT_THAT(s.DayHistogram(),
              ElementsAre(std::pair<int64_t, int64_t>{180, 2}, std::pair<int64_t, int64_t>{240, 1},
                          std::pair<int64_t, int64_t>{300, 1}));
}

// Why claims were not eligible and what undetermined ones lack: counted per
// condition and per input across chunks, most first (ties by name), and
// written in the summary JSON with each condition's article.
TEST(ProgramStatsTest, FailedConditionsAndMissingInputsAddUpAcrossChunks) {
  const std::vector<std::string> ids = {"prim_600_gun", "fesih_kodu_uygun", "hizmet_120"};
  ProgramTally a;
  a.ineligible = 3;
  a.failed = {2, 1, 0};
  a.undetermined = 2;
  a.missing = {{"kazanc_son_4_ay", 2}, {"gun_son_4_ay", 1}};
  ProgramTally b;
  b.ineligible = 2;
  b.failed = {0, 2};  // a shorter vector: the evaluator saw fewer conditions
  b.undetermined = 1;
  b.missing = {{"gun_son_4_ay", 1}};
  ProgramStats s;
  a.FoldInto(ids, &s);
  b.FoldInto(ids, &s);
  using Count = std::pair<std::string, int64_t>;
  EXPECT_THAT(s.FailedConditions(),
              ElementsAre(Count{"fesih_kodu_uygun", 3}, Count{"prim_600_gun", 2}));
  EXPECT_THAT(s.MissingInputs(),
              ElementsAre(Count{"gun_son_4_ay", 2}, Count{"kazanc_son_4_ay", 2}));
  ProgramStats merged;
  merged.Merge(s);
  merged.Merge(s);
  EXPECT_THAT(merged.FailedConditions(),
              ElementsAre(Count{"fesih_kodu_uygun", 6}, Count{"prim_600_gun", 4}));

  SimulateSummary summary;
  ProgramSummary p;
  p.id = "issizlik_odenegi";
  p.condition_references["prim_600_gun"] = "4447 s.K. m.50/1";
  p.base = s;
  summary.programs.push_back(p);
  const nlohmann::json j = nlohmann::json::parse(SummaryToJson(summary));
  const nlohmann::json& base = j["programs"][0];  // without a reform: flat
  ASSERT_EQ(base["ineligible_by_condition"].size(), 2u);
  EXPECT_EQ(base["ineligible_by_condition"][1]["condition"], "prim_600_gun");
  EXPECT_EQ(base["ineligible_by_condition"][1]["reference"], "4447 s.K. m.50/1");
  EXPECT_EQ(base["ineligible_by_condition"][1]["claims"], 2);
  EXPECT_EQ(base["undetermined_by_missing_input"][0]["input"], "gun_son_4_ay");
  EXPECT_THAT(SummaryToText(summary, TextLanguage::kEnglish),
              ::testing::HasSubstr("ineligible, by failed condition: fesih_kodu_uygun 3, "
                                   "prim_600_gun 2\n"));
  // Turkish by default, the officer's language.
  EXPECT_THAT(SummaryToText(summary),
              ::testing::HasSubstr("uygun değil, sağlanmayan koşula göre: fesih_kodu_uygun 3, "
                                   "prim_600_gun 2\n"));
}

TEST(ProgramStatsTest, ChunksAddUpAndMeanRounds) {
  ProgramStats s;
  ProgramTally a;
  a.eligible = 2;
  a.amounts = {1 * kTl, 2 * kTl};
  ProgramTally b;
  b.eligible = 1;
  b.amounts = {2 * kTl};
  a.FoldInto({}, &s);
  b.FoldInto({}, &s);
  EXPECT_EQ(FormatMoney(s.Mean()), "1.67");  // 5 / 3
  EXPECT_THAT(s.Quantiles({5}), ElementsAre(2 * kTl));
  EXPECT_TRUE(ProgramStats().Quantiles({5}).empty());
  EXPECT_EQ(ProgramStats().Mean(), 0);
}

TEST(SummaryTest, JsonHasTheContractFields) {
  SimulateSummary s;
  s.input = "claims.csv";
  s.read = 3;
  s.evaluated = 2;
  s.rejected = 1;
  s.wall_seconds = 0.5;
  s.has_reform = true;
  ProgramSummary p;
  p.id = "issizlik_odenegi";
  p.amount_name = "aylik_net";
  p.days_name = "sure_gun";
  ProgramTally t;
  t.eligible = 2;
  t.amounts = {100 * kTl, 200 * kTl};
  t.days = {180, 180};
  t.FoldInto({}, &p.base);
  t.amounts = {150 * kTl, 200 * kTl};
  t.FoldInto({}, &p.reform);
  p.comparison.AddClaim(true, true, 100 * kTl, 150 * kTl);
  p.comparison.AddClaim(true, true, 200 * kTl, 200 * kTl);
  p.comparison.difference = 50 * kTl;
  p.title = "İşsizlik ödeneği";
  s.reform_titles = {"Oran %50"};
  s.programs.push_back(p);
  nlohmann::json j = nlohmann::json::parse(SummaryToJson(s));
  EXPECT_EQ(j["records_read"], 3);
  EXPECT_EQ(j["records_evaluated"], 2);
  EXPECT_EQ(j["records_rejected"], 1);
  EXPECT_EQ(j["claims_per_second"], 6);
  const nlohmann::json& pj = j["programs"][0];
  EXPECT_EQ(pj["eligible_share"], 1.0);
  EXPECT_EQ(pj["amount"]["total"], "300.00");
  EXPECT_EQ(pj["amount"]["median"], "100.00");
  EXPECT_EQ(pj["days"]["histogram"][0]["claims"], 2);
  EXPECT_EQ(pj["reform"]["amount"]["total"], "350.00");
  EXPECT_EQ(pj["comparison"]["cost_difference"], "50.00");
  EXPECT_EQ(pj["comparison"]["gainers"], 1);
  EXPECT_EQ(pj["title"], "İşsizlik ödeneği");
  EXPECT_EQ(j["reform_titles"][0], "Oran %50");
  // Histograms: bins and what they count, money as exact text.
  const nlohmann::json& ah = pj["amount"]["histogram"];
  EXPECT_EQ(ah["width"], "5.00");  // 100 … 200 in at most 30 bins
  EXPECT_EQ(ah["bins"].front()["from"], "100.00");
  EXPECT_EQ(ah["bins"].front()["to"], "105.00");
  EXPECT_EQ(ah["bins"].size(), 21u);
  int64_t sum = 0;
  for (const auto& b : ah["bins"]) sum += b["claims"].get<int64_t>();
  EXPECT_EQ(sum, 2);
  const nlohmann::json& dh = pj["comparison"]["difference_histogram"];
  EXPECT_EQ(dh["width"], "5.00");
  ASSERT_EQ(dh["bins"].size(), 11u);  // zero, then (0, 5] … (45, 50]
  EXPECT_EQ(dh["bins"][0]["from"], "0.00");
  EXPECT_EQ(dh["bins"][0]["to"], "0.00");
  EXPECT_EQ(dh["bins"][0]["eligible_in_both"], 1);
  EXPECT_EQ(dh["bins"][10]["eligible_in_both"], 1);
  EXPECT_EQ(dh["bins"][10]["to"], "50.00");
  const std::string text = SummaryToText(s, TextLanguage::kEnglish);
  EXPECT_THAT(text, ::testing::HasSubstr("records: 3 read, 2 evaluated, 1 rejected"));
  EXPECT_THAT(text, ::testing::HasSubstr("cost difference: 50.00 TL (300.00 TL -> 350.00 TL; sums aylik_net"));
  // The same figures in Turkish form by default.
  const std::string turkish = SummaryToText(s);
  EXPECT_THAT(turkish, ::testing::HasSubstr("kayıtlar: 3 okundu, 2 değerlendirildi, 1 reddedildi"));
  EXPECT_THAT(turkish, ::testing::HasSubstr("maliyet farkı: 50,00 TL (300,00 TL -> 350,00 TL; "));
}

// Histograms (odenek/summary.h): widths of 1 or 5 × 10^k kuruş, edges on
// multiples of the width, bins that add up to the claims counted.
constexpr int64_t kKurus = kTl / 100;

bool IsHistogramWidth(int64_t w) {
  if (w <= 0 || w % kKurus != 0) return false;
  int64_t k = w / kKurus;
  while (k % 10 == 0) k /= 10;
  return k == 1 || k == 5;
}

ProgramStats StatsOf(const std::vector<int64_t>& amounts) {
  ProgramTally t;
  t.eligible = static_cast<int64_t>(amounts.size());
  t.amounts = amounts;
  ProgramStats s;
  t.FoldInto({}, &s);
  return s;
}

TEST(ProgramStatsTest, AmountHistogramDocExample) {
  const ProgramStats s = StatsOf({2000 * kTl, 2400 * kTl, 2999 * kTl + 99 * kKurus, 3100 * kTl});
  const MoneyHistogram h = s.AmountHistogram(/*max_bins=*/2);
  EXPECT_EQ(h.width, 1000 * kTl);
  ASSERT_EQ(h.bins.size(), 2u);
  EXPECT_EQ(h.bins[0].lower, 2000 * kTl);
  EXPECT_EQ(h.bins[0].upper, 3000 * kTl);
  EXPECT_EQ(h.bins[0].claims, 3);
  EXPECT_EQ(h.bins[1].lower, 3000 * kTl);
  EXPECT_EQ(h.bins[1].claims, 1);
  EXPECT_TRUE(ProgramStats().AmountHistogram().bins.empty());
  EXPECT_EQ(ProgramStats().AmountHistogram().width, 0);
}

// Re-bins a histogram at a width its own divides (what the Dask merge does
// with the summary JSON): claims per bin index floor(lower / width).
std::map<int64_t, int64_t> Rebin(const MoneyHistogram& h, int64_t width) {
  std::map<int64_t, int64_t> out;
  for (const MoneyBin& b : h.bins) {
    if (b.claims == 0) continue;
    const int64_t lower = b.lower;
    const int64_t index = lower >= 0 ? lower / width : -((-lower + width - 1) / width);
    out[index] += b.claims;
  }
  return out;
}

TEST(ProgramStatsTest, AmountHistogramIsExactSmallestAndMergeable) {
  std::mt19937_64 rng(16);
  for (int round = 0; round < 200; ++round) {
    // Kuruş amounts over ranges from a few lira to millions.
    const int64_t spread = int64_t{1} << (rng() % 36);
    const int64_t base = static_cast<int64_t>(rng() % 2'000'000);
    std::vector<int64_t> a, b;
    const int n = 1 + static_cast<int>(rng() % 300);
    for (int i = 0; i < n; ++i) {
      const int64_t offset = static_cast<int64_t>(rng() % static_cast<uint64_t>(spread));
      const int64_t amount = (base + offset) * kKurus;
      (rng() % 3 == 0 ? b : a).push_back(amount);
    }
    std::vector<int64_t> all = a;
    all.insert(all.end(), b.begin(), b.end());
    const int max_bins = 1 + static_cast<int>(rng() % 40);
    const ProgramStats whole = StatsOf(all);
    const MoneyHistogram h = whole.AmountHistogram(max_bins);
    ASSERT_TRUE(IsHistogramWidth(h.width)) << h.width;
    ASSERT_LE(static_cast<int>(h.bins.size()), max_bins);
    int64_t sum = 0;
    for (size_t i = 0; i < h.bins.size(); ++i) {
      EXPECT_EQ(h.bins[i].upper - h.bins[i].lower, h.width);
      EXPECT_EQ(h.bins[i].lower % h.width, 0);
      if (i > 0) {
        EXPECT_EQ(h.bins[i].lower, h.bins[i - 1].upper);
      }
      sum += h.bins[i].claims;
    }
    EXPECT_EQ(sum, static_cast<int64_t>(all.size()));
    EXPECT_EQ(sum, whole.with_amount());
    EXPECT_GT(h.bins.front().claims, 0);
    EXPECT_GT(h.bins.back().claims, 0);
    for (int64_t v : all) {
      int64_t in = 0;
      for (const MoneyBin& bin : h.bins) in += (bin.lower <= v && v < bin.upper) ? 1 : 0;
      ASSERT_EQ(in, 1) << "each amount in exactly one bin";
    }
    // The smallest width that fits: one step finer needs more bins.
    if (h.width > kKurus) {
      const int64_t lo = *std::min_element(all.begin(), all.end());
      const int64_t hi = *std::max_element(all.begin(), all.end());
      int64_t finer = h.width / 2;
      if (!IsHistogramWidth(finer)) finer = h.width / 5;
      EXPECT_GT(hi / finer - lo / finer + 1, max_bins);
    }
    // Two parts merge into the whole's histogram: re-bin both at the larger
    // width, then widen while too many bins.
    if (a.empty() || b.empty()) continue;
    const MoneyHistogram ha = StatsOf(a).AmountHistogram(max_bins);
    const MoneyHistogram hb = StatsOf(b).AmountHistogram(max_bins);
    int64_t w = std::max(ha.width, hb.width);
    std::map<int64_t, int64_t> merged;
    for (;;) {
      merged = Rebin(ha, w);
      for (const auto& [index, count] : Rebin(hb, w)) merged[index] += count;
      if (merged.rbegin()->first - merged.begin()->first + 1 <= max_bins) break;
      w = IsHistogramWidth(w * 2) ? w * 2 : w * 5;
    }
    EXPECT_EQ(w, h.width);
    EXPECT_EQ(merged, Rebin(h, h.width));
  }
}

TEST(ProgramStatsTest, AmountHistogramsShareOneGrid) {
  const ProgramStats base = StatsOf({4000 * kTl, 4500 * kTl});
  const ProgramStats reform = StatsOf({5000 * kTl, 9000 * kTl, 9400 * kTl});
  const std::vector<MoneyHistogram> h = AmountHistograms({&base, &reform}, /*max_bins=*/10);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].width, 1000 * kTl);  // 4000 … 9400 in 6 bins; 500 TL would need 11
  ASSERT_EQ(h[0].bins.size(), 6u);
  ASSERT_EQ(h[1].bins.size(), 6u);
  EXPECT_EQ(h[0].bins[0].claims, 2);
  EXPECT_EQ(h[1].bins[1].claims, 1);
  EXPECT_EQ(h[1].bins[5].claims, 2);
  EXPECT_EQ(h[1].bins[5].lower, 9000 * kTl);
}

TEST(ComparisonTallyTest, DifferenceHistogramSplitsAtZeroAndAddsUp) {
  ComparisonTally t;
  t.AddClaim(true, true, 1000 * kTl, 1000 * kTl);     // unchanged
  t.AddClaim(true, true, 1000 * kTl, 1500 * kTl);     // gains 500
  t.AddClaim(true, true, 1000 * kTl, 1000 * kTl + kKurus);  // gains 0.01
  t.AddClaim(true, true, 1000 * kTl, 700 * kTl);      // loses 300
  t.AddClaim(false, true, 0, 2000 * kTl);             // newly eligible, +2000
  t.AddClaim(false, true, 0, 0);                      // newly eligible, paid nothing
  t.AddClaim(true, false, 800 * kTl, 0);              // newly ineligible, −800
  t.AddClaim(false, false, 0, 0);                     // in neither: not counted
  EXPECT_EQ(t.gainers, 2);
  EXPECT_EQ(t.losers, 1);
  EXPECT_EQ(t.unchanged, 1);
  EXPECT_EQ(t.newly_eligible, 2);
  EXPECT_EQ(t.newly_ineligible, 1);
  const DifferenceHistogram h = t.Histogram(/*max_bins=*/10);
  // −800 … +2000 in at most 10 bins beside zero: 500 TL (2 + 4).
  EXPECT_EQ(h.width, 500 * kTl);
  ASSERT_EQ(h.bins.size(), 2u + 1 + 4);
  EXPECT_EQ(h.bins[0].lower, -1000 * kTl);
  EXPECT_EQ(h.bins[0].upper, -500 * kTl);
  EXPECT_EQ(h.bins[0].newly_ineligible, 1);  // −800
  EXPECT_EQ(h.bins[1].in_both, 1);           // −300 in [−500, 0)
  EXPECT_EQ(h.bins[2].lower, 0);             // the zero bin
  EXPECT_EQ(h.bins[2].upper, 0);
  EXPECT_EQ(h.bins[2].in_both, 1);
  EXPECT_EQ(h.bins[2].newly_eligible, 1);
  EXPECT_EQ(h.bins[3].in_both, 2);  // +0.01 and +500 in (0, 500]
  EXPECT_EQ(h.bins[6].upper, 2000 * kTl);
  EXPECT_EQ(h.bins[6].newly_eligible, 1);  // +2000 in (1500, 2000]
  int64_t sum = 0;
  for (const DifferenceBin& b : h.bins) sum += b.claims();
  EXPECT_EQ(sum, t.gainers + t.losers + t.unchanged + t.newly_eligible + t.newly_ineligible);
  // Chunks add up to the whole.
  ComparisonTally a, b;
  a.AddClaim(true, true, 1000 * kTl, 1500 * kTl);
  b.AddClaim(true, false, 800 * kTl, 0);
  b.AddClaim(true, true, 1000 * kTl, 1500 * kTl);
  a.Add(b);
  EXPECT_EQ(a.gainers, 2);
  EXPECT_EQ(a.in_both_by_difference.at(500 * kTl), 2);
  EXPECT_EQ(a.newly_ineligible_by_difference.at(-800 * kTl), 1);
  EXPECT_TRUE(ComparisonTally().Histogram().bins.empty());
  // Only unchanged claims: the zero bin alone, at the finest width.
  ComparisonTally same;
  same.AddClaim(true, true, kTl, kTl);
  ASSERT_EQ(same.Histogram().bins.size(), 1u);
  EXPECT_EQ(same.Histogram().width, kKurus);
}

std::string Csv(absl::string_view v) {
  std::string out;
  AppendCsvField(v, &out);
  return out;
}

std::string Json(absl::string_view v) {
  std::string out;
  AppendJsonString(v, &out);
  return out;
}

TEST(OutputTest, CsvFieldsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(Csv("B-1"), "B-1");
  EXPECT_EQ(Csv("a,b"), "\"a,b\"");
  EXPECT_EQ(Csv("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Csv("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(Csv(""), "");
}

TEST(OutputTest, JsonStringsMatchNlohmann) {
  for (const std::string& s :
       {std::string("plain"), std::string("tırnak \"ve\" \\ ters"), std::string("\t\n\r\b\f"),
        std::string("\x01\x1f", 2), std::string("İŞKUR ğüşöç €"), std::string("\0x", 2)}) {
    EXPECT_EQ(Json(s), nlohmann::json(s).dump()) << s;
  }
  // Invalid UTF-8 becomes U+FFFD, as ResultToJson's error_handler_t::replace.
  const std::string bad =
      "a\xff"
      "b\xc3";
  EXPECT_EQ(Json(bad),
            nlohmann::json(bad).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Property: on random byte strings drawn from UTF-8's edge bytes (lead bytes
// of every length, continuation bytes at their ranges' ends, overlong and
// surrogate starts, stray bytes, escapes), our writer and nlohmann's replace
// handler give the same bytes: one U+FFFD per maximal invalid subpart.
TEST(OutputTest, JsonStringsMatchNlohmannOnRandomBytes) {
  static constexpr unsigned char kBytes[] = {
      'a',  '"',  '\\', '\n', 0x01, 0x1f, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
      0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff};
  std::mt19937 rng(20261203);
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int length = static_cast<int>(rng() % 9);
    for (int k = 0; k < length; ++k) s.push_back(static_cast<char>(kBytes[rng() % sizeof(kBytes)]));
    ASSERT_EQ(Json(s),
              nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        << absl::CHexEscape(s);
  }
}

}  // namespace
}  // namespace odenek::internal
