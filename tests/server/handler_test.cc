// The request handler without sockets: routing, errors, streaming, reload.
#include "server/handler.h"

#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace odenek::server {
namespace {

using Json = nlohmann::json;

std::string RulesDir() {
  const char* dir = std::getenv("ODENEK_SOURCE_DIR");
  return std::string(dir != nullptr ? dir : ".") + "/rules";
}

Handler& TheHandler() {
  static Handler* handler = [] {
    HandlerOptions options;
    options.source.dir = RulesDir();
    options.simulate_threads = 1;
    absl::StatusOr<std::shared_ptr<const LoadedRules>> rules = LoadRules(options.source);
    EXPECT_TRUE(rules.ok()) << rules.status();
    return new Handler(options, *rules);
  }();
  return *handler;
}

HttpResponse Call(const std::string& method, const std::string& target,
                  const std::string& body = "", const std::string& type = "") {
  return TheHandler().Handle({method, target, type, "", body});
}

TEST(DidYouMean, SuggestsTheClosestOrAContainingName) {
  EXPECT_EQ(DidYouMean("issizlik_odeneg", {"issizlik_odenegi", "kisa_calisma_odenegi"}),
            "issizlik_odenegi");
  EXPECT_EQ(DidYouMean("kisa_calisma", {"issizlik_odenegi", "kisa_calisma_odenegi"}),
            "kisa_calisma_odenegi");
  EXPECT_EQ(DidYouMean("zzzzzz", {"issizlik_odenegi"}), "");
}

TEST(Handler, RoutesAndMethods) {
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  HttpResponse r = Call("DELETE", "/v1/programs");
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].second, "GET");
  EXPECT_EQ(Call("GET", "/v1/programs/issizlik%5Fodenegi").status, 200);  // escaped id
  EXPECT_EQ(Call("GET", "/v1/programs/%zz").status, 404);
  EXPECT_EQ(Call("GET", "/healthz?x=%g").status, 400);
  EXPECT_EQ(r.rules_hash.rfind("sha256:", 0), 0u);
}

TEST(Handler, JsonPointersReachIntoNestedClaims) {
  HttpResponse r = Call("POST", "/v1/check", R"([{"id": "a"}, {"id": "b", "x": {"y": [1, }}])");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["error"]["pointer"], "/1/x/y/1");
  r = Call("POST", "/v1/check", R"({"id": "a", "k~/": tru})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["error"]["pointer"], "/k~0~1");
  r = Call("POST", "/v1/check", R"([{"id": "a"}, 3])");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["error"]["pointer"], "/1");
  r = Call("POST", "/v1/check", R"([{"id": "a"}, {"no_id": 1}])");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["error"]["pointer"], "/1/id");
}

TEST(Handler, SimulateStreamsThroughTheWriter) {
  HttpResponse r = Call("POST", "/v1/simulate?format=csv",
                        "id,fesih_tarihi,prim_gun_3_yil\nA,2023-10-31,720\nB,2023-02-30,1\n");
  ASSERT_EQ(r.status, 200);
  ASSERT_TRUE(r.stream);
  std::string body;
  r.stream([&](absl::string_view piece) {
    body.append(piece.data(), piece.size());
    return absl::OkStatus();
  });
  EXPECT_NE(body.find(R"({"error":{"record":2)"), std::string::npos) << body;
  EXPECT_NE(body.find(R"({"summary":)"), std::string::npos);
  EXPECT_EQ(TheHandler().running_simulations(), 0);
}

TEST(Handler, AWriterErrorStopsTheRun) {
  std::string many = "id,fesih_tarihi,prim_gun_3_yil\n";
  for (int i = 0; i < 20000; ++i) many += "C" + std::to_string(i) + ",2023-10-31,720\n";
  HttpResponse r = Call("POST", "/v1/simulate?format=csv", many);
  ASSERT_TRUE(r.stream);
  int writes = 0;
  r.stream([&](absl::string_view) {
    ++writes;
    return absl::UnavailableError("the client went away");
  });
  EXPECT_LE(writes, 3);  // the run stops at the first failed write (and the summary)
}

TEST(Handler, AFailedReloadKeepsTheRules) {
  HandlerOptions options;
  options.source.dir = RulesDir();
  Handler handler(options, *LoadRules(options.source));
  const std::string before = handler.rules_hash();
  HandlerOptions bad = options;
  bad.source.reforms = {{"x", "/nonexistent/reform.yaml"}};
  Handler broken(bad, *LoadRules(options.source));
  absl::Status s = broken.Reload();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find("scenario x"), std::string::npos) << s;
  EXPECT_EQ(broken.rules_hash(), before);
  EXPECT_NE(broken.metrics().Render(before).find("odenek_rules_reloads_total{outcome=\"failed\"} 1"),
            std::string::npos);
}

}  // namespace
}  // namespace odenek::server
