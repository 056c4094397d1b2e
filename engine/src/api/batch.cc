// BatchEvaluator: a ClaimBatch and one BatchExecutor per selected programme.
#include "odenek/batch.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/engine.h"
#include "api/result_builder.h"
#include "exec/batch_executor.h"
#include "exec/claim_batch.h"
#include "io/claim_row.h"
#include "util/status_macros.h"

namespace odenek {

namespace {
constexpr int kIdColumn = -1;
constexpr int kIgnoredColumn = -2;
}  // namespace

struct BatchEvaluator::Impl {
  Impl(RuleSet rules_in, std::vector<int> plan_indexes, bool payments)
      : rules(std::move(rules_in)),
        engine(&rules.engine()),
        batch(engine->planned->schema, engine->planned->strings, kCapacity),
        plans(std::move(plan_indexes)) {
    for (int p : plans) {
      const internal::Plan& plan = engine->planned->plans[p];
      program_ids.push_back(plan.program);
      std::vector<std::string> names;
      for (const internal::PlanOutput& o : plan.outputs) names.push_back(o.name);
      output_names.push_back(std::move(names));
      executors.push_back(std::make_unique<internal::BatchExecutor>(plan, kCapacity, payments));
    }
    verdicts.resize(plans.size());
  }

  const internal::Plan& plan(int program) const {
    return engine->planned->plans[plans[program]];
  }
  // The rows results are read from: this batch, or another evaluator's after
  // EvaluateRowsOf.
  const internal::ClaimBatch& rows() const { return source == nullptr ? batch : *source; }

  RuleSet rules;  // keeps the engine alive
  const internal::Engine* engine;
  internal::ClaimBatch batch;
  std::vector<int> plans;
  std::vector<std::string> program_ids;
  std::vector<std::vector<std::string>> output_names;
  std::vector<std::unique_ptr<internal::BatchExecutor>> executors;
  std::vector<std::vector<Verdict>> verdicts;  // [program][row], after Evaluate
  const internal::ClaimBatch* source = nullptr;  // set by EvaluateRowsOf
  bool allow_unknown = false;
  // Flat records: per column, a scalar column index, kIdColumn or kIgnoredColumn.
  std::vector<int> columns;
  std::vector<std::string> column_names;
  std::vector<std::string> ignored;
};

BatchEvaluator::BatchEvaluator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BatchEvaluator::BatchEvaluator(BatchEvaluator&&) noexcept = default;
BatchEvaluator& BatchEvaluator::operator=(BatchEvaluator&&) noexcept = default;
BatchEvaluator::~BatchEvaluator() = default;

absl::StatusOr<BatchEvaluator> BatchEvaluator::Create(const RuleSet& rules,
                                                      const BatchOptions& options) {
  const internal::PlannedRuleSet& planned = *rules.engine().planned;
  std::vector<int> plans;
  if (options.programs.empty()) {
    for (size_t p = 0; p < planned.plans.size(); ++p) plans.push_back(static_cast<int>(p));
  }
  for (const std::string& id : options.programs) {
    const int p = planned.FindPlan(id);
    if (p < 0) {
      std::vector<std::string> ids;
      for (const internal::Plan& plan : planned.plans) ids.push_back(plan.program);
      return absl::NotFoundError(absl::StrCat("unknown programme \"", id,
                                              "\"; programmes: ", absl::StrJoin(ids, ", ")));
    }
    plans.push_back(p);
  }
  auto impl = std::make_unique<Impl>(rules, std::move(plans), options.payments);
  impl->allow_unknown = options.allow_unknown;
  return BatchEvaluator(std::move(impl));
}

absl::Status BatchEvaluator::SetColumns(absl::Span<const std::string> names) {
  const internal::BatchSchema& schema = impl_->batch.schema();
  std::vector<int> columns;
  std::vector<std::string> ignored;
  bool has_id = false;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    for (size_t j = 0; j < i; ++j) {
      if (names[j] == name) {
        return absl::InvalidArgumentError(
            absl::StrCat("column ", i + 1, " \"", name, "\" repeats column ", j + 1));
      }
    }
    if (name == "id") {
      has_id = true;
      columns.push_back(kIdColumn);
      continue;
    }
    const int col = schema.FindScalar(name);
    if (col >= 0) {
      columns.push_back(col);
      continue;
    }
    if (!impl_->allow_unknown) {
      const char* why = schema.FindList(name) >= 0
                            ? "is a list of records, which a flat record cannot hold "
                              "(use the JSONL history form)"
                            : "is not an input of any programme (see `odenek programs`)";
      return absl::InvalidArgumentError(
          absl::StrCat("column ", i + 1, " \"", name, "\" ", why));
    }
    columns.push_back(kIgnoredColumn);
    ignored.push_back(name);
  }
  if (!has_id) {
    return absl::InvalidArgumentError("no \"id\" column: every claim needs an id");
  }
  impl_->columns = std::move(columns);
  impl_->column_names.assign(names.begin(), names.end());
  impl_->ignored = std::move(ignored);
  return absl::OkStatus();
}

