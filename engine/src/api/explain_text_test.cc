// The explanation shows what happened, not what was written (issue #21 item
// 1, issue #16 item 6): the branch a rule took, only the lookups on the
// claim's own path, and a text that reads verdict first and stays short.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "odenek/claim.h"
#include "odenek/result.h"
#include "odenek/rule_set.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

using ::odenek::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;

const RuleSet& Rules() {
  static const RuleSet* rules = [] {
    const char* src = std::getenv("ODENEK_SOURCE_DIR");
    absl::StatusOr<RuleSet> r = RuleSet::Load(std::string(src == nullptr ? "." : src) + "/rules");
    EXPECT_THAT(r, IsOk());
    return new RuleSet(*std::move(r));
  }();
  return *rules;
}

// examples/issizlik_kalan_hak.yaml: 450 premium days (no new right), 120
// days left of an earlier right, paid at its daily amount (4447 m.50 son
// fıkra): the exceptions of hak_suresi and gunluk_brut fire.
constexpr char kRemaining[] = R"({"id": "K-1", "fesih_tarihi": "2023-05-31",
  "fesih_neden_kodu": 4, "basvuru_tarihi": "2023-06-05", "son_120_gun_hizmet_akdi": true,
  "prim_gun_3_yil": 450, "kazanc_son_4_ay": "40032.00", "gun_son_4_ay": 120,
  "onceki_hak": {"kalan_gun": 120, "gunluk_brut": "133.44"}})";

// The same claim with a new right of its own: the base definitions apply.
constexpr char kNewRight[] = R"({"id": "K-2", "fesih_tarihi": "2023-05-31",
  "fesih_neden_kodu": 4, "basvuru_tarihi": "2023-06-05", "son_120_gun_hizmet_akdi": true,
  "prim_gun_3_yil": 720, "kazanc_son_4_ay": "40032.00", "gun_son_4_ay": 120})";

Result Explain(const std::string& json) {
  absl::StatusOr<Claim> claim = Claim::Parse(json, "claim.json");
  EXPECT_THAT(claim, IsOk());
  absl::StatusOr<std::vector<Result>> results =
      Rules().Evaluate(*claim, {.program = "issizlik_odenegi", .explain = true});
  EXPECT_THAT(results, IsOk());
  EXPECT_EQ(results->size(), 1u);
  return results->front();
}

const ExplanationStep* Find(const Result& r, ExplanationStep::Kind kind, const std::string& name) {
  for (const ExplanationStep& s : r.explanation) {
    if (s.kind == kind && s.name == name) return &s;
  }
  return nullptr;
}

TEST(ExplainBranch, ExceptionThatFiredIsShownWithItsOwnArticle) {
  Result r = Explain(kRemaining);
  ASSERT_EQ(r.verdict, Verdict::kEligible);
  const ExplanationStep* hak = Find(r, ExplanationStep::Kind::kVariable, "hak_suresi");
  ASSERT_NE(hak, nullptr);
  EXPECT_EQ(hak->value, "120");
  EXPECT_EQ(hak->when, "kalan_hak_kullanilir");
  EXPECT_EQ(hak->formula, "onceki_kalan_gun");
  // The remaining-entitlement paragraph, not the table's m.50/2.
  EXPECT_THAT(hak->reference, HasSubstr("m.50 son fıkra"));
  EXPECT_EQ(hak->overridden, "table(prim_gun_3_yil)");
  EXPECT_EQ(hak->overridden_reference, "4447 s.K. m.50/2");
  EXPECT_THAT(hak->uses, ::testing::ElementsAre("kalan_hak_kullanilir", "onceki_kalan_gun"));

  nlohmann::json j = nlohmann::json::parse(ResultToJson(r));
  bool found = false;
  for (const nlohmann::json& step : j["explanation"]) {
    if (step["name"] != "hak_suresi") continue;
    found = true;
    EXPECT_EQ(step["when"], "kalan_hak_kullanilir");
    EXPECT_EQ(step["overridden"]["reference"], "4447 s.K. m.50/2");
    EXPECT_THAT(step["reference"].get<std::string>(), HasSubstr("m.50 son fıkra"));
  }
  EXPECT_TRUE(found);
}

TEST(ExplainBranch, BaseDefinitionWithoutExceptionNamesTheTableRow) {
  Result r = Explain(kNewRight);
  const ExplanationStep* hak = Find(r, ExplanationStep::Kind::kVariable, "hak_suresi");
  ASSERT_NE(hak, nullptr);
  EXPECT_EQ(hak->value, "180");
  EXPECT_TRUE(hak->when.empty());
  EXPECT_EQ(hak->reference, "4447 s.K. m.50/2");
  EXPECT_EQ(hak->table_row, "[600, 900)");
  EXPECT_EQ(hak->table_value, "180 gun");
}

