// RuleSet::articles(): every cited article with the rules citing it and the
// test cases exercising those rules (`odenek programs --articles`).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/rule_set_access.h"
#include "odenek/rule_set.h"

namespace odenek {

std::vector<ArticleInfo> RuleSet::articles() const {
  const internal::RuleSetDef& def = internal::RuleSetAccess::Of(*this).rules;
  struct Entry {
    std::set<std::string> rules;
    std::set<std::string> tests;
  };
  std::map<std::string, Entry> index;
  // The cases of `program` that expect condition `name` to fail (condition)
  // or expect value `name`.
  const auto tests_of = [&](const std::string& program, const std::string& name,
                            bool condition) {
    std::set<std::string> out;
    for (const internal::TestCaseDef& t : def.tests) {
      if (t.program != program) continue;
      bool hit = false;
      if (condition && t.expect_failed) {
        hit = std::find(t.expect_failed->begin(), t.expect_failed->end(), name) !=
              t.expect_failed->end();
      }
      for (const auto& expected : t.expect_values) hit |= !condition && expected.first == name;
      if (hit) out.insert(t.name);
    }
    return out;
  };
  const auto add = [&](const std::string& reference, const std::string& rule,
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
        schedule.insert(m.others.begin(), m.others.end());
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
  for (const internal::ParameterDef& p : def.parameters) {
    add(p.reference, p.name + " (parametre)", {});
  }
  std::vector<ArticleInfo> out;
  out.reserve(index.size());
  for (auto& [reference, e] : index) {
    out.push_back({reference, std::vector<std::string>(e.rules.begin(), e.rules.end()),
                   std::vector<std::string>(e.tests.begin(), e.tests.end())});
  }
  return out;
}

}  // namespace odenek
