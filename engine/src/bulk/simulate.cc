// Simulate (odenek/simulate.h): a claim file evaluated in bulk.
//
// A streaming pipeline, so memory stays flat however large the file:
//
//   reader thread ──chunks of ≤1024 records──▶ N workers ──▶ writer (this thread)
//   (RecordReader)                             (BatchEvaluator    (reorders by chunk
//                                               each, formats      number, writes,
//                                               output text)       folds the summary)
//
// A fixed pool of chunks circulates: the reader waits for a free one, so at
// most 2N+2 chunks (and their text) exist at once. Workers finish out of order;
// the writer emits chunk k only after chunk k-1, so the output is byte-identical
// for any --threads.
//
// Every record ends up in exactly one place: its rows in --out, or one line in
// --errors (a record that cannot be read, parsed or filled, or whose
// evaluation hit a runtime error in some programme). The summary counts both:
// read = evaluated + rejected.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "api/rule_set_access.h"
#include "api/engine.h"
#include "bulk/chunk.h"
#include "bulk/held_back.h"
#include "bulk/id_registry.h"
#include "bulk/jsonl_reader.h"
#include "bulk/tally.h"
#include "io/record_reader.h"
#include "io/text_writer.h"
#include "nlohmann/json.hpp"
#include "odenek/batch.h"
#include "odenek/claim.h"
#include "odenek/rule_set.h"
#include "odenek/simulate.h"
#include "odenek/summary.h"
#include "util/status_macros.h"

