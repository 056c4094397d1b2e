// ResultToJson writes text directly; these tests hold it to the bytes a
// nlohmann::json DOM dump gives (what CONTRACT §4's examples and every golden
// were made with), on every example claim and on hostile strings.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "odenek/claim.h"
#include "odenek/result.h"
#include "odenek/rule_set.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

using ::odenek::testing::IsOk;
using Json = nlohmann::ordered_json;

std::string SourceDir() {
  const char* src = std::getenv("ODENEK_SOURCE_DIR");
  return src == nullptr ? "." : src;
}

// The reference writer: CONTRACT §4's object built as a DOM. The explanation
// and why-not parts are taken from the text under test (they are written by
// the same DOM code there), so this checks their placement and that the
// whole line is one valid object.
std::string DomResultToJson(const Result& r, const std::string& written) {
  Json j;
  j["id"] = r.id;
  j["program"] = r.program;
  j["status"] = VerdictName(r.verdict);
  j["eligible"] = r.eligible();
  j["reasons"] = Json::array();
  for (const Reason& reason : r.reasons) {
    j["reasons"].push_back(
        {{"rule", reason.rule}, {"message", reason.message}, {"reference", reason.reference}});
  }
  j["missing"] = r.missing;
  j["rules_hash"] = r.rules_hash;
  Json values = Json::object();
  for (const auto& [name, v] : r.values) {
    if (v.kind == OutputValue::Kind::kInteger) {
      values[name] = std::stoll(v.text);
    } else if (v.kind == OutputValue::Kind::kBool) {
      values[name] = v.text == "true";
    } else {
      values[name] = v.text;
    }
  }
  j["values"] = values;
  j["payments"] = Json::array();
  for (const Payment& p : r.payments) {
    j["payments"].push_back({{"month", p.month},
                             {"from", p.from},
                             {"days", p.days},
                             {"gross", p.gross},
                             {"stamp_tax", p.stamp_tax},
                             {"net", p.net}});
  }
  if (!r.warnings.empty()) j["warnings"] = r.warnings;
  if (r.explained || r.why_not_filled) {
    Json parsed = Json::parse(written, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return "<not JSON>";
    if (r.explained) j["explanation"] = parsed["explanation"];
    if (r.why_not_filled) j["why_not"] = parsed["why_not"];
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ResultJson, EveryExampleClaimMatchesTheDomWriter) {
  absl::StatusOr<RuleSet> rules = RuleSet::Load(SourceDir() + "/rules");
  ASSERT_THAT(rules, IsOk());
  int compared = 0;
  int claims = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() + "/examples")) {
    if (entry.path().extension() != ".yaml") continue;
    absl::StatusOr<Claim> claim = Claim::Parse(ReadFile(entry.path()), entry.path().string());
    ASSERT_THAT(claim, IsOk()) << entry.path();
    ++claims;
    for (const ProgramInfo& info : rules->programs()) {
      const std::string& program = info.id;
      for (int mode = 0; mode < 3; ++mode) {
        EvaluateOptions options{.program = program};
        options.why_not = mode == 1;
        options.explain = mode == 2;
        absl::StatusOr<std::vector<Result>> results = rules->Evaluate(*claim, options);
        ASSERT_THAT(results, IsOk()) << entry.path() << " " << program;
        for (const Result& r : *results) {
          const std::string written = ResultToJson(r);
          EXPECT_EQ(written, DomResultToJson(r, written)) << entry.path() << " " << program;
          ++compared;
        }
      }
    }
  }
  // Every example claim (one per programme and then some) × every programme ×
  // three modes gave one result each.
  EXPECT_GE(claims, 12);
  EXPECT_EQ(compared, claims * static_cast<int>(rules->programs().size()) * 3);
}

TEST(ResultJson, HostileStringsAreEscapedAsTheDomWriterDoes) {
  const std::vector<std::string> texts = {
      "",          "plain",       "quote\" back\\slash", "ctl\x01\x1f\x7f", "\b\f\n\r\t",
      "çğıöşü İŞ", "\xff\xfe",    "bad \xc3 utf8",       "\xe2\x82",        "emoji \xf0\x9f\x98\x80",
      "\xed\xa0\x80 surrogate",   "overlong \xc0\xaf"};
  for (const std::string& t : texts) {
    Result r;
    r.id = t;
    r.program = "p" + t;
    r.verdict = Verdict::kIneligible;
    r.reasons.push_back({t, t, t});
    r.missing = {t, "x"};
    r.rules_hash = "sha256:" + t;
    r.values = {{"money" + t, {OutputValue::Kind::kMoney, "12.50", "TL"}},
                {"int", {OutputValue::Kind::kInteger, "-42", "gün"}},
                {"bool", {OutputValue::Kind::kBool, "true", ""}},
                {"no", {OutputValue::Kind::kBool, "false", ""}},
                {"text", {OutputValue::Kind::kString, t, ""}}};
    r.payments.push_back({"2023-06", "2023-06-05", 26, "1.00", "0.01", "0.99"});
    r.warnings = {t};
    const std::string written = ResultToJson(r);
    EXPECT_EQ(written, DomResultToJson(r, written)) << "text: " << t;
  }
}

TEST(ResultJson, EmptyResultAndListWrapper) {
  Result r;
  EXPECT_EQ(ResultToJson(r),
            R"({"id":"","program":"","status":"undetermined","eligible":false,"reasons":[],)"
            R"("missing":[],"rules_hash":"","values":{},"payments":[]})");
  EXPECT_EQ(ResultsToJson({}), "[]\n");
  EXPECT_EQ(ResultsToJson({r, r}), "[\n" + ResultToJson(r) + ",\n" + ResultToJson(r) + "\n]\n");
}

}  // namespace
}  // namespace odenek
