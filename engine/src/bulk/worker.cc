#include "bulk/worker.h"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "api/rule_set_access.h"
#include "api/engine.h"
#include "io/text_writer.h"

namespace odenek::internal {
namespace {

// The main amount: aylik_net (the monthly net benefit) where the programme has
// it, else aylik_tutar, else its first output. The duration: sure_gun, else
// odenecek_gun.
int PickOutput(const std::vector<std::string>& outputs, std::initializer_list<const char*> names,
               bool first_as_fallback) {
  for (const char* name : names) {
    auto it = std::find(outputs.begin(), outputs.end(), name);
    if (it != outputs.end()) return static_cast<int>(it - outputs.begin());
  }
  return first_as_fallback && !outputs.empty() ? 0 : -1;
}

// A scenario's refusal, told apart from the baseline's: "reform: ..." when
// the run has one, "scenario NAME: ..." when it has several.
absl::Status InScenario(const absl::Status& status, const std::string& label) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(label, ": ", status.message()));
}

// The JSON reader sees one JSONL line as a whole document, so its messages
// say "FILE:1:COLUMN"; this makes that the line in the input file.
absl::Status PlaceInInput(const absl::Status& status, const std::string& label, int64_t line) {
  const std::string prefix = label + ":1:";
  absl::string_view message = status.message();
  if (!absl::StartsWith(message, prefix)) return status;
  return absl::Status(status.code(),
                      absl::StrCat(label, ":", line, ":", message.substr(prefix.size())));
}

int64_t AmountOrZero(const BatchEvaluator& eval, const ProgramMeta& meta, int row, int p) {
  if (meta.amount < 0) return 0;
  std::optional<Decimal> a = eval.number(row, p, meta.amount);
  return a ? a->raw() : 0;
}

// FormatMoney(diff), appended in place when the difference is whole kuruş
// (amounts are): the same text without a temporary string.
void AppendDiff(int64_t diff, std::string* out) {
  if (diff % (Decimal::kOne / 100) == 0) {
    AppendMoney(Decimal::FromRaw(diff), out);
  } else {
    *out += FormatMoney(diff);
  }
}

}  // namespace

Model MakeModel(const RuleSet& rules, const BatchEvaluator& eval) {
  Model model;
  model.hash = rules.hash();
  AppendJsonString(model.hash, &model.hash_json);
  std::vector<ProgramInfo> infos = rules.programs();
  for (size_t p = 0; p < eval.programs().size(); ++p) {
    ProgramMeta meta;
    meta.id = eval.programs()[p];
    meta.outputs = eval.outputs(static_cast<int>(p));
    for (const std::string& o : meta.outputs) {
      std::string key;
      AppendJsonString(o, &key);
      meta.output_keys.push_back(key + ":");
    }
    meta.amount = PickOutput(meta.outputs, {"aylik_net", "aylik_tutar"}, true);
    meta.days = PickOutput(meta.outputs, {"sure_gun", "odenecek_gun"}, false);
    // BatchEvaluator does not say yet whether a programme has a schedule; the
    // plan does.
    const internal::PlannedRuleSet& planned = *internal::RuleSetAccess::Of(rules).planned;
    if (const int plan = planned.FindPlan(meta.id); plan >= 0) {
      meta.has_payments = !planned.plans[plan].payments.empty();
    }
    for (const ProgramInfo& info : infos) {
      if (info.id != meta.id) continue;
      for (size_t o = 0; o < meta.outputs.size(); ++o) {
        for (const OutputInfo& oi : info.output_info) {
          if (oi.name != meta.outputs[o] || oi.type != "TL") continue;
          meta.money.push_back(static_cast<int>(o));
          meta.money_descriptions.push_back(oi.description);
        }
      }
      for (const ConditionInfo& c : info.conditions) {
        std::string tail = ",\"message\":";
        AppendJsonString(c.message, &tail);
        tail += ",\"reference\":";
        AppendJsonString(c.reference, &tail);
        tail += "}";
        meta.reason_json[c.id] = std::move(tail);
      }
    }
    std::map<std::string, std::string> references;
    for (const ProgramInfo& info : rules.programs()) {
      if (info.id != meta.id) continue;
      for (const ConditionInfo& c : info.conditions) references[c.id] = c.reference;
    }
    for (const std::string& id : eval.conditions(static_cast<int>(p))) {
      meta.condition_ids.push_back(id);
      meta.condition_references.push_back(references[id]);
      auto it = meta.reason_json.find(id);
      meta.reason_tails.push_back(it != meta.reason_json.end()
                                      ? it->second
                                      : ",\"message\":\"\",\"reference\":\"\"}");
    }
    model.programs.push_back(std::move(meta));
  }
  return model;
}

