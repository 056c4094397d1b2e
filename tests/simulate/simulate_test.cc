// `odenek simulate` end to end: runs the built binary ($ODENEK_CLI) over small
// files in tests/simulate/data/ and files written here, and checks the output,
// the error file and the summary (CONTRACT §2, §4; issue #6).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

std::string DataDir() { return Env("ODENEK_SOURCE_DIR") + "/tests/simulate/data"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out = absl::StrSplit(text, '\n');
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
};

class SimulateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cli_ = Env("ODENEK_CLI");
    ASSERT_FALSE(cli_.empty()) << "ODENEK_CLI is not set (ctest sets it to the odenek binary)";
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = absl::StrCat(::testing::TempDir(), "odenek_simulate_", info->name(), "_", getpid());
    ASSERT_EQ(system(("rm -rf '" + dir_ + "' && mkdir -p '" + dir_ + "'").c_str()), 0);
  }
  void TearDown() override {
    if (!HasFailure()) system(("rm -rf '" + dir_ + "'").c_str());
  }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  CliRun Cli(const std::string& args, const std::string& stdin_file = "") {
    const std::string command =
        absl::StrCat("'", cli_, "' ", args, stdin_file.empty() ? " </dev/null" : " <" + stdin_file,
                     " >'", Path("stdout"), "' 2>'", Path("stderr"), "'");
    CliRun run;
    const int status = system(command.c_str());
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadFile(Path("stdout"));
    run.err = ReadFile(Path("stderr"));
    return run;
  }

  nlohmann::json Summary(const std::string& name) {
    return nlohmann::json::parse(ReadFile(Path(name)), nullptr, false);
  }

  std::string cli_;
  std::string dir_;
};

constexpr char kHeader[] =
    "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,prim_gun_3_yil,"
    "kazanc_son_4_ay,gun_son_4_ay\n";

// A deterministic claim file of n facts records with some variety (reason
// codes, premium days, late applications, earnings), and every `bad_every`-th
// record broken in one of a few ways (0: none).
std::string FactsCsv(int n, int bad_every) {
  std::string csv = kHeader;
  uint64_t x = 12345;
  auto next = [&](uint64_t mod) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((x >> 33) % mod);
  };
  for (int i = 1; i <= n; ++i) {
    const int day = 1 + next(28);
    const int month = 1 + next(12);
    const int year = 2021 + next(4);
    const char* codes[] = {"4", "5", "12", "17", "1", "3", "22", "34"};
    std::string kazanc = absl::StrCat(20000 + next(200000), ".", 10 + next(90));
    std::string date = absl::StrFormat("%04d-%02d-%02d", year, month, day);
    std::string apply = absl::StrFormat("%04d-%02d-%02d", year + (month == 12 ? 1 : 0),
                                        month == 12 ? 1 : month + 1, day);
    std::string gun = absl::StrCat(100 + next(21));
    if (bad_every > 0 && i % bad_every == 0) {
      switch ((i / bad_every) % 4) {
        case 0:
          date = absl::StrFormat("%04d-02-30", year);
          break;  // no such day
        case 1:
          kazanc = "1000.005";
          break;  // 3 decimals
        case 2:
          gun = "0";
          break;  // division by zero
        case 3:
          gun = "many";
          break;  // not a number
      }
    }
    absl::StrAppend(&csv, "C-", i, ",", date, ",", codes[next(8)], ",", apply, ",",
                    next(10) == 0 ? "false" : "true", ",", 400 + next(696), ",", kazanc, ",", gun,
                    "\n");
  }
  return csv;
}

TEST_F(SimulateTest, CsvWithQuotesCrlfAndBom) {
  // Q-3's id holds a line break: refused (ids carry no control characters),
  // one record in four, so --max-errors lets the run go on.
  CliRun run = Cli(absl::StrCat("simulate '", DataDir(), "/quoted.csv' --max-errors 1 --out '",
                                Path("out.csv"), "' --errors '", Path("errors.jsonl"),
                                "' --threads 2"));
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(ReadFile(Path("out.csv")),
            "id,program,status,eligible,sure_gun,gunluk_brut,aylik_brut,damga_vergisi,aylik_net,"
            "gss_primi_toplam,kalan_hak_gun,kalan_hak_gunluk_brut,reasons\n"
            "\"Q-1, virgüllü\",issizlik_odenegi,eligible,true,180,133.44,4003.20,30.38,3972.82,"
            "8783.43,,,\n"
            "\"Q-2 \"\"tırnaklı\"\"\",issizlik_odenegi,eligible,true,180,133.44,4003.20,30.38,"
            "3972.82,8783.43,,,\n"
            "Q-4,issizlik_odenegi,undetermined,false,,,,,,,,,\n");
  // Q-3's quoted id spans a line break: read as one record (Q-4 follows on
  // line 7), and refused, as a control character in an id is (issue #14).
  EXPECT_EQ(ReadFile(Path("errors.jsonl")),
            "{\"record\":3,\"line\":5,\"id\":\"Q-3\\r\\niki satır\",\"message\":\"column id: "
            "expected a claim id without control characters, found U+000D at byte 4 of the "
            "id\"}\n");
  EXPECT_THAT(run.out, HasSubstr("kayıtlar: 4 okundu, 3 değerlendirildi, 1 reddedildi"));
}