TEST(ExplainLookups, OnlyLookupsOnTheClaimsPathAreListed) {
  // gunluk_brut's base formula and the schedule's `else` side read
  // issizlik_odenegi.oran; the exception that fired reads the earlier
  // right's amount instead, so no oran lookup took part in this claim.
  Result remaining = Explain(kRemaining);
  EXPECT_EQ(Find(remaining, ExplanationStep::Kind::kParameter, "issizlik_odenegi.oran"), nullptr);
  EXPECT_NE(Find(remaining, ExplanationStep::Kind::kParameter, "asgari_ucret.brut"), nullptr);
  // With a new right the base is taken and the lookup is listed.
  Result fresh = Explain(kNewRight);
  EXPECT_NE(Find(fresh, ExplanationStep::Kind::kParameter, "issizlik_odenegi.oran"), nullptr);
}

TEST(ExplainText, ExceptionOverriddenBaseAndEachLookupOnce) {
  const std::string text = ExplanationToText(Explain(kRemaining));
  EXPECT_THAT(text, HasSubstr("istisna uygulandı: kalan_hak_kullanilir"));
  EXPECT_THAT(text, HasSubstr("temel tanım uygulanmadı: table(prim_gun_3_yil)   "
                              "[4447 s.K. m.50/2]"));
  // Labels from the descriptions, ids in parentheses.
  EXPECT_THAT(text, HasSubstr("Ödenecek gün (sure_gun) = 120 gün"));
  // A condition's verdict in words.
  EXPECT_THAT(text, HasSubstr("✓ sağlandı    kalan_sure_var"));
  // Each lookup once: asgari_ucret.brut @ 2023-05-31 is read by gunluk_tavan
  // and nowhere else in the calculation; the schedule names each value once.
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  int tavan_lookups = 0;
  for (const std::string& line : lines) {
    if (line.find("asgari_ucret.brut @ 2023-05-31") != std::string::npos) ++tavan_lookups;
  }
  EXPECT_EQ(tavan_lookups, 1);
  // The schedule is a table with a total, not odeme_k_* lines.
  EXPECT_THAT(text, HasSubstr("Ödeme takvimi"));
  EXPECT_THAT(text, HasSubstr("  Toplam               120      16.012,80         121,52      15.891,28\n"));
  EXPECT_THAT(text, Not(HasSubstr("odeme_4_brut =")));
  EXPECT_LE(lines.size(), 80u);
}

TEST(ExplainText, RejectedClaimStartsWithWhyNotAndShowsNoAmounts) {
  std::string json = kNewRight;
  json.replace(json.find("\"fesih_neden_kodu\": 4"), 21, "\"fesih_neden_kodu\": 3");
  Result r = Explain(json);
  ASSERT_EQ(r.verdict, Verdict::kIneligible);
  const std::string text = ExplanationToText(r);
  ASSERT_THAT(text, HasSubstr("Neden olmadı"));
  EXPECT_LT(text.find("Neden olmadı"), text.find("Koşullar"));
  EXPECT_THAT(text, HasSubstr("✗ sağlanmadı  fesih_kodu_uygun"));
  EXPECT_THAT(text, Not(HasSubstr("Hesaplama")));
  EXPECT_THAT(text, Not(HasSubstr("aylik_net")));
}

// Issue #16 item 7: one schedule table for check and explain
// (PaymentsToText), money in the text's one number format, units in words.
TEST(ExplainText, OneScheduleTableAndTurkishNumbers) {
  const Result r = Explain(kNewRight);
  ASSERT_EQ(r.verdict, Verdict::kEligible);
  const std::string text = ExplanationToText(r);
  EXPECT_THAT(text, HasSubstr(PaymentsToText(r.payments, TextLanguage::kTurkish, 2)));
  ResultTextOptions check;
  EXPECT_THAT(ResultToText(r, check), HasSubstr(PaymentsToText(r.payments, TextLanguage::kTurkish, 4)));
  EXPECT_THAT(text, HasSubstr("(kazanc_son_4_ay) = 40.032,00 TL   (başvuruda verildi)"));
  EXPECT_THAT(text, HasSubstr("(sure_gun) = 180 gün"));
  EXPECT_THAT(text, HasSubstr("issizlik_odenegi.basvuru_suresi @ 2023-05-31 = 30 gün (2000-06-01 "
                              "tarihinden)"));
  EXPECT_THAT(text, HasSubstr("asgari_ucret.brut @ 2023-05-31 = 10.008,00 TL"));
  EXPECT_THAT(text, HasSubstr("issizlik_odenegi.oran @ 2023-05-31 = 0,4 "));
  // No machine-form amount is left in the words (formulas may hold numbers
  // as the rules write them, so only values after " = " are looked at).
  EXPECT_THAT(text, Not(HasSubstr("= 40032.00")));
  EXPECT_THAT(text, Not(HasSubstr(" = 180\n")));
}

