// The public bulk API (odenek/simulate.h) as an embedder uses it: claims held
// in memory, results through a callback, no files; and OutputFile's promise
// that a file appears only when committed.
#include "odenek/simulate.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/claim.h"
#include "odenek/rule_set.h"
#include "tests/testing/built_in_rules.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

using ::odenek::testing::IsOk;
using ::odenek::testing::StatusIs;
using ::testing::HasSubstr;

using ::odenek::testing::SourceDir;

const RuleSet& Rules() { return ::odenek::testing::BuiltInRules(); }

constexpr char kHeader[] =
    "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,prim_gun_3_yil,"
    "kazanc_son_4_ay,gun_son_4_ay\n";

// n facts records, some eligible, some not, every 7th with a bad date.
std::string FactsCsv(int n) {
  std::string csv = kHeader;
  for (int i = 1; i <= n; ++i) {
    const int days = 400 + (i * 37) % 690;  // within the 1095-day window
    const std::string date = i % 7 == 0 ? "2023-02-30" : "2023-03-31";
    absl::StrAppend(&csv, "B-", i, ",", date, ",", i % 5 == 0 ? "3" : "4", ",2023-04-05,true,",
                    days, ",", 30000 + i * 13, ".", i % 100 < 10 ? "0" : "", i % 100, ",120\n");
  }
  return csv;
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(SimulateApi, ClaimsInMemoryResultsThroughACallback) {
  const int n = 3000;  // several chunks
  std::unique_ptr<ClaimSource> source = ClaimSource::FromString(FactsCsv(n), "memory.csv");
  std::vector<ClaimOutcome> outcomes;
  std::vector<RecordError> errors;
  SimulateOptions options;
  options.threads = 2;
  std::vector<int64_t> order;  // record numbers, as the callbacks came
  options.on_result = [&](const ClaimOutcome& o) {
    outcomes.push_back(o);
    order.push_back(o.record);
  };
  options.on_error = [&](const RecordError& e) {
    errors.push_back(e);
    order.push_back(e.record);
  };
  absl::StatusOr<SimulateReport> report = Simulate(Rules(), *source, nullptr, nullptr, options);
  ASSERT_THAT(report, IsOk());
  ASSERT_EQ(order.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) ASSERT_EQ(order[i], i + 1) << "callbacks out of input order";

  const SimulateSummary& s = report->summary;
  EXPECT_EQ(s.read, n);
  EXPECT_EQ(s.rejected, n / 7);
  EXPECT_EQ(s.evaluated + s.rejected, s.read);
  ASSERT_EQ(static_cast<int64_t>(outcomes.size()), s.evaluated);
  ASSERT_EQ(static_cast<int64_t>(errors.size()), s.rejected);

  // Every record once, in input order, the good ones as results and the bad
  // ones as errors; each result is what RuleSet::Evaluate says of the claim.
  size_t next_result = 0, next_error = 0;
  for (int i = 1; i <= n; ++i) {
    if (i % 7 == 0) {
      ASSERT_LT(next_error, errors.size());
      const RecordError& e = errors[next_error++];
      EXPECT_EQ(e.record, i);
      EXPECT_EQ(e.line, i + 1);  // the header is line 1
      EXPECT_EQ(e.id, absl::StrCat("B-", i));
      EXPECT_THAT(e.message, HasSubstr("fesih_tarihi"));
      continue;
    }
    ASSERT_LT(next_result, outcomes.size());
    const ClaimOutcome& o = outcomes[next_result++];
    EXPECT_EQ(o.record, i);
    ASSERT_EQ(o.results.size(), 1u);  // the header names işsizlik ödeneği's inputs only
    EXPECT_TRUE(o.scenario_results.empty());
    if (i % 97 != 1) continue;  // the slow check on a sample
    const std::vector<std::string> fields = absl::StrSplit(Lines(FactsCsv(n))[i], ',');
    const std::vector<std::string> names = absl::StrSplit(std::string(kHeader).substr(3), ',');
    std::vector<std::pair<std::string, std::string>> claim_fields;
    for (size_t k = 1; k < fields.size(); ++k) {
      std::string name = names[k - 1];
      if (!name.empty() && name.back() == '\n') name.pop_back();
      claim_fields.push_back({name, fields[k]});
    }
    absl::StatusOr<std::vector<Result>> direct =
        Rules().Evaluate(Claim::FromFields(fields[0], claim_fields), {.program = "issizlik_odenegi"});
    ASSERT_THAT(direct, IsOk());
    EXPECT_EQ(ResultToJson((*direct)[0]), ResultToJson(o.results[0])) << "record " << i;
  }
}

TEST(SimulateApi, TextOutputToStringsMatchesForAnyThreadCount) {
  const std::string csv = FactsCsv(2500);
  std::string first_out, first_errors;
  // 5 and 40 threads: chunks smaller than 1,024 claims (memory stays flat).
  for (int threads : {1, 2, 5, 40}) {
    std::string out, errors;
    std::unique_ptr<ClaimSource> source = ClaimSource::FromString(csv, "memory.csv");
    std::unique_ptr<TextSink> out_sink = TextSink::ToString(&out);
    std::unique_ptr<TextSink> errors_sink = TextSink::ToString(&errors);
    SimulateOptions options;
    options.threads = threads;
    options.results = ResultFormat::kJsonl;
    ASSERT_THAT(Simulate(Rules(), *source, out_sink.get(), errors_sink.get(), options), IsOk());
    EXPECT_EQ(Lines(out).size() + Lines(errors).size(), 2500u);
    if (threads == 1) {
      first_out = out;
      first_errors = errors;
    } else {
      EXPECT_EQ(out, first_out) << threads << " threads";
      EXPECT_EQ(errors, first_errors) << threads << " threads";
    }
  }
}

// A history-form claim whose premium list has `months` lines (~70 bytes each).
std::string LongHistoryClaim(int i, int months) {
  std::string primler;
  for (int k = 0; k < months; ++k) {
    absl::StrAppend(&primler, k ? "," : "", "{\"ay\":\"", 2020 + (k % 36) / 12, "-",
                    (k % 12) < 9 ? "0" : "", (k % 12) + 1, "\",\"gun\":", k < 36 * 30 ? 1 : 0,
                    ",\"kazanc\":\"700.00\",\"isveren\":\"", 1000000 + k / 36, "\"}");
  }
  return absl::StrCat("{\"id\":\"L-", i, "\",\"fesih\":{\"tarih\":\"2023-01-02\",\"neden_kodu\":4},",
                      "\"basvuru\":{\"tarih\":\"2023-01-10\",\"program\":\"issizlik_odenegi\"},",
                      "\"sozlesmeler\":[{\"isveren\":\"1000000\",\"baslangic\":\"2019-01-01\",",
                      "\"bitis\":\"2023-01-02\"}],\"primler\":[", primler, "]}\n");
}

// Chunks with a record over 64 KiB are evaluated a few at a time, in input
// order (an earlier chunk never waits for a later one's slot: no deadlock at
// any thread count), and the workers give the memory back: the bytes are
// those of one thread.
TEST(SimulateApi, LongRecordsGiveTheSameBytesOnManyThreads) {
  std::string jsonl;
  for (int i = 0; i < 60; ++i) {
    jsonl += i % 3 == 0 ? LongHistoryClaim(i, 1500) : LongHistoryClaim(i, 40);
  }
  ASSERT_GT(LongHistoryClaim(0, 1500).size(), size_t{64} << 10);
  std::string first;
  for (int threads : {1, 16}) {
    std::string out, errors;
    std::unique_ptr<ClaimSource> source = ClaimSource::FromString(jsonl, "long.jsonl");
    std::unique_ptr<TextSink> out_sink = TextSink::ToString(&out);
    std::unique_ptr<TextSink> errors_sink = TextSink::ToString(&errors);
    SimulateOptions options;
    options.format = RecordFormat::kJsonl;
    options.results = ResultFormat::kJsonl;
    options.threads = threads;
    absl::StatusOr<SimulateReport> report =
        Simulate(Rules(), *source, out_sink.get(), errors_sink.get(), options);
    ASSERT_THAT(report, IsOk());
    EXPECT_EQ(report->summary.evaluated, 60) << errors;
    if (threads == 1) first = out;
    else EXPECT_EQ(out, first);
  }
}

TEST(SimulateApi, ScenarioIsComparedClaimByClaim) {
  absl::StatusOr<RuleSet> reform = RuleSet::Load(
      SourceDir() + "/rules", {.reforms = {SourceDir() + "/tests/simulate/data/reform_oran_50.yaml"}});
  ASSERT_THAT(reform, IsOk());
  std::unique_ptr<ClaimSource> source = ClaimSource::FromString(FactsCsv(200), "memory.csv");
  SimulateOptions options;
  options.scenarios.push_back({"oran_50", *reform});
  std::vector<ClaimOutcome> outcomes;
  options.on_result = [&](const ClaimOutcome& o) { outcomes.push_back(o); };
  absl::StatusOr<SimulateReport> report = Simulate(Rules(), *source, nullptr, nullptr, options);
  ASSERT_THAT(report, IsOk());
  EXPECT_TRUE(report->summary.has_reform);
  ASSERT_FALSE(outcomes.empty());
  for (const ClaimOutcome& o : outcomes) ASSERT_EQ(o.scenario_results.size(), o.results.size());
  for (const ClaimOutcome& o : outcomes) {
    ASSERT_EQ(o.scenarios.size(), 1u);
    EXPECT_EQ(o.scenarios[0].results.size(), o.results.size());
  }
  // Several scenarios: tests/simulate/scenarios_test.cc.
}

// A reform that moves no claim is worth a warning, with the reason when it
// is the dates: FactsCsv's latest date is 2023-04-05 (the application date);
// its claims read issizlik_odenegi.oran on the termination date, 2023-03-31.
TEST(SimulateApi, AReformThatChangesNothingIsReportedWithWhy) {
  const auto run = [](const std::string& first_day, std::optional<Date> as_of) {
    const std::string path = ::testing::TempDir() + "/reform_" + first_day + ".yaml";
    std::ofstream(path) << "reform: r\ntitle: t\nreference: test\nparameters:\n"
                           "  issizlik_odenegi.oran: {values: {"
                        << first_day << ": 0.50}}\n";
    absl::StatusOr<RuleSet> reform = RuleSet::Load(SourceDir() + "/rules", {.reforms = {path}});
    EXPECT_THAT(reform, IsOk());
    std::unique_ptr<ClaimSource> source = ClaimSource::FromString(FactsCsv(300), "memory.csv");
    SimulateOptions options;
    options.threads = 2;
    options.as_of = as_of;
    options.scenarios.push_back({"r", *reform});
    absl::StatusOr<SimulateReport> report = Simulate(Rules(), *source, nullptr, nullptr, options);
    EXPECT_THAT(report, IsOk());
    return report.ok() ? report->summary.warnings : std::vector<std::string>{"<failed>"};
  };
  // After every date in the claims (the day after, and years after).
  for (const std::string day : {"2023-04-06", "2030-01-01"}) {
    const std::vector<std::string> warnings = run(day, std::nullopt);
    ASSERT_EQ(warnings.size(), 1u) << day;
    EXPECT_THAT(warnings[0], HasSubstr("reform r changed no claim's verdict or amount"));
    EXPECT_THAT(warnings[0], HasSubstr(absl::StrCat("first change takes effect on ", day,
                                                    ", after the latest date in the claims "
                                                    "(2023-04-05)")));
  }
  // On the latest date itself, or before it but after the dates read: the
  // dates do not explain it, and the warning does not pretend they do.
  for (const std::string day : {"2023-04-05", "2023-04-01"}) {
    const std::vector<std::string> warnings = run(day, std::nullopt);
    ASSERT_EQ(warnings.size(), 1u) << day;
    EXPECT_THAT(warnings[0], HasSubstr("the values it changes do not decide these claims"));
  }
  // A reform in force on the dates read changes amounts: no warning.
  EXPECT_THAT(run("2023-01-01", std::nullopt), ::testing::IsEmpty());
  // With every parameter read on one date, that date is what counts.
  EXPECT_THAT(run("2030-01-01", Date::Parse("2031-01-01").value()), ::testing::IsEmpty());
  const std::vector<std::string> before = run("2030-01-01", Date::Parse("2029-12-31").value());
  ASSERT_EQ(before.size(), 1u);
  EXPECT_THAT(before[0], HasSubstr("after the date the parameters were read on (2029-12-31)"));
}

// The summary names programmes and the scenario as the rules do: each
// reform file's `title:`, or its file name where it has none; and its
// histograms count every claim (issue #16 item 10).
TEST(SimulateApi, SummaryCarriesTitlesAndExactHistograms) {
  const std::string untitled = ::testing::TempDir() + "/untitled_reform.yaml";
  {
    std::ofstream out(untitled);
    out << "reform: sure_uzun\nreference: Test\n"
           "parameters:\n  issizlik_odenegi.oran: {values: {2023-01-01: 0.45}}\n";
  }
  absl::StatusOr<RuleSet> reform = RuleSet::Load(
      SourceDir() + "/rules",
      {.reforms = {SourceDir() + "/tests/simulate/data/reform_oran_50.yaml", untitled}});
  ASSERT_THAT(reform, IsOk());
  const std::vector<ReformInfo> infos = reform->reforms();
  ASSERT_EQ(infos.size(), 2u);
  EXPECT_EQ(infos[0].id, "oran_50");
  EXPECT_EQ(infos[0].title, "İşsizlik ödeneği oranı %50 (test)");
  EXPECT_EQ(infos[0].reference, "Test reformu");
  EXPECT_THAT(infos[0].file, HasSubstr("reform_oran_50.yaml"));
  EXPECT_EQ(infos[1].title, "");
  EXPECT_TRUE(Rules().reforms().empty());

  std::unique_ptr<ClaimSource> source = ClaimSource::FromString(FactsCsv(500), "memory.csv");
  SimulateOptions options;
  options.threads = 2;
  options.scenarios.push_back({"both", *reform});
  absl::StatusOr<SimulateReport> report = Simulate(Rules(), *source, nullptr, nullptr, options);
  ASSERT_THAT(report, IsOk());
  const SimulateSummary& s = report->summary;
  EXPECT_EQ(s.reform_titles, (std::vector<std::string>{"İşsizlik ödeneği oranı %50 (test)",
                                                      "untitled_reform.yaml"}));
  bool seen = false;
  for (const ProgramSummary& p : s.programs) {
    if (p.id != "issizlik_odenegi") continue;
    seen = true;
    EXPECT_FALSE(p.title.empty());
    EXPECT_FALSE(p.condition_messages.empty());
    EXPECT_FALSE(p.input_descriptions.empty());
    for (const ProgramStats* st : {&p.base, &p.reform}) {
      int64_t sum = 0;
      for (const MoneyBin& b : st->AmountHistogram().bins) sum += b.claims;
      EXPECT_EQ(sum, st->with_amount());
      EXPECT_GT(sum, 0);
    }
    const ComparisonTally& c = p.comparison;
    int64_t sum = 0;
    for (const DifferenceBin& b : c.Histogram().bins) {
      sum += b.claims();
      // Sign-pure bins: eligible-in-both claims below zero are losers.
      EXPECT_TRUE(b.lower >= 0 || b.upper <= 0);
    }
    EXPECT_EQ(sum, c.gainers + c.losers + c.unchanged + c.newly_eligible + c.newly_ineligible);
    EXPECT_GT(c.gainers, 0);  // 40% → 50%
  }
  EXPECT_TRUE(seen);
}

TEST(SimulateApi, WholeInputErrorsAreStatuses) {
  std::unique_ptr<ClaimSource> source =
      ClaimSource::FromString("id,no_such_column\nB-1,3\n", "bad.csv");
  EXPECT_THAT(Simulate(Rules(), *source, nullptr, nullptr),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bad.csv:1: header")));

  source = ClaimSource::FromString(FactsCsv(3), "memory.csv");
  SimulateOptions options;
  options.programs = {"no_such_programme"};
  EXPECT_THAT(Simulate(Rules(), *source, nullptr, nullptr, options),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("no_such_programme")));

  // An empty input is a report with nothing read, not an error.
  source = ClaimSource::FromString("", "empty.csv");
  absl::StatusOr<SimulateReport> empty = Simulate(Rules(), *source, nullptr, nullptr);
  ASSERT_THAT(empty, IsOk());
  EXPECT_EQ(empty->summary.read, 0);
}

TEST(SimulateApi, ASinkErrorStopsTheRun) {
  std::unique_ptr<ClaimSource> source = ClaimSource::FromString(FactsCsv(5000), "memory.csv");
  int writes = 0;
  std::unique_ptr<TextSink> broken = TextSink::ToFunction([&](absl::string_view) {
    return ++writes == 2 ? absl::ResourceExhaustedError("disk full") : absl::OkStatus();
  });
  SimulateOptions options;
  options.results = ResultFormat::kCsv;
  EXPECT_THAT(Simulate(Rules(), *source, broken.get(), nullptr, options),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("disk full")));
}