// The printed summary is Turkish by default (Turkish numbers); --lang en gives
// English with machine-form numbers; --lang xx is a usage error. The JSON
// summary is the same either way.
TEST_F(SimulateTest, SummaryLanguage) {
  const std::string input = absl::StrCat("simulate '", DataDir(), "/quoted.csv' --max-errors 1");
  CliRun turkish = Cli(absl::StrCat(input, " --summary '", Path("tr.json"), "'"));
  ASSERT_EQ(turkish.code, 0) << turkish.err;
  EXPECT_THAT(turkish.out, HasSubstr("3.972,82 TL"));
  EXPECT_THAT(turkish.out, HasSubstr(" başvuru/sn ("));
  CliRun english = Cli(absl::StrCat(input, " --lang en --summary '", Path("en.json"), "'"));
  ASSERT_EQ(english.code, 0) << english.err;
  EXPECT_THAT(english.out, HasSubstr("records: 4 read, 3 evaluated, 1 rejected"));
  EXPECT_THAT(english.out, HasSubstr("3972.82"));
  EXPECT_THAT(english.out, Not(HasSubstr("kayıtlar")));
  const auto without_time = [](std::string json) {
    nlohmann::json j = nlohmann::json::parse(json);
    j.erase("wall_seconds");
    j.erase("claims_per_second");
    return j.dump();
  };
  EXPECT_EQ(without_time(ReadFile(Path("tr.json"))), without_time(ReadFile(Path("en.json"))));
  CliRun bad = Cli(absl::StrCat(input, " --lang de"));
  EXPECT_EQ(bad.code, 2) << bad.out;
}

TEST_F(SimulateTest, JsonlOutputMatchesCheck) {
  const std::string input = DataDir() + "/history.jsonl";
  CliRun run = Cli(absl::StrCat("simulate '", input, "' --out '", Path("out.jsonl"), "'"));
  ASSERT_EQ(run.code, 0) << run.err;
  std::vector<std::string> got = Lines(ReadFile(Path("out.jsonl")));
  std::vector<std::string> want;
  int k = 0;
  for (const std::string& line : Lines(ReadFile(input))) {
    const std::string claim = Path(absl::StrCat("claim", k++, ".json"));
    WriteFile(claim, line);
    CliRun check = Cli(absl::StrCat("check '", claim, "' --format json"));
    ASSERT_EQ(check.code, 0) << check.err;
    for (const auto& result : nlohmann::ordered_json::parse(check.out)) {
      want.push_back(result.dump());
    }
  }
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], want[i]) << "line " << i + 1;
}

// Replaces the first `from` in `line` with `to` (the line as is if absent).
std::string ReplaceFirst(std::string line, const std::string& from, const std::string& to) {
  const size_t at = line.find(from);
  if (at != std::string::npos) line.replace(at, from.size(), to);
  return line;
}

