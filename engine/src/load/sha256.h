// SHA-256 (FIPS 180-4), for the rule set's content hash.
//
// The loader fingerprints every rule file it reads (RuleSetDef::content_hash)
// so a result can name exactly which rules produced it. This is a small,
// dependency-free implementation; it is not constant-time and is not meant for
// secrets.
#ifndef ODENEK_ENGINE_SRC_LOAD_SHA256_H_
#define ODENEK_ENGINE_SRC_LOAD_SHA256_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace odenek::internal {

// Incremental SHA-256. Feed bytes with Update(), then call HexDigest() once.
//
// Thread safety: none; use one hasher per thread. Copyable.
//
// Example:
//
//   Sha256 h;
//   h.Update("ab");
//   h.Update("c");
//   std::string hex = h.HexDigest();
//   // hex ==
//   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
class Sha256 {
 public:
  Sha256();

  // Appends `data` to the message. REQUIRES: HexDigest() not yet called.
  void Update(absl::string_view data);

  // Finishes the message and returns its digest as 64 lowercase hex digits.
  // REQUIRES: called at most once; the hasher is spent afterwards.
  std::string HexDigest();

 private:
  void Compress(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_;
  size_t buffered_ = 0;       // bytes in buffer_
  uint64_t total_bytes_ = 0;  // message length so far
};

// Returns the SHA-256 of `data` as 64 lowercase hex digits.
//
// Example:
//
//   Sha256Hex("abc");
//   // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
std::string Sha256Hex(absl::string_view data);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_LOAD_SHA256_H_
