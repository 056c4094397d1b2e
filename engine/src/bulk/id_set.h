// The set of claim ids a bulk run has met, for "ids are unique in a file"
// (CONTRACT §3a): exact, by the ids' text.
//
// Issue #14: the set used to hold a 64-bit std::hash per id, and two
// different ids with one hash (which std::hash, seedless, lets anyone craft)
// made the second, unique claim "a duplicate". Here a hash only finds the
// slot; equality is decided on the text, so no two different ids are ever
// confused. The ids live once, in an arena of large blocks (no allocation per
// id), and the table holds an 8-byte reference to each: about the id's length
// plus 1 byte, plus 8-16 bytes of table, per distinct id (docs/performance.md
// has the figures). absl::Hash is seeded per process, so a file cannot be
// crafted to make every id probe the same slots.
//
// Not thread-safe: the run checks ids under one lock, in input order.
#ifndef ODENEK_ENGINE_SRC_BULK_ID_SET_H_
#define ODENEK_ENGINE_SRC_BULK_ID_SET_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"

namespace odenek::internal {

class IdSet {
 public:
  IdSet();
  IdSet(const IdSet&) = delete;
  IdSet& operator=(const IdSet&) = delete;

  // True if `id` was not in the set; it is now.
  bool Insert(absl::string_view id);
  // Sizes the table for `ids` distinct ids (no rehash midway, which would
  // double its memory for a moment).
  void Reserve(size_t ids) { refs_.reserve(ids); }
  size_t size() const { return refs_.size(); }
  // Bytes held by the arena and the table (O(1): the run asks after every id).
  size_t MemoryBytes() const;
  // Calls f(id) for every id, in the order they were inserted.
  template <typename F>
  void ForEach(F f) const {
    for (size_t b = 0; b < blocks_.size(); ++b) {
      for (size_t at = 0; at < block_used_[b];) {
        const absl::string_view id = Text((static_cast<Ref>(b) << 32) | at);
        f(id);
        at += sizeof(uint32_t) + id.size();
      }
    }
  }

 private:
  // An id's place: block index in the high 32 bits, offset in the low 32.
  using Ref = uint64_t;
  absl::string_view Text(Ref ref) const;

  struct Hash {
    using is_transparent = void;
    const IdSet* set;
    size_t operator()(Ref ref) const { return absl::Hash<absl::string_view>()(set->Text(ref)); }
    size_t operator()(absl::string_view id) const { return absl::Hash<absl::string_view>()(id); }
  };
  struct Eq {
    using is_transparent = void;
    const IdSet* set;
    bool operator()(Ref a, Ref b) const { return set->Text(a) == set->Text(b); }
    bool operator()(Ref a, absl::string_view b) const { return set->Text(a) == b; }
    bool operator()(absl::string_view a, Ref b) const { return a == set->Text(b); }
  };

  // Blocks of kBlockBytes; an id longer than that gets a block of its own.
  // Each id is stored as a 4-byte length and its bytes.
  static constexpr size_t kBlockBytes = size_t{4} << 20;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<size_t> block_used_;
  std::vector<size_t> block_size_;
  size_t arena_bytes_ = 0;  // the sum of block_size_
  absl::flat_hash_set<Ref, Hash, Eq> refs_;
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_BULK_ID_SET_H_
