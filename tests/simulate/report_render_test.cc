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
#include <map>
#include <regex>
#include <string>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
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

// What the laid-out page says about itself: a probe script, added to a copy
// of the report (the report has none), measures the page at a 1280 px
// viewport and adds up each histogram's bars from the DOM.
constexpr char kProbe[] = R"js(<script>
(() => {
  const out = [];
  out.push('viewport ' + document.documentElement.clientWidth);
  out.push('scroll ' + document.scrollingElement.scrollWidth);
  const t = document.getElementById('programs');
  out.push('programs ' + (t.parentElement.scrollWidth - t.parentElement.clientWidth));
  for (const w of document.querySelectorAll('.wide')) {
    out.push('wide ' + w.firstElementChild.id + ' ' + (w.scrollWidth - w.clientWidth));
  }
  for (const fig of document.querySelectorAll('figure.histogram')) {
    const totals = fig.dataset.totals.split(' ').map(Number);
    const sums = totals.map(() => 0);
    for (const r of fig.querySelectorAll('svg rect[data-claims]')) {
      sums[Number(r.dataset.series)] += Number(r.dataset.claims);
    }
    out.push('histogram ' + fig.id + ' ' + sums.join(',') + ' of ' + totals.join(','));
  }
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
})();
</script>
)js";

std::string Probe(const std::string& chromium, const std::string& flags, const std::string& dir,
                  std::string html) {
  const size_t body_end = html.rfind("</body>");
  EXPECT_NE(body_end, std::string::npos);
  if (body_end == std::string::npos) return "";
  html.insert(body_end, kProbe);
  {
    std::ofstream out(dir + "/probe.html", std::ios::binary);
    out << html;
  }
  EXPECT_EQ(Shell(absl::StrCat("timeout 120 ", chromium, " ", flags, " --dump-dom 'file://", dir,
                             "/probe.html' >'", dir, "/probe_dom.html' 2>>'", dir,
                             "/chromium.log'")),
            0)
      << ReadFile(dir + "/chromium.log");
  return ReadFile(dir + "/probe_dom.html");
}

// At 1280 px nothing scrolls sideways (the page, the programmes table, any
// wide box), and every histogram's bars add up, in the browser, to what it
// counts. Returns each histogram's counts by figure id.
std::map<std::string, std::string> ExpectFitsAndAddsUp(const std::string& probed) {
  std::smatch viewport_m, scroll_m, programs_m;
  if (!std::regex_search(probed, viewport_m, std::regex(R"(viewport (\d+))")) ||
      !std::regex_search(probed, scroll_m, std::regex(R"(scroll (\d+))")) ||
      !std::regex_search(probed, programs_m, std::regex(R"(programs (-?\d+))"))) {
    ADD_FAILURE() << "the probe did not run:\n" << probed;
    return {};
  }
  const int viewport = std::stoi(viewport_m[1].str());
  EXPECT_GE(viewport, 1200);
  EXPECT_LE(viewport, 1280);
  EXPECT_LE(std::stoi(scroll_m[1].str()), viewport) << "the page scrolls sideways";
  EXPECT_LE(std::stoi(programs_m[1].str()), 0) << "the programmes table scrolls sideways";
  static const std::regex wide(R"(wide (\S+) (-?\d+))");
  int wide_boxes = 0;
  for (auto it = std::sregex_iterator(probed.begin(), probed.end(), wide);
       it != std::sregex_iterator(); ++it, ++wide_boxes) {
    EXPECT_LE(std::stoi((*it)[2].str()), 0) << (*it)[1].str() << " scrolls sideways";
  }
  EXPECT_GE(wide_boxes, 2);  // the programmes and the reasons tables
  std::map<std::string, std::string> histograms;
  static const std::regex histogram(R"(histogram (\S+) ([0-9,]+) of ([0-9,]+))");
  for (auto it = std::sregex_iterator(probed.begin(), probed.end(), histogram);
       it != std::sregex_iterator(); ++it) {
    EXPECT_EQ((*it)[2].str(), (*it)[3].str()) << "bars of " << (*it)[1].str();
    histograms[(*it)[1].str()] = (*it)[3].str();
  }
  return histograms;
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
                             "/report.html' --summary '", dir, "/summary.json' >'", dir,
                             "/stdout' 2>'", dir, "/stderr'")),
            0)
      << ReadFile(dir + "/stderr");
  const std::string html = ReadFile(dir + "/report.html");
  ASSERT_THAT(html, HasSubstr("</html>"));

  // Chromium as root needs --no-sandbox; its own profile keeps runs apart.
  // `timeout` bounds a browser that hangs instead of failing.
  const std::string flags = absl::StrCat("--headless --disable-gpu --no-sandbox --user-data-dir='",
                                         dir, "/profile' --window-size=1280,3000");
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
                         "id=\"days-issizlik_odenegi\"", "id=\"deciles-issizlik_odenegi\"",
                         "id=\"gains-issizlik_odenegi\"", "id=\"ineligible-issizlik_odenegi\""}) {
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

  const std::string probed = Probe(chromium, flags, dir, html);
  const std::map<std::string, std::string> histograms = ExpectFitsAndAddsUp(probed);
  // Each histogram's bars add up, in the browser, to what it counts; and
  // those counts are the summary's (independent of the report).
  const nlohmann::json summary = nlohmann::json::parse(ReadFile(dir + "/summary.json"));
  nlohmann::json program;
  for (const nlohmann::json& p : summary["programs"]) {
    if (p["id"] == "issizlik_odenegi") program = p;
  }
  ASSERT_TRUE(program.is_object());
  const nlohmann::json& c = program["comparison"];
  EXPECT_EQ(histograms.at("gains-issizlik_odenegi"),
            absl::StrCat(c["losers"].get<int64_t>(), ",", c["unchanged"].get<int64_t>(), ",",
                         c["gainers"].get<int64_t>(), ",", c["newly_eligible"].get<int64_t>(),
                         ",", c["newly_ineligible"].get<int64_t>()));
  EXPECT_GT(c["gainers"].get<int64_t>(), 0);
  EXPECT_EQ(histograms.at("amount-issizlik_odenegi"),
            absl::StrCat(program["eligible"].get<int64_t>(), ",",
                         program["reform"]["eligible"].get<int64_t>()));
  EXPECT_EQ(histograms.count("days-issizlik_odenegi"), 1u);

  // And it paints: a screenshot of some size (an empty page is a few KB).
  ASSERT_EQ(Shell(absl::StrCat("cd '", dir, "' && timeout 120 ", chromium, " ", flags,
                             " --screenshot='", dir, "/report.png' '", url, "' >/dev/null 2>>'",
                             dir, "/chromium.log'")),
            0)
      << ReadFile(dir + "/chromium.log");
  EXPECT_GT(ReadFile(dir + "/report.png").size(), 20000u);

  if (!HasFailure()) Shell(absl::StrCat("rm -rf '", dir, "'"));
}

