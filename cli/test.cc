// `odenek test [PATH...] [--coverage]`.
//
// Text: one line per failing case, then (with --coverage) what the cases
// exercised per programme and what they never did, and `N passed, N failed`
// last. `--format json` (only when asked: ctest and scripts read the text)
// prints one object with the same data.
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "commands.h"
#include "nlohmann/json.hpp"
#include "odenek/testing.h"

namespace odenek::cli {
namespace {

using Kind = BranchCoverage::Kind;

// One thing the cases never did, as a rule author reads it.
struct Never {
  std::string kind;  // "condition" or a BranchKindName
  std::string rule;
  std::string label;
  std::string what;  // "never failed", "never selected", ...
  std::string reference;
  std::string place;
};

std::vector<Never> NeverExercised(const ProgramCoverage& pc) {
  std::vector<Never> out;
  for (const ConditionCoverage& c : pc.conditions) {
    std::string what;
    if (c.passed == 0 && c.failed == 0) {
      what = "never decided (no case made it hold or fail)";
    } else if (c.passed == 0) {
      what = "never passed";
    } else if (c.failed == 0) {
      what = "never failed";
    }
    if (!what.empty()) out.push_back({"condition", c.id, "", what, c.reference, c.place});
  }
  for (const BranchCoverage& b : pc.branches) {
    if (b.taken > 0) continue;
    std::string what;
    switch (b.kind) {
      case Kind::kException: what = "never taken"; break;
      case Kind::kBase: what = "never used (every case took an exception)"; break;
      case Kind::kTableRow: what = "never selected"; break;
      case Kind::kTableDefault: what = "never used (a row always matched)"; break;
      case Kind::kIfThen: what = "never true"; break;
      case Kind::kIfElse: what = "never false"; break;
    }
    out.push_back({BranchKindName(b.kind), b.rule, b.label, what, b.reference, b.place});
  }
  return out;
}

std::string NeverText(const Never& n) {
  std::string text;
  if (n.kind == "condition") {
    text = "condition " + n.rule;
  } else if (n.kind == "exception") {
    text = "exception of " + n.rule + " when " + n.label;
  } else if (n.kind == "base") {
    text = n.rule + " base definition";
  } else if (n.kind == "table_row") {
    text = "table " + n.rule + " row " + n.label;
  } else if (n.kind == "table_default") {
    text = "table " + n.rule + " default";
  } else {
    text = "if in " + n.rule + ": " + n.label;
  }
  text += " " + n.what;
  if (!n.reference.empty()) text += " (" + n.reference + ")";
  if (!n.place.empty()) text += "  " + n.place;
  return text;
}

std::string Ratio(int n, size_t of) { return absl::StrCat(n, "/", of); }

// "issizlik_odenegi (42 cases): conditions 9/9 seen passing, 7/9 seen failing;
// table hak_suresi rows 3/3, default used; exceptions 1/2; if branches 4/4".
std::string SummaryLine(const ProgramCoverage& pc) {
  std::string line = absl::StrCat(pc.program, " (", pc.cases, pc.cases == 1 ? " case)" : " cases)");
  if (pc.cases == 0) return line + ": no test case, nothing exercised";
  std::vector<std::string> parts;
  int passed = 0, failed = 0;
  for (const ConditionCoverage& c : pc.conditions) {
    passed += c.passed > 0;
    failed += c.failed > 0;
  }
  parts.push_back(absl::StrCat("conditions ", Ratio(passed, pc.conditions.size()),
                               " seen passing, ", Ratio(failed, pc.conditions.size()),
                               " seen failing"));
  // Tables, in rule order, one entry per table.
  std::vector<std::string> tables;
  std::map<std::string, std::pair<int, int>> rows;  // rule → (selected, rows)
  std::map<std::string, int> defaults;              // rule → taken (absent: none)
  for (const BranchCoverage& b : pc.branches) {
    if (b.kind == Kind::kTableRow) {
      if (rows.count(b.rule) == 0) tables.push_back(b.rule);
      rows[b.rule].first += b.taken > 0;
      rows[b.rule].second += 1;
    } else if (b.kind == Kind::kTableDefault) {
      defaults[b.rule] = b.taken;
    }
  }
  for (const std::string& t : tables) {
    std::string part = absl::StrCat("table ", t, " rows ",
                                    Ratio(rows[t].first, static_cast<size_t>(rows[t].second)));
    auto d = defaults.find(t);
    if (d != defaults.end()) part += d->second > 0 ? ", default used" : ", default never";
    parts.push_back(part);
  }
  int exceptions = 0, exceptions_taken = 0, bases = 0, bases_taken = 0, ifs = 0, ifs_taken = 0;
  for (const BranchCoverage& b : pc.branches) {
    if (b.kind == Kind::kException) {
      ++exceptions;
      exceptions_taken += b.taken > 0;
    } else if (b.kind == Kind::kBase) {
      ++bases;
      bases_taken += b.taken > 0;
    } else if (b.kind == Kind::kIfThen || b.kind == Kind::kIfElse) {
      ++ifs;
      ifs_taken += b.taken > 0;
    }
  }
  if (exceptions > 0) {
    parts.push_back(absl::StrCat("exceptions ", exceptions_taken, "/", exceptions,
                                 " taken, base definitions ", bases_taken, "/", bases, " used"));
  }
  if (ifs > 0) parts.push_back(absl::StrCat("if branches ", ifs_taken, "/", ifs));
  std::string joined;
  for (const std::string& p : parts) joined += (joined.empty() ? "" : "; ") + p;
  return line + ": " + joined;
}

void PrintCoverageText(const CoverageReport& coverage) {
  std::cout << "Coverage: what the cases exercised, per programme\n";
  for (const ProgramCoverage& pc : coverage.programs) {
    std::cout << "\n" << SummaryLine(pc) << "\n";
    if (pc.cases == 0) continue;
    const std::vector<Never> never = NeverExercised(pc);
    if (never.empty()) {
      std::cout << "  every condition seen both ways, every row and branch taken\n";
    }
    for (const Never& n : never) std::cout << "  never: " << NeverText(n) << "\n";
  }
  std::cout << "\n";
}

nlohmann::ordered_json CoverageJson(const CoverageReport& coverage) {
  nlohmann::ordered_json programs = nlohmann::ordered_json::array();
  for (const ProgramCoverage& pc : coverage.programs) {
    nlohmann::ordered_json p;
    p["program"] = pc.program;
    p["cases"] = pc.cases;
    nlohmann::ordered_json conditions = nlohmann::ordered_json::array();
    for (const ConditionCoverage& c : pc.conditions) {
      conditions.push_back({{"id", c.id},
                            {"reference", c.reference},
                            {"place", c.place},
                            {"passed", c.passed},
                            {"failed", c.failed}});
    }
    p["conditions"] = std::move(conditions);
    nlohmann::ordered_json branches = nlohmann::ordered_json::array();
    for (const BranchCoverage& b : pc.branches) {
      branches.push_back({{"rule", b.rule},
                          {"kind", BranchKindName(b.kind)},
                          {"index", b.index},
                          {"label", b.label},
                          {"reference", b.reference},
                          {"place", b.place},
                          {"taken", b.taken}});
    }
    p["branches"] = std::move(branches);
    nlohmann::ordered_json never = nlohmann::ordered_json::array();
    if (pc.cases > 0) {
      for (const Never& n : NeverExercised(pc)) {
        never.push_back({{"kind", n.kind},
                         {"rule", n.rule},
                         {"label", n.label},
                         {"what", n.what},
                         {"reference", n.reference},
                         {"place", n.place},
                         {"text", NeverText(n)}});
      }
    }
    p["never"] = std::move(never);
    programs.push_back(std::move(p));
  }
  return programs;
}

// True if `dir` holds rules, not only test cases: a YAML file outside every
// `tests/` folder (docs/rules.md §5: test files live in folders named tests/).
bool HoldsRules(const std::filesystem::path& dir) {
  std::error_code ec;
  if (dir.filename() == "tests") return false;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const std::filesystem::path rel = std::filesystem::relative(it->path(), dir, ec);
    bool in_tests = false;
    for (const auto& part : rel) in_tests |= part == "tests";
    const std::string ext = it->path().extension().string();
    if (!in_tests && it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) return true;
  }
  return false;
}

}  // namespace

