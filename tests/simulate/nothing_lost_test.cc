// `odenek simulate` cannot lose or destroy data (issue #14): an output never
// overwrites the input or another output, outputs appear whole or not at all
// (killed, stopped, disk full, over --max-errors), and the exit code says so.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
};

class NothingLostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cli_ = Env("ODENEK_CLI");
    ASSERT_FALSE(cli_.empty()) << "ODENEK_CLI is not set (ctest sets it to the odenek binary)";
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = absl::StrCat(::testing::TempDir(), "odenek_nothing_lost_", info->name(), "_", getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  // Runs `odenek ARGS` through sh (so a test may prefix `ulimit`).
  CliRun Cli(const std::string& args, const std::string& prefix = "") {
    const std::string command = absl::StrCat(prefix, "'", cli_, "' ", args, " </dev/null >'",
                                             Path("stdout"), "' 2>'", Path("stderr"), "'");
    CliRun run;
    const int status = system(command.c_str());
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadFile(Path("stdout"));
    run.err = ReadFile(Path("stderr"));
    return run;
  }

  void Generate(int n, const std::string& name) {
    CliRun g = Cli(absl::StrCat("generate --n ", n, " --seed 7 --out '", Path(name), "'"));
    ASSERT_EQ(g.code, 0) << g.err;
  }

  // Files in the folder whose name marks an odenek temporary.
  std::vector<std::string> Temporaries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) {
      if (e.path().filename().string().find(".odenek-tmp") != std::string::npos) {
        out.push_back(e.path().filename().string());
      }
    }
    return out;
  }

  std::string cli_;
  std::string dir_;
};

TEST_F(NothingLostTest, AnOutputThatIsTheInputIsRefusedBeforeWriting) {
  Generate(50, "claims.csv");
  const std::string before = ReadFile(Path("claims.csv"));
  const std::string in = Path("claims.csv");
  fs::create_symlink(in, Path("link.csv"));
  for (const std::string& args :
       {absl::StrCat("'", in, "' --out '", in, "'"),
        absl::StrCat("'", in, "' --errors '", in, "'"),
        absl::StrCat("'", in, "' --summary '", in, "'"),
        absl::StrCat("'", in, "' --report '", in, "'"),
        absl::StrCat("'", in, "' --out '", Path("link.csv"), "'"),  // through a symlink
        absl::StrCat("'", in, "' --out '", dir_, "/./claims.csv'"),
        absl::StrCat("'", in, "' --out '", Path("x.jsonl"), "' --errors '", Path("x.jsonl"), "'"),
        absl::StrCat("'", in, "' --summary '", Path("s.json"), "' --report '", dir_,
                     "/../", fs::path(dir_).filename().string(), "/s.json'")}) {
    CliRun run = Cli("simulate " + args);
    EXPECT_EQ(run.code, 2) << args << "\n" << run.err;
    EXPECT_THAT(run.err, HasSubstr("is the same file as")) << args;
    EXPECT_EQ(ReadFile(in), before) << args;
    EXPECT_FALSE(fs::exists(Path("x.jsonl"))) << args;
    EXPECT_FALSE(fs::exists(Path("s.json"))) << args;
    EXPECT_TRUE(Temporaries().empty()) << args;
  }
}

TEST_F(NothingLostTest, AFailedRunLeavesNoOutputAndKeepsWhatWasThere) {
  WriteFile(Path("old.csv"), "an earlier run's results\n");
  WriteFile(Path("typo.csv"), "id,fesih_tarihy\nA,2023-01-01\n");  // a fatal header error
  CliRun run = Cli(absl::StrCat("simulate '", Path("typo.csv"), "' --out '", Path("old.csv"),
                             "' --errors '", Path("e.jsonl"), "' --summary '", Path("s.json"), "'"));
  EXPECT_EQ(run.code, 1);
  EXPECT_THAT(run.err, HasSubstr("no output was written"));
  EXPECT_EQ(ReadFile(Path("old.csv")), "an earlier run's results\n");
  EXPECT_FALSE(fs::exists(Path("e.jsonl")));
  EXPECT_FALSE(fs::exists(Path("s.json")));
  EXPECT_TRUE(Temporaries().empty());
}

