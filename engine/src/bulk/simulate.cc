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
#include "bulk/worker.h"
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
