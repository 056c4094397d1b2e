#include "odenek/claim.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "io/claim_row.h"
#include "load/rule_records.h"
#include "load/yaml_loader.h"

namespace odenek {
namespace {

// Decodes the UTF-8 sequence at text[i]: its length (1..4) and code point, or
// 0 for invalid UTF-8 (a stray or truncated sequence, an overlong form, a
// surrogate, above U+10FFFF).
size_t DecodeUtf8(absl::string_view text, size_t i, uint32_t* cp) {
  const auto byte = [&](size_t k) -> uint32_t {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  const uint32_t b0 = byte(0);
  size_t n;
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  } else if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    *cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    *cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    *cp = b0 & 0x07;
  } else {
    return 0;
  }
  for (size_t k = 1; k < n; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (byte(k) & 0x3F);
  }
  if ((n == 3 && *cp < 0x800) || (n == 4 && *cp < 0x10000) || *cp > 0x10FFFF ||
      (*cp >= 0xD800 && *cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

}  // namespace

absl::Status CheckClaimId(absl::string_view id) {
  if (id.empty()) {
    return absl::InvalidArgumentError("expected a non-empty claim id, found \"\"");
  }
  for (size_t i = 0; i < id.size();) {
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(id, i, &cp);
    if (n == 0) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "expected a claim id of UTF-8 text, found invalid UTF-8 (byte 0x%02x at byte %d "
          "of the id)",
          static_cast<unsigned char>(id[i]), i + 1));
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "expected a claim id without control characters, found U+%04X at byte %d of "
          "the id",
          cp, i + 1));
    }
    i += n;
  }
  return absl::OkStatus();
}

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
