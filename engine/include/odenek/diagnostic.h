// Diagnostics: what is wrong with a rule set, and where.
//
// Loading and checking a rule set never stops at the first problem: every
// problem found is reported as a Diagnostic naming the file, line and column, so
// `odenek validate` can list them all at once, sorted by place.
#ifndef ODENEK_DIAGNOSTIC_H_
#define ODENEK_DIAGNOSTIC_H_

#include <string>
#include <vector>


namespace odenek {

enum class Severity { kError, kWarning };

// One problem in a rule file. Lines and columns count from 1 (0: unknown).
//
// Example:
//   Diagnostic d{Severity::kError, "unit-mismatch",
//                "rules/issizlik_odenegi/program.yaml", 42, 17,
//                "unit mismatch: TL + gün"};
//   FormatDiagnostic(d);
//   // "rules/issizlik_odenegi/program.yaml:42:17: error: unit mismatch: TL + gün"
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;     // stable kebab-case id, e.g. "unknown-key", "cycle"
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
};

// "file:line:column: error: message" (warning for warnings).
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// Sorts by file, line, column (stable for equal places).
void SortDiagnostics(std::vector<Diagnostic>& diagnostics);

// True if any diagnostic is an error.
bool HasErrors(const std::vector<Diagnostic>& diagnostics);

// The candidate closest to a misspelt `name` (a typo: edit distance at most 1
// for short names, up to a third of the length for longer ones; a transposed
// pair counts as one edit), or "" when none is that close. For messages:
//   absl::StrCat("unknown programme \"", name, "\"", DidYouMean(name, ids))
// gives `unknown programme "isizlik_odenegi" (did you mean "issizlik_odenegi"?)`.
std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates);
// ` (did you mean "X"?)` for ClosestName's answer, or "".
std::string DidYouMean(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace odenek

#endif  // ODENEK_DIAGNOSTIC_H_
