// The malformed-input corpus (issue #8): every file under tests/bad/ is run
// through the `odenek` binary and must give the exit code and the message
// fragments that tests/bad/MANIFEST.yaml expects.
//
// Why the binary and not the library: the contract users rely on is the CLI's
// (exit codes, file:line:column on stderr), and a crash, a hang or an uncaught
// exception anywhere between main() and the engine shows up only there.
//
// Besides each case's own expectations, every run must end by itself (no
// signal, no sanitizer report, no "terminate called") within kTimeoutSeconds.
// Cases marked `known_bug:` are skipped with their reason; bulk cases are
// skipped while `odenek simulate` says it is not implemented.
#include <fcntl.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "yaml-cpp/yaml.h"

namespace {

namespace fs = std::filesystem;

// Generous: the suite also runs under ASan+UBSan on a shared 2-core machine.
constexpr int kTimeoutSeconds = 60;

struct Case {
  std::string file;     // relative to tests/bad
  std::string command;  // check, validate or simulate
  std::vector<std::string> args;
  int exit_code = -1;
  std::vector<std::string> stdout_has;
  std::vector<std::string> stderr_has;
  std::vector<std::string> errors_has;   // simulate: the --errors file
  std::vector<std::string> summary_has;  // simulate: the --summary file
  bool no_errors = false;                // simulate: the --errors file is empty
  std::string known_bug;
  std::string manifest_error;  // set when the entry itself is malformed
};

// For gtest's messages: a case is its command and file, not its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.command << " " << c.file; }

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

fs::path BadDir() { return fs::path(Env("ODENEK_SOURCE_DIR")) / "tests" / "bad"; }

std::vector<std::string> Strings(const YAML::Node& n) {
  std::vector<std::string> out;
  if (!n) return out;
  if (n.IsScalar()) return {n.as<std::string>()};
  for (const YAML::Node& item : n) out.push_back(item.as<std::string>());
  return out;
}

std::string DefaultCommand(const std::string& file) {
  if (file.rfind("rules/", 0) == 0) return "validate";
  if (file.rfind("bulk/", 0) == 0) return "simulate";
  return "check";
}

// Reads the manifest. A broken manifest becomes one failing case rather than
// a crash at static-initialisation time.
std::vector<Case> LoadManifest() {
  const fs::path path = BadDir() / "MANIFEST.yaml";
  std::vector<Case> cases;
  try {
    YAML::Node root = YAML::LoadFile(path.string());
    std::set<std::string> seen;
    for (const YAML::Node& n : root["cases"]) {
      Case c;
      c.file = n["file"].as<std::string>("");
      c.command = n["command"] ? n["command"].as<std::string>() : DefaultCommand(c.file);
      c.args = Strings(n["args"]);
      c.exit_code = n["exit"].as<int>(-1);
      c.stdout_has = Strings(n["stdout"]);
      c.stderr_has = Strings(n["stderr"]);
      c.errors_has = Strings(n["errors"]);
      c.summary_has = Strings(n["summary"]);
      c.no_errors = n["no_errors"].as<bool>(false);
      c.known_bug = n["known_bug"].as<std::string>("");
      for (const auto& kv : n) {
        static const std::set<std::string> kKeys = {
            "file", "command", "args", "exit", "stdout", "stderr", "errors",
            "summary", "no_errors", "known_bug", "why", "missing_ok"};
        if (kKeys.count(kv.first.as<std::string>()) == 0) {
          c.manifest_error = "unknown key " + kv.first.as<std::string>();
        }
      }
      if (c.file.empty()) c.manifest_error = "entry without file";
      if (c.exit_code < 0) c.manifest_error = "entry without exit";
      // A failure must be pinned to a message, or the case proves little.
      if (c.exit_code != 0 && c.stdout_has.empty() && c.stderr_has.empty() &&
          c.errors_has.empty()) {
        c.manifest_error = "a failing case needs a message fragment";
      }
      if (!seen.insert(c.command + " " + c.file).second) {
        c.manifest_error = "listed twice";
      }
      if (!n["missing_ok"] && !fs::exists(BadDir() / c.file)) {
        c.manifest_error = "file does not exist";
      }
      cases.push_back(std::move(c));
    }
  } catch (const std::exception& e) {
    Case c;
    c.file = "MANIFEST.yaml";
    c.manifest_error = e.what();
    cases.push_back(std::move(c));
  }
  return cases;
}

const std::vector<Case>& Manifest() {
  static const std::vector<Case>* cases = new std::vector<Case>(LoadManifest());
  return *cases;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct RunResult {
  int exit_code = -1;     // valid when !signaled && !timed_out
  int signal = 0;
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs `argv` in `cwd` with stdin from `stdin_path`, stdout and stderr to
// files in `tmp`; kills it after kTimeoutSeconds.
RunResult RunCli(const std::vector<std::string>& argv, const fs::path& cwd,
                 const fs::path& tmp, const std::string& stdin_path = "/dev/null") {
  const fs::path out_path = tmp / "stdout";
  const fs::path err_path = tmp / "stderr";
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  RunResult r;
  const pid_t pid = fork();
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    int in = open(stdin_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || chdir(cwd.c_str()) != 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(args[0], args.data());
    _exit(127);
  }
  if (pid < 0) {
    r.err = "fork failed";
    return r;
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(kTimeoutSeconds);
  int status = 0;
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!r.timed_out) {
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  }
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

// A per-case scratch folder, removed afterwards.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    std::string pattern = (fs::temp_directory_path() / ("odenek-bad-" + tag + "-XXXXXX")).string();
    path_ = mkdtemp(pattern.data()) != nullptr ? fs::path(pattern) : fs::path();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string Excerpt(const std::string& s) {
  constexpr size_t kMax = 2000;
  return s.size() <= kMax ? s : s.substr(0, kMax) + "\n...(cut)";
}

void ExpectContainsAll(const std::string& where, const std::string& text,
                       const std::vector<std::string>& fragments) {
  for (const std::string& f : fragments) {
    EXPECT_NE(text.find(f), std::string::npos)
        << where << " lacks \"" << f << "\"; it was:\n" << Excerpt(text);
  }
}

class BadInputTest : public ::testing::TestWithParam<Case> {};

TEST_P(BadInputTest, GivesExpectedExitAndMessage) {
  const Case& c = GetParam();
  ASSERT_TRUE(c.manifest_error.empty()) << "MANIFEST.yaml, " << c.file << ": "
                                        << c.manifest_error;
  if (!c.known_bug.empty()) GTEST_SKIP() << "known bug: " << c.known_bug;
  const std::string cli = Env("ODENEK_CLI");
  ASSERT_FALSE(cli.empty()) << "ODENEK_CLI is not set (the odenek_test() helper sets it)";
  ASSERT_FALSE(Env("ODENEK_SOURCE_DIR").empty());

  TempDir tmp(c.command);
  ASSERT_FALSE(tmp.path().empty());
  const std::string rules = (fs::path(Env("ODENEK_SOURCE_DIR")) / "rules").string();
  std::vector<std::string> argv = {cli};
  if (c.command == "validate") {
    argv.insert(argv.end(), {"validate", c.file});
  } else if (c.command == "simulate") {
    argv.insert(argv.end(),
                {"--rules", rules, "simulate", c.file, "--threads", "1", "--out",
                 (tmp.path() / "out.jsonl").string(), "--errors",
                 (tmp.path() / "errors.jsonl").string(), "--summary",
                 (tmp.path() / "summary.json").string()});
    // The corpus is about each bad record's message: a small file with a
    // bad record is far over the default --max-errors (1%), so the run keeps
    // going unless the case sets its own.
    if (std::find(c.args.begin(), c.args.end(), "--max-errors") == c.args.end()) {
      argv.insert(argv.end(), {"--max-errors", "100%"});
    }
  } else {
    argv.insert(argv.end(), {"--rules", rules, "--format", "json", c.command, c.file});
  }
  argv.insert(argv.end(), c.args.begin(), c.args.end());

  const RunResult r = RunCli(argv, BadDir(), tmp.path());
  if (c.command == "simulate" && r.exit_code == 2 &&
      r.err.find("not implemented") != std::string::npos) {
    GTEST_SKIP() << "odenek simulate is not implemented yet";
  }
  ASSERT_FALSE(r.timed_out) << "hung: killed after " << kTimeoutSeconds << " s";
  ASSERT_EQ(r.signal, 0) << "killed by signal " << r.signal << "; stderr:\n"
                         << Excerpt(r.err);
  for (const char* crash : {"AddressSanitizer", "runtime error:", "LeakSanitizer",
                            "terminate called", "Assertion"}) {
    EXPECT_EQ(r.err.find(crash), std::string::npos) << "stderr:\n" << Excerpt(r.err);
  }
  EXPECT_EQ(r.exit_code, c.exit_code) << "stdout:\n"
                                      << Excerpt(r.out) << "\nstderr:\n"
                                      << Excerpt(r.err);
  ExpectContainsAll("stdout", r.out, c.stdout_has);
  ExpectContainsAll("stderr", r.err, c.stderr_has);
  if (!c.errors_has.empty()) {
    ExpectContainsAll("--errors file", ReadFile(tmp.path() / "errors.jsonl"), c.errors_has);
  }
  if (c.no_errors) {
    EXPECT_EQ(ReadFile(tmp.path() / "errors.jsonl"), "") << "--errors file";
  }
  if (!c.summary_has.empty()) {
    ExpectContainsAll("--summary file", ReadFile(tmp.path() / "summary.json"),
                      c.summary_has);
  }
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.command + "_" + info.param.file;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInputTest, ::testing::ValuesIn(Manifest()), CaseName);

// Every file of the corpus has an expectation: an input added without one
// would otherwise be silently ignored.
TEST(BadInputManifest, ListsEveryFile) {
  std::set<std::string> listed;
  for (const Case& c : Manifest()) listed.insert(c.file);
  const fs::path bad = BadDir();
  ASSERT_TRUE(fs::is_directory(bad)) << bad;
  for (const char* folder : {"claims", "bulk"}) {
    for (const fs::directory_entry& e : fs::directory_iterator(bad / folder)) {
      const std::string rel = e.path().lexically_relative(bad).generic_string();
      EXPECT_EQ(listed.count(rel), 1u) << rel << " is not in MANIFEST.yaml";
    }
  }
  for (const fs::directory_entry& e : fs::directory_iterator(bad / "rules")) {
    const std::string rel = e.path().lexically_relative(bad).generic_string();
    EXPECT_EQ(listed.count(rel), 1u) << rel << " is not in MANIFEST.yaml";
  }
}

TEST(BadInputManifest, HasAtLeastSixtyCases) { EXPECT_GE(Manifest().size(), 60u); }

// ---- Generated inputs: the limits, whose files are too big to keep in git.

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Runs `odenek <args...>` on generated inputs in `dir` and checks it ends by
// itself with `exit_code` and every fragment in stdout + stderr.
void ExpectRun(const fs::path& dir, std::vector<std::string> args, int exit_code,
               const std::vector<std::string>& fragments,
               const std::string& stdin_path = "/dev/null") {
  const std::string cli = Env("ODENEK_CLI");
  ASSERT_FALSE(cli.empty()) << "ODENEK_CLI is not set";
  args.insert(args.begin(), cli);
  const RunResult r = RunCli(args, dir, dir, stdin_path);
  ASSERT_FALSE(r.timed_out) << "hung: killed after " << kTimeoutSeconds << " s";
  ASSERT_EQ(r.signal, 0) << "killed by signal " << r.signal << "; stderr:\n"
                         << Excerpt(r.err);
  EXPECT_EQ(r.exit_code, exit_code) << "stdout:\n"
                                    << Excerpt(r.out) << "\nstderr:\n"
                                    << Excerpt(r.err);
  ExpectContainsAll("output", r.out + r.err, fragments);
}

std::string Rules() {
  return (fs::path(Env("ODENEK_SOURCE_DIR")) / "rules").string();
}

// The header of a facts-form CSV claim file (CONTRACT §3a).
constexpr char kFactsHeader[] =
    "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,"
    "prim_gun_3_yil,kazanc_son_4_ay,gun_son_4_ay";

// What `odenek simulate FILE` (one thread) wrote, run in `dir`; it must exit 0.
struct SimulateFiles {
  std::string out;     // --out
  std::string errors;  // --errors
};
SimulateFiles Simulate(const fs::path& dir, const std::string& file) {
  const fs::path out = dir / "out.jsonl";
  const fs::path errors = dir / "errors.jsonl";
  ExpectRun(dir,
            {"--rules", Rules(), "simulate", file, "--threads", "1", "--max-errors", "100%",
             "--out", out.string(), "--errors", errors.string()},
            0, {});
  return {ReadFile(out), ReadFile(errors)};
}

TEST(BadInputGenerated, ClaimOverFourMebibytes) {
  TempDir tmp("big");
  std::string text = "id: B-1\nfesih_tarihi: 2023-03-31\n";
  text += "# " + std::string(4 * 1024 * 1024, 'x') + "\n";
  WriteFile(tmp.path() / "big.yaml", text);
  // Refused by its size before it is read (issue #14): the bulk record limit.
  ExpectRun(tmp.path(), {"--rules", Rules(), "check", "big.yaml"}, 1,
            {"big.yaml: file is 4194340 bytes; at most 1048576 bytes (1 MiB)"});
}

// check and explain read at most kMaxClaimBytes (odenek/claim.h, 1 MiB, the
// bulk record limit): one byte more is refused, exactly the limit is read.
TEST(BadInputGenerated, ClaimAtAndOverTheClaimLimit) {
  TempDir tmp("claim-limit");
  const std::string head = "id: B-1\nfesih_tarihi: 2023-03-31\n# ";
  const size_t limit = size_t{1} << 20;
  WriteFile(tmp.path() / "at.yaml", head + std::string(limit - head.size() - 1, 'x') + "\n");
  WriteFile(tmp.path() / "over.yaml", head + std::string(limit - head.size(), 'x') + "\n");
  ExpectRun(tmp.path(), {"--rules", Rules(), "--format", "json", "check", "at.yaml"}, 0,
            {"\"id\":\"B-1\""});
  ExpectRun(tmp.path(), {"--rules", Rules(), "check", "over.yaml"}, 1,
            {"over.yaml: file is 1048577 bytes; at most 1048576 bytes (1 MiB) are allowed"});
  ExpectRun(tmp.path(), {"--rules", Rules(), "explain", "over.yaml", "--program",
                         "issizlik_odenegi"},
            1, {"over.yaml: file is 1048577 bytes"});
}

// A long history (a claim's premium records) is bounded by the node limit.
TEST(BadInputGenerated, HistoryOverNodeLimit) {
  TempDir tmp("history");
  std::string text = "id: B-1\nfesih: {tarih: 2023-03-31, neden_kodu: 4}\nprimler:\n";
  // Dense (5 nodes in 16 bytes) to pass the node limit under the size limit.
  for (int i = 0; i < 30000; ++i) text += "  - {ay: 1, gun: 1}\n";
  WriteFile(tmp.path() / "history.yaml", text);
  ExpectRun(tmp.path(), {"--rules", Rules(), "check", "history.yaml"}, 1,
            {"history.yaml:", "too many YAML nodes"});
}

// A claim in the history form with `records` one-day premium records.
std::string HistoryClaim(int records) {
  std::string text = "id: B-1\nfesih: {tarih: 2023-03-31, neden_kodu: 4}\n"
                     "basvuru: {tarih: 2023-04-05}\nprimler:\n";
  for (int i = 0; i < records; ++i) {
    text += "  - {ay: 2023-03, gun: 1, kazanc: 1.00, isveren: \"1\"}\n";
  }
  return text;
}

// At the record limit (and under the node limit: 9 nodes a record) a long
// history is still evaluated.
TEST(BadInputGenerated, LongHistoryIsEvaluated) {
  TempDir tmp("history-ok");
  WriteFile(tmp.path() / "history.yaml", HistoryClaim(10000));
  ExpectRun(tmp.path(),
            {"--rules", Rules(), "--format", "json", "check", "history.yaml",
             "--program", "issizlik_odenegi"},
            0, {"\"program\":\"issizlik_odenegi\""});
}

// One history list may hold at most kMaxHistoryRecords (10000) records
// (odenek/claim.h): the 10001st is refused by name, before the node limit.
TEST(BadInputGenerated, HistoryOverTheRecordLimit) {
  TempDir tmp("history-limit");
  WriteFile(tmp.path() / "history.yaml", HistoryClaim(10001));
  ExpectRun(tmp.path(), {"--rules", Rules(), "check", "history.yaml"}, 1,
            {"history.yaml:5:3: primler: 10001 records; at most 10000"});
}

// The same limit in bulk: a JSONL line (the direct reader, simulate's first
// choice) whose history is one record too long is an error record naming the
// list, and the lines around it are evaluated.
TEST(BadInputGenerated, BulkHistoryOverTheRecordLimit) {
  TempDir tmp("bulk-history-limit");
  auto line = [](const std::string& id, int records) {
    std::string text = "{\"id\": \"" + id +
                       "\", \"fesih\": {\"tarih\": \"2023-03-31\", \"neden_kodu\": 4}, "
                       "\"basvuru\": {\"tarih\": \"2023-04-05\"}, \"primler\": [";
    for (int i = 0; i < records; ++i) {
      text += i == 0 ? "" : ", ";
      text += "{\"ay\": \"2023-03\", \"gun\": 1, \"kazanc\": \"1.00\", \"isveren\": \"1\"}";
    }
    return text + "]}\n";
  };
  WriteFile(tmp.path() / "history.jsonl",
            line("H-1", 10000) + line("H-2", 10001) + line("H-3", 3));
  const SimulateFiles run = Simulate(tmp.path(), "history.jsonl");
  ExpectContainsAll("errors", run.errors,
                    {"\"record\":2", "\"id\":\"H-2\"", "primler: 10001 records; at most 10000"});
  ExpectContainsAll("out", run.out, {"\"id\":\"H-1\"", "\"id\":\"H-3\""});
  EXPECT_EQ(run.out.find("H-2"), std::string::npos);
}

// A programme file whose variables form one long chain, declared in
// dependency order (v0 first) or last-first. 16000 is about the longest chain
// one programme file can hold under the node limit (6 nodes a variable).
std::string ChainProgram(int length, bool reversed) {
  std::string text =
      "program: zincir\ntitle: Zincir\nreference: Deneme K. m.1\n"
      "inputs:\n  x: {type: gun}\nvariables:\n";
  auto variable = [](int i) {
    return i == 0 ? std::string("  v0:\n    expr: x\n    reference: Deneme K. m.2\n")
                  : "  v" + std::to_string(i) + ":\n    expr: v" + std::to_string(i - 1) +
                        " + 1 gun\n    reference: Deneme K. m.2\n";
  };
  for (int k = 0; k <= length; ++k) text += variable(reversed ? length - k : k);
  text += "conditions:\n  - id: c\n    expr: v" + std::to_string(length) +
          " > 0 gun\n    message: m\n    reference: Deneme K. m.3\n";
  return text;
}

// The checker types variables depth-first and recursively: a long chain must
// load (or be refused with a clear limit), never overflow the stack.
TEST(BadInputGenerated, LongVariableChain) {
  TempDir tmp("chain");
  fs::create_directory(tmp.path() / "rules");
  WriteFile(tmp.path() / "rules" / "program.yaml", ChainProgram(16000, false));
  ExpectRun(tmp.path(), {"validate", "rules"}, 0, {"0 errors"});
}

// Declared last-first, every variable's typing recurses into the next: the
// deepest recursion a rule file can ask for. Past the checker's limit (256
// links) it is refused with a clear error instead of overflowing the stack.
TEST(BadInputGenerated, LongVariableChainReversed) {
  TempDir tmp("chain-reversed");
  fs::create_directory(tmp.path() / "rules");
  WriteFile(tmp.path() / "rules" / "program.yaml", ChainProgram(16000, true));
  ExpectRun(tmp.path(), {"validate", "rules"}, 1,
            {"error: variable", "depends on a chain of more than 256 variables"});
  WriteFile(tmp.path() / "rules" / "program.yaml", ChainProgram(250, true));
  ExpectRun(tmp.path(), {"validate", "rules"}, 0, {"0 errors"});
}

// A rule folder may hold at most 1000 rule files (load/yaml_loader.h
// kMaxRuleFiles); past that, loading stops with one error naming the folder,
// before reading the rest.
TEST(BadInputGenerated, RuleFolderOverFileLimit) {
  TempDir tmp("many-rules");
  fs::create_directory(tmp.path() / "rules");
  for (int i = 0; i <= 1000; ++i) {
    WriteFile(tmp.path() / "rules" / ("p" + std::to_string(i) + ".yaml"), "# empty\n");
  }
  ExpectRun(tmp.path(), {"validate", "rules"}, 1,
            {"rule directory rules holds more than 1000 rule files", "at most 1000"});
  ExpectRun(tmp.path(), {"--rules", "rules", "programs"}, 1,
            {"rule directory rules holds more than 1000 rule files"});
}

// One bulk record may be at most 1 MiB (cli/simulate_input.h
// max_record_size): a longer one is rejected as a bad record, without being
// buffered, and the records around it are evaluated (read = evaluated +
// rejected).
TEST(BadInputGenerated, BulkRecordOverOneMebibyte) {
  TempDir tmp("long-record");
  const std::string good = ",2023-03-31,4,2023-04-05,true,720,40032.00,120\n";
  std::string text = std::string(kFactsHeader) + "\n";
  text += "L-1" + good;
  text += "L-2" + std::string(1100 * 1024, 'x') + good;
  text += "L-3" + good;
  WriteFile(tmp.path() / "long.csv", text);
  const SimulateFiles run = Simulate(tmp.path(), "long.csv");
  ExpectContainsAll("errors", run.errors, {"\"record\":2", "too long", "1048576"});
  ExpectContainsAll("out", run.out, {"\"id\":\"L-1\"", "\"id\":\"L-3\""});
  EXPECT_EQ(run.out.find("L-2"), std::string::npos);
}

// Found by csv_row_fuzz (docs/security.md): a record of exactly the limit
// (1 MiB) ended by CRLF is refused as too long when a read block ends between
// its CR and its LF: cli/simulate_input.cc RecordReader::Next() counts the CR
// against the limit before it has seen the LF. Here the first 4 MiB block
// (simulate's default) ends right after the CR. Expected: the record is
// evaluated, as it is anywhere else in the file.
// Found by csv_row_fuzz; fixed in RecordReader::Next (acc7c9a).
TEST(BadInputGenerated, BulkRecordOfExactlyTheLimitBeforeCrlf) {
  TempDir tmp("crlf-at-limit");
  const std::string rest = ",2023-03-31,4,2023-04-05,true,720,40032.00,120";
  std::string text = std::string(kFactsHeader) + "\r\n";
  const size_t limit = size_t{1} << 20;
  const size_t block = size_t{4} << 20;
  // Blank lines are not records: they move the long record to its place.
  text += std::string(block - 1 - limit - text.size(), '\n');
  std::string record = "\"L-2";
  record += std::string(limit - record.size() - 1 - rest.size(), 'x');
  record += "\"" + rest;
  ASSERT_EQ(record.size(), limit);
  text += record + "\r\n";
  ASSERT_EQ(text.size(), block + 1);  // the CR is the block's last byte
  text += "L-3" + rest + "\r\n";
  WriteFile(tmp.path() / "limit.csv", text);
  const SimulateFiles run = Simulate(tmp.path(), "limit.csv");
  EXPECT_EQ(run.errors.find("too long"), std::string::npos) << run.errors.substr(0, 300);
  ExpectContainsAll("out", run.out, {"\"id\":\"L-2xxx", "\"id\":\"L-3\""});
}

// ---- Input guards (issue #14): check and explain read only a regular file
// or stdin, at most 1 MiB; nothing else that reads a file blocks on a pipe,
// reads a device forever or dies of an exception on a folder.

// A folder under `tmp` holding a claim file, a folder, a named pipe and a
// link to the claim.
void MakeOddFiles(const fs::path& dir) {
  WriteFile(dir / "claim.yaml",
            "id: B-1\nfesih_tarihi: 2023-03-31\nfesih_neden_kodu: 4\nbasvuru_tarihi: 2023-04-05\n"
            "son_120_gun_hizmet_akdi: true\nprim_gun_3_yil: 720\nkazanc_son_4_ay: \"40032.00\"\n"
            "gun_son_4_ay: 120\n");
  fs::create_directory(dir / "folder.yaml");
  ASSERT_EQ(mkfifo((dir / "pipe.yaml").c_str(), 0644), 0);
  fs::create_symlink(dir / "claim.yaml", dir / "link.yaml");
}

TEST(BadInputGenerated, CheckRefusesFoldersPipesAndDevices) {
  TempDir tmp("odd-claims");
  MakeOddFiles(tmp.path());
  for (const char* command : {"check", "explain"}) {
    SCOPED_TRACE(command);
    auto run = [&](const std::string& file, int exit_code,
                   const std::vector<std::string>& fragments) {
      ExpectRun(tmp.path(),
                {"--rules", Rules(), "--format", "json", command, file, "--program",
                 "issizlik_odenegi"},
                exit_code, fragments);
    };
    // Was an uncaught std::ios_failure (SIGABRT, exit 134).
    run("folder.yaml", 1,
        {"cannot read folder.yaml: it is a folder; expected a claim file (YAML or JSON), or - "
         "for stdin"});
    // Would wait for a writer forever.
    run("pipe.yaml", 1, {"cannot read pipe.yaml: it is a named pipe (FIFO)"});
    // Read until memory ran out (5 GB after 20 s).
    run("/dev/zero", 1, {"cannot read /dev/zero: it is a device"});
    run("/dev/urandom", 1, {"cannot read /dev/urandom: it is a device"});
    run("/dev/null", 1, {"cannot read /dev/null: it is a device"});
    run(".", 1, {"cannot read .: it is a folder"});
    run("missing.yaml", 1, {"cannot read missing.yaml: No such file"});
    // A link to a regular file is that file.
    run("link.yaml", 0, {"\"id\":\"B-1\""});
  }
}

TEST(BadInputGenerated, CheckReadsStdinUpToTheLimitOnly) {
  TempDir tmp("stdin");
  MakeOddFiles(tmp.path());
  // /dev/zero on stdin: stops after 1 MiB + 1 byte, at once.
  ExpectRun(tmp.path(), {"--rules", Rules(), "check", "-"}, 1,
            {"<stdin>: more than 1048576 bytes; at most 1048576 bytes (1 MiB) are allowed in "
             "one claim (the limit of one bulk record)"},
            "/dev/zero");
  ExpectRun(tmp.path(), {"--rules", Rules(), "explain", "-", "--program", "issizlik_odenegi"},
            1, {"<stdin>: more than 1048576 bytes"}, "/dev/zero");
  // A claim on stdin is read as before.
  ExpectRun(tmp.path(), {"--rules", Rules(), "--format", "json", "check", "-"}, 0,
            {"\"id\":\"B-1\""}, (tmp.path() / "claim.yaml").string());
  // A big file is refused by its size before it is read.
  WriteFile(tmp.path() / "big.yaml", std::string(3 << 20, '#'));
  ExpectRun(tmp.path(), {"--rules", Rules(), "check", "-"}, 1,
            {"<stdin>: more than 1048576 bytes"}, (tmp.path() / "big.yaml").string());
}

// Every other command that reads a file named on the command line.
TEST(BadInputGenerated, OtherReadersRefuseFoldersPipesAndDevices) {
  TempDir tmp("odd-readers");
  MakeOddFiles(tmp.path());
  ExpectRun(tmp.path(), {"--rules", Rules(), "test", "pipe.yaml"}, 1,
            {"pipe.yaml is a named pipe (FIFO), not a regular file"});
  ExpectRun(tmp.path(), {"--rules", Rules(), "test", "/dev/zero"}, 1,
            {"/dev/zero is a device, not a regular file"});
  ExpectRun(tmp.path(), {"--rules", Rules(), "--reform", "pipe.yaml", "programs"}, 1,
            {"not a reform file: pipe.yaml"});
  ExpectRun(tmp.path(), {"--rules", Rules(), "--reform", "folder.yaml", "validate"}, 1,
            {"not a reform file: folder.yaml"});
  ExpectRun(tmp.path(), {"--rules", Rules(), "--reform", "/dev/zero", "params"}, 1,
            {"not a reform file: /dev/zero"});
  ExpectRun(tmp.path(), {"--rules", "pipe.yaml", "params"}, 1,
            {"not a rule directory: pipe.yaml"});
  ExpectRun(tmp.path(), {"--rules", "/dev/zero", "programs"}, 1,
            {"not a rule directory: /dev/zero"});
  ExpectRun(tmp.path(), {"validate", "claim.yaml"}, 1, {"not a rule directory: claim.yaml"});
}

// ---- The rule loader skips nothing silently (issue #14).

// A rule folder with one programme (tests/bad/rules/ok_minimal) at dir/rules.
void CopyMinimalRules(const fs::path& dir) {
  fs::copy(BadDir() / "rules" / "ok_minimal", dir / "rules");
}

TEST(BadInputGenerated, SymlinksInARuleFolderAreErrors) {
  TempDir tmp("rule-links");
  CopyMinimalRules(tmp.path());
  ExpectRun(tmp.path(), {"validate", "rules"}, 0, {"0 errors, 0 warnings"});
  // A programme folder that is a link silently disappeared ("0 errors").
  fs::create_directory(tmp.path() / "other");
  fs::copy(tmp.path() / "rules" / "program.yaml", tmp.path() / "other" / "program.yaml");
  fs::create_directory_symlink(tmp.path() / "other", tmp.path() / "rules" / "baska");
  ExpectRun(tmp.path(), {"validate", "rules"}, 1,
            {"rules/baska: error: a symbolic link inside the rule folder; links are not "
             "followed",
             "1 error, 0 warnings"});
  fs::remove(tmp.path() / "rules" / "baska");
  // A dangling link, a link to a file, a link in a loop.
  fs::create_symlink(tmp.path() / "rules" / "yok.yaml", tmp.path() / "rules" / "x.yaml");
  fs::create_symlink(tmp.path() / "other" / "program.yaml", tmp.path() / "rules" / "y.yml");
  fs::create_directory_symlink(tmp.path() / "rules", tmp.path() / "rules" / "loop");
  ExpectRun(tmp.path(), {"validate", "rules"}, 1,
            {"rules/x.yaml: error: a symbolic link", "rules/y.yml: error: a symbolic link",
             "rules/loop: error: a symbolic link", "3 errors"});
  ExpectRun(tmp.path(), {"--rules", "rules", "programs"}, 1,
            {"rules/x.yaml: error: a symbolic link"});
  ExpectRun(tmp.path(), {"--rules", "rules", "test"}, 1, {"rules/loop: error: a symbolic link"});
}

TEST(BadInputGenerated, NonRegularRuleFilesAreErrors) {
  TempDir tmp("rule-pipe");
  CopyMinimalRules(tmp.path());
  ASSERT_EQ(mkfifo((tmp.path() / "rules" / "boru.yaml").c_str(), 0644), 0);
  // Was skipped in silence; opening it would block.
  ExpectRun(tmp.path(), {"validate", "rules"}, 1,
            {"rules/boru.yaml: error: a rule file must be a regular file; this is a named pipe "
             "(FIFO)"});
  fs::remove(tmp.path() / "rules" / "boru.yaml");
  // A folder named like a rule file is a folder: walked into, not an error.
  fs::create_directory(tmp.path() / "rules" / "klasor.yaml");
  ExpectRun(tmp.path(), {"validate", "rules"}, 0, {"0 errors"});
}

// root reads everything; the loader's unit test covers root with a child
// process that becomes `nobody` (yaml_loader_test).
TEST(BadInputGenerated, UnreadableRuleFilesAndFoldersAreErrors) {
  if (geteuid() == 0) GTEST_SKIP() << "running as root: every file is readable";
  TempDir tmp("rule-unreadable");
  CopyMinimalRules(tmp.path());
  fs::create_directory(tmp.path() / "rules" / "kapali");
  WriteFile(tmp.path() / "rules" / "kapali" / "p.yaml", "# x\n");
  fs::permissions(tmp.path() / "rules" / "kapali", fs::perms::none);
  ExpectRun(tmp.path(), {"validate", "rules"}, 1,
            {"cannot list the rule folder rules/kapali: Permission denied"});
  fs::permissions(tmp.path() / "rules" / "kapali", fs::perms::owner_all);
  fs::permissions(tmp.path() / "rules" / "program.yaml", fs::perms::none);
  ExpectRun(tmp.path(), {"validate", "rules"}, 1,
            {"cannot read rules/program.yaml: Permission denied"});
  ExpectRun(tmp.path(), {"--rules", "rules", "test"}, 1,
            {"cannot read rules/program.yaml: Permission denied"});
}

TEST(BadInputGenerated, ARuleSetWithoutProgrammesIsAnError) {
  TempDir tmp("no-programs");
  fs::create_directory(tmp.path() / "rules");
  // Was "0 errors, 0 warnings" and "0 passed, 0 failed", exit 0.
  ExpectRun(tmp.path(), {"validate", "rules"}, 1,
            {"rules: error: rule directory rules defines no programme"});
  ExpectRun(tmp.path(), {"--rules", "rules", "test"}, 1, {"defines no programme"});
  ExpectRun(tmp.path(), {"--rules", "rules", "programs"}, 1, {"defines no programme"});
  // `test DIR` on a folder without cases: nothing was tested, so not a pass.
  fs::create_directory(tmp.path() / "cases");
  ExpectRun(tmp.path(), {"--rules", Rules(), "test", "cases"}, 1,
            {"odenek test: no test cases found in cases; expected at least one",
             "0 passed, 0 failed"});
}

// ---- An unterminated quote cannot swallow a CSV file (issue #14).

std::string FactsRows(int rows, int stray_row, const std::string& stray_prefix) {
  const std::string rest = ",2023-03-31,4,2023-04-05,true,720,40032.00,120\n";
  std::string text = std::string(kFactsHeader) + "\n";
  for (int i = 1; i <= rows; ++i) {
    text += (i == stray_row ? stray_prefix : "") + "Q-" + std::to_string(i) + rest;
  }
  return text;
}

// A '"' at the start of row 5 of 2,000: "5 read, 4 evaluated, 1 rejected"
// and 1,995 claims nowhere. Now: 1,999 evaluated + 1 rejected.
TEST(BadInputGenerated, BulkStrayQuoteCostsOneRecord) {
  TempDir tmp("stray-quote");
  WriteFile(tmp.path() / "q.csv", FactsRows(2000, 5, "\""));
  const fs::path summary = tmp.path() / "summary.json";
  ExpectRun(tmp.path(),
            {"--rules", Rules(), "simulate", "q.csv", "--threads", "2", "--out", "out.csv",
             "--errors", "errors.jsonl", "--summary", summary.string()},
            0, {"kayıtlar: 2.000 okundu, 1.999 değerlendirildi, 1 reddedildi"});
  const std::string errors = ReadFile(tmp.path() / "errors.jsonl");
  EXPECT_EQ(errors,
            "{\"record\":5,\"line\":6,\"message\":\"unterminated quote: a quoted field is not "
            "closed before the end of the input; the record's first line is skipped and "
            "reading resumes on the next line\"}\n");
  ExpectContainsAll("summary", ReadFile(summary),
                    {"\"records_read\": 2000", "\"records_evaluated\": 1999",
                     "\"records_rejected\": 1"});
  const std::string out = ReadFile(tmp.path() / "out.csv");
  EXPECT_NE(out.find("\nQ-4,"), std::string::npos);
  EXPECT_NE(out.find("\nQ-6,"), std::string::npos);
  EXPECT_NE(out.find("\nQ-2000,"), std::string::npos);
  EXPECT_EQ(out.find("Q-5,"), std::string::npos);
}

// The same past the record limit (1 MiB of rows after the quote): the first
// line is the bad record, not the next megabyte.
TEST(BadInputGenerated, BulkStrayQuotePastTheRecordLimit) {
  TempDir tmp("stray-quote-long");
  WriteFile(tmp.path() / "q.csv", FactsRows(30000, 7, "\""));
  ExpectRun(tmp.path(),
            {"--rules", Rules(), "simulate", "q.csv", "--threads", "2", "--errors",
             "errors.jsonl"},
            0, {"kayıtlar: 30.000 okundu, 29.999 değerlendirildi, 1 reddedildi"});
  ExpectContainsAll("errors", ReadFile(tmp.path() / "errors.jsonl"),
                    {"{\"record\":7,\"line\":8,\"message\":\"record too long: over 1048576 "
                     "bytes, or an unterminated quote"});
}

// ---- Ids (issue #14): the same rule and message on both JSONL paths.

// simulate's JSONL lines go straight into the columns (JsonRowReader) unless
// ODENEK_SIMULATE_JSONL_TREE=1 sends every line through a Claim tree: a bad
// id must give the same errors file either way.
TEST(BadInputGenerated, BulkIdsTheSameOnBothJsonlPaths) {
  for (const char* file : {"id_empty.jsonl", "id_null.jsonl", "id_missing.jsonl",
                           "id_nul_escape.jsonl", "id_control_escapes.jsonl",
                           "id_invalid_utf8.jsonl", "id_number.jsonl"}) {
    SCOPED_TRACE(file);
    TempDir tmp("ids-both-ways");
    fs::copy(BadDir() / "bulk" / file, tmp.path() / file);
    const SimulateFiles direct = Simulate(tmp.path(), file);
    ASSERT_EQ(setenv("ODENEK_SIMULATE_JSONL_TREE", "1", 1), 0);
    const SimulateFiles tree = Simulate(tmp.path(), file);
    unsetenv("ODENEK_SIMULATE_JSONL_TREE");
    EXPECT_EQ(direct.errors, tree.errors);
    EXPECT_EQ(direct.out, tree.out);
    if (std::string(file) != "id_number.jsonl") {
      EXPECT_NE(direct.errors.find("\"record\":2"), std::string::npos) << direct.errors;
    }
  }
}

}  // namespace
