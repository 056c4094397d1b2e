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
#ifndef ODENEK_ENGINE_SRC_BULK_JSONL_READER_H_
#define ODENEK_ENGINE_SRC_BULK_JSONL_READER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/container/flat_hash_map.h"
#include "odenek/batch.h"
#include "odenek/claim.h"
#include "simdjson.h"

namespace odenek::internal {

// Not thread-safe: one per thread (it reuses its buffers).
class JsonClaimParser {
 public:
  std::optional<Claim> Parse(absl::string_view line, const std::string& file_name);

 private:
  simdjson::ondemand::parser parser_;
  std::string buffer_;  // the line plus simdjson's padding
};

// Fills a JSONL claim line straight into a BatchEvaluator's columns: walks
// simdjson's on-demand parse and hands each value's text to the evaluator's
// input-by-input API, with no Claim tree and no copies (issue #6: the tree
// cost ~40 µs a 36-month history record).
//
// Only the common, well-formed case is taken: the "id" first as a string, then
// known keys (nested objects give dotted names) with scalar values, lists of
// records with known fields. For anything else (a syntax error, a duplicate or
// unknown key, a misplaced or missing id, a value the evaluator refuses,
// trailing text) Fill leaves no row and returns false, and the caller reads
// the line the old way (JsonClaimParser, then Claim::Parse for messages), so
// the output and the error file do not depend on which way a record went.
// Whenever Fill succeeds, the row is the one AddClaim would build from
// JsonClaimParser's claim (simulate_test compares both ways).
//
// Not thread-safe: one per thread and evaluator (it caches input indexes).
class JsonRowReader {
 public:
  explicit JsonRowReader(BatchEvaluator* eval) : eval_(eval) {}

  // True if the line is now the evaluator's last row. REQUIRES: !eval->full().
  bool Fill(absl::string_view line);

 private:
  struct Key {
    enum Kind { kUnknown, kScalar, kList } kind = kUnknown;
    int index = -1;
  };
  const Key& Lookup(std::string_view name);
  bool Object(simdjson::ondemand::object object, int depth);
  // The value of key name_ in an object at `depth`.
  bool Value(simdjson::ondemand::value value, int depth);
  bool List(simdjson::ondemand::value value, int list);

  BatchEvaluator* eval_;
  simdjson::ondemand::parser parser_;
  std::string buffer_;  // the line plus simdjson's padding
  std::string name_;    // the dotted name of the key being read
  absl::flat_hash_map<std::string, Key> keys_;
  std::vector<std::vector<std::string>> list_fields_;  // per list, lazily
  bool began_ = false;  // BeginRow called for the current line
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_BULK_JSONL_READER_H_
