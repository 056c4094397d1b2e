#include "odenek/testing.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_replace.h"
#include "api/rule_set_access.h"
#include "api/case_checks.h"
#include "api/claim_access.h"
#include "api/engine.h"
#include "api/evaluate_rows.h"
#include "api/result_builder.h"
#include "io/claim_row.h"
#include "load/yaml_loader.h"
#include "odenek/decimal.h"
#include "util/status_macros.h"

namespace odenek {
namespace {

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The value `name` took for the claim: an output, else any variable or input
// of the explanation (a case may pin down an intermediate value, issue #21).
const std::string* ValueNamed(const Result& r, const std::string& name, bool& known) {
  for (const auto& [n, v] : r.values) {
    if (n == name) {
      known = true;
      return &v.text;
    }
  }
  for (const ExplanationStep& s : r.explanation) {
    if (s.name != name || (s.kind != ExplanationStep::Kind::kVariable &&
                           s.kind != ExplanationStep::Kind::kInput)) {
      continue;
    }
    known = s.known;
    return &s.value;
  }
  known = false;
  return nullptr;
}

// One expected value against the value got. A number compares as a number
// (9909, 9909.0 and "9909.00" are the same amount), optionally with a unit
// after it ("180 gun", "9909.00 TL") that must be the value's. Returns ""
// when they match, else the difference to report, showing both.
std::string CompareValue(const std::string& name, const std::string& expected,
                         const std::string* got, bool known, const std::string& unit) {
  if (got == nullptr || !known) {
    return absl::StrCat(name, ": expected ", expected, ", got no value",
                        got == nullptr ? "" : " (unknown for this claim)");
  }
  std::string number = expected;
  std::string written_unit;
  if (size_t space = expected.rfind(' '); space != std::string::npos) {
    absl::StatusOr<internal::Unit> u = internal::ParseUnit(expected.substr(space + 1));
    if (u.ok() && !u->is_none()) {
      number = expected.substr(0, space);
      written_unit = u->ToString();
    }
  }
  absl::StatusOr<Decimal> want = Decimal::Parse(number);
  absl::StatusOr<Decimal> have = Decimal::Parse(*got);
  const std::string shown = unit.empty() ? *got : absl::StrCat(*got, " ", unit);
  if (!want.ok() || !have.ok()) {
    // Dates, booleans, text: as written.
    return *got == expected ? "" : absl::StrCat(name, ": expected ", expected, ", got ", *got);
  }
  if (!written_unit.empty() && written_unit != (unit.empty() ? "no unit" : unit)) {
    return absl::StrCat(name, ": expected ", expected, ", got ", shown, " (another unit)");
  }
  if (*want == *have) return "";
  return absl::StrCat(name, ": expected ", expected, ", got ", shown);
}

// Compares one case's expectations with the result; returns the differences.
// `units` gives each named value's unit ("TL", "gün"; none when absent).
std::vector<std::string> Compare(const internal::TestCaseDef& tc, const Result& r,
                                 const absl::flat_hash_map<std::string, std::string>& units) {
  std::vector<std::string> diffs;
  if (tc.expect_status && *tc.expect_status != VerdictName(r.verdict)) {
    std::vector<std::string> why;
    for (const Reason& reason : r.reasons) why.push_back(reason.rule);
    diffs.push_back(absl::StrCat("status: expected ", *tc.expect_status, ", got ",
                                 VerdictName(r.verdict),
                                 why.empty() ? "" : absl::StrCat(" (failed: ", absl::StrJoin(why, ", "), ")"),
                                 r.missing.empty() ? "" : absl::StrCat(" (missing: ", absl::StrJoin(r.missing, ", "), ")")));
  }
  for (const auto& [name, expected] : tc.expect_values) {
    bool known = false;
    const std::string* got = ValueNamed(r, name, known);
    auto unit = units.find(name);
    std::string diff = CompareValue(name, expected, got, known,
                                    unit == units.end() ? "" : unit->second);
    if (!diff.empty()) diffs.push_back(std::move(diff));
  }
  if (tc.expect_payments) {
    std::vector<std::string> got;
    for (const Payment& p : r.payments) {
      got.push_back(absl::StrCat(p.month, " ", p.days, " ", p.gross, " ", p.stamp_tax, " ", p.net));
    }
    if (got != *tc.expect_payments) {
      diffs.push_back(absl::StrCat("payments: expected [", absl::StrJoin(*tc.expect_payments, "; "),
                                   "], got [", absl::StrJoin(got, "; "), "]"));
    }
  }
  if (tc.expect_failed) {
    std::vector<std::string> got;
    for (const Reason& reason : r.reasons) got.push_back(reason.rule);
    if (Sorted(got) != Sorted(*tc.expect_failed)) {
      diffs.push_back(absl::StrCat("failed: expected [", absl::StrJoin(Sorted(*tc.expect_failed), ", "),
                                   "], got [", absl::StrJoin(Sorted(got), ", "), "]"));
    }
  }
  if (tc.expect_missing && Sorted(r.missing) != Sorted(*tc.expect_missing)) {
    diffs.push_back(absl::StrCat("missing: expected [", absl::StrJoin(Sorted(*tc.expect_missing), ", "),
                                 "], got [", absl::StrJoin(Sorted(r.missing), ", "), "]"));
  }
  return diffs;
}

absl::StatusOr<std::vector<internal::TestCaseDef>> LoadExtraCases(
    const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<Diagnostic> problems;
  for (const std::string& p : paths) {
    std::vector<std::string> names;
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      // The rule loader's walk: links, pipes and unreadable folders are
      // named, not skipped.
      ODENEK_RETURN_IF_ERROR(internal::ListRuleFiles(p, names, problems));
      std::sort(names.begin(), names.end());
    } else if (std::filesystem::exists(p, ec)) {
      names.push_back(p);
    } else {
      return absl::NotFoundError(absl::StrCat("cannot read ", p, ": no such file or folder"));
    }
    for (const std::string& n : names) {
      absl::StatusOr<std::string> text = internal::ReadRuleFile(n, n);
      if (!text.ok()) {
        problems.push_back(Diagnostic{Severity::kError, "file-unreadable", n, 0, 0,
                                      std::string(text.status().message())});
        continue;
      }
      files.emplace_back(n, *std::move(text));
    }
  }
  if (!problems.empty()) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : problems) lines.push_back(FormatDiagnostic(d));
    return absl::InvalidArgumentError(absl::StrJoin(lines, "\n"));
  }
  internal::NodeIdAllocator ids;
  internal::LoadResult loaded = internal::LoadRuleTexts(files, ids);
  if (HasErrors(loaded.diagnostics)) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : loaded.diagnostics) lines.push_back(FormatDiagnostic(d));
    return absl::InvalidArgumentError(absl::StrJoin(lines, "\n"));
  }
  return std::move(loaded.rules.tests);
}

