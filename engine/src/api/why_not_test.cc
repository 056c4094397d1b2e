// "Why not" as an engine result (EvaluateOptions::why_not / explain) and the
// programme a claim applies for (basvuru.program), as every front end gets
// them from RuleSet::Evaluate.
#include "api/why_not.h"

#include <cstdlib>
#include <string>
#include <vector>

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
using ::odenek::testing::StatusIs;
using ::testing::HasSubstr;

const RuleSet& Rules() {
  static const RuleSet* rules = [] {
    const char* src = std::getenv("ODENEK_SOURCE_DIR");
    absl::StatusOr<RuleSet> r = RuleSet::Load(std::string(src == nullptr ? "." : src) + "/rules");
    EXPECT_THAT(r, IsOk());
    return new RuleSet(*std::move(r));
  }();
  return *rules;
}

// Quits with 540 premium days: two conditions fail.
constexpr char kRejected[] = R"({"id": "R-1", "fesih_tarihi": "2023-05-31", "fesih_neden_kodu": 3,
  "basvuru_tarihi": "2023-06-05", "son_120_gun_hizmet_akdi": true, "prim_gun_3_yil": 540,
  "kazanc_son_4_ay": "40032.00", "gun_son_4_ay": 120})";

std::vector<Result> Evaluate(const std::string& json, const EvaluateOptions& options) {
  absl::StatusOr<Claim> claim = Claim::Parse(json, "claim.json");
  EXPECT_THAT(claim, IsOk());
  absl::StatusOr<std::vector<Result>> results = Rules().Evaluate(*claim, options);
  EXPECT_THAT(results, IsOk());
  return results.ok() ? *results : std::vector<Result>();
}

TEST(WhyNot, FilledWithoutTheExplanationWhenAskedAlone) {
  std::vector<Result> r = Evaluate(kRejected, {.program = "issizlik_odenegi", .why_not = true});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].explanation.empty());
  ASSERT_EQ(r[0].why_not.size(), 2u);
  const WhyNotEntry* days = nullptr;
  for (const WhyNotEntry& e : r[0].why_not) {
    if (e.condition == "prim_600_gun") days = &e;
  }
  ASSERT_NE(days, nullptr);
  ASSERT_TRUE(days->change.has_value());
  EXPECT_EQ(days->change->name, "prim_gun_3_yil");
  EXPECT_EQ(days->change->by, "60");
  EXPECT_EQ(days->change->failed, "prim_gun_3_yil 540 < 600");

  nlohmann::json j = nlohmann::json::parse(ResultToJson(r[0]));
  EXPECT_FALSE(j.contains("explanation"));
  ASSERT_TRUE(j.contains("why_not"));
  EXPECT_EQ(j["why_not"].size(), 2u);
}

TEST(WhyNot, ExplainFillsBothAndPlainCheckNeither) {
  std::vector<Result> explained = Evaluate(kRejected, {.program = "issizlik_odenegi", .explain = true});
  ASSERT_EQ(explained.size(), 1u);
  EXPECT_FALSE(explained[0].explanation.empty());
  EXPECT_EQ(explained[0].why_not.size(), 2u);
  nlohmann::json j = nlohmann::json::parse(ResultToJson(explained[0]));
  EXPECT_TRUE(j.contains("explanation"));
  EXPECT_TRUE(j.contains("why_not"));

  std::vector<Result> plain = Evaluate(kRejected, {.program = "issizlik_odenegi"});
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_TRUE(plain[0].why_not.empty());
  j = nlohmann::json::parse(ResultToJson(plain[0]));
  EXPECT_FALSE(j.contains("explanation"));
  EXPECT_FALSE(j.contains("why_not"));
}

TEST(WhyNot, EligibleClaimsHaveNone) {
  std::string eligible = kRejected;
  eligible.replace(eligible.find("\"fesih_neden_kodu\": 3"), 21, "\"fesih_neden_kodu\": 4");
  eligible.replace(eligible.find("540"), 3, "720");
  std::vector<Result> r = Evaluate(eligible, {.program = "issizlik_odenegi", .why_not = true});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_TRUE(r[0].eligible());
  EXPECT_TRUE(r[0].why_not.empty());
  EXPECT_THAT(ResultToJson(r[0]), HasSubstr("\"why_not\":[]"));
}

