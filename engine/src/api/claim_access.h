// The engine's way into a Claim: its parsed document, and a Claim made from a
// document the engine already holds (a test case's `input:`, a JSONL line read
// by the bulk reader). Kept out of the public header so that embedders see a
// Claim as an opaque value and the document's layout can change.
#ifndef ODENEK_ENGINE_SRC_API_CLAIM_ACCESS_H_
#define ODENEK_ENGINE_SRC_API_CLAIM_ACCESS_H_

#include <string>

#include "absl/status/statusor.h"
#include "load/rule_records.h"
#include "odenek/claim.h"

namespace odenek::internal {

class ClaimAccess {
 public:
  static const ClaimValue& Document(const Claim& claim) { return *claim.document_; }

  // A claim holding `document`. InvalidArgument if it is not an object.
  static absl::StatusOr<Claim> FromDocument(ClaimValue document, const std::string& file_name);
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_API_CLAIM_ACCESS_H_
