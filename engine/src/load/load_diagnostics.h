// Diagnostics the loader makes without a YAML node at hand: about a whole
// file (unreadable, too large, empty) or at a record's place (a name defined
// twice across files, a reform that changes what does not exist).
//
// Internal to load/.
#ifndef ODENEK_ENGINE_SRC_LOAD_LOAD_DIAGNOSTICS_H_
#define ODENEK_ENGINE_SRC_LOAD_LOAD_DIAGNOSTICS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "odenek/diagnostic.h"
#include "util/source_location.h"

namespace odenek::internal {

// An error about `file` as a whole (line and column 0).
inline Diagnostic FileError(const std::string& file, absl::string_view code,
                            std::string message) {
  Diagnostic d;
  d.code = std::string(code);
  d.file = file;
  d.message = std::move(message);
  return d;
}

// Appends an error at `at` to `out`.
inline void AddDiagnostic(const SourceLocation& at, absl::string_view code,
                          std::string message, std::vector<Diagnostic>& out) {
  Diagnostic d;
  d.code = std::string(code);
  d.file = at.file;
  d.line = at.line;
  d.column = at.column;
  d.message = std::move(message);
  out.push_back(std::move(d));
}

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_LOAD_LOAD_DIAGNOSTICS_H_