// The rules Worker::Attribute chooses from, per programme, for one scenario.
void AddAttributionRules(const RuleSet& base_rules, const RuleSet& reform_rules, const Model& base,
                         Model* reform) {
  const std::vector<ProgramInfo> base_infos = base_rules.programs();
  const std::vector<ProgramInfo> reform_infos = reform_rules.programs();
  for (size_t p = 0; p < base.programs.size(); ++p) {
    const ProgramMeta& base_meta = base.programs[p];
    ProgramMeta& meta = reform->programs[p];
    auto add = [&](const std::string& rule, const char* kind) {
      if (std::find(meta.attribution_rules.begin(), meta.attribution_rules.end(), rule) ==
          meta.attribution_rules.end()) {
        meta.attribution_rules.push_back(rule);
        meta.attribution_kinds.push_back(kind);
      }
    };
    for (const std::vector<ProgramInfo>* infos : {&base_infos, &reform_infos}) {
      for (const ProgramInfo& info : *infos) {
        if (info.id != meta.id) continue;
        for (const ConditionInfo& c : info.conditions) add(c.id, "condition");
      }
    }
    meta.first_output_rule = static_cast<int>(meta.attribution_rules.size());
    // Outputs are added unconditionally: a condition and an output may share
    // a name, and Attribute indexes outputs by position.
    for (const std::string& o : base_meta.outputs) {
      meta.attribution_rules.push_back(o);
      meta.attribution_kinds.push_back("value");
      auto it = std::find(meta.outputs.begin(), meta.outputs.end(), o);
      meta.reform_output.push_back(it == meta.outputs.end()
                                       ? -1
                                       : static_cast<int>(it - meta.outputs.begin()));
    }
    // A claim whose outputs are all equal may still be paid differently:
    // a later period's cap moved (each month's minimum wage).
    if (base_meta.has_payments) {
      meta.attribution_rules.push_back("payments");
      meta.attribution_kinds.push_back("schedule");
    }
    meta.attribution_rules.push_back("(other)");
    meta.attribution_kinds.push_back("other");
  }
}

void Worker::Fill(const Chunk& chunk) {
  base_.Clear();
  for (BatchEvaluator& s : scenarios_) s.Clear();
  rows_.clear();
  scenario_rows_.clear();
  pending_.clear();
  const size_t scenarios = scenarios_.size();
  for (size_t i = 0; i < chunk.records.size(); ++i) {
    const ChunkRecord& rec = chunk.records[i];
    const int index = static_cast<int>(i);
    if (!rec.error.empty()) {
      pending_.push_back({index, "", rec.error});
      continue;
    }
    absl::string_view text(chunk.text.data() + rec.offset, rec.size);
    absl::Status status;
    absl::string_view id;
    std::string json_id;  // owns a JSONL record's id: its Claim dies with the branch
    const int base_row = base_.size();
    fill_rows_.assign(scenarios, -1);
    if (config_.format == RecordFormat::kCsv) {
      status = SplitCsvRecord(text, &fields_, &scratch_);
      if (status.ok()) {
        if (config_.id_column < static_cast<int>(fields_.size())) id = fields_[config_.id_column];
        status = base_.AddRecord(fields_);
      }
      for (size_t s = 0; s < scenarios && status.ok(); ++s) {
        if (shared_rows_[s]) {
          fill_rows_[s] = base_row;
        } else {
          fill_rows_[s] = scenarios_[s].size();
          status = InScenario(scenarios_[s].AddRecord(fields_), config_.scenario_labels[s]);
        }
      }
    } else if (!config_.jsonl_tree && all_shared_ && rows_json_.Fill(text)) {
      // The direct way: the line went straight into base_'s columns.
      id = base_.id(base_row);
      fill_rows_.assign(scenarios, base_row);
    } else {
      // No places in the first reading (faster); a refused record is read
      // again with them, so its message points into the line.
      absl::StatusOr<Claim> claim = json_.Parse(text, config_.input_label, /*locations=*/false);
      status = claim.status();
      if (claim.ok()) status = AddClaim(*claim, &fill_rows_);
      if (claim.ok() && !status.ok() && base_.size() == base_row) {
        claim = json_.Parse(text, config_.input_label, /*locations=*/true);
        status = claim.ok() ? AddClaim(*claim, &fill_rows_) : claim.status();
      }
      if (claim.ok()) {
        json_id = claim->id();
        id = json_id;
      }
      if (!status.ok()) status = PlaceInInput(status, config_.input_label, rec.line);
    }
    if (!status.ok()) {
      pending_.push_back({index, std::string(id), std::string(status.message())});
      // The base row is in when only a scenario refused the record: the row
      // is kept (rows cannot be taken out) but skipped.
      if (base_.size() > base_row) rows_.push_back({index, base_row, RowState::kRejected, 0});
      continue;
    }
    rows_.push_back({index, base_row, RowState::kOk, scenario_rows_.size()});
    scenario_rows_.insert(scenario_rows_.end(), fill_rows_.begin(), fill_rows_.end());
  }
}

