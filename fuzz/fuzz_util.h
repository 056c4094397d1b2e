// Shared by the libFuzzer targets: the built-in rule set, loaded once, and
// helpers that check what a harness reads back.
//
// A check that fails prints what differed and aborts: libFuzzer reports an
// abort as a crash and keeps the input, as it does for a sanitizer report.
#ifndef ODENEK_FUZZ_FUZZ_UTIL_H_
#define ODENEK_FUZZ_FUZZ_UTIL_H_

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "odenek/result.h"
#include "odenek/rule_set.h"

namespace odenek::fuzz {

// Aborts with `what` when `ok` is false.
inline void Check(bool ok, const std::string& what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

// The rule set in ODENEK_FUZZ_RULES_DIR (compiled in; the environment variable
// of the same name overrides it), loaded on first use and kept for the
// process: loading costs far more than one input.
inline const RuleSet& BuiltInRules() {
  static const RuleSet* rules = [] {
    const char* env = std::getenv("ODENEK_FUZZ_RULES_DIR");
    const std::string dir = env != nullptr ? env : ODENEK_FUZZ_RULES_DIR;
    absl::StatusOr<RuleSet> r = RuleSet::Load(dir);
    if (!r.ok()) {
      std::fprintf(stderr, "fuzz: cannot load %s: %s\n", dir.c_str(),
                   std::string(r.status().message()).c_str());
      std::abort();
    }
    return new RuleSet(*std::move(r));  // lives for the process
  }();
  return *rules;
}

// A file descriptor holding exactly `data`, positioned at its start: the
// simulate readers take a descriptor, as they read a claim file. An anonymous
// memory file, so fuzzing writes nothing to disk. -1 if it cannot be made.
inline int MemoryFile(absl::string_view data) {
  const int fd = memfd_create("odenek-fuzz", MFD_CLOEXEC);
  if (fd < 0) return -1;
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      close(fd);
      return -1;
    }
    done += static_cast<size_t>(n);
  }
  if (lseek(fd, 0, SEEK_SET) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Every result as its CONTRACT §4 JSON, one line each, for comparing two
// evaluations of the same claim.
inline std::string ResultsJson(const std::vector<Result>& results) {
  std::string out;
  for (const Result& r : results) {
    out += ResultToJson(r);
    out += '\n';
  }
  return out;
}

}  // namespace odenek::fuzz

#endif  // ODENEK_FUZZ_FUZZ_UTIL_H_
