#include "odenek/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"

namespace odenek {

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string place = d.file;
  if (d.line > 0) absl::StrAppend(&place, ":", d.line);
  if (d.line > 0 && d.column > 0) absl::StrAppend(&place, ":", d.column);
  return absl::StrCat(place, ": ",
                      d.severity == Severity::kError ? "error" : "warning", ": ",
                      d.message);
}

void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.file, a.line, a.column) <
                            std::tie(b.file, b.line, b.column);
                   });
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  });
}

}  // namespace odenek
