// embed_example: the smallest useful program built on odenek.
//
// Loads a rule set (argv[1], or the installed built-in rules), builds one
// işsizlik ödeneği claim in code, evaluates it and prints the verdict and the
// values; then simulates three claims held in memory (no files), receiving
// each result through a callback and the summary at the end. Exits 1 on any
// error, with the message on stderr.
//
//   $ embed_example
//   odenek 0.1.0, rules sha256:...
//   B-000001 issizlik_odenegi: eligible
//     sure_gun = 180
//     ...
//     aylik_net = 3972.82
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "odenek/odenek.h"
#include "odenek/odenek_c.h"

int main(int argc, char** argv) {
  // Headers and library must come from the same install.
  if (std::string(odenek_version()) != ODENEK_VERSION_STRING) {
    std::fprintf(stderr, "embed_example: headers %s, library %s\n", ODENEK_VERSION_STRING,
                 odenek_version());
    return 1;
  }
  std::string dir = argc > 1 ? argv[1] : ODENEK_RULES_DIR;
  absl::StatusOr<odenek::RuleSet> rules = odenek::RuleSet::Load(dir);
  if (!rules.ok()) {
    std::fprintf(stderr, "embed_example: %s\n", rules.status().ToString().c_str());
    return 1;
  }
  std::printf("odenek %s, rules %s\n", ODENEK_VERSION_STRING, rules->hash().c_str());

  // A minimum-wage earner dismissed in March 2023 (İŞKUR 2023 report): the
  // published monthly net is 3972.82 TL for 180 days. Values are written as
  // in a claim file; the rule set types them when evaluating.
  odenek::Claim claim = odenek::Claim::FromFields(
      "B-000001", {{"fesih_tarihi", "2023-03-31"},
                   {"fesih_neden_kodu", "4"},
                   {"basvuru_tarihi", "2023-04-05"},
                   {"son_120_gun_hizmet_akdi", "true"},
                   {"prim_gun_3_yil", "720"},
                   {"kazanc_son_4_ay", "40032.00"},
                   {"gun_son_4_ay", "120"}});

  odenek::EvaluateOptions options;
  options.program = "issizlik_odenegi";
  absl::StatusOr<std::vector<odenek::Result>> results = rules->Evaluate(claim, options);
  if (!results.ok()) {
    std::fprintf(stderr, "embed_example: %s\n", results.status().ToString().c_str());
    return 1;
  }
  for (const odenek::Result& r : *results) {
    std::printf("%s %s: %s\n", r.id.c_str(), r.program.c_str(), odenek::VerdictName(r.verdict));
    for (const odenek::Reason& reason : r.reasons) {
      std::printf("  failed %s: %s (%s)\n", reason.rule.c_str(), reason.message.c_str(),
                  reason.reference.c_str());
    }
    for (const auto& [name, value] : r.values) {
      std::printf("  %s = %s\n", name.c_str(), value.text.c_str());
    }
    for (const odenek::Payment& p : r.payments) {
      std::printf("  payment %s: %d days, net %s\n", p.month.c_str(), p.days, p.net.c_str());
    }
  }

  // Bulk: claims from memory (here CSV text; any odenek::ClaimSource will do),
  // one callback per evaluated claim and one per rejected record, in input
  // order; the summary counts both.
  std::unique_ptr<odenek::ClaimSource> source = odenek::ClaimSource::FromString(
      "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,"
      "prim_gun_3_yil,kazanc_son_4_ay,gun_son_4_ay\n"
      "S-1,2023-03-31,4,2023-04-05,true,720,40032.00,120\n"
      "S-2,2023-03-31,3,2023-04-05,true,720,40032.00,120\n"
      "S-3,2023-02-30,4,2023-04-05,true,720,40032.00,120\n",
      "memory.csv");
  odenek::SimulateOptions simulate;
  simulate.on_result = [](const odenek::ClaimOutcome& o) {
    for (const odenek::Result& r : o.results) {
      std::printf("simulate record %lld: %s %s\n", static_cast<long long>(o.record), r.id.c_str(),
                  odenek::VerdictName(r.verdict));
    }
  };
  simulate.on_error = [](const odenek::RecordError& e) {
    std::printf("simulate record %lld rejected: %s\n", static_cast<long long>(e.record),
                e.message.c_str());
  };
  absl::StatusOr<odenek::SimulateReport> report =
      odenek::Simulate(*rules, *source, /*results=*/nullptr, /*errors=*/nullptr, simulate);
  if (!report.ok()) {
    std::fprintf(stderr, "embed_example: %s\n", report.status().ToString().c_str());
    return 1;
  }
  std::printf("simulate: %lld read, %lld evaluated, %lld rejected\n",
              static_cast<long long>(report->summary.read),
              static_cast<long long>(report->summary.evaluated),
              static_cast<long long>(report->summary.rejected));
  return 0;
}
