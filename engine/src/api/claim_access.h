// The engine's way into a Claim: its parsed document, and a Claim made from a
// document the engine already holds (a test case's `input:`, a JSONL line read
// by the bulk reader). Kept out of the public header so that embedders see a
// Claim as an opaque value and the document's layout can change:
// odenek/claim.h declares Claim::Impl and befriends ClaimAccess, and names
// nothing else of ours.
#ifndef ODENEK_ENGINE_SRC_API_CLAIM_ACCESS_H_
#define ODENEK_ENGINE_SRC_API_CLAIM_ACCESS_H_

#include <string>

#include "absl/status/statusor.h"
#include "load/rule_records.h"
#include "odenek/claim.h"

namespace odenek {

// A claim's document, immutable and shared by the claim's copies.
struct Claim::Impl {
  internal::ClaimValue document;
};

class ClaimAccess {
 public:
  static const internal::ClaimValue& Document(const Claim& claim) {
    return claim.impl_->document;
  }

  // A claim holding `document`. InvalidArgument if it is not an object.
  static absl::StatusOr<Claim> FromDocument(internal::ClaimValue document,
                                            const std::string& file_name);
};

namespace internal {
using ::odenek::ClaimAccess;  // the library's code says internal::ClaimAccess
}  // namespace internal

}  // namespace odenek

#endif  // ODENEK_ENGINE_SRC_API_CLAIM_ACCESS_H_
