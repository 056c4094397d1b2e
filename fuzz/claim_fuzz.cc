// libFuzzer target: an untrusted claim document (YAML or JSON) parsed and
// evaluated against the built-in rule set, for every programme it carries and
// with an explanation, as `odenek explain` would.
//
// The rule set is loaded once, from ODENEK_FUZZ_RULES_DIR (compiled in; the
// environment variable of the same name overrides it).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "odenek/claim.h"
#include "odenek/rule_set.h"

namespace {

const odenek::RuleSet& Rules() {
  static const odenek::RuleSet* rules = [] {
    const char* env = std::getenv("ODENEK_FUZZ_RULES_DIR");
    const std::string dir = env != nullptr ? env : ODENEK_FUZZ_RULES_DIR;
    absl::StatusOr<odenek::RuleSet> r = odenek::RuleSet::Load(dir);
    if (!r.ok()) {
      std::fprintf(stderr, "claim_fuzz: cannot load %s: %s\n", dir.c_str(),
                   std::string(r.status().message()).c_str());
      std::abort();
    }
    return new odenek::RuleSet(*std::move(r));  // lives for the process
  }();
  return *rules;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const odenek::RuleSet& rules = Rules();
  absl::StatusOr<odenek::Claim> claim = odenek::Claim::Parse(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  if (!claim.ok()) return 0;
  odenek::EvaluateOptions options;
  options.explain = true;
  (void)rules.Evaluate(*claim, options);
  return 0;
}
