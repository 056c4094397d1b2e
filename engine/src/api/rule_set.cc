#include "odenek/rule_set.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "odenek/diagnostic.h"
#include "api/case_checks.h"
#include "api/claim_access.h"
#include "api/engine.h"
#include "api/evaluate_rows.h"
#include "api/why_not.h"
#include "api/result_builder.h"
#include "api/rule_set_access.h"
#include "ast/ast.h"
#include "exec/batch_executor.h"
#include "io/claim_row.h"
#include "load/yaml_loader.h"
#include "util/status_macros.h"

namespace odenek {
namespace internal {
namespace {

void IndexExpr(const ExprSource& src, const Expr& e, const std::string& rule,
               absl::flat_hash_map<NodeId, NodePlace>& places) {
  NodePlace place;
  place.rule = rule;
  place.location = src.location.Shifted(e.offset);
  if (e.offset >= 0 && static_cast<size_t>(e.offset) < src.text.size()) {
    place.text = src.text.substr(e.offset, e.length);
  }
  places.emplace(e.id, std::move(place));
  std::visit(
      [&](const auto& k) {
        using K = std::decay_t<decltype(k)>;
        if constexpr (std::is_same_v<K, Unary>) {
          IndexExpr(src, *k.operand, rule, places);
        } else if constexpr (std::is_same_v<K, Binary>) {
          IndexExpr(src, *k.lhs, rule, places);
          IndexExpr(src, *k.rhs, rule, places);
        } else if constexpr (std::is_same_v<K, ParamAt>) {
          IndexExpr(src, *k.date, rule, places);
        } else if constexpr (std::is_same_v<K, IfExpr>) {
          IndexExpr(src, *k.cond, rule, places);
          IndexExpr(src, *k.then_expr, rule, places);
          IndexExpr(src, *k.else_expr, rule, places);
        } else if constexpr (std::is_same_v<K, Call>) {
          for (const ExprPtr& a : k.args) IndexExpr(src, *a, rule, places);
        } else if constexpr (std::is_same_v<K, ListLit>) {
          for (const ExprPtr& a : k.elements) IndexExpr(src, *a, rule, places);
        }
      },
      e.kind);
}

void IndexPlaces(const RuleSetDef& rules, absl::flat_hash_map<NodeId, NodePlace>& places) {
  for (const ProgramDef& p : rules.programs) {
    for (const VariableDef& v : p.variables) {
      if (v.expr) IndexExpr(*v.expr, *v.expr->expr, v.name, places);
      if (v.table) {
        IndexExpr(v.table->input, *v.table->input.expr, v.name, places);
        for (const TableRow& r : v.table->rows) IndexExpr(r.then, *r.then.expr, v.name, places);
        if (v.table->default_value) {
          IndexExpr(*v.table->default_value, *v.table->default_value->expr, v.name, places);
        }
      }
      for (const ExceptionDef& e : v.exceptions) {
        IndexExpr(e.when, *e.when.expr, v.name, places);
        IndexExpr(e.expr, *e.expr.expr, v.name, places);
      }
    }
    for (const ConditionDef& c : p.conditions) IndexExpr(c.expr, *c.expr.expr, c.id, places);
  }
}

absl::Status ErrorsToStatus(std::vector<Diagnostic> diags) {
  SortDiagnostics(diags);
  std::vector<std::string> lines;
  for (const Diagnostic& d : diags) {
    if (d.severity == Severity::kError) lines.push_back(FormatDiagnostic(d));
  }
  return absl::InvalidArgumentError(absl::StrJoin(lines, "\n"));
}

}  // namespace

absl::Status BuildEngine(LoadResult loaded, const std::vector<std::string>& reforms,
                         NodeIdAllocator& ids, std::vector<Diagnostic>& diagnostics,
                         Engine& engine) {
  engine.rules = std::move(loaded.rules);
  diagnostics = std::move(loaded.diagnostics);
  for (const std::string& path : reforms) {
    absl::StatusOr<ReformDef> reform = LoadReformFile(path, ids, diagnostics);
    if (!reform.ok()) return reform.status();
    ApplyReform(*reform, engine.rules, diagnostics);
  }
  if (HasErrors(diagnostics)) return ErrorsToStatus(diagnostics);
  std::vector<Diagnostic> checked = CheckRuleSet(engine.rules, engine.checked);
  diagnostics.insert(diagnostics.end(), checked.begin(), checked.end());
  SortDiagnostics(diagnostics);
  if (HasErrors(diagnostics)) return ErrorsToStatus(diagnostics);
  engine.planned = PlanRuleSet(engine.checked);
  engine.warnings = diagnostics;
  IndexPlaces(engine.rules, engine.places);
  return absl::OkStatus();
}

}  // namespace internal

absl::StatusOr<RuleSet> RuleSet::Load(const std::string& dir, const LoadOptions& options) {
  internal::NodeIdAllocator ids;
  absl::StatusOr<internal::LoadResult> loaded =
      internal::LoadRuleDirectory(dir, ids, options.include_tests);
  if (!loaded.ok()) return loaded.status();
  std::vector<Diagnostic> diags;
  auto impl = std::make_shared<Impl>();
  absl::Status built =
      internal::BuildEngine(std::move(*loaded), options.reforms, ids, diags, impl->engine);
  if (!built.ok()) return built;
  return RuleSet(std::move(impl));
}

absl::StatusOr<RuleSet> RuleSet::LoadFromTexts(
    const std::vector<std::pair<std::string, std::string>>& files,
    const LoadOptions& options) {
  internal::NodeIdAllocator ids;
  internal::LoadResult loaded = internal::LoadRuleTexts(files, ids);
  std::vector<Diagnostic> diags;
  auto impl = std::make_shared<Impl>();
  absl::Status built =
      internal::BuildEngine(std::move(loaded), options.reforms, ids, diags, impl->engine);
  if (!built.ok()) return built;
  return RuleSet(std::move(impl));
}

namespace {

// The test cases' expectations name things the rule set has, and the reform
// files the cases apply are checked with the rules as `validate --reform`
// would check them (issue #21: a case naming a condition that does not
// exist, or a broken test reform, must not pass validation).
void ValidateTestCases(const std::string& dir, const LoadOptions& options,
                       const internal::RuleSetDef& rules, std::vector<Diagnostic>& diags) {
  absl::flat_hash_set<std::string> seen;
  for (const Diagnostic& d : diags) seen.insert(FormatDiagnostic(d));
  auto add = [&](Diagnostic d) {
    if (seen.insert(FormatDiagnostic(d)).second) diags.push_back(std::move(d));
  };
  // Each distinct list of reforms once: load the folder again, apply them,
  // check, and keep only what the base check did not already report.
  std::map<std::vector<std::string>, std::unique_ptr<internal::RuleSetDef>> reformed;
  for (const internal::TestCaseDef& tc : rules.tests) {
    const internal::RuleSetDef* target = &rules;
    if (!tc.reforms.empty()) {
      std::vector<std::string> paths = options.reforms;
      const std::filesystem::path base = std::filesystem::path(tc.location.file).parent_path();
      for (const std::string& r : tc.reforms) paths.push_back((base / r).string());
      std::unique_ptr<internal::RuleSetDef>& slot = reformed[paths];
      if (slot == nullptr) {
        internal::NodeIdAllocator ids;
        absl::StatusOr<internal::LoadResult> loaded =
            internal::LoadRuleDirectory(dir, ids, /*include_tests=*/false);
        if (!loaded.ok()) continue;
        slot = std::make_unique<internal::RuleSetDef>(std::move(loaded->rules));
        std::vector<Diagnostic> found;
        for (const std::string& path : paths) {
          absl::StatusOr<internal::ReformDef> reform = internal::LoadReformFile(path, ids, found);
          if (!reform.ok()) {
            found.push_back(Diagnostic{Severity::kError, "not-found", tc.location.file,
                                       tc.location.line, tc.location.column,
                                       absl::StrCat("test case ", tc.name, ": reform ", path, ": ",
                                                    reform.status().message())});
            continue;
          }
          internal::ApplyReform(*reform, *slot, found);
        }
        internal::CheckedRuleSet checked;
        std::vector<Diagnostic> more = internal::CheckRuleSet(*slot, checked);
        found.insert(found.end(), more.begin(), more.end());
        for (Diagnostic& d : found) add(std::move(d));
      }
      target = slot.get();
    }
    for (const std::string& problem : internal::CaseProblems(tc, *target)) {
      add(Diagnostic{Severity::kError, "bad-test", tc.location.file, tc.location.line,
                     tc.location.column, absl::StrCat("test case ", tc.name, ": ", problem)});
    }
  }
}

}  // namespace

std::vector<Diagnostic> RuleSet::Validate(const std::string& dir, const LoadOptions& options) {
  internal::NodeIdAllocator ids;
  absl::StatusOr<internal::LoadResult> loaded = internal::LoadRuleDirectory(dir, ids);
  if (!loaded.ok()) {
    // NotFound: no such folder; InvalidArgument: over a rule-folder limit.
    const bool missing = loaded.status().code() == absl::StatusCode::kNotFound;
    return {Diagnostic{Severity::kError, missing ? "not-found" : "limit", dir, 0, 0,
                       std::string(loaded.status().message())}};
  }
  internal::Engine engine;
  engine.rules = std::move(loaded->rules);
  std::vector<Diagnostic> diags = std::move(loaded->diagnostics);
  for (const std::string& path : options.reforms) {
    absl::StatusOr<internal::ReformDef> reform = internal::LoadReformFile(path, ids, diags);
    if (!reform.ok()) {
      diags.push_back(Diagnostic{Severity::kError, "not-found", path, 0, 0,
                                 std::string(reform.status().message())});
      continue;
    }
    internal::ApplyReform(*reform, engine.rules, diags);
  }
  std::vector<Diagnostic> checked = internal::CheckRuleSet(engine.rules, engine.checked);
  diags.insert(diags.end(), checked.begin(), checked.end());
  ValidateTestCases(dir, options, engine.rules, diags);
  SortDiagnostics(diags);
  return diags;
}

const std::string& RuleSet::hash() const { return impl_->engine.rules.content_hash; }
const std::vector<Diagnostic>& RuleSet::warnings() const { return impl_->engine.warnings; }

absl::StatusOr<std::vector<Result>> RuleSet::Evaluate(const Claim& claim,
                                                      const EvaluateOptions& options) const {
  const internal::PlannedRuleSet& planned = *impl_->engine.planned;
  std::vector<int> plans;
  if (!options.program.empty()) {
    int p = planned.FindPlan(options.program);
    if (p < 0) {
      std::vector<std::string> ids;
      for (const internal::Plan& plan : planned.plans) ids.push_back(plan.program);
      return absl::NotFoundError(absl::StrCat("unknown programme \"", options.program, "\"",
                                              DidYouMean(options.program, ids), "; programmes: ",
                                              absl::StrJoin(ids, ", ")));
    }
    plans.push_back(p);
  } else if (const internal::ClaimValue* named = internal::AppliedProgram(internal::ClaimAccess::Document(claim))) {
    // The programme applied for (CONTRACT §3b), when the claim names one.
    const int p = planned.FindPlan(named->scalar);
    if (p < 0) {
      std::vector<std::string> ids;
      for (const internal::Plan& plan : planned.plans) ids.push_back(plan.program);
      return absl::InvalidArgumentError(absl::StrCat(
          claim.file_name(), ":", named->location.line, ":", named->location.column,
          ": basvuru.program: unknown programme \"", named->scalar, "\"",
          DidYouMean(named->scalar, ids), "; programmes: ", absl::StrJoin(ids, ", ")));
    }
    plans.push_back(p);
  } else {
    plans = internal::ProgramsCarriedBy(impl_->engine, internal::ClaimAccess::Document(claim));
  }
  std::unique_ptr<internal::ScalarScratch> scratch = impl_->engine.scratch.Acquire(planned);
  // Returned to the pool on every path out, errors included.
  struct ReleaseOnExit {
    const internal::Engine& engine;
    std::unique_ptr<internal::ScalarScratch>& scratch;
    ~ReleaseOnExit() { engine.scratch.Release(std::move(scratch)); }
  } release{impl_->engine, scratch};
  internal::ClaimBatch& batch = scratch->batch;
  internal::ClaimRowOptions row_options;
  ODENEK_RETURN_IF_ERROR(
      internal::AppendClaimRow(internal::ClaimAccess::Document(claim), row_options, batch, nullptr));
  std::vector<Result> results;
  results.reserve(plans.size());
  internal::EvaluateRowsOptions run;
  run.as_of = options.as_of;
  run.explain = options.explain || options.why_not;
  for (int p : plans) {
    std::unique_ptr<internal::BatchExecutor>& exec =
        scratch->executors[4 * p + (run.explain ? 2 : 0) + (options.payments ? 1 : 0)];
    if (exec == nullptr) {
      exec = std::make_unique<internal::BatchExecutor>(planned.plans[p], /*capacity=*/1,
                                                       options.payments,
                                                       /*coverage=*/run.explain);
    }
    ODENEK_RETURN_IF_ERROR(internal::EvaluateRows(impl_->engine, batch, run, *exec, results));
    Result& r = results.back();
    if (run.explain) {
      // Read from the explanation, so it is built for why_not alone too.
      r.why_not = internal::WhyNot(r, *this);
      r.why_not_filled = true;
      r.explained = options.explain;
      if (!options.explain) r.explanation.clear();
    }
  }
  return results;
}

std::vector<ReformInfo> RuleSet::reforms() const {
  std::vector<ReformInfo> out;
  for (const internal::AppliedReform& r : impl_->engine.rules.reforms) {
    out.push_back({r.id, r.title, r.reference, r.file});
  }
  return out;
}

std::vector<ProgramInfo> RuleSet::programs() const {
  std::vector<ProgramInfo> out;
  for (const internal::ProgramDef& p : impl_->engine.rules.programs) {
    ProgramInfo info;
    info.id = p.id;
    info.title = p.title;
    info.reference = p.reference;
    info.description = p.description;
    info.outputs = p.outputs;
    absl::flat_hash_set<std::string> derived;
    for (const internal::VariableDef& v : p.variables) derived.insert(v.name);
    auto unit_of = [](const std::string& type) -> std::string {
      if (type == "money") return "TL";
      if (type == "gun") return "gün";
      if (type == "saat") return "saat";
      return "";
    };
    for (const internal::InputDef& in : p.inputs) {
      InputInfo ii;
      ii.name = in.name;
      ii.type = in.type;
      ii.description = in.description;
      ii.derived = derived.contains(in.name);
      ii.unit = unit_of(in.type);
      if (in.min) ii.min = in.min->ToString();
      if (in.max) ii.max = in.max->ToString();
      for (const internal::FieldDef& f : in.fields) {
        InputInfo fi;
        fi.name = f.name;
        fi.type = f.type;
        fi.unit = unit_of(f.type);
        ii.fields.push_back(std::move(fi));
      }
      info.inputs.push_back(std::move(ii));
    }
    if (const int plan = impl_->engine.planned->FindPlan(p.id); plan >= 0) {
      for (const internal::PlanOutput& o : impl_->engine.planned->plans[plan].outputs) {
        OutputInfo oi;
        oi.name = o.name;
        oi.type = o.type.ToString();
        oi.optional = o.optional;
        oi.event = o.event;
        for (const internal::VariableDef& v : p.variables) {
          if (v.name != o.name) continue;
          oi.description = v.description;
          oi.reference = v.reference;
        }
        info.output_info.push_back(std::move(oi));
      }
    }
    for (const internal::ConditionDef& c : p.conditions) {
      info.conditions.push_back({c.id, c.message, c.reference});
    }
    out.push_back(std::move(info));
  }
  return out;
}

std::vector<ParameterInfo> RuleSet::parameters() const {
  std::vector<ParameterInfo> out;
  for (const internal::ParameterDef& p : impl_->engine.rules.parameters) {
    ParameterInfo info;
    info.name = p.name;
    info.kind = p.kind == internal::ParameterKind::kNumber ? "number"
                : p.kind == internal::ParameterKind::kSet  ? "set"
                                                           : "scale";
    info.unit = p.unit;
    info.description = p.description;
    info.reference = p.reference;
    if (p.end) info.end = p.end->ToString();
    for (const internal::ParameterValue& v : p.values) {
      info.values.push_back({v.from.ToString(), internal::ParameterValueText(v.value),
                             v.reference});
    }
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(),
            [](const ParameterInfo& a, const ParameterInfo& b) { return a.name < b.name; });
  return out;
}

}  // namespace odenek