void Worker::RejectDuplicates(Chunk* chunk) {
  ids_seen_.clear();
  for (const Row& row : rows_) {
    if (row.state != RowState::kRejected) ids_seen_.push_back(base_.id(row.base_row));
  }
  const double bytes_per_record =
      chunk->records.empty()
          ? 0
          : static_cast<double>(chunk->text.size()) / static_cast<double>(chunk->records.size());
  ids_->Check(chunk->seq, bytes_per_record, ids_seen_, &id_verdicts_);
  size_t k = 0;
  for (Row& row : rows_) {
    if (row.state == RowState::kRejected) continue;
    const IdVerdict verdict = id_verdicts_[k++];
    if (verdict == IdVerdict::kDeferred) {
      chunk->deferred.push_back(row.record);
      row.state = RowState::kDeferred;
    } else if (verdict == IdVerdict::kDuplicate) {
      const std::string& id = base_.id(row.base_row);
      pending_.push_back({row.record, id,
                          absl::StrCat("duplicate id \"", id,
                                       "\": an earlier record has it (ids are unique in a file)")});
      row.state = RowState::kRejected;
    }
  }
}

absl::Status Worker::AddClaim(const Claim& claim, std::vector<int>* rows) {
  const int base_row = base_.size();
  absl::Status status = base_.AddClaim(claim);
  for (size_t s = 0; s < scenarios_.size() && status.ok(); ++s) {
    if (shared_rows_[s]) {
      (*rows)[s] = base_row;
    } else {
      (*rows)[s] = scenarios_[s].size();
      status = InScenario(scenarios_[s].AddClaim(claim), config_.scenario_labels[s]);
    }
  }
  return status;
}

