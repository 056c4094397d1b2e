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
//   - half of the inputs (by a hash of the bytes) are evaluated as of a fixed
//     date instead (EvaluateOptions::as_of and BatchOptions::as_of, `--date`):
//     every parameter read as in force on that day, on both paths alike.
//
// The rule set is loaded once, from ODENEK_FUZZ_RULES_DIR (compiled in; the
// environment variable of the same name overrides it).
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "odenek/batch.h"
#include "odenek/claim.h"
#include "odenek/rule_set.h"

namespace {

using odenek::fuzz::Check;

// The as-of dates an input may be evaluated on (variant 1, 2; 0 is none):
// one before the 2023 mid-year minimum-wage rise, one in the last parameter
// year the rules hold.
std::optional<odenek::Date> AsOf(int variant) {
  if (variant == 0) return std::nullopt;
  absl::StatusOr<odenek::Date> d =
      odenek::Date::Parse(variant == 1 ? "2023-03-15" : "2026-06-30");
  Check(d.ok(), "AsOf");
  return *d;
}

// One bulk evaluator per programme and as-of variant, made once and cleared
// per input.
std::vector<odenek::BatchEvaluator>& Evaluators(int variant) {
  static auto* evaluators = [] {
    auto* out = new std::array<std::vector<odenek::BatchEvaluator>, 3>();
    for (int v = 0; v < 3; ++v) {
      for (const odenek::ProgramInfo& p : odenek::fuzz::BuiltInRules().programs()) {
        absl::StatusOr<odenek::BatchEvaluator> e = odenek::BatchEvaluator::Create(
            odenek::fuzz::BuiltInRules(),
            {.programs = {p.id}, .payments = true, .as_of = AsOf(v)});
        Check(e.ok(), "BatchEvaluator::Create(" + p.id + ")");
        (*out)[v].push_back(*std::move(e));
      }
    }
    return out;
  }();
  return (*evaluators)[variant];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const odenek::RuleSet& rules = odenek::fuzz::BuiltInRules();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const size_t hash = std::hash<std::string>()(text);
  const int variant = hash % 2 == 0 ? 0 : 1 + static_cast<int>(hash / 2 % 2);
  std::vector<odenek::BatchEvaluator>& evaluators = Evaluators(variant);
  absl::StatusOr<odenek::Claim> claim = odenek::Claim::Parse(text, "fuzz.yaml");
  if (!claim.ok()) return 0;

  odenek::EvaluateOptions options;
  options.explain = true;
  options.payments = true;
  options.as_of = AsOf(variant);
  (void)rules.Evaluate(*claim, options);

  const std::vector<odenek::ProgramInfo> programs = rules.programs();
  for (size_t p = 0; p < programs.size(); ++p) {
    options.program = programs[p].id;
    absl::StatusOr<std::vector<odenek::Result>> scalar = rules.Evaluate(*claim, options);

    odenek::BatchEvaluator& batch = evaluators[p];
    batch.Clear();
    const absl::Status added = batch.AddClaim(*claim);
    const std::string where = "programme " + programs[p].id + ": ";
    // A claim the batch refuses, RuleSet::Evaluate refuses too; except one
    // without an id, which bulk requires (CONTRACT §3a) and RuleSet::Evaluate
    // does not (a test case's input has none): Claim::CheckId says so.
    Check(added.ok() || !scalar.ok() || !claim->CheckId().ok(),
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
    // The bulk result carries no explanation; compare the rest.
    odenek::Result plain = (*scalar)[0];
    plain.explained = false;
    plain.why_not_filled = false;
    const std::string scalar_json = odenek::ResultToJson(plain);
    const std::string bulk_json = odenek::ResultToJson(*bulk);
    Check(scalar_json == bulk_json,
          where + "scalar and bulk results differ:\n  " + scalar_json + "\n  " + bulk_json);
  }
  return 0;
}
