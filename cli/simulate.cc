// odenek simulate: the library's Simulate (odenek/simulate.h) over files.
//
// This file holds what only a command line has: flags, the files' names and
// their atomicity, signals, the progress line and printing. Everything about
// records and results is the library's.
//
// Files: every output is an OutputFile (temporary beside it, renamed on
// success), and no output may be the input or another output (compared by
// device and inode after following symlinks, or by folder and name for a
// file not there yet): a clash is a usage error before anything is written.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "commands.h"
#include "common.h"
#include "odenek/rule_set.h"
#include "odenek/simulate.h"
#include "odenek/summary.h"

namespace odenek::cli {
namespace {

// Without --errors, this many bad records are shown on stderr.
constexpr int kErrorsShown = 10;

std::atomic<bool> g_cancel{false};
volatile sig_atomic_t g_signal = 0;

extern "C" void OnSignal(int sig) {
  g_signal = sig;
  g_cancel.store(true);
}

// SIGINT and SIGTERM stop reading; the run then ends as a failure and removes
// its temporaries. A second signal kills at once (SA_RESETHAND).
void CatchSignals() {
  struct sigaction action = {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// Where a path points: its device and inode if it exists, else its folder's
// real path and its name (an output not written yet).
struct FileIdentity {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string path;
  bool operator==(const FileIdentity& o) const {
    return exists == o.exists && (exists ? dev == o.dev && ino == o.ino : path == o.path);
  }
};

FileIdentity Identify(const std::string& path) {
  FileIdentity id;
  if (struct stat st; ::stat(path.c_str(), &st) == 0) {
    id.exists = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
    return id;
  }
  const size_t slash = path.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  char real[PATH_MAX];
  id.path = ::realpath(folder.c_str(), real) != nullptr ? std::string(real) : folder;
  id.path += "/" + (slash == std::string::npos ? path : path.substr(slash + 1));
  return id;
}

// Exit 2 with a message if two of the named files are one.
bool FilesAreDistinct(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<FileIdentity> ids;
  for (const auto& [flag, path] : files) ids.push_back(Identify(path));
  for (size_t i = 0; i < files.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (ids[i] == ids[j]) {
        std::cerr << "odenek: " << files[i].first << " " << files[i].second << " is the same file as "
                  << files[j].first << " " << files[j].second
                  << ": choose another path (nothing was written)\n";
        return false;
      }
    }
  }
  return true;
}

// --max-errors: a count ("1000") or a share of the records read ("1%").
struct MaxErrors {
  bool share = true;
  double percent = 1.0;
  int64_t count = 0;
  bool Exceeded(int64_t rejected, int64_t read) const {
    if (!share) return rejected > count;
    return static_cast<double>(rejected) > percent / 100.0 * static_cast<double>(read);
  }
  std::string Text() const {
    return share ? absl::StrCat(percent, "% of the records") : absl::StrCat(count, " records");
  }
};

std::optional<MaxErrors> ParseMaxErrors(const std::string& text) {
  MaxErrors m;
  if (absl::EndsWith(text, "%")) {
    double p = 0;
    if (!absl::SimpleAtod(text.substr(0, text.size() - 1), &p) || !(p >= 0 && p <= 100)) {
      return std::nullopt;
    }
    m.percent = p;
    return m;
  }
  int64_t n = 0;
  if (!absl::SimpleAtoi(text, &n) || n < 0) return std::nullopt;
  m.share = false;
  m.count = n;
  return m;
}

class Progress {
 public:
  explicit Progress(bool enabled)
      : enabled_(enabled), start_(std::chrono::steady_clock::now()), last_(start_) {}

  void Update(const SimulateProgress& p) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(p.records) / seconds : 0;
    // Grouped the Turkish way, as every count an officer reads.
    std::string line = absl::StrFormat(
        "\r%15s records  %11s/s", TurkishNumber(absl::StrCat(p.records)),
        TurkishNumber(absl::StrCat(static_cast<int64_t>(rate))));
    if (p.total_bytes > 0 && p.bytes > 0) {
      const double done = static_cast<double>(p.bytes) / static_cast<double>(p.total_bytes);
      const double eta = done > 0 ? seconds * (1 - done) / done : 0;
      absl::StrAppendFormat(&line, "  %5.1f%%  ETA %4.0fs", 100 * std::min(done, 1.0), eta);
    }
    std::fputs(line.c_str(), stderr);
    shown_ = true;
  }
  void Finish() {
    if (shown_) std::fputs("\r\033[K", stderr);
  }

 private:
  const bool enabled_;
  const std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;  // the first update waits too
  bool shown_ = false;
};

std::unique_ptr<OutputFile> Open(const std::string& path, bool* ok) {
  if (path.empty()) return nullptr;
  absl::StatusOr<std::unique_ptr<OutputFile>> file = OutputFile::Create(path);
  if (!file.ok()) {
    std::cerr << "odenek: " << file.status().message() << "\n";
    *ok = false;
    return nullptr;
  }
  return *std::move(file);
}

bool Commit(OutputFile* file) {
  if (file == nullptr) return true;
  if (absl::Status s = file->Commit(); !s.ok()) {
    std::cerr << "odenek: " << s.message() << "\n";
    return false;
  }
  return true;
}

}  // namespace

int RunSimulate(const SimulateOptions& options) {
  // Caught from the start, before any temporary exists: a signal at any point
  // ends the run through the path that removes them.
  g_cancel.store(false);
  CatchSignals();
  // --- Usage -----------------------------------------------------------------
  odenek::SimulateOptions run;
  if (options.input_format == "csv") {
    run.format = RecordFormat::kCsv;
  } else if (options.input_format == "jsonl") {
    run.format = RecordFormat::kJsonl;
  } else if (!options.input_format.empty()) {
    std::cerr << "odenek: --input-format must be csv or jsonl\n";
    return 2;
  } else if (absl::EndsWith(options.input, ".csv")) {
    run.format = RecordFormat::kCsv;
  } else if (absl::EndsWith(options.input, ".jsonl") ||
             absl::EndsWith(options.input, ".ndjson")) {
    run.format = RecordFormat::kJsonl;
  } else {
    std::cerr << "odenek: cannot tell the format of " << options.input
              << ": name it .csv or .jsonl, or pass --input-format csv|jsonl\n";
    return 2;
  }
  if (!options.out.empty()) {
    if (absl::EndsWith(options.out, ".csv")) {
      run.results = ResultFormat::kCsv;
    } else if (absl::EndsWith(options.out, ".jsonl")) {
      run.results = ResultFormat::kJsonl;
    } else {
      std::cerr << "odenek: --out must end in .csv or .jsonl\n";
      return 2;
    }
  }
  std::optional<MaxErrors> max_errors = ParseMaxErrors(options.max_errors);
  if (!max_errors) {
    std::cerr << "odenek: --max-errors: expected a count (1000) or a share (1%), found \""
              << options.max_errors << "\"\n";
    return 2;
  }
  std::vector<std::pair<std::string, std::string>> files;
  if (options.input != "-") files.push_back({"INPUT", options.input});
  for (const auto& [flag, path] :
       {std::pair<const char*, const std::string&>{"--out", options.out},
        {"--errors", options.errors},
        {"--summary", options.summary},
        {"--report", options.report}}) {
    if (!path.empty()) files.push_back({flag, path});
  }
  if (!FilesAreDistinct(files)) return 2;
  if (!options.global.date.empty()) {
    absl::StatusOr<Date> as_of = Date::Parse(options.global.date);
    if (!as_of.ok()) {
      std::cerr << "odenek: --date: " << as_of.status().message() << "\n";
      return 2;
    }
    run.as_of = *as_of;
  }
  run.threads = options.threads;
  run.programs = options.programs;
  run.allow_unknown = options.allow_unknown;
  run.id_memory_bytes = static_cast<size_t>(options.id_memory_mib) << 20;
  run.temp_dir = options.temp_dir;

  // --- Rules: the baseline without reforms, the scenario with them ----------
  GlobalOptions base_options = options.global;
  base_options.reforms.clear();
  std::optional<RuleSet> rules = LoadRules(base_options);
  if (!rules) return 1;
  // --scenario NAME=FILE[,FILE...]: checked before anything is loaded.
  std::vector<std::pair<std::string, std::vector<std::string>>> named;
  for (const std::string& spec : options.scenarios) {
    const size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      std::cerr << "odenek: --scenario " << spec
                << ": expected NAME=FILE[,FILE...] (a name for the scenario, then its reform "
                   "files)\n";
      return 2;
    }
    named.emplace_back(spec.substr(0, eq),
                       absl::StrSplit(spec.substr(eq + 1), ',', absl::SkipEmpty()));
  }
  if (!options.global.reforms.empty()) {
    std::optional<RuleSet> reform = LoadRules(options.global);
    if (!reform) return 1;
    // Alone, the scenario is named by its reform files; beside --scenario,
    // "reform" (a name must also head CSV columns).
    std::string name;
    for (const std::string& r : options.global.reforms) {
      absl::StrAppend(&name, name.empty() ? "" : " + ", r);
    }
    if (!named.empty()) name = "reform";
    run.scenarios.push_back({std::move(name), *std::move(reform)});
  }
  for (auto& [name, files] : named) {
    GlobalOptions scenario_options = options.global;
    scenario_options.reforms = files;
    std::optional<RuleSet> scenario = LoadRules(scenario_options);
    if (!scenario) return 1;
    run.scenarios.push_back({name, *std::move(scenario)});
  }
  if (run.scenarios.size() > 1) {
    // The library's check, before any file is opened: a usage error.
    absl::Status names = CheckScenarioNames(run.scenarios);
    if (!names.ok()) {
      std::cerr << "odenek: --scenario: " << names.message() << "\n";
      return 2;
    }
  }

