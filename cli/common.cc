#include "common.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

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

bool ReadInput(const std::string& path, std::string& text) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    text = buffer.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    std::string reason = err == ENOENT ? "No such file" : std::strerror(err);
    std::cerr << "cannot read " << path << ": " << reason << "\n";
    return false;
  }
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    std::cerr << "cannot read " << path << ": read error\n";
    return false;
  }
  return true;
}

}  // namespace odenek::cli
