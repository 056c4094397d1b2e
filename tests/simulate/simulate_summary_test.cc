// Pieces of `odenek simulate` that need no binary: summary arithmetic
// (cli/simulate_summary.h) and the output escapers (cli/simulate_output.h).
#include "odenek/summary.h"
#include "bulk/tally.h"

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
  p.comparison.gainers = 1;
  p.comparison.unchanged = 1;
  p.comparison.difference = 50 * kTl;
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
  const std::string text = SummaryToText(s, TextLanguage::kEnglish);
  EXPECT_THAT(text, ::testing::HasSubstr("records: 3 read, 2 evaluated, 1 rejected"));
  EXPECT_THAT(text, ::testing::HasSubstr("cost difference: 50.00 (300.00 -> 350.00; sums aylik_net"));
  // The same figures in Turkish form by default.
  const std::string turkish = SummaryToText(s);
  EXPECT_THAT(turkish, ::testing::HasSubstr("kayıtlar: 3 okundu, 2 değerlendirildi, 1 reddedildi"));
  EXPECT_THAT(turkish, ::testing::HasSubstr("maliyet farkı: 50,00 TL (300,00 TL -> 350,00 TL; "));
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