// Several scenarios side by side (issue #16 item 10): a column per scenario
// in the programmes and reasons tables, a gains-and-losses histogram and an
// attribution table each, the amount histogram with a series each: all of it
// still fits 1280 px and every histogram adds up to the summary's counts.
TEST(ReportRenderTest, SeveralScenariosFitSideBySide) {
  const std::string chromium = FindChromium();
  if (chromium.empty()) GTEST_SKIP() << "Chromium is not installed (see the test above)";
  const std::string cli = Env("ODENEK_CLI");
  const std::string source = Env("ODENEK_SOURCE_DIR");
  ASSERT_FALSE(cli.empty() || source.empty()) << "run through ctest";
  const std::string dir = absl::StrCat(::testing::TempDir(), "odenek_report_scenarios_", getpid());
  ASSERT_EQ(Shell(absl::StrCat("rm -rf '", dir, "' && mkdir -p '", dir, "'")), 0);
  ASSERT_EQ(Shell(absl::StrCat("'", cli, "' generate --n 3000 --seed 11 --out '", dir,
                             "/claims.csv' >/dev/null")),
            0);
  const std::string data = source + "/tests/simulate/data/";
  ASSERT_EQ(Shell(absl::StrCat("'", cli, "' simulate '", dir, "/claims.csv' --threads 2",
                             " --scenario 'oran_yuzde_elli=", data, "reform_oran_50.yaml'",
                             " --scenario 'prim_dort_yuz_elli=", data, "reform_prim_450.yaml'",
                             " --scenario 'ikisi_birden=", data, "reform_oran_50.yaml,", data,
                             "reform_prim_450.yaml' --report '", dir, "/report.html' --summary '",
                             dir, "/summary.json' >'", dir, "/stdout' 2>'", dir, "/stderr'")),
            0)
      << ReadFile(dir + "/stderr");
  const std::string html = ReadFile(dir + "/report.html");
  const std::string flags = absl::StrCat("--headless --disable-gpu --no-sandbox --user-data-dir='",
                                         dir, "/profile' --window-size=1280,3000");
  const std::map<std::string, std::string> histograms =
      ExpectFitsAndAddsUp(Probe(chromium, flags, dir, html));

  const nlohmann::json summary = nlohmann::json::parse(ReadFile(dir + "/summary.json"));
  ASSERT_EQ(summary["scenarios"].size(), 3u);
  std::string amount_counts;
  for (const nlohmann::json& p : summary["programs"]) {
    if (p["id"] == "issizlik_odenegi") amount_counts = absl::StrCat(p["eligible"].get<int64_t>());
  }
  for (const nlohmann::json& sc : summary["scenarios"]) {
    const std::string name = sc["name"];
    const nlohmann::json& p = sc["programs"][0];
    ASSERT_EQ(p["id"], "issizlik_odenegi");
    const nlohmann::json& c = p["comparison"];
    const auto it = histograms.find("gains-issizlik_odenegi-" + name);
    ASSERT_NE(it, histograms.end()) << name;
    EXPECT_EQ(it->second,
              absl::StrCat(c["losers"].get<int64_t>(), ",", c["unchanged"].get<int64_t>(), ",",
                           c["gainers"].get<int64_t>(), ",", c["newly_eligible"].get<int64_t>(),
                           ",", c["newly_ineligible"].get<int64_t>()));
    absl::StrAppend(&amount_counts, ",", p["eligible"].get<int64_t>());
    for (const std::string id : {"comparison-", "changes-", "attribution-"}) {
      EXPECT_THAT(html, HasSubstr(absl::StrCat("id=\"", id, "issizlik_odenegi-", name, "\"")));
    }
  }
  EXPECT_EQ(histograms.at("amount-issizlik_odenegi"), amount_counts);
  if (!HasFailure()) Shell(absl::StrCat("rm -rf '", dir, "'"));
}

}  // namespace
