// The simulate pipeline's workers (engine/src/bulk/simulate.cc runs them):
// each fills its evaluators from a chunk's records, evaluates the baseline
// and every scenario, and formats the chunk's results, errors and tallies.
//
// ProgramMeta and Model are what a worker knows about each programme of one
// rule set, made once per run (MakeModel); Config is the run's, shared by
// every worker read-only.
#ifndef ODENEK_BULK_WORKER_H_
#define ODENEK_BULK_WORKER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "bulk/chunk.h"
#include "bulk/id_registry.h"
#include "bulk/jsonl_reader.h"
#include "bulk/tally.h"
#include "io/record_reader.h"
#include "odenek/batch.h"
#include "odenek/claim.h"
#include "odenek/rule_set.h"
#include "odenek/simulate.h"

namespace odenek::internal {

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

// The programmes `eval` evaluates, as `rules` describes them.
Model MakeModel(const RuleSet& rules, const BatchEvaluator& eval);

// Fills `reform`'s attribution rules (ProgramMeta::attribution_rules and
// reform_output) for comparing it with `base`: the rules Worker::Attribute
// chooses from, per programme.
void AddAttributionRules(const RuleSet& base_rules, const RuleSet& reform_rules, const Model& base,
                         Model* reform);

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

}  // namespace odenek::internal

#endif  // ODENEK_BULK_WORKER_H_
