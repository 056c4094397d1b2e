// The bulk JSONL reader of `odenek simulate`: one JSON claim a line.
//
// JsonRowReader fills a well-formed line straight into the evaluator's
// columns; any other line is read by JsonClaimParser (io/json_claim.h, the
// one JSON claim reader, also behind Claim::ParseJson), whose claim then goes
// through BatchEvaluator::AddClaim, or whose message says what is wrong in
// JSON's terms with line and column. No JSONL line is ever read as YAML.
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
#include "io/json_claim.h"
#include "simdjson.h"

namespace odenek::internal {

// A JSONL line as a Claim, or the reader's message ("FILE:1:COLUMN: ...";
// the caller puts the line number in). With `locations` false the claim's
// values carry no source places: faster, for a first try whose refusal is
// then read again with them.
//
// Not thread-safe: one per thread (it reuses its buffers).
class JsonClaimParser {
 public:
  absl::StatusOr<Claim> Parse(absl::string_view line, const std::string& file_name,
                              bool locations);

 private:
  JsonClaimReader reader_;
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
// the line the slow way (JsonClaimParser and AddClaim, which word the message), so
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
  // Gives back the parser's buffers, which grow to the longest line met.
  void Release() {
    parser_ = simdjson::ondemand::parser();
    std::string().swap(buffer_);
  }

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