  // --- Files -------------------------------------------------------------------
  absl::StatusOr<std::unique_ptr<ClaimSource>> source = ClaimSource::OpenFile(options.input);
  if (!source.ok()) {
    std::cerr << "odenek: " << source.status().message() << "\n";
    return 1;
  }
  bool opened = true;
  std::unique_ptr<OutputFile> out = Open(options.out, &opened);
  std::unique_ptr<OutputFile> errors = Open(options.errors, &opened);
  std::unique_ptr<OutputFile> summary_file = Open(options.summary, &opened);
  std::unique_ptr<OutputFile> report_file = Open(options.report, &opened);
  if (!opened) return 1;

  // --- Run ---------------------------------------------------------------------
  // Without --errors, the first bad records go to stderr as their JSON lines.
  int errors_shown = 0;
  int64_t errors_hidden = 0;
  std::unique_ptr<TextSink> stderr_errors = TextSink::ToFunction([&](absl::string_view text) {
    for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
      if (errors_shown < kErrorsShown) {
        std::cerr << "odenek: bad record: " << line << "\n";
        ++errors_shown;
      } else {
        ++errors_hidden;
      }
    }
    return absl::OkStatus();
  });
  TextSink* errors_sink = errors != nullptr ? errors.get() : stderr_errors.get();
  Progress progress(isatty(STDERR_FILENO) == 1);
  run.on_progress = [&progress](const SimulateProgress& p) { progress.Update(p); };
  run.cancel = &g_cancel;

  absl::StatusOr<SimulateReport> report = Simulate(*rules, **source, out.get(), errors_sink, run);
  progress.Finish();
  if (!report.ok()) {
    // The OutputFiles' destructors remove every temporary: nothing appears.
    if (g_signal != 0) {
      std::cerr << "odenek: stopped by " << (g_signal == SIGINT ? "SIGINT" : "SIGTERM")
                << "; no output was written\n";
      return 128 + g_signal;
    }
    std::cerr << "odenek: " << report.status().message() << "; no output was written\n";
    return report.status().code() == absl::StatusCode::kNotFound ? 2 : 1;
  }
  SimulateSummary& summary = report->summary;
  // The reform files as given (the first scenario's, with several).
  if (options.scenarios.empty()) {
    summary.reforms = options.global.reforms;
  } else if (!summary.scenarios.empty()) {
    summary.reforms = summary.scenarios[0].files;
  }
  for (const std::string& c : report->ignored_columns) {
    std::cerr << "odenek: " << summary.input << ": column \"" << c
              << "\" is not an input of any programme; ignored (--allow-unknown)\n";
  }
  if (errors_hidden > 0) {
    std::cerr << "odenek: ... and " << errors_hidden
              << " more bad records (write them all with --errors FILE)\n";
  }
  int code = 0;
  // An input with no records is not a result: exit 1, as for any bad input
  // (a truncated export or a wrong path must not look like "0 claims, all
  // fine"). The results stay out; the summary says 0 records.
  if (summary.read == 0) {
    std::cerr << "odenek: " << summary.input
              << ": 0 records: the input holds no claim, so nothing was evaluated; the "
                 "results were not written\n";
    if (out != nullptr) out->Discard();
    out.reset();
    code = 1;
  } else if (max_errors->Exceeded(summary.rejected, summary.read)) {
    // Over --max-errors the run failed: the results stay out (a broken file
    // must not look like a result), the errors and the summary say why.
    std::cerr << "odenek: " << summary.rejected << " of " << summary.read
              << " records rejected, more than --max-errors " << options.max_errors << " ("
              << max_errors->Text() << "); the results were not written\n";
    if (out != nullptr) out->Discard();
    out.reset();
    code = 1;
  }
  if (summary_file != nullptr) (void)summary_file->Write(SummaryToJson(summary));
  if (report_file != nullptr) (void)report_file->Write(SummaryToHtml(summary));
  // A failure to commit one (disk full) discards those not committed yet.
  for (OutputFile* f : {out.get(), errors.get(), summary_file.get(), report_file.get()}) {
    if (!Commit(f)) {
      for (OutputFile* g : {out.get(), errors.get(), summary_file.get(), report_file.get()}) {
        if (g != nullptr) g->Discard();
      }
      return 1;
    }
  }
  std::cout << SummaryToText(summary, Language(options.lang)) << std::flush;
  // The warning goes to stderr too, where a script's reader looks, with the
  // options that answer it (the library's words name no command).
  bool warned = false;
  for (const ScenarioSummary& sc : summary.scenarios) {
    if (!sc.unchanged) continue;
    std::cerr << "odenek: warning: " << UnchangedReformText(*sc.unchanged, TextLanguage::kEnglish)
              << "\n";
    warned = true;
  }
  if (warned) {
    if (options.global.date.empty()) {
      std::cerr << "odenek: hint: --date YYYY-MM-DD reads every parameter as in force on that "
                   "date; `odenek generate --from D --to D` makes claims dated later\n";
    }
  }
  return code;
}

}  // namespace odenek::cli
