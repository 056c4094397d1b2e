// `odenek test [PATH...]`.
#include <iostream>

#include "commands.h"
#include "odenek/testing.h"

namespace odenek::cli {

int RunTest(const TestOptions& options) {
  absl::StatusOr<TestReport> report =
      RunRuleTests(RulesDir(options.global), options.paths, MakeLoadOptions(options.global));
  if (!report.ok()) {
    std::cerr << report.status().message() << "\n";
    return 1;
  }
  for (const TestFailure& f : report->failures) {
    std::cout << f.place << ": FAIL " << f.name;
    for (const std::string& d : f.differences) std::cout << "; " << d;
    std::cout << "\n";
  }
  std::cout << report->passed << " passed, " << report->failed << " failed\n";
  return report->failed > 0 ? 1 : 0;
}

}  // namespace odenek::cli
