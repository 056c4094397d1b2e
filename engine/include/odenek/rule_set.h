// RuleSet: a loaded, checked and compiled set of benefit rules.
//
// This is the library's front door. Load a rule set once (the built-in one is the
// repository's rules/ folder), then evaluate as many claims as you like, from as
// many threads as you like.
#ifndef ODENEK_RULE_SET_H_
#define ODENEK_RULE_SET_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "odenek/claim.h"
#include "odenek/date.h"
#include "odenek/diagnostic.h"
#include "odenek/result.h"

namespace odenek {

struct LoadOptions {
  // Reform files applied in order on top of the rule set (docs/rules.md §6).
  // Default: none.
  std::vector<std::string> reforms;
  // Also load the YAML test cases kept in `tests/` folders (for odenek test).
  // Default false: evaluating never needs them, and they are most of the
  // built-in rule set's YAML. They are never part of hash().
  bool include_tests = false;
};

struct EvaluateOptions {
  // Evaluate only this programme. Default "": every programme whose inputs the
  // claim carries.
  std::string program;
  // Fill Result::explanation and Result::why_not (slower; for one claim at a
  // time). Default false.
  bool explain = false;
  // Fill Result::why_not only: for an ineligible claim, what failed each
  // condition and the single change that would flip it. Default false.
  bool why_not = false;
  // Fill Result::payments for programmes with a payment schedule. Default
  // true; a service that only needs the verdict and amounts can skip the
  // month-by-month work (about 5 variables a month).
  bool payments = true;
  // Read every parameter as in force on this date instead of the date each
  // formula names (fesih_tarihi, a payment period's start, ...): "what would
  // this claim get under the law of D". The claim's own dates still decide
  // everything else (windows, delays, the programme's validity). Default
  // nullopt: each formula's own date.
  std::optional<Date> as_of = std::nullopt;
};

// What a programme reads and reports (for `odenek programs` and documentation).
struct InputInfo {
  std::string name;
  std::string type;  // as declared: date, money, gun, list, ...
  std::string description;
  std::vector<InputInfo> fields;  // lists only
  bool derived = false;  // also computed by a formula when not given
  std::string unit;  // "TL" (money), "gün" (gun), "saat" (saat), else ""
  // Declared bounds, inclusive, exact text ("0", "1095"); "" when none. A
  // value outside is bad input.
  std::string min;
  std::string max;
};
// An output: its type as the checker inferred it ("TL", "gün", "bool",
// "date", "number" for a plain number) and the rule's own words.
struct OutputInfo {
  std::string name;
  std::string type;
  std::string description;
  std::string reference;
  bool optional = false;  // unknown, it leaves an eligible verdict as it is
  // Reported only when the event it describes happened (event_outputs in
  // docs/rules.md): unknown, it is neither a value nor missing. Implies optional.
  bool event = false;
};
struct ConditionInfo {
  std::string id;
  std::string message;
  std::string reference;
};
struct ProgramInfo {
  std::string id;
  std::string title;
  std::string reference;
  std::string description;
  std::vector<InputInfo> inputs;
  std::vector<ConditionInfo> conditions;
  std::vector<std::string> outputs;
  std::vector<OutputInfo> output_info;  // the same outputs, with types and words
};

// A programme as the JSON object `odenek programs --format json` and
// `GET /v1/programs/{id}` write (one line): id, title, reference,
// description, inputs (name, type, unit, min, max, description, derived,
// fields), conditions (id, message, reference), outputs (names) and
// output_types (name, type, description, reference, optional).
std::string ProgramToJson(const ProgramInfo& program);
// Programmes as a JSON array, one programme a line, ending with a newline.
std::string ProgramsToJson(const std::vector<ProgramInfo>& programs);
struct ParameterValueInfo {
  std::string from;   // YYYY-MM-DD
  std::string value;  // exact text
  std::string reference;
};
struct ParameterInfo {
  std::string name;
  std::string kind;  // number, set, scale
  std::string unit;
  std::string description;
  std::string reference;
  std::string end;   // "" when open-ended
  std::vector<ParameterValueInfo> values;

