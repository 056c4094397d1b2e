// libFuzzer target: a bulk JSONL claim file (`odenek simulate`), read and
// evaluated the way simulate does it, against the built-in rule set.
//
// The first byte picks the reader's knobs (reader_util.h KnobsFrom: block
// size and record-size limit); the rest is the file. Each line goes through
// the JSON claim reader (io/json_claim.h, via bulk/jsonl_reader.h
// JsonClaimParser) with and without source places, and through
// Claim::Parse, which `odenek check` uses. Checked on the way:
//   - the reader gives the same records whatever its block size, numbers them
//     1, 2, 3, ... and consumes every byte (reader_util.h);
//   - a line is accepted with places iff without, and iff Claim::Parse
//     accepts it as JSON; every refusal names FILE:1:COLUMN; accepted claims
//     give the same results (RuleSet::Evaluate, every programme the claim
//     carries, payments on);
//   - every record is either added to the bulk evaluator or rejected, as in
//     simulate (the claim without places; a refused one is read again with
//     them);
//   - a line the direct path (JsonRowReader: simdjson straight into the
//     columns, simulate's first choice) fills as a row is one the JSON reader
//     accepts and AddClaim takes, and both rows give the same results.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "fuzz_util.h"
#include "odenek/batch.h"
#include "odenek/claim.h"
#include "odenek/rule_set.h"
#include "reader_util.h"
#include "io/record_reader.h"
#include "bulk/jsonl_reader.h"

