// The toy rule set (tests/toy): a made-up programme that uses every feature of
// the rule language once, so each stage is tested on all of it, not only on
// what the built-in law happens to need. Its YAML cases (tests/toy/tests/)
// carry figures computed by tests/toy/oracle.py, an independent Python
// reading; this file adds what YAML cases cannot say: that the toy really
// covers the language, the explanation's content, reforms, and scalar = batch
// on random claims in both claim forms.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "check/checker.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/batch.h"
#include "odenek/date.h"
#include "odenek/rule_set.h"
#include "odenek/testing.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string ToyDir() {
  const char* src = std::getenv("ODENEK_SOURCE_DIR");
  return std::string(src ? src : ".") + "/tests/toy";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const ExplanationStep* Step(const Result& r, ExplanationStep::Kind kind,
                            const std::string& name) {
  for (const ExplanationStep& s : r.explanation) {
    if (s.kind == kind && s.name == name) return &s;
  }
  return nullptr;
}

std::string ValueOf(const Result& r, const std::string& name) {
  for (const auto& [n, v] : r.values) {
    if (n == name) return v.text;
  }
  return "(absent)";
}

// Everything of a Result that scalar and batch evaluation must agree on.
std::string Summary(const Result& r) {
  std::vector<std::string> parts = {r.id, absl::StrCat(static_cast<int>(r.verdict))};
  for (const Reason& x : r.reasons) parts.push_back(absl::StrCat("failed:", x.rule));
  for (const std::string& m : r.missing) parts.push_back(absl::StrCat("missing:", m));
  for (const auto& [n, v] : r.values) parts.push_back(absl::StrCat(n, "=", v.text));
  for (const Payment& p : r.payments) {
    parts.push_back(absl::StrCat(p.from, "/", p.days, "/", p.gross, "/", p.stamp_tax, "/", p.net));
  }
  parts.push_back(r.rules_hash);
  return absl::StrJoin(parts, " ");
}

class ToyRulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto rules = RuleSet::Load(ToyDir());
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = new RuleSet(*std::move(rules));
  }
  static void TearDownTestSuite() { delete rules_; }

  static Result EvaluateOne(const std::string& yaml, bool explain = false) {
    absl::StatusOr<Claim> claim = Claim::Parse(yaml, "toy.yaml");
    EXPECT_TRUE(claim.ok()) << claim.status();
    auto results = rules_->Evaluate(*claim, {.program = "oyuncak", .explain = explain});
    EXPECT_TRUE(results.ok()) << results.status();
    if (!results.ok() || results->size() != 1) return Result{};
    return (*results)[0];
  }

  static RuleSet* rules_;
};
RuleSet* ToyRulesTest::rules_ = nullptr;

TEST_F(ToyRulesTest, PassesItsOwnCases) {
  absl::StatusOr<TestReport> report = RunRuleTests(ToyDir());
  ASSERT_TRUE(report.ok()) << report.status();
  for (const TestFailure& f : report->failures) {
    ADD_FAILURE() << f.place << ": " << f.name << ": "
                  << ::testing::PrintToString(f.differences);
  }
  EXPECT_EQ(report->failed, 0);
  EXPECT_GE(report->passed, 24);
}

TEST_F(ToyRulesTest, HasNoWarnings) { EXPECT_THAT(rules_->warnings(), IsEmpty()); }

// The toy is only useful if it keeps up with the language: a new built-in
// function, rounding mode, type or parameter kind fails here until the toy
// uses it (and so its cases, explanation and scalar = batch tests cover it).
TEST_F(ToyRulesTest, UsesEveryBuiltinFunctionTypeAndRoundingMode) {
  const std::string program = ReadFile(ToyDir() + "/program.yaml");
  const std::string parameters = ReadFile(ToyDir() + "/parametreler.yaml");
  ASSERT_FALSE(program.empty());
  for (const std::string& f : internal::BuiltinFunctionNames()) {
    EXPECT_THAT(program, HasSubstr(f + "(")) << "toy does not call " << f << "()";
  }
  for (const char* mode : {"half_up", "half_even", "down", "up", "floor", "ceiling"}) {
    EXPECT_THAT(program, HasSubstr(absl::StrCat(", ", mode, ")"))) << mode;
  }
  for (const char* type : {"date", "int", "string", "bool", "decimal", "saat", "oran", "gun",
                           "money", "list"}) {
    EXPECT_THAT(program, HasSubstr(absl::StrCat("type: ", type))) << type;
  }
  for (const char* feature : {"valid_from:", "valid_to:", "valid_on:", "informational: true",
                              "exceptions:", "table:", "default:", "span:", "key:", "payments:",
                              " in [", " @ ", "if ", " then ", " else ", "not (", " or ",
                              " and ", "-(", " != ", "month: ", "min: ", "max: "}) {
    EXPECT_THAT(program, HasSubstr(feature)) << feature;
  }
  for (const char* feature : {"type: set", "type: scale", "end:", "reference:", "{value:"}) {
    EXPECT_THAT(parameters, HasSubstr(feature)) << feature;
  }
}

