// Typing a claim document against the rule set's claim schema.
//
// A claim arrives as a JSON-like tree (ClaimValue: from YAML/JSON via the loader,
// or built from CSV/JSONL by the bulk readers). AppendClaimRow checks every key
// against the schema (the union of the programmes' inputs), parses every value by
// its declared type and appends one row to a ClaimBatch.
#ifndef ODENEK_ENGINE_SRC_IO_CLAIM_ROW_H_
#define ODENEK_ENGINE_SRC_IO_CLAIM_ROW_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "exec/claim_batch.h"
#include "load/rule_records.h"

namespace odenek::internal {

struct ClaimRowOptions {
  // Unknown keys are errors (check) unless tolerated (simulate --allow-unknown);
  // tolerated ones are listed in `unknown_keys`.
  bool allow_unknown = false;
  // The claim must carry an id (CONTRACT §3a: check, explain, bulk). Without
  // it a missing, null or empty id is allowed (a test case's `input:` has
  // none); an id that is there is always held to CheckClaimId's rule.
  bool require_id = false;
};

// Appends `claim` (an object) as a new row of `batch`. On error the row is not
// added and InvalidArgument names the place (file:line:column when known), the
// key and what was expected: `claim.yaml:3:15: fesih_tarihi: expected a date
// YYYY-MM-DD, found "2023-02-30" (February 2023 has 28 days)`.
absl::Status AppendClaimRow(const ClaimValue& claim, const ClaimRowOptions& options,
                            ClaimBatch& batch, std::vector<std::string>* unknown_keys);

// Parses one scalar by a column type into its int64 encoding (Decimal raw, day
// number, month number, 0/1, string id). InvalidArgument says what was expected.
absl::StatusOr<int64_t> ParseClaimScalar(absl::string_view text, bool quoted,
                                         const Type& type, ClaimBatch& batch);

// OK if `value` (a number column's encoding) is within scalar column
// `column`'s declared bounds, else InvalidArgument: "expected at least 0, found -5".
absl::Status CheckBounds(const BatchSchema& schema, int column, int64_t value);

// The claim's "id" key, or "".
std::string ClaimId(const ClaimValue& claim);

// Checks the claim's "id" by CheckClaimId's rule (odenek/claim.h), naming the
// place of the id (or of the claim, when it has none): "claim.yaml:1:5: id:
// expected a non-empty claim id, found null". See ClaimRowOptions::require_id.
absl::Status CheckIdOf(const ClaimValue& claim, bool required);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_IO_CLAIM_ROW_H_
