// Several scenarios side by side (issue #16 item 10): a run with scenarios
// A, B, C gives, for each of them, exactly what a run with that scenario
// alone gives (its result columns, its JSONL result and difference, its
// summary comparison, its callbacks), whatever the thread count and the
// input form; names are checked before anything runs.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "odenek/result.h"
#include "odenek/rule_set.h"
#include "odenek/simulate.h"
#include "odenek/summary.h"
#include "tests/testing/built_in_rules.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

using ::odenek::testing::IsOk;
using ::odenek::testing::SourceDir;
using ::odenek::testing::StatusIs;
using ::testing::HasSubstr;

const RuleSet& Rules() { return ::odenek::testing::BuiltInRules(); }

RuleSet Reform(const std::string& file) {
  absl::StatusOr<RuleSet> r = RuleSet::Load(
      SourceDir() + "/rules", {.reforms = {SourceDir() + "/tests/simulate/data/" + file}});
  EXPECT_THAT(r, IsOk());
  return *r;
}

// oran_50 changes the amount, prim_450 who is eligible, oran_2030 nothing
// for these claims (its change starts after their dates).
std::vector<Scenario> ThreeScenarios() {
  return {{"oran_50", Reform("reform_oran_50.yaml")},
          {"prim_450", Reform("reform_prim_450.yaml")},
          {"oran_2030", Reform("reform_oran_50_2030.yaml")}};
}

// Facts claims around the eligibility edges: premium days below, at and
// above 450, 600 and 900; every 11th record cannot be read.
std::string FactsCsv(int n) {
  std::string csv =
      "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,prim_gun_3_yil,"
      "kazanc_son_4_ay,gun_son_4_ay\n";
  const int days[] = {449, 450, 451, 599, 600, 601, 899, 900, 901, 1080};
  for (int i = 1; i <= n; ++i) {
    const std::string date = i % 11 == 0 ? "2023-02-30" : "2023-03-31";
    absl::StrAppend(&csv, "S-", i, ",", date, ",", i % 5 == 0 ? "3" : "4", ",2023-04-05,",
                    i % 13 == 0 ? "false" : "true", ",", days[i % 10], ",",
                    20000 + (i * 7919) % 90000, ".", 10 + i % 90, ",120\n");
  }
  return csv;
}

std::string HistoryJsonl() {
  std::string text;
  std::ifstream in(SourceDir() + "/tests/simulate/data/history.jsonl");
  std::string line;
  while (std::getline(in, line)) text += line + "\n";
  return text;
}

struct Outcome {
  std::string out;
  std::string errors;
  SimulateSummary summary;
  std::vector<ClaimOutcome> outcomes;
};

Outcome Simulated(const std::string& input, RecordFormat format, ResultFormat results,
              std::vector<Scenario> scenarios, int threads, bool callbacks = false) {
  Outcome run;
  std::unique_ptr<ClaimSource> source = ClaimSource::FromString(input, "claims");
  std::unique_ptr<TextSink> out = TextSink::ToString(&run.out);
  std::unique_ptr<TextSink> errors = TextSink::ToString(&run.errors);
  SimulateOptions options;
  options.format = format;
  options.results = results;
  options.threads = threads;
  options.scenarios = std::move(scenarios);
  if (callbacks) options.on_result = [&run](const ClaimOutcome& o) { run.outcomes.push_back(o); };
  absl::StatusOr<SimulateReport> report =
      Simulate(Rules(), *source, out.get(), errors.get(), options);
  EXPECT_THAT(report, IsOk());
  if (report.ok()) run.summary = report->summary;
  return run;
}

std::vector<std::vector<std::string>> CsvRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    rows.push_back(absl::StrSplit(line, ','));  // the built-in outputs hold no commas
  }
  return rows;
}

// The cells of `row` whose header starts with `prefix`, with the prefix
// taken off the header: {"status": "eligible", ...}.
std::map<std::string, std::string> Cells(const std::vector<std::string>& header,
                                         const std::vector<std::string>& row,
                                         const std::string& prefix) {
  std::map<std::string, std::string> cells;
  for (size_t c = 0; c < header.size(); ++c) {
    if (header[c].rfind(prefix, 0) == 0) cells[header[c].substr(prefix.size())] = row.at(c);
  }
  return cells;
}