// JSONL lines go straight into the columns (JsonRowReader) unless something
// is unusual, then through a Claim tree (JsonClaimParser, Claim::Parse);
// ODENEK_SIMULATE_JSONL_TREE=1 sends every line the tree way, as before
// issue #6's direct reader. Both must give the same bytes in every output
// and the error file, on generated claims and on every kind of odd or bad
// record either reader may see.
TEST_F(SimulateTest, JsonlDirectAndTreeReadersAgree) {
  CliRun gen = Cli(absl::StrCat("generate --n 3000 --seed 3 --out '", Path("gen.jsonl"), "'"));
  ASSERT_EQ(gen.code, 0) << gen.err;
  std::vector<std::string> lines = Lines(ReadFile(Path("gen.jsonl")));
  ASSERT_EQ(lines.size(), 3000u);
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"\"gun\":30", "\"gun\":30.5"},                  // not a whole number
      {"\"kazanc\":\"", "\"kazanc\":\"x"},             // not an amount
      {"\"kazanc\":\"", "\"kazanc\":\"-"},             // a negative list field (no bounds)
      {"\"ay\":\"20", "\"ay\":\"19"},                  // month before 1900? (1921: fine)
      {"\"ay\":\"", "\"ay\":\"2023-13\",\"x\":\""},    // bad month and an unknown field
      {"{\"id\":", "{\"zz\":1,\"id\":"},               // id not first, unknown key
      {"\"basvuru\":{", "\"basvuru\":{\"tarih\":\"2023-01-01\","},  // duplicate key
      {"\"neden_kodu\":", "\"neden_kodu\":null,\"x\":"},            // null, unknown
      {"\"neden_kodu\":", "\"neden_kodu\":-"},                      // under its bound
      {"\"isveren\":\"", "\"isveren2\":\""},           // unknown record field
      {"\"gun\":", "\"g\\u0075n\":"},                  // escaped key: still "gun"
      {"\"fesih\":{", "\"fesih\":{\"x\":true,"},       // unknown nested key
      {"\"gun\":30", "\"gun\":3e1"},                   // exponent: not Decimal's grammar
      {"\"tarih\":\"", "\"tarih\":\" "},               // a space in a date
      {"\"primler\":[", "\"primler\":null,\"p\":["},   // null list, unknown key
      {"\"primler\":[{", "\"primler\":[7,{"},          // a record that is not an object
      {"\":", "\" : "},                                // whitespace (valid)
      {"\"sozlesmeler\":[", "\"sozlesmeler\":{\"a\":["},  // a list given as an object
      {"{\"id\":\"", "{\"id\":\"\\u00e7\\\""},          // escapes in the id
  };
  for (size_t i = 0; i < lines.size(); i += 7) {
    const auto& [from, to] = edits[(i / 7) % edits.size()];
    lines[i] = ReplaceFirst(lines[i], from, to);
  }
  lines[5] = "{\"id\":\"T-1\"} trailing";
  lines[12] = "{id: T-2, fesih: {tarih: 2023-01-05}}";  // YAML, not JSON
  lines[19] = "[1,2]";
  lines[26] = "{}";
  lines[33] = "{\"id\":42,\"basvuru\":{\"tarih\":\"2023-06-24\"}}";  // a number id
  lines[40] += "\r";                                                 // CRLF
  lines[47] = "{\"id\":\"T-3\",\"primler\":[],\"sozlesmeler\":[]}";  // empty lists
  lines[54] = lines[53];                                             // duplicate id
  std::string text;
  for (const std::string& line : lines) absl::StrAppend(&text, line, "\n");
  WriteFile(Path("claims.jsonl"), text);

  for (const std::string& input : {DataDir() + "/history.jsonl", Path("gen.jsonl"),
                                   Path("claims.jsonl")}) {
    for (const std::string& extra :
         {std::string("--threads 2"),
          absl::StrCat("--threads 1 --reform '", DataDir(), "/reform_oran_50.yaml'")}) {
      std::vector<std::string> outputs[2];
      for (int tree = 0; tree < 2; ++tree) {
        if (tree) setenv("ODENEK_SIMULATE_JSONL_TREE", "1", 1);
        // Half the records are bad on purpose: --max-errors 100% keeps the run.
        CliRun jsonl = Cli(absl::StrCat("simulate '", input, "' ", extra, " --max-errors 100% --out '",
                                        Path("out.jsonl"), "' --errors '", Path("errors.jsonl"),
                                        "' --summary '", Path("summary.json"), "'"));
        CliRun csv = Cli(absl::StrCat("simulate '", input, "' ", extra, " --max-errors 100% --out '",
                                      Path("out.csv"), "' --errors '", Path("errors2.jsonl"),
                                      "'"));
        unsetenv("ODENEK_SIMULATE_JSONL_TREE");
        ASSERT_EQ(jsonl.code, 0) << jsonl.err;
        ASSERT_EQ(csv.code, 0) << csv.err;
        nlohmann::json summary = Summary("summary.json");
        summary.erase("wall_seconds");
        summary.erase("claims_per_second");
        outputs[tree] = {ReadFile(Path("out.jsonl")), ReadFile(Path("errors.jsonl")),
                         ReadFile(Path("out.csv")), ReadFile(Path("errors2.jsonl")),
                         summary.dump()};
      }
      SCOPED_TRACE(absl::StrCat(input, " ", extra));
      EXPECT_FALSE(outputs[0][0].empty());
      for (size_t k = 0; k < outputs[0].size(); ++k) {
        EXPECT_TRUE(outputs[0][k] == outputs[1][k])
            << "output " << k << " differs: direct\n"
            << outputs[0][k].substr(0, 3000) << "\ntree\n"
            << outputs[1][k].substr(0, 3000);
      }
      if (input == Path("claims.jsonl")) {
        EXPECT_GT(Lines(outputs[0][1]).size(), 100u);  // the bad records are bad
      }
    }
  }
}