namespace odenek::internal {
namespace {

// ---------------------------------------------------------------------------
// What the workers need to know about each programme, for one rule set.

struct ProgramMeta {
  std::string id;
  std::vector<std::string> outputs;
  std::vector<std::string> output_keys;  // each output's JSON key with its colon
  int amount = -1;  // the main amount output, or -1
  // The programme has a payment schedule (CONTRACT §4 `payments`), read from
  // the full result on the JSONL path.
  bool has_payments = false;
  int days = -1;  // the duration output, or -1
  // Outputs in TL (ProgramSummary::money_outputs), by output index, and
  // their descriptions.
  std::vector<int> money;
  std::vector<std::string> money_descriptions;
  // Condition id → its reason object's tail, pre-rendered as JSON:
  // ,"message":"…","reference":"…"}
  absl::flat_hash_map<std::string, std::string> reason_json;
  // The same per condition index of the evaluator (BatchEvaluator::conditions).
  std::vector<std::string> reason_tails;
  // The same conditions' ids and articles, index for index (the summary's
  // "ineligible by condition").
  std::vector<std::string> condition_ids;
  std::vector<std::string> condition_references;
  // CSV: for each column of the output's value columns, this programme's
  // output index or -1.
  std::vector<int> columns;
  // A scenario's model only: the rules a changed claim can be attributed to
  // — conditions (the baseline's order, then the scenario's new ones), the
  // baseline's outputs, then "(other)" — and, per baseline output, the
  // scenario's index for it.
  std::vector<std::string> attribution_rules;
  std::vector<std::string> attribution_kinds;
  int first_output_rule = 0;  // index in attribution_rules of outputs[0]
  std::vector<int> reform_output;
};

struct Model {
  std::string hash;
  std::string hash_json;  // the hash as a JSON string
  std::vector<ProgramMeta> programs;
};

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

// ---------------------------------------------------------------------------
// The reader thread.

struct ReaderState {
  RecordReader* reader;
  Queues* queues;
  int64_t number_offset = 0;  // subtracted from record numbers (CSV header)
  // Records already read (JSONL: looking for one to choose programmes by);
  // their text is in `peeked_text`.
  std::vector<RawRecord> peeked;
  std::vector<std::string> peeked_text;
  const std::atomic<bool>* cancel = nullptr;  // SimulateOptions::cancel
  int chunk_records = kChunkRecords;           // the evaluators' capacity
  std::atomic<bool> stop{false};              // the writer gave up (a sink failed)
  bool cancelled = false;                     // reading stopped at `cancel`
};

void ReadChunks(ReaderState* state) {
  int64_t seq = 0;
  Chunk* chunk = nullptr;
  int64_t large_tickets = 0;
  auto push = [&] {
    chunk->bytes_read = state->reader->bytes_read();
    chunk->large_ticket =
        chunk->largest_record > kLargeRecordBytes ? large_tickets++ : int64_t{-1};
    state->queues->PushWork(chunk);
    chunk = nullptr;
  };
  auto add = [&](const RawRecord& r) {
    if (chunk == nullptr) {
      chunk = state->queues->TakeFree();
      chunk->seq = seq++;
      chunk->text.clear();
      chunk->records.clear();
      chunk->largest_record = 0;
    }
    chunk->largest_record = std::max(chunk->largest_record, r.text.size());
    ChunkRecord rec;
    rec.offset = chunk->text.size();
    rec.size = r.text.size();
    rec.number = r.number - state->number_offset;
    rec.line = r.line;
    rec.error.assign(r.error.data(), r.error.size());
    chunk->text.append(r.text.data(), r.text.size());
    chunk->records.push_back(std::move(rec));
    if (chunk->records.size() == static_cast<size_t>(state->chunk_records) ||
        chunk->text.size() >= kChunkBytes) {
      push();
    }
  };
  for (size_t i = 0; i < state->peeked.size(); ++i) {
    RawRecord r = state->peeked[i];
    r.text = state->peeked_text[i];
    add(r);
  }
  RawRecord r;
  for (;;) {
    // Checked between records: a chunk already cut still goes through, so
    // every record read is accounted for.
    if (state->stop.load(std::memory_order_relaxed)) break;
    if (state->cancel != nullptr && state->cancel->load(std::memory_order_relaxed)) {
      state->cancelled = true;
      break;
    }
    if (!state->reader->Next(&r)) break;
    add(r);
  }
  if (chunk != nullptr) push();
  state->queues->FinishInput(seq);
}

// ---------------------------------------------------------------------------
// Workers: fill, evaluate, format.

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

struct Config {
  RecordFormat format = RecordFormat::kCsv;
  ResultFormat out = ResultFormat::kNone;
  bool want_results = false;  // build ClaimOutcomes
  bool want_errors = false;   // build RecordErrors
  std::string input_label;  // for claim parse errors
  int id_column = -1;       // CSV
  bool has_reform = false;  // at least one scenario
  // Per scenario: its name (the errors' "scenario"), how its refusals are
  // told apart ("reform" or "scenario NAME"), and its CSV columns' prefixes
  // ("reform_" and "diff_" for one, "NAME_" and "NAME_diff_" for several).
  std::vector<std::string> scenario_names;
  std::vector<std::string> scenario_labels;
  std::vector<std::string> column_prefixes;
  std::vector<std::string> diff_prefixes;
  // JSONL lines always go through a Claim tree (JsonClaimParser), never
  // straight into the columns (JsonRowReader): set by the environment
  // variable ODENEK_SIMULATE_JSONL_TREE=1 so simulate_test can prove both
  // ways give the same bytes.
  bool jsonl_tree = false;
  int value_columns = 0;                // CSV: the union of the programmes' outputs
  std::vector<std::string> diff_names;  // CSV: one diff column per main amount name
  Model base;
  std::vector<Model> scenarios;
};

class Worker {
 public:
  Worker(const Config& config, IdRegistry* ids, LargeChunkGate* large_chunks,
         BatchEvaluator base, std::vector<BatchEvaluator> scenarios)
      : config_(config),
        ids_(ids),
        large_chunks_(large_chunks),
        base_(std::move(base)),
        scenarios_(std::move(scenarios)),
        rows_json_(&base_) {
    // A scenario that keeps the claim schema reads the baseline's rows: each
    // record is parsed once (issue #6: a reform run within 1.3x of a plain one).
    all_shared_ = true;
    for (const BatchEvaluator& s : scenarios_) {
      shared_rows_.push_back(s.SharesSchemaWith(base_));
      all_shared_ = all_shared_ && shared_rows_.back();
    }
    scenario_payments_.resize(scenarios_.size());
    scenario_cost_.resize(scenarios_.size());
    scenario_error_.resize(scenarios_.size());
  }

  void Process(Chunk* chunk);

 private:
  enum class RowState { kOk, kRejected, kDeferred /* held back by the id check */ };
  struct Row {
    int record;    // index into chunk->records
    int base_row;  // row in base_
    RowState state;
    size_t scenario_at;  // its rows in scenarios_: scenario_rows_[scenario_at + s]
  };
  struct PendingError {
    int record;
    std::string id;
    std::string message;
    int scenario = -1;  // the scenario that failed (its baseline result is in the output)
  };