const std::vector<std::string>& BatchEvaluator::ignored_columns() const {
  return impl_->ignored;
}

absl::Status BatchEvaluator::AddRecord(absl::Span<const absl::string_view> fields) {
  Impl& m = *impl_;
  if (m.columns.empty()) {
    return absl::FailedPreconditionError("AddRecord before SetColumns");
  }
  if (fields.size() != m.columns.size()) {
    return absl::InvalidArgumentError(absl::StrCat("expected ", m.columns.size(),
                                                   " fields, found ", fields.size()));
  }
  absl::string_view id;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (m.columns[i] == kIdColumn) id = fields[i];
  }
  if (id.empty()) return absl::InvalidArgumentError("column id: missing claim id");
  m.batch.AddRow(id);
  const internal::BatchSchema& schema = m.batch.schema();
  for (size_t i = 0; i < fields.size(); ++i) {
    const int col = m.columns[i];
    if (col < 0 || fields[i].empty()) continue;  // id, ignored, or unknown
    absl::StatusOr<int64_t> value = internal::ParseClaimScalar(
        fields[i], /*quoted=*/false, schema.scalars[col].type, m.batch);
    absl::Status bad = value.ok() ? internal::CheckBounds(schema, col, *value)
                                  : value.status();
    if (!bad.ok()) {
      m.batch.DropLastRow();
      return absl::InvalidArgumentError(
          absl::StrCat("column ", m.column_names[i], ": ", bad.message()));
    }
    m.batch.Set(col, *value);
  }
  return absl::OkStatus();
}

absl::Status BatchEvaluator::AddClaim(const Claim& claim) {
  internal::ClaimRowOptions options;
  options.allow_unknown = impl_->allow_unknown;
  return internal::AppendClaimRow(claim.document(), options, impl_->batch, nullptr);
}

int BatchEvaluator::size() const { return impl_->rows().rows(); }

void BatchEvaluator::Clear() {
  impl_->batch.Clear();
  impl_->source = nullptr;
}

