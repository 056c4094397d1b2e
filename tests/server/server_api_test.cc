// The JSON API of `odenek serve` against a live server (CONTRACT §7): the
// bytes of `odenek check --format json`, the read-only routes, errors with
// JSON pointers and "did you mean", limits, keep-alive, metrics.
#include <dirent.h>

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/server/server_harness.h"
#include "yaml-cpp/yaml.h"

namespace odenek::testing_server {
namespace {

using Json = nlohmann::json;

// A YAML claim as the JSON a client would send: dates and money stay text,
// whole numbers and yes/no become JSON numbers and booleans.
Json YamlToJson(const YAML::Node& node) {
  if (node.IsMap()) {
    Json j = Json::object();
    for (const auto& kv : node) j[kv.first.as<std::string>()] = YamlToJson(kv.second);
    return j;
  }
  if (node.IsSequence()) {
    Json j = Json::array();
    for (const auto& v : node) j.push_back(YamlToJson(v));
    return j;
  }
  if (node.IsNull()) return nullptr;
  const std::string text = node.Scalar();
  if (node.Tag() == "!") return text;  // quoted in the YAML
  if (text == "true" || text == "false") return text == "true";
  const size_t digits = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() > digits && text.find_first_not_of("0123456789", digits) == std::string::npos &&
      text.size() < 12) {
    return std::stoll(text);
  }
  return text;
}

std::vector<std::string> ExampleClaims() {
  std::vector<std::string> out;
  const std::string dir = SourceDir() + "/examples";
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() > 5 && name.substr(name.size() - 5) == ".yaml") out.push_back(dir + "/" + name);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

class ServeApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(
        {"--reform", "oran50=" + SourceDir() + "/tests/simulate/data/reform_oran_50.yaml",
         "--max-body", "65536"});
    ASSERT_GT(server_->port(), 0) << server_->first_line() << server_->Stderr();
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << server_->Stderr();
    delete server_;
  }
  static int port() { return server_->port(); }
  static ServerProcess* server_;
};
ServerProcess* ServeApi::server_ = nullptr;

TEST_F(ServeApi, CheckAnswersTheCliBytesForEveryExample) {
  std::vector<std::string> examples = ExampleClaims();
  ASSERT_GE(examples.size(), 5u);
  for (const std::string& yaml : examples) {
    SCOPED_TRACE(yaml);
    const std::string body = YamlToJson(YAML::LoadFile(yaml)).dump();
    const std::string json_file = "/tmp/odenek_serve_example_" + std::to_string(getpid()) + ".json";
    { std::ofstream(json_file, std::ios::binary) << body; }
    std::string cli_out;
    int code = RunCommand({CliPath(), "check", json_file, "--format", "json"}, &cli_out);
    unlink(json_file.c_str());
    Reply r = Post(port(), "/v1/check", body, {{"Content-Type", "application/json"}});
    ASSERT_TRUE(r.ok);
    if (code == 0) {
      EXPECT_EQ(r.status, 200) << r.body;
      EXPECT_EQ(r.body, cli_out);
    } else {
      EXPECT_TRUE(r.status == 400 || r.status == 404) << r.status << " " << r.body;
    }
  }
}

TEST_F(ServeApi, ExplainAnswersTheCliBytes) {
  const std::string yaml = SourceDir() + "/examples/issizlik_red.yaml";
  const std::string body = YamlToJson(YAML::LoadFile(yaml)).dump();
  const std::string json_file = "/tmp/odenek_serve_explain_" + std::to_string(getpid()) + ".json";
  { std::ofstream(json_file, std::ios::binary) << body; }
  std::string cli_out;
  int code = RunCommand(
      {CliPath(), "explain", json_file, "--program", "issizlik_odenegi", "--format", "json"},
      &cli_out);
  unlink(json_file.c_str());
  ASSERT_EQ(code, 0);
  Reply r = Post(port(), "/v1/explain?program=issizlik_odenegi", body);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, cli_out);
  Json j = Json::parse(r.body);
  EXPECT_TRUE(j[0].contains("explanation"));
  EXPECT_TRUE(j[0].contains("why_not"));
}

TEST_F(ServeApi, CheckWithWhyNotSaysWhatWouldFlipIt) {
  const std::string body =
      YamlToJson(YAML::LoadFile(SourceDir() + "/examples/issizlik_red.yaml")).dump();
  Reply r = Post(port(), "/v1/check?program=issizlik_odenegi&why_not=1", body);
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = Json::parse(r.body);
  EXPECT_EQ(j[0]["status"], "ineligible");
  ASSERT_TRUE(j[0].contains("why_not"));
  EXPECT_FALSE(j[0]["why_not"].empty());
}

