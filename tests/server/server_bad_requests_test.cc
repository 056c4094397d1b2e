// The bad-request corpus (tests/server/bad/STATUS-what.http) against a live
// server: each raw request gets the status its name says (000: the
// connection is closed without an answer, within the read timeout), errors
// are JSON with the rules hash, and the server answers /healthz after each.
#include <dirent.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/server/server_harness.h"

namespace odenek::testing_server {
namespace {

TEST(ServeBadRequests, EachGetsItsStatusAndTheServerStaysUp) {
  const std::string dir = SourceDir() + "/tests/server/bad";
  std::vector<std::string> files;
  DIR* d = opendir(dir.c_str());
  ASSERT_NE(d, nullptr) << dir;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() > 5 && name.substr(name.size() - 5) == ".http") files.push_back(name);
  }
  closedir(d);
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 30u);

  ServerProcess server({"--read-timeout", "1"});
  ASSERT_GT(server.port(), 0) << server.Stderr();
  for (const std::string& name : files) {
    SCOPED_TRACE(name);
    const int expected = std::stoi(name.substr(0, 3));
    Client c(server.port());
    ASSERT_TRUE(c.connected());
    ASSERT_TRUE(c.SendRaw(ReadFile(dir + "/" + name)));
    if (expected == 0) {
      EXPECT_TRUE(c.ClosedWithin(std::chrono::seconds(4)));
    } else {
      Reply r = c.Read();
      ASSERT_TRUE(r.ok) << "no response";
      EXPECT_EQ(r.status, expected) << r.body;
      EXPECT_EQ(r.Header("x-odenek-rules-hash").rfind("sha256:", 0), 0u);
      if (expected >= 400) {
        nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << r.body;
        EXPECT_EQ(j["error"]["status"], expected) << r.body;
        EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
      }
    }
    EXPECT_EQ(Get(server.port(), "/healthz").status, 200) << "after " << name;
  }
  EXPECT_EQ(server.Stop(), 0) << server.Stderr();
}

}  // namespace
}  // namespace odenek::testing_server