  int ScenarioRow(const Row& row, size_t s) const { return scenario_rows_[row.scenario_at + s]; }
  void Fill(const Chunk& chunk);
  // Rejects rows whose id an earlier record had; holds back (kDeferred,
  // chunk->deferred) those the id check settles only at the end.
  void RejectDuplicates(Chunk* chunk);
  // Adds a claim to the baseline and each scenario (its row in
  // (*rows)[s]); the base row stays in when only a scenario refuses it.
  absl::Status AddClaim(const Claim& claim, std::vector<int>* rows);
  // A scenario whose runtime error for this record is in scenario_error_
  // ("" when none) says "error" on its side of the row.
  void Write(Chunk* chunk, const Row& row);
  // The row's full Results, for SimulateOptions::on_result.
  absl::Status AddOutcome(Chunk* chunk, const Row& row);
  void AppendCsvRow(const BatchEvaluator& eval, const Model& model, int row, int p, bool with_id,
                    std::string* out);
  void AppendJsonResult(const BatchEvaluator& eval, const Model& model, int row, int p,
                        absl::string_view payments, std::string* out);
  // Each programme's payment schedule for the row: rendered as JSON into
  // (*payments)[p] (the inside of the array; JSONL output only) and its net
  // total, the claim's entitlement cost, into (*costs)[p] (the main amount
  // for a programme without a schedule; 0 unless eligible). Only eligible
  // rows of programmes with a schedule pay for it. Its error (a schedule too
  // short for the days to pay) rejects the record.
  absl::Status Schedules(const BatchEvaluator& eval, const Model& model, int row,
                         std::vector<std::string>* payments, std::vector<int64_t>* costs);
  void Tally(const BatchEvaluator& eval, const ProgramMeta& meta, int row, int p, int64_t cost,
             ProgramTally* tally);
  // `before`, `after`: the claim's value (Schedules' cost) in the baseline
  // and in scenario `s`.
  int Attribute(size_t s, const Row& row, int p, int64_t before, int64_t after) const;

