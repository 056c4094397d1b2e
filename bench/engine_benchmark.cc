// Engine speed (issue #3 targets, one core, for the ≈30-operation decision in
// bench/peer_rules; BM_SingleClaim/BM_Batch* run the larger built-in rules):
//   single claim < 2 µs; batch >= 10M claims/s; rule-set load + compile < 20 ms.
// Run: build/bench/engine_benchmark [--benchmark_filter=...]
// Figures and the machine they were taken on: docs/performance.md.
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "benchmark/benchmark.h"
#include "odenek/batch.h"
#include "odenek/rule_set.h"

namespace odenek {
namespace {

std::string RulesDir() {
  const char* env = std::getenv("ODENEK_RULES");
  if (env != nullptr) return env;
  return ODENEK_BENCH_RULES_DIR;
}

const RuleSet& Rules() {
  static const RuleSet* rules = [] {
    absl::StatusOr<RuleSet> r = RuleSet::Load(RulesDir());
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", std::string(r.status().message()).c_str());
      std::abort();
    }
    return new RuleSet(*std::move(r));
  }();
  return *rules;
}

const std::vector<std::string> kColumns = {
    "id",           "fesih_tarihi",  "fesih_neden_kodu", "basvuru_tarihi",
    "son_120_gun_hizmet_akdi", "prim_gun_3_yil", "kazanc_son_4_ay", "gun_son_4_ay"};

// Facts-form records shaped like `odenek generate`'s: most eligible codes,
// premium days around the 600/900/1080 steps, wages up to ~10× the minimum.
std::vector<std::vector<std::string>> FactRecords(int n) {
  std::mt19937_64 rng(42);
  auto uniform = [&](int lo, int hi) {
    return lo + static_cast<int>(rng() % static_cast<uint64_t>(hi - lo + 1));
  };
  const int codes[] = {4, 4, 4, 5, 5, 1, 12, 3, 29, 22};
  std::vector<std::vector<std::string>> out;
  for (int i = 0; i < n; ++i) {
    const int year = uniform(2023, 2025), month = uniform(1, 12), day = uniform(1, 28);
    out.push_back({absl::StrCat("B-", i), absl::StrFormat("%04d-%02d-%02d", year, month, day),
                   absl::StrCat(codes[uniform(0, 9)]),
                   absl::StrFormat("%04d-%02d-%02d", year, month, day),  // same day
                   uniform(0, 9) < 8 ? "true" : "false", absl::StrCat(uniform(400, 1095)),
                   absl::StrFormat("%d.%02d", uniform(40000, 400000), uniform(0, 99)),
                   absl::StrCat(uniform(90, 120))});
  }
  return out;
}

Claim FactClaim(const std::vector<std::string>& record) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (size_t c = 1; c < kColumns.size(); ++c) fields.emplace_back(kColumns[c], record[c]);
  return Claim::FromFields(record[0], fields);
}

void BM_LoadAndCompileRuleSet(benchmark::State& state) {
  const std::string dir = RulesDir();
  for (auto _ : state) {
    absl::StatusOr<RuleSet> rules = RuleSet::Load(dir);
    benchmark::DoNotOptimize(rules);
    if (!rules.ok()) state.SkipWithError(std::string(rules.status().message()).c_str());
  }
}
BENCHMARK(BM_LoadAndCompileRuleSet)->Unit(benchmark::kMillisecond);