void Worker::Process(Chunk* chunk) {
  // The replay's chunks (one thread, no ticket) only give the memory back.
  const bool large = chunk->largest_record > kLargeRecordBytes;
  const bool gated = large && chunk->large_ticket >= 0;
  if (gated) large_chunks_->Enter(chunk->large_ticket);
  absl::Cleanup after_large = [&] {
    if (!large) return;
    base_.ClearAndRelease();
    for (BatchEvaluator& s : scenarios_) s.ClearAndRelease();
    rows_json_.Release();
    if (gated) large_chunks_->Leave();
  };
  chunk->out.clear();
  chunk->errors.clear();
  chunk->evaluated = 0;
  chunk->rejected = 0;
  chunk->error_list.clear();
  chunk->outcomes.clear();
  chunk->reform_errors = 0;
  chunk->deferred.clear();
  const size_t records = chunk->records.size();
  chunk->out_at.assign(records + 1, 0);
  chunk->errors_at.assign(records + 1, 0);
  size_t out_marked = 0;  // out_at is set for records before this one
  auto mark_out = [&](size_t upto) {
    for (; out_marked <= upto && out_marked <= records; ++out_marked) {
      chunk->out_at[out_marked] = chunk->out.size();
    }
  };
  const size_t programs = config_.base.programs.size();
  const size_t scenarios = scenarios_.size();
  chunk->base.resize(programs);
  for (ProgramTally& t : chunk->base) t.Clear();
  chunk->scenario_errors.assign(scenarios, 0);
  chunk->scenarios.resize(scenarios);
  chunk->comparison.resize(scenarios);
  chunk->attribution.resize(scenarios);
  for (size_t s = 0; s < scenarios; ++s) {
    chunk->scenarios[s].resize(programs);
    chunk->comparison[s].resize(programs);
    chunk->attribution[s].resize(programs);
    for (ProgramTally& t : chunk->scenarios[s]) t.Clear();
    for (ComparisonTally& t : chunk->comparison[s]) t.Clear();
    for (size_t p = 0; p < programs; ++p) {
      chunk->attribution[s][p].assign(
          config_.scenarios[s].programs[p].attribution_rules.size(), AttributionTally());
    }
  }

  Fill(*chunk);
  // Only a scenario's "changed nothing" warning reads it.
  chunk->latest_date = config_.has_reform ? base_.LatestDate() : std::nullopt;
  RejectDuplicates(chunk);
  base_.Evaluate();
  for (size_t s = 0; s < scenarios; ++s) {
    if (shared_rows_[s]) {
      // Cannot fail: SharesSchemaWith held when the worker was made.
      absl::Status shared = scenarios_[s].EvaluateRowsOf(base_);
      (void)shared;
    } else {
      scenarios_[s].Evaluate();
    }
  }

  for (const Row& row : rows_) {
    mark_out(static_cast<size_t>(row.record));
    if (row.state != RowState::kOk) continue;
    // A runtime error of the baseline in any programme rejects the whole
    // record, so every record is either fully in the results or in the
    // errors. A scenario's error keeps the baseline result: the row's side
    // for that scenario says "error" and the errors name the scenario.
    absl::Status status;
    for (size_t p = 0; p < programs && status.ok(); ++p) {
      status = base_.status(row.base_row, static_cast<int>(p));
    }
    if (status.ok()) {
      status = Schedules(base_, config_.base, row.base_row, &base_payments_, &base_cost_);
    }
    for (size_t s = 0; s < scenarios; ++s) {
      scenario_error_[s].clear();
      if (!status.ok()) continue;
      const int srow = ScenarioRow(row, s);
      absl::Status scenario_status;
      for (size_t p = 0; p < programs && scenario_status.ok(); ++p) {
        scenario_status = scenarios_[s].status(srow, static_cast<int>(p));
      }
      if (scenario_status.ok()) {
        scenario_status = Schedules(scenarios_[s], config_.scenarios[s], srow,
                                    &scenario_payments_[s], &scenario_cost_[s]);
      }
      if (!scenario_status.ok()) scenario_error_[s] = std::string(scenario_status.message());
    }
    if (status.ok() && config_.want_results) status = AddOutcome(chunk, row);
    if (!status.ok()) {
      pending_.push_back({row.record, base_.id(row.base_row), std::string(status.message())});
      continue;
    }
    for (size_t s = 0; s < scenarios; ++s) {
      if (scenario_error_[s].empty()) continue;
      pending_.push_back(
          {row.record, base_.id(row.base_row), scenario_error_[s], static_cast<int>(s)});
      ++chunk->reform_errors;
      ++chunk->scenario_errors[s];
    }
    Write(chunk, row);
  }

  // Errors in record order (fill-time and evaluation-time errors interleave).
  std::stable_sort(
      pending_.begin(), pending_.end(),
      [](const PendingError& a, const PendingError& b) { return a.record < b.record; });
  mark_out(records);
  size_t errors_marked = 0;
  auto mark_errors = [&](size_t upto) {
    for (; errors_marked <= upto && errors_marked <= records; ++errors_marked) {
      chunk->errors_at[errors_marked] = chunk->errors.size();
    }
  };
  for (const PendingError& e : pending_) {
    mark_errors(static_cast<size_t>(e.record));
    const ChunkRecord& rec = chunk->records[e.record];
    std::string& out = chunk->errors;
    absl::StrAppend(&out, "{\"record\":", rec.number, ",\"line\":", rec.line);
    if (!e.id.empty()) {
      out += ",\"id\":";
      AppendJsonString(e.id, &out);
    }
    if (e.scenario >= 0) {
      out += ",\"scenario\":";
      AppendJsonString(config_.scenario_names[e.scenario], &out);
    }
    out += ",\"message\":";
    AppendJsonString(e.message, &out);
    out += "}\n";
    if (config_.want_errors) {
      chunk->error_list.push_back(
          {.record = rec.number, .line = rec.line, .id = e.id,
           .scenario = e.scenario >= 0 ? config_.scenario_names[e.scenario] : "",
           .message = e.message});
    }
  }
  mark_errors(records);
  chunk->rejected = static_cast<int64_t>(pending_.size()) - chunk->reform_errors;
}

