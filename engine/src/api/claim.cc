#include "odenek/claim.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "io/claim_row.h"
#include "load/rule_records.h"
#include "load/yaml_loader.h"

namespace odenek {
absl::StatusOr<Claim> Claim::Parse(absl::string_view text, const std::string& file_name) {
  absl::StatusOr<internal::ClaimValue> doc = internal::ParseClaimDocument(text, file_name);
  if (!doc.ok()) return doc.status();
  if (doc->kind != internal::ClaimValue::Kind::kObject) {
    std::string place = doc->location.ToString();
    if (place.empty()) place = file_name + ":1:1";
    return absl::InvalidArgumentError(
        place + ": expected a claim object ({...}) at the top of the document");
  }
  Claim claim;
  claim.id_ = internal::ClaimId(*doc);
  claim.file_name_ = file_name;
  claim.document_ = std::make_shared<const internal::ClaimValue>(std::move(*doc));
  return claim;
}

absl::StatusOr<Claim> Claim::FromDocument(const internal::ClaimValue& document,
                                          const std::string& file_name) {
  if (document.kind != internal::ClaimValue::Kind::kObject) {
    return absl::InvalidArgumentError(file_name + ": expected a claim object ({...})");
  }
  Claim claim;
  claim.id_ = internal::ClaimId(document);
  claim.file_name_ = file_name;
  claim.document_ = std::make_shared<const internal::ClaimValue>(document);
  return claim;
}

absl::Status Claim::CheckId() const {
  return internal::CheckIdOf(*document_, /*required=*/true);
}

Claim Claim::FromFields(const std::string& id,
                        const std::vector<std::pair<std::string, std::string>>& fields) {
  internal::ClaimValue doc;
  doc.kind = internal::ClaimValue::Kind::kObject;
  internal::ClaimValue id_value;
  id_value.kind = internal::ClaimValue::Kind::kScalar;
  id_value.scalar = id;
  doc.object.emplace_back("id", std::move(id_value));
  for (const auto& [key, text] : fields) {
    internal::ClaimValue v;
    v.kind = internal::ClaimValue::Kind::kScalar;
    v.scalar = text;
    doc.object.emplace_back(key, std::move(v));
  }
  Claim claim;
  claim.id_ = id;
  claim.document_ = std::make_shared<const internal::ClaimValue>(std::move(doc));
  return claim;
}

}  // namespace odenek