// One claim, one programme, through the public one-claim API (result strings
// included): what an embedding service pays per call for the decision (the
// target's ≈30-operation rule), and with the 10-month payment schedule that
// `odenek check` prints (range(1)).
void BM_SingleClaim(benchmark::State& state) {
  const RuleSet& rules = Rules();
  std::vector<Claim> claims;
  for (const auto& r : FactRecords(256)) claims.push_back(FactClaim(r));
  EvaluateOptions options{.program = "issizlik_odenegi", .payments = state.range(0) != 0};
  size_t i = 0;
  for (auto _ : state) {
    auto results = rules.Evaluate(claims[i++ & 255], options);
    benchmark::DoNotOptimize(results);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SingleClaim)->ArgName("payments")->Arg(0)->Arg(1);

// An işsizlik ödeneği evaluator with the facts columns set and, if `fill`, a
// full chunk of FactRecords added; nullopt (and the benchmark skipped) on error.
std::optional<BatchEvaluator> FactsEvaluator(benchmark::State& state, bool fill) {
  auto eval = BatchEvaluator::Create(Rules(), {.programs = {"issizlik_odenegi"}});
  if (!eval.ok() || !eval->SetColumns(kColumns).ok()) {
    state.SkipWithError("setup");
    return std::nullopt;
  }
  if (fill) {
    for (const auto& r : FactRecords(BatchEvaluator::kCapacity)) {
      std::vector<absl::string_view> fields(r.begin(), r.end());
      if (!eval->AddRecord(fields).ok()) state.SkipWithError("bad record");
    }
  }
  return *std::move(eval);
}

// The rules alone: 1024 claims already in columns, Evaluate() over the chunk.
void BM_BatchEvaluate(benchmark::State& state) {
  std::optional<BatchEvaluator> eval = FactsEvaluator(state, /*fill=*/true);
  if (!eval) return;
  for (auto _ : state) {
    eval->Evaluate();
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * eval->size());
}
BENCHMARK(BM_BatchEvaluate);

// Typing text fields into columns + evaluating: the engine's share of a CSV run.
void BM_BatchFillAndEvaluate(benchmark::State& state) {
  std::optional<BatchEvaluator> eval = FactsEvaluator(state, /*fill=*/false);
  if (!eval) return;
  const auto records = FactRecords(BatchEvaluator::kCapacity);
  std::vector<std::vector<absl::string_view>> views;
  for (const auto& r : records) views.emplace_back(r.begin(), r.end());
  for (auto _ : state) {
    eval->Clear();
    for (const auto& v : views) benchmark::DoNotOptimize(eval->AddRecord(v));
    eval->Evaluate();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(views.size()));
}
BENCHMARK(BM_BatchFillAndEvaluate);

// Reading results back as text (what a writer does per eligible row).
void BM_BatchFormatOutputs(benchmark::State& state) {
  std::optional<BatchEvaluator> eval = FactsEvaluator(state, /*fill=*/true);
  if (!eval) return;
  eval->Evaluate();
  const int outputs = static_cast<int>(eval->outputs(0).size());
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (int row = 0; row < eval->size(); ++row) {
      for (int o = 0; o < outputs; ++o) {
        eval->AppendValue(row, 0, o, &out);
        out.push_back(',');
      }
    }
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations() * eval->size());
}
BENCHMARK(BM_BatchFormatOutputs);

// ---- The ≈30-operation decision the targets are stated for ------------------
// bench/peer_rules: ../shared/peers/DECISION.md (the same decision GoRules Zen
// runs in bench/bulk.sh), flat facts, no payment schedule.

const RuleSet& PeerRules() {
  static const RuleSet* rules = [] {
    absl::StatusOr<RuleSet> r = RuleSet::Load(ODENEK_BENCH_PEER_RULES_DIR);
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", std::string(r.status().message()).c_str());
      std::abort();
    }
    return new RuleSet(*std::move(r));
  }();
  return *rules;
}

const std::vector<std::string> kPeerColumns = {
    "id", "reason_code", "continuous_120", "premium_days_3y", "earnings_4m", "days_4m",
    "termination_date", "application_date"};

std::vector<std::vector<std::string>> PeerRecords(int n) {
  std::vector<std::vector<std::string>> out;
  for (const auto& f : FactRecords(n)) {
    // Same draws as FactRecords, in the peer's column names and order.
    out.push_back({f[0], f[2], f[4], f[5], f[6], f[7], f[1], f[3]});
  }
  return out;
}

void BM_PeerSingleClaim(benchmark::State& state) {
  const RuleSet& rules = PeerRules();
  std::vector<Claim> claims;
  for (const auto& r : PeerRecords(256)) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (size_t c = 1; c < kPeerColumns.size(); ++c) fields.emplace_back(kPeerColumns[c], r[c]);
    claims.push_back(Claim::FromFields(r[0], fields));
  }
  EvaluateOptions options{.program = "peer_issizlik"};
  size_t i = 0;
  for (auto _ : state) {
    auto results = rules.Evaluate(claims[i++ & 255], options);
    benchmark::DoNotOptimize(results);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PeerSingleClaim);

void BM_PeerBatchEvaluate(benchmark::State& state) {
  auto eval = BatchEvaluator::Create(PeerRules());
  if (!eval.ok() || !eval->SetColumns(kPeerColumns).ok()) {
    state.SkipWithError("setup");
    return;
  }
  for (const auto& r : PeerRecords(BatchEvaluator::kCapacity)) {
    std::vector<absl::string_view> fields(r.begin(), r.end());
    if (!eval->AddRecord(fields).ok()) state.SkipWithError("bad record");
  }
  for (auto _ : state) {
    eval->Evaluate();
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * eval->size());
}
BENCHMARK(BM_PeerBatchEvaluate);

}  // namespace
}  // namespace odenek

BENCHMARK_MAIN();