constexpr char kDisabledClaim[] = R"yaml(
fesih_tarihi: 2024-02-10
basvuru_tarihi: 2024-04-10
kod: 2
engelli: true
son_90_gun_akdi: false
prim_gun: 185
kazanc_3_ay: 10000.00
katsayi: 1.5
bolge: sel
ek_oran: 0.15
haftalik_saat: 10
)yaml";

TEST_F(ToyRulesTest, ExplanationShowsRoundingsWithExactValueBefore) {
  Result r = EvaluateOne(kDisabledClaim, /*explain=*/true);
  ASSERT_EQ(r.verdict, Verdict::kEligible);
  const ExplanationStep* gunluk = Step(r, ExplanationStep::Kind::kVariable, "gunluk_brut");
  ASSERT_NE(gunluk, nullptr);
  // 0.50 × 111.111111 = 55.5555555 → 55.555556 (6 places, half-even) × 1.5.
  ASSERT_EQ(gunluk->roundings.size(), 1u);
  EXPECT_EQ(gunluk->roundings[0].before, "83.333334");
  EXPECT_EQ(gunluk->roundings[0].after, "83.33");
  EXPECT_EQ(gunluk->roundings[0].places, 2);
  EXPECT_EQ(gunluk->roundings[0].mode, "half_up");
  EXPECT_THAT(gunluk->roundings[0].text, HasSubstr("round(min(oyuncak.oran"));

  const ExplanationStep* ek = Step(r, ExplanationStep::Kind::kVariable, "bolge_eki");
  ASSERT_NE(ek, nullptr);
  ASSERT_EQ(ek->roundings.size(), 1u);
  EXPECT_EQ(ek->roundings[0].before, "374.985");
  EXPECT_EQ(ek->roundings[0].after, "374.98");  // half-even: 8 is even
  EXPECT_EQ(ek->roundings[0].mode, "half_even");

  // A variable without round() lists none.
  const ExplanationStep* aylik = Step(r, ExplanationStep::Kind::kVariable, "aylik_brut");
  ASSERT_NE(aylik, nullptr);
  EXPECT_THAT(aylik->roundings, IsEmpty());
}

TEST_F(ToyRulesTest, RoundingInABranchNotTakenIsNotListed) {
  // No region: bolge_eki takes its `else 0.00 TL` branch; the round() in the
  // `then` branch ran for the chunk but is not part of this claim's reasoning.
  Result r = EvaluateOne(
      "fesih_tarihi: 2023-03-15\nbasvuru_tarihi: 2023-03-20\nkod: 1\nprim_gun: 200\n"
      "kazanc_3_ay: 27000.00\nson_90_gun_akdi: true\n",
      /*explain=*/true);
  ASSERT_EQ(r.verdict, Verdict::kEligible);
  const ExplanationStep* ek = Step(r, ExplanationStep::Kind::kVariable, "bolge_eki");
  ASSERT_NE(ek, nullptr);
  EXPECT_EQ(ek->value, "0.00");
  EXPECT_THAT(ek->roundings, IsEmpty());
}

