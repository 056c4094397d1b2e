// Golden tests of the odenek command line (issue #4, CONTRACT §2).
//
// Each test runs the built `odenek` binary in the source folder (so file names
// in its output are relative, like a user's) and compares stdout with a file in
// tests/cli/golden/. After an intended change of output, rewrite the golden
// files with
//   ODENEK_UPDATE_GOLDEN=1 build/tests/cli_test
// and review the diff. Error cases check the exit code and that stderr names
// the file:line:column and says what was wrong.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

std::string SourceDir() {
  if (const char* env = std::getenv("ODENEK_SOURCE_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return ODENEK_TEST_SOURCE_DIR;
}

std::string CliPath() {
  if (const char* env = std::getenv("ODENEK_CLI"); env != nullptr && *env != '\0') return env;
  return ODENEK_TEST_CLI;
}

bool UpdateGolden() {
  const char* env = std::getenv("ODENEK_UPDATE_GOLDEN");
  return env != nullptr && std::string(env) == "1";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs odenek ARGS in the source folder with `stdin_path` (or /dev/null) as
// stdin. The environment is the test's, minus ODENEK_RULES, so the built-in
// rule set is used.
CliRun RunCli(const std::vector<std::string>& args, const std::string& stdin_path = "") {
  // Named by process id: two test runs on one machine (a developer's and CI's
  // clean clone) must not write each other's captures.
  const fs::path tmp = fs::path(::testing::TempDir());
  const std::string tag = std::to_string(getpid());
  const std::string out_path = (tmp / ("odenek_cli_out_" + tag + ".txt")).string();
  const std::string err_path = (tmp / ("odenek_cli_err_" + tag + ".txt")).string();
  const std::string cli = CliPath();
  const std::string src = SourceDir();
  std::vector<std::string> argv_storage = {cli};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    const int in = open(stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || chdir(src.c_str()) != 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    unsetenv("ODENEK_RULES");
    execv(cli.c_str(), argv.data());
    _exit(127);
  }
  CliRun run;
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    run.exit_code = WEXITSTATUS(status);
  }
  run.out = ReadFile(out_path);
  run.err = ReadFile(err_path);
  return run;
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
}

// Golden files hold no machine paths: the source folder (in the built-in rules'
// positions) becomes <src>. The rules hash becomes sha256:<rules> so an edit of
// any rule file does not churn every golden file; RulesHashIsTheVersionsHash
// checks the hash itself.
std::string Normalise(std::string text) {
  ReplaceAll(text, SourceDir(), "<src>");
  for (size_t at = 0; (at = text.find("sha256:", at)) != std::string::npos;) {
    at += 7;
    size_t end = at;
    while (end < text.size() && std::isxdigit(static_cast<unsigned char>(text[end]))) ++end;
    text.replace(at, end - at, "<rules>");
  }
  return text;
}

fs::path GoldenDir() { return fs::path(SourceDir()) / "tests" / "cli" / "golden"; }

// Compares `actual` with golden/NAME, or rewrites it under ODENEK_UPDATE_GOLDEN=1.
void ExpectGolden(const std::string& name, const std::string& actual) {
  const fs::path path = GoldenDir() / name;
  const std::string text = Normalise(actual);
  if (UpdateGolden()) {
    WriteFile(path, text);
    return;
  }
  ASSERT_TRUE(fs::exists(path)) << path << " is missing; run with ODENEK_UPDATE_GOLDEN=1";
  EXPECT_EQ(ReadFile(path), text) << "golden file " << name
                                  << " differs; if intended, run with ODENEK_UPDATE_GOLDEN=1";
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Every example claim, by file name without .yaml.
std::vector<std::string> Examples() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(SourceDir()) / "examples")) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// ---- evaluation ----------------------------------------------------------

TEST(CliCheck, ExamplesText) {
  for (const std::string& name : Examples()) {
    SCOPED_TRACE(name);
    CliRun run = RunCli({"check", "examples/" + name + ".yaml", "--format", "text"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    ExpectGolden("check_" + name + ".txt", run.out);
  }
}

TEST(CliCheck, ExamplesJson) {
  for (const std::string& name : Examples()) {
    SCOPED_TRACE(name);
    CliRun run = RunCli({"check", "examples/" + name + ".yaml", "--format", "json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    ExpectGolden("check_" + name + ".json", run.out);
  }
}

// The published figures, independent of the golden files: a golden file
// rewritten by mistake cannot make a wrong answer pass.
TEST(CliCheck, ExamplesGiveThePublishedFigures) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"issizlik_asgari_ucret", {R"("status":"eligible")", R"("aylik_net":"3972.82")"}},
      {"issizlik_odenegi", {R"("status":"eligible")", R"("aylik_net":"10650.15")"}},
      {"issizlik_gecmis", {R"("status":"eligible")", R"("aylik_net":"3972.82")"}},
      {"issizlik_red", {R"("status":"ineligible")", "fesih_kodu_uygun", "prim_600_gun"}},
      {"issizlik_kalan_hak", {R"("status":"eligible")", R"("sure_gun":120)", R"("aylik_net":"3972.82")"}},
      // Issue #17: a suspension and a new job; figures by tests/oracles/issizlik_olaylar.py.
      {"issizlik_olaylar",
       {R"("status":"eligible")", R"("sure_gun":97)", R"("kalan_hak_gun":73)",
        R"("kalan_hak_gunluk_brut":"133.44")", R"({"month":"2023-07","from":"2023-07-05","days":20,)"}},
      {"kisa_calisma_odenegi", {R"("status":"eligible")", R"("aylik_net":"5959.22")"}},
      {"yarim_calisma_odenegi", {R"("status":"eligible")", R"("aylik_net":"4966.02")"}},
      {"ucret_garanti_fonu", {R"("status":"eligible")", R"("toplam_net":"165039.39")"}},
      {"is_kaybi_tazminati", {R"("status":"eligible")", R"("toplam_tutar":"51040.80")"}},
      {"nakdi_ucret_destegi", {R"("status":"eligible")", R"("aylik_net":"3972.82")"}},
      {"cep_harcligi", {R"("status":"eligible")", R"("gunluk_tutar":"327.18")"}},
      {"esnaf_ahilik", {R"("status":"eligible")", R"("aylik_net":"7940.27")"}},
  };
  for (const auto& [name, fragments] : expected) {
    SCOPED_TRACE(name);
    CliRun run = RunCli({"check", "examples/" + name + ".yaml", "--format", "json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    std::string compact = run.out;
    compact.erase(std::remove_if(compact.begin(), compact.end(),
                                 [](char c) { return c == ' ' || c == '\n'; }),
                  compact.end());
    for (const std::string& f : fragments) EXPECT_THAT(compact, HasSubstr(f));
  }
}

TEST(CliCheck, StdinGivesTheSameAnswerAsTheFile) {
  CliRun from_file = RunCli({"check", "examples/issizlik_asgari_ucret.yaml", "--format", "json"});
  CliRun from_stdin = RunCli({"check", "-", "--format", "json"},
                          SourceDir() + "/examples/issizlik_asgari_ucret.yaml");
  EXPECT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_EQ(from_stdin.out, from_file.out);
}

// CONTRACT §3b: without --program, the claim's `basvuru.program` selects the
// programme (examples/issizlik_gecmis.yaml carries primler, which kısa and
// yarım çalışma also read, and basvuru.program: issizlik_odenegi); --program
// wins over it; a name that is no programme is an error at its line.
TEST(CliCheck, DateReadsEveryParameterAsInForceOnIt) {
  // ORNEK-IO-1 (fesih 2023-10-31) is capped: 0.8 x the gross minimum wage / 30.
  CliRun own = RunCli({"check", "examples/issizlik_odenegi.yaml", "--format", "json"});
  ASSERT_EQ(own.exit_code, 0) << own.err;
  EXPECT_THAT(own.out, HasSubstr("\"gunluk_brut\":\"357.72\""));  // 13414.50 (2023-07)
  CliRun as_of = RunCli({"check", "examples/issizlik_odenegi.yaml", "--date", "2026-01-01",
                         "--format", "json"});
  ASSERT_EQ(as_of.exit_code, 0) << as_of.err;
  EXPECT_THAT(as_of.out, HasSubstr("\"gunluk_brut\":\"880.80\""));  // 33030.00 (2026)

  CliRun explain = RunCli({"explain", "examples/issizlik_odenegi.yaml", "--program",
                           "issizlik_odenegi", "--date", "2026-01-01", "--format", "text"});
  ASSERT_EQ(explain.exit_code, 0) << explain.err;
  EXPECT_THAT(explain.out, HasSubstr("asgari_ucret.brut @ 2026-01-01 = 33.030,00 TL"));

  CliRun bad = RunCli({"check", "examples/issizlik_odenegi.yaml", "--date", "2026-02-30"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--date"));
  CliRun test = RunCli({"test", "--date", "2026-01-01"});
  EXPECT_EQ(test.exit_code, 2);
  EXPECT_THAT(test.err, HasSubstr("--date applies to check, explain, simulate and params only"));
}

TEST(CliSimulate, DateReadsEveryParameterAsInForceOnIt) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("odenek_asof_" + std::to_string(getpid()));
  fs::create_directories(dir);
  WriteFile(dir / "in.csv",
            "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,"
            "prim_gun_3_yil,kazanc_son_4_ay,gun_son_4_ay\n"
            "ORNEK-IO-1,2023-10-31,4,2023-11-05,true,720,300000.00,120\n");
  CliRun own = RunCli({"simulate", (dir / "in.csv").string(), "--out", (dir / "own.csv").string()});
  ASSERT_EQ(own.exit_code, 0) << own.err;
  CliRun as_of = RunCli({"simulate", (dir / "in.csv").string(), "--out",
                         (dir / "asof.csv").string(), "--date", "2026-01-01"});
  ASSERT_EQ(as_of.exit_code, 0) << as_of.err;
  EXPECT_THAT(ReadFile(dir / "own.csv"), HasSubstr("357.72"));
  EXPECT_THAT(ReadFile(dir / "asof.csv"), HasSubstr("880.80"));
  fs::remove_all(dir);
}

// Issue #14: --id-memory sends the id check to --temp-dir past its budget
// (1 MiB: from the first id); the output is the same bytes, the summary says
// so, and a temporary folder that cannot be used fails the run with nothing
// written at --out.
TEST(CliSimulate, IdsOnDiskGiveTheSameOutput) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("odenek_ids_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string csv =
      "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,"
      "prim_gun_3_yil,kazanc_son_4_ay,gun_son_4_ay\n";
  for (int i = 0; i < 300; ++i) {
    // Every tenth record repeats the id of the one before it.
    const int id = i % 10 == 9 ? i - 1 : i;
    csv += "K-" + std::to_string(id) + ",2023-10-31,4,2023-11-05,true," +
           std::to_string(600 + i) + ",300000.00,120\n";
  }
  WriteFile(dir / "in.csv", csv);
  CliRun memory = RunCli({"simulate", (dir / "in.csv").string(), "--out",
                          (dir / "memory.csv").string(), "--errors", (dir / "memory.jsonl").string(),
                          "--max-errors", "50%"});
  ASSERT_EQ(memory.exit_code, 0) << memory.err;
  CliRun disk = RunCli({"simulate", (dir / "in.csv").string(), "--out", (dir / "disk.csv").string(),
                        "--errors", (dir / "disk.jsonl").string(), "--summary",
                        (dir / "disk.json").string(), "--max-errors", "50%", "--id-memory", "1",
                        "--temp-dir", dir.string()});
  ASSERT_EQ(disk.exit_code, 0) << disk.err;
  EXPECT_EQ(ReadFile(dir / "disk.csv"), ReadFile(dir / "memory.csv"));
  EXPECT_EQ(ReadFile(dir / "disk.jsonl"), ReadFile(dir / "memory.jsonl"));
  EXPECT_THAT(ReadFile(dir / "disk.jsonl"), HasSubstr("\"id\":\"K-8\",\"message\":\"duplicate id"));
  EXPECT_THAT(ReadFile(dir / "disk.json"), HasSubstr("\"on_disk\": true"));
  CliRun no_folder = RunCli({"simulate", (dir / "in.csv").string(), "--out",
                             (dir / "none.csv").string(), "--max-errors", "50%", "--id-memory",
                             "1", "--temp-dir", (dir / "missing").string()});
  EXPECT_EQ(no_folder.exit_code, 1);
  EXPECT_THAT(no_folder.err, HasSubstr((dir / "missing").string()));
  EXPECT_FALSE(fs::exists(dir / "none.csv"));
  fs::remove_all(dir);
}

// Issue #16 item 5: a date after the last day a parameter's values are known
// (known_until: 2026-12-31 for the minimum wage) is priced with the latest
// value, and every output says so: the JSON result, the text, the bulk
// output and the summary; --date past it too. At or before it: no warning.
TEST(CliCheck, DatesAfterKnownValuesArePricedWithAWarning) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("odenek_known_" + std::to_string(getpid()));
  fs::create_directories(dir);
  auto claim = [](const std::string& id, const std::string& fesih, const std::string& basvuru) {
    return "{\"id\": \"" + id + "\", \"fesih_tarihi\": \"" + fesih +
           "\", \"fesih_neden_kodu\": 4, \"basvuru_tarihi\": \"" + basvuru +
           "\", \"son_120_gun_hizmet_akdi\": true, \"prim_gun_3_yil\": 900, "
           "\"kazanc_son_4_ay\": \"40000.00\", \"gun_son_4_ay\": 120}";
  };
  WriteFile(dir / "late.json", claim("L-1", "2027-01-15", "2027-01-20"));
  WriteFile(dir / "early.json", claim("E-1", "2026-02-27", "2026-03-02"));  // 8 months: to Oct
  WriteFile(dir / "edge.json", claim("D-1", "2026-12-31", "2027-01-05"));  // fesih on the day

  CliRun late = RunCli({"check", (dir / "late.json").string(), "--format", "json"});
  ASSERT_EQ(late.exit_code, 0) << late.err;
  EXPECT_THAT(late.out, HasSubstr("\"warnings\":[\"asgari_ucret.brut: read on 2027-01-15, after "
                                  "2026-12-31, the last day its values are known; the latest "
                                  "known value (in force from 2026-01-01) was used\"]"));
  CliRun text = RunCli({"check", (dir / "late.json").string(), "--format", "text"});
  // The text words the warning in its own language (issue #16 item 7).
  EXPECT_THAT(text.out, HasSubstr("UYARI         : asgari_ucret.brut: 2027-01-15 tarihinde okundu; "
                                  "değerleri 2026-12-31 tarihine kadar biliniyor, bilinen son "
                                  "değer (2026-01-01 tarihinden) kullanıldı"));
  CliRun english = RunCli({"check", (dir / "late.json").string(), "--format", "text", "--lang", "en"});
  EXPECT_THAT(english.out, HasSubstr("WARNING       : asgari_ucret.brut: read on 2027-01-15"));

  CliRun early = RunCli({"check", (dir / "early.json").string(), "--format", "json"});
  ASSERT_EQ(early.exit_code, 0) << early.err;
  EXPECT_THAT(early.out, Not(HasSubstr("warnings")));
  // The termination is on the last known day, but the payments run into 2027:
  // each month's cap reads the minimum wage of that month.
  CliRun edge = RunCli({"check", (dir / "edge.json").string(), "--format", "json"});
  EXPECT_THAT(edge.out, HasSubstr("\"warnings\":[\"asgari_ucret.brut: read on 2027-01-05"));
  CliRun as_of = RunCli({"check", (dir / "early.json").string(), "--date", "2030-01-01",
                         "--format", "json"});
  EXPECT_THAT(as_of.out, HasSubstr("read on 2030-01-01, after 2026-12-31"));

  WriteFile(dir / "in.jsonl", claim("L-1", "2027-01-15", "2027-01-20") + "\n" +
                                  claim("E-1", "2026-02-27", "2026-03-02") + "\n");
  CliRun bulk = RunCli({"simulate", (dir / "in.jsonl").string(), "--out",
                        (dir / "out.jsonl").string(), "--summary", (dir / "s.json").string()});
  ASSERT_EQ(bulk.exit_code, 0) << bulk.err;
  const std::string out = ReadFile(dir / "out.jsonl");
  EXPECT_EQ(out.find("warnings"), out.rfind("warnings"));  // one result of two
  EXPECT_THAT(out, HasSubstr("read on 2027-01-15"));
  EXPECT_THAT(ReadFile(dir / "s.json"), HasSubstr("\"with_warnings\": 1"));
  EXPECT_THAT(bulk.out, HasSubstr("uyarı: 1 sonuç, değerlerinin bilindiği son günden sonraki"));
  fs::remove_all(dir);
}

// CONTRACT §1 `plan PROGRAM`: the compiled plan with instructions, slots and
// source positions. Golden for one small programme; for every programme, one
// line per instruction, and every parameter lookup names its rule's place.
TEST(CliPlan, PrintsInstructionsSlotsAndSourcePositions) {
  CliRun small = RunCli({"plan", "cep_harcligi"});
  ASSERT_EQ(small.exit_code, 0) << small.err;
  ExpectGolden("plan_cep_harcligi.txt", small.out);
  CliRun list = RunCli({"programs", "--format", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const auto& p : nlohmann::json::parse(list.out)) {
    const std::string id = p["id"];
    SCOPED_TRACE(id);
    CliRun run = RunCli({"plan", id});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const std::vector<std::string> lines = Lines(run.out);
    ASSERT_FALSE(lines.empty());
    const size_t count = std::stoul(lines[0].substr(lines[0].find(": ") + 2));
    size_t instructions = 0;
    for (const std::string& line : lines) {
      if (line.rfind("  #", 0) != 0) continue;
      EXPECT_EQ(line.rfind("  #" + std::to_string(instructions) + " ", 0), 0u) << line;
      ++instructions;
      if (line.find(" ← param ") != std::string::npos) {
        EXPECT_THAT(line, ::testing::ContainsRegex(R"(\.yaml:[0-9]+:[0-9]+$)")) << line;
      }
    }
    EXPECT_EQ(instructions, count);
  }
  CliRun typo = RunCli({"plan", "cep_harclig"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.err, HasSubstr("unknown programme \"cep_harclig\" (did you mean \"cep_harcligi\"?)"));
}

TEST(CliCheck, BasvuruProgramSelectsTheProgramme) {
  CliRun run = RunCli({"check", "examples/issizlik_gecmis.yaml", "--format", "json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("\"program\":\"issizlik_odenegi\",\"status\":\"eligible\""));
  EXPECT_EQ(run.out.find("kisa_calisma_odenegi"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("yarim_calisma_odenegi"), std::string::npos) << run.out;

  CliRun forced = RunCli({"check", "examples/issizlik_gecmis.yaml", "--program",
                          "kisa_calisma_odenegi", "--format", "json"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_THAT(forced.out, HasSubstr("\"program\":\"kisa_calisma_odenegi\""));
  EXPECT_EQ(forced.out.find("\"program\":\"issizlik_odenegi\""), std::string::npos);

  std::string text = ReadFile(fs::path(SourceDir()) / "examples" / "issizlik_gecmis.yaml");
  const size_t at = text.find("program: issizlik_odenegi");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 25, "program: issizlik");
  const fs::path claim =
      fs::path(::testing::TempDir()) / ("odenek_basvuru_" + std::to_string(getpid()) + ".yaml");
  WriteFile(claim, text);
  CliRun unknown = RunCli({"check", "-", "--format", "json"}, claim.string());
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("<stdin>:12:"));
  EXPECT_THAT(unknown.err, HasSubstr("basvuru.program: unknown programme \"issizlik\"; programmes: "));
  fs::remove(claim);
}

TEST(CliExplain, Eligible) {
  CliRun run = RunCli({"explain", "examples/issizlik_odenegi.yaml", "--program",
                    "issizlik_odenegi", "--format", "text"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ExpectGolden("explain_issizlik_odenegi.txt", run.out);
}

TEST(CliExplain, Ineligible) {
  CliRun run = RunCli({"explain", "examples/issizlik_red.yaml", "--program", "issizlik_odenegi",
                    "--format", "text"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  // The "why not" section: the values used and the single change that flips it.
  EXPECT_THAT(run.out, HasSubstr("Neden olmadı"));
  EXPECT_THAT(run.out, HasSubstr("fesih_neden_kodu = 3"));
  EXPECT_THAT(run.out, HasSubstr("prim_gun_3_yil 540 < 600: 60 gün daha olsaydı bu koşul "
                                 "sağlanırdı (4447 s.K. m.50/1)"));
  ExpectGolden("explain_issizlik_red.txt", run.out);
}

// Issue #21: the remaining-entitlement paragraph applied, so the duration
// and the daily amount cite it, with the base definitions marked overridden;
// the text stays within 80 lines (issue #16 item 6).
TEST(CliExplain, ExceptionTaken) {
  CliRun run = RunCli({"explain", "examples/issizlik_kalan_hak.yaml", "--format", "text"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("istisna uygulandı: kalan_hak_kullanilir"));
  EXPECT_THAT(run.out, Not(HasSubstr("(hak_suresi) = 120   ← table(prim_gun_3_yil)")));
  EXPECT_LE(std::count(run.out.begin(), run.out.end(), '\n'), 80);
  ExpectGolden("explain_issizlik_kalan_hak.txt", run.out);
}

// Issue #17: the explanation says which period the claim's events left unpaid,
// by how many days, and why (the rule, the new job's date); a claim without
// events has no such block.
TEST(CliExplain, EventsNamePeriodsAndCause) {
  CliRun run = RunCli({"explain", "examples/issizlik_olaylar.yaml", "--format", "text"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Olaylar nedeniyle ödenmeyen günler"));
  EXPECT_THAT(run.out, HasSubstr("2. dönem 2023-07-05..2023-08-03: takvimde 30 gün, ödenmeyen 10 gün"));
  EXPECT_THAT(run.out, HasSubstr("covered_days(askiya_almalar, between(odeme_2_basi"));
  EXPECT_THAT(run.out, HasSubstr("(yukarıda: odeme_durma_tarihi = 2023-09-20)"));
  EXPECT_THAT(run.out, HasSubstr("ise_giris.tarih = 2023-09-20"));
  ExpectGolden("explain_issizlik_olaylar.txt", run.out);
  CliRun plain = RunCli({"explain", "examples/issizlik_odenegi.yaml", "--format", "text"});
  EXPECT_THAT(plain.out, Not(HasSubstr("Olaylar nedeniyle")));
}

TEST(CliExplain, Json) {
  CliRun run = RunCli({"explain", "examples/issizlik_gecmis.yaml", "--program",
                    "issizlik_odenegi", "--format", "json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ExpectGolden("explain_issizlik_gecmis.json", run.out);
}

// The "why not" data in JSON mirrors the text section: each failed condition,
// the values that failed it and the single change that would flip it.
TEST(CliExplain, JsonWhyNot) {
  CliRun run = RunCli({"explain", "examples/issizlik_red.yaml", "--program", "issizlik_odenegi",
                       "--format", "json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr(R"("why_not":[{"condition":"fesih_kodu_uygun")"));
  EXPECT_THAT(run.out, HasSubstr(R"("values":{"fesih_neden_kodu":"3")"));
  EXPECT_THAT(run.out, HasSubstr(R"("failed":"prim_gun_3_yil 540 < 600")"));
  // A set membership: any code of the set in force would do.
  EXPECT_THAT(run.out, HasSubstr(R"("change":{"name":"fesih_neden_kodu","from":"3","relation":"in",)"
                                 R"("to":"[4, 5, 12, 15, 17, 18, 23, 24, 25, 27, 28, 31, 32, 33, 34, 40]")"));
  EXPECT_THAT(run.out, HasSubstr(R"("change":{"name":"prim_gun_3_yil","from":"540",)"
                                 R"("relation":">=","to":"600","by":"60","unit":"gun")"));
  // CONTRACT §4's keys are all still there, in order, before the additions.
  EXPECT_THAT(run.out, HasSubstr(R"({"id":"ORNEK-IO-RED","program":"issizlik_odenegi",)"
                                 R"("status":"ineligible","eligible":false,"reasons":[)"));
  ExpectGolden("explain_issizlik_red.json", run.out);
}

// ---- language of text output (issue #16 item 7) --------------------------

// Turkish is the default and `--lang tr` says the same; `--lang en` gives the
// same structure with English labels and machine-form numbers. JSON does not
// depend on the language.
TEST(CliLanguage, CheckInEnglish) {
  for (const std::string name : {"issizlik_odenegi", "issizlik_red"}) {
    SCOPED_TRACE(name);
    const std::string claim = "examples/" + name + ".yaml";
    CliRun tr = RunCli({"check", claim, "--format", "text", "--lang", "tr"});
    EXPECT_EQ(tr.exit_code, 0) << tr.err;
    EXPECT_EQ(tr.out, RunCli({"check", claim, "--format", "text"}).out);
    CliRun en = RunCli({"check", claim, "--format", "text", "--lang", "en"});
    EXPECT_EQ(en.exit_code, 0) << en.err;
    EXPECT_EQ(std::count(en.out.begin(), en.out.end(), '\n'),
              std::count(tr.out.begin(), tr.out.end(), '\n'));
    ExpectGolden("check_" + name + ".en.txt", en.out);
    EXPECT_EQ(RunCli({"check", claim, "--format", "json", "--lang", "en"}).out,
              RunCli({"check", claim, "--format", "json"}).out);
  }
}

TEST(CliLanguage, ExplainInEnglish) {
  for (const std::string name : {"issizlik_odenegi", "issizlik_red"}) {
    SCOPED_TRACE(name);
    CliRun en = RunCli({"explain", "examples/" + name + ".yaml", "--program", "issizlik_odenegi",
                        "--format", "text", "--lang", "en"});
    EXPECT_EQ(en.exit_code, 0) << en.err;
    ExpectGolden("explain_" + name + ".en.txt", en.out);
    // Rule texts (descriptions, articles) stay as the rules write them; the
    // engine's own words are English.
    for (const char* turkish : {"Karar", "Koşullar", "sağlandı", " tarihinden)", "Toplam",
                                "Neden olmadı", "bilinmiyor", "yuvarlama:", "= evet", "= hayır"}) {
      EXPECT_THAT(en.out, Not(HasSubstr(turkish))) << turkish;
    }
  }
}

TEST(CliLanguage, ParamsInEnglish) {
  CliRun history = RunCli({"params", "asgari_ucret.brut", "--lang", "en"});
  EXPECT_EQ(history.exit_code, 0) << history.err;
  ExpectGolden("params_asgari_ucret.en.txt", history.out);
  CliRun on_date = RunCli({"params", "asgari_ucret.brut", "--date", "2023-08-01", "--lang", "en"});
  EXPECT_EQ(on_date.exit_code, 0) << on_date.err;
  EXPECT_THAT(on_date.out, HasSubstr("2023-08-01 = 13414.50 TL (from 2023-07-01)"));
  // The listing: unit words in both languages, never a bare unit code.
  CliRun tr = RunCli({"params"});
  CliRun en = RunCli({"params", "--lang", "en"});
  EXPECT_EQ(tr.exit_code, 0) << tr.err;
  EXPECT_EQ(en.exit_code, 0) << en.err;
  EXPECT_THAT(tr.out, HasSubstr("issizlik_odenegi.asgari_prim_gun = 600 gün (2000-06-01)"));
  EXPECT_THAT(en.out, HasSubstr("issizlik_odenegi.asgari_prim_gun = 600 days (2000-06-01)"));
  for (const std::string& out : {tr.out, en.out}) {
    EXPECT_THAT(out, Not(HasSubstr(" gun (")));
    EXPECT_THAT(out, Not(HasSubstr(" oran (")));
  }
}

TEST(CliLanguage, UnknownLanguageIsBadUsage) {
  for (const char* command : {"check", "explain", "params", "simulate"}) {
    SCOPED_TRACE(command);
    std::vector<std::string> args = {command};
    if (std::string(command) != "params") args.push_back("examples/issizlik_odenegi.yaml");
    args.insert(args.end(), {"--lang", "de"});
    CliRun run = RunCli(args);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_THAT(run.err, HasSubstr("--lang"));
  }
}

// ---- rule set commands -----------------------------------------------------

TEST(CliRules, Validate) {
  CliRun run = RunCli({"validate"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ExpectGolden("validate.txt", run.out);
}

TEST(CliRules, ParamsHistory) {
  CliRun run = RunCli({"params", "asgari_ucret.brut"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ExpectGolden("params_asgari_ucret.txt", run.out);
}

TEST(CliRules, ParamsOnDate) {
  CliRun run = RunCli({"params", "asgari_ucret.brut", "--date", "2023-08-01"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("13.414,50 TL"));
  ExpectGolden("params_asgari_ucret_2023-08-01.txt", run.out);
}

TEST(CliRules, Programs) {
  CliRun run = RunCli({"programs"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ExpectGolden("programs.txt", run.out);
}

TEST(CliRules, TestRunsTheBuiltInCases) {
  CliRun run = RunCli({"test"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  // Not golden: the count grows with every new case. The last line is the total.
  const std::vector<std::string> lines = Lines(run.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_THAT(lines.back(), ::testing::MatchesRegex("[0-9]+ passed, 0 failed"));
}

// `test DIR` tests the rule set in DIR with DIR's own cases (issue #16: it
// used to run DIR's cases against the built-in rules and pass a broken copy).
TEST(CliRules, TestDirTestsThatRuleSet) {
  const fs::path copy = fs::path(::testing::TempDir()) / ("odenek_rules_" + std::to_string(getpid()));
  fs::remove_all(copy);
  fs::copy(fs::path(SourceDir()) / "rules", copy, fs::copy_options::recursive);
  const fs::path params = copy / "issizlik_odenegi" / "parametreler.yaml";
  std::string text = ReadFile(params);
  const size_t at = text.find("2008-05-26: 0.40");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 16, "2008-05-26: 0.45");  // the benefit rate, 40% → 45%
  WriteFile(params, text);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"test", copy.string()},
        std::vector<std::string>{"--rules", copy.string(), "test"}}) {
    CliRun run = RunCli(args);
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    EXPECT_THAT(Lines(run.out).back(), ::testing::MatchesRegex("[0-9]+ passed, [1-9][0-9]* failed"));
  }
  // A folder of cases alone still runs against the built-in rules.
  CliRun cases = RunCli({"test", (fs::path(SourceDir()) / "rules/issizlik_odenegi/tests").string()});
  EXPECT_EQ(cases.exit_code, 0) << cases.out << cases.err;
  // A folder with no cases tests nothing, and says so.
  const fs::path empty = copy / "bos";
  fs::create_directories(empty);
  CliRun none = RunCli({"--rules", copy.string(), "test", empty.string()});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_THAT(none.err, HasSubstr("no test cases found"));
  fs::remove_all(copy);
}

// tests/cli/coverage: a tiny rule set whose cases leave exactly four things
// unexercised (see its README.md); the report must name each, and only them.
TEST(CliCoverage, NamesWhatTheCasesNeverExercised) {
  CliRun run = RunCli({"--rules", "tests/cli/coverage", "test", "--coverage"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("kapsam (3 cases): conditions 2/2 seen passing, 1/2 seen "
                                 "failing; table sure rows 2/3, default used; exceptions 1/2 "
                                 "taken, base definitions 1/1 used; if branches 1/2\n"));
  EXPECT_THAT(run.out, HasSubstr("never: condition kazanc_var never failed (Deneme m.6)  "
                                 "tests/cli/coverage/kapsam/program.yaml:"));
  EXPECT_THAT(run.out, HasSubstr("never: table sure row [1080, ) never selected (Deneme m.2)"));
  EXPECT_THAT(run.out, HasSubstr("never: exception of oran when gun > 5000 gun never taken "
                                 "(Deneme m.3/3)"));
  EXPECT_THAT(run.out, HasSubstr("never: if in tutar: kazanc > 1000 TL never true (Deneme m.4)"));
  size_t nevers = 0;
  for (const std::string& line : Lines(run.out)) nevers += line.find("never: ") != std::string::npos;
  EXPECT_EQ(nevers, 4u) << run.out;
  const std::vector<std::string> lines = Lines(run.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(), "3 passed, 0 failed");
  ExpectGolden("test_coverage_kapsam.txt", run.out);
}

TEST(CliCoverage, Json) {
  CliRun run =
      RunCli({"--rules", "tests/cli/coverage", "test", "--coverage", "--format", "json"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr(R"("passed": 3,)"));
  EXPECT_THAT(run.out, HasSubstr(R"("program": "kapsam",)"));
  EXPECT_THAT(run.out, HasSubstr(R"("kind": "table_row",)"));
  EXPECT_THAT(run.out, HasSubstr(R"("what": "never selected",)"));
  ExpectGolden("test_coverage_kapsam.json", run.out);
  // Without --coverage, the JSON has the results only.
  CliRun plain = RunCli({"--rules", "tests/cli/coverage", "test", "--format", "json"});
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_THAT(plain.out, ::testing::Not(HasSubstr("coverage")));
}

// Coverage is information: a failing case still exits 1, and what it ran counts.
TEST(CliCoverage, FailingCaseKeepsExit1) {
  const fs::path cases =
      fs::path(::testing::TempDir()) / ("odenek_cov_" + std::to_string(getpid()) + ".yaml");
  WriteFile(cases, "tests:\n  - name: yanlis\n    program: kapsam\n"
                   "    input: {gun: 2000, engelli: false, kazanc: 0.00}\n"
                   "    expect: {status: eligible}\n");
  CliRun run = RunCli({"--rules", "tests/cli/coverage", "test", "--coverage", cases.string()});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("FAIL yanlis"));
  EXPECT_THAT(run.out, HasSubstr("kapsam (1 case)"));
  EXPECT_THAT(run.out, ::testing::Not(HasSubstr("row [1080, ) never selected")));
  EXPECT_EQ(Lines(run.out).back(), "0 passed, 1 failed");
}

// Case counts in a coverage report become <n>: a new case that exercises
// nothing new must not churn the golden file; one that does changes it.
std::string WithoutCaseCounts(std::string text) {
  for (const std::string& unit : {std::string(" cases)"), std::string(" case)")}) {
    for (size_t at = 0; (at = text.find(unit, at)) != std::string::npos; at += unit.size()) {
      size_t start = at;
      while (start > 0 && std::isdigit(static_cast<unsigned char>(text[start - 1]))) --start;
      if (start > 0 && text[start - 1] == '(' && start < at) {
        text.replace(start, at - start, "<n>");
        at = start + 3;
      }
    }
  }
  const size_t last = text.rfind(" passed, ");
  if (last != std::string::npos) {
    size_t start = last;
    while (start > 0 && std::isdigit(static_cast<unsigned char>(text[start - 1]))) --start;
    text.replace(start, last - start, "<n>");
  }
  return text;
}

// The built-in rule set's own cases: what they leave unexercised, per programme.
// A case that covers a new row or branch changes this file: rewrite it with
// ODENEK_UPDATE_GOLDEN=1 and read the diff.
TEST(CliCoverage, BuiltInRules) {
  CliRun run = RunCli({"test", "--coverage"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("issizlik_odenegi ("));
  EXPECT_THAT(run.out, HasSubstr("Coverage: what the cases exercised, per programme\n"));
  ExpectGolden("test_coverage.txt", WithoutCaseCounts(run.out));
}

TEST(CliRules, RulesHashIsTheVersionsHash) {
  CliRun version = RunCli({"--version"});
  EXPECT_EQ(version.exit_code, 0) << version.err;
  const size_t at = version.out.find("rules sha256:");
  ASSERT_NE(at, std::string::npos) << version.out;
  const std::string hash = version.out.substr(at + 6, 7 + 64);
  CliRun check = RunCli({"check", "examples/issizlik_odenegi.yaml", "--format", "json"});
  EXPECT_THAT(check.out, HasSubstr("\"rules_hash\":\"" + hash + "\""));
}

TEST(CliPrograms, ArticlesIndexRulesAndTheirTests) {
  CliRun run = RunCli({"programs", "--articles"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // An article, a condition citing it, and the test cases that exercise it.
  const size_t article = run.out.find("\n4447 s.K. m.50/1\n");
  ASSERT_NE(article, std::string::npos);
  const std::string entry = run.out.substr(article, run.out.find("\n4", article + 2) - article);
  EXPECT_THAT(entry, ::testing::HasSubstr("issizlik_odenegi koşul prim_600_gun"));
  EXPECT_THAT(entry, ::testing::HasSubstr("testler ("));
  EXPECT_THAT(run.out, ::testing::HasSubstr("issizlik_odenegi ödeme takvimi (payments)"));
  EXPECT_THAT(run.out, ::testing::Not(::testing::HasSubstr("odeme_1_brut")));
}

// ---- generate ----------------------------------------------------------------

std::string Generate(const std::string& file, int n, int seed) {
  const fs::path out = fs::path(::testing::TempDir()) / (std::to_string(getpid()) + "_" + file);
  CliRun run = RunCli({"generate", "--n", std::to_string(n), "--seed", std::to_string(seed),
                    "--out", out.string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return ReadFile(out);
}

// The golden files pin the generator: the same seed gives the same bytes on
// every platform (own PRNG, integer distributions).
TEST(CliGenerate, CsvIsDeterministic) {
  const std::string csv = Generate("gen.csv", 20, 1);
  ExpectGolden("generate_20_1.csv", csv);
  EXPECT_EQ(Generate("gen2.csv", 20, 1), csv);
  EXPECT_NE(Generate("gen3.csv", 20, 2), csv);
}

TEST(CliGenerate, JsonlIsDeterministic) {
  const std::string jsonl = Generate("gen.jsonl", 20, 1);
  ExpectGolden("generate_20_1.jsonl", jsonl);
  // Claim i does not depend on n: the first 20 of 30 are the same claims.
  const std::string longer = Generate("gen30.jsonl", 30, 1);
  EXPECT_EQ(longer.substr(0, jsonl.size()), jsonl);
}

// `--out -` writes the same bytes to standard output (a pipe into
// `simulate -`), and its one line of news to stderr.
TEST(CliGenerate, DashWritesTheSameClaimsToStandardOutput) {
  CliRun run = RunCli({"generate", "--n", "20", "--seed", "1", "--out", "-"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, Generate("dash.csv", 20, 1));
  EXPECT_THAT(run.err, HasSubstr("written to standard output"));
  run = RunCli({"generate", "--n", "20", "--seed", "1", "--out", "-", "--format", "jsonl"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, Generate("dash.jsonl", 20, 1));
  run = RunCli({"generate", "--n", "2", "--seed", "1", "--out", "-", "--format", "xml"});
  EXPECT_EQ(run.exit_code, 2);
}

// The status and values of a `check --format json` answer.
std::string Verdict(const std::string& json) {
  const size_t status = json.find("\"status\"");
  const size_t reasons = json.find("\"reasons\"");
  const size_t values = json.find("\"values\"");
  const size_t payments = json.find("\"payments\"");
  if (status == std::string::npos || values == std::string::npos) return json;
  return json.substr(status, reasons - status) + json.substr(values, payments - values);
}

// Every generated claim passes `check`, and the CSV row (facts form) and the
// JSONL line (history form) of one claim get the same verdict and amounts.
TEST(CliGenerate, BothFormsAreValidClaimsWithTheSameAnswer) {
  const std::vector<std::string> csv = Lines(Generate("same.csv", 20, 7));
  const std::vector<std::string> jsonl = Lines(Generate("same.jsonl", 20, 7));
  ASSERT_EQ(csv.size(), 21u);
  ASSERT_EQ(jsonl.size(), 20u);
  const std::vector<std::string> header = {"id", "fesih_tarihi", "fesih_neden_kodu",
                                           "basvuru_tarihi", "son_120_gun_hizmet_akdi",
                                           "prim_gun_3_yil", "kazanc_son_4_ay", "gun_son_4_ay"};
  EXPECT_EQ(csv[0], "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,"
                    "prim_gun_3_yil,kazanc_son_4_ay,gun_son_4_ay");
  const fs::path claim =
      fs::path(::testing::TempDir()) / ("odenek_claim_" + std::to_string(getpid()) + ".json");
  for (size_t i = 0; i < jsonl.size(); ++i) {
    SCOPED_TRACE(jsonl[i]);
    // The CSV row as a facts-form claim (values are plain, no quoting needed).
    std::vector<std::string> cells;
    std::istringstream row(csv[i + 1]);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    ASSERT_EQ(cells.size(), header.size());
    std::string facts = "{";
    for (size_t c = 0; c < cells.size(); ++c) {
      const bool quote = c == 0 || c == 1 || c == 3 || c == 6;
      facts += (c ? ",\"" : "\"") + header[c] + "\":" + (quote ? "\"" + cells[c] + "\"" : cells[c]);
    }
    facts += "}";
    WriteFile(claim, facts);
    CliRun from_facts = RunCli({"check", "-", "--program", "issizlik_odenegi", "--format", "json"},
                            claim.string());
    WriteFile(claim, jsonl[i]);
    CliRun from_history = RunCli(
        {"check", "-", "--program", "issizlik_odenegi", "--format", "json"}, claim.string());
    EXPECT_EQ(from_facts.exit_code, 0) << from_facts.err;
    EXPECT_EQ(from_history.exit_code, 0) << from_history.err;
    EXPECT_EQ(Verdict(from_facts.out), Verdict(from_history.out));
  }
}

// Issue #21: claims can be dated into any period (a reform of the future
// changes nothing for claims that end before it).
TEST(CliGenerate, FromAndToDateTheTerminations) {
  const fs::path out = fs::path(::testing::TempDir()) /
                       ("odenek_gen27_" + std::to_string(getpid()) + ".csv");
  CliRun run = RunCli({"generate", "--n", "300", "--seed", "5", "--from", "2027-01-01", "--to",
                       "2027-12-15", "--out", out.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<std::string> lines = Lines(ReadFile(out));
  fs::remove(out);
  ASSERT_EQ(lines.size(), 301u);
  std::string first = "9999", last = "0000";
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string date = lines[i].substr(lines[i].find(',') + 1, 10);
    first = std::min(first, date);
    last = std::max(last, date);
  }
  EXPECT_GE(first, "2027-01-01");
  EXPECT_LE(last, "2027-12-15");  // a month-end pick does not pass --to
  EXPECT_LT(first, "2027-02-01");  // and the range is used, not one day
  EXPECT_GT(last, "2027-11-01");
  run = RunCli({"generate", "--n", "1", "--seed", "1", "--from", "2027-02-01", "--to",
                "2027-01-01", "--out", out.string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("--from 2027-02-01 is after --to 2027-01-01"));
  EXPECT_FALSE(fs::exists(out));
}

TEST(CliGenerate, OutMustBeCsvOrJsonl) {
  CliRun run = RunCli({"generate", "--n", "5", "--seed", "1", "--out", "claims.txt"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr(".csv or .jsonl"));
}

TEST(CliGenerate, NegativeCountIsUsageError) {
  const std::string out =
      (fs::path(::testing::TempDir()) / ("odenek_neg_" + std::to_string(getpid()) + ".csv")).string();
  CliRun run = RunCli({"generate", "--n", "-1", "--seed", "1", "--out", out});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("expected a whole number >= 0, found -1"));
  EXPECT_EQ(RunCli({"generate", "--n", "5", "--out", out}).exit_code, 2);  // no --seed
}

// ---- exit codes and errors ---------------------------------------------------

// A misspelt command says which one was meant (issue #16), not "arguments
// not expected".
TEST(CliUsage, UnknownCommandIsExit2WithDidYouMean) {
  CliRun run = RunCli({"chek", "examples/issizlik_odenegi.yaml"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("unknown command \"chek\" (did you mean \"check\"?)"));
  run = RunCli({"--format", "json", "simulat", "x.csv"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("did you mean \"simulate\"?"));
  // Nothing close: the list of commands.
  run = RunCli({"zzzz"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("commands: check, explain"));
}

// The same mistake has the same exit code in every command (issue #16).
TEST(CliUsage, ConsistentExitCodes) {
  // A bulk file given to check points to simulate.
  CliRun run = RunCli({"check", "tests/simulate/data/quoted.csv"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("use `odenek simulate"));
  // A claim that no programme reads: nothing evaluated is not an answer.
  const fs::path only_id =
      fs::path(::testing::TempDir()) / ("odenek_only_id_" + std::to_string(getpid()) + ".yaml");
  WriteFile(only_id, "id: X-1\n");
  for (const char* format : {"text", "json"}) {
    run = RunCli({"--format", format, "check", only_id.string()});
    EXPECT_EQ(run.exit_code, 1) << format;
    EXPECT_THAT(run.err, HasSubstr("carries no input of any programme")) << format;
  }
  // An unknown parameter, with the one meant.
  run = RunCli({"params", "asgari_ucret.bru"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("did you mean \"asgari_ucret.brut\"?"));
  // programs and params speak JSON when asked.
  run = RunCli({"--format", "json", "programs"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(nlohmann::json::parse(run.out, nullptr, false).is_array()) << run.out.substr(0, 200);
  run = RunCli({"--format", "json", "params", "asgari_ucret.brut", "--date", "2024-03-01"});
  EXPECT_EQ(run.exit_code, 0);
  nlohmann::json p = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_TRUE(p.is_object()) << run.out;
  EXPECT_EQ(p["in_force"]["from"], "2024-01-01");
}

TEST(CliUsage, MissingArgumentIsExit2) {
  EXPECT_EQ(RunCli({"check"}).exit_code, 2);
  EXPECT_EQ(RunCli({"explain"}).exit_code, 2);
  EXPECT_EQ(RunCli({"check", "examples/issizlik_odenegi.yaml", "--format", "xml"}).exit_code, 2);
}

TEST(CliUsage, HelpIsExit0) {
  CliRun run = RunCli({"check", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_THAT(run.out, HasSubstr("--program"));
}

TEST(CliErrors, MissingFileIsExit1) {
  CliRun run = RunCli({"check", "examples/yok.yaml"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("examples/yok.yaml"));
}

// An unknown programme is bad usage (2), as in simulate, with the one meant.
TEST(CliErrors, UnknownProgramIsExit2) {
  CliRun run = RunCli({"check", "examples/issizlik_odenegi.yaml", "--program", "yok"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("yok"));
  run = RunCli({"check", "examples/issizlik_odenegi.yaml", "--program", "isizlik_odenegi"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("(did you mean \"issizlik_odenegi\"?)"));
}

struct BadClaim {
  const char* file;                    // under tests/cli/claims/
  std::vector<std::string> fragments;  // each must appear in stderr
};

// Each error class of issue #4: exit 1, and stderr says where (file:line:column)
// and what was expected.
TEST(CliErrors, BadClaims) {
  const std::vector<BadClaim> cases = {
      {"bad_date", {"bad_date.yaml:3:15: fesih_tarihi", "2023-02-30", "28 days"}},
      {"wrong_type", {"wrong_type.yaml:7:17: prim_gun_3_yil", "whole number", "yedi_yuz"}},
      {"unknown_key", {"unknown_key.yaml:10:", "prim_gunu_3_yil", "unknown key"}},
      {"missing_id", {"missing_id.yaml:2:1: id: expected a non-empty claim id, found none"}},
      {"negative_days", {"negative_days.yaml:7:17: prim_gun_3_yil", "at least 0", "-5"}},
      {"money_3_decimals", {"money_3_decimals.yaml:8:18: kazanc_son_4_ay", "2 decimals"}},
      // The engine names the variable and the rule's position (program.yaml:L:C).
      {"zero_days",
       {"zero_days.yaml: claim HATA-SIFIR", "division by zero in ortalama_gunluk_kazanc",
        "rules/issizlik_odenegi/program.yaml:"}},
  };
  for (const BadClaim& c : cases) {
    SCOPED_TRACE(c.file);
    CliRun run = RunCli({"check", std::string("tests/cli/claims/") + c.file + ".yaml"});
    EXPECT_EQ(run.exit_code, 1) << run.out;
    EXPECT_TRUE(run.out.empty()) << run.out;
    for (const std::string& f : c.fragments) EXPECT_THAT(run.err, HasSubstr(f));
    ExpectGolden(std::string("error_") + c.file + ".txt", run.err);
  }
}

}  // namespace