TEST(ExplainText, EnglishHasTheSameStructureWithEnglishLabels) {
  const Result r = Explain(kNewRight);
  const std::string tr = ExplanationToText(r);
  const std::string en = ExplanationToText(r, TextLanguage::kEnglish);
  for (const char* heading : {"\nConditions\n", "\nCalculation\n", "\nPayment schedule\n"}) {
    EXPECT_THAT(en, HasSubstr(heading));
  }
  EXPECT_THAT(en, HasSubstr("✓ met         kalan_sure_var"));
  EXPECT_THAT(en, HasSubstr("(sure_gun) = 180 days"));
  EXPECT_THAT(en, HasSubstr("(kazanc_son_4_ay) = 40032.00 TL   (given in the claim)"));
  EXPECT_THAT(en, HasSubstr("(from 2000-06-01)"));
  EXPECT_THAT(en, HasSubstr(PaymentsToText(r.payments, TextLanguage::kEnglish, 2)));
  // Rule texts (descriptions, articles) stay as written; the engine's words
  // are English.
  for (const char* turkish : {"Koşullar", "sağlandı", "Hesaplama", " tarihinden)",
                              "(başvuruda verildi)", "yuvarlama:", "Toplam", "aylarında"}) {
    EXPECT_THAT(en, Not(HasSubstr(turkish))) << turkish;
  }
  // The same lines, only the words and numbers differ.
  EXPECT_EQ(std::count(tr.begin(), tr.end(), '\n'), std::count(en.begin(), en.end(), '\n'));
}

TEST(ExplainText, WhyNotInEnglish) {
  std::string json = kNewRight;
  json.replace(json.find("\"prim_gun_3_yil\": 720"), 21, "\"prim_gun_3_yil\": 540");
  const Result r = Explain(json);
  ASSERT_EQ(r.verdict, Verdict::kIneligible);
  EXPECT_THAT(ExplanationToText(r), HasSubstr("→ prim_gun_3_yil 540 < 600: 60 gün daha olsaydı bu "
                                              "koşul sağlanırdı (4447 s.K. m.50/1)"));
  const std::string en = ExplanationToText(r, TextLanguage::kEnglish);
  EXPECT_THAT(en, HasSubstr("\nWhy not\n"));
  EXPECT_THAT(en, HasSubstr("→ prim_gun_3_yil 540 < 600: the condition would hold with 60 days "
                            "more (4447 s.K. m.50/1)"));
  EXPECT_THAT(en, HasSubstr("      rule: prim_gun_3_yil >= "));
}

// The verdict block: labels and verdict in the language asked for, money in
// its number format; no English word in the Turkish block.
TEST(ResultText, VerdictBlockInBothLanguages) {
  const Result r = Explain(kNewRight);
  ResultTextOptions options;
  options.title = "İşsizlik ödeneği";
  const std::string tr = ResultToText(r, options);
  EXPECT_THAT(tr, HasSubstr("İşsizlik ödeneği (issizlik_odenegi)      K-2\n"));
  EXPECT_THAT(tr, HasSubstr("  Karar         : HAK KAZANDI\n"));
  EXPECT_THAT(tr, HasSubstr("  Süre          : 180 gün\n"));
  EXPECT_THAT(tr, HasSubstr("  Ödeme takvimi :\n    Ay      Başlangıç    Gün      Brüt (TL)"));
  EXPECT_THAT(tr, Not(HasSubstr("eligible")));
  options.language = TextLanguage::kEnglish;
  const std::string en = ResultToText(r, options);
  EXPECT_THAT(en, HasSubstr("  Verdict       : ELIGIBLE\n"));
  EXPECT_THAT(en, HasSubstr("  Duration      : 180 days\n"));
  EXPECT_THAT(en, HasSubstr("  Payments      :\n    Month   From        Days     Gross (TL)"));
  EXPECT_EQ(std::count(tr.begin(), tr.end(), '\n'), std::count(en.begin(), en.end(), '\n'));
}

}  // namespace
}  // namespace odenek
