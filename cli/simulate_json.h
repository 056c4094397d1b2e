// A fast reader for JSONL claim lines (`odenek simulate`).
//
// Claim::Parse reads YAML, of which JSON is a subset; that is the right tool
// for a hand-written claim but costs hundreds of microseconds for a history
// record with 36 monthly premium entries. JsonClaimParser reads one JSON
// object with simdjson and builds the same claim document the YAML reader
// builds (strings are quoted scalars, numbers keep their exact text, true and
// false are plain scalars, null is null), without source positions.
//
// It handles only the well-formed case: for anything else (a syntax error, a
// duplicate key, a non-object, trailing text) it returns nullopt and the
// caller falls back to Claim::Parse, whose message names line and column. A
// record that parses here but is then refused by the evaluator is likewise
// re-read by Claim::Parse, so error messages are the engine's own.
#ifndef ODENEK_CLI_SIMULATE_JSON_H_
#define ODENEK_CLI_SIMULATE_JSON_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "odenek/claim.h"
#include "simdjson.h"

namespace odenek::cli {

// Not thread-safe: one per thread (it reuses its buffers).
class JsonClaimParser {
 public:
  std::optional<Claim> Parse(absl::string_view line, const std::string& file_name);

 private:
  simdjson::ondemand::parser parser_;
  std::string buffer_;  // the line plus simdjson's padding
};

}  // namespace odenek::cli

#endif  // ODENEK_CLI_SIMULATE_JSON_H_
