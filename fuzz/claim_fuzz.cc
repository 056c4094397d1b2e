// libFuzzer target: an untrusted claim document (YAML or JSON) parsed and
// evaluated against the built-in rule set, as `odenek check` and `explain`
// would, and checked against the bulk path:
//   - RuleSet::Evaluate with the default selection (every programme whose
//     inputs the claim carries), explanation and payments on;
//   - then every programme of the rule set by name, explanation and payments
//     on, whether or not the claim carries its inputs;
//   - for each programme, a BatchEvaluator (payments on) must refuse only
//     claims RuleSet::Evaluate refuses; where Evaluate fails on a runtime
//     error, the batch row's status() must carry the same message; else the
//     same result (CONTRACT §4 JSON): both paths run the same plan (batch.h).
//
// The rule set is loaded once, from ODENEK_FUZZ_RULES_DIR (compiled in; the
// environment variable of the same name overrides it).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "odenek/batch.h"
#include "odenek/claim.h"
#include "odenek/rule_set.h"

namespace {

using odenek::fuzz::Check;

// One bulk evaluator per programme, made once and cleared per input.
std::vector<odenek::BatchEvaluator>& Evaluators() {
  static auto* evaluators = [] {
    auto* out = new std::vector<odenek::BatchEvaluator>();
    for (const odenek::ProgramInfo& p : odenek::fuzz::BuiltInRules().programs()) {
      absl::StatusOr<odenek::BatchEvaluator> e = odenek::BatchEvaluator::Create(
          odenek::fuzz::BuiltInRules(), {.programs = {p.id}, .payments = true});
      Check(e.ok(), "BatchEvaluator::Create(" + p.id + ")");
      out->push_back(*std::move(e));
    }
    return out;
  }();
  return *evaluators;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const odenek::RuleSet& rules = odenek::fuzz::BuiltInRules();
  std::vector<odenek::BatchEvaluator>& evaluators = Evaluators();
  absl::StatusOr<odenek::Claim> claim = odenek::Claim::Parse(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml");
  if (!claim.ok()) return 0;

  odenek::EvaluateOptions options;
  options.explain = true;
  options.payments = true;
  (void)rules.Evaluate(*claim, options);

  const std::vector<odenek::ProgramInfo> programs = rules.programs();
  for (size_t p = 0; p < programs.size(); ++p) {
    options.program = programs[p].id;
    absl::StatusOr<std::vector<odenek::Result>> scalar = rules.Evaluate(*claim, options);

    odenek::BatchEvaluator& batch = evaluators[p];
    batch.Clear();
    const absl::Status added = batch.AddClaim(*claim);
    const std::string where = "programme " + programs[p].id + ": ";
    // A claim the batch refuses, RuleSet::Evaluate refuses too.
    Check(added.ok() || !scalar.ok(),
          where + "BatchEvaluator::AddClaim says \"" + std::string(added.message()) +
              "\", RuleSet::Evaluate is OK");
    if (!added.ok()) continue;
    batch.Evaluate();
    Check(batch.size() == 1, where + "one row expected");
    // A runtime error (a parameter with no value on the date, an overflow)
    // fails RuleSet::Evaluate; the batch keeps the row and reports it per row
    // and programme, with the same message (batch.h status()).
    const absl::Status row_status = batch.status(0, 0);
    if (!scalar.ok()) {
      Check(!row_status.ok() && row_status.message() == scalar.status().message(),
            where + "RuleSet::Evaluate says \"" + std::string(scalar.status().message()) +
                "\", BatchEvaluator::status says \"" + std::string(row_status.message()) + "\"");
      continue;
    }
    Check(row_status.ok(), where + "BatchEvaluator::status says \"" +
                               std::string(row_status.message()) + "\", RuleSet::Evaluate is OK");
    Check(scalar->size() == 1, where + "one result expected");
    absl::StatusOr<odenek::Result> bulk = batch.result(0, 0);
    Check(bulk.ok(), where + "BatchEvaluator::result: " + std::string(bulk.status().message()));
    const std::string scalar_json = odenek::ResultToJson((*scalar)[0]);
    const std::string bulk_json = odenek::ResultToJson(*bulk);
    Check(scalar_json == bulk_json,
          where + "scalar and bulk results differ:\n  " + scalar_json + "\n  " + bulk_json);
  }
  return 0;
}