TEST(SimulateApi, CancelStopsReadingAndSaysSo) {
  std::unique_ptr<ClaimSource> source = ClaimSource::FromString(FactsCsv(20000), "memory.csv");
  std::atomic<bool> cancel{false};
  SimulateOptions options;
  options.threads = 1;
  options.cancel = &cancel;
  options.on_progress = [&](const SimulateProgress&) { cancel.store(true); };
  EXPECT_THAT(Simulate(Rules(), *source, nullptr, nullptr, options),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("cancelled after")));
}

TEST(SimulateApi, OpenFileRefusesFoldersAndDevices) {
  EXPECT_THAT(ClaimSource::OpenFile(SourceDir() + "/rules"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("it is a folder")));
  EXPECT_THAT(ClaimSource::OpenFile("/dev/zero"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("not a regular file")));
  EXPECT_THAT(ClaimSource::OpenFile("/no/such/claims.csv"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/no/such/claims.csv")));
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = absl::StrCat(::testing::TempDir(), "odenek_output_file_", getpid());
    ASSERT_EQ(system(("rm -rf '" + dir_ + "' && mkdir -p '" + dir_ + "'").c_str()), 0);
  }
  void TearDown() override { system(("rm -rf '" + dir_ + "'").c_str()); }
  std::string dir_;
};

TEST_F(OutputFileTest, AppearsOnlyWhenCommitted) {
  const std::string path = dir_ + "/out.csv";
  absl::StatusOr<std::unique_ptr<OutputFile>> f = OutputFile::Create(path);
  ASSERT_THAT(f, IsOk());
  ASSERT_THAT((*f)->Write("a,b\n"), IsOk());
  ASSERT_THAT((*f)->Write(std::string(3 << 20, 'x')), IsOk());  // past the buffer
  EXPECT_FALSE(Exists(path));
  EXPECT_TRUE(Exists((*f)->temp_path()));
  ASSERT_THAT((*f)->Commit(), IsOk());
  EXPECT_EQ(ReadFile(path).size(), 4u + (3 << 20));
  EXPECT_FALSE(Exists((*f)->temp_path()));
}

TEST_F(OutputFileTest, AnUncommittedFileLeavesTheOldOneUntouched) {
  const std::string path = dir_ + "/out.csv";
  { std::ofstream(path) << "before\n"; }
  {
    absl::StatusOr<std::unique_ptr<OutputFile>> f = OutputFile::Create(path);
    ASSERT_THAT(f, IsOk());
    ASSERT_THAT((*f)->Write("half a run"), IsOk());
  }  // destroyed without Commit: a failed run
  EXPECT_EQ(ReadFile(path), "before\n");
  EXPECT_FALSE(Exists(dir_ + "/.out.csv.odenek-tmp"));
}

TEST_F(OutputFileTest, TwoWritersOfOnePathAreRefused) {
  const std::string path = dir_ + "/out.csv";
  absl::StatusOr<std::unique_ptr<OutputFile>> a = OutputFile::Create(path);
  ASSERT_THAT(a, IsOk());
  EXPECT_THAT(OutputFile::Create(path),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("another run")));
}

TEST_F(OutputFileTest, AStaleTemporaryIsReused) {
  // What a killed run leaves: the next run of the same command takes it over.
  { std::ofstream(dir_ + "/.out.csv.odenek-tmp") << "stale half file"; }
  absl::StatusOr<std::unique_ptr<OutputFile>> f = OutputFile::Create(dir_ + "/out.csv");
  ASSERT_THAT(f, IsOk());
  ASSERT_THAT((*f)->Write("new\n"), IsOk());
  ASSERT_THAT((*f)->Commit(), IsOk());
  EXPECT_EQ(ReadFile(dir_ + "/out.csv"), "new\n");
}

TEST_F(OutputFileTest, NoFolderIsAnErrorNamingThePath) {
  EXPECT_THAT(OutputFile::Create(dir_ + "/missing/out.csv"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("missing/out.csv")));
  EXPECT_THAT(OutputFile::Create(dir_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("it is a folder")));
}

}  // namespace
}  // namespace odenek