TEST_F(ServeApi, AnArrayOfClaimsGivesOneArrayInOrder) {
  Json a = YamlToJson(YAML::LoadFile(SourceDir() + "/examples/issizlik_odenegi.yaml"));
  Json b = YamlToJson(YAML::LoadFile(SourceDir() + "/examples/issizlik_red.yaml"));
  Reply r = Post(port(), "/v1/check?program=issizlik_odenegi", Json::array({a, b}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  Json j = Json::parse(r.body);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["id"], a["id"]);
  EXPECT_EQ(j[1]["id"], b["id"]);
  EXPECT_EQ(j[0]["status"], "eligible");
  EXPECT_EQ(j[1]["status"], "ineligible");
}

TEST_F(ServeApi, TooManyClaimsIs413) {
  Json many = Json::array();
  for (int i = 0; i < 1001; ++i) many.push_back({{"id", "C" + std::to_string(i)}});
  Reply r = Post(port(), "/v1/check", many.dump());
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(Json::parse(r.body)["error"]["code"], "too_many_claims");
}

TEST_F(ServeApi, EveryResponseCarriesTheRulesHash) {
  Reply health = Get(port(), "/healthz");
  ASSERT_EQ(health.status, 200);
  const std::string hash = health.Header("x-odenek-rules-hash");
  EXPECT_EQ(hash.rfind("sha256:", 0), 0u) << hash;
  for (const Reply& r : {Get(port(), "/nope"), Get(port(), "/v1/check"),
                         Post(port(), "/v1/check", "{"), Get(port(), "/v1/programs"),
                         Get(port(), "/metrics"), Get(port(), "/")}) {
    EXPECT_EQ(r.Header("x-odenek-rules-hash"), hash) << r.status;
  }
}

TEST_F(ServeApi, MalformedJsonNamesThePointerAndWhatWasExpected) {
  Reply r = Post(port(), "/v1/check", R"([{"id": "x", "primler": [{"ay": "2023-01" "gun": 3}]}])");
  ASSERT_EQ(r.status, 400);
  Json e = Json::parse(r.body)["error"];
  EXPECT_EQ(e["code"], "malformed_json");
  EXPECT_EQ(e["pointer"], "/0/primler/0/ay");
  EXPECT_EQ(e["expected"], "'}'");

  r = Post(port(), "/v1/check", R"({"id": "x", "id": "y"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_NE(Json::parse(r.body)["error"]["message"].get<std::string>().find("duplicate"),
            std::string::npos);

  r = Post(port(), "/v1/check", R"({"fesih_tarihi": "2023-01-01"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["error"]["pointer"], "/id");

  r = Post(port(), "/v1/check?program=issizlik_odenegi", R"({"id": "x", "fesih_tarihi": "2023-02-30"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["error"]["pointer"], "/fesih_tarihi");

  r = Post(port(), "/v1/check", std::string(100, '[') + std::string(100, ']'));
  EXPECT_EQ(r.status, 400);
  r = Post(port(), "/v1/check", "42");
  EXPECT_EQ(r.status, 400);
  r = Post(port(), "/v1/check", "");
  EXPECT_EQ(r.status, 400);
}

TEST_F(ServeApi, UnknownProgrammeScenarioOrRouteIs404WithASuggestion) {
  const std::string claim = R"({"id": "x", "fesih_tarihi": "2023-01-01"})";
  Reply r = Post(port(), "/v1/check?program=issizlik_odenegii", claim);
  ASSERT_EQ(r.status, 404);
  EXPECT_EQ(Json::parse(r.body)["error"]["did_you_mean"], "issizlik_odenegi");
  r = Post(port(), "/v1/check?scenario=oran5", claim);
  ASSERT_EQ(r.status, 404);
  EXPECT_EQ(Json::parse(r.body)["error"]["did_you_mean"], "oran50");
  r = Get(port(), "/v1/programs/kisa_calisma");
  ASSERT_EQ(r.status, 404);
  EXPECT_EQ(Json::parse(r.body)["error"]["did_you_mean"], "kisa_calisma_odenegi");
  r = Get(port(), "/v1/parameter");
  ASSERT_EQ(r.status, 404);
  EXPECT_EQ(Json::parse(r.body)["error"]["did_you_mean"], "/v1/parameters");
}

TEST_F(ServeApi, AScenarioEvaluatesUnderItsReform) {
  const std::string body =
      YamlToJson(YAML::LoadFile(SourceDir() + "/examples/issizlik_odenegi.yaml")).dump();
  Reply base = Post(port(), "/v1/check?program=issizlik_odenegi", body);
  Reply reform = Post(port(), "/v1/check?program=issizlik_odenegi&scenario=oran50", body);
  ASSERT_EQ(base.status, 200);
  ASSERT_EQ(reform.status, 200) << reform.body;
  EXPECT_NE(Json::parse(base.body)[0]["rules_hash"], Json::parse(reform.body)[0]["rules_hash"]);
}

TEST_F(ServeApi, DateQueryReadsTheLawOfThatDay) {
  const std::string body =
      YamlToJson(YAML::LoadFile(SourceDir() + "/examples/issizlik_odenegi.yaml")).dump();
  Reply r = Post(port(), "/v1/check?program=issizlik_odenegi&date=2023-01-01", body);
  EXPECT_EQ(r.status, 200) << r.body;
  r = Post(port(), "/v1/check?date=2023-13-01", body);
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["error"]["parameter"], "date");
  r = Post(port(), "/v1/check?progam=x", body);
  EXPECT_EQ(r.status, 400);
}

TEST_F(ServeApi, ProgramsListInputsConditionsAndOutputs) {
  Reply all = Get(port(), "/v1/programs");
  ASSERT_EQ(all.status, 200);
  Json programs = Json::parse(all.body);
  ASSERT_GE(programs.size(), 5u);
  Reply one = Get(port(), "/v1/programs/issizlik_odenegi");
  ASSERT_EQ(one.status, 200);
  Json p = Json::parse(one.body);
  EXPECT_EQ(p["id"], "issizlik_odenegi");
  EXPECT_FALSE(p["title"].get<std::string>().empty());
  ASSERT_FALSE(p["inputs"].empty());
  for (const Json& in : p["inputs"]) {
    EXPECT_TRUE(in.contains("type") && in.contains("description")) << in.dump();
  }
  ASSERT_FALSE(p["conditions"].empty());
  EXPECT_FALSE(p["conditions"][0]["reference"].get<std::string>().empty());
  EXPECT_NE(std::find(p["outputs"].begin(), p["outputs"].end(), "aylik_net"), p["outputs"].end());
}

TEST_F(ServeApi, ParametersWithHistoryAndTheValueOnADate) {
  Reply all = Get(port(), "/v1/parameters");
  ASSERT_EQ(all.status, 200);
  Json params = Json::parse(all.body);
  ASSERT_FALSE(params.empty());
  const std::string name = params[0]["name"];
  Reply one = Get(port(), "/v1/parameters/" + name + "?date=2023-07-01");
  ASSERT_EQ(one.status, 200) << one.body;
  Json p = Json::parse(one.body);
  EXPECT_EQ(p["date"], "2023-07-01");
  EXPECT_TRUE(p.contains("value_on_date"));
  EXPECT_EQ(Get(port(), "/v1/parameters/" + name + "?date=yesterday").status, 400);
  EXPECT_EQ(Get(port(), "/v1/parameters/" + name + "x").status, 404);
}

TEST_F(ServeApi, WrongMethodIs405WithAllow) {
  Reply r = Get(port(), "/v1/check");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "POST");
  r = Post(port(), "/v1/programs", "");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "GET");
}

