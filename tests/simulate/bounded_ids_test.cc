// Issue #14: the duplicate-id check in bounded memory. Past
// SimulateOptions::id_memory_bytes the ids go to disk and a record whose id
// may be a duplicate is held back and evaluated at the end, in its place.
// The promise is that nothing else changes: the results, the errors and the
// summary are the same bytes as with every id in memory, for any budget,
// thread count, input format and scenario. The budgets below force the
// disk path from the first id (256 bytes: a 1,024-bit filter, so most
// records are held back) or part way (a filter that clears most ids).
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/rule_set.h"
#include "odenek/simulate.h"
#include "odenek/summary.h"
#include "tests/testing/built_in_rules.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

using ::odenek::testing::IsOk;
using ::odenek::testing::StatusIs;
using ::testing::HasSubstr;

using ::odenek::testing::SourceDir;

const RuleSet& Rules() { return ::odenek::testing::BuiltInRules(); }

const RuleSet& Reform() {
  static const RuleSet* rules = [] {
    absl::StatusOr<RuleSet> r = RuleSet::Load(
        SourceDir() + "/rules",
        {.reforms = {SourceDir() + "/tests/simulate/data/reform_oran_50.yaml"}});
    EXPECT_THAT(r, IsOk());
    return new RuleSet(*std::move(r));
  }();
  return *rules;
}

constexpr char kHeader[] =
    "id,fesih_tarihi,fesih_neden_kodu,basvuru_tarihi,son_120_gun_hizmet_akdi,prim_gun_3_yil,"
    "kazanc_son_4_ay,gun_son_4_ay";

// One facts record's fields (kHeader's order).
std::vector<std::string> Fields(const std::string& id, std::mt19937* rng) {
  const int days = 300 + static_cast<int>((*rng)() % 700);  // within the window
  const int reason = (*rng)() % 4 == 0 ? 3 : 4;
  const bool bad_date = (*rng)() % 23 == 0;  // rejected before its id counts
  return {id,
          bad_date ? "2023-02-30" : "2023-03-31",
          std::to_string(reason),
          "2023-04-05",
          "true",
          std::to_string(days),
          absl::StrCat(20000 + (*rng)() % 40000, ".", 10 + (*rng)() % 90),
          "120"};
}

// n records whose ids repeat: an exact copy of an earlier record, or an
// earlier id with other facts, or an id met only among rejected records.
std::vector<std::vector<std::string>> Records(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::vector<std::string>> records;
  for (int i = 0; i < n; ++i) {
    const unsigned roll = rng() % 100;
    if (!records.empty() && roll < 4) {
      records.push_back(records[rng() % records.size()]);
    } else if (!records.empty() && roll < 8) {
      records.push_back(Fields(records[rng() % records.size()][0], &rng));
    } else {
      records.push_back(Fields(absl::StrCat("K-", seed, "-", i), &rng));
    }
  }
  return records;
}

std::string AsCsv(const std::vector<std::vector<std::string>>& records) {
  std::string text = absl::StrCat(kHeader, "\n");
  for (const auto& r : records) absl::StrAppend(&text, absl::StrJoin(r, ","), "\n");
  return text;
}

std::string AsJsonl(const std::vector<std::vector<std::string>>& records) {
  const std::vector<std::string> names = absl::StrSplit(kHeader, ',');
  std::string text;
  for (const auto& r : records) {
    text += "{";
    for (size_t k = 0; k < names.size(); ++k) {
      const bool quoted = k < 4;  // id and the dates
      absl::StrAppend(&text, k ? "," : "", "\"", names[k], "\":", quoted ? "\"" : "", r[k],
                      quoted ? "\"" : "");
    }
    text += "}\n";
  }
  return text;
}

struct RunText {
  std::string results;
  std::string errors;
  std::string summary;  // JSON without the timings and the id_check block
  SimulateSummary raw;
};

RunText Simulate(const std::string& input, RecordFormat format, size_t id_memory_bytes, int threads,
             bool reform) {
  RunText run;
  std::unique_ptr<ClaimSource> source =
      ClaimSource::FromString(input, format == RecordFormat::kCsv ? "m.csv" : "m.jsonl");
  std::unique_ptr<TextSink> out = TextSink::ToString(&run.results);
  std::unique_ptr<TextSink> errors = TextSink::ToString(&run.errors);
  SimulateOptions options;
  options.format = format;
  options.results = format == RecordFormat::kCsv ? ResultFormat::kCsv : ResultFormat::kJsonl;
  options.threads = threads;
  options.id_memory_bytes = id_memory_bytes;
  if (reform) options.scenarios.push_back({"oran_50", Reform()});
  absl::StatusOr<SimulateReport> report =
      odenek::Simulate(Rules(), *source, out.get(), errors.get(), options);
  EXPECT_THAT(report, IsOk());
  if (!report.ok()) return run;
  run.raw = report->summary;
  SimulateSummary s = report->summary;
  s.wall_seconds = 0;
  s.threads = 0;
  s.ids_on_disk = false;
  s.held_back = 0;
  s.id_bytes_on_disk = 0;
  run.summary = SummaryToJson(s);
  return run;
}

