// Results: what a programme decided for one claim, and why.
#ifndef ODENEK_RESULT_H_
#define ODENEK_RESULT_H_

#include <string>
#include <utility>
#include <vector>

namespace odenek {

enum class Verdict { kEligible, kIneligible, kUndetermined };

// "eligible", "ineligible", "undetermined" (CONTRACT §4 `status`).
const char* VerdictName(Verdict verdict);

// A failed condition: the rule's id, its message and the article it cites.
struct Reason {
  std::string rule;
  std::string message;
  std::string reference;
};

// A value as the result reports it. `text` is exact: money (TL) always has two
// decimals ("4003.20"), day counts are whole where whole ("180"), dates are
// YYYY-MM-DD. `kind` tells a writer whether to quote it in JSON (money and all
// other decimals are strings so no consumer rounds them through a float).
struct OutputValue {
  enum class Kind { kMoney, kNumber, kInteger, kBool, kDate, kMonth, kString };
  Kind kind = Kind::kString;
  std::string text;
};

// One month of a payment schedule (CONTRACT §4 `payments`): the period that
// starts on `from`, in `month`, paid for `days` days, with that month's
// parameters. Money has exactly 2 decimals.
struct Payment {
  std::string month;  // YYYY-MM
  std::string from;   // YYYY-MM-DD, the period's first day
  int days = 0;
  std::string gross;
  std::string stamp_tax;
  std::string net;
};

// A round(x, places, mode) a formula applied for this claim: the exact value
// before and the value after, so a reader can see where a kuruş went.
struct Rounding {
  std::string text;    // the call as written: round(..., 2, half_up)
  std::string before;  // exact (up to 6 places): "133.436533"
  std::string after;   // "133.44"
  int places = 0;
  std::string mode;    // half_up, half_even, down, up, floor, ceiling
};

// One step of an explanation: an input, a variable, a condition or a parameter
// lookup, with its value and where it comes from.
struct ExplanationStep {
  enum class Kind { kInput, kVariable, kCondition, kParameter };
  Kind kind = Kind::kVariable;
  std::string name;
  std::string formula;    // as written in the rule file ("" for inputs)
  std::string value;      // "" when unknown or not needed
  bool known = false;
  bool given = false;     // variables: the claim gave the value directly
  std::string reference;  // the article
  std::string place;      // rules/x/program.yaml:12:5
  std::vector<std::string> uses;  // names read by the formula
  std::string effective_from;     // parameters: the value's start date
  std::string on_date;            // parameters: the date it was read on
  // Variables: each rounding its formula applied for this claim, in evaluation
  // order (a rounding in a branch the claim did not take is not listed).
  std::vector<Rounding> roundings;
};

// The outcome of one programme for one claim (CONTRACT §4).
//
// Example:
//   for (const odenek::Result& r : *rules->Evaluate(claim)) {
//     if (r.verdict == odenek::Verdict::kEligible) ...  // r.values: sure_gun, ...
//   }
struct Result {
  std::string id;       // the claim's id
  std::string program;  // programme id
  Verdict verdict = Verdict::kUndetermined;
  std::vector<Reason> reasons;         // every failed condition (ineligible)
  std::vector<std::string> missing;    // inputs that would decide (undetermined)
  std::vector<std::pair<std::string, OutputValue>> values;  // outputs, in rule order
  // Month by month, for an eligible claim of a programme with a `payments:`
  // schedule (docs/rules.md); empty otherwise.
  std::vector<Payment> payments;
  std::string rules_hash;              // "sha256:…" of the rule set and reforms
  // Filled only when EvaluateOptions::explain is set: inputs, variables in
  // dependency order, conditions, then every parameter read.
  std::vector<ExplanationStep> explanation;

  bool eligible() const { return verdict == Verdict::kEligible; }
};

// The result as a JSON object exactly as CONTRACT §4 shows it (one line).
std::string ResultToJson(const Result& result);

}  // namespace odenek

#endif  // ODENEK_RESULT_H_
