// BatchEvaluator: a ClaimBatch and one BatchExecutor per selected programme.
#include "odenek/batch.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "odenek/diagnostic.h"
#include "odenek/date.h"
#include "api/rule_set_access.h"
#include "api/claim_access.h"
#include "api/engine.h"
#include "api/evaluate_rows.h"
#include "api/result_builder.h"
#include "exec/batch_executor.h"
#include "exec/claim_batch.h"
#include "io/claim_row.h"
#include "util/status_macros.h"

namespace odenek {

namespace {
constexpr int kIdColumn = -1;
constexpr int kIgnoredColumn = -2;

// The value of `n` digits at `p`, or -1 if one is not a digit.
int64_t DigitsAt(const char* p, int n) {
  int64_t v = 0;
  for (int i = 0; i < n; ++i) {
    const unsigned d = static_cast<unsigned char>(p[i]) - '0';
    if (d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

// ParseClaimScalar for the shapes bulk files are made of ("5299.61", "30",
// "2023-05-25", "2021-06", "true"), without a StatusOr and its message
// machinery: ≈ 15% of the CSV path went to the general parsers. True and
// *value set only when the text is certainly valid and means what
// ParseClaimScalar would make of it; false for anything else, which then goes
// to ParseClaimScalar for the value or the error message.
bool FastScalar(absl::string_view text, const internal::Type& type, int64_t* value) {
  const char* p = text.data();
  const size_t n = text.size();
  switch (type.kind) {
    case internal::TypeKind::kNumber: {
      // -?D{1,12}(.D{1,places})? (Decimal::Parse's grammar, a range that
      // cannot overflow).
      size_t i = 0;
      const bool negative = n > 0 && p[0] == '-';
      if (negative) ++i;
      const size_t int_begin = i;
      int64_t whole = 0;
      // Digits past the 13th are only counted: the text is refused below, and
      // accumulating them would overflow int64 (UB; found by csv_row_fuzz).
      while (i < n && static_cast<unsigned>(p[i] - '0') <= 9) {
        if (i - int_begin < 13) whole = whole * 10 + (p[i] - '0');
        ++i;
      }
      const size_t int_digits = i - int_begin;
      if (int_digits == 0 || int_digits > 12) return false;
      int64_t fraction = 0;
      if (i < n) {
        if (p[i] != '.') return false;
        const size_t places = type.unit == internal::Unit::Tl() ? 2 : 6;
        const size_t frac_begin = ++i;
        while (i < n && static_cast<unsigned>(p[i] - '0') <= 9) {
          if (i - frac_begin < 7) fraction = fraction * 10 + (p[i] - '0');  // as above
          ++i;
        }
        const size_t frac_digits = i - frac_begin;
        if (i != n || frac_digits == 0 || frac_digits > places) return false;
        for (size_t k = frac_digits; k < 6; ++k) fraction *= 10;
      }
      const int64_t raw = whole * Decimal::kOne + fraction;
      if (type.integral && fraction != 0) return false;
      *value = negative ? -raw : raw;
      return true;
    }
    case internal::TypeKind::kDate: {
      if (n != 10 || p[4] != '-' || p[7] != '-') return false;
      const int64_t y = DigitsAt(p, 4), m = DigitsAt(p + 5, 2), d = DigitsAt(p + 8, 2);
      if (y < date_internal::kMinYear || y > date_internal::kMaxYear || m < 1 || m > 12 ||
          d < 1 || d > date_internal::DaysInMonth(y, static_cast<int>(m))) {
        return false;
      }
      *value = date_internal::DaysFromCivil(y, static_cast<int>(m), static_cast<int>(d));
      return true;
    }
    case internal::TypeKind::kMonth: {
      if (n != 7 || p[4] != '-') return false;
      const int64_t y = DigitsAt(p, 4), m = DigitsAt(p + 5, 2);
      if (y < date_internal::kMinYear || y > date_internal::kMaxYear || m < 1 || m > 12) {
        return false;
      }
      *value = (y - 1970) * 12 + (m - 1);  // Month::month_number()
      return true;
    }
    case internal::TypeKind::kBool:
      if (text == "true" || text == "1") {
        *value = 1;
        return true;
      }
      if (text == "false" || text == "0") {
        *value = 0;
        return true;
      }
      return false;
    default:
      return false;
  }
}

// ParseClaimScalar, through FastScalar when it can.
absl::StatusOr<int64_t> ParseScalar(absl::string_view text, const internal::Type& type,
                                    internal::ClaimBatch& batch) {
  int64_t value;
  if (FastScalar(text, type, &value)) return value;
  return internal::ParseClaimScalar(text, /*quoted=*/false, type, batch);
}

// True if `value` is within scalar column `column`'s bounds: CheckBounds
// without building a Status (it is called for the message only).
bool WithinBounds(const internal::BatchSchema& schema, int column, int64_t value) {
  if (static_cast<size_t>(column) >= schema.bounds.size()) return true;
  const internal::ColumnBounds& b = schema.bounds[column];
  return (!b.min || value >= *b.min) && (!b.max || value <= *b.max);
}

}  // namespace

struct BatchEvaluator::Impl {
  Impl(RuleSet rules_in, std::vector<int> plan_indexes, bool payments, int capacity_in)
      : rules(std::move(rules_in)),
        engine(&internal::RuleSetAccess::Of(rules)),
        capacity(capacity_in),
        batch(engine->planned->schema, engine->planned->strings, capacity),
        plans(std::move(plan_indexes)) {
    for (int p : plans) {
      const internal::Plan& plan = engine->planned->plans[p];
      program_ids.push_back(plan.program);
      std::vector<std::string> names;
      for (const internal::PlanOutput& o : plan.outputs) names.push_back(o.name);
      output_names.push_back(std::move(names));
      std::vector<std::string> conditions;
      for (const internal::PlanCondition& c : plan.conditions) conditions.push_back(c.id);
      condition_ids.push_back(std::move(conditions));
      executors.push_back(std::make_unique<internal::BatchExecutor>(plan, capacity, payments));
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
  int capacity;  // rows a chunk holds (BatchOptions::capacity)
  internal::ClaimBatch batch;
  std::vector<int> plans;
  std::vector<std::string> program_ids;
  std::vector<std::vector<std::string>> output_names;
  std::vector<std::vector<std::string>> condition_ids;
  std::vector<std::unique_ptr<internal::BatchExecutor>> executors;
  std::vector<std::vector<Verdict>> verdicts;  // [program][row], after Evaluate
  const internal::ClaimBatch* source = nullptr;  // set by EvaluateRowsOf
  internal::EvaluateRowsOptions run;  // as_of (BatchOptions); results unexplained
  bool allow_unknown = false;
  // Flat records: per column, a scalar column index, kIdColumn or kIgnoredColumn.
  std::vector<int> columns;
  std::vector<std::string> column_names;
  std::vector<std::string> ignored;
  // Input-by-input filling, per list of the row begun: records added so far
  // (for messages) and the last one's index in the list's columns.
  std::vector<int> list_records;
  std::vector<int> last_record;
  mutable std::vector<uint8_t> seen;  // missing()'s scratch
  // SetListField: the last text interned per (list, field), until Clear.
  struct LastString {
    bool valid = false;
    std::string text;
    int64_t id = 0;
  };
  std::vector<std::vector<LastString>> last_string;  // [list][field]
};

BatchEvaluator::BatchEvaluator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BatchEvaluator::BatchEvaluator(BatchEvaluator&&) noexcept = default;
BatchEvaluator& BatchEvaluator::operator=(BatchEvaluator&&) noexcept = default;
BatchEvaluator::~BatchEvaluator() = default;

absl::StatusOr<BatchEvaluator> BatchEvaluator::Create(const RuleSet& rules,
                                                      const BatchOptions& options) {
  const internal::PlannedRuleSet& planned = *internal::RuleSetAccess::Of(rules).planned;
  std::vector<int> plans;
  if (options.programs.empty()) {
    for (size_t p = 0; p < planned.plans.size(); ++p) plans.push_back(static_cast<int>(p));
  }
  for (const std::string& id : options.programs) {
    const int p = planned.FindPlan(id);
    if (p < 0) {
      std::vector<std::string> ids;
      for (const internal::Plan& plan : planned.plans) ids.push_back(plan.program);
      return absl::NotFoundError(absl::StrCat("unknown programme \"", id, "\"",
                                              DidYouMean(id, ids), "; programmes: ",
                                              absl::StrJoin(ids, ", ")));
    }
    plans.push_back(p);
  }
  const int capacity = std::clamp(options.capacity, 1, kCapacity);
  auto impl = std::make_unique<Impl>(rules, std::move(plans), options.payments, capacity);
  impl->allow_unknown = options.allow_unknown;
  impl->run.as_of = options.as_of;
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
                            : "is not an input of any programme of the rule set";
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
  if (absl::Status bad = CheckClaimId(id); !bad.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("column id: ", bad.message()));
  }
  m.batch.AddRow(id);
  const internal::BatchSchema& schema = m.batch.schema();
  for (size_t i = 0; i < fields.size(); ++i) {
    const int col = m.columns[i];
    if (col < 0 || fields[i].empty()) continue;  // id, ignored, or unknown
    int64_t fast;
    if (FastScalar(fields[i], schema.scalars[col].type, &fast) &&
        WithinBounds(schema, col, fast)) {
      m.batch.Set(col, fast);
      continue;
    }
    // The general parser: other spellings, and every error's message.
    absl::StatusOr<int64_t> value = ParseScalar(fields[i], schema.scalars[col].type, m.batch);
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
  options.require_id = true;  // CONTRACT §3a: results and errors are filed under it
  return internal::AppendClaimRow(internal::ClaimAccess::Document(claim), options, impl_->batch, nullptr);
}

int BatchEvaluator::FindInput(absl::string_view name) const {
  return impl_->batch.schema().FindScalar(name);
}

int BatchEvaluator::FindList(absl::string_view name) const {
  return impl_->batch.schema().FindList(name);
}

int BatchEvaluator::FindListField(int list, absl::string_view name) const {
  const std::vector<internal::ColumnSpec>& fields = impl_->batch.schema().lists[list].fields;
  for (size_t f = 0; f < fields.size(); ++f) {
    if (fields[f].name == name) return static_cast<int>(f);
  }
  return -1;
}

std::vector<std::string> BatchEvaluator::ListFields(int list) const {
  std::vector<std::string> names;
  for (const internal::ColumnSpec& c : impl_->batch.schema().lists[list].fields) {
    names.push_back(c.name);
  }
  return names;
}

void BatchEvaluator::BeginRow(absl::string_view id) {
  Impl& m = *impl_;
  m.batch.AddRow(id);
  m.list_records.assign(m.batch.schema().lists.size(), 0);
  m.last_record.assign(m.batch.schema().lists.size(), -1);
}

absl::Status BatchEvaluator::SetInput(int input, absl::string_view text) {
  internal::ClaimBatch& batch = impl_->batch;
  const internal::BatchSchema& schema = batch.schema();
  int64_t fast;
  if (FastScalar(text, schema.scalars[input].type, &fast) && WithinBounds(schema, input, fast)) {
    batch.Set(input, fast);
    return absl::OkStatus();
  }
  // The messages are AppendClaimRow's ("<key>: <what was expected>").
  absl::StatusOr<int64_t> value = ParseScalar(text, schema.scalars[input].type, batch);
  absl::Status bad =
      value.ok() ? internal::CheckBounds(schema, input, *value) : value.status();
  if (!bad.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(schema.scalars[input].name, ": ", bad.message()));
  }
  batch.Set(input, *value);
  return absl::OkStatus();
}

void BatchEvaluator::MarkList(int list) { impl_->batch.MarkListPresent(list); }

void BatchEvaluator::AddListRecord(int list) {
  Impl& m = *impl_;
  m.last_record[list] = m.batch.AddRecord(list);
  ++m.list_records[list];
}

absl::Status BatchEvaluator::SetListField(int list, int field, absl::string_view text) {
  Impl& m = *impl_;
  const internal::ListSpec& spec = m.batch.schema().lists[list];
  int64_t fast;
  if (FastScalar(text, spec.fields[field].type, &fast)) {
    m.batch.SetField(list, field, m.last_record[list], fast);
    return absl::OkStatus();
  }
  if (spec.fields[field].type.kind == internal::TypeKind::kString) {
    // A history repeats its text fields record after record (the employer
    // of 36 monthly premiums): remember the last one's id instead of
    // hashing it again.
    if (m.last_string.size() <= static_cast<size_t>(list)) m.last_string.resize(list + 1);
    std::vector<Impl::LastString>& of_list = m.last_string[list];
    if (of_list.size() <= static_cast<size_t>(field)) of_list.resize(field + 1);
    Impl::LastString& last = of_list[field];
    if (!last.valid || last.text != text) {
      last.id = m.batch.InternString(text);
      last.text.assign(text.data(), text.size());
      last.valid = true;
    }
    m.batch.SetField(list, field, m.last_record[list], last.id);
    return absl::OkStatus();
  }
  // As AppendClaimRow: list fields are typed but carry no bounds.
  absl::StatusOr<int64_t> value = ParseScalar(text, spec.fields[field].type, m.batch);
  if (!value.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(spec.name, "[", m.list_records[list] - 1,
                                                   "].", spec.fields[field].name, ": ",
                                                   value.status().message()));
  }
  m.batch.SetField(list, field, m.last_record[list], *value);
  return absl::OkStatus();
}

void BatchEvaluator::CancelRow() { impl_->batch.DropLastRow(); }

int BatchEvaluator::size() const { return impl_->rows().rows(); }
int BatchEvaluator::capacity() const { return impl_->capacity; }

std::optional<Date> BatchEvaluator::LatestDate() const {
  const internal::ClaimBatch& rows = impl_->rows();
  const std::vector<internal::ColumnSpec>& scalars = impl_->engine->planned->schema.scalars;
  std::optional<int64_t> latest;
  for (size_t c = 0; c < scalars.size(); ++c) {
    if (scalars[c].type.kind != internal::TypeKind::kDate) continue;
    const internal::Column& column = rows.scalar(static_cast<int>(c));
    for (int r = 0; r < rows.rows(); ++r) {
      if (column.valid[r] && (!latest || column.values[r] > *latest)) latest = column.values[r];
    }
  }
  if (!latest) return std::nullopt;
  return Date::FromDayNumber(static_cast<int32_t>(*latest));
}

void BatchEvaluator::ClearAndRelease() {
  Clear();
  impl_->batch.ClearAndRelease();
}

void BatchEvaluator::Clear() {
  impl_->batch.Clear();
  // String ids are the batch's: do not carry them past its Clear.
  for (std::vector<Impl::LastString>& of_list : impl_->last_string) {
    for (Impl::LastString& last : of_list) last.valid = false;
  }
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
  if (filled.size() > capacity()) {
    return absl::FailedPreconditionError(
        absl::StrCat(filled.size(), " rows, more than this evaluator's capacity ", capacity()));
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
    internal::RunRows(batch, m.run, exec);
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

std::string BatchEvaluator::warning(int row, int program) const {
  const Impl& m = *impl_;
  return internal::RowWarningText(m.plan(program), *m.executors[program], row);
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

namespace {

// Writes the decimal digits of `n` ending just before `end`; returns the
// first digit.
char* DigitsBefore(uint64_t n, char* end) {
  do {
    *--end = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  return end;
}

void AppendUnsigned(uint64_t n, std::string* out) {
  char text[20];
  char* first = DigitsBefore(n, text + sizeof(text));
  out->append(first, static_cast<size_t>(text + sizeof(text) - first));
}

// Decimal::FromRaw(raw).ToString() (every digit, trailing zeros dropped) or,
// for places == 2 and a raw value with no digit beyond the kuruş,
// ToString(2); appended in place instead of through a temporary string.
void AppendDecimal(int64_t raw, int places, std::string* out) {
  const uint64_t magnitude =
      raw < 0 ? uint64_t{0} - static_cast<uint64_t>(raw) : static_cast<uint64_t>(raw);
  const uint64_t one = static_cast<uint64_t>(Decimal::kOne);
  // Built right to left in a local buffer, appended once.
  char text[32];
  char* const end = text + sizeof(text);
  char* first = end;
  uint64_t fraction = magnitude % one;
  int digits = 6;  // Decimal's scale
  if (places == 2) {
    fraction /= 10'000;
    digits = 2;
  } else {
    while (fraction != 0 && fraction % 10 == 0) {
      fraction /= 10;
      --digits;
    }
    if (fraction == 0) digits = 0;
  }
  for (int i = 0; i < digits; ++i) {
    *--first = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  if (digits > 0) *--first = '.';
  first = DigitsBefore(magnitude / one, first);
  if (raw < 0) *--first = '-';
  out->append(first, static_cast<size_t>(end - first));
}

// Appends a 4-digit year's date as "YYYY-MM-DD" or month as "YYYY-MM".
void AppendTwo(int n, std::string* out) {
  out->push_back(static_cast<char>('0' + n / 10));
  out->push_back(static_cast<char>('0' + n % 10));
}

}  // namespace

void BatchEvaluator::AppendValue(int row, int program, int output, std::string* out,
                                 bool* quoted) const {
  const Impl& m = *impl_;
  if (quoted != nullptr) *quoted = false;
  if (m.verdicts[program][row] != Verdict::kEligible) return;
  const internal::PlanOutput& o = m.plan(program).outputs[output];
  const internal::BatchExecutor& exec = *m.executors[program];
  if (!exec.valid(o.slot)[row]) return;
  const int64_t value = exec.values(o.slot)[row];
  // The common kinds are written in place, exactly as FormatValue writes
  // them (batch_append_test compares the two); the rest go through it.
  if (o.type.kind == internal::TypeKind::kNumber) {
    const bool money = o.type.unit.tl == 1;
    const bool whole = value % Decimal::kOne == 0;
    if (money && value % (Decimal::kOne / 100) == 0) {
      AppendDecimal(value, 2, out);  // kMoney: always kuruş
    } else {
      AppendDecimal(value, 0, out);  // kNumber, or kInteger when whole
    }
    if (quoted != nullptr) *quoted = money || !whole;
    return;
  }
  if (o.type.kind == internal::TypeKind::kBool) {
    out->append(value != 0 ? "true" : "false");
    return;
  }
  if (o.type.kind == internal::TypeKind::kDate) {
    const Date d = Date::FromDayNumber(static_cast<int32_t>(value));
    if (d.year() >= 1000 && d.year() <= 9999) {
      AppendUnsigned(static_cast<uint64_t>(d.year()), out);
      out->push_back('-');
      AppendTwo(d.month(), out);
      out->push_back('-');
      AppendTwo(d.day(), out);
      if (quoted != nullptr) *quoted = true;
      return;
    }
  }
  OutputValue v = internal::FormatValue(o.type, value, m.rows());
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

const std::vector<std::string>& BatchEvaluator::conditions(int program) const {
  return impl_->condition_ids[program];
}

bool BatchEvaluator::failed(int row, int program, int condition) const {
  const Impl& m = *impl_;
  const internal::BatchExecutor& exec = *m.executors[program];
  const internal::Slot slot = m.plan(program).conditions[condition].slot;
  return exec.valid(slot)[row] && exec.values(slot)[row] == 0;
}

namespace {

// CollectMissing (api/result_builder.cc) with a reusable `seen` array
// instead of a hash set; keep the two in step (batch_append_test compares
// them).
void CollectMissing(const internal::Plan& plan, const internal::BatchExecutor& exec,
                    const internal::ClaimBatch& batch, int row, int32_t node,
                    std::vector<uint8_t>& seen, std::vector<absl::string_view>* out) {
  if (seen[node]) return;
  seen[node] = 1;
  const internal::DependencyNode& n = plan.dependency_nodes[node];
  if (n.slot != internal::kNoSlot && exec.valid(n.slot)[row]) return;
  if (n.batch_list >= 0 && batch.list(n.batch_list).present[row]) return;
  if (n.is_input || n.batch_list >= 0) {
    if (std::find(out->begin(), out->end(), absl::string_view(n.name)) == out->end()) {
      out->push_back(n.name);
    }
    return;
  }
  for (int32_t c : n.children) CollectMissing(plan, exec, batch, row, c, seen, out);
}

}  // namespace

void BatchEvaluator::missing(int row, int program, std::vector<absl::string_view>* names) const {
  const Impl& m = *impl_;
  names->clear();
  const Verdict verdict = m.verdicts[program][row];
  if (verdict == Verdict::kIneligible) return;
  const internal::Plan& plan = m.plan(program);
  const internal::BatchExecutor& exec = *m.executors[program];
  m.seen.assign(plan.dependency_nodes.size(), 0);
  if (verdict == Verdict::kUndetermined) {
    for (const internal::PlanCondition& c : plan.conditions) {
      if (!exec.valid(c.slot)[row]) {
        CollectMissing(plan, exec, m.rows(), row, c.dependency_root, m.seen, names);
      }
    }
  }
  // As BuildResult: every condition held (or the row is eligible), so an
  // output lacks an input.
  if (names->empty()) {
    for (const internal::PlanOutput& o : plan.outputs) {
      if (!exec.valid(o.slot)[row] && !o.event) {
        CollectMissing(plan, exec, m.rows(), row, o.dependency_root, m.seen, names);
      }
    }
  }
}

absl::Status BatchEvaluator::payments(int row, int program,
                                      std::vector<PaymentMonth>* months) const {
  // AddPayments (api/result_builder.cc) with numbers instead of text; keep
  // the two in step (batch_append_test compares them).
  const Impl& m = *impl_;
  months->clear();
  const internal::Plan& plan = m.plan(program);
  if (plan.payments.empty() || m.verdicts[program][row] != Verdict::kEligible) {
    return absl::OkStatus();
  }
  const internal::BatchExecutor& exec = *m.executors[program];
  auto known = [&](internal::Slot s) { return exec.valid(s)[row] != 0; };
  for (const internal::PlanPaymentMonth& pm : plan.payments) {
    for (internal::Slot s : {pm.start, pm.days, pm.gross, pm.stamp_tax, pm.net}) {
      if (!known(s)) {
        months->clear();
        return absl::OkStatus();
      }
    }
    // A period with nothing to pay is left out, not the end of the schedule
    // (as AddPayments): a suspended period or a kısa çalışma month without
    // hours lost sits between paid ones.
    const int64_t days = exec.values(pm.days)[row] / Decimal::kOne;
    if (days <= 0) continue;
    months->push_back({Date::FromDayNumber(static_cast<int32_t>(exec.values(pm.start)[row])),
                       static_cast<int>(days), Decimal::FromRaw(exec.values(pm.gross)[row]),
                       Decimal::FromRaw(exec.values(pm.stamp_tax)[row]),
                       Decimal::FromRaw(exec.values(pm.net)[row])});
  }
  if (plan.payments_remaining != internal::kNoSlot && known(plan.payments_remaining) &&
      exec.values(plan.payments_remaining)[row] > 0) {
    months->clear();
    const std::string& id = m.rows().id(row);
    return absl::InvalidArgumentError(absl::StrCat(
        "claim ", id.empty() ? "(no id)" : id, ": the payment schedule of ", plan.program,
        " has ", plan.payments.size(), " months (payments.max_months) but ",
        Decimal::FromRaw(exec.values(plan.payments_remaining)[row]).ToString(),
        " days remain to pay"));
  }
  return absl::OkStatus();
}

absl::StatusOr<Result> BatchEvaluator::result(int row, int program) const {
  const Impl& m = *impl_;
  return internal::RowResult(*m.engine, *m.executors[program], m.rows(), row, m.run);
}

}  // namespace odenek