TEST_F(ToyRulesTest, ExplanationShowsParametersWithEffectiveDateAndValueReference) {
  Result r = EvaluateOne(kDisabledClaim, /*explain=*/true);
  const ExplanationStep* oran = nullptr;
  for (const ExplanationStep& s : r.explanation) {
    if (s.kind == ExplanationStep::Kind::kParameter && s.name == "oyuncak.oran" &&
        s.uses == std::vector<std::string>{"gunluk_brut"}) {
      oran = &s;
    }
  }
  ASSERT_NE(oran, nullptr);
  EXPECT_EQ(oran->on_date, "2024-02-10");
  EXPECT_EQ(oran->value, "0.5");
  EXPECT_EQ(oran->effective_from, "2023-07-01");
  // The value's own reference wins over the parameter's.
  EXPECT_EQ(oran->reference, "Oyuncak Kanunu m.3 (2023 değişikliği)");
  EXPECT_THAT(oran->place, HasSubstr("program.yaml:"));

  const ExplanationStep* taban = nullptr;
  for (const ExplanationStep& s : r.explanation) {
    if (s.kind == ExplanationStep::Kind::kParameter && s.name == "oyuncak.taban") taban = &s;
  }
  ASSERT_NE(taban, nullptr);
  EXPECT_EQ(taban->effective_from, "2024-01-01");
  EXPECT_EQ(taban->value, "1500.00");
  EXPECT_EQ(taban->reference, "Oyuncak Kanunu m.4");
}

TEST_F(ToyRulesTest, ExplanationMarksGivenFactsAndExceptions) {
  Result r = EvaluateOne(kDisabledClaim, /*explain=*/true);
  const ExplanationStep* prim = Step(r, ExplanationStep::Kind::kVariable, "prim_gun");
  ASSERT_NE(prim, nullptr);
  EXPECT_TRUE(prim->given);
  EXPECT_EQ(prim->value, "185");
  const ExplanationStep* gecikme = Step(r, ExplanationStep::Kind::kVariable, "gecikme_gun");
  ASSERT_NE(gecikme, nullptr);
  EXPECT_FALSE(gecikme->given);
  EXPECT_EQ(gecikme->value, "0");  // the exception (engelli), not 60 - 30
  // The branch taken (issue #21): the exception's condition, formula and
  // article; the base definition is named as overridden, not cited.
  EXPECT_EQ(gecikme->when, "value_or(engelli, false)");
  EXPECT_EQ(gecikme->formula, "0 gun");
  EXPECT_EQ(gecikme->reference, "Oyuncak Kanunu m.9/2 (engelliye gecikme sayılmaz)");
  EXPECT_EQ(gecikme->overridden, "max(0 gun, days_between(fesih_tarihi, basvuru_tarihi) - 30 gun)");
  EXPECT_EQ(gecikme->overridden_reference, "Oyuncak Kanunu m.9");
  // Only the names the exception read, not the base formula's dates.
  EXPECT_THAT(gecikme->uses, ::testing::ElementsAre("engelli"));
  // Issue #21's case: a disabled applicant's duration comes from the
  // exception (m.4/2), not from the base table (m.4), and no table row is
  // claimed to have matched.
  const ExplanationStep* hak = Step(r, ExplanationStep::Kind::kVariable, "hak_suresi");
  ASSERT_NE(hak, nullptr);
  EXPECT_EQ(hak->value, "120");
  EXPECT_EQ(hak->when, "value_or(engelli, false) and prim_gun >= 180 gun");
  EXPECT_EQ(hak->reference, "Oyuncak Kanunu m.4/2");
  EXPECT_EQ(hak->overridden, "table(prim_gun)");
  EXPECT_EQ(hak->overridden_reference, "Oyuncak Kanunu m.4");
  EXPECT_TRUE(hak->table_row.empty());

  // Without the exception: the base, and the table row that matched.
  std::string claim = kDisabledClaim;
  claim.replace(claim.find("engelli: true"), 13, "engelli: false");
  Result base = EvaluateOne(claim, /*explain=*/true);
  const ExplanationStep* table = Step(base, ExplanationStep::Kind::kVariable, "hak_suresi");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->value, "60");
  EXPECT_TRUE(table->when.empty());
  EXPECT_TRUE(table->overridden.empty());
  EXPECT_EQ(table->reference, "Oyuncak Kanunu m.4");
  EXPECT_EQ(table->table_row, "[180, 270)");
  EXPECT_EQ(table->table_value, "60 gun");
  const ExplanationStep* late = Step(base, ExplanationStep::Kind::kVariable, "gecikme_gun");
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->reference, "Oyuncak Kanunu m.9");
  EXPECT_EQ(late->value, "30");  // 60 days between, less 30
  const ExplanationStep* akdi = Step(r, ExplanationStep::Kind::kCondition, "akdi_surekli");
  ASSERT_NE(akdi, nullptr);
  EXPECT_EQ(akdi->value, "true");  // false or engelli
  const ExplanationStep* input = Step(r, ExplanationStep::Kind::kInput, "katsayi");
  ASSERT_NE(input, nullptr);
  EXPECT_EQ(input->value, "1.5");
}

