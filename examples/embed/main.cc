// embed_example: the smallest useful program built on odenek.
//
// Loads a rule set (argv[1], or the installed built-in rules), builds one
// işsizlik ödeneği claim in code, evaluates it and prints the verdict and the
// values. Exits 1 on any error, with the message on stderr.
//
//   $ embed_example
//   odenek 0.1.0, rules sha256:...
//   B-000001 issizlik_odenegi: eligible
//     sure_gun = 180
//     ...
//     aylik_net = 3972.82
#include <cstdio>
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
  return 0;
}
