// Shared pieces of the odenek command line: global options, loading the rule
// set, reading claim files.
#ifndef ODENEK_CLI_COMMON_H_
#define ODENEK_CLI_COMMON_H_

#include <optional>
#include <string>
#include <vector>

#include "odenek/rule_set.h"

namespace odenek::cli {

// Options every command accepts.
struct GlobalOptions {
  std::string rules_dir;             // "" → $ODENEK_RULES or the built-in rules
  std::vector<std::string> reforms;  // applied in order
  std::string format;                // "", "text" or "json"
  std::string date;                  // "" or YYYY-MM-DD: the law as of this date
};

// The language of text output for `--lang` ("tr" or "en", checked by the
// parser): Turkish unless "en".
TextLanguage Language(const std::string& lang);

// The rules folder to use: --rules, else $ODENEK_RULES, else the built-in one.
std::string RulesDir(const GlobalOptions& options);

// True if output should be JSON: --format json, or no --format and stdout is
// not a terminal.
bool WantJson(const GlobalOptions& options);

// Loads the rule set; on failure prints the status message to stderr and
// returns nullopt (the caller exits 1).
std::optional<RuleSet> LoadRules(const GlobalOptions& options);

// Reads a claim from FILE (or stdin for "-") into `text`; on failure prints
// why to stderr and returns false (the caller exits 1). Only a regular file or
// stdin is read: a folder, a device or a named pipe is refused by name before
// anything is read. At most kMaxClaimBytes (odenek/claim.h, the bulk record
// limit) are read: a file's size is checked first, and stdin is read up to one
// byte past the limit, so /dev/zero or a huge file stops at once.
bool ReadInput(const std::string& path, std::string& text);

// What kind of file `mode` (st_mode) is, for messages: "a folder", "a named
// pipe (FIFO)", "a device", "a socket".
const char* FileKind(unsigned mode);

// Loads options.reforms into LoadOptions.
LoadOptions MakeLoadOptions(const GlobalOptions& options);

}  // namespace odenek::cli

#endif  // ODENEK_CLI_COMMON_H_
