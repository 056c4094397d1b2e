// Results: what a programme decided for one claim, and why.
#ifndef ODENEK_RESULT_H_
#define ODENEK_RESULT_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "odenek/decimal.h"

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
  // Numbers: the unit, as the checker names it ("TL", "gün", "TL/gün",
  // "saat"); "" for a plain number or ratio and for other kinds. Text output
  // words it (QuantityText, odenek/decimal.h); JSON leaves it out.
  std::string unit;
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
  // What `value` is and, for a number, its unit (as OutputValue has them), so
  // text can word it: "357,72 TL", "180 gün". A set or scale parameter is
  // kString, written as the rules write it.
  OutputValue::Kind value_kind = OutputValue::Kind::kString;
  std::string unit;
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
  // Variables and conditions: the rule's `description` ("" when it has none).
  std::string description;
  // Variables: the branch that gave the value. When an exception fired,
  // `formula`, `reference` and `uses` are the exception's, `when` is its
  // condition, and `overridden` / `overridden_reference` are the base
  // definition the exception set aside. A decision table's matched row (or
  // "default") is `table_row`, with the row's value as written in
  // `table_value`. `uses` lists only the names read on the way taken.
  std::string when;
  std::string overridden;
  std::string overridden_reference;
  std::string table_row;
  std::string table_value;
  // Variables: an output of the programme; `period` > 0: a month of the
  // payment schedule (odeme_<period>_*), which Result::payments also holds.
  bool output = false;
  int period = 0;
  // Parameters: the reform (its id) that gave the value read, "" for the
  // base rule set's own value. `reference` is then the reform's, unless the
  // value carries its own.
  std::string reform;
};

// "Why not": one failed condition of an ineligible claim and what failed it
// (EvaluateOptions::explain or why_not). The text `explain` prints under
// "Neden olmadı" and the JSON key "why_not" are both this.

// A value the failed condition read.
struct WhyNotValue {
  std::string name;
  std::string value;
  bool known = false;
};

// A parameter the failed condition read, with the value in force on the date
// read (a set parameter: the set itself).
struct WhyNotParameter {
  std::string name;
  std::string on_date;
  std::string value;
  std::string effective_from;
};

// The one change of a single value that would make the condition hold.
struct WhyNotChange {
  std::string name;      // the value to change (an input, or a variable the claim may give)
  std::string from;      // its value now
  std::string relation;  // what must hold: ">=", ">", "<=", "<", "in", or "=" (yes/no)
  std::string to;        // the bound, the set's members, or "true"
  std::string by;        // how much more or less (non-strict comparisons), else ""
  std::string unit;      // of `by` and `to`: "gun", "TL", "saat", or ""
  std::string failed;    // the relation that holds now: "prim_gun_3_yil 540 < 600"
  std::string text;      // one sentence, in Turkish, with the article
};

struct WhyNotEntry {
  std::string condition;
  std::string formula;  // the condition's expression, as the explanation has it
  std::string message;
  std::string reference;
  bool from_explanation = false;  // false: only known from Result::reasons
  std::string rule_text;          // the condition's rule text; "" when not found
  std::vector<WhyNotValue> values;
  std::vector<WhyNotParameter> parameters;
  std::optional<WhyNotChange> change;  // none when no single change would do
};

// A parameter read on a date after the last day its values are known
// (`known_until:` in the rules), so its latest known value was used: what a
// Result warning says, as facts, so that text in either language can word it.
// Dates are YYYY-MM-DD.
struct StaleParameterRead {
  std::string parameter;    // "asgari_ucret.brut"
  std::string read_on;      // the day it was read on
  std::string known_until;  // the last day its values are known
  std::string used_from;    // the first day of the value used
};

