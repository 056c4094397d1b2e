// Simulate: a claim file in bulk, streamed through every core.
//
// RuleSet::Evaluate is for one claim; BatchEvaluator for a caller that fills
// its own columns. Simulate is the whole bulk run the CLI (`odenek simulate`),
// the HTTP server and the Python binding share: it cuts a CSV or JSONL input
// into records, evaluates them in chunks on N threads, and writes one result
// line per claim and programme in input order, whatever the thread count.
// Reform scenarios, one or several, are evaluated over the same parsed rows
// and each compared claim by claim with the baseline. docs/simulate.md describes the run, its outputs and the
// summary's figures.
//
// Nothing is lost: every record read is either in the results or in the
// errors (a record that cannot be read, parsed or filled, a duplicate id, a
// runtime error in any programme), and the summary counts both:
// read = evaluated + rejected. Memory stays flat: a fixed pool of chunks
// circulates, each cut at 1024 records or 1 MiB of text.
#ifndef ODENEK_SIMULATE_H_
#define ODENEK_SIMULATE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "odenek/date.h"
#include "odenek/result.h"
#include "odenek/rule_set.h"
#include "odenek/summary.h"

namespace odenek {

// The bytes of a claim file, read once from start to end.
//
// CSV: RFC 4180, a header naming the facts-form inputs first (docs/claims.md).
// JSONL: one claim object a line, either form. Implement Read() to feed
// records from anywhere (a socket, a generator); the factories cover files,
// descriptors and memory.
class ClaimSource {
 public:
  virtual ~ClaimSource() = default;

  // Reads up to `size` bytes into `buffer`. Returns how many were read, 0 at
  // the end of the input, or an error, which stops the run.
  virtual absl::StatusOr<size_t> Read(char* buffer, size_t size) = 0;
  // The input's size in bytes when known (for progress), else -1.
  virtual int64_t size() const { return -1; }
  // How messages name the input: "claims.csv", "<stdin>".
  virtual const std::string& name() const = 0;

  // A regular file, or "-" for standard input. NotFound or
  // FailedPrecondition naming the path for a missing file, a directory or
  // a device.
  static absl::StatusOr<std::unique_ptr<ClaimSource>> OpenFile(const std::string& path);
  // An open descriptor, which the caller keeps open (and closes) for the run.
  static std::unique_ptr<ClaimSource> FromDescriptor(int fd, std::string name);
  // Text held in memory (owned by the source).
  static std::unique_ptr<ClaimSource> FromString(std::string text, std::string name);
};

// Where a run's text goes (results, errors). Simulate calls Write from one
// thread, in input order.
class TextSink {
 public:
  virtual ~TextSink() = default;
  // An error stops the run (a full disk, a closed connection).
  virtual absl::Status Write(absl::string_view text) = 0;

  // Appends to *out, which must outlive the sink.
  static std::unique_ptr<TextSink> ToString(std::string* out);
  // Hands each piece to `write` (a chunked HTTP response, a pipe).
  static std::unique_ptr<TextSink> ToFunction(
      std::function<absl::Status(absl::string_view)> write);
};

// A file that appears at its path only when committed: text goes to a
// temporary file beside it (same folder, so the final rename is atomic),
// Commit() flushes, fsyncs and renames it over the path. A run that fails,
// or an object destroyed without Commit(), removes the temporary and leaves
// whatever was at the path before untouched. A process killed outright
// (SIGKILL, power loss) can leave only the temporary, named
// `.PATHNAME.odenek-tmp-PID`, which docs/security.md describes.
class OutputFile final : public TextSink {
 public:
  // The temporary is created at once: an error names the path and the
  // reason (no such folder, no permission).
  static absl::StatusOr<std::unique_ptr<OutputFile>> Create(const std::string& path);
  ~OutputFile() override;

  absl::Status Write(absl::string_view text) override;
  // Flush, fsync, rename over the path; then fsync the folder. An error
  // (disk full) leaves nothing at the path and removes the temporary.
  absl::Status Commit();
  // Removes the temporary now (also done by the destructor).
  void Discard();

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }

 private:
  OutputFile(std::string path, std::string temp_path, int fd);
  absl::Status Flush();

  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
  std::string buffer_;
  absl::Status error_;  // the first write error; Commit returns it
};

// A reform to compare with the baseline: its name, as results and the
// summary show it, and the rule set with the reform applied. With several
// scenarios in a run the name also prefixes its CSV columns and keys its
// JSONL results: letters, digits, '_' or '-', unique, and not "baseline".
struct Scenario {
  std::string name;
  RuleSet rules;
};

// The names' rule above, as Simulate checks it (a front end can check before
// it opens files): InvalidArgument naming the first bad or repeated name.
// One scenario may have any name.
absl::Status CheckScenarioNames(const std::vector<Scenario>& scenarios);

