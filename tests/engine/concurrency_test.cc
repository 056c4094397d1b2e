// Property: one RuleSet serves many threads at once (CONTRACT §6). Eight
// threads evaluate the same claims on one shared RuleSet, through
// RuleSet::Evaluate (which shares a scratch pool between threads) and through
// a BatchEvaluator each (which share the compiled plans), and every result is
// identical to a single-threaded run. Run it under ThreadSanitizer (preset
// tsan) to catch races that happen not to change a result.
#include <cstdint>
#include <cstdlib>
#include <latch>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "odenek/batch.h"
#include "odenek/claim.h"
#include "odenek/result.h"
#include "odenek/rule_set.h"

namespace odenek {
namespace {

constexpr int kClaims = 2000;
constexpr int kThreads = 8;

std::string RulesDir() {
  const char* src = std::getenv("ODENEK_SOURCE_DIR");
  return std::string(src ? src : ".") + "/rules";
}

// Deterministic işsizlik ödeneği facts around the rules' thresholds, with an
// input left out now and then and gun_son_4_ay sometimes 0, so eligible,
// ineligible and undetermined verdicts and runtime errors all occur.
std::vector<Claim> MakeClaims() {
  std::mt19937_64 rng(20230331);
  auto uniform = [&rng](int lo, int hi) {
    return lo + static_cast<int>(rng() % static_cast<uint64_t>(hi - lo + 1));
  };
  std::vector<Claim> claims;
  claims.reserve(kClaims);
  for (int i = 0; i < kClaims; ++i) {
    int year = uniform(2022, 2024);
    int month = uniform(1, 12);
    std::vector<std::pair<std::string, std::string>> fields = {
        {"fesih_tarihi", absl::StrFormat("%04d-%02d-%02d", year, month, uniform(1, 28))},
        {"basvuru_tarihi", absl::StrFormat("%04d-%02d-28", year, month)},
        {"fesih_neden_kodu", absl::StrCat(uniform(1, 40))},
        {"son_120_gun_hizmet_akdi", uniform(0, 4) == 0 ? "false" : "true"},
        {"prim_gun_3_yil", absl::StrCat(uniform(0, 1095))},
        {"kazanc_son_4_ay", absl::StrFormat("%d.%02d", uniform(0, 200000), uniform(0, 99))},
        {"gun_son_4_ay", absl::StrCat(uniform(0, 120))},
    };
    if (uniform(0, 9) == 0) fields.erase(fields.begin() + uniform(0, 6));
    claims.push_back(Claim::FromFields(absl::StrFormat("C-%05d", i), fields));
  }
  return claims;
}

// One line per claim: its results as JSON, or its error.
std::vector<std::string> EvaluateEach(const RuleSet& rules, const std::vector<Claim>& claims) {
  std::vector<std::string> out;
  out.reserve(claims.size());
  for (const Claim& claim : claims) {
    absl::StatusOr<std::vector<Result>> results = rules.Evaluate(claim);
    std::string line;
    if (!results.ok()) {
      line = results.status().ToString();
    } else {
      for (const Result& r : *results) absl::StrAppend(&line, ResultToJson(r), "\n");
    }
    out.push_back(std::move(line));
  }
  return out;
}

// The same through a BatchEvaluator of this thread's own, chunk by chunk.
std::vector<std::string> EvaluateBatched(const RuleSet& rules,
                                         const std::vector<Claim>& claims) {
  absl::StatusOr<BatchEvaluator> eval = BatchEvaluator::Create(rules);
  if (!eval.ok()) return {eval.status().ToString()};
  std::vector<std::string> out;
  out.reserve(claims.size());
  std::vector<std::string> pending;  // lines of the rows in the current chunk
  auto flush = [&] {
    eval->Evaluate();
    int row = 0;
    for (std::string& line : pending) {
      if (!line.empty()) {  // rejected by AddClaim: the error is the line
        out.push_back(std::move(line));
        continue;
      }
      for (int p = 0; p < static_cast<int>(eval->programs().size()); ++p) {
        absl::StatusOr<Result> r = eval->result(row, p);
        absl::StrAppend(&line, r.ok() ? ResultToJson(*r) : r.status().ToString(), "\n");
      }
      ++row;
      out.push_back(std::move(line));
    }
    pending.clear();
    eval->Clear();
  };
  for (const Claim& claim : claims) {
    absl::Status s = eval->AddClaim(claim);
    pending.push_back(s.ok() ? "" : s.ToString());
    if (eval->full()) flush();
  }
  flush();
  return out;
}

class ConcurrencyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<RuleSet> rules = RuleSet::Load(RulesDir());
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = new RuleSet(*std::move(rules));
    claims_ = new std::vector<Claim>(MakeClaims());
  }
  // A failed load in SetUpTestSuite leaves rules_ null; stop each test there.
  void SetUp() override { ASSERT_NE(rules_, nullptr) << "rules did not load"; }
  static void TearDownTestSuite() {
    delete rules_;
    delete claims_;
  }

  // Runs `evaluate` on kThreads threads at once and checks each thread's
  // output against a single-threaded run.
  template <typename Fn>
  void ExpectSameOnEveryThread(Fn evaluate) {
    const std::vector<std::string> baseline = evaluate(*rules_, *claims_);
    ASSERT_EQ(baseline.size(), claims_->size());
    std::vector<std::vector<std::string>> outputs(kThreads);
    std::latch start(kThreads);  // all threads begin together, for contention
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        outputs[t] = evaluate(*rules_, *claims_);
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (int t = 0; t < kThreads; ++t) {
      ASSERT_EQ(outputs[t].size(), baseline.size()) << "thread " << t;
      for (size_t i = 0; i < baseline.size(); ++i) {
        ASSERT_EQ(outputs[t][i], baseline[i]) << "thread " << t << ", claim " << i;
      }
    }
  }

  static RuleSet* rules_;
  static std::vector<Claim>* claims_;
};

RuleSet* ConcurrencyTest::rules_ = nullptr;
std::vector<Claim>* ConcurrencyTest::claims_ = nullptr;

TEST_F(ConcurrencyTest, ClaimsCoverEveryVerdict) {
  int eligible = 0, ineligible = 0, other = 0;
  for (const std::string& line : EvaluateEach(*rules_, *claims_)) {
    if (line.find("\"status\":\"eligible\"") != std::string::npos) {
      ++eligible;
    } else if (line.find("\"status\":\"ineligible\"") != std::string::npos) {
      ++ineligible;
    } else {
      ++other;
    }
  }
  // Without each kind the threads would not exercise every code path.
  EXPECT_GT(eligible, 0);
  EXPECT_GT(ineligible, 0);
  EXPECT_GT(other, 0);
}

TEST_F(ConcurrencyTest, EvaluateFromEightThreads) { ExpectSameOnEveryThread(EvaluateEach); }

TEST_F(ConcurrencyTest, BatchEvaluatorPerThread) { ExpectSameOnEveryThread(EvaluateBatched); }

// Copies of a RuleSet share the compiled engine; a copy per thread must be as
// safe as the one object.
TEST_F(ConcurrencyTest, CopiesOfRuleSetOnEightThreads) {
  ExpectSameOnEveryThread([](const RuleSet& rules, const std::vector<Claim>& claims) {
    RuleSet copy = rules;
    return EvaluateEach(copy, claims);
  });
}

}  // namespace
}  // namespace odenek