// The warning for `read` in words: English (Result::warnings, JSON) "asgari_ucret.brut:
// read on 2027-03-01, after 2026-12-31, the last day its values are known; the
// latest known value (in force from 2026-01-01) was used", or Turkish.
std::string StaleReadText(const StaleParameterRead& read, TextLanguage language);

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
  // Inputs that would decide an undetermined result; for an eligible one,
  // the inputs its optional outputs lack (docs/rules.md: optional_outputs).
  std::vector<std::string> missing;
  // Outputs, in rule order. An event output (OutputInfo::event, odenek/rule_set.h)
  // whose event did not happen is in neither `values` nor `missing`.
  std::vector<std::pair<std::string, OutputValue>> values;
  // Month by month, for an eligible claim of a programme with a `payments:`
  // schedule (docs/rules.md); empty otherwise. A period paying less than one
  // day (wholly suspended, after a cut, a month without hours lost) has no
  // entry, and the periods after it still do.
  std::vector<Payment> payments;
  std::string rules_hash;              // "sha256:…" of the rule set and reforms
  // What the answer rests on that the reader must know: a parameter read on a
  // date after its history is known to be complete (`known_until:` in the
  // rules), so the latest known value was used: "asgari_ucret.brut: read on
  // 2027-03-01, after 2026-12-31, the last day its values are known; the
  // latest known value (in force from 2026-01-01) was used". In the JSON
  // only when not empty (CONTRACT §4 is extended, not changed).
  std::vector<std::string> warnings;
  // The same warnings as facts, in the same order (ResultToText words them in
  // the text's language). Not in the JSON.
  std::vector<StaleParameterRead> stale_reads;
  // Filled only when EvaluateOptions::explain is set: inputs, variables in
  // dependency order, conditions, then every parameter read.
  std::vector<ExplanationStep> explanation;
  // Every failed condition of an ineligible claim, with what failed it and
  // the single change that would flip it; empty otherwise. Filled when
  // EvaluateOptions::explain or why_not is set.
  std::vector<WhyNotEntry> why_not;
  // Which of the above were asked for: ResultToJson writes "explanation" and
  // "why_not" (even when empty) only then.
  bool explained = false;
  bool why_not_filled = false;

  bool eligible() const { return verdict == Verdict::kEligible; }
};

// The result as a JSON object exactly as CONTRACT §4 shows it (one line),
// plus "explanation" and "why_not" when they were asked for.
std::string ResultToJson(const Result& result);

// Result text (`odenek check` and `explain` print it; the server and Python
// answer with JSON). In Turkish by default, `TextLanguage::kEnglish` for
// English labels; one number format per text (odenek/decimal.h, TextLanguage).

// A value as text: money and numbers with their unit words ("10.650,15 TL",
// "180 gün"; an amount to the kuruş is in TL, per day or not, and a number
// such as an unrounded rate has its whole unit: "357,7266 TL/gün"), yes/no in
// words ("evet", "no"), dates as they are.
std::string ValueText(const OutputValue& value, TextLanguage language);

// The payment schedule as a table: a header row, one row a period (month,
// first day, days, gross, stamp tax, net; money in `language`'s number
// format) and, when the amounts add up exactly, a total row. Each line starts
// with `indent` spaces and ends with a newline. "" when `payments` is empty.
//
// Example (Turkish, indent 4):
//
//   Ay      Başlangıç    Gün      Brüt (TL)  Damga v. (TL)       Net (TL)
//   2023-11 2023-11-05    30      10.731,60          81,45      10.650,15
//   Toplam                30      10.731,60          81,45      10.650,15
std::string PaymentsToText(const std::vector<Payment>& payments, TextLanguage language,
                           int indent);

// How ResultToText words a result.
struct ResultTextOptions {
  // Turkish (default) or English labels; numbers in that language's format.
  TextLanguage language = TextLanguage::kTurkish;
  // The programme's title from the rules ("İşsizlik ödeneği"), printed before
  // the id; "" prints the id alone.
  std::string title;
  // Whether to print the payment schedule (PaymentsToText) under the values.
  // `explain` leaves it out: ExplanationToText has it, with the parameters
  // each month read.
  bool schedule = true;
};

// The verdict block of `odenek check`: the programme and claim id, the
// verdict, warnings, each output value (known outputs with labels: "Süre",
// "Aylık net"), the schedule, the failed conditions with their articles, and
// the missing inputs. Ends with a newline.
std::string ResultToText(const Result& result, const ResultTextOptions& options = {});

// What every result of a run rests on, printed above them when it is not the
// law in force on the claim's own dates: each reform file applied and the
// `as_of` date the parameters were read on ("" for none). "" when neither;
// otherwise ends with an empty line.
std::string BasisText(const std::vector<std::string>& reforms, const std::string& as_of,
                      TextLanguage language);

// The explanation in words, as `odenek explain` prints it under the verdict:
// the conditions (in words: "sağlandı", "sağlanmadı", "belirsiz") and, for an
// ineligible claim, why not; then each output with the values, exception or
// table row and parameter lookups it was computed from (each lookup once);
// then the payment schedule as a table with its total; the claim's facts
// last. Labels come from the rules' descriptions, ids in parentheses. Values
// in `language`'s number format with unit words (ValueText); formulas, table
// rows and articles as the rules write them. The why-not change is worded
// from WhyNotChange's fields (its `text` is the Turkish sentence JSON
// carries). Empty when the result was not explained. ResultToJson keeps
// every step.
std::string ExplanationToText(const Result& result,
                              TextLanguage language = TextLanguage::kTurkish);

// Results as `odenek check --format json` prints them: a JSON array, one
// result a line, ending with a newline ("[]\n" when empty). The HTTP API
// answers with the same bytes.
std::string ResultsToJson(const std::vector<Result>& results);

}  // namespace odenek

#endif  // ODENEK_RESULT_H_