  // The value in force on `date` (YYYY-MM-DD, inclusive: a value from that
  // day is in force), or nullptr when none: before the first value, or after
  // `end`.
  const ParameterValueInfo* ValueOn(const std::string& date) const;
};

// A parameter as `odenek params NAME` prints it: name, kind and unit words,
// description, article, then its value history (one value a line, each with
// its article) or, with `date` (YYYY-MM-DD, "" for none), the value in force
// on that date. Numbers in `language`'s format with unit words ("13.414,50
// TL", "26 gün"); sets and scales as the rules write them. Ends with a
// newline.
std::string ParameterToText(const ParameterInfo& parameter, const std::string& date,
                            TextLanguage language = TextLanguage::kTurkish);

// Every parameter on one line each, as `odenek params` prints them: name =
// the latest value (or, with `date`, the one in force on it) with its start
// date — description.
std::string ParametersToText(const std::vector<ParameterInfo>& parameters,
                             const std::string& date,
                             TextLanguage language = TextLanguage::kTurkish);

// One cited article (a `reference` text, as the rules write it) with the
// rules that cite it and the test cases that exercise those rules: the index
// a legal reviewer works from (`odenek programs --articles`). Rules read
// "issizlik_odenegi.gunluk_brut", "issizlik_odenegi koşul prim_600_gun",
// "asgari_ucret.brut (parametre)", "issizlik_odenegi (programme)"; a case
// exercises a rule when it expects that condition to fail or that value.
struct ArticleInfo {
  std::string reference;
  std::vector<std::string> rules;  // sorted
  std::vector<std::string> tests;  // sorted; empty unless loaded with include_tests
};

// A reform file applied to a rule set (LoadOptions::reforms): its `reform:`
// id, `title:` and `reference:` ("" where the file gives none) and the path
// it was read from.
struct ReformInfo {
  std::string id;
  std::string title;
  std::string reference;
  std::string file;
};

// A RuleSet is immutable and safe to share between threads; copies share the
// compiled rules.
//
// Example:
//   absl::StatusOr<odenek::RuleSet> rules = odenek::RuleSet::Load("rules");
//   if (!rules.ok()) return rules.status();
//   absl::StatusOr<odenek::Claim> claim = odenek::Claim::Parse(text, "claim.yaml");
//   absl::StatusOr<std::vector<odenek::Result>> results = rules->Evaluate(*claim);
class RuleSet {
 public:
  // Loads every rule file under `dir`, applies `options.reforms`, checks types
  // and units and compiles a plan per programme.
  //
  // Returns NotFound if `dir` (or a reform file) does not exist, and
  // InvalidArgument listing every error diagnostic ("file:line:column: error:
  // ...", one a line) if the rules have errors. Warnings do not fail a load; see
  // warnings().
  static absl::StatusOr<RuleSet> Load(const std::string& dir,
                                      const LoadOptions& options = {});

  // Same, from in-memory files (name → YAML text), for embedders and tests.
  static absl::StatusOr<RuleSet> LoadFromTexts(
      const std::vector<std::pair<std::string, std::string>>& files,
      const LoadOptions& options = {});

  // Every problem in the rule set, errors and warnings, sorted by place. Never
  // fails: a missing folder is itself a diagnostic.
  static std::vector<Diagnostic> Validate(const std::string& dir,
                                          const LoadOptions& options = {});

  // Evaluates `claim` for `options.program`; else for the programme the claim
  // names in `basvuru.program` (CONTRACT §3b: the programme applied for);
  // else for every programme whose inputs the claim carries (at least one key
  // of the programme's inputs). A `basvuru.program` naming no programme is
  // InvalidArgument at its line and column.
  //
  // Returns InvalidArgument naming the claim's file, line and column (or key) for
  // bad input: an unknown key, a value of the wrong type ("expected a date
  // YYYY-MM-DD, found 2023-02-30"), money with more than 2 decimals, a value
  // outside an input's bounds, and a runtime error that decides the verdict
  // (division by zero, overflow). NotFound for an unknown programme.
  absl::StatusOr<std::vector<Result>> Evaluate(const Claim& claim,
                                               const EvaluateOptions& options = {}) const;

  // "sha256:…": identifies the rule files and reforms (Result::rules_hash).
  const std::string& hash() const;
  const std::vector<Diagnostic>& warnings() const;
  std::vector<ProgramInfo> programs() const;
  std::vector<ParameterInfo> parameters() const;
  // The reforms applied, in order; empty for a rule set without any.
  std::vector<ReformInfo> reforms() const;
  // The compiled plan of `program` as text (`odenek plan`): constants,
  // every instruction (destination slot, operation, operands, guard, and the
  // rule text it computes at file:line:column), outputs and conditions with
  // their slots. For reading and for golden tests; not a stable format.
  // NotFound (with "did you mean") for an unknown programme.
  absl::StatusOr<std::string> PlanText(const std::string& program) const;

  // Every cited article, sorted by its text (see ArticleInfo). Load with
  // LoadOptions::include_tests to have the test cases listed.
  std::vector<ArticleInfo> articles() const;

 private:
  // The compiled rules, shared by copies. Defined in the library, which
  // reaches them through RuleSetAccess (engine/src/api/rule_set_access.h).
  struct Impl;
  friend class RuleSetAccess;
  explicit RuleSet(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace odenek

#endif  // ODENEK_RULE_SET_H_
