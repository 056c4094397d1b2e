// `odenek simulate --report` rendered by a real browser: runs the built binary
// ($ODENEK_CLI) on a generated file with a reform, opens the page in headless
// Chromium and checks the DOM it built (tables, <svg> charts, bars of nonzero
// height) and that a screenshot comes out. Skipped, saying why, when no
// Chromium is installed (scripts/setup.sh installs it with
// ODENEK_WITH_CHROMIUM=1; $ODENEK_CHROMIUM names another binary).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

using ::testing::HasSubstr;

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The Chromium binary to use, or "" if there is none.
std::string FindChromium() {
  if (std::string env = Env("ODENEK_CHROMIUM"); !env.empty()) return env;
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    if (Shell(absl::StrCat("command -v ", name, " >/dev/null 2>&1")) == 0) return name;
  }
  return "";
}

int CountOf(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos;
       pos = text.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

TEST(ReportRenderTest, ChromiumRendersTablesAndCharts) {
  const std::string chromium = FindChromium();
  if (chromium.empty()) {
    GTEST_SKIP() << "Chromium is not installed: the HTML report is not rendered. Install it with "
                    "`ODENEK_WITH_CHROMIUM=1 bash scripts/setup.sh` (apt-get install chromium).";
  }
  const std::string cli = Env("ODENEK_CLI");
  const std::string source = Env("ODENEK_SOURCE_DIR");
  ASSERT_FALSE(cli.empty()) << "ODENEK_CLI is not set (ctest sets it to the odenek binary)";
  ASSERT_FALSE(source.empty()) << "ODENEK_SOURCE_DIR is not set";
  const std::string dir = absl::StrCat(::testing::TempDir(), "odenek_report_render_", getpid());
  ASSERT_EQ(Shell(absl::StrCat("rm -rf '", dir, "' && mkdir -p '", dir, "'")), 0);

  ASSERT_EQ(Shell(absl::StrCat("'", cli, "' generate --n 3000 --seed 7 --out '", dir,
                             "/claims.csv' >/dev/null")),
            0);
  ASSERT_EQ(Shell(absl::StrCat("'", cli, "' simulate '", dir, "/claims.csv' --threads 2 --reform '",
                             source, "/tests/simulate/data/reform_oran_50.yaml' --report '", dir,
                             "/report.html' >'", dir, "/stdout' 2>'", dir, "/stderr'")),
            0)
      << ReadFile(dir + "/stderr");
  const std::string html = ReadFile(dir + "/report.html");
  ASSERT_THAT(html, HasSubstr("</html>"));

  // Chromium as root needs --no-sandbox; its own profile keeps runs apart.
  // `timeout` bounds a browser that hangs instead of failing.
  const std::string flags = absl::StrCat("--headless --disable-gpu --no-sandbox --user-data-dir='",
                                         dir, "/profile' --window-size=1024,3000");
  const std::string url = absl::StrCat("file://", dir, "/report.html");
  ASSERT_EQ(Shell(absl::StrCat("timeout 120 ", chromium, " ", flags, " --dump-dom '", url, "' >'",
                             dir, "/dom.html' 2>'", dir, "/chromium.log'")),
            0)
      << ReadFile(dir + "/chromium.log");
  const std::string dom = ReadFile(dir + "/dom.html");

  // The parsed page: its tables and charts made it into the DOM.
  EXPECT_THAT(dom, HasSubstr("Simulation report"));
  for (const char* id : {"id=\"records\"", "id=\"programs\"",
                         "id=\"comparison-issizlik_odenegi\"", "id=\"changes-issizlik_odenegi\"",
                         "id=\"attribution-issizlik_odenegi\"", "id=\"amount-issizlik_odenegi\"",
                         "id=\"days-issizlik_odenegi\"", "id=\"deciles-issizlik_odenegi\""}) {
    EXPECT_THAT(dom, HasSubstr(id));
  }
  EXPECT_GE(CountOf(dom, "<table"), 5);
  EXPECT_GE(CountOf(dom, "<svg"), 3);
  // Records read: 3000, grouped the Turkish way.
  EXPECT_THAT(dom, HasSubstr("<td>3.000</td>"));
  // Bars of both series, some of nonzero height (a 50% rate moves amounts).
  static const std::regex bar(R"re(<rect class="bar (s[01])"[^>]*height="([0-9.]+)")re");
  int nonzero[2] = {0, 0};
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), bar); it != std::sregex_iterator();
       ++it) {
    if (std::stod((*it)[2].str()) > 0) ++nonzero[(*it)[1].str() == "s1" ? 1 : 0];
  }
  EXPECT_GE(nonzero[0], 10) << "baseline bars";
  EXPECT_GE(nonzero[1], 10) << "reform bars";

  // And it paints: a screenshot of some size (an empty page is a few KB).
  ASSERT_EQ(Shell(absl::StrCat("cd '", dir, "' && timeout 120 ", chromium, " ", flags,
                             " --screenshot='", dir, "/report.png' '", url, "' >/dev/null 2>>'",
                             dir, "/chromium.log'")),
            0)
      << ReadFile(dir + "/chromium.log");
  EXPECT_GT(ReadFile(dir + "/report.png").size(), 20000u);

  if (!HasFailure()) Shell(absl::StrCat("rm -rf '", dir, "'"));
}

}  // namespace
