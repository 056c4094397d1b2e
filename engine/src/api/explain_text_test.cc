// The explanation shows what happened, not what was written (issue #21 item
// 1, issue #16 item 6): the branch a rule took, only the lookups on the
// claim's own path, and a text that reads verdict first and stays short.
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
  EXPECT_THAT(text, HasSubstr("temel tanım uygulanmadı (overridden): table(prim_gun_3_yil)   "
                              "[4447 s.K. m.50/2]"));
  // Labels from the descriptions, ids in parentheses.
  EXPECT_THAT(text, HasSubstr("Ödenecek gün (sure_gun) = 120"));
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
  EXPECT_THAT(text, HasSubstr("Toplam              120     16012.80     121.52     15891.28"));
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

}  // namespace
}  // namespace odenek