TEST(BoundedIds, OnDiskGivesTheSameBytesAsInMemory) {
  for (unsigned seed : {1u, 2u}) {
    const auto records = Records(seed == 1 ? 6000 : 2500, seed);
    for (RecordFormat format : {RecordFormat::kCsv, RecordFormat::kJsonl}) {
      const std::string input = format == RecordFormat::kCsv ? AsCsv(records) : AsJsonl(records);
      for (bool reform : {false, true}) {
        const RunText memory = Simulate(input, format, 0, 2, reform);
        ASSERT_FALSE(memory.raw.ids_on_disk);
        ASSERT_GT(memory.raw.rejected, 0);
        for (size_t budget : {size_t{256}, size_t{24} << 10}) {
          for (int threads : {1, 3}) {
            SCOPED_TRACE(absl::StrCat("seed ", seed, format == RecordFormat::kCsv ? " csv" : " jsonl",
                                      reform ? " reform" : "", " budget ", budget, " threads ",
                                      threads));
            const RunText disk = Simulate(input, format, budget, threads, reform);
            EXPECT_TRUE(disk.raw.ids_on_disk);
            EXPECT_GT(disk.raw.held_back, 0);
            EXPECT_GT(disk.raw.id_bytes_on_disk, 0);
            EXPECT_EQ(disk.results, memory.results);
            EXPECT_EQ(disk.errors, memory.errors);
            EXPECT_EQ(disk.summary, memory.summary);
          }
        }
      }
    }
  }
}

TEST(BoundedIds, EveryDuplicateIsRejectedOnceWhateverTheBudget) {
  // 3,000 records, ids drawn from 1,000: every id's first good record is
  // kept, each later one rejected.
  std::mt19937 rng(7);
  std::vector<std::vector<std::string>> records;
  for (int i = 0; i < 3000; ++i) records.push_back(Fields(absl::StrCat("D-", rng() % 1000), &rng));
  const std::string input = AsCsv(records);
  const RunText disk = Simulate(input, RecordFormat::kCsv, 256, 2, false);
  EXPECT_TRUE(disk.raw.ids_on_disk);
  EXPECT_EQ(disk.raw.read, 3000);
  EXPECT_EQ(disk.raw.evaluated + disk.raw.rejected, 3000);
  std::set<std::string> kept;
  for (absl::string_view line : absl::StrSplit(disk.results, '\n', absl::SkipEmpty())) {
    if (absl::StartsWith(line, "id,")) continue;
    const std::string id(line.substr(0, line.find(',')));
    EXPECT_TRUE(kept.insert(id).second) << id << " in the results twice";
  }
  int duplicates = 0;
  for (absl::string_view line : absl::StrSplit(disk.errors, '\n', absl::SkipEmpty())) {
    if (absl::StrContains(line, "duplicate id")) ++duplicates;
  }
  // Each evaluated record is the first good one of its id; every other good
  // one is a duplicate (the rest are the bad dates).
  EXPECT_EQ(static_cast<int64_t>(kept.size()), disk.raw.evaluated);
  EXPECT_LE(kept.size(), 1000u);
  int bad_dates = 0;
  for (const auto& r : records) bad_dates += r[1] == "2023-02-30";
  EXPECT_EQ(duplicates, 3000 - bad_dates - static_cast<int>(kept.size()));
  EXPECT_EQ(disk.raw.rejected, duplicates + bad_dates);
}

TEST(BoundedIds, ATemporaryFolderThatCannotBeUsedFailsTheRun) {
  const std::string input = AsCsv(Records(500, 3));
  std::string results;
  std::unique_ptr<ClaimSource> source = ClaimSource::FromString(input, "m.csv");
  std::unique_ptr<TextSink> out = TextSink::ToString(&results);
  SimulateOptions options;
  options.results = ResultFormat::kCsv;
  options.id_memory_bytes = 256;
  options.temp_dir = "/nonexistent-odenek-folder";
  EXPECT_THAT(odenek::Simulate(Rules(), *source, out.get(), nullptr, options),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("/nonexistent-odenek-folder")));
}

TEST(BoundedIds, NothingIsLeftInTheTemporaryFolder) {
  const std::string dir = ::testing::TempDir() + "/bounded_ids_tmp";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string results;
  std::unique_ptr<ClaimSource> source = ClaimSource::FromString(AsCsv(Records(800, 4)), "m.csv");
  std::unique_ptr<TextSink> out = TextSink::ToString(&results);
  SimulateOptions options;
  options.results = ResultFormat::kCsv;
  options.id_memory_bytes = 256;
  options.temp_dir = dir;
  absl::StatusOr<SimulateReport> report =
      odenek::Simulate(Rules(), *source, out.get(), nullptr, options);
  ASSERT_THAT(report, IsOk());
  EXPECT_TRUE(report->summary.ids_on_disk);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(BoundedIds, CallbacksKeepTheIdsInMemory) {
  std::unique_ptr<ClaimSource> source = ClaimSource::FromString(AsCsv(Records(400, 5)), "m.csv");
  SimulateOptions options;
  options.id_memory_bytes = 256;
  int64_t results = 0;
  options.on_result = [&](const ClaimOutcome&) { ++results; };
  absl::StatusOr<SimulateReport> report = odenek::Simulate(Rules(), *source, nullptr, nullptr, options);
  ASSERT_THAT(report, IsOk());
  EXPECT_FALSE(report->summary.ids_on_disk);
  EXPECT_EQ(results, report->summary.evaluated);
}

}  // namespace
}  // namespace odenek
