// `odenek programs` and `odenek programs --articles`.
#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/engine.h"
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
  const internal::RuleSetDef& def = rules->engine().rules;
  struct Entry {
    std::set<std::string> rules;
    std::set<std::string> tests;
  };
  std::map<std::string, Entry> index;
  auto tests_of = [&](const std::string& program, const std::string& name, bool condition) {
    std::set<std::string> out;
    for (const internal::TestCaseDef& t : def.tests) {
      if (t.program != program) continue;
      bool hit = false;
      if (condition && t.expect_failed) {
        hit = std::find(t.expect_failed->begin(), t.expect_failed->end(), name) !=
              t.expect_failed->end();
      }
      for (const auto& [value, text] : t.expect_values) hit |= !condition && value == name;
      if (hit) out.insert(t.name);
    }
    return out;
  };
  auto add = [&](const std::string& reference, const std::string& rule,
                 const std::set<std::string>& tests) {
    if (reference.empty()) return;
    Entry& e = index[reference];
    e.rules.insert(rule);
    e.tests.insert(tests.begin(), tests.end());
  };
  for (const internal::ProgramDef& p : def.programs) {
    add(p.reference, p.id + " (programme)", {});
    // The schedule's month-by-month variables (load/payments.cc) are one
    // rule, listed once; they are known by name, not by a prefix a rule
    // author might also use.
    std::set<std::string> schedule;
    if (p.payments) {
      schedule.insert(p.payments->remaining_days);
      for (const internal::PaymentsDef::Month& m : p.payments->months) {
        schedule.insert({m.start, m.days, m.gross, m.stamp_tax, m.net});
      }
    }
    for (const internal::VariableDef& v : p.variables) {
      if (schedule.count(v.name) != 0) continue;
      add(v.reference, p.id + "." + v.name, tests_of(p.id, v.name, false));
    }
    if (p.payments) add(p.payments->reference, p.id + " ödeme takvimi (payments)", {});
    for (const internal::ConditionDef& c : p.conditions) {
      add(c.reference, p.id + " koşul " + c.id, tests_of(p.id, c.id, true));
    }
  }
  for (const internal::ParameterDef& p : def.parameters) add(p.reference, p.name + " (parametre)", {});
  for (const auto& [reference, e] : index) {
    std::cout << reference << "\n";
    for (const std::string& r : e.rules) std::cout << "  " << r << "\n";
    if (!e.tests.empty()) {
      std::cout << "  testler (" << e.tests.size() << "):";
      for (const std::string& t : e.tests) std::cout << " " << t;
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