namespace {

bool SameColumns(const std::vector<internal::ColumnSpec>& a,
                 const std::vector<internal::ColumnSpec>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || !a[i].type.SameAs(b[i].type) ||
        a[i].type.kind != b[i].type.kind) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool BatchEvaluator::SharesSchemaWith(const BatchEvaluator& filled) const {
  const internal::PlannedRuleSet& mine = *impl_->engine->planned;
  const internal::PlannedRuleSet& theirs = *filled.impl_->engine->planned;
  if (&mine == &theirs) return true;
  if (!SameColumns(mine.schema.scalars, theirs.schema.scalars)) return false;
  if (mine.schema.lists.size() != theirs.schema.lists.size()) return false;
  for (size_t l = 0; l < mine.schema.lists.size(); ++l) {
    if (mine.schema.lists[l].name != theirs.schema.lists[l].name ||
        !SameColumns(mine.schema.lists[l].fields, theirs.schema.lists[l].fields)) {
      return false;
    }
  }
  // String ids in the rows were interned against the filler's constants.
  if (mine.strings.size() != theirs.strings.size()) return false;
  for (int64_t i = 0; i < mine.strings.size(); ++i) {
    if (mine.strings.Get(i) != theirs.strings.Get(i)) return false;
  }
  return true;
}

absl::Status BatchEvaluator::EvaluateRowsOf(const BatchEvaluator& filled) {
  if (!SharesSchemaWith(filled)) {
    return absl::FailedPreconditionError(
        "the rule sets' claim schemas differ: fill this evaluator itself");
  }
  impl_->batch.Clear();
  impl_->source = &filled.impl_->batch;
  RunPlans();
  return absl::OkStatus();
}

void BatchEvaluator::Evaluate() {
  impl_->source = nullptr;
  RunPlans();
}

void BatchEvaluator::RunPlans() {
  Impl& m = *impl_;
  const internal::ClaimBatch& batch = m.rows();
  const int rows = batch.rows();
  for (size_t p = 0; p < m.plans.size(); ++p) {
    internal::BatchExecutor& exec = *m.executors[p];
    exec.Run(batch);
    std::vector<Verdict>& verdicts = m.verdicts[p];
    verdicts.resize(static_cast<size_t>(rows));
    for (int r = 0; r < rows; ++r) verdicts[r] = internal::RowVerdict(exec.plan(), exec, r);
  }
}

const std::vector<std::string>& BatchEvaluator::programs() const {
  return impl_->program_ids;
}

const std::vector<std::string>& BatchEvaluator::outputs(int program) const {
  return impl_->output_names[program];
}

int BatchEvaluator::FindOutput(int program, absl::string_view name) const {
  const std::vector<std::string>& names = impl_->output_names[program];
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

const std::string& BatchEvaluator::id(int row) const { return impl_->rows().id(row); }

Verdict BatchEvaluator::verdict(int row, int program) const {
  return impl_->verdicts[program][row];
}

absl::Status BatchEvaluator::status(int row, int program) const {
  const Impl& m = *impl_;
  return internal::RowStatus(*m.engine, m.plan(program), *m.executors[program], m.rows(), row,
                             m.verdicts[program][row]);
}

std::optional<Decimal> BatchEvaluator::number(int row, int program, int output) const {
  const Impl& m = *impl_;
  if (m.verdicts[program][row] != Verdict::kEligible) return std::nullopt;
  const internal::PlanOutput& o = m.plan(program).outputs[output];
  const internal::BatchExecutor& exec = *m.executors[program];
  if (o.type.kind != internal::TypeKind::kNumber || !exec.valid(o.slot)[row]) {
    return std::nullopt;
  }
  return Decimal::FromRaw(exec.values(o.slot)[row]);
}

void BatchEvaluator::AppendValue(int row, int program, int output, std::string* out,
                                 bool* quoted) const {
  const Impl& m = *impl_;
  if (quoted != nullptr) *quoted = false;
  if (m.verdicts[program][row] != Verdict::kEligible) return;
  const internal::PlanOutput& o = m.plan(program).outputs[output];
  const internal::BatchExecutor& exec = *m.executors[program];
  if (!exec.valid(o.slot)[row]) return;
  OutputValue v = internal::FormatValue(o.type, exec.values(o.slot)[row], m.rows());
  if (quoted != nullptr) {
    *quoted = v.kind != OutputValue::Kind::kInteger && v.kind != OutputValue::Kind::kBool;
  }
  out->append(v.text);
}

std::vector<std::string> BatchEvaluator::failed_conditions(int row, int program) const {
  const Impl& m = *impl_;
  std::vector<std::string> out;
  const internal::BatchExecutor& exec = *m.executors[program];
  for (const internal::PlanCondition& c : m.plan(program).conditions) {
    if (exec.valid(c.slot)[row] && exec.values(c.slot)[row] == 0) out.push_back(c.id);
  }
  return out;
}

absl::StatusOr<Result> BatchEvaluator::result(int row, int program) const {
  const Impl& m = *impl_;
  return internal::BuildResult(*m.engine, m.plan(program), *m.executors[program], m.rows(),
                               row, /*explain=*/false);
}

}  // namespace odenek