TEST_F(ToyRulesTest, ExplanationOfTheHistoryFormDerivesFacts) {
  Result r = EvaluateOne(R"yaml(
fesih_tarihi: 2023-06-30
basvuru_tarihi: 2023-07-03
kod: 3
primler:
  - {ay: 2023-04, gun: 30, kazanc: 9000.00}
  - {ay: 2023-05, gun: 30, kazanc: 9000.00}
  - {ay: 2023-06, gun: 30, kazanc: 9000.00}
sozlesmeler: [{baslangic: 2020-01-01, bitis: 2023-06-30}]
)yaml",
                         /*explain=*/true);
  EXPECT_EQ(r.verdict, Verdict::kIneligible);  // 90 days < 180
  const ExplanationStep* prim = Step(r, ExplanationStep::Kind::kVariable, "prim_gun");
  ASSERT_NE(prim, nullptr);
  EXPECT_FALSE(prim->given);
  EXPECT_EQ(prim->value, "90");
  EXPECT_EQ(prim->formula, "sum(primler.gun, last_months(fesih_ayi, 12))");
  EXPECT_THAT(prim->uses, ::testing::UnorderedElementsAre("primler", "fesih_ayi"));
  const ExplanationStep* akdi = Step(r, ExplanationStep::Kind::kVariable, "son_90_gun_akdi");
  ASSERT_NE(akdi, nullptr);
  EXPECT_EQ(akdi->value, "true");
}

TEST_F(ToyRulesTest, ExplanationValuesEqualResultValues) {
  Result r = EvaluateOne(kDisabledClaim, /*explain=*/true);
  ASSERT_FALSE(r.values.empty());
  for (const auto& [name, v] : r.values) {
    const ExplanationStep* s = Step(r, ExplanationStep::Kind::kVariable, name);
    ASSERT_NE(s, nullptr) << name;
    EXPECT_EQ(s->value, v.text) << name;
  }
}

TEST_F(ToyRulesTest, UndeterminedListsOnlyMissingInputsThatDecide) {
  // kod and prim_gun (no primler either) are missing; the optional inputs read
  // through value_or (engelli, bolge, katsayi, ...) are not listed.
  Result r = EvaluateOne(
      "fesih_tarihi: 2023-03-15\nbasvuru_tarihi: 2023-03-20\nkazanc_3_ay: 27000.00\n"
      "son_90_gun_akdi: true\n");
  EXPECT_EQ(r.verdict, Verdict::kUndetermined);
  EXPECT_THAT(r.missing, ElementsAre("kod", "prim_gun"));
  EXPECT_THAT(r.values, IsEmpty());
  EXPECT_THAT(r.payments, IsEmpty());
}

TEST_F(ToyRulesTest, EmptyHistoryIsZeroRecordsNotUnknown) {
  Result r = EvaluateOne(
      "fesih_tarihi: 2023-03-15\nbasvuru_tarihi: 2023-03-20\nkod: 1\nkazanc_3_ay: 27000.00\n"
      "son_90_gun_akdi: true\nprimler: []\n");
  EXPECT_EQ(r.verdict, Verdict::kIneligible);
  ASSERT_EQ(r.reasons.size(), 1u);
  EXPECT_EQ(r.reasons[0].rule, "prim_yeterli");
}