void Worker::Tally(const BatchEvaluator& eval, const ProgramMeta& meta, int row, int p,
                   int64_t cost, ProgramTally* tally) {
  if (!eval.warning(row, p).empty()) ++tally->warned;
  const Verdict verdict = eval.verdict(row, p);
  if (verdict == Verdict::kIneligible) {
    // Why, by condition: every failed one counts (a claim can fail several).
    tally->failed.resize(meta.condition_ids.size());
    for (size_t c = 0; c < meta.condition_ids.size(); ++c) {
      if (eval.failed(row, p, static_cast<int>(c))) ++tally->failed[c];
    }
  } else if (verdict == Verdict::kUndetermined) {
    eval.missing(row, p, &missing_);
    for (absl::string_view name : missing_) {
      auto it = tally->missing.find(name);
      if (it == tally->missing.end()) it = tally->missing.emplace(std::string(name), 0).first;
      ++it->second;
    }
  }
  switch (verdict) {
    case Verdict::kEligible: {
      ++tally->eligible;
      if (meta.has_payments) {
        tally->cost += cost;
        ++tally->costed;
      }
      if (meta.amount >= 0) {
        if (std::optional<Decimal> a = eval.number(row, p, meta.amount)) {
          tally->amounts.push_back(a->raw());
        }
      }
      if (meta.days >= 0) {
        if (std::optional<Decimal> d = eval.number(row, p, meta.days)) {
          tally->days.push_back(d->raw() / Decimal::kOne);
        }
      }
      tally->output_sums.resize(meta.money.size(), 0);
      tally->output_counts.resize(meta.money.size(), 0);
      for (size_t k = 0; k < meta.money.size(); ++k) {
        if (std::optional<Decimal> v = eval.number(row, p, meta.money[k])) {
          tally->output_sums[k] += v->raw();
          ++tally->output_counts[k];
        }
      }
      break;
    }
    case Verdict::kIneligible:
      ++tally->ineligible;
      break;
    case Verdict::kUndetermined:
      ++tally->undetermined;
      break;
  }
}

