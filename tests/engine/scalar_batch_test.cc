// Property: one claim at a time (RuleSet::Evaluate, a 1-row plan run) and a
// chunk of up to 1024 claims (BatchEvaluator) give identical results, on
// random claims against the built-in rule set. Rows of a batch must not leak
// into each other, and the flat-record reader must type fields exactly as the
// claim-document reader does.
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/batch.h"
#include "odenek/rule_set.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

constexpr int kClaims = 12000;

std::string RulesDir() {
  const char* src = std::getenv("ODENEK_SOURCE_DIR");
  return std::string(src ? src : ".") + "/rules";
}

// Random claims typed by the programmes' declared inputs. Values straddle the
// rules' thresholds (dates 2021–2026, day counts 0–1200, wages up to ~10× the
// minimum) and every input is left out one time in ten, so all three
// verdicts and the runtime errors (0 premium days) all occur.
class ClaimGenerator {
 public:
  // Each input is left out with `skip_percent` chance (undetermined claims);
  // an eligible claim needs every input its outputs read.
  explicit ClaimGenerator(uint64_t seed, int skip_percent = 10)
      : rng_(seed), skip_percent_(skip_percent) {}

  int Uniform(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(rng_() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return Uniform(1, 100) <= percent; }

  std::string Value(const std::string& type, const std::string& name) {
    if (type == "date") {
      return absl::StrFormat("%04d-%02d-%02d", Uniform(2021, 2026), Uniform(1, 12),
                             Uniform(1, 28));
    }
    if (type == "month") return absl::StrFormat("%04d-%02d", Uniform(2020, 2026), Uniform(1, 12));
    if (type == "bool") return Chance(70) ? "true" : "false";
    if (type == "money") {
      return absl::StrFormat("%d.%02d", Uniform(0, 120000), Uniform(0, 99));
    }
    if (type == "string") return Chance(50) ? "kisa_calisma" : "isyeri_kapanmasi";
    if (name.find("kodu") != std::string::npos) {
      // Code 4 (dismissal) half the time: enough claims qualify to be eligible.
      return Chance(50) ? "4" : absl::StrCat(Uniform(1, 40));
    }
    if (name.find("gun_son_4_ay") != std::string::npos) return absl::StrCat(Uniform(0, 124));
    if (name.find("odeme_gun") != std::string::npos) return absl::StrCat(Uniform(0, 31));
    // int, gun, saat: mostly plausible counts, sometimes 0.
    return absl::StrCat(Chance(5) ? 0 : Uniform(1, 1200));
  }

  // Fields of one claim for `program` (facts form: scalar inputs only).
  // `plain`: no nested keys (onceki_hak.*, askerlik.*: the rarer paths).
  std::vector<std::pair<std::string, std::string>> Fields(const ProgramInfo& program,
                                                          bool plain = false) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (const InputInfo& in : program.inputs) {
      // A nested key skipped for `plain` draws no number, so a programme
      // gaining one (issue #17's kesinti.*, ise_giris.*) leaves the plain
      // claims, and what they exercise, as they were.
      if (plain && in.name.find('.') != std::string::npos) continue;
      if (in.type == "list" || Chance(skip_percent_)) continue;
      fields.emplace_back(in.name, Value(in.type, in.name));
    }
    return fields;
  }

 private:
  std::mt19937_64 rng_;
  int skip_percent_;
};

struct Case {
  std::string program;
  std::vector<std::pair<std::string, std::string>> fields;
};

std::string Describe(const Case& c) {
  std::string out = c.program;
  for (const auto& [k, v] : c.fields) absl::StrAppend(&out, " ", k, "=", v);
  return out;
}

std::vector<std::string> ValuesOf(const Result& r) {
  std::vector<std::string> out;
  for (const auto& [name, v] : r.values) out.push_back(absl::StrCat(name, "=", v.text));
  return out;
}

class ScalarBatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto rules = RuleSet::Load(RulesDir());
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = new RuleSet(*std::move(rules));
  }
  static void TearDownTestSuite() { delete rules_; }
  static RuleSet* rules_;
};
RuleSet* ScalarBatchTest::rules_ = nullptr;