TEST_F(SimulateTest, OutputIsIdenticalForAnyThreadCount) {
  WriteFile(Path("claims.csv"), FactsCsv(20000, 101));
  std::string first_csv, first_jsonl, first_errors;
  for (int threads : {1, 2, 4}) {
    const std::string t = absl::StrCat(threads);
    CliRun run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --threads ", t, " --out '",
                                  Path("out" + t + ".csv"), "' --errors '",
                                  Path("errors" + t + ".jsonl"), "'"));
    ASSERT_EQ(run.code, 0) << run.err;
    run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --threads ", t, " --out '",
                           Path("out" + t + ".jsonl"), "'"));
    ASSERT_EQ(run.code, 0) << run.err;
    const std::string csv = ReadFile(Path("out" + t + ".csv"));
    const std::string jsonl = ReadFile(Path("out" + t + ".jsonl"));
    const std::string errors = ReadFile(Path("errors" + t + ".jsonl"));
    if (threads == 1) {
      first_csv = csv;
      first_jsonl = jsonl;
      first_errors = errors;
      EXPECT_GT(Lines(csv).size(), 19000u);
      // Most broken records are rejected; a zero day count only where the
      // division decides an eligible claim's amount.
      EXPECT_GT(Lines(errors).size(), 20000u / 101 / 2);
      continue;
    }
    // Whole-file comparison, but a short message on failure.
    EXPECT_TRUE(csv == first_csv) << threads << " threads: CSV output differs";
    EXPECT_TRUE(jsonl == first_jsonl) << threads << " threads: JSONL output differs";
    EXPECT_TRUE(errors == first_errors) << threads << " threads: errors differ";
  }
}

TEST_F(SimulateTest, EveryRecordIsInOutputOrErrors) {
  std::string csv = FactsCsv(3000, 0);
  static constexpr char kNulRecord[] =
      "X-nul,2023-03-31,4,2023-04-05,true,720,400\0"
      "32.00,120\n";
  // Inject bad records after the generated ones.
  absl::StrAppend(&csv,
                  "X-date,2023-02-30,4,2023-03-05,true,720,40032.00,120\n"
                  "X-money,2023-03-31,4,2023-04-05,true,720,40032.001,120\n"
                  "X-value,2023-03-31,4,2023-04-05,maybe,720,40032.00,120\n"
                  "X-zero,2023-03-31,4,2023-04-05,true,720,40032.00,0\n"
                  "X-fields,2023-03-31,4\n",
                  std::string(kNulRecord, sizeof(kNulRecord) - 1),
                  "X-ok,2023-03-31,4,2023-04-05,true,720,40032.00,120\n"
                  "\"X-truncated,2023-03-31,4,2023-04-05,true,720,40032.00,120");
  WriteFile(Path("claims.csv"), csv);
  CliRun run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --max-errors 100% --out '",
                                Path("out.csv"), "' --errors '", Path("errors.jsonl"), "' --summary '",
                                Path("summary.json"), "'"));
  ASSERT_EQ(run.code, 0) << run.err;

  std::vector<std::string> errors = Lines(ReadFile(Path("errors.jsonl")));
  ASSERT_EQ(errors.size(), 7u) << ReadFile(Path("errors.jsonl"));
  struct Want {
    int record;
    const char* id;
    const char* message;
  };
  const Want want[] = {
      {3001, "X-date", "fesih_tarihi"}, {3002, "X-money", "2 decimals"},
      {3003, "X-value", "son_120_gun"}, {3004, "X-zero", "division by zero"},
      {3005, "X-fields", "fields"},     {3006, "", "NUL"},
      {3008, "", "unterminated quote"},
  };
  for (size_t i = 0; i < errors.size(); ++i) {
    nlohmann::json e = nlohmann::json::parse(errors[i]);
    EXPECT_EQ(e["record"], want[i].record) << errors[i];
    EXPECT_EQ(e["line"], want[i].record + 1) << errors[i];
    EXPECT_EQ(e.value("id", ""), want[i].id) << errors[i];
    EXPECT_THAT(e["message"].get<std::string>(), HasSubstr(want[i].message)) << errors[i];
  }

  std::vector<std::string> out = Lines(ReadFile(Path("out.csv")));
  ASSERT_FALSE(out.empty());
  std::set<std::string> ids;
  for (size_t i = 1; i < out.size(); ++i) ids.insert(out[i].substr(0, out[i].find(',')));
  EXPECT_EQ(ids.size(), 3001u);  // C-1..C-3000 and X-ok
  EXPECT_TRUE(ids.count("X-ok"));

  nlohmann::json s = Summary("summary.json");
  EXPECT_EQ(s["records_read"], 3008);
  EXPECT_EQ(s["records_evaluated"], 3001);
  EXPECT_EQ(s["records_rejected"], 7);
  EXPECT_EQ(s["records_read"].get<int64_t>(),
            s["records_evaluated"].get<int64_t>() + s["records_rejected"].get<int64_t>());
}