TEST_F(NothingLostTest, OverMaxErrorsTheRunFailsWithoutResults) {
  std::string csv =
      "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,prim_gun_3_yil,"
      "kazanc_son_4_ay,gun_son_4_ay\n";
  for (int i = 1; i <= 200; ++i) {
    // 3 bad records in 200: 1.5%.
    const char* date = i % 60 == 0 ? "2023-02-30" : "2023-03-31";
    absl::StrAppend(&csv, "B-", i, ",", date, ",4,2023-04-05,true,720,40032.00,120\n");
  }
  WriteFile(Path("claims.csv"), csv);
  const std::string files = absl::StrCat(" --out '", Path("out.csv"), "' --errors '",
                                         Path("e.jsonl"), "' --summary '", Path("s.json"), "'");
  CliRun run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "'", files));  // default 1%
  EXPECT_EQ(run.code, 1);
  EXPECT_THAT(run.err, HasSubstr("3 of 200 records rejected, more than --max-errors 1%"));
  EXPECT_FALSE(fs::exists(Path("out.csv")));
  // The errors and the summary say why.
  const std::vector<std::string> errors =
      absl::StrSplit(ReadFile(Path("e.jsonl")), '\n', absl::SkipEmpty());
  EXPECT_EQ(errors.size(), 3u);
  EXPECT_THAT(ReadFile(Path("s.json")), HasSubstr("\"records_rejected\": 3"));

  for (const char* limit : {"3", "1%x"}) {
    run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --max-errors ", limit, files));
    if (std::string(limit) == "3") {
      EXPECT_EQ(run.code, 0) << run.err;  // at the limit, not over it
      EXPECT_TRUE(fs::exists(Path("out.csv")));
    } else {
      EXPECT_EQ(run.code, 2);
      EXPECT_THAT(run.err, HasSubstr("--max-errors: expected a count"));
    }
  }
  run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --max-errors 2", files));
  EXPECT_EQ(run.code, 1);
}

TEST_F(NothingLostTest, SigtermStopsTheRunAndRemovesTemporaries) {
  Generate(400000, "claims.csv");
  WriteFile(Path("out.csv"), "before\n");
  const std::string command =
      absl::StrCat("exec '", cli_, "' simulate '", Path("claims.csv"), "' --threads 1 --out '",
                   Path("out.csv"), "' --errors '", Path("e.jsonl"), "' 2>'", Path("stderr"), "'");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until the run is writing (a temporary exists), then stop it.
  for (int i = 0; i < 500 && Temporaries().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 0) GTEST_SKIP() << "the run finished before the signal";
  EXPECT_EQ(WEXITSTATUS(status), 143) << ReadFile(Path("stderr"));
  EXPECT_THAT(ReadFile(Path("stderr")), HasSubstr("stopped by SIGTERM"));
  EXPECT_EQ(ReadFile(Path("out.csv")), "before\n");
  EXPECT_FALSE(fs::exists(Path("e.jsonl")));
  EXPECT_TRUE(Temporaries().empty());
}

// SIGKILL at many points of a run: the final path holds the complete output
// (the same bytes as an undisturbed run) or nothing; a later run cleans up.
TEST_F(NothingLostTest, AKilledRunLeavesACompleteOutputOrNone) {
  Generate(150000, "claims.csv");
  const std::string args = absl::StrCat("simulate '", Path("claims.csv"), "' --threads 2");
  CliRun reference = Cli(absl::StrCat(args, " --out '", Path("reference.csv"), "'"));
  ASSERT_EQ(reference.code, 0) << reference.err;
  const std::string expected = ReadFile(Path("reference.csv"));

  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(Cli(absl::StrCat(args, " --out '", Path("timing.csv"), "'")).code, 0);
  const auto run_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  int complete = 0, absent = 0;
  for (int k = 0; k < 8; ++k) {
    const std::string out = Path(absl::StrCat("out", k, ".csv"));
    const std::string command = absl::StrCat("exec '", cli_, "' ", args, " --out '", out,
                                             "' >/dev/null 2>/dev/null");
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    // Spread the kills over the run, from before it reads a record (k = 0)
    // to past its end.
    std::this_thread::sleep_for(std::chrono::milliseconds(run_ms * k / 6));
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    if (fs::exists(out)) {
      EXPECT_EQ(ReadFile(out), expected) << "kill " << k << " left a partial output";
      ++complete;
    } else {
      ++absent;
    }
  }
  EXPECT_GT(absent, 0) << "no kill landed inside a run (" << run_ms << " ms)";
  // What a kill leaves is at most the temporary, which the same command
  // reuses: after a clean run nothing is left over.
  for (int k = 0; k < 8; ++k) {
    const std::string out = Path(absl::StrCat("out", k, ".csv"));
    ASSERT_EQ(Cli(absl::StrCat(args, " --out '", out, "'")).code, 0);
    EXPECT_EQ(ReadFile(out), expected);
  }
  EXPECT_TRUE(Temporaries().empty());
  RecordProperty("complete", complete);
  RecordProperty("absent", absent);
}

