// Where a piece of rule text came from: every diagnostic names its place.
#ifndef ODENEK_ENGINE_SRC_UTIL_SOURCE_LOCATION_H_
#define ODENEK_ENGINE_SRC_UTIL_SOURCE_LOCATION_H_

#include <string>

#include "absl/strings/str_cat.h"

namespace odenek::internal {

// A position in a rule or claim file. Lines and columns count from 1; 0 means
// unknown. `file` is the path as the user gave it (relative paths stay relative).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "rules/issizlik_odenegi/program.yaml:42:17" (omits unknown parts).
  std::string ToString() const {
    if (line == 0) return file;
    if (column == 0) return absl::StrCat(file, ":", line);
    return absl::StrCat(file, ":", line, ":", column);
  }
  // The location `offset` characters into the same line: used to point into an
  // expression that sits inside a YAML scalar.
  SourceLocation Shifted(int offset) const {
    SourceLocation l = *this;
    if (l.column > 0) l.column += offset;
    return l;
  }
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_UTIL_SOURCE_LOCATION_H_