// Which rule made the difference for this claim in scenario `s`, as an index
// into its meta.attribution_rules, or -1 if the scenario changed nothing in
// it. One rule a claim, so the tallies add up to the cost difference: where
// the verdict changed, the first condition (in rule order) that passes in one
// and fails in the other; else the first output (in rule order) whose value
// differs. This names the programme's rule where the change shows first, not
// the reform parameter behind it.
int Worker::Attribute(size_t s, const Row& row, int p, int64_t before_value,
                      int64_t after_value) const {
  const ProgramMeta& base_meta = config_.base.programs[p];
  const ProgramMeta& meta = config_.scenarios[s].programs[p];
  const BatchEvaluator& reform = scenarios_[s];
  const int reform_row = ScenarioRow(row, s);
  const Verdict before = base_.verdict(row.base_row, p);
  const Verdict after = reform.verdict(reform_row, p);
  // Only changes that move money count: a claim ineligible in one and
  // undetermined in the other costs nothing either way, and is in no
  // comparison tally (gainers, losers, newly (in)eligible).
  if (before != Verdict::kEligible && after != Verdict::kEligible) return -1;
  if (before != after) {
    const std::vector<std::string> failed_before = base_.failed_conditions(row.base_row, p);
    const std::vector<std::string> failed_after = reform.failed_conditions(reform_row, p);
    auto failed = [](const std::vector<std::string>& v, const std::string& id) {
      return std::find(v.begin(), v.end(), id) != v.end();
    };
    for (int k = 0; k < meta.first_output_rule; ++k) {
      const std::string& id = meta.attribution_rules[k];
      if (failed(failed_before, id) != failed(failed_after, id)) return k;
    }
    return static_cast<int>(meta.attribution_rules.size()) - 1;  // (other)
  }
  // Eligible in both: counted where the claim is paid differently in all
  // (a gainer or a loser), at the first output that differs, else at its
  // schedule.
  if (before != Verdict::kEligible || before_value == after_value) return -1;
  for (size_t o = 0; o < base_meta.outputs.size(); ++o) {
    const int r = meta.reform_output[o];
    const std::optional<Decimal> a = base_.number(row.base_row, p, static_cast<int>(o));
    const std::optional<Decimal> b = r < 0 ? std::nullopt : reform.number(reform_row, p, r);
    if (a != b) return meta.first_output_rule + static_cast<int>(o);
  }
  return static_cast<int>(meta.attribution_rules.size()) - (base_meta.has_payments ? 2 : 1);
}

absl::Status Worker::AddOutcome(Chunk* chunk, const Row& row) {
  ClaimOutcome outcome;
  const ChunkRecord& rec = chunk->records[row.record];
  outcome.record = rec.number;
  outcome.line = rec.line;
  outcome.scenarios.resize(scenarios_.size());
  for (size_t p = 0; p < config_.base.programs.size(); ++p) {
    absl::StatusOr<Result> r = base_.result(row.base_row, static_cast<int>(p));
    if (!r.ok()) return r.status();
    outcome.results.push_back(*std::move(r));
    for (size_t s = 0; s < scenarios_.size(); ++s) {
      if (!scenario_error_[s].empty()) continue;
      absl::StatusOr<Result> f = scenarios_[s].result(ScenarioRow(row, s), static_cast<int>(p));
      if (!f.ok()) return InScenario(f.status(), config_.scenario_labels[s]);
      outcome.scenarios[s].results.push_back(*std::move(f));
    }
  }
  for (size_t s = 0; s < scenarios_.size(); ++s) outcome.scenarios[s].error = scenario_error_[s];
  if (!outcome.scenarios.empty()) {
    outcome.scenario_results = outcome.scenarios[0].results;
    outcome.scenario_error = outcome.scenarios[0].error;
  }
  chunk->outcomes.push_back(std::move(outcome));
  return absl::OkStatus();
}