// Compares the batch's row `row` of programme `p` with the scalar result.
void ExpectSameResult(const BatchEvaluator& batch, int row, int p,
                      const absl::StatusOr<std::vector<Result>>& scalar, const Case& c,
                      int* verdict_counts) {
  const absl::Status row_status = batch.status(row, p);
  if (!scalar.ok()) {
    ASSERT_FALSE(row_status.ok()) << Describe(c) << ": scalar failed with "
                                  << scalar.status() << " but batch row is ok";
    EXPECT_EQ(row_status.message(), scalar.status().message()) << Describe(c);
    ++verdict_counts[3];
    return;
  }
  ASSERT_TRUE(row_status.ok()) << Describe(c) << ": " << row_status;
  ASSERT_EQ(scalar->size(), 1u);
  const Result& want = (*scalar)[0];
  ASSERT_OK_AND_ASSIGN(Result got, batch.result(row, p));
  ++verdict_counts[static_cast<int>(want.verdict)];
  EXPECT_EQ(got.verdict, want.verdict) << Describe(c);
  EXPECT_EQ(batch.verdict(row, p), want.verdict) << Describe(c);
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(ValuesOf(got), ValuesOf(want)) << Describe(c);
  EXPECT_EQ(got.missing, want.missing) << Describe(c);
  std::vector<std::string> reasons;
  for (const Reason& r : want.reasons) reasons.push_back(r.rule);
  EXPECT_EQ(batch.failed_conditions(row, p), reasons) << Describe(c);
  // The fast accessors agree with the Result's text.
  for (const auto& [name, v] : want.values) {
    const int o = batch.FindOutput(p, name);
    ASSERT_GE(o, 0) << name;
    std::string text;
    batch.AppendValue(row, p, o, &text);
    EXPECT_EQ(text, v.text) << Describe(c) << " output " << name;
  }
}

TEST_F(ScalarBatchTest, OneClaimAtATimeEqualsBatchOnRandomClaims) {
  std::vector<ProgramInfo> programs = rules_->programs();
  ASSERT_FALSE(programs.empty());
  // The stream of random claims shifts whenever a programme gains an input;
  // this seed gives each verdict over 300 times with the issue #17 inputs.
  ClaimGenerator gen(20261208, /*skip_percent=*/3);
  std::vector<Case> cases;
  for (int i = 0; i < kClaims; ++i) {
    const ProgramInfo& program = programs[static_cast<size_t>(i) % programs.size()];
    cases.push_back({program.id, gen.Fields(program)});
  }

  std::vector<std::string> ids;
  for (const ProgramInfo& p : programs) ids.push_back(p.id);
  ASSERT_OK_AND_ASSIGN(BatchEvaluator batch, BatchEvaluator::Create(*rules_, {.programs = ids}));

  int verdict_counts[4] = {0, 0, 0, 0};  // eligible, ineligible, undetermined, error
  int rejected = 0;
  std::vector<int> rows;  // case index per batch row
  auto flush = [&] {
    batch.Evaluate();
    ASSERT_EQ(batch.size(), static_cast<int>(rows.size()));
    for (int row = 0; row < batch.size(); ++row) {
      const Case& c = cases[rows[row]];
      const int p = static_cast<int>(std::find(ids.begin(), ids.end(), c.program) - ids.begin());
      Claim claim = Claim::FromFields(absl::StrCat("R-", rows[row]), c.fields);
      ExpectSameResult(batch, row, p, rules_->Evaluate(claim, {.program = c.program}), c,
                       verdict_counts);
    }
    batch.Clear();
    rows.clear();
  };
  for (int i = 0; i < kClaims; ++i) {
    Claim claim = Claim::FromFields(absl::StrCat("R-", i), cases[i].fields);
    absl::Status added = batch.AddClaim(claim);
    if (!added.ok()) {
      // The scalar path must reject it with the same message.
      auto scalar = rules_->Evaluate(claim, {.program = cases[i].program});
      ASSERT_FALSE(scalar.ok()) << Describe(cases[i]);
      EXPECT_EQ(scalar.status().message(), added.message());
      ++rejected;
      continue;
    }
    rows.push_back(i);
    if (batch.full()) flush();
  }
  flush();

  // The random claims must exercise every outcome, or the property is vacuous.
  EXPECT_GT(verdict_counts[0], 300) << "eligible";
  EXPECT_GT(verdict_counts[1], 300) << "ineligible";
  EXPECT_GT(verdict_counts[2], 300) << "undetermined";
  EXPECT_EQ(verdict_counts[0] + verdict_counts[1] + verdict_counts[2] + verdict_counts[3] +
                rejected,
            kClaims);
}

