// libFuzzer target: a bulk CSV claim file (`odenek simulate`), read and
// evaluated the way simulate does it, against the built-in rule set.
//
// The first byte picks the knobs (reader_util.h KnobsFrom: block size and
// record-size limit; bit 6: allow unknown columns; bit 7: mode), the rest is:
//   mode 0: a whole CSV stream, header first (a header no programme reads is
//           refused, as in simulate; every programme is then evaluated);
//   mode 1: data rows only, under a fixed header of `id` and every flat input
//           of the built-in rules, so mutations go to the values, not the
//           column names.
// Checked on the way:
//   - the reader gives the same records whatever its block size, numbers them
//     1, 2, 3, ... and consumes every byte (reader_util.h);
//   - SplitCsvRecord's fields, written back fully quoted, split to the same
//     fields;
//   - every record is either added or rejected (read = evaluated + rejected);
//   - an added row gives, for every programme, the same result as
//     RuleSet::Evaluate on the same fields as a claim (Claim::FromFields), or,
//     where Evaluate fails on a runtime error, a row status() with the same
//     message.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fuzz_util.h"
#include "odenek/batch.h"
#include "odenek/claim.h"
#include "odenek/rule_set.h"
#include "reader_util.h"
#include "io/record_reader.h"

namespace {

using odenek::fuzz::Check;

// `id` and every input of the built-in rules a CSV column can carry (the
// facts form: SetColumns accepts it alone), in rule order, without repeats.
const std::vector<std::string>& FlatColumns() {
  static const auto* columns = [] {
    auto* out = new std::vector<std::string>{"id"};
    const odenek::RuleSet& rules = odenek::fuzz::BuiltInRules();
    absl::StatusOr<odenek::BatchEvaluator> probe = odenek::BatchEvaluator::Create(rules);
    Check(probe.ok(), "BatchEvaluator::Create");
    for (const odenek::ProgramInfo& p : rules.programs()) {
      for (const odenek::InputInfo& in : p.inputs) {
        if (std::find(out->begin(), out->end(), in.name) != out->end()) continue;
        if (probe->SetColumns(std::vector<std::string>{"id", in.name}).ok()) {
          out->push_back(in.name);
        }
      }
    }
    return out;
  }();
  return *columns;
}

// Programmes reading any of `columns`, as simulate picks them.
std::vector<std::string> ProgramsReading(const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  for (const odenek::ProgramInfo& p : odenek::fuzz::BuiltInRules().programs()) {
    for (const odenek::InputInfo& in : p.inputs) {
      if (std::find(columns.begin(), columns.end(), in.name) != columns.end()) {
        out.push_back(p.id);
        break;
      }
    }
  }
  return out;
}

odenek::BatchEvaluator* Evaluator(bool allow_unknown) {
  static odenek::BatchEvaluator* evaluators[2] = {nullptr, nullptr};
  odenek::BatchEvaluator*& e = evaluators[allow_unknown ? 1 : 0];
  if (e == nullptr) {
    absl::StatusOr<odenek::BatchEvaluator> made = odenek::BatchEvaluator::Create(
        odenek::fuzz::BuiltInRules(), {.allow_unknown = allow_unknown, .payments = true});
    Check(made.ok(), "BatchEvaluator::Create");
    e = new odenek::BatchEvaluator(*std::move(made));  // lives for the process
  }
  return e;
}

std::string Quoted(const std::vector<absl::string_view>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : fields[i]) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  return out;
}

// One added row as a claim, for RuleSet::Evaluate: an empty field is unknown
// in a CSV row, so it is left out.
struct PendingRow {
  std::string id;
  std::vector<std::pair<std::string, std::string>> fields;
};

