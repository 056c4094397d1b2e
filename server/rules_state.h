// The rule sets a server answers with, and their atomic replacement (reload).
#ifndef ODENEK_SERVER_RULES_STATE_H_
#define ODENEK_SERVER_RULES_STATE_H_

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "odenek/rule_set.h"

namespace odenek::server {

// Where the rules come from: a folder and named reforms (`--reform NAME=FILE`),
// each reform a scenario a request picks by name.
struct RulesSource {
  std::string dir;
  std::vector<std::pair<std::string, std::string>> reforms;  // name, file
};

// One loaded generation of rules: the baseline and each scenario, with the
// JSON of the read-only routes rendered once (they only change on reload).
// Immutable after LoadRules; shared by every request that started on it.
struct LoadedRules {
  RuleSet base;
  std::vector<std::pair<std::string, RuleSet>> scenarios;  // in --reform order
  std::string programs_json;    // GET /v1/programs
  std::vector<std::pair<std::string, std::string>> program_json;  // id → object
  std::string parameters_json;  // GET /v1/parameters
  std::vector<ParameterInfo> parameters;

  // nullptr when no scenario has this name.
  const RuleSet* Scenario(const std::string& name) const;
};

// One parameter as GET /v1/parameters/{name} answers; with `date`
// (YYYY-MM-DD) also "date" and "value_on_date" (null when none is in force).
std::string ParameterToJson(const ParameterInfo& parameter, const std::string& date);

// Loads `source` in full; an error names the file and what is wrong (the
// library's message), and which scenario when a reform fails.
absl::StatusOr<std::shared_ptr<const LoadedRules>> LoadRules(const RulesSource& source);

// The current generation. Readers take a shared_ptr copy and keep using it
// to the end of their request, so a reload never changes rules under a
// request in flight; the old generation is freed when its last reader ends.
class RulesState {
 public:
  explicit RulesState(std::shared_ptr<const LoadedRules> rules) : rules_(std::move(rules)) {}

  std::shared_ptr<const LoadedRules> Get() const {
    std::lock_guard<std::mutex> lock(mu_);
    return rules_;
  }
  void Set(std::shared_ptr<const LoadedRules> rules) {
    std::lock_guard<std::mutex> lock(mu_);
    rules_.swap(rules);
    // `rules` (the old generation) is released outside the lock.
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const LoadedRules> rules_;
};

}  // namespace odenek::server

#endif  // ODENEK_SERVER_RULES_STATE_H_