// A record that is not in the results.
struct RecordError {
  int64_t record = 0;  // 1-based, counting data records (not a CSV header)
  int64_t line = 0;    // 1-based line the record starts on
  std::string id;      // "" when the record's id could not be read
  // The scenario whose evaluation failed, or "" for a record rejected as a
  // whole. A scenario's error keeps the baseline result in the output (its
  // scenario side says "error") and is counted in reform_errors, not in
  // rejected.
  std::string scenario;
  std::string message;
};

// What one record gave, for SimulateOptions::on_result.
struct ScenarioOutcome {
  std::vector<Result> results;  // one per programme, unless `error`
  std::string error;            // the scenario failed on this record
};

struct ClaimOutcome {
  int64_t record = 0;
  int64_t line = 0;
  std::vector<Result> results;  // baseline, one per programme
  // Per scenario, in SimulateOptions::scenarios order.
  std::vector<ScenarioOutcome> scenarios;
  // The first scenario's again (scenarios[0]), for callers of a run with one.
  std::vector<Result> scenario_results;
  std::string scenario_error;
};

struct SimulateProgress {
  int64_t records = 0;      // read so far
  int64_t bytes = 0;        // input consumed so far
  int64_t total_bytes = -1;  // ClaimSource::size()
};

enum class RecordFormat { kCsv, kJsonl };
enum class ResultFormat {
  kNone,   // no result text (the summary, callbacks only)
  kCsv,    // a header, then one line per claim and programme (docs/simulate.md)
  kJsonl,  // one result object (CONTRACT §4, with payments) a line
};

struct SimulateOptions {
  RecordFormat format = RecordFormat::kCsv;
  ResultFormat results = ResultFormat::kNone;
  // Worker threads; 0 (default) uses every core.
  int threads = 0;
  // Programme ids to evaluate. Default (empty): those whose inputs the CSV
  // header names, or (JSONL) the first record's keys name.
  std::vector<std::string> programs;
  // Unknown columns and keys are skipped (SimulateReport::ignored_columns)
  // instead of rejecting the record. Default false: a typo must not pass.
  bool allow_unknown = false;
  // Read every parameter as in force on this date (EvaluateOptions::as_of),
  // for the baseline and the scenario alike.
  std::optional<Date> as_of = std::nullopt;
  // Reform scenarios, each compared claim by claim with the baseline (the
  // outputs and the summary side by side; docs/simulate.md). Each costs
  // about one more evaluation of every claim.
  std::vector<Scenario> scenarios;
  // Called from the writing thread after each chunk, in order.
  std::function<void(const SimulateProgress&)> on_progress;
  // Called for every evaluated record, in input order, from one thread, with
  // full Results (slower: builds a Result per claim and programme).
  std::function<void(const ClaimOutcome&)> on_result;
  // Called for every record that is not in the results, in input order.
  std::function<void(const RecordError&)> on_error;
  // When it becomes true, reading stops; the chunks already read are
  // finished and Simulate returns Cancelled.
  const std::atomic<bool>* cancel = nullptr;
  // Memory for the duplicate-id check (ids are unique in a file). The ids
  // are kept in memory up to half of this (about 25 bytes a claim: the
  // default covers ~2.5M claims); past it they go to temporary files in
  // `temp_dir` and a Bloom filter of the other half, so memory stays flat at
  // any input size (docs/performance.md, "Memory"). A record whose id the
  // filter cannot clear is held back and evaluated at the end, in its place:
  // the output is the same bytes either way. 0: always in memory. The
  // callbacks (on_result, on_error) need every record in order, so with one
  // of them set the ids stay in memory.
  size_t id_memory_bytes = size_t{128} << 20;
  // Where those temporary files go; "" for $TMPDIR, else /tmp. They are
  // unlinked as soon as they are created: a killed run leaves nothing.
  std::string temp_dir;
};

struct SimulateReport {
  SimulateSummary summary;
  // CSV columns skipped under allow_unknown.
  std::vector<std::string> ignored_columns;
};

// Reads every record of `source`, evaluates it and writes its results to
// `results` (as options.results says; may be null) and each bad record to
// `errors` as a JSON line {"record","line","id","message"}, with "scenario"
// for a scenario's error (may be null).
//
// Returns the report, or: InvalidArgument for an input that cannot be read
// as a whole (a bad CSV header, a header no programme reads; the message
// names the input and line); NotFound for an unknown programme; a source's
// or a sink's error, which stops the run; Cancelled when options.cancel was
// set. On any error the text written so far is incomplete: write to
// OutputFile and commit only on success.
absl::StatusOr<SimulateReport> Simulate(const RuleSet& rules, ClaimSource& source,
                                        TextSink* results, TextSink* errors,
                                        const SimulateOptions& options = {});

}  // namespace odenek

#endif  // ODENEK_SIMULATE_H_