TEST_F(ScalarBatchTest, FlatRecordsTypeFieldsLikeClaimDocuments) {
  ClaimGenerator gen(7);
  const std::string program = "issizlik_odenegi";
  std::vector<std::string> columns = {"id",
                                      "fesih_tarihi",
                                      "fesih_neden_kodu",
                                      "basvuru_tarihi",
                                      "son_120_gun_hizmet_akdi",
                                      "prim_gun_3_yil",
                                      "kazanc_son_4_ay",
                                      "gun_son_4_ay"};
  const std::vector<std::string> types = {"", "date", "int", "date", "bool", "gun", "money", "gun"};
  ASSERT_OK_AND_ASSIGN(BatchEvaluator flat, BatchEvaluator::Create(*rules_, {.programs = {program}}));
  ASSERT_OK_AND_ASSIGN(BatchEvaluator docs, BatchEvaluator::Create(*rules_, {.programs = {program}}));
  ASSERT_OK(flat.SetColumns(columns));
  int eligible = 0;
  for (int i = 0; i < BatchEvaluator::kCapacity; ++i) {
    std::vector<std::string> text = {absl::StrCat("F-", i)};
    std::vector<std::pair<std::string, std::string>> fields;
    for (size_t c = 1; c < columns.size(); ++c) {
      text.push_back(gen.Chance(5) ? "" : gen.Value(types[c], columns[c]));
      if (!text.back().empty()) fields.emplace_back(columns[c], text.back());
    }
    std::vector<absl::string_view> views(text.begin(), text.end());
    absl::Status a = flat.AddRecord(views);
    absl::Status b = docs.AddClaim(Claim::FromFields(text[0], fields));
    ASSERT_EQ(a.ok(), b.ok()) << a << " vs " << b;
  }
  flat.Evaluate();
  docs.Evaluate();
  ASSERT_EQ(flat.size(), docs.size());
  for (int row = 0; row < flat.size(); ++row) {
    ASSERT_EQ(flat.verdict(row, 0), docs.verdict(row, 0)) << flat.id(row);
    eligible += flat.verdict(row, 0) == Verdict::kEligible;
    for (int o = 0; o < static_cast<int>(flat.outputs(0).size()); ++o) {
      std::string x, y;
      flat.AppendValue(row, 0, o, &x);
      docs.AppendValue(row, 0, o, &y);
      EXPECT_EQ(x, y) << flat.id(row) << " " << flat.outputs(0)[o];
    }
  }
  EXPECT_GT(eligible, 0);
}

// Invariant (issue #8): an explanation shows the values the result reports:
// every output of an eligible result appears as a known variable step with
// the same text, and every failed condition as a condition step that is false.
TEST_F(ScalarBatchTest, ExplanationValuesEqualResultValues) {
  ClaimGenerator gen(314, /*skip_percent=*/3);
  int checked_values = 0, checked_reasons = 0;
  const std::vector<ProgramInfo> programs = rules_->programs();
  for (int i = 0; i < 4000; ++i) {
    const ProgramInfo& program = programs[static_cast<size_t>(i) % programs.size()];
    Claim claim = Claim::FromFields(absl::StrCat("E-", i), gen.Fields(program));
    auto results = rules_->Evaluate(claim, {.program = program.id, .explain = true});
    if (!results.ok()) continue;
    const Result& r = (*results)[0];
    auto step = [&](ExplanationStep::Kind kind, const std::string& name) -> const ExplanationStep* {
      for (const ExplanationStep& s : r.explanation) {
        if (s.kind == kind && s.name == name) return &s;
      }
      return nullptr;
    };
    for (const auto& [name, value] : r.values) {
      const ExplanationStep* s = step(ExplanationStep::Kind::kVariable, name);
      if (s == nullptr) s = step(ExplanationStep::Kind::kInput, name);
      ASSERT_NE(s, nullptr) << program.id << " " << name;
      EXPECT_TRUE(s->known) << name;
      EXPECT_EQ(s->value, value.text) << program.id << " " << name;
      ++checked_values;
    }
    for (const Reason& reason : r.reasons) {
      const ExplanationStep* s = step(ExplanationStep::Kind::kCondition, reason.rule);
      ASSERT_NE(s, nullptr) << reason.rule;
      EXPECT_EQ(s->value, "false") << reason.rule;
      ++checked_reasons;
    }
  }
  EXPECT_GT(checked_values, 500);
  EXPECT_GT(checked_reasons, 500);
}

