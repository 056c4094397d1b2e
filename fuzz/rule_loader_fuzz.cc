// libFuzzer target: one YAML rule file through the loader, the checker and the
// planner (RuleSet::LoadFromTexts). Rule files are semi-trusted
// (docs/security.md), but a broken one must give diagnostics, never a crash, a
// hang or an exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "odenek/rule_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<odenek::RuleSet> rules =
      odenek::RuleSet::LoadFromTexts({{"fuzz.yaml", text}});
  if (rules.ok()) {
    // Touch what the CLI prints for a loaded rule set.
    (void)rules->programs();
    (void)rules->parameters();
  }
  return 0;
}