BranchCoverage::Kind KindOf(internal::PlanBranch::Kind k) {
  using K = internal::PlanBranch::Kind;
  switch (k) {
    case K::kException: return BranchCoverage::Kind::kException;
    case K::kBase: return BranchCoverage::Kind::kBase;
    case K::kTableRow: return BranchCoverage::Kind::kTableRow;
    case K::kTableDefault: return BranchCoverage::Kind::kTableDefault;
    case K::kIfThen: return BranchCoverage::Kind::kIfThen;
    case K::kIfElse: return BranchCoverage::Kind::kIfElse;
  }
  return BranchCoverage::Kind::kBase;
}

const internal::ProgramDef* FindProgram(const internal::Engine& engine, const std::string& id) {
  for (const internal::ProgramDef& p : engine.rules.programs) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

std::string ConditionPlace(const internal::ProgramDef* def, const std::string& id) {
  if (def == nullptr) return "";
  for (const internal::ConditionDef& c : def->conditions) {
    if (c.id == id) return c.location.ToString();
  }
  return "";
}

// A payment schedule is expanded into one variable per month and field
// (odeme_3_brut, load/payments.h); coverage is of the schedule's formulas as
// written, so the months' copies of a branch count as one, filed under
// "payments.gross" etc. with the period's names put back in its label.
std::pair<std::string, std::string> CanonicalBranch(const internal::ProgramDef* def,
                                                    const internal::PlanBranch& b) {
  if (def != nullptr && def->payments) {
    const std::vector<internal::PaymentsDef::Month>& months = def->payments->months;
    for (size_t k = 0; k < months.size(); ++k) {
      const internal::PaymentsDef::Month& m = months[k];
      const std::pair<const std::string*, const char*> fields[] = {
          {&m.start, "start"}, {&m.days, "days"}, {&m.gross, "gross"},
          {&m.stamp_tax, "stamp_tax"}, {&m.net, "net"}};
      for (const auto& [name, field] : fields) {
        if (*name != b.rule) continue;
        std::string label = absl::StrReplaceAll(
            b.label, {{m.start, "donem_basi"},
                      {m.days, "donem_gun"},
                      {m.gross, "donem_brut"},
                      {m.stamp_tax, "donem_damga"},
                      {absl::StrCat("(", k + 1, ")"), "donem_no"}});
        return {absl::StrCat("payments.", field), std::move(label)};
      }
    }
  }
  return {b.rule, b.label};
}

// Keys carry the rule's place, so a case run under a reform that replaced a
// rule (its text now comes from the reform file) does not count for the base
// rule of the same name.
std::string ConditionKey(const std::string& program, const std::string& id,
                         const std::string& place) {
  return absl::StrCat(program, "\x1f", id, "\x1f", place);
}
std::string BranchKey(const std::string& program, const std::string& rule,
                      const internal::PlanBranch& b) {
  return absl::StrCat(program, "\x1f", rule, "\x1f", static_cast<int>(b.kind), "\x1f",
                      b.index, "\x1f", b.location.ToString());
}

// Accumulates coverage over cases from the registers each case's evaluation
// left in its executor.
class CoverageAccumulator {
 public:
  explicit CoverageAccumulator(const internal::Engine& base) {
    for (const internal::Plan& plan : base.planned->plans) {
      const size_t p = report_.programs.size();
      ProgramCoverage pc;
      pc.program = plan.program;
      const internal::ProgramDef* def = FindProgram(base, plan.program);
      for (const internal::PlanCondition& c : plan.conditions) {
        const std::string place = ConditionPlace(def, c.id);
        conditions_[ConditionKey(plan.program, c.id, place)] = {p, pc.conditions.size()};
        pc.conditions.push_back({c.id, c.reference, place, 0, 0});
      }
      // Rule order as a reader meets it in the files: by place (the plan has
      // them in dependency order). An if's two sides share a place; stable.
      std::vector<const internal::PlanBranch*> order;
      for (const internal::PlanBranch& b : plan.branches) order.push_back(&b);
      std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
        return std::tie(a->location.file, a->location.line, a->location.column) <
               std::tie(b->location.file, b->location.line, b->location.column);
      });
      for (const internal::PlanBranch* b : order) {
        auto [rule, label] = CanonicalBranch(def, *b);
        const std::string key = BranchKey(plan.program, rule, *b);
        if (branches_.contains(key)) continue;  // another month of a schedule
        branches_[key] = {p, pc.branches.size()};
        BranchCoverage bc;
        bc.kind = KindOf(b->kind);
        bc.rule = std::move(rule);
        bc.index = b->index;
        bc.label = std::move(label);
        bc.reference = b->reference;
        bc.place = b->location.ToString();
        pc.branches.push_back(std::move(bc));
      }
      report_.programs.push_back(std::move(pc));
    }
  }

  // Counts one evaluated case of `plan` (of `engine`: the base or a reform of
  // it), row 0 of `exec`.
  void Record(const internal::Engine& engine, const internal::Plan& plan,
              const internal::BatchExecutor& exec) {
    auto holds = [&](internal::Slot s) {
      return s != internal::kNoSlot && exec.valid(s)[0] != 0 && exec.values(s)[0] != 0;
    };
    bool counted = false;
    const internal::ProgramDef* def = FindProgram(engine, plan.program);
    for (const internal::PlanCondition& c : plan.conditions) {
      auto it = conditions_.find(ConditionKey(plan.program, c.id, ConditionPlace(def, c.id)));
      if (it == conditions_.end()) continue;
      counted = true;
      ProgramCoverage& pc = report_.programs[it->second.first];
      if (c.slot == internal::kNoSlot || exec.valid(c.slot)[0] == 0) continue;
      ConditionCoverage& cc = pc.conditions[it->second.second];
      ++(exec.values(c.slot)[0] != 0 ? cc.passed : cc.failed);
    }
    // A schedule's branch may be taken in several months: once per case.
    absl::flat_hash_set<std::pair<size_t, size_t>> taken;
    for (const internal::PlanBranch& b : plan.branches) {
      auto it = branches_.find(BranchKey(plan.program, CanonicalBranch(def, b).first, b));
      if (it == branches_.end()) continue;
      counted = true;
      if (holds(b.taken)) taken.insert(it->second);
    }
    for (const auto& [program, branch] : taken) {
      ++report_.programs[program].branches[branch].taken;
    }
    if (counted) {
      for (ProgramCoverage& pc : report_.programs) {
        if (pc.program == plan.program) ++pc.cases;
      }
    }
  }

  CoverageReport Take() { return std::move(report_); }

 private:
  CoverageReport report_;
  absl::flat_hash_map<std::string, std::pair<size_t, size_t>> conditions_;
  absl::flat_hash_map<std::string, std::pair<size_t, size_t>> branches_;
};