TEST_F(ToyRulesTest, ReformReplacesTableAndConditionsAndChangesTheHash) {
  ASSERT_OK_AND_ASSIGN(RuleSet reform,
                       RuleSet::Load(ToyDir(), {.reforms = {ToyDir() + "/reforms/oran_artisi.yaml"}}));
  EXPECT_NE(reform.hash(), rules_->hash());
  const std::string claim =
      "fesih_tarihi: 2023-08-15\nbasvuru_tarihi: 2023-08-20\nkod: 2\nprim_gun: 160\n"
      "kazanc_3_ay: 13500.00\nson_90_gun_akdi: true\n";
  Result base = EvaluateOne(claim);
  EXPECT_EQ(base.verdict, Verdict::kIneligible);
  ASSERT_OK_AND_ASSIGN(Claim c, Claim::Parse(claim, "toy.yaml"));
  ASSERT_OK_AND_ASSIGN(std::vector<Result> after, reform.Evaluate(c, {.program = "oyuncak"}));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].verdict, Verdict::kEligible);
  EXPECT_EQ(ValueOf(after[0], "sure_gun"), "60");         // the reform's table row [150, 270)
  EXPECT_EQ(ValueOf(after[0], "gunluk_brut"), "90.00");   // 0.60 × 150
  EXPECT_EQ(after[0].rules_hash, reform.hash());
  // The added condition sits beside the replaced ones.
  std::vector<std::string> ids;
  for (const ProgramInfo& p : reform.programs()) {
    for (const ConditionInfo& k : p.conditions) ids.push_back(k.id);
  }
  EXPECT_THAT(ids, ::testing::Contains("kod_bir_degil"));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "prim_yeterli"), 1);

  // Issue #21: the value the reform made up cites the reform, not the law
  // (the base value it replaced had the article "m.3 (2023 değişikliği)"),
  // and the explanation names the reform beside it.
  ASSERT_OK_AND_ASSIGN(std::vector<Result> explained,
                       reform.Evaluate(c, {.program = "oyuncak", .explain = true}));
  const ExplanationStep* oran = nullptr;
  for (const ExplanationStep& s : explained[0].explanation) {
    if (s.kind == ExplanationStep::Kind::kParameter && s.name == "oyuncak.oran") oran = &s;
  }
  ASSERT_NE(oran, nullptr);
  EXPECT_EQ(oran->value, "0.6");
  EXPECT_EQ(oran->reform, "oran_artisi");
  EXPECT_EQ(oran->reference, "Oyuncak taslağı");
  EXPECT_THAT(ExplanationToText(explained[0]),
              HasSubstr("oyuncak.oran @ 2023-08-15 = 0,6 (2023-07-01 tarihinden) "
                        "{reform: oran_artisi}   [Oyuncak taslağı]"));
  // A value of the law the reform did not touch keeps its own citation.
  const ExplanationStep* taban = nullptr;
  for (const ExplanationStep& s : explained[0].explanation) {
    if (s.kind == ExplanationStep::Kind::kParameter && s.name == "oyuncak.gunluk_tavan") taban = &s;
  }
  ASSERT_NE(taban, nullptr);
  EXPECT_TRUE(taban->reform.empty());
  EXPECT_NE(taban->reference, "Oyuncak taslağı");
}

// Validate never fails: a folder it cannot load is itself a diagnostic, with a
// code saying why (a caller may treat "not-found" and "limit" differently).
TEST(ValidateTest, UnloadableFolderIsADiagnosticWithItsCode) {
  std::vector<Diagnostic> missing = RuleSet::Validate("/nonexistent/odenek/rules");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].code, "not-found");

  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / ("odenek_many_rules_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (int i = 0; i <= 1000; ++i) std::ofstream(dir / absl::StrCat("p", i, ".yaml")) << "# empty\n";
  std::vector<Diagnostic> over = RuleSet::Validate(dir.string());
  ASSERT_EQ(over.size(), 1u);
  EXPECT_EQ(over[0].code, "limit");
  EXPECT_THAT(over[0].message, HasSubstr("more than 1000 rule files"));
  std::filesystem::remove_all(dir);
}

// A fact given in the claim wins over its formula; the formula still runs for
// the other rows of a mixed chunk, and must not raise an error for the rows
// whose fact was given (scalar evaluation never runs it for them).
constexpr char kGivenWins[] = R"yaml(program: verilen
title: Verilen olgu formülün önüne geçer
reference: test
inputs:
  kazanc: {type: money}
  gun: {type: gun}
  gunluk: {type: money}
variables:
  gunluk:
    expr: kazanc / gun * 1 gun
    reference: test
conditions:
  - id: pozitif
    expr: gunluk > 0.00 TL
    message: pozitif olmalı
    reference: test
outputs: [gunluk]
)yaml";