TEST_F(SimulateTest, HugeLineAndBinaryBlob) {
  std::string blob;
  for (int copy = 0; copy < 2; ++copy) {  // two copies: an even number of quotes
    for (int b = 0; b < 256; ++b) blob.push_back(static_cast<char>(b));
  }
  WriteFile(Path("claims.csv"),
            absl::StrCat(kHeader, "A,2023-03-31,4,2023-04-05,true,720,40032.00,120\n",
                         std::string(10 << 20, 'x'), "\n", blob, "\n",
                         "B,2023-03-31,4,2023-04-05,true,720,40032.00,120\n"));
  CliRun run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --max-errors 100% --out '",
                                Path("out.csv"), "' --errors '", Path("errors.jsonl"), "' --summary '",
                                Path("summary.json"), "'"));
  ASSERT_EQ(run.code, 0) << run.err;
  std::vector<std::string> out = Lines(ReadFile(Path("out.csv")));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_THAT(out[1], ::testing::StartsWith("A,"));
  EXPECT_THAT(out[2], ::testing::StartsWith("B,"));
  std::vector<std::string> errors = Lines(ReadFile(Path("errors.jsonl")));
  ASSERT_GE(errors.size(), 2u);
  EXPECT_THAT(errors[0], HasSubstr("\"record\":2,\"line\":3,"));
  EXPECT_THAT(errors[0], HasSubstr("too long"));
  for (const std::string& e : errors) {
    EXPECT_FALSE(nlohmann::json::parse(e, nullptr, false).is_discarded()) << e;
  }
  nlohmann::json s = Summary("summary.json");
  EXPECT_EQ(s["records_evaluated"], 2);
  EXPECT_EQ(s["records_read"].get<int64_t>(),
            s["records_evaluated"].get<int64_t>() + s["records_rejected"].get<int64_t>());
  EXPECT_EQ(s["records_rejected"].get<size_t>(), errors.size());

  WriteFile(Path("claims.jsonl"), absl::StrCat(ReadFile(DataDir() + "/history.jsonl"), "{\"id\":\"",
                                               std::string(10 << 20, 'y'), "\"}\n", blob, "\n",
                                               ReadFile(DataDir() + "/history.jsonl")));
  run = Cli(absl::StrCat("simulate '", Path("claims.jsonl"), "' --max-errors 100% --errors '",
                         Path("errors.jsonl"), "' --summary '", Path("summary.json"), "'"));
  ASSERT_EQ(run.code, 0) << run.err;
  s = Summary("summary.json");
  EXPECT_EQ(s["records_evaluated"], 4);  // the second copy's ids are duplicates
  EXPECT_EQ(s["records_read"].get<int64_t>(),
            s["records_evaluated"].get<int64_t>() + s["records_rejected"].get<int64_t>());
  errors = Lines(ReadFile(Path("errors.jsonl")));
  ASSERT_GE(errors.size(), 2u);
  EXPECT_THAT(errors[0], HasSubstr("too long"));
  for (const std::string& e : errors) {
    EXPECT_FALSE(nlohmann::json::parse(e, nullptr, false).is_discarded()) << e;
  }
}

TEST_F(SimulateTest, DuplicateIdsAreRejectedInInputOrder) {
  // Records 3001..3100 repeat the ids of records 1..100, across chunks, so
  // with several threads the later chunk may be filled first.
  std::string csv = FactsCsv(3000, 0);
  std::vector<std::string> lines = Lines(csv);
  for (int i = 1; i <= 100; ++i) absl::StrAppend(&csv, lines[i], "\n");
  WriteFile(Path("claims.csv"), csv);
  std::string first;
  for (int threads : {1, 4}) {
    CliRun run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --threads ", threads,
                                  " --max-errors 100 --errors '", Path("errors.jsonl"), "'"));
    ASSERT_EQ(run.code, 0) << run.err;
    const std::string errors = ReadFile(Path("errors.jsonl"));
    std::vector<std::string> e = Lines(errors);
    ASSERT_EQ(e.size(), 100u);
    EXPECT_THAT(e[0], HasSubstr("\"record\":3001,\"line\":3002,\"id\":\"C-1\""));
    EXPECT_THAT(e[0], HasSubstr("duplicate id"));
    if (threads == 1) first = errors;
    EXPECT_TRUE(errors == first) << threads << " threads";
  }
}

// An input with no records is bad input (issue #16): exit 1, "0 records", no
// results file; the summary is still written and says 0.
TEST_F(SimulateTest, EmptyInputIsExitOneWithNoResults) {
  WriteFile(Path("empty.csv"), "");
  CliRun run = Cli(absl::StrCat("simulate '", Path("empty.csv"), "' --out '", Path("out.csv"),
                                "' --summary '", Path("summary.json"), "'"));
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_THAT(run.err, HasSubstr("0 records: the input holds no claim"));
  EXPECT_FALSE(std::filesystem::exists(Path("out.csv")));
  nlohmann::json s = Summary("summary.json");
  EXPECT_EQ(s["records_read"], 0);
  EXPECT_EQ(s["records_rejected"], 0);

  // A header and nothing else, and blank lines only, are empty too.
  WriteFile(Path("header.csv"), std::string(kHeader));
  run = Cli(absl::StrCat("simulate '", Path("header.csv"), "' --out '", Path("out.csv"), "'"));
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_FALSE(std::filesystem::exists(Path("out.csv")));
  WriteFile(Path("empty.jsonl"), "\n\n");
  run = Cli(absl::StrCat("simulate '", Path("empty.jsonl"), "'"));
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_THAT(run.out, HasSubstr("kayıtlar: 0 okundu"));
}