void Worker::Write(Chunk* chunk, const Row& row) {
  ++chunk->evaluated;
  const size_t programs = config_.base.programs.size();
  const size_t scenarios = scenarios_.size();
  for (size_t pi = 0; pi < programs; ++pi) {
    const int p = static_cast<int>(pi);
    const ProgramMeta& meta = config_.base.programs[pi];
    Tally(base_, meta, row.base_row, p, base_cost_[pi], &chunk->base[pi]);
    std::string& out = chunk->out;
    if (config_.out == ResultFormat::kCsv) {
      AppendCsvRow(base_, config_.base, row.base_row, p, /*with_id=*/true, &out);
    } else if (config_.out == ResultFormat::kJsonl) {
      AppendJsonResult(base_, config_.base, row.base_row, p, base_payments_[pi], &out);
      if (scenarios > 0) {
        out.pop_back();  // the closing brace: the scenarios go inside
        out += scenarios == 1 ? ",\"reform\":" : ",\"scenarios\":{";
      }
    }
    for (size_t s = 0; s < scenarios; ++s) {
      const ProgramMeta& rmeta = config_.scenarios[s].programs[pi];
      const bool ok = scenario_error_[s].empty();
      const int srow = ScenarioRow(row, s);
      int64_t diff = 0;
      if (ok) {
        const BatchEvaluator& reform = scenarios_[s];
        Tally(reform, rmeta, srow, p, scenario_cost_[s][pi], &chunk->scenarios[s][pi]);
        const bool was = base_.verdict(row.base_row, p) == Verdict::kEligible;
        const bool is = reform.verdict(srow, p) == Verdict::kEligible;
        // Gainers and losers by what the claim is paid in all (its
        // schedule's net), not by one month: a reform of the duration
        // changes no monthly amount.
        const int64_t before = base_cost_[pi];
        const int64_t after = scenario_cost_[s][pi];
        diff = AmountOrZero(reform, rmeta, srow, p) - AmountOrZero(base_, meta, row.base_row, p);
        ComparisonTally& c = chunk->comparison[s][pi];
        c.difference += after - before;
        c.monthly_difference += diff;
        if (const int rule = Attribute(s, row, p, before, after); rule >= 0) {
          AttributionTally& a = chunk->attribution[s][pi][rule];
          ++a.claims;
          a.difference += after - before;
        }
        c.AddClaim(was, is, before, after);
      }
      if (config_.out == ResultFormat::kCsv) {
        if (ok) {
          out += ',';
          AppendCsvRow(scenarios_[s], config_.scenarios[s], srow, p, /*with_id=*/false, &out);
          for (const std::string& name : config_.diff_names) {
            out += ',';
            if (meta.amount >= 0 && meta.outputs[meta.amount] == name) AppendDiff(diff, &out);
          }
        } else {
          // The scenario's side: status "error", every value and diff
          // empty; the message is in the errors.
          out += ",error,false";
          out.append(rmeta.columns.size() + 1 + config_.diff_names.size(), ',');
        }
      } else if (config_.out == ResultFormat::kJsonl) {
        if (scenarios > 1) {
          if (s > 0) out += ',';
          AppendJsonString(config_.scenario_names[s], &out);
          out += ':';
        }
        if (!ok) {
          out += "{\"status\":\"error\",\"message\":";
          AppendJsonString(scenario_error_[s], &out);
          out += "}";
          continue;
        }
        AppendJsonResult(scenarios_[s], config_.scenarios[s], srow, p, scenario_payments_[s][pi],
                         &out);
        if (meta.amount >= 0) {
          // One scenario: "diff" beside "reform" (as before several were
          // possible); several: inside each scenario's result.
          if (scenarios > 1) out.pop_back();
          out += ",\"diff\":{";
          AppendJsonString(meta.outputs[meta.amount], &out);
          out += ":\"";
          AppendDiff(diff, &out);
          out += "\"}";
          if (scenarios > 1) out += '}';
        }
      }
    }
    if (config_.out == ResultFormat::kCsv) {
      out += '\n';
    } else if (config_.out == ResultFormat::kJsonl) {
      if (scenarios > 1) out += '}';
      if (scenarios > 0) out += '}';
      out += '\n';
    }
  }
}

// id,program,status,eligible,<values>,reasons; without the id and programme
// for the reform's half of a row.
void Worker::AppendCsvRow(const BatchEvaluator& eval, const Model& model, int row, int p,
                          bool with_id, std::string* out) {
  const ProgramMeta& meta = model.programs[p];
  const Verdict verdict = eval.verdict(row, p);
  if (with_id) {
    AppendCsvField(eval.id(row), out);
    *out += ',';
    *out += meta.id;
    *out += ',';
  }
  *out += VerdictName(verdict);
  *out += verdict == Verdict::kEligible ? ",true" : ",false";
  for (int o : meta.columns) {
    *out += ',';
    if (o >= 0) eval.AppendValue(row, p, o, out);
  }
  *out += ',';
  if (verdict == Verdict::kIneligible) {
    bool first = true;
    const std::vector<std::string>& ids = eval.conditions(p);
    for (size_t c = 0; c < ids.size(); ++c) {
      if (!eval.failed(row, p, static_cast<int>(c))) continue;
      if (!first) *out += ';';
      *out += ids[c];
      first = false;
    }
  }
}

