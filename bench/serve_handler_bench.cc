// Where a POST /v1/check spends its time, without sockets (bench/serve.sh
// measures the whole server with wrk). One claim: examples/issizlik_odenegi.
// Run: build/bench/serve_handler_bench
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "odenek/claim.h"
#include "odenek/result.h"
#include "odenek/rule_set.h"
#include "server/handler.h"

namespace odenek::server {
namespace {

const char* kClaim =
    R"({"id": "ORNEK-IO-1", "fesih_tarihi": "2023-10-31", "fesih_neden_kodu": 4, )"
    R"("basvuru_tarihi": "2023-11-05", "son_120_gun_hizmet_akdi": true, "prim_gun_3_yil": 720, )"
    R"("kazanc_son_4_ay": "300000.00", "gun_son_4_ay": 120})";

Handler& TheHandler() {
  static Handler* handler = [] {
    HandlerOptions options;
    options.source.dir = ODENEK_BENCH_RULES_DIR;
    return new Handler(options, *LoadRules(options.source));
  }();
  return *handler;
}

void BM_HandleCheck(benchmark::State& state) {
  Handler& h = TheHandler();
  for (auto _ : state) {
    HttpResponse r = h.Handle({"POST", "/v1/check?program=issizlik_odenegi", "", "", kClaim});
    benchmark::DoNotOptimize(r.body);
  }
}
BENCHMARK(BM_HandleCheck);

void BM_HandleHealth(benchmark::State& state) {
  Handler& h = TheHandler();
  for (auto _ : state) {
    HttpResponse r = h.Handle({"GET", "/healthz", "", "", ""});
    benchmark::DoNotOptimize(r.body);
  }
}
BENCHMARK(BM_HandleHealth);

// The library's pieces of the same request.
const RuleSet& Rules() {
  static const RuleSet* rules = new RuleSet(*RuleSet::Load(ODENEK_BENCH_RULES_DIR));
  return *rules;
}

void BM_ClaimParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Claim::Parse(kClaim, "request"));
}
BENCHMARK(BM_ClaimParse);

void BM_Evaluate(benchmark::State& state) {
  Claim claim = *Claim::Parse(kClaim, "request");
  EvaluateOptions options;
  options.program = "issizlik_odenegi";
  options.payments = state.range(0) != 0;
  for (auto _ : state) benchmark::DoNotOptimize(Rules().Evaluate(claim, options));
}
BENCHMARK(BM_Evaluate)->Arg(1)->Arg(0)->ArgName("payments");

void BM_ResultsToJson(benchmark::State& state) {
  Claim claim = *Claim::Parse(kClaim, "request");
  std::vector<Result> results = *Rules().Evaluate(claim, {.program = "issizlik_odenegi"});
  for (auto _ : state) benchmark::DoNotOptimize(ResultsToJson(results));
}
BENCHMARK(BM_ResultsToJson);

}  // namespace
}  // namespace odenek::server

BENCHMARK_MAIN();