TEST_F(SimulateTest, SummaryFields) {
  WriteFile(Path("claims.csv"), absl::StrCat(kHeader,
                                             "A,2023-03-31,4,2023-04-05,true,720,40032.00,120\n"
                                             "B,2023-03-31,4,2023-04-05,true,950,80064.00,120\n"
                                             "C,2023-03-31,4,2023-04-05,true,1095,40032.00,120\n"
                                             "D,2023-03-31,1,2023-04-05,true,720,40032.00,120\n"
                                             "E,2023-03-31,4,2023-04-05,true,,40032.00,120\n"));
  CliRun run = Cli(
      absl::StrCat("simulate '", Path("claims.csv"), "' --summary '", Path("summary.json"), "'"));
  ASSERT_EQ(run.code, 0) << run.err;
  nlohmann::json s = Summary("summary.json");
  ASSERT_FALSE(s.is_discarded());
  EXPECT_EQ(s["records_read"], 5);
  EXPECT_EQ(s["records_evaluated"], 5);
  EXPECT_EQ(s["records_rejected"], 0);
  EXPECT_TRUE(s.contains("wall_seconds"));
  EXPECT_TRUE(s.contains("claims_per_second"));
  ASSERT_EQ(s["programs"].size(), 1u);
  const nlohmann::json& p = s["programs"][0];
  EXPECT_EQ(p["id"], "issizlik_odenegi");
  EXPECT_EQ(p["eligible"], 3);
  EXPECT_EQ(p["ineligible"], 1);
  EXPECT_EQ(p["undetermined"], 1);
  EXPECT_EQ(p["eligible_share"], 0.6);
  const nlohmann::json& a = p["amount"];
  EXPECT_EQ(a["output"], "aylik_net");
  // A and C get 3972.82; B's 40% is capped at 80% of the minimum wage.
  const std::string total = a["total"];
  EXPECT_EQ(a["median"], "3972.82");
  EXPECT_EQ(a["deciles"].size(), 9u);
  EXPECT_EQ(a["deciles"][0], "3972.82");
  EXPECT_NE(total, "0.00");
  const nlohmann::json& d = p["days"];
  EXPECT_EQ(d["output"], "sure_gun");
  EXPECT_EQ(d["total"], 180 + 240 + 300);
  EXPECT_EQ(d["histogram"].size(), 3u);
  EXPECT_EQ(d["histogram"][0]["days"], 180);
  EXPECT_EQ(d["histogram"][0]["claims"], 1);
  // Every money output is summed with what it sums (issue #17): the Fund's GSS
  // premiums over each schedule from 2023-04-05, 30-day periods at 12,5% of the
  // period's gross minimum wage: A 3 x 1251.00 + 3 x 1676.81 = 8783.43, B two
  // more H2 periods 12137.05, C two more 15490.67 (independent Decimal sum).
  const nlohmann::json* gss = nullptr;
  for (const nlohmann::json& o : p["outputs"]) {
    if (o["output"] == "gss_primi_toplam") gss = &o;
  }
  ASSERT_NE(gss, nullptr) << p.dump();
  EXPECT_EQ((*gss)["claims"], 3);
  EXPECT_EQ((*gss)["total"], "36411.15");
  EXPECT_THAT((*gss)["sums"].get<std::string>(),
              HasSubstr("gss_primi_toplam of each eligible claim that has it: Fonun"));
  EXPECT_THAT(run.out, HasSubstr("3 uygun (%60,0)"));
}

// Cents of a money string, for sums.
int64_t Cents(const std::string& money) {
  std::string digits;
  for (char ch : money) {
    if (ch != '.') digits.push_back(ch);
  }
  return std::stoll(digits);
}

TEST_F(SimulateTest, ReformShowsCostDifference) {
  WriteFile(Path("claims.csv"), FactsCsv(500, 0));
  CliRun run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --reform '", DataDir(),
                                "/reform_oran_50.yaml' --out '", Path("out.csv"), "' --summary '",
                                Path("summary.json"), "'"));
  ASSERT_EQ(run.code, 0) << run.err;
  std::vector<std::string> out = Lines(ReadFile(Path("out.csv")));
  ASSERT_GT(out.size(), 1u);
  EXPECT_THAT(out[0], HasSubstr(",reform_status,reform_eligible,reform_sure_gun,"));
  EXPECT_THAT(out[0], HasSubstr(",diff_aylik_net"));
  nlohmann::json s = Summary("summary.json");
  const nlohmann::json& c = s["programs"][0]["comparison"];
  EXPECT_NE(c["cost_difference"], "0.00");
  EXPECT_EQ(c["cost_difference"].get<std::string>()[0] != '-', true);
  EXPECT_GT(c["gainers"].get<int>(), 0);
  EXPECT_EQ(c["losers"], 0);
  EXPECT_THAT(run.out, HasSubstr("maliyet farkı: "));
  // A rate change shows first in the daily amount; a claim capped at the
  // termination month's minimum wage gains only in a later, higher-capped
  // period: its schedule.
  ASSERT_GE(c["attribution"].size(), 1u);
  EXPECT_EQ(c["attribution"][0]["rule"], "gunluk_brut");
  int64_t claims = 0;
  for (const auto& a : c["attribution"]) {
    EXPECT_TRUE(a["rule"] == "gunluk_brut" || a["rule"] == "payments") << a.dump();
    claims += a["claims"].get<int64_t>();
  }
  EXPECT_EQ(claims, c["gainers"].get<int64_t>());
  // The cost is the schedule's: more than the months' sum of one month.
  EXPECT_THAT(c["sums"].get<std::string>(), HasSubstr("payment schedule"));
  EXPECT_GT(Cents(c["cost_difference"]), Cents(c["monthly"]["difference"]));
}