// A write that fails (the file size limit stands in for a full disk: the
// same error path, EFBIG instead of ENOSPC) fails the run and leaves nothing.
TEST_F(NothingLostTest, AFullDiskFailsTheRunAndLeavesNothing) {
  Generate(100000, "claims.csv");
  WriteFile(Path("out.jsonl"), "before\n");
  // ulimit -f counts 512-byte blocks in dash and 1024 in bash: either way
  // far below the ~60 MB the JSONL output needs, far above the input read.
  CliRun run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --out '", Path("out.jsonl"), "'"),
                "ulimit -f 4096; trap '' XFSZ; ");
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_THAT(run.err, HasSubstr("cannot write"));
  EXPECT_THAT(run.err, HasSubstr("out.jsonl"));
  EXPECT_EQ(ReadFile(Path("out.jsonl")), "before\n");
  EXPECT_TRUE(Temporaries().empty());
}

}  // namespace

namespace {

// A reform whose formula divides by zero for claims with exactly 120 days in
// the last 4 months: only the scenario fails for them.
constexpr char kFailingReform[] = R"(reform: bolme_hatasi
title: Sıfıra bölen reform (test)
reference: Test reformu
programs:
  issizlik_odenegi:
    variables:
      ortalama_gunluk_kazanc:
        description: "Test: 120 günde sıfıra böler"
        expr: kazanc_son_4_ay / (gun_son_4_ay - 120 gun)
        reference: Test reformu
)";

TEST_F(NothingLostTest, AReformErrorKeepsTheBaselineResult) {
  WriteFile(Path("reform.yaml"), kFailingReform);
  WriteFile(Path("claims.csv"),
            "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,"
            "prim_gun_3_yil,kazanc_son_4_ay,gun_son_4_ay\n"
            "A,2023-03-31,4,2023-04-05,true,720,40032.00,110\n"
            "B,2023-03-31,4,2023-04-05,true,720,40032.00,120\n"
            "C,2023-03-31,4,2023-04-05,true,720,40032.00,100\n");
  for (const char* ext : {"csv", "jsonl"}) {
    const std::string out = Path(absl::StrCat("out.", ext));
    CliRun run = Cli(absl::StrCat("--reform '", Path("reform.yaml"), "' simulate '",
                                  Path("claims.csv"), "' --out '", out, "' --errors '",
                                  Path("e.jsonl"), "' --summary '", Path("s.json"), "'"));
    ASSERT_EQ(run.code, 0) << run.err;
    // Every record is in the output with its baseline result; B's reform
    // side says "error", and the error names the scenario.
    const std::vector<std::string> lines = absl::StrSplit(ReadFile(out), '\n', absl::SkipEmpty());
    ASSERT_EQ(lines.size(), std::string(ext) == "csv" ? 4u : 3u) << ext;
    const std::string b = lines[std::string(ext) == "csv" ? 2 : 1];
    if (std::string(ext) == "csv") {
      EXPECT_THAT(b, ::testing::StartsWith("B,issizlik_odenegi,eligible,true,"));
      EXPECT_THAT(b, HasSubstr(",error,false,"));
      // As many columns as the header.
      EXPECT_EQ(std::count(b.begin(), b.end(), ','), std::count(lines[0].begin(), lines[0].end(), ','));
    } else {
      EXPECT_THAT(b, HasSubstr("\"status\":\"eligible\""));
      EXPECT_THAT(b, HasSubstr("\"reform\":{\"status\":\"error\",\"message\":"));
    }
    const std::string errors = ReadFile(Path("e.jsonl"));
    EXPECT_THAT(errors, HasSubstr("\"id\":\"B\""));
    EXPECT_THAT(errors, HasSubstr("\"scenario\":"));
    EXPECT_THAT(errors, HasSubstr("reform.yaml"));
    const std::string summary = ReadFile(Path("s.json"));
    EXPECT_THAT(summary, HasSubstr("\"records_evaluated\": 3"));
    EXPECT_THAT(summary, HasSubstr("\"records_rejected\": 0"));
    EXPECT_THAT(summary, HasSubstr("\"records_with_reform_error\": 1"));
  }
}

}  // namespace

