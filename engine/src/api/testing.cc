#include "odenek/testing.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/engine.h"
#include "load/yaml_loader.h"

namespace odenek {
namespace {

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Compares one case's expectations with the result; returns the differences.
std::vector<std::string> Compare(const internal::TestCaseDef& tc, const Result& r) {
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
    const std::string& wanted = name;  // clang 14 cannot capture a structured binding
    auto it = std::find_if(r.values.begin(), r.values.end(),
                           [&](const auto& v) { return v.first == wanted; });
    if (it == r.values.end()) {
      diffs.push_back(absl::StrCat(name, ": expected ", expected, ", got no value"));
    } else if (it->second.text != expected) {
      diffs.push_back(absl::StrCat(name, ": expected ", expected, ", got ", it->second.text));
    }
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
  for (const std::string& p : paths) {
    std::vector<std::string> names;
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec)) {
        std::string ext = e.path().extension().string();
        if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
          names.push_back(e.path().string());
        }
      }
      std::sort(names.begin(), names.end());
    } else if (std::filesystem::exists(p, ec)) {
      names.push_back(p);
    } else {
      return absl::NotFoundError(absl::StrCat("cannot read ", p, ": no such file or folder"));
    }
    for (const std::string& n : names) {
      std::ifstream in(n, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      files.emplace_back(n, ss.str());
    }
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

}  // namespace

absl::StatusOr<TestReport> RunRuleTests(const std::string& rules_dir,
                                        const std::vector<std::string>& extra_paths,
                                        const LoadOptions& options) {
  LoadOptions with_tests = options;
  with_tests.include_tests = extra_paths.empty();
  absl::StatusOr<RuleSet> rules = RuleSet::Load(rules_dir, with_tests);
  if (!rules.ok()) return rules.status();
  std::vector<internal::TestCaseDef> extra;
  const std::vector<internal::TestCaseDef>* cases = &rules->engine().rules.tests;
  if (!extra_paths.empty()) {
    absl::StatusOr<std::vector<internal::TestCaseDef>> loaded = LoadExtraCases(extra_paths);
    if (!loaded.ok()) return loaded.status();
    extra = std::move(*loaded);
    cases = &extra;
  }
  TestReport report;
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
      absl::StatusOr<Claim> parsed = Claim::FromDocument(tc.input, tc.location.file);
      EvaluateOptions eo;
      eo.program = tc.program;
      absl::StatusOr<std::vector<Result>> results =
          parsed.ok() ? rs->Evaluate(*parsed, eo) : parsed.status();
      if (!results.ok()) {
        failure.differences.push_back(std::string(results.status().message()));
      } else {
        failure.differences = Compare(tc, results->front());
      }
    }
    if (failure.differences.empty()) {
      ++report.passed;
    } else {
      ++report.failed;
      report.failures.push_back(std::move(failure));
    }
  }
  return report;
}

}  // namespace odenek