TEST_F(SimulateTest, TwoReformsAttributeEveryChange) {
  WriteFile(Path("claims.csv"), FactsCsv(2000, 0));
  CliRun run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --reform '", DataDir(),
                                "/reform_oran_50.yaml' --reform '", DataDir(),
                                "/reform_prim_450.yaml' --out '", Path("out.jsonl"),
                                "' --summary '", Path("summary.json"), "'"));
  ASSERT_EQ(run.code, 0) << run.err;
  nlohmann::json s = Summary("summary.json");
  EXPECT_EQ(s["reforms"].size(), 2u);
  const nlohmann::json& c = s["programs"][0]["comparison"];
  EXPECT_GT(c["newly_eligible"].get<int>(), 0);
  int64_t claims = 0;
  int64_t cents = 0;
  bool condition = false;
  for (const auto& a : c["attribution"]) {
    claims += a["claims"].get<int64_t>();
    cents += Cents(a["difference"]);
    condition |= a["rule"] == "prim_600_gun" && a["kind"] == "condition";
  }
  EXPECT_TRUE(condition) << c.dump();
  EXPECT_EQ(claims, c["gainers"].get<int64_t>() + c["losers"].get<int64_t>() +
                        c["newly_eligible"].get<int64_t>() + c["newly_ineligible"].get<int64_t>());
  EXPECT_EQ(cents, Cents(c["cost_difference"]));
  // Per claim, the JSONL line carries the reform's result and the difference.
  std::vector<std::string> out = Lines(ReadFile(Path("out.jsonl")));
  ASSERT_FALSE(out.empty());
  nlohmann::json first = nlohmann::json::parse(out[0]);
  EXPECT_TRUE(first.contains("reform"));
  EXPECT_TRUE(first["diff"].contains("aylik_net"));
}

// --scenario NAME=FILE[,FILE] (repeatable): each its own scenario beside the
// baseline; --reform's files stack into one more, named "reform", first.
TEST_F(SimulateTest, ScenariosSideBySide) {
  WriteFile(Path("claims.csv"), FactsCsv(600, 0));
  const std::string oran = DataDir() + "/reform_oran_50.yaml";
  const std::string prim = DataDir() + "/reform_prim_450.yaml";
  CliRun run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --reform '", prim,
                                "' --scenario 'oran=", oran, "' --scenario 'both=", oran, ",",
                                prim, "' --out '", Path("out.csv"), "' --summary '",
                                Path("summary.json"), "' --report '", Path("report.html"),
                                "' --lang en"));
  ASSERT_EQ(run.code, 0) << run.err;
  std::vector<std::string> out = Lines(ReadFile(Path("out.csv")));
  ASSERT_GT(out.size(), 1u);
  for (const char* column : {",reform_status,", ",reform_diff_aylik_net", ",oran_status,",
                             ",oran_aylik_net,", ",oran_diff_aylik_net", ",both_reasons,",
                             ",both_diff_aylik_net"}) {
    EXPECT_THAT(out[0], HasSubstr(column));
  }
  nlohmann::json s = Summary("summary.json");
  ASSERT_EQ(s["scenarios"].size(), 3u);
  EXPECT_EQ(s["scenarios"][0]["name"], "reform");
  EXPECT_EQ(s["scenarios"][1]["name"], "oran");
  EXPECT_EQ(s["scenarios"][2]["name"], "both");
  EXPECT_EQ(s["scenarios"][2]["files"].size(), 2u);
  // Stacked, the two reforms move more money than the rate alone.
  const auto difference = [&](int k) {
    return Cents(s["scenarios"][k]["programs"][0]["comparison"]["cost_difference"]);
  };
  EXPECT_GT(difference(1), 0);
  EXPECT_GE(difference(2), difference(1));
  EXPECT_GT(s["scenarios"][2]["programs"][0]["comparison"]["newly_eligible"].get<int>(), 0);
  // The single-scenario keys are the first scenario's.
  EXPECT_EQ(s["programs"][0]["comparison"], s["scenarios"][0]["programs"][0]["comparison"]);
  for (const char* name : {"scenario reform:", "scenario oran:", "scenario both:"}) {
    EXPECT_THAT(run.out, HasSubstr(name));
  }
  const std::string report = ReadFile(Path("report.html"));
  for (const char* id : {"id=\"comparison-issizlik_odenegi-oran\"",
                         "id=\"gains-issizlik_odenegi-both\"",
                         "id=\"attribution-issizlik_odenegi-reform\""}) {
    EXPECT_THAT(report, HasSubstr(id));
  }

  // Names are checked before anything is read: a usage error, nothing written.
  for (const std::string& bad :
       {absl::StrCat("--scenario 'a b=", oran, "' --scenario 'c=", oran, "'"),
        absl::StrCat("--scenario 'a=", oran, "' --scenario 'a=", prim, "'"),
        absl::StrCat("--scenario '", oran, "'")}) {
    CliRun refused = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' ", bad, " --out '",
                                      Path("refused.csv"), "'"));
    EXPECT_EQ(refused.code, 2) << bad << "\n" << refused.err;
    EXPECT_THAT(refused.err, HasSubstr("--scenario")) << bad;
    EXPECT_FALSE(std::filesystem::exists(Path("refused.csv"))) << bad;
  }
  CliRun missing = Cli(absl::StrCat("simulate '", Path("claims.csv"), "' --scenario 'a=",
                                    DataDir(), "/no_such_reform.yaml'"));
  EXPECT_NE(missing.code, 0);
  EXPECT_THAT(missing.err, HasSubstr("no_such_reform.yaml"));
}