TEST(ResultsToJson, IsTheCheckCommandsArray) {
  EXPECT_EQ(ResultsToJson({}), "[]\n");
  std::vector<Result> r = Evaluate(kRejected, {.program = "issizlik_odenegi"});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(ResultsToJson({r[0], r[0]}),
            "[\n" + ResultToJson(r[0]) + ",\n" + ResultToJson(r[0]) + "\n]\n");
}

TEST(AppliedProgram, BasvuruProgramSelectsTheProgramme) {
  // The claim carries işsizlik ödeneği's inputs and names kısa çalışma: only
  // the programme applied for is evaluated, nested or flat.
  for (const char* basvuru : {R"("basvuru": {"program": "kisa_calisma_odenegi"})",
                              R"("basvuru.program": "kisa_calisma_odenegi")"}) {
    std::string json = kRejected;
    json.insert(json.rfind('}'), std::string(", ") + basvuru);
    std::vector<Result> r = Evaluate(json, {});
    ASSERT_EQ(r.size(), 1u) << basvuru;
    EXPECT_EQ(r[0].program, "kisa_calisma_odenegi");
  }
}

TEST(AppliedProgram, AnUnknownOneIsAnErrorAtItsPlace) {
  absl::StatusOr<Claim> claim = Claim::Parse("id: X-1\nbasvuru:\n  program: issizlik\n", "c.yaml");
  ASSERT_THAT(claim, IsOk());
  EXPECT_THAT(Rules().Evaluate(*claim),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("c.yaml:3:12: basvuru.program: unknown programme \"issizlik\"")));
}


// The change in words (issue #16 item 7): the JSON's `text` is the Turkish
// sentence with Turkish numbers and unit words, as `explain` prints it; the
// fields beside it keep the machine form.
TEST(WhyNot, ChangeTextIsInTheTextsLanguageAndNumbers) {
  WhyNotChange money;
  money.name = "kazanc";
  money.from = "1500.5";
  money.relation = ">=";
  money.to = "40032.00";
  money.by = "38531.50";
  money.unit = "TL";
  EXPECT_EQ(internal::WhyNotChangeText(money, "m.1", TextLanguage::kTurkish),
            "kazanc 1.500,5 < 40.032,00: 38.531,50 TL daha olsaydı bu koşul sağlanırdı (m.1)");
  EXPECT_EQ(internal::WhyNotChangeText(money, "m.1", TextLanguage::kEnglish),
            "kazanc 1500.5 < 40032.00: the condition would hold with 38531.50 TL more (m.1)");
  WhyNotChange strict = money;
  strict.relation = ">";
  strict.by = "";
  EXPECT_EQ(internal::WhyNotChangeText(strict, "", TextLanguage::kTurkish),
            "kazanc 1.500,5 ≤ 40.032,00: kazanc 40.032,00 TL değerini aşmalı");
  WhyNotChange flag;
  flag.name = "hizmet_akdi";
  flag.from = "false";
  flag.relation = "=";
  flag.to = "true";
  EXPECT_EQ(internal::WhyNotChangeText(flag, "", TextLanguage::kTurkish),
            "hizmet_akdi evet olsaydı bu koşul sağlanırdı");

  // What a result carries is the same sentence explain prints.
  std::vector<Result> r = Evaluate(kRejected, {.program = "issizlik_odenegi", .explain = true});
  ASSERT_EQ(r.size(), 1u);
  const std::string text = ExplanationToText(r[0], TextLanguage::kTurkish);
  int changes = 0;
  for (const WhyNotEntry& e : r[0].why_not) {
    if (!e.change) continue;
    ++changes;
    EXPECT_THAT(text, HasSubstr(e.change->text));
    EXPECT_EQ(e.change->text,
              internal::WhyNotChangeText(*e.change, e.reference, TextLanguage::kTurkish));
  }
  EXPECT_EQ(changes, 2);
}

}  // namespace
}  // namespace odenek