namespace {

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out = absl::StrSplit(text, '\n');
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

// Every line of a generated file with bad rows of every kind injected is
// accounted for exactly once: its record in the results (found by id) or its
// line in the errors; read = evaluated + rejected; lines_read counts them all.
TEST_F(NothingLostTest, EveryLineIsInTheResultsOrTheErrorsOnce) {
  Generate(3000, "good.csv");
  std::vector<std::string> lines = SplitLines(ReadFile(Path("good.csv")));
  ASSERT_EQ(lines.size(), 3001u);
  const std::vector<std::string> bad = {
      "\"BAD-QUOTE,2023-03-31,4,2023-04-05,true,720,40032.00,120",  // never closed
      "BAD-DATE,2023-02-30,4,2023-04-05,true,720,40032.00,120",
      "BAD-INT,2023-03-31,dort,2023-04-05,true,720,40032.00,120",
      "BAD-FIELDS,2023-03-31,4",
      "BAD-MONEY,2023-03-31,4,2023-04-05,true,720,40.032.00,120",
      ",2023-03-31,4,2023-04-05,true,720,40032.00,120",  // empty id
      "BAD-BOUND,2023-03-31,4,2023-04-05,true,99999,40032.00,120",
      "BAD-BOOL,2023-03-31,4,2023-04-05,belki,720,40032.00,120",
      std::string("BAD-NUL,2023-03-31,4,2023-04-05,true,720,4") + '\0' + "0032.00,120",
      "BAD-STRAY\"QUOTE,2023-03-31,4,2023-04-05,true,720,40032.00,120",
  };
  // One of each every 250 lines, and a duplicate of an earlier id.
  std::vector<std::string> file = {lines[0]};
  for (size_t i = 1; i < lines.size(); ++i) {
    file.push_back(lines[i]);
    if (i % 250 == 0) file.push_back(bad[(i / 250) % bad.size()]);
    if (i == 2000) file.push_back(lines[7]);  // G-0000007 again
  }
  std::string text;
  for (const std::string& l : file) absl::StrAppend(&text, l, "\n");
  WriteFile(Path("claims.csv"), text);

  CliRun run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --threads 3 --max-errors 100% "
                                "--out '", Path("out.csv"), "' --errors '", Path("e.jsonl"),
                                "' --summary '", Path("s.json"), "'"));
  ASSERT_EQ(run.code, 0) << run.err;
  // Line numbers (1-based) of the data lines, by id for the good ones.
  std::map<std::string, int> line_of_id;
  for (size_t i = 1; i < file.size(); ++i) {
    const std::string id = file[i].substr(0, file[i].find(','));
    if (absl::StartsWith(id, "G-") && line_of_id.count(id) == 0) line_of_id[id] = static_cast<int>(i + 1);
  }
  std::map<int, int> seen;  // line → times accounted for
  std::set<std::string> out_ids;
  for (const std::string& row : SplitLines(ReadFile(Path("out.csv")))) {
    const std::string id = row.substr(0, row.find(','));
    if (id == "id" || !out_ids.insert(id).second) continue;  // header; one row a programme
    ASSERT_EQ(line_of_id.count(id), 1u) << "unexpected id in results: " << id;
    ++seen[line_of_id[id]];
  }
  for (const std::string& e : SplitLines(ReadFile(Path("e.jsonl")))) {
    ++seen[nlohmann::json::parse(e)["line"].get<int>()];
  }
  for (size_t i = 1; i < file.size(); ++i) {
    EXPECT_EQ(seen[static_cast<int>(i + 1)], 1) << "line " << i + 1 << ": " << file[i];
  }
  const nlohmann::json s = nlohmann::json::parse(ReadFile(Path("s.json")));
  EXPECT_EQ(s["records_read"].get<int64_t>(),
            s["records_evaluated"].get<int64_t>() + s["records_rejected"].get<int64_t>());
  EXPECT_EQ(s["records_read"].get<size_t>(), file.size() - 1);
  EXPECT_EQ(s["lines_read"].get<size_t>(), file.size());
  EXPECT_EQ(s["records_rejected"].get<size_t>(), 3000 / 250 + 1);  // the bad rows and the duplicate
}

}  // namespace