  const Config& config_;
  IdRegistry* ids_;
  LargeChunkGate* large_chunks_;
  BatchEvaluator base_;
  std::vector<BatchEvaluator> scenarios_;
  std::vector<bool> shared_rows_;  // per scenario
  bool all_shared_ = true;
  std::vector<Row> rows_;
  std::vector<int> scenario_rows_;
  std::vector<int> fill_rows_;  // one record's rows in the scenarios
  std::vector<PendingError> pending_;
  std::vector<absl::string_view> fields_;
  std::string scratch_;
  JsonClaimParser json_;
  JsonRowReader rows_json_;  // fills base_ (declared after it)
  std::vector<absl::string_view> ids_seen_;  // this chunk's ids, for the registry
  std::vector<IdVerdict> id_verdicts_;
  std::vector<std::string> base_payments_;
  std::vector<BatchEvaluator::PaymentMonth> months_;
  std::vector<absl::string_view> missing_;
  std::vector<int64_t> base_cost_;
  // The current row's, per scenario.
  std::vector<std::vector<std::string>> scenario_payments_;
  std::vector<std::vector<int64_t>> scenario_cost_;
  std::vector<std::string> scenario_error_;
};

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

// ---------------------------------------------------------------------------
// The run.

// Top-level keys of a JSON object, and dotted paths into nested objects: the
// claim keys that select programmes, as RuleSet::Evaluate selects them.
void CollectKeys(const nlohmann::json& j, const std::string& prefix,
                 std::vector<std::string>* keys) {
  if (!j.is_object()) return;
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string name = prefix.empty() ? it.key() : prefix + "." + it.key();
    CollectKeys(it.value(), name, keys);
    keys->push_back(std::move(name));
  }
}

// The earliest date on which `reform` reads a parameter value that `base`
// does not (a changed or added value), or nullopt when the reform changes no
// parameter (it redefines rules, or nothing).
std::optional<Date> FirstParameterChange(const RuleSet& base, const RuleSet& reform) {
  absl::flat_hash_map<std::string, const ParameterInfo*> before;
  const std::vector<ParameterInfo> base_params = base.parameters();
  for (const ParameterInfo& p : base_params) before[p.name] = &p;
  // A parameter's value on `day`: the last entry starting on or before it.
  const auto value_on = [](const ParameterInfo* p, const std::string& day) -> const std::string* {
    const std::string* value = nullptr;
    for (const ParameterValueInfo& v : p->values) {
      if (v.from <= day) value = &v.value;  // YYYY-MM-DD compares as text
    }
    return value;
  };
  std::optional<std::string> first;
  for (const ParameterInfo& p : reform.parameters()) {
    const auto found = before.find(p.name);
    for (const ParameterValueInfo& v : p.values) {
      if (first && v.from >= *first) continue;
      const std::string* old_value =
          found == before.end() ? nullptr : value_on(found->second, v.from);
      if (old_value == nullptr || *old_value != v.value) first = v.from;
    }
  }
  if (!first) return std::nullopt;
  absl::StatusOr<Date> date = Date::Parse(*first);
  if (!date.ok()) return std::nullopt;
  return *date;
}

// A reform that changed no claim's verdict or paid amount, with what tells
// why: most often the reform's values start after every date the claims
// give (docs/simulate.md, "Warnings").
// `k`: the scenario's index in the summary.
std::optional<UnchangedReform> FindUnchangedReform(const RuleSet& base, const RuleSet& reform,
                                                   const std::string& name,
                                                   const SimulateSummary& summary, size_t k,
                                                   std::optional<Date> latest,
                                                   std::optional<Date> as_of) {
  if (summary.evaluated == 0 || summary.scenarios[k].errors > 0) return std::nullopt;
  for (const ProgramSummary& p : summary.programs) {
    const ComparisonTally& c = p.scenarios[k].comparison;
    if (c.gainers + c.losers + c.newly_eligible + c.newly_ineligible > 0) return std::nullopt;
  }
  UnchangedReform u;
  u.reform = name;
  if (const std::optional<Date> first = FirstParameterChange(base, reform)) {
    u.first_change = first->ToString();
  }
  const std::optional<Date> read_on = as_of ? as_of : latest;
  if (read_on) u.latest_date = read_on->ToString();
  u.as_of = as_of.has_value();
  return u;
}

// Programmes with at least one input among `keys`, in rule-set order.
std::vector<std::string> ProgramsReading(const RuleSet& rules,
                                         const std::vector<std::string>& keys) {
  std::vector<std::string> out;
  for (const ProgramInfo& info : rules.programs()) {
    for (const InputInfo& in : info.inputs) {
      if (std::find(keys.begin(), keys.end(), in.name) != keys.end()) {
        out.push_back(info.id);
        break;
      }
    }
  }
  return out;
}

// The CSV output's header, and each programme's value columns in it: the
// union of the programmes' outputs, in order of first appearance; a
// programme leaves the others' columns empty.
std::string CsvHeader(Config* config) {
  std::vector<Model*> models = {&config->base};
  for (Model& m : config->scenarios) models.push_back(&m);
  std::vector<std::string> names;
  for (const Model* model : models) {
    for (const ProgramMeta& m : model->programs) {
      for (const std::string& o : m.outputs) {
        if (std::find(names.begin(), names.end(), o) == names.end()) names.push_back(o);
      }
    }
  }
  for (Model* model : models) {
    for (ProgramMeta& m : model->programs) {
      for (const std::string& n : names) {
        auto it = std::find(m.outputs.begin(), m.outputs.end(), n);
        m.columns.push_back(it == m.outputs.end() ? -1
                                                  : static_cast<int>(it - m.outputs.begin()));
      }
    }
  }
  for (const ProgramMeta& m : config->base.programs) {
    if (m.amount < 0) continue;
    const std::string& n = m.outputs[m.amount];
    if (std::find(config->diff_names.begin(), config->diff_names.end(), n) ==
        config->diff_names.end()) {
      config->diff_names.push_back(n);
    }
  }
  std::string header = "id,program,status,eligible";
  for (const std::string& n : names) absl::StrAppend(&header, ",", n);
  header += ",reasons";
  for (size_t s = 0; s < config->scenarios.size(); ++s) {
    const std::string& prefix = config->column_prefixes[s];
    absl::StrAppend(&header, ",", prefix, "status,", prefix, "eligible");
    for (const std::string& n : names) absl::StrAppend(&header, ",", prefix, n);
    absl::StrAppend(&header, ",", prefix, "reasons");
    for (const std::string& n : config->diff_names) {
      absl::StrAppend(&header, ",", config->diff_prefixes[s], n);
    }
  }
  header += '\n';
  return header;
}

absl::Status HeaderError(const std::string& label, int64_t line, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(label, ":", line, ": header: ", message));
}