TEST(Scenarios, EachScenarioGivesWhatItGivesAloneInCsv) {
  const std::string input = FactsCsv(400);
  const std::vector<Scenario> all = ThreeScenarios();
  const Outcome together = Simulated(input, RecordFormat::kCsv, ResultFormat::kCsv, all, 2);
  const auto rows = CsvRows(together.out);
  ASSERT_GT(rows.size(), 300u);
  const std::vector<std::string>& header = rows[0];
  EXPECT_EQ(header[0], "id");
  const size_t status = std::find(header.begin(), header.end(), "status") - header.begin();
  const size_t amount = std::find(header.begin(), header.end(), "aylik_net") - header.begin();
  ASSERT_LT(amount, header.size());
  for (size_t k = 0; k < all.size(); ++k) {
    SCOPED_TRACE(all[k].name);
    const Outcome alone = Simulated(input, RecordFormat::kCsv, ResultFormat::kCsv, {all[k]}, 2);
    const auto alone_rows = CsvRows(alone.out);
    ASSERT_EQ(alone_rows.size(), rows.size());
    EXPECT_EQ(alone.errors, together.errors);
    int differs_from_baseline = 0;
    for (size_t r = 1; r < rows.size(); ++r) {
      // The baseline's columns, then the scenario's as "reform_" alone and
      // "NAME_" together, then its difference.
      EXPECT_EQ(Cells(header, rows[r], "id"), Cells(alone_rows[0], alone_rows[r], "id"));
      EXPECT_EQ(Cells(header, rows[r], all[k].name + "_diff_"),
                Cells(alone_rows[0], alone_rows[r], "diff_"));
      std::map<std::string, std::string> mine = Cells(header, rows[r], all[k].name + "_");
      for (auto it = mine.begin(); it != mine.end();) {
        it = it->first.rfind("diff_", 0) == 0 ? mine.erase(it) : std::next(it);
      }
      EXPECT_EQ(mine, Cells(alone_rows[0], alone_rows[r], "reform_"));
      if (mine["status"] != rows[r][status] || mine["aylik_net"] != rows[r][amount]) {
        ++differs_from_baseline;
      }
    }
    // The scenarios really differ: oran_50 and prim_450 move claims,
    // oran_2030 none.
    if (all[k].name == "oran_2030") {
      EXPECT_EQ(differs_from_baseline, 0);
    } else {
      EXPECT_GT(differs_from_baseline, 0);
    }
  }
}

TEST(Scenarios, EachScenarioGivesWhatItGivesAloneInJsonl) {
  for (const bool history : {false, true}) {
    SCOPED_TRACE(history ? "history JSONL" : "facts CSV");
    const std::string input = history ? HistoryJsonl() : FactsCsv(300);
    const RecordFormat format = history ? RecordFormat::kJsonl : RecordFormat::kCsv;
    const std::vector<Scenario> all = ThreeScenarios();
    const Outcome together = Simulated(input, format, ResultFormat::kJsonl, all, 3);
    std::vector<std::string> lines = absl::StrSplit(together.out, '\n', absl::SkipEmpty());
    ASSERT_FALSE(lines.empty());
    for (size_t k = 0; k < all.size(); ++k) {
      SCOPED_TRACE(all[k].name);
      const Outcome alone = Simulated(input, format, ResultFormat::kJsonl, {all[k]}, 1);
      std::vector<std::string> alone_lines = absl::StrSplit(alone.out, '\n', absl::SkipEmpty());
      ASSERT_EQ(alone_lines.size(), lines.size());
      for (size_t i = 0; i < lines.size(); ++i) {
        nlohmann::json t = nlohmann::json::parse(lines[i]);
        nlohmann::json a = nlohmann::json::parse(alone_lines[i]);
        ASSERT_TRUE(t.contains("scenarios")) << lines[i];
        ASSERT_EQ(t["scenarios"].size(), all.size());
        nlohmann::json mine = t["scenarios"][all[k].name];
        // Alone: "reform" and "diff" beside the baseline; together: the
        // difference inside each scenario's result.
        if (a.contains("diff")) {
          EXPECT_EQ(mine["diff"], a["diff"]);
          mine.erase("diff");
        }
        EXPECT_EQ(mine, a["reform"]);
        t.erase("scenarios");
        a.erase("reform");
        a.erase("diff");
        EXPECT_EQ(t, a);  // the baseline's result
      }
    }
  }
}