// Evaluates one case as RuleSet::Evaluate does for one programme, but with an
// executor that also computes every branch's `taken` register, and records
// the case's coverage from that same run.
absl::StatusOr<Result> EvaluateCase(const RuleSet& rules, const Claim& claim,
                                    const std::string& program, std::optional<Date> as_of,
                                    CoverageAccumulator& coverage) {
  const internal::Engine& engine = internal::RuleSetAccess::Of(rules);
  const internal::PlannedRuleSet& planned = *engine.planned;
  const int p = planned.FindPlan(program);
  if (program.empty() || p < 0) {
    // The engine's own message (unknown programme, or the programmes the
    // claim carries); no coverage.
    EvaluateOptions eo;
    eo.program = program;
    eo.as_of = as_of;
    absl::StatusOr<std::vector<Result>> results = rules.Evaluate(claim, eo);
    if (!results.ok()) return results.status();
    if (results->empty()) return absl::InvalidArgumentError("the case carries no programme's inputs");
    return std::move(results->front());
  }
  const internal::Plan& plan = planned.plans[p];
  internal::ClaimBatch batch(planned.schema, planned.strings, /*capacity=*/1);
  internal::ClaimRowOptions row_options;
  absl::Status appended = internal::AppendClaimRow(internal::ClaimAccess::Document(claim), row_options, batch, nullptr);
  if (!appended.ok()) return appended;
  internal::BatchExecutor exec(plan, /*capacity=*/1, /*payments=*/true, /*coverage=*/true);
  internal::EvaluateRowsOptions run;
  run.as_of = as_of;
  // Explained, so that any named value, not only the outputs, can be
  // expected (the explanation holds every variable's value).
  run.explain = true;
  std::vector<Result> results;
  ODENEK_RETURN_IF_ERROR(internal::EvaluateRows(engine, batch, run, exec, results));
  coverage.Record(engine, plan, exec);
  return std::move(results.front());
}