// A reform that changes parameters keeps the claim schema: its evaluator reads
// the baseline's filled rows and gives what filling its own would.
TEST_F(ScalarBatchTest, ReformEvaluatesTheBaselinesRows) {
  const char* src = std::getenv("ODENEK_SOURCE_DIR");
  const std::string reform_file =
      std::string(src ? src : ".") + "/tests/simulate/data/reform_oran_50.yaml";
  ASSERT_OK_AND_ASSIGN(RuleSet reformed, RuleSet::Load(RulesDir(), {.reforms = {reform_file}}));
  const BatchOptions options{.programs = {"issizlik_odenegi"}};
  ASSERT_OK_AND_ASSIGN(BatchEvaluator base, BatchEvaluator::Create(*rules_, options));
  ASSERT_OK_AND_ASSIGN(BatchEvaluator shared, BatchEvaluator::Create(reformed, options));
  ASSERT_OK_AND_ASSIGN(BatchEvaluator own, BatchEvaluator::Create(reformed, options));
  ASSERT_TRUE(shared.SharesSchemaWith(base));
  ClaimGenerator gen(99, /*skip_percent=*/0);
  const ProgramInfo* program = nullptr;
  const std::vector<ProgramInfo> programs = rules_->programs();
  for (const ProgramInfo& p : programs) {
    if (p.id == "issizlik_odenegi") program = &p;
  }
  ASSERT_NE(program, nullptr);
  for (int i = 0; i < 1000; ++i) {
    Claim claim = Claim::FromFields(absl::StrCat("S-", i), gen.Fields(*program, /*plain=*/true));
    if (base.AddClaim(claim).ok()) {
      ASSERT_OK(own.AddClaim(claim));
    }
  }
  base.Evaluate();
  own.Evaluate();
  ASSERT_OK(shared.EvaluateRowsOf(base));
  ASSERT_EQ(shared.size(), own.size());
  int changed = 0;
  for (int row = 0; row < own.size(); ++row) {
    ASSERT_EQ(shared.id(row), own.id(row));
    ASSERT_EQ(shared.verdict(row, 0), own.verdict(row, 0)) << own.id(row);
    for (int o = 0; o < static_cast<int>(own.outputs(0).size()); ++o) {
      std::string x, y, z;
      shared.AppendValue(row, 0, o, &x);
      own.AppendValue(row, 0, o, &y);
      base.AppendValue(row, 0, o, &z);
      EXPECT_EQ(x, y) << own.id(row);
      changed += x != z;
    }
  }
  EXPECT_GT(changed, 0) << "the reform must change some amounts, or this test shows nothing";
}

TEST_F(ScalarBatchTest, FlatRecordErrorsNameTheColumn) {
  ASSERT_OK_AND_ASSIGN(BatchEvaluator flat,
                       BatchEvaluator::Create(*rules_, {.programs = {"issizlik_odenegi"}}));
  EXPECT_THAT(flat.SetColumns({"fesih_tarihi"}),
              testing::StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("id")));
  EXPECT_THAT(flat.SetColumns({"id", "fesih_tarhi"}),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("\"fesih_tarhi\" is not an input")));
  ASSERT_OK(flat.SetColumns({"id", "fesih_tarihi", "kazanc_son_4_ay"}));
  std::vector<absl::string_view> bad_date = {"X-1", "2023-02-30", "100.00"};
  EXPECT_THAT(flat.AddRecord(bad_date),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("column fesih_tarihi")));
  std::vector<absl::string_view> bad_money = {"X-2", "2023-02-28", "100.001"};
  EXPECT_THAT(flat.AddRecord(bad_money),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("column kazanc_son_4_ay")));
  ASSERT_OK(flat.SetColumns({"id", "prim_gun_3_yil", "gun_son_4_ay"}));
  std::vector<absl::string_view> negative = {"X-3", "-5", "120"};
  EXPECT_THAT(flat.AddRecord(negative),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr(
                                    "column prim_gun_3_yil: expected at least 0, found -5")));
  std::vector<absl::string_view> too_many = {"X-4", "600", "125"};
  EXPECT_THAT(flat.AddRecord(too_many),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("expected at most 124, found 125")));
  EXPECT_EQ(flat.size(), 0);  // nothing half-added
  // The one-claim path enforces the same declared bounds.
  EXPECT_THAT(rules_->Evaluate(Claim::FromFields("X-5", {{"gun_son_4_ay", "125"}}),
                               {.program = "issizlik_odenegi"})
                  .status(),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("gun_son_4_ay: expected at most 124")));
  EXPECT_THAT(BatchEvaluator::Create(*rules_, {.programs = {"yok"}}).status(),
              testing::StatusIs(absl::StatusCode::kNotFound, ::testing::HasSubstr("yok")));
}

}  // namespace
}  // namespace odenek