TEST(Scenarios, TheSummaryComparesEachWithTheBaseline) {
  const std::string input = FactsCsv(500);
  const std::vector<Scenario> all = ThreeScenarios();
  const Outcome together = Simulated(input, RecordFormat::kCsv, ResultFormat::kNone, all, 2);
  const SimulateSummary& s = together.summary;
  ASSERT_EQ(s.scenarios.size(), 3u);
  EXPECT_EQ(s.read, s.evaluated + s.rejected);
  nlohmann::json j = nlohmann::json::parse(SummaryToJson(s));
  ASSERT_EQ(j["scenarios"].size(), 3u);
  for (size_t k = 0; k < all.size(); ++k) {
    SCOPED_TRACE(all[k].name);
    const Outcome alone = Simulated(input, RecordFormat::kCsv, ResultFormat::kNone, {all[k]}, 2);
    nlohmann::json a = nlohmann::json::parse(SummaryToJson(alone.summary));
    const nlohmann::json& mine = j["scenarios"][k];
    EXPECT_EQ(mine["name"], all[k].name);
    EXPECT_EQ(mine["titles"], a["reform_titles"]);
    EXPECT_EQ(mine["records_with_error"], 0);
    ASSERT_EQ(mine["programs"].size(), a["programs"].size());
    for (size_t p = 0; p < a["programs"].size(); ++p) {
      nlohmann::json program = mine["programs"][p];
      EXPECT_EQ(program["comparison"], a["programs"][p]["comparison"]);
      program.erase("comparison");
      program.erase("id");
      nlohmann::json reform = a["programs"][p]["reform"];
      EXPECT_EQ(program, reform);
      // The baseline is the same whatever the scenarios.
      EXPECT_EQ(j["programs"][p]["eligible"], a["programs"][p]["eligible"]);
      EXPECT_EQ(j["programs"][p]["cost"], a["programs"][p]["cost"]);
    }
    // The single-scenario keys hold the first scenario's.
    if (k == 0) {
      EXPECT_EQ(j["programs"][0]["comparison"], a["programs"][0]["comparison"]);
      EXPECT_EQ(j["reform_titles"], a["reform_titles"]);
    }
    // Only the scenario that changed nothing is warned about, by name.
    EXPECT_EQ(s.scenarios[k].unchanged.has_value(), all[k].name == "oran_2030");
  }
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_THAT(s.warnings[0], HasSubstr("oran_2030"));
  const std::string text = SummaryToText(s, TextLanguage::kEnglish);
  for (const Scenario& sc : all) EXPECT_THAT(text, HasSubstr("scenario " + sc.name + ":"));
}

TEST(Scenarios, CallbacksCarryEveryScenario) {
  const std::string input = FactsCsv(120);
  const std::vector<Scenario> all = ThreeScenarios();
  const Outcome together =
      Simulated(input, RecordFormat::kCsv, ResultFormat::kNone, all, 2, /*callbacks=*/true);
  ASSERT_EQ(static_cast<int64_t>(together.outcomes.size()), together.summary.evaluated);
  for (size_t k = 0; k < all.size(); ++k) {
    const Outcome alone =
        Simulated(input, RecordFormat::kCsv, ResultFormat::kNone, {all[k]}, 1, /*callbacks=*/true);
    ASSERT_EQ(alone.outcomes.size(), together.outcomes.size());
    for (size_t i = 0; i < alone.outcomes.size(); ++i) {
      const ClaimOutcome& t = together.outcomes[i];
      ASSERT_EQ(t.scenarios.size(), all.size());
      ASSERT_EQ(t.scenarios[k].results.size(), alone.outcomes[i].scenario_results.size());
      for (size_t p = 0; p < t.scenarios[k].results.size(); ++p) {
        EXPECT_EQ(ResultToJson(t.scenarios[k].results[p]),
                  ResultToJson(alone.outcomes[i].scenario_results[p]));
      }
    }
  }
}

TEST(Scenarios, ThreadCountsGiveTheSameBytes) {
  const std::string input = FactsCsv(2500);  // several chunks
  std::string first_csv, first_jsonl;
  for (int threads : {1, 2, 5}) {
    const Outcome csv = Simulated(input, RecordFormat::kCsv, ResultFormat::kCsv, ThreeScenarios(),
                              threads);
    const Outcome jsonl = Simulated(input, RecordFormat::kCsv, ResultFormat::kJsonl,
                                ThreeScenarios(), threads);
    if (threads == 1) {
      first_csv = csv.out;
      first_jsonl = jsonl.out;
    } else {
      EXPECT_EQ(csv.out, first_csv) << threads << " threads";
      EXPECT_EQ(jsonl.out, first_jsonl) << threads << " threads";
    }
  }
}

// A scenario whose formula divides by zero for claims with exactly 120 days
// in the last 4 months fails there alone: the baseline and the other
// scenarios keep their results, its side says "error", and the error names
// it.
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