// The unit of each input and variable of `program` ("" for none).
absl::flat_hash_map<std::string, std::string> UnitsOf(const internal::Engine& engine,
                                                      const std::string& program) {
  absl::flat_hash_map<std::string, std::string> out;
  for (const internal::CheckedProgram& p : engine.checked.programs) {
    if (p.def->id != program) continue;
    for (const auto& [name, symbol] : p.symbols) {
      if (symbol.type.kind == internal::TypeKind::kNumber && !symbol.type.unit.is_none()) {
        out[name] = symbol.type.unit.ToString();
      }
    }
  }
  return out;
}

}  // namespace

const char* BranchKindName(BranchCoverage::Kind kind) {
  switch (kind) {
    case BranchCoverage::Kind::kException: return "exception";
    case BranchCoverage::Kind::kBase: return "base";
    case BranchCoverage::Kind::kTableRow: return "table_row";
    case BranchCoverage::Kind::kTableDefault: return "table_default";
    case BranchCoverage::Kind::kIfThen: return "if_then";
    case BranchCoverage::Kind::kIfElse: return "if_else";
  }
  return "?";
}

absl::StatusOr<TestReport> RunRuleTests(const std::string& rules_dir,
                                        const std::vector<std::string>& extra_paths,
                                        const LoadOptions& options) {
  LoadOptions with_tests = options;
  with_tests.include_tests = extra_paths.empty();
  absl::StatusOr<RuleSet> rules = RuleSet::Load(rules_dir, with_tests);
  if (!rules.ok()) return rules.status();
  std::vector<internal::TestCaseDef> extra;
  const std::vector<internal::TestCaseDef>* cases = &internal::RuleSetAccess::Of(*rules).rules.tests;
  if (!extra_paths.empty()) {
    absl::StatusOr<std::vector<internal::TestCaseDef>> loaded = LoadExtraCases(extra_paths);
    if (!loaded.ok()) return loaded.status();
    extra = std::move(*loaded);
    cases = &extra;
  }
  TestReport report;
  CoverageAccumulator coverage(internal::RuleSetAccess::Of(*rules));
  for (const internal::TestCaseDef& tc : *cases) {
    TestFailure failure{tc.name, tc.location.ToString(), {}};
    const RuleSet* rs = &*rules;
    absl::StatusOr<RuleSet> reformed;
    if (!tc.reforms.empty()) {
      LoadOptions with = options;
      std::filesystem::path base = std::filesystem::path(tc.location.file).parent_path();
      for (const std::string& r : tc.reforms) with.reforms.push_back((base / r).string());
      reformed = RuleSet::Load(rules_dir, with);
      if (!reformed.ok()) {
        failure.differences.push_back(std::string(reformed.status().message()));
      } else {
        rs = &*reformed;
      }
    }
    if (failure.differences.empty()) {
      // An expectation naming what the rules do not have cannot be met or,
      // worse, passes vacuously (a `missing:` name never reported).
      failure.differences = internal::CaseProblems(tc, internal::RuleSetAccess::Of(*rs).rules);
    }
    if (failure.differences.empty()) {
      absl::StatusOr<Claim> parsed =
          internal::ClaimAccess::FromDocument(tc.input, tc.location.file);
      absl::StatusOr<Result> result =
          parsed.ok() ? EvaluateCase(*rs, *parsed, tc.program, tc.date, coverage) : parsed.status();
      if (!result.ok()) {
        failure.differences.push_back(std::string(result.status().message()));
      } else {
        failure.differences = Compare(tc, *result, UnitsOf(internal::RuleSetAccess::Of(*rs), tc.program));
      }
    }
    if (failure.differences.empty()) {
      ++report.passed;
    } else {
      ++report.failed;
      report.failures.push_back(std::move(failure));
    }
  }
  report.coverage = coverage.Take();
  return report;
}

}  // namespace odenek
