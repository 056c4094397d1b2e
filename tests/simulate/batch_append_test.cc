// BatchEvaluator's allocation-free readers (AppendValue, conditions/failed,
// payments) and input-by-input filling (BeginRow ... SetListField) against
// the slow, authoritative forms: result() (what RuleSet::Evaluate returns)
// and AddRecord/AddClaim. simulate writes its output through the fast forms,
// so any difference here would change its bytes (issue #6).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "odenek/batch.h"
#include "odenek/rule_set.h"

namespace odenek {
namespace {

std::string RulesDir() {
  const char* src = std::getenv("ODENEK_SOURCE_DIR");
  return std::string(src == nullptr ? "." : src) + "/rules";
}

class Random {
 public:
  int Next(int mod) {
    x_ = x_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((x_ >> 33) % static_cast<uint64_t>(mod));
  }

 private:
  uint64_t x_ = 42;
};

const std::vector<std::string> kColumns = {
    "id",         "fesih_tarihi",           "fesih_neden_kodu", "basvuru_tarihi",
    "son_120_gun_hizmet_akdi", "prim_gun_3_yil", "kazanc_son_4_ay", "gun_son_4_ay"};

// A facts record with variety: eligible, ineligible for several reasons,
// undetermined (empty fields), odd-kuruş earnings, leap days.
std::vector<std::string> FactsRecord(Random& r, int i) {
  const int year = 2019 + r.Next(6);
  const int month = 1 + r.Next(12);
  const int day = 1 + r.Next(28);
  const char* codes[] = {"4", "5", "12", "17", "1", "3", "22", "34", "25"};
  std::vector<std::string> f = {
      absl::StrCat("B-", i),
      absl::StrFormat("%04d-%02d-%02d", year, month, day),
      codes[r.Next(9)],
      absl::StrFormat("%04d-%02d-%02d", year + (month == 12), month % 12 + 1, 1 + r.Next(28)),
      r.Next(8) == 0 ? "false" : "true",
      absl::StrCat(300 + r.Next(900)),
      absl::StrCat(r.Next(400000), ".", r.Next(10), r.Next(10)),
      absl::StrCat(1 + r.Next(130)),
  };
  if (r.Next(15) == 0) f[1 + r.Next(7)] = "";  // unknown: undetermined
  return f;
}

TEST(BatchAppendTest, FastReadersMatchResult) {
  absl::StatusOr<RuleSet> rules = RuleSet::Load(RulesDir());
  ASSERT_TRUE(rules.ok()) << rules.status();
  BatchOptions options;
  options.payments = true;
  absl::StatusOr<BatchEvaluator> made = BatchEvaluator::Create(*rules, options);
  ASSERT_TRUE(made.ok()) << made.status();
  BatchEvaluator& eval = *made;
  ASSERT_TRUE(eval.SetColumns(kColumns).ok());
  Random random;
  int checked_values = 0, checked_reasons = 0, checked_months = 0, checked_missing = 0;
  for (int chunk = 0; chunk < 4; ++chunk) {
    eval.Clear();
    std::vector<std::vector<std::string>> records;
    for (int i = 0; i < BatchEvaluator::kCapacity; ++i) {
      records.push_back(FactsRecord(random, chunk * BatchEvaluator::kCapacity + i));
      std::vector<absl::string_view> fields(records.back().begin(), records.back().end());
      (void)eval.AddRecord(fields);  // a few are out of bounds: not added
    }
    eval.Evaluate();
    for (int row = 0; row < eval.size(); ++row) {
      for (int p = 0; p < static_cast<int>(eval.programs().size()); ++p) {
        if (!eval.status(row, p).ok()) continue;
        absl::StatusOr<Result> want = eval.result(row, p);
        std::vector<BatchEvaluator::PaymentMonth> months;
        absl::Status paid = eval.payments(row, p, &months);
        ASSERT_EQ(paid.ok(), want.ok()) << row << " " << p << " " << paid;
        if (!want.ok()) {
          EXPECT_EQ(paid.message(), want.status().message());
          continue;
        }
        // Values: the same text, and the JSON quoting ResultToJson uses.
        size_t k = 0;
        for (int o = 0; o < static_cast<int>(eval.outputs(p).size()); ++o) {
          std::string text;
          bool quoted = false;
          eval.AppendValue(row, p, o, &text, &quoted);
          if (text.empty()) continue;
          ASSERT_LT(k, want->values.size());
          EXPECT_EQ(want->values[k].first, eval.outputs(p)[o]);
          EXPECT_EQ(text, want->values[k].second.text) << eval.outputs(p)[o];
          const OutputValue::Kind kind = want->values[k].second.kind;
          EXPECT_EQ(quoted,
                    kind != OutputValue::Kind::kInteger && kind != OutputValue::Kind::kBool);
          ++k;
          ++checked_values;
        }
        EXPECT_EQ(k, want->values.size());
        // Reasons.
        std::vector<std::string> failed;
        for (int c = 0; c < static_cast<int>(eval.conditions(p).size()); ++c) {
          if (eval.failed(row, p, c)) failed.push_back(eval.conditions(p)[c]);
        }
        EXPECT_EQ(failed, eval.failed_conditions(row, p));
        ASSERT_EQ(failed.size(), want->reasons.size());
        for (size_t c = 0; c < failed.size(); ++c) {
          EXPECT_EQ(failed[c], want->reasons[c].rule);
          ++checked_reasons;
        }
        // Missing inputs.
        std::vector<absl::string_view> missing;
        eval.missing(row, p, &missing);
        ASSERT_EQ(missing.size(), want->missing.size());
        for (size_t k = 0; k < missing.size(); ++k) {
          EXPECT_EQ(missing[k], want->missing[k]);
          ++checked_missing;
        }
        // Payments.
        ASSERT_EQ(months.size(), want->payments.size());
        for (size_t m = 0; m < months.size(); ++m) {
          const Payment& w = want->payments[m];
          EXPECT_EQ(Month::Of(months[m].from).ToString(), w.month);
          EXPECT_EQ(months[m].from.ToString(), w.from);
          EXPECT_EQ(months[m].days, w.days);
          EXPECT_EQ(months[m].gross.ToString(2), w.gross);
          EXPECT_EQ(months[m].stamp_tax.ToString(2), w.stamp_tax);
          EXPECT_EQ(months[m].net.ToString(2), w.net);
          ++checked_months;
        }
      }
    }
  }
  // The sample must reach every branch it is meant to check.
  EXPECT_GT(checked_values, 1000);
  EXPECT_GT(checked_reasons, 100);
  EXPECT_GT(checked_months, 1000);
  EXPECT_GT(checked_missing, 1000);
}

// Odd inputs through AddRecord's fast scalar parsing and through AddClaim
// (the general parser) give the same row and the same errors.
TEST(BatchAppendTest, FastScalarParsingMatchesGeneralParser) {
  absl::StatusOr<RuleSet> rules = RuleSet::Load(RulesDir());
  ASSERT_TRUE(rules.ok()) << rules.status();
  absl::StatusOr<BatchEvaluator> fast = BatchEvaluator::Create(*rules);
  absl::StatusOr<BatchEvaluator> slow = BatchEvaluator::Create(*rules);
  ASSERT_TRUE(fast.ok() && slow.ok());
  ASSERT_TRUE(fast->SetColumns(kColumns).ok());
  const std::vector<std::vector<std::string>> cases = {
      // column, then values to try in it
      {"fesih_tarihi", "2023-02-28", "2024-02-29", "2023-02-29", "2023-13-01", "2023-00-10",
       "1899-12-31", "1900-01-01", "2199-12-31", "2200-01-01", "2023-6-30", "2023-06-30 ",
       "20230630", "2023/06/30", "+023-06-30", "-023-06-30"},
      {"kazanc_son_4_ay", "0", "-0", "007", "12.5", "12.50", "12.505", "-3.10", "1.", ".5",
       "+5", "1e3", "999999999999.99", "9999999999999.99", "92233720368547.75", "", "--1",
       "1.2.3", "١٢"},
      {"prim_gun_3_yil", "600", "600.0", "600.000000", "600.5", "-1", "0600", "1.0000000"},
      {"son_120_gun_hizmet_akdi", "true", "false", "1", "0", "TRUE", "yes", "2"},
      {"fesih_neden_kodu", "4", "04", "4.0", "4.5", "-4"},
  };
  int row = 0;
  for (const std::vector<std::string>& c : cases) {
    for (size_t v = 1; v < c.size(); ++v) {
      std::vector<std::string> record = {"X", "2023-05-25", "4", "2023-06-10", "true", "900",
                                         "40000.00", "120"};
      size_t column = 0;
      while (kColumns[column] != c[0]) ++column;
      record[column] = c[v];
      std::vector<absl::string_view> fields(record.begin(), record.end());
      fast->Clear();
      slow->Clear();
      const absl::Status a = fast->AddRecord(fields);
      std::vector<std::pair<std::string, std::string>> pairs;
      for (size_t i = 1; i < record.size(); ++i) {
        if (!record[i].empty()) pairs.emplace_back(kColumns[i], record[i]);
      }
      const absl::Status b = slow->AddClaim(Claim::FromFields("X", pairs));
      SCOPED_TRACE(absl::StrCat(c[0], " = \"", c[v], "\""));
      ASSERT_EQ(a.ok(), b.ok()) << a << " / " << b;
      if (!a.ok()) {
        // AddRecord says "column <name>: ...", AddClaim "<name>: ...".
        EXPECT_EQ(a.message(), absl::StrCat("column ", b.message()));
        continue;
      }
      fast->Evaluate();
      slow->Evaluate();
      for (int p = 0; p < static_cast<int>(fast->programs().size()); ++p) {
        absl::StatusOr<Result> x = fast->result(0, p);
        absl::StatusOr<Result> y = slow->result(0, p);
        ASSERT_EQ(x.ok(), y.ok());
        if (!x.ok()) continue;
        EXPECT_EQ(ResultToJson(*x), ResultToJson(*y));
      }
      ++row;
    }
  }
  EXPECT_GT(row, 20);
}

}  // namespace
}  // namespace odenek