// Reads the CSV header, checks its columns and (unless given) chooses the
// programmes that read them.
absl::Status ReadCsvHeader(const RuleSet& rules, const RawRecord& first, const std::string& label,
                           bool allow_unknown, Config* config, std::vector<std::string>* columns,
                           BatchOptions* batch_options) {
  if (!first.error.empty()) return HeaderError(label, first.line, first.error);
  std::vector<absl::string_view> fields;
  std::string scratch;
  if (absl::Status s = SplitCsvRecord(first.text, &fields, &scratch); !s.ok()) {
    return HeaderError(label, first.line, s.message());
  }
  for (absl::string_view f : fields) columns->emplace_back(f);
  auto id = std::find(columns->begin(), columns->end(), "id");
  config->id_column = static_cast<int>(id - columns->begin());
  // A bad column (a typo) says more than "no programme reads these".
  absl::StatusOr<BatchEvaluator> probe =
      BatchEvaluator::Create(rules, {.programs = {}, .allow_unknown = allow_unknown});
  if (absl::Status s = probe.ok() ? probe->SetColumns(*columns) : probe.status(); !s.ok()) {
    return HeaderError(label, first.line, s.message());
  }
  if (batch_options->programs.empty()) {
    batch_options->programs = ProgramsReading(rules, *columns);
    if (batch_options->programs.empty()) {
      return HeaderError(label, first.line, "no programme reads any of its columns");
    }
  }
  return absl::OkStatus();
}

// Programmes for a JSONL file: those reading a key of the first record that
// is a JSON object (looking a little way past bad ones), else every one.
// Records read while looking are kept for the run.
void PeekJsonl(const RuleSet& rules, RawRecord first, RecordReader* reader, ReaderState* state,
               BatchOptions* batch_options) {
  const bool choose = batch_options->programs.empty();
  for (int peeked = 0;; ++peeked) {
    state->peeked.push_back(first);
    state->peeked_text.emplace_back(first.text);
    if (choose && first.error.empty()) {
      nlohmann::json j = nlohmann::json::parse(first.text, nullptr, /*allow_exceptions=*/false);
      if (j.is_object()) {
        // The programme the record applies for (CONTRACT §3b), when it names
        // one of the rule set's; else those its keys are inputs of.
        const nlohmann::json* named = nullptr;
        if (auto b = j.find("basvuru"); b != j.end() && b->is_object()) {
          if (auto p = b->find("program"); p != b->end() && p->is_string()) named = &*p;
        }
        if (auto p = j.find("basvuru.program"); p != j.end() && p->is_string()) named = &*p;
        if (named != nullptr) {
          for (const ProgramInfo& info : rules.programs()) {
            if (info.id == named->get<std::string>()) {
              batch_options->programs = {info.id};
              return;
            }
          }
        }
        std::vector<std::string> keys;
        CollectKeys(j, "", &keys);
        batch_options->programs = ProgramsReading(rules, keys);
        return;
      }
    }
    if (!choose || peeked + 1 == kChunkRecords) return;
    if (!reader->Next(&first)) return;
  }
}

}  // namespace
}  // namespace odenek::internal