namespace {

using odenek::fuzz::Check;

odenek::BatchEvaluator& Bulk() {
  static auto* batch = [] {
    absl::StatusOr<odenek::BatchEvaluator> b =
        odenek::BatchEvaluator::Create(odenek::fuzz::BuiltInRules(), {.payments = true});
    Check(b.ok(), "BatchEvaluator::Create");
    return new odenek::BatchEvaluator(*std::move(b));
  }();
  return *batch;
}

// Evaluates the filled rows, reads every result, and clears.
void Drain(odenek::BatchEvaluator& batch) {
  batch.Evaluate();
  for (int row = 0; row < batch.size(); ++row) {
    (void)batch.id(row);
    for (int p = 0; p < static_cast<int>(batch.programs().size()); ++p) {
      (void)batch.verdict(row, p);
      (void)batch.failed_conditions(row, p);
      std::string text;
      for (int o = 0; o < static_cast<int>(batch.outputs(p).size()); ++o) {
        batch.AppendValue(row, p, o, &text);
      }
      absl::StatusOr<odenek::Result> r = batch.result(row, p);
      if (r.ok()) (void)odenek::ResultToJson(*r);
    }
  }
  batch.Clear();
}

odenek::BatchEvaluator* NewBulk() {
  odenek::BatchOptions options;
  options.payments = true;
  absl::StatusOr<odenek::BatchEvaluator> b =
      odenek::BatchEvaluator::Create(odenek::fuzz::BuiltInRules(), options);
  Check(b.ok(), "BatchEvaluator::Create");
  return new odenek::BatchEvaluator(*std::move(b));
}

// Row 0 of `batch` (evaluated) as text: per programme the status, or the result.
std::string RowResults(odenek::BatchEvaluator& batch) {
  std::string out;
  for (int p = 0; p < static_cast<int>(batch.programs().size()); ++p) {
    const absl::Status status = batch.status(0, p);
    absl::StatusOr<odenek::Result> r = batch.result(0, p);
    absl::StrAppend(&out, batch.programs()[p], ": ",
                    !status.ok() ? std::string(status.message())
                    : r.ok()     ? odenek::ResultToJson(*r)
                                 : std::string(r.status().message()),
                    "\n");
  }
  return out;
}

// The direct path against AddClaim of the JSON reader's claim, one line.
void CheckDirectPath(const std::string& line, const absl::StatusOr<odenek::Claim>& slow) {
  static odenek::BatchEvaluator* direct = NewBulk();
  static odenek::BatchEvaluator* reference = NewBulk();
  static odenek::internal::JsonRowReader* reader = new odenek::internal::JsonRowReader(direct);
  direct->Clear();
  reference->Clear();
  if (!reader->Fill(line)) {
    Check(direct->size() == 0, "JsonRowReader refused a line but left a row");
    return;
  }
  Check(direct->size() == 1, "JsonRowReader filled a line but holds no row");
  Check(slow.ok(), "the direct JSONL path fills a row from a line the JSON reader refuses (" +
                       std::string(slow.status().message()) + "): " + line);
  const absl::Status added = reference->AddClaim(*slow);
  Check(added.ok(), "the direct JSONL path fills a row AddClaim refuses (" +
                        std::string(added.message()) + "): " + line);
  direct->Evaluate();
  reference->Evaluate();
  const std::string a = RowResults(*direct);
  const std::string b = RowResults(*reference);
  Check(a == b, "direct path and AddClaim differ on " + line + ":\n" + a + "vs\n" + b);
}

std::string Evaluated(const odenek::Claim& claim) {
  odenek::EvaluateOptions options;
  options.payments = true;
  absl::StatusOr<std::vector<odenek::Result>> r =
      odenek::fuzz::BuiltInRules().Evaluate(claim, options);
  // Messages may differ (only a document with places has line and column):
  // compare the verdict of acceptance, and the results when accepted.
  return r.ok() ? odenek::fuzz::ResultsJson(*r) : std::string("refused");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const odenek::fuzz::ReaderKnobs knobs = odenek::fuzz::KnobsFrom(data[0]);
  const absl::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::vector<odenek::fuzz::OwnedRecord> records =
      odenek::fuzz::ReadAllChecked(stream, odenek::internal::InputFormat::kJsonl, knobs);

  static odenek::internal::JsonClaimParser* json = new odenek::internal::JsonClaimParser();
  odenek::BatchEvaluator& batch = Bulk();
  batch.Clear();
  size_t added = 0;
  size_t rejected = 0;
  for (const odenek::fuzz::OwnedRecord& rec : records) {
    if (!rec.error.empty()) {
      ++rejected;
      continue;
    }
    absl::StatusOr<odenek::Claim> fast = json->Parse(rec.text, "fuzz.jsonl", false);
    absl::StatusOr<odenek::Claim> placed = json->Parse(rec.text, "fuzz.jsonl", true);
    Check(fast.ok() == placed.ok(), "the JSON reader's verdict depends on places: " + rec.text);
    if (!placed.ok()) {
      Check(absl::StartsWith(placed.status().message(), "fuzz.jsonl:1:"),
            "a JSON refusal without its place: " + std::string(placed.status().message()));
    }
    // Claim::Parse reads a text that starts with '{' as JSON first.
    if (fast.ok()) {
      absl::StatusOr<odenek::Claim> parsed = odenek::Claim::Parse(rec.text, "fuzz.jsonl");
      Check(parsed.ok(), "Claim::Parse refuses a line the JSON reader accepts (" +
                             std::string(parsed.status().message()) + "): " + rec.text);
      const std::string a = Evaluated(*fast);
      Check(a == Evaluated(*placed) && a == Evaluated(*parsed),
            "the same JSON line gives different results: " + rec.text);
    }
    CheckDirectPath(rec.text, placed);
    // As simulate: the claim without places; a claim the evaluator refuses
    // is read again with them for its message.
    const int before = batch.size();
    absl::Status status = fast.status();
    if (fast.ok()) {
      status = batch.AddClaim(*fast);
      if (!status.ok()) status = batch.AddClaim(*placed);
    }
    Check(batch.size() == before + (status.ok() ? 1 : 0), "rows and statuses disagree");
    if (status.ok()) {
      ++added;
    } else {
      ++rejected;
    }
    if (batch.full()) Drain(batch);
  }
  Drain(batch);
  Check(added + rejected == records.size(),
        absl::StrCat(records.size(), " records read, ", added, " added, ", rejected,
                     " rejected"));
  return 0;
}
