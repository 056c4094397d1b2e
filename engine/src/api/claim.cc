#include "odenek/claim.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "api/claim_access.h"
#include "io/claim_row.h"
#include "io/json_claim.h"
#include "load/rule_records.h"
#include "load/yaml_loader.h"

namespace odenek {
namespace {

absl::StatusOr<Claim> FromYaml(absl::string_view text, const std::string& file_name) {
  absl::StatusOr<internal::ClaimValue> doc = internal::ParseClaimDocument(text, file_name);
  if (!doc.ok()) return doc.status();
  if (doc->kind != internal::ClaimValue::Kind::kObject) {
    std::string place = doc->location.ToString();
    if (place.empty()) place = file_name + ":1:1";
    return absl::InvalidArgumentError(
        place + ": expected a claim object ({...}) at the top of the document");
  }
  return internal::ClaimAccess::FromDocument(*std::move(doc), file_name);
}

// True if the text's first non-blank characters are `{` and then `"`: written
// as JSON, so a refusal is worded in JSON's terms.
bool LooksLikeJson(absl::string_view text) {
  const size_t open = text.find_first_not_of(" \t\r\n");
  if (open == absl::string_view::npos || text[open] != '{') return false;
  const size_t next = text.find_first_not_of(" \t\r\n", open + 1);
  return next != absl::string_view::npos && (text[next] == '"' || text[next] == '}');
}

}  // namespace

absl::StatusOr<Claim> Claim::Parse(absl::string_view text, const std::string& file_name) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == absl::string_view::npos || text[first] != '{') return FromYaml(text, file_name);
  absl::StatusOr<Claim> json = ParseJson(text, file_name);
  if (json.ok()) return json;
  absl::StatusOr<Claim> yaml = FromYaml(text, file_name);
  if (!yaml.ok() && LooksLikeJson(text)) return json;
  return yaml;
}

absl::StatusOr<Claim> Claim::ParseJson(absl::string_view text, const std::string& file_name) {
  thread_local internal::JsonClaimReader reader;
  absl::StatusOr<internal::ClaimValue> doc = reader.Read(text, file_name);
  if (!doc.ok()) return doc.status();
  return internal::ClaimAccess::FromDocument(*std::move(doc), file_name);
}

absl::StatusOr<Claim> ClaimAccess::FromDocument(internal::ClaimValue document,
                                                const std::string& file_name) {
  if (document.kind != internal::ClaimValue::Kind::kObject) {
    return absl::InvalidArgumentError(file_name + ": expected a claim object ({...})");
  }
  Claim claim;
  claim.id_ = internal::ClaimId(document);
  claim.file_name_ = file_name;
  claim.impl_ = std::make_shared<const Claim::Impl>(Claim::Impl{std::move(document)});
  return claim;
}

absl::Status Claim::CheckId() const {
  return internal::CheckIdOf(impl_->document, /*required=*/true);
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
  claim.impl_ = std::make_shared<const Impl>(Impl{std::move(doc)});
  return claim;
}

}  // namespace odenek