namespace odenek {

// A scenario's name where a run has several: it prefixes CSV columns and
// keys JSON objects.
absl::Status CheckScenarioNames(const std::vector<Scenario>& scenarios) {
  if (scenarios.size() < 2) return absl::OkStatus();
  for (size_t k = 0; k < scenarios.size(); ++k) {
    const std::string& name = scenarios[k].name;
    const bool valid =
        !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
          return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
        });
    if (!valid) {
      return absl::InvalidArgumentError(absl::StrCat(
          "scenario name \"", name,
          "\": expected letters, digits, '_' or '-' (it prefixes the scenario's CSV columns)"));
    }
    if (name == "baseline") {
      return absl::InvalidArgumentError(
          "scenario name \"baseline\": the baseline is the rules without a reform; name the "
          "scenario otherwise");
    }
    for (size_t m = 0; m < k; ++m) {
      if (scenarios[m].name == name) {
        return absl::InvalidArgumentError(
            absl::StrCat("scenario name \"", name, "\" is given twice: names are unique"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<SimulateReport> Simulate(const RuleSet& rules, ClaimSource& source,
                                        TextSink* results, TextSink* errors,
                                        const SimulateOptions& options) {
  using namespace internal;  // NOLINT: the pipeline above
  ODENEK_RETURN_IF_ERROR(CheckScenarioNames(options.scenarios));
  const size_t scenarios = options.scenarios.size();
  const bool has_reform = scenarios > 0;
  int threads = options.threads;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::min(threads, 256);

  const auto start = std::chrono::steady_clock::now();
  const std::string& label = source.name();
  RecordReader reader(&source, {.format = options.format});
  ReaderState reader_state;
  reader_state.reader = &reader;
  reader_state.cancel = options.cancel;

  Config config;
  config.format = options.format;
  config.out = options.results;
  config.input_label = label;
  config.has_reform = has_reform;
  for (const Scenario& sc : options.scenarios) {
    config.scenario_names.push_back(sc.name);
    config.scenario_labels.push_back(scenarios == 1 ? "reform"
                                                    : absl::StrCat("scenario ", sc.name));
    config.column_prefixes.push_back(scenarios == 1 ? "reform_" : absl::StrCat(sc.name, "_"));
    config.diff_prefixes.push_back(scenarios == 1 ? "diff_" : absl::StrCat(sc.name, "_diff_"));
  }
  config.want_results = static_cast<bool>(options.on_result);
  config.want_errors = static_cast<bool>(options.on_error);
  // A test hook: ODENEK_SIMULATE_JSONL_TREE=1 reads every JSONL line through
  // a Claim tree, so simulate_test can prove both ways give the same bytes.
  if (const char* tree = std::getenv("ODENEK_SIMULATE_JSONL_TREE"); tree != nullptr) {
    config.jsonl_tree = std::string_view(tree) == "1";
  }
  BatchOptions batch_options;
  batch_options.programs = options.programs;
  batch_options.allow_unknown = options.allow_unknown;
  batch_options.as_of = options.as_of;  // baseline and the scenario alike
  // Schedules give each claim's cost (and JSONL's payments); an executor
  // computes them only for plans that have one.
  batch_options.payments = true;
  batch_options.capacity =
      std::clamp(kClaimsInEvaluators / (threads * (1 + static_cast<int>(scenarios))),
                 kFewestChunkRecords, kChunkRecords);
  reader_state.chunk_records = batch_options.capacity;

  SimulateReport report;
  SimulateSummary& summary = report.summary;
  summary.input = label;
  summary.has_reform = has_reform;
  if (has_reform) summary.reforms.push_back(options.scenarios[0].name);
  for (const Scenario& sc : options.scenarios) {
    ScenarioSummary& ss = summary.scenarios.emplace_back();
    ss.name = sc.name;
    for (const ReformInfo& r : sc.rules.reforms()) {
      ss.files.push_back(r.file);
      ss.titles.push_back(!r.title.empty() ? r.title
                                           : std::filesystem::path(r.file).filename().string());
    }
  }
  if (has_reform) summary.reform_titles = summary.scenarios[0].titles;
  summary.threads = threads;

  std::vector<std::string> columns;
  RawRecord first;
  if (!reader.Next(&first)) {
    if (!reader.status().ok()) return reader.status();
    summary.lines = reader.lines_read();
    summary.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;  // empty: no records
  }
  if (options.format == RecordFormat::kCsv) {
    ODENEK_RETURN_IF_ERROR(ReadCsvHeader(rules, first, label, options.allow_unknown, &config,
                                         &columns, &batch_options));
    reader_state.number_offset = 1;  // record numbers count data records
  } else {
    PeekJsonl(rules, first, &reader, &reader_state, &batch_options);
  }

  // Evaluators: one per worker for the baseline and one for each scenario.
  std::vector<BatchEvaluator> base_evals;
  std::vector<std::vector<BatchEvaluator>> scenario_evals(threads);  // [thread][scenario]
  for (int i = 0; i < threads; ++i) {
    for (size_t which = 0; which <= scenarios; ++which) {
      absl::StatusOr<BatchEvaluator> eval = BatchEvaluator::Create(
          which == 0 ? rules : options.scenarios[which - 1].rules, batch_options);
      if (!eval.ok()) return eval.status();
      if (options.format == RecordFormat::kCsv) {
        if (absl::Status s = eval->SetColumns(columns); !s.ok()) {
          return HeaderError(label, first.line, s.message());
        }
        if (i == 0 && which == 0) report.ignored_columns = eval->ignored_columns();
      }
      if (which == 0) {
        base_evals.push_back(*std::move(eval));
      } else {
        scenario_evals[i].push_back(*std::move(eval));
      }
    }
  }
  config.base = MakeModel(rules, base_evals[0]);
  for (size_t k = 0; k < scenarios; ++k) {
    const RuleSet& scenario_rules = options.scenarios[k].rules;
    config.scenarios.push_back(MakeModel(scenario_rules, scenario_evals[0][k]));
    AddAttributionRules(rules, scenario_rules, config.base, &config.scenarios.back());
  }
  absl::Status sink_status;
  auto write = [&sink_status](TextSink* sink, const std::string& text) {
    if (sink != nullptr && !text.empty() && sink_status.ok()) sink_status = sink->Write(text);
  };
  if (options.results == ResultFormat::kCsv) write(results, CsvHeader(&config));

  // Titles and words from the rules (a scenario's where it changed them).
  std::vector<ProgramInfo> infos = rules.programs();
  for (const Scenario& sc : options.scenarios) {
    for (ProgramInfo& info : sc.rules.programs()) infos.push_back(std::move(info));
  }
  for (size_t pi = 0; pi < config.base.programs.size(); ++pi) {
    const ProgramMeta& m = config.base.programs[pi];
    ProgramSummary p;
    p.id = m.id;
    for (const ProgramInfo& info : infos) {
      if (info.id != m.id) continue;
      p.title = info.title;
      for (const ConditionInfo& c : info.conditions) p.condition_messages[c.id] = c.message;
      for (const InputInfo& in : info.inputs) p.input_descriptions[in.name] = in.description;
    }
    if (m.amount >= 0) p.amount_name = m.outputs[m.amount];
    if (m.days >= 0) p.days_name = m.outputs[m.days];
    p.has_schedule = m.has_payments;
    for (size_t k = 0; k < m.money.size(); ++k) {
      p.money_outputs.push_back(m.outputs[m.money[k]]);
      p.money_output_descriptions.push_back(m.money_descriptions[k]);
    }
    for (size_t c = 0; c < m.condition_ids.size(); ++c) {
      p.condition_references[m.condition_ids[c]] = m.condition_references[c];
    }
    for (const Model& model : config.scenarios) {
      const ProgramMeta& r = model.programs[pi];
      for (size_t c = 0; c < r.condition_ids.size(); ++c) {
        p.condition_references.emplace(r.condition_ids[c], r.condition_references[c]);
      }
      ScenarioProgram& sp = p.scenarios.emplace_back();
      sp.attribution_rules = r.attribution_rules;
      sp.attribution_kinds = r.attribution_kinds;
      sp.attribution.resize(r.attribution_rules.size());
    }
    summary.programs.push_back(std::move(p));
  }

  Queues queues(2 * threads + 2);
  // The callbacks need every record in input order as it is read, so they
  // keep the id set in memory (SimulateOptions::id_memory_bytes).
  const bool may_spill = !options.on_result && !options.on_error;
  IdRegistry ids(source.size(), may_spill ? options.id_memory_bytes : 0, TempDir(options));
  std::optional<Date> latest_date;  // over every chunk, for the reform warning
  LargeChunkGate large_chunks;
  reader_state.queues = &queues;
  std::thread reader_thread(ReadChunks, &reader_state);
  std::vector<std::thread> workers;
  std::vector<std::unique_ptr<Worker>> worker_state;
  for (int i = 0; i < threads; ++i) {
    worker_state.push_back(std::make_unique<Worker>(
        config, &ids, &large_chunks, std::move(base_evals[i]), std::move(scenario_evals[i])));
    workers.emplace_back([&queues, w = worker_state.back().get()] {
      while (Chunk* c = queues.TakeWork()) {
        w->Process(c);
        queues.PushDone(c);
      }
    });
  }

  // Adds a chunk's counts and tallies to the summary (`read` aside: a
  // held-back record is read once but evaluated at the end).
  auto fold = [&](const Chunk* c) {
    summary.evaluated += c->evaluated;
    summary.rejected += c->rejected;
    summary.reform_errors += c->reform_errors;
    for (size_t s = 0; s < c->scenario_errors.size(); ++s) {
      summary.scenarios[s].errors += c->scenario_errors[s];
    }
    for (size_t p = 0; p < summary.programs.size(); ++p) {
      ProgramSummary& ps = summary.programs[p];
      c->base[p].FoldInto(config.base.programs[p].condition_ids, &ps.base);
      for (size_t s = 0; s < c->scenarios.size(); ++s) {
        ScenarioProgram& sp = ps.scenarios[s];
        c->scenarios[s][p].FoldInto(config.scenarios[s].programs[p].condition_ids, &sp.stats);
        sp.comparison.Add(c->comparison[s][p]);
        for (size_t k = 0; k < c->attribution[s][p].size(); ++k) {
          sp.attribution[k].claims += c->attribution[s][p][k].claims;
          sp.attribution[k].difference += c->attribution[s][p][k].difference;
        }
      }
    }
  };
  // From the first chunk with a held-back record on, the text goes to
  // temporary files, and the held-back records are put back in their
  // places at the end (HeldBack).
  std::unique_ptr<HeldBack> held_back;

  for (int64_t seq = 0;; ++seq) {
    Chunk* c = queues.TakeDone(seq);
    if (c == nullptr) break;
    if (held_back == nullptr && !c->deferred.empty() && sink_status.ok()) {
      absl::StatusOr<std::unique_ptr<HeldBack>> h = HeldBack::Create(TempDir(options));
      if (h.ok()) held_back = *std::move(h);
      else sink_status = h.status();
    }
    if (!ids.status().ok() && sink_status.ok()) sink_status = ids.status();
    if (held_back != nullptr) {
      if (sink_status.ok()) sink_status = held_back->Add(*c);
    } else {
      write(results, c->out);
      write(errors, c->errors);
    }
    if (sink_status.ok()) {
      // Both lists are in record order: merge them, so callbacks come in
      // input order (a record with a scenario error comes as both).
      size_t e = 0, o = 0;
      const std::vector<RecordError>& el = c->error_list;
      const std::vector<ClaimOutcome>& ol = c->outcomes;
      while (e < el.size() || o < ol.size()) {
        if (o == ol.size() || (e < el.size() && el[e].record <= ol[o].record)) {
          if (options.on_error) options.on_error(el[e]);
          ++e;
        } else {
          if (options.on_result) options.on_result(ol[o]);
          ++o;
        }
      }
    } else {
      reader_state.stop.store(true);  // a sink failed: no use reading on
    }
    summary.read += static_cast<int64_t>(c->records.size());
    fold(c);
    if (c->latest_date && (!latest_date || *latest_date < *c->latest_date)) {
      latest_date = c->latest_date;
    }
    if (options.on_progress) {
      options.on_progress({.records = summary.read,
                           .bytes = c->bytes_read,
                           .total_bytes = source.size()});
    }
    queues.Release(c);
  }
  reader_thread.join();
  for (std::thread& t : workers) t.join();
  if (held_back != nullptr && sink_status.ok() && reader.status().ok() &&
      !reader_state.cancelled) {
    // The workers have stopped: one of them evaluates the held-back records.
    sink_status = ids.StartReplay();
    if (sink_status.ok()) {
      Worker* worker = worker_state[0].get();
      sink_status = held_back->Replay([worker](Chunk* c) { worker->Process(c); },
                                      reader_state.chunk_records, results, errors, fold);
    }
  }
  if (IdSpill* spill = ids.spill(); spill != nullptr) {
    summary.ids_on_disk = true;
    summary.held_back = spill->deferred();
    summary.id_bytes_on_disk = spill->SpilledBytes();
  }
  summary.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  summary.lines = reader.lines_read();

  if (!sink_status.ok()) return sink_status;
  if (!reader.status().ok()) {
    return absl::Status(reader.status().code(),
                        absl::StrCat(label, ": ", reader.status().message(), " after record ",
                                     summary.read));
  }
  if (reader_state.cancelled) {
    return absl::CancelledError(
        absl::StrCat("cancelled after ", summary.read, " records of ", label));
  }
  for (size_t k = 0; k < scenarios; ++k) {
    ScenarioSummary& sc = summary.scenarios[k];
    sc.unchanged = FindUnchangedReform(rules, options.scenarios[k].rules, sc.name, summary, k,
                                       latest_date, options.as_of);
    if (!sc.unchanged) continue;
    summary.warnings.push_back(UnchangedReformText(*sc.unchanged, TextLanguage::kEnglish));
    if (!summary.unchanged_reform) summary.unchanged_reform = sc.unchanged;
  }
  // The single-scenario fields: the first scenario's.
  if (has_reform) {
    for (ProgramSummary& p : summary.programs) {
      const ScenarioProgram& first = p.scenarios[0];
      p.reform = first.stats;
      p.comparison = first.comparison;
      p.attribution_rules = first.attribution_rules;
      p.attribution_kinds = first.attribution_kinds;
      p.attribution = first.attribution;
    }
  }
  return report;
}

}  // namespace odenek
