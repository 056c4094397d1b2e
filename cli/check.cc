// `odenek check` and `odenek explain`.
#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/str_join.h"
#include "absl/strings/match.h"
#include "commands.h"
#include "load/rule_records.h"  // Claim::document(), until the id rule is in the library
#include "odenek/claim.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "odenek/result.h"

namespace odenek::cli {

int RunCheck(const CheckOptions& options) {
  for (const char* bulk : {".csv", ".jsonl", ".ndjson"}) {
    if (absl::EndsWith(options.claim, bulk)) {
      std::cerr << "odenek: " << options.claim << " is a bulk claim file: use `odenek simulate "
                << options.claim << "` (check and explain read one claim, YAML or JSON)\n";
      return 2;
    }
  }
  std::optional<RuleSet> rules = LoadRules(options.global);
  if (!rules) return 1;
  std::string text;
  if (!ReadInput(options.claim, text)) return 1;
  const std::string file_name = options.claim == "-" ? "<stdin>" : options.claim;
  absl::StatusOr<Claim> claim = Claim::Parse(text, file_name);
  if (!claim.ok()) {
    std::cerr << claim.status().message() << "\n";
    return 1;
  }
  // CONTRACT §3a: the id is required; results and errors are filed under it.
  if (absl::Status id = claim->CheckId(); !id.ok()) {
    std::cerr << id.message() << "\n";
    return 1;
  }
  EvaluateOptions eval;
  if (!options.global.date.empty()) {
    absl::StatusOr<Date> as_of = Date::Parse(options.global.date);
    if (!as_of.ok()) {
      std::cerr << "odenek: --date: " << as_of.status().message() << "\n";
      return 2;
    }
    eval.as_of = *as_of;
  }
  eval.program = options.program;
  eval.explain = options.explain;
  absl::StatusOr<std::vector<Result>> results = rules->Evaluate(*claim, eval);
  if (!results.ok()) {
    // Runtime errors (division by zero) name the claim by id and the rule's
    // position; prefix the claim's file so every message says where to look.
    const absl::string_view message = results.status().message();
    if (results.status().code() != absl::StatusCode::kNotFound &&
        message.substr(0, file_name.size()) != file_name) {
      std::cerr << file_name << ": ";
    }
    std::cerr << message << "\n";
    // An unknown --program is bad usage, as in every command.
    return results.status().code() == absl::StatusCode::kNotFound ? 2 : 1;
  }
  if (results->empty()) {
    // Nothing was evaluated: not an answer, whatever the format.
    std::vector<std::string> ids;
    for (const ProgramInfo& p : rules->programs()) ids.push_back(p.id);
    std::cerr << file_name
              << ": the claim carries no input of any programme, so nothing was evaluated; "
                 "give a programme's inputs (odenek programs lists them) or --program. "
                 "Programmes: "
              << absl::StrJoin(ids, ", ") << "\n";
    return 1;
  }
  if (WantJson(options.global)) {
    std::cout << ResultsToJson(*results);
    return 0;
  }
  std::map<std::string, std::string> titles;
  for (const ProgramInfo& p : rules->programs()) titles[p.id] = p.title;
  // The library words the results (odenek/result.h); this only prints them.
  const TextLanguage language = Language(options.lang);
  // What the answer rests on, when it is not today's law on the claim's own
  // dates: a reform or a --date is said at the top, before any figure.
  std::cout << BasisText(options.global.reforms, options.global.date, language);
  bool first = true;
  for (const Result& r : *results) {
    if (!first) std::cout << "\n";
    first = false;
    ResultTextOptions text;
    text.language = language;
    text.title = titles[r.program];
    text.schedule = !options.explain;
    std::cout << ResultToText(r, text);
    if (options.explain) std::cout << ExplanationToText(r, language);
  }
  return 0;
}

}  // namespace odenek::cli