TEST(GivenFactTest, FormulaErrorsDoNotReachRowsThatGaveTheFact) {
  ASSERT_OK_AND_ASSIGN(RuleSet rules, RuleSet::LoadFromTexts({{"p.yaml", kGivenWins}}));
  ASSERT_OK_AND_ASSIGN(BatchEvaluator batch, BatchEvaluator::Create(rules));
  ASSERT_OK(batch.SetColumns({"id", "kazanc", "gun", "gunluk"}));
  const std::vector<std::vector<absl::string_view>> rows = {
      {"verildi", "100.00", "0", "5.00"},   // 100 / 0 would fail; the fact wins
      {"bolunemez", "100.00", "0", ""},     // the formula decides: an error
      {"hesaplandi", "100.00", "4", ""},    // 25.00
      {"verildi_sifir", "", "", "0.00"}};  // given 0: ineligible, no error
  for (const auto& row : rows) ASSERT_OK(batch.AddRecord(row));
  batch.Evaluate();

  EXPECT_OK(batch.status(0, 0));
  EXPECT_EQ(batch.verdict(0, 0), Verdict::kEligible);
  EXPECT_THAT(batch.status(1, 0), testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                                    HasSubstr("bolunemez")));
  EXPECT_OK(batch.status(2, 0));
  std::string text;
  batch.AppendValue(2, 0, 0, &text);
  EXPECT_EQ(text, "25.00");
  EXPECT_OK(batch.status(3, 0));
  EXPECT_EQ(batch.verdict(3, 0), Verdict::kIneligible);

  // One claim at a time says the same.
  for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
    std::vector<std::pair<std::string, std::string>> fields;
    const char* names[] = {"kazanc", "gun", "gunluk"};
    for (int k = 0; k < 3; ++k) {
      if (!rows[i][k + 1].empty()) fields.emplace_back(names[k], std::string(rows[i][k + 1]));
    }
    auto scalar = rules.Evaluate(Claim::FromFields(std::string(rows[i][0]), fields));
    EXPECT_EQ(scalar.ok(), batch.status(i, 0).ok()) << rows[i][0];
    if (scalar.ok()) {
      ASSERT_EQ(scalar->size(), 1u);
      EXPECT_EQ((*scalar)[0].verdict, batch.verdict(i, 0)) << rows[i][0];
    }
  }
}

// Random toy claims in both forms: histories of 0–14 monthly records, 1–3
// spells with gaps, dated payments; optional inputs left out at random.
class ToyClaimGenerator {
 public:
  explicit ToyClaimGenerator(uint64_t seed) : rng_(seed) {}

  std::string Claim(int n) {
    std::vector<std::string> lines = {absl::StrFormat("id: T-%d", n)};
    const int fesih = Uniform(0, 4 * 365);  // days after 2022-01-01
    const int basvuru = fesih + Uniform(-20, 420);
    if (!Chance(4)) lines.push_back("fesih_tarihi: " + DateText(fesih));
    if (!Chance(4)) lines.push_back("basvuru_tarihi: " + DateText(basvuru));
    if (!Chance(4)) {
      static const int kKodlar[] = {1, 2, 3, 4, 97, 99};
      lines.push_back(absl::StrCat("kod: ", kKodlar[Uniform(0, 5)]));
    }
    if (Chance(40)) {
      static const char* kBolgeler[] = {"deprem", "sel", "yasak", "merkez"};
      lines.push_back(absl::StrCat("bolge: ", kBolgeler[Uniform(0, 3)]));
    }
    if (Chance(30)) lines.push_back(absl::StrCat("engelli: ", Chance(50) ? "true" : "false"));
    if (Chance(30)) lines.push_back(absl::StrFormat("katsayi: %d.%02d", Uniform(0, 2), Uniform(0, 99)));
    if (Chance(30)) lines.push_back(absl::StrCat("haftalik_saat: ", Uniform(0, 45)));
    if (Chance(30)) lines.push_back(absl::StrFormat("ek_oran: 0.%02d", Uniform(0, 99)));
    if (Chance(50)) {  // facts form
      if (!Chance(8)) lines.push_back(absl::StrCat("prim_gun: ", Uniform(100, 366)));
      if (!Chance(5)) lines.push_back(absl::StrFormat("kazanc_3_ay: %d.%02d", Uniform(0, 60000), Uniform(0, 99)));
      if (!Chance(5)) lines.push_back(absl::StrCat("son_90_gun_akdi: ", Chance(80) ? "true" : "false"));
    } else {  // history form
      const int month = MonthOf(fesih);
      lines.push_back("primler:");
      for (int k = Uniform(0, 14); k > 0; --k) {
        lines.push_back(absl::StrFormat("  - {ay: %s, gun: %d, kazanc: %d.%02d}",
                                        MonthText(month - Uniform(0, 13)), Uniform(0, 30),
                                        Uniform(0, 20000), Uniform(0, 99)));
      }
      if (lines.back() == "primler:") lines.back() = "primler: []";
      lines.push_back("sozlesmeler:");
      int start = fesih - Uniform(0, 200);
      for (int k = Uniform(1, 3); k > 0; --k) {
        const int end = std::min(fesih, start + Uniform(0, 150));
        lines.push_back(absl::StrFormat("  - {baslangic: %s, bitis: %s}", DateText(start),
                                        DateText(end)));
        start = end + Uniform(1, 3);
      }
    }
    if (Chance(40)) {
      lines.push_back("olaylar:");
      for (int k = Uniform(1, 4); k > 0; --k) {
        lines.push_back(absl::StrFormat("  - {tarih: %s, tutar: %d.00}",
                                        DateText(fesih - Uniform(0, 500)), Uniform(0, 6000)));
      }
    }
    return absl::StrJoin(lines, "\n") + "\n";
  }

