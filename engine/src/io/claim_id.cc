// CheckClaimId (odenek/claim.h): the one rule for claim ids, used by every
// reader. In io/ (below api/ in the stage link order) because io's claim-row
// reader calls it too.
#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "odenek/claim.h"

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

}  // namespace odenek