TEST_F(SimulateTest, StdinNeedsInputFormat) {
  const std::string input = DataDir() + "/quoted.csv";
  CliRun run = Cli("simulate - --input-format csv --max-errors 1", input);
  EXPECT_EQ(run.code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("kayıtlar: 4 okundu"));
  run = Cli("simulate -", input);
  EXPECT_EQ(run.code, 2);
}

TEST_F(SimulateTest, FatalProblemsExitNonZero) {
  WriteFile(Path("typo.csv"), "id,fesih_tarihy\nA,2023-01-01\n");
  CliRun run = Cli(absl::StrCat("simulate '", Path("typo.csv"), "'"));
  EXPECT_EQ(run.code, 1);
  EXPECT_THAT(run.err, HasSubstr("fesih_tarihy"));
  run = Cli(absl::StrCat("simulate '", Path("missing.csv"), "'"));
  EXPECT_EQ(run.code, 1);
  EXPECT_THAT(run.err, HasSubstr("missing.csv"));
  run = Cli(absl::StrCat("simulate '", Path("typo.csv"), "' --out x.txt"));
  EXPECT_EQ(run.code, 2);
}

}  // namespace

namespace {

// The summary's cost is what the claims are paid in all: the sum of every
// eligible claim's schedule net, as the JSONL results list it (issue #16:
// it was one month's aylik_net). A claim with no payable day costs nothing.
TEST_F(SimulateTest, CostIsTheSumOfEverySchedule) {
  WriteFile(Path("claims.csv"), FactsCsv(1500, 0));
  for (const char* reform : {"", "oran"}) {
    const std::string extra =
        *reform ? absl::StrCat(" --reform '", DataDir(), "/reform_oran_50.yaml'") : "";
    CliRun run = Cli(absl::StrCat("simulate '", Path("claims.csv"), "'", extra, " --out '",
                                  Path("out.jsonl"), "' --summary '", Path("summary.json"), "'"));
    ASSERT_EQ(run.code, 0) << run.err;
    int64_t base_cents = 0, reform_cents = 0, monthly_cents = 0, eligible = 0;
    for (const std::string& line : Lines(ReadFile(Path("out.jsonl")))) {
      const nlohmann::json r = nlohmann::json::parse(line);
      if (r["status"] == "eligible") {
        ++eligible;
        monthly_cents += Cents(r["values"]["aylik_net"]);
        for (const auto& m : r["payments"]) base_cents += Cents(m["net"]);
        if (r["values"]["sure_gun"] == 0) {
          EXPECT_TRUE(r["payments"].empty()) << line;
        }
      }
      if (r.contains("reform") && r["reform"]["status"] == "eligible") {
        for (const auto& m : r["reform"]["payments"]) reform_cents += Cents(m["net"]);
      }
    }
    ASSERT_GT(eligible, 100);
    const nlohmann::json p = Summary("summary.json")["programs"][0];
    EXPECT_EQ(Cents(p["cost"]["total"]), base_cents);
    EXPECT_EQ(p["cost"]["claims"], eligible);
    EXPECT_THAT(p["cost"]["sums"].get<std::string>(), HasSubstr("payment schedule"));
    EXPECT_EQ(Cents(p["amount"]["total"]), monthly_cents);
    EXPECT_THAT(p["amount"]["sums"].get<std::string>(), HasSubstr("one month"));
    EXPECT_GT(base_cents, monthly_cents);  // schedules run several months
    if (*reform) {
      EXPECT_EQ(Cents(p["comparison"]["cost_difference"]), reform_cents - base_cents);
      EXPECT_EQ(Cents(p["comparison"]["reform_cost"]), reform_cents);
    }
  }
}

}  // namespace
