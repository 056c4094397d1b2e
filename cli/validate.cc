// `odenek validate [DIR]`.
#include <iostream>

#include "commands.h"
#include "odenek/diagnostic.h"

namespace odenek::cli {

int RunValidate(const ValidateOptions& options) {
  const std::string dir = options.dir.empty() ? RulesDir(options.global) : options.dir;
  std::vector<Diagnostic> diagnostics =
      RuleSet::Validate(dir, MakeLoadOptions(options.global));
  int errors = 0;
  int warnings = 0;
  for (const Diagnostic& d : diagnostics) {
    std::cout << FormatDiagnostic(d) << "\n";
    (d.severity == Severity::kError ? errors : warnings)++;
  }
  std::cout << errors << (errors == 1 ? " error, " : " errors, ") << warnings
            << (warnings == 1 ? " warning" : " warnings") << "\n";
  return errors > 0 ? 1 : 0;
}

}  // namespace odenek::cli