TEST_F(ServeApi, BodyUrlAndHeaderLimits) {
  Reply r = Post(port(), "/v1/check", std::string(70000, ' '));
  EXPECT_EQ(r.status, 413) << r.body;
  r = Get(port(), "/v1/programs/" + std::string(5000, 'a'));
  EXPECT_EQ(r.status, 414);
  Client c(port());
  r = c.Request("GET", "/healthz", "", {{"X-Big", std::string(20000, 'b')}});
  EXPECT_EQ(r.status, 431);
}

TEST_F(ServeApi, KeepAliveServesManyRequestsOnOneConnection) {
  Client c(port());
  for (int i = 0; i < 5; ++i) {
    Reply r = c.Request("GET", "/healthz");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "{\"status\":\"ok\"}\n");
  }
  // An error does not close a kept-alive connection either.
  EXPECT_EQ(c.Request("GET", "/nope").status, 404);
  EXPECT_EQ(c.Request("GET", "/healthz").status, 200);
}

TEST_F(ServeApi, HealthReadyAndMetrics) {
  EXPECT_EQ(Get(port(), "/healthz").status, 200);
  Reply ready = Get(port(), "/readyz");
  ASSERT_EQ(ready.status, 200);
  EXPECT_EQ(Json::parse(ready.body)["status"], "ready");
  Post(port(), "/v1/check", "{");
  Reply m = Get(port(), "/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(m.Header("content-type").rfind("text/plain", 0), 0u);
  EXPECT_NE(m.body.find("odenek_rules_info{hash=\"sha256:"), std::string::npos);
  EXPECT_NE(m.body.find("odenek_http_requests_total{route=\"/v1/check\",code=\"4xx\"}"),
            std::string::npos);
  EXPECT_NE(m.body.find("odenek_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(m.body.find("odenek_http_errors_total{class=\"malformed\"}"), std::string::npos);
}

TEST_F(ServeApi, OpenApiAndThePageComeFromTheBinary) {
  Reply spec = Get(port(), "/v1/openapi.json");
  ASSERT_EQ(spec.status, 200);
  Json j = Json::parse(spec.body);
  EXPECT_EQ(j["openapi"].get<std::string>().rfind("3.", 0), 0u);
  Reply page = Get(port(), "/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<form"), std::string::npos);
  EXPECT_EQ(Get(port(), "/app.js").status, 200);
  EXPECT_EQ(Get(port(), "/style.css").status, 200);
}

}  // namespace
}  // namespace odenek::testing_server
