#include "common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "odenek/claim.h"

namespace odenek::cli {

std::string RulesDir(const GlobalOptions& options) {
  if (!options.rules_dir.empty()) return options.rules_dir;
  if (const char* env = std::getenv("ODENEK_RULES"); env != nullptr && *env != '\0') {
    return env;
  }
  return ODENEK_DEFAULT_RULES_DIR;
}

bool WantJson(const GlobalOptions& options) {
  if (options.format == "json") return true;
  if (options.format == "text") return false;
  return isatty(STDOUT_FILENO) == 0;
}

LoadOptions MakeLoadOptions(const GlobalOptions& options) {
  LoadOptions load;
  load.reforms = options.reforms;
  return load;
}

std::optional<RuleSet> LoadRules(const GlobalOptions& options) {
  absl::StatusOr<RuleSet> rules = RuleSet::Load(RulesDir(options), MakeLoadOptions(options));
  if (!rules.ok()) {
    std::cerr << rules.status().message() << "\n";
    return std::nullopt;
  }
  return *std::move(rules);
}

const char* FileKind(unsigned mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISREG(mode)) return "a regular file";
  return "not a regular file";
}

namespace {

std::string TooLarge(const std::string& name, const std::string& found) {
  return absl::StrCat(name, ": ", found, "; at most ", kMaxClaimBytes,
                      " bytes (1 MiB) are allowed in one claim (the limit of one bulk "
                      "record)");
}

// Reads `fd` to its end, but at most `limit` + 1 bytes: one more than allowed
// tells a text over the limit from one of exactly the limit.
bool ReadCapped(int fd, size_t limit, std::string& text, int* error) {
  text.clear();
  size_t used = 0;
  while (used <= limit) {
    const size_t want = std::min<size_t>(limit + 1 - used, 64 * 1024);
    if (text.size() < used + want) text.resize(used + want);
    const ssize_t n = ::read(fd, text.data() + used, want);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = errno;
      return false;
    }
    used += static_cast<size_t>(n);
  }
  text.resize(used);
  return true;
}

}  // namespace

bool ReadInput(const std::string& path, std::string& text) {
  const bool from_stdin = path == "-";
  const std::string name = from_stdin ? "<stdin>" : path;
  int fd = STDIN_FILENO;
  if (!from_stdin) {
    // stat() before open(): opening a named pipe would wait for a writer.
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      const int err = errno;
      std::cerr << "cannot read " << path << ": "
                << (err == ENOENT ? "No such file" : std::strerror(err)) << "\n";
      return false;
    }
    if (!S_ISREG(st.st_mode)) {
      std::cerr << "cannot read " << path << ": it is " << FileKind(st.st_mode)
                << "; expected a claim file (YAML or JSON), or - for stdin\n";
      return false;
    }
    if (static_cast<uintmax_t>(st.st_size) > kMaxClaimBytes) {
      std::cerr << TooLarge(name, absl::StrCat("file is ", st.st_size, " bytes")) << "\n";
      return false;
    }
    // O_NONBLOCK: should the path have become a pipe since stat(), open()
    // must not wait for a writer; the fstat() below refuses it.
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
      std::cerr << "cannot read " << path << ": " << std::strerror(errno) << "\n";
      return false;
    }
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      std::cerr << "cannot read " << path << ": not a regular file; expected a claim file "
                << "(YAML or JSON), or - for stdin\n";
      ::close(fd);
      return false;
    }
  }
  int error = 0;
  const bool ok = ReadCapped(fd, kMaxClaimBytes, text, &error);
  if (!from_stdin) ::close(fd);
  if (!ok) {
    std::cerr << "cannot read " << name << ": " << std::strerror(error) << "\n";
    return false;
  }
  if (text.size() > kMaxClaimBytes) {
    // A pipe, or a file that grew after stat().
    std::cerr << TooLarge(name, absl::StrCat("more than ", kMaxClaimBytes, " bytes")) << "\n";
    text.clear();
    return false;
  }
  return true;
}

TextLanguage Language(const std::string& lang) {
  return lang == "en" ? TextLanguage::kEnglish : TextLanguage::kTurkish;
}

}  // namespace odenek::cli