 private:
  int Uniform(int lo, int hi) {
    return lo + static_cast<int>(rng_() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return Uniform(1, 100) <= percent; }
  static Date Day(int days) { return AddDays(Date::FromYmd(2022, 1, 1).value(), days); }
  static std::string DateText(int days) { return Day(days).ToString(); }
  static int MonthOf(int days) { return Day(days).year() * 12 + Day(days).month() - 1; }
  static std::string MonthText(int m) { return absl::StrFormat("%04d-%02d", m / 12, m % 12 + 1); }
  std::mt19937_64 rng_;
};

TEST_F(ToyRulesTest, OneClaimAtATimeEqualsBatchOnRandomClaimsInBothForms) {
  constexpr int kClaims = 3000;
  ToyClaimGenerator gen(20261202);
  BatchOptions options;
  options.payments = true;
  ASSERT_OK_AND_ASSIGN(BatchEvaluator batch, BatchEvaluator::Create(*rules_, options));
  int counts[4] = {0, 0, 0, 0};  // eligible, ineligible, undetermined, error
  int with_payments = 0;
  std::vector<std::string> texts;
  auto flush = [&] {
    batch.Evaluate();
    for (int row = 0; row < batch.size(); ++row) {
      ASSERT_OK_AND_ASSIGN(Claim claim, Claim::Parse(texts[row], "random.yaml"));
      auto scalar = rules_->Evaluate(claim, {.program = "oyuncak"});
      if (!scalar.ok()) {
        EXPECT_EQ(batch.status(row, 0).message(), scalar.status().message()) << texts[row];
        ++counts[3];
        continue;
      }
      ASSERT_OK(batch.status(row, 0)) << texts[row];
      ASSERT_EQ(scalar->size(), 1u);
      ASSERT_OK_AND_ASSIGN(Result got, batch.result(row, 0));
      EXPECT_EQ(Summary(got), Summary((*scalar)[0])) << texts[row];
      ++counts[static_cast<int>((*scalar)[0].verdict)];
      with_payments += !(*scalar)[0].payments.empty();
      // An eligible claim without a schedule has nothing to pay, or an
      // amount that an unknown (optional-for-the-verdict) input left open.
      if ((*scalar)[0].verdict == Verdict::kEligible && (*scalar)[0].payments.empty()) {
        EXPECT_TRUE(ValueOf((*scalar)[0], "sure_gun") == "0" ||
                    ValueOf((*scalar)[0], "gunluk_brut") == "(absent)")
            << texts[row];
      }
    }
    batch.Clear();
    texts.clear();
  };
  for (int i = 0; i < kClaims; ++i) {
    std::string text = gen.Claim(i);
    ASSERT_OK_AND_ASSIGN(Claim claim, Claim::Parse(text, "random.yaml"));
    ASSERT_OK(batch.AddClaim(claim)) << text;
    texts.push_back(std::move(text));
    if (batch.full()) flush();
  }
  flush();
  // Every outcome must occur, or the property says little.
  EXPECT_GT(counts[0], 100) << "eligible";
  EXPECT_GT(counts[1], 100) << "ineligible";
  EXPECT_GT(counts[2], 100) << "undetermined";
  EXPECT_GT(with_payments, 50);
}

}  // namespace
}  // namespace odenek