int RunTest(const TestOptions& options) {
  // One meaning for the folder argument, as `validate DIR` has it: a folder of
  // rules is the rule set under test, with its own cases. Test files, or a
  // folder of them, run against --rules (or the built-in rules).
  std::string rules_dir = RulesDir(options.global);
  std::vector<std::string> case_paths = options.paths;
  if (options.global.rules_dir.empty() && case_paths.size() == 1 &&
      std::filesystem::is_directory(case_paths[0]) && HoldsRules(case_paths[0])) {
    rules_dir = case_paths[0];
    case_paths.clear();
  }
  absl::StatusOr<TestReport> report =
      RunRuleTests(rules_dir, case_paths, MakeLoadOptions(options.global));
  if (!report.ok()) {
    std::cerr << report.status().message() << "\n";
    return 1;
  }
  if (report->passed + report->failed == 0) {
    // A run that tested nothing must not read as a pass.
    std::cerr << "odenek: no test cases found in "
              << (case_paths.empty() ? rules_dir : absl::StrJoin(case_paths, ", "))
              << " (cases live in tests/ folders: docs/rules.md §5)\n";
    return 1;
  }
  const int exit_code = report->failed > 0 ? 1 : 0;  // coverage is information only
  if (options.global.format == "json") {
    nlohmann::ordered_json j;
    j["passed"] = report->passed;
    j["failed"] = report->failed;
    nlohmann::ordered_json failures = nlohmann::ordered_json::array();
    for (const TestFailure& f : report->failures) {
      failures.push_back({{"name", f.name}, {"place", f.place}, {"differences", f.differences}});
    }
    j["failures"] = std::move(failures);
    if (options.coverage) j["coverage"] = CoverageJson(report->coverage);
    std::cout << j.dump(2) << "\n";
    return exit_code;
  }
  for (const TestFailure& f : report->failures) {
    std::cout << f.place << ": FAIL " << f.name;
    for (const std::string& d : f.differences) std::cout << "; " << d;
    std::cout << "\n";
  }
  if (options.coverage) PrintCoverageText(report->coverage);
  std::cout << report->passed << " passed, " << report->failed << " failed\n";
  return exit_code;
}

}  // namespace odenek::cli