TEST(Scenarios, OneScenariosErrorKeepsEveryOtherResult) {
  const std::string path = ::testing::TempDir() + "/bolme_hatasi.yaml";
  std::ofstream(path) << kFailingReform;
  absl::StatusOr<RuleSet> failing = RuleSet::Load(SourceDir() + "/rules", {.reforms = {path}});
  ASSERT_THAT(failing, IsOk());
  const std::vector<Scenario> scenarios = {{"bolme", *failing},
                                           {"oran_50", Reform("reform_oran_50.yaml")}};
  const std::string csv =
      "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,"
      "prim_gun_3_yil,kazanc_son_4_ay,gun_son_4_ay\n"
      "A,2023-03-31,4,2023-04-05,true,720,40032.00,110\n"
      "B,2023-03-31,4,2023-04-05,true,720,40032.00,120\n"
      "C,2023-03-31,4,2023-04-05,true,720,40032.00,100\n";
  const Outcome out = Simulated(csv, RecordFormat::kCsv, ResultFormat::kCsv, scenarios, 1,
                                /*callbacks=*/true);
  EXPECT_EQ(out.summary.evaluated, 3);
  EXPECT_EQ(out.summary.rejected, 0);
  EXPECT_EQ(out.summary.reform_errors, 1);
  ASSERT_EQ(out.summary.scenarios.size(), 2u);
  EXPECT_EQ(out.summary.scenarios[0].errors, 1);
  EXPECT_EQ(out.summary.scenarios[1].errors, 0);
  const auto rows = CsvRows(out.out);
  ASSERT_EQ(rows.size(), 4u);
  const std::vector<std::string>& header = rows[0];
  for (size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), header.size());
    const bool b = rows[r][0] == "B";
    EXPECT_EQ(Cells(header, rows[r], "bolme_")["status"], b ? "error" : "eligible");
    EXPECT_EQ(Cells(header, rows[r], "bolme_")["aylik_net"].empty(), b);
    EXPECT_EQ(Cells(header, rows[r], "oran_50_")["status"], "eligible");
    EXPECT_FALSE(Cells(header, rows[r], "oran_50_")["aylik_net"].empty());
  }
  EXPECT_THAT(out.errors, HasSubstr("\"id\":\"B\",\"scenario\":\"bolme\""));
  EXPECT_THAT(out.errors, HasSubstr("\"message\":"));
  ASSERT_EQ(out.outcomes.size(), 3u);
  EXPECT_FALSE(out.outcomes[1].scenarios[0].error.empty());
  EXPECT_TRUE(out.outcomes[1].scenarios[0].results.empty());
  EXPECT_TRUE(out.outcomes[1].scenarios[1].error.empty());
  EXPECT_EQ(out.outcomes[1].scenarios[1].results.size(), 1u);
  EXPECT_EQ(out.outcomes[1].scenario_error, out.outcomes[1].scenarios[0].error);

  const Outcome jsonl = Simulated(csv, RecordFormat::kCsv, ResultFormat::kJsonl, scenarios, 2);
  std::vector<std::string> lines = absl::StrSplit(jsonl.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  const nlohmann::json b = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(b["status"], "eligible");
  EXPECT_EQ(b["scenarios"]["bolme"]["status"], "error");
  EXPECT_EQ(b["scenarios"]["oran_50"]["status"], "eligible");
  EXPECT_TRUE(b["scenarios"]["oran_50"].contains("diff"));
}

TEST(Scenarios, NamesAreCheckedBeforeAnythingRuns) {
  const RuleSet reform = Reform("reform_oran_50.yaml");
  // One scenario may be named anything (--reform names it by its files).
  EXPECT_THAT(CheckScenarioNames({{"a.yaml + b.yaml", reform}}), IsOk());
  EXPECT_THAT(CheckScenarioNames({{"a", reform}, {"b-2_x", reform}}), IsOk());
  EXPECT_THAT(CheckScenarioNames({{"a", reform}, {"a", reform}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"a\" is given twice")));
  EXPECT_THAT(CheckScenarioNames({{"a", reform}, {"b c", reform}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"b c\": expected")));
  EXPECT_THAT(CheckScenarioNames({{"a", reform}, {"", reform}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("expected letters")));
  EXPECT_THAT(CheckScenarioNames({{"baseline", reform}, {"b", reform}}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"baseline\"")));
  std::unique_ptr<ClaimSource> source = ClaimSource::FromString(FactsCsv(5), "claims");
  SimulateOptions options;
  options.scenarios = {{"a", reform}, {"a,b", reform}};
  EXPECT_THAT(Simulate(Rules(), *source, nullptr, nullptr, options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"a,b\"")));
}

}  // namespace
}  // namespace odenek
