// The JSON claim reader: one claim written as JSON (a JSONL line of `odenek
// simulate`, a JSON claim file of `check`, an HTTP request body) into the
// claim document the YAML reader builds (load/rule_records.h ClaimValue):
// strings are quoted scalars, numbers keep their exact text ("10008.00" stays
// 10008.00), true and false are plain scalars, null is null.
//
// JSON is read as JSON, never as YAML: a record that is valid JSON is never
// refused in YAML's words, and a record that is not gets a JSON message with
// its line and column ("claims.jsonl:7:36: invalid JSON: ... expected ':'").
// The fast path is simdjson; when simdjson refuses a text, the same text is
// read by nlohmann::json's strict parser only to word the message (both are
// Debian-packaged, well-kept parsers; nlohmann's messages name the token
// expected and where). JSON accepts what RFC 8259 accepts, plus these claim
// rules: the top is one object; no key twice in an object; at most
// kMaxJsonDepth levels of nesting.
//
// Not thread-safe: one per thread (it reuses simdjson's parser and a buffer).
#ifndef ODENEK_ENGINE_SRC_IO_JSON_CLAIM_H_
#define ODENEK_ENGINE_SRC_IO_JSON_CLAIM_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "load/rule_records.h"
#include "simdjson.h"

namespace odenek::internal {

// Deeper nesting is refused: no claim needs it, and it bounds the recursion.
inline constexpr int kMaxJsonDepth = 32;

class JsonClaimReader {
 public:
  // The claim document of `text`, or InvalidArgument "FILE:LINE:COLUMN: ...".
  // With `locations` false the values carry no source location (the bulk
  // reader's fast path: a refused record is read again with locations, so
  // its messages still point into the line); the messages of Read itself
  // always carry line and column.
  absl::StatusOr<ClaimValue> Read(absl::string_view text, const std::string& file_name,
                                  bool locations = true);

 private:
  simdjson::ondemand::parser parser_;
  std::string buffer_;  // the text plus simdjson's padding
};

// A number token's exact text, without the whitespace simdjson leaves after
// it.
std::string_view JsonNumberText(simdjson::ondemand::value& value);

// True if `t` is a JSON number (RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?
// ([eE][+-]?[0-9]+)?): simdjson's on-demand API hands out a number's token
// without checking it ("1?0" comes back as is).
bool IsJsonNumber(std::string_view t);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_IO_JSON_CLAIM_H_
