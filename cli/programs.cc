// `odenek programs` and `odenek programs --articles`.
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "nlohmann/json.hpp"

namespace odenek::cli {
namespace {

void PrintInput(const InputInfo& in, int indent) {
  std::cout << std::string(static_cast<size_t>(indent), ' ') << in.name << " (" << in.type
            << ")";
  if (in.derived) std::cout << " (hesaplanabilir)";
  if (!in.description.empty()) std::cout << " — " << in.description;
  std::cout << "\n";
  for (const InputInfo& f : in.fields) PrintInput(f, indent + 4);
}

// The index a legal reviewer works from: every `reference` text, with the
// rules citing it and the test cases that exercise those rules (a case whose
// expected failed conditions or expected values name the rule).
int PrintArticles(const GlobalOptions& global) {
  LoadOptions load = MakeLoadOptions(global);
  load.include_tests = true;
  absl::StatusOr<RuleSet> rules = RuleSet::Load(RulesDir(global), load);
  if (!rules.ok()) {
    std::cerr << rules.status().message() << "\n";
    return 1;
  }
  for (const ArticleInfo& a : rules->articles()) {
    std::cout << a.reference << "\n";
    for (const std::string& r : a.rules) std::cout << "  " << r << "\n";
    if (!a.tests.empty()) {
      std::cout << "  testler (" << a.tests.size() << "):";
      for (const std::string& t : a.tests) std::cout << " " << t;
      std::cout << "\n";
    }
  }
  return 0;
}

}  // namespace

int RunPrograms(const ProgramsOptions& options) {
  if (options.articles) return PrintArticles(options.global);
  std::optional<RuleSet> rules = LoadRules(options.global);
  if (!rules) return 1;
  if (options.global.format == "json") {
    std::cout << ProgramsToJson(rules->programs());
    return 0;
  }
  bool first = true;
  for (const ProgramInfo& p : rules->programs()) {
    if (!first) std::cout << "\n";
    first = false;
    std::cout << p.id << " — " << p.title << "\n";
    if (!p.reference.empty()) std::cout << "  Dayanak: " << p.reference << "\n";
    if (!p.description.empty()) std::cout << "  " << p.description << "\n";
    std::cout << "  Girdiler:\n";
    for (const InputInfo& in : p.inputs) PrintInput(in, 4);
    std::cout << "  Koşullar:\n";
    for (const ConditionInfo& c : p.conditions) {
      std::cout << "    " << c.id;
      if (!c.reference.empty()) std::cout << " [" << c.reference << "]";
      if (!c.message.empty()) std::cout << " — " << c.message;
      std::cout << "\n";
    }
    std::cout << "  Çıktılar:\n";
    for (const std::string& o : p.outputs) std::cout << "    " << o << "\n";
  }
  return 0;
}

}  // namespace odenek::cli