namespace odenek {
namespace {

// BatchOptions::capacity: the chunk size, clamped to 1..kCapacity; full()
// follows it, and a reform evaluator refuses rows past its own capacity.
TEST(BatchCapacityTest, ChunksHoldTheCapacityAsked) {
  absl::StatusOr<RuleSet> rules = RuleSet::Load(RulesDir());
  ASSERT_TRUE(rules.ok()) << rules.status();
  for (const auto& [asked, expected] : std::vector<std::pair<int, int>>{
           {0, 1}, {-5, 1}, {1, 1}, {3, 3}, {1024, 1024}, {5000, 1024}}) {
    absl::StatusOr<BatchEvaluator> eval =
        BatchEvaluator::Create(*rules, {.programs = {"issizlik_odenegi"}, .capacity = asked});
    ASSERT_TRUE(eval.ok()) << eval.status();
    EXPECT_EQ(eval->capacity(), expected) << asked;
  }
  absl::StatusOr<BatchEvaluator> three =
      BatchEvaluator::Create(*rules, {.programs = {"issizlik_odenegi"}, .capacity = 3});
  absl::StatusOr<BatchEvaluator> two =
      BatchEvaluator::Create(*rules, {.programs = {"issizlik_odenegi"}, .capacity = 2});
  ASSERT_TRUE(three.ok() && two.ok());
  ASSERT_TRUE(three->SetColumns(kColumns).ok());
  ASSERT_TRUE(two->SetColumns(kColumns).ok());
  Random r;
  auto add = [&](BatchEvaluator& eval, int i) {
    const std::vector<std::string> fields = FactsRecord(r, i);
    const std::vector<absl::string_view> views(fields.begin(), fields.end());
    (void)eval.AddRecord(views);
  };
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(three->full());
    add(*three, i);
  }
  EXPECT_EQ(three->size(), 3);
  EXPECT_TRUE(three->full());
  three->Evaluate();
  const absl::Status refused = two->EvaluateRowsOf(*three);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("capacity 2"), std::string::npos) << refused;
  // Clear and ClearAndRelease both leave an empty evaluator that fills again.
  three->ClearAndRelease();
  EXPECT_EQ(three->size(), 0);
  add(*three, 9);
  EXPECT_EQ(three->size(), 1);
}

}  // namespace
}  // namespace odenek