absl::Status Worker::Schedules(const BatchEvaluator& eval, const Model& model, int row,
                               std::vector<std::string>* payments, std::vector<int64_t>* costs) {
  payments->resize(model.programs.size());
  costs->assign(model.programs.size(), 0);
  for (size_t pi = 0; pi < model.programs.size(); ++pi) {
    std::string& out = (*payments)[pi];
    out.clear();
    const int p = static_cast<int>(pi);
    if (eval.verdict(row, p) != Verdict::kEligible) continue;
    if (!model.programs[pi].has_payments) {
      // No schedule: the claim's value is its main amount.
      (*costs)[pi] = AmountOrZero(eval, model.programs[pi], row, p);
      continue;
    }
    if (absl::Status s = eval.payments(row, p, &months_); !s.ok()) return s;
    int64_t net = 0;
    for (const BatchEvaluator::PaymentMonth& m : months_) net += m.net.raw();
    (*costs)[pi] = net;
    if (config_.out != ResultFormat::kJsonl) continue;
    for (const BatchEvaluator::PaymentMonth& m : months_) {
      // As ResultToJson writes Result::payments (all plain ASCII: no escaping).
      if (!out.empty()) out += ',';
      out += "{\"month\":\"";
      AppendMonthOf(m.from, &out);
      out += "\",\"from\":\"";
      AppendDate(m.from, &out);
      out += "\",\"days\":";
      absl::StrAppend(&out, m.days);
      out += ",\"gross\":\"";
      AppendMoney(m.gross, &out);
      out += "\",\"stamp_tax\":\"";
      AppendMoney(m.stamp_tax, &out);
      out += "\",\"net\":\"";
      AppendMoney(m.net, &out);
      out += "\"}";
    }
  }
  return absl::OkStatus();
}

// CONTRACT §4 without explanation, as ResultToJson writes it.
void Worker::AppendJsonResult(const BatchEvaluator& eval, const Model& model, int row, int p,
                              absl::string_view payments, std::string* out) {
  const ProgramMeta& meta = model.programs[p];
  const Verdict verdict = eval.verdict(row, p);
  *out += "{\"id\":";
  AppendJsonString(eval.id(row), out);
  *out += ",\"program\":\"";
  *out += meta.id;
  *out += "\",\"status\":\"";
  *out += VerdictName(verdict);
  *out += verdict == Verdict::kEligible ? "\",\"eligible\":true" : "\",\"eligible\":false";
  *out += ",\"reasons\":[";
  if (verdict == Verdict::kIneligible) {
    bool first = true;
    const std::vector<std::string>& ids = eval.conditions(p);
    for (size_t c = 0; c < ids.size(); ++c) {
      if (!eval.failed(row, p, static_cast<int>(c))) continue;
      if (!first) *out += ',';
      first = false;
      *out += "{\"rule\":";
      AppendJsonString(ids[c], out);
      *out += meta.reason_tails[c];
    }
  }
  *out += "],\"missing\":[";
  if (verdict != Verdict::kIneligible) {
    // Every row of a programme the claim gives no inputs for (history claims
    // are undetermined for two programmes in three): not the full Result.
    eval.missing(row, p, &missing_);
    bool first = true;
    for (absl::string_view m : missing_) {
      if (!first) *out += ',';
      first = false;
      AppendJsonString(m, out);
    }
  }
  *out += "],\"rules_hash\":";
  *out += model.hash_json;
  *out += ",\"values\":{";
  if (verdict == Verdict::kEligible) {
    bool first = true;
    for (size_t o = 0; o < meta.outputs.size(); ++o) {
      const size_t mark = out->size();
      if (!first) *out += ',';
      *out += meta.output_keys[o];
      const size_t value_at = out->size();
      bool quoted = false;
      eval.AppendValue(row, p, static_cast<int>(o), out, &quoted);
      if (out->size() == value_at) {  // unknown: left out, as in Result::values
        out->resize(mark);
        continue;
      }
      if (quoted) {
        out->insert(value_at, 1, '"');
        *out += '"';
      }
      first = false;
    }
  }
  *out += "},\"payments\":[";
  out->append(payments.data(), payments.size());
  *out += "]";
  // As ResultToJson: "warnings" only when there is one.
  if (const std::string warning = eval.warning(row, p); !warning.empty()) {
    *out += ",\"warnings\":[";
    AppendJsonString(warning, out);
    *out += "]";
  }
  *out += "}";
}

}  // namespace odenek::internal