// Evaluates the filled rows, reads everything simulate reads, compares each
// row with the scalar path, and clears.
void Drain(odenek::BatchEvaluator& batch, const std::vector<PendingRow>& rows) {
  const odenek::RuleSet& rules = odenek::fuzz::BuiltInRules();
  Check(batch.size() == static_cast<int>(rows.size()), "row count");
  batch.Evaluate();
  for (int row = 0; row < batch.size(); ++row) {
    (void)batch.id(row);
    const odenek::Claim claim =
        odenek::Claim::FromFields(rows[row].id, rows[row].fields);
    for (int p = 0; p < static_cast<int>(batch.programs().size()); ++p) {
      (void)batch.verdict(row, p);
      (void)batch.status(row, p);
      (void)batch.failed_conditions(row, p);
      std::string text;
      for (int o = 0; o < static_cast<int>(batch.outputs(p).size()); ++o) {
        (void)batch.number(row, p, o);
        batch.AppendValue(row, p, o, &text);
      }
      odenek::EvaluateOptions options;
      options.program = batch.programs()[p];
      options.payments = true;
      absl::StatusOr<std::vector<odenek::Result>> scalar = rules.Evaluate(claim, options);
      const std::string where =
          absl::StrCat("row ", row, ", programme ", batch.programs()[p], ": ");
      // A runtime error fails RuleSet::Evaluate; the batch reports it as the
      // row's status() with the same message (batch.h).
      const absl::Status row_status = batch.status(row, p);
      if (!scalar.ok()) {
        Check(!row_status.ok() && row_status.message() == scalar.status().message(),
              where + "RuleSet::Evaluate says \"" + std::string(scalar.status().message()) +
                  "\", BatchEvaluator::status says \"" + std::string(row_status.message()) +
                  "\"");
        continue;
      }
      Check(row_status.ok(), where + "BatchEvaluator::status says \"" +
                                 std::string(row_status.message()) +
                                 "\", RuleSet::Evaluate is OK");
      absl::StatusOr<odenek::Result> bulk = batch.result(row, p);
      Check(bulk.ok(), where + "BatchEvaluator::result: " + std::string(bulk.status().message()));
      Check(scalar->size() == 1, where + "one result expected");
      const std::string scalar_json = odenek::ResultToJson((*scalar)[0]);
      const std::string bulk_json = odenek::ResultToJson(*bulk);
      Check(scalar_json == bulk_json,
            where + "scalar and bulk results differ:\n  " + scalar_json + "\n  " + bulk_json);
    }
  }
  batch.Clear();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const odenek::fuzz::ReaderKnobs knobs = odenek::fuzz::KnobsFrom(data[0]);
  const bool allow_unknown = (data[0] & 0x40) != 0;
  const bool fixed_header = (data[0] & 0x80) != 0;
  std::string stream;
  if (fixed_header) stream = absl::StrJoin(FlatColumns(), ",") + "\n";
  stream.append(reinterpret_cast<const char*>(data) + 1, size - 1);

  const std::vector<odenek::fuzz::OwnedRecord> records =
      odenek::fuzz::ReadAllChecked(stream, odenek::internal::InputFormat::kCsv, knobs);
  if (records.empty() || !records[0].error.empty()) return 0;

  std::vector<absl::string_view> fields;
  std::string scratch;
  if (!odenek::internal::SplitCsvRecord(records[0].text, &fields, &scratch).ok()) return 0;
  const std::vector<std::string> columns(fields.begin(), fields.end());
  // simulate refuses a header no programme reads; it then evaluates only the
  // programmes reading the header. Here every programme is evaluated (a
  // superset), so one evaluator per allow_unknown serves every input: making
  // one allocates its full 1024-row columns, which under ASan cost more than
  // the rest of an input.
  if (ProgramsReading(columns).empty()) return 0;
  odenek::BatchEvaluator* batch = Evaluator(allow_unknown);
  batch->Clear();
  if (!batch->SetColumns(columns).ok()) return 0;
  const std::vector<std::string>& ignored = batch->ignored_columns();

  size_t added = 0;
  size_t rejected = 0;
  std::vector<PendingRow> rows;
  std::vector<absl::string_view> again;
  std::string again_scratch;
  for (size_t i = 1; i < records.size(); ++i) {
    const odenek::fuzz::OwnedRecord& rec = records[i];
    if (!rec.error.empty()) {
      ++rejected;
      continue;
    }
    if (!odenek::internal::SplitCsvRecord(rec.text, &fields, &scratch).ok()) {
      ++rejected;
      continue;
    }
    // Fully quoted, the same fields must come back.
    const std::string quoted = Quoted(fields);
    Check(odenek::internal::SplitCsvRecord(quoted, &again, &again_scratch).ok() &&
              again == fields,
          "fields do not survive quoting: " + quoted);
    const int before = batch->size();
    if (!batch->AddRecord(fields).ok()) {
      Check(batch->size() == before, "a refused record was added");
      ++rejected;
      continue;
    }
    Check(batch->size() == before + 1, "an accepted record was not added");
    ++added;
    PendingRow row;
    for (size_t c = 0; c < columns.size() && c < fields.size(); ++c) {
      if (columns[c] == "id") {
        row.id = std::string(fields[c]);
      } else if (!fields[c].empty() &&
                 std::find(ignored.begin(), ignored.end(), columns[c]) == ignored.end()) {
        row.fields.emplace_back(columns[c], std::string(fields[c]));
      }
    }
    rows.push_back(std::move(row));
    if (batch->full()) {
      Drain(*batch, rows);
      rows.clear();
    }
  }
  Drain(*batch, rows);
  Check(added + rejected == records.size() - 1,
        absl::StrCat(records.size() - 1, " records read, ", added, " added, ", rejected,
                     " rejected"));
  return 0;
}
