// The id check of a bulk run past its memory budget (issue #14: memory
// ≤ 256 MB for any input size).
//
// Ids are unique in a file (CONTRACT §3a) and the check is exact
// (bulk/id_set.h). In memory that costs ~25 bytes a claim, so a run keeps its
// exact set only up to SimulateOptions::id_memory_bytes; then the ids move
// here:
//
//   - every id goes to one of kPartitions temporary files, chosen by hash,
//     in input order;
//   - a Bloom filter of fixed size answers "certainly new" for most ids, which
//     are then settled at once;
//   - an id the filter may have seen (a true duplicate, or a false positive)
//     is *deferred*: its record is held back (bulk/simulate.cc) and its id is
//     written to the partition marked with the record's deferred ordinal.
//
// At the end, FindDuplicates reads each partition alone (a 1/kPartitions
// share of the ids) and, in input order, marks every deferred id that an
// earlier entry of its partition has: exact, by the ids' text. Memory: the
// filter, one write buffer per partition, and then one partition's ids.
//
// The files are unlinked as soon as they are created, so a killed run leaves
// nothing behind. Not thread-safe: the run checks ids under one lock, in
// input order.
#ifndef ODENEK_ENGINE_SRC_BULK_ID_SPILL_H_
#define ODENEK_ENGINE_SRC_BULK_ID_SPILL_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace odenek::internal {

// A file in `dir` that has no name: created and unlinked at once, so it
// disappears with the process however it ends. Buffered writes, then one
// sequential read from the start.
class AnonymousFile {
 public:
  static absl::StatusOr<std::unique_ptr<AnonymousFile>> Create(const std::string& dir);
  ~AnonymousFile();
  AnonymousFile(const AnonymousFile&) = delete;
  AnonymousFile& operator=(const AnonymousFile&) = delete;

  absl::Status Write(absl::string_view bytes);
  // Bytes written so far.
  int64_t size() const { return size_; }
  // Ends writing; reads then start at byte 0.
  absl::Status Rewind();
  // Everything written so far; writing then goes on at the end.
  absl::Status ReadAll(std::string* out);
  // Reads exactly `n` bytes; false at the end of the file (or on an error,
  // which status() then holds).
  bool Read(size_t n, std::string* out);
  // Up to `n` bytes (fewer only at the end); "" at the end.
  absl::Status ReadSome(size_t n, std::string* out);
  const absl::Status& status() const { return status_; }

 private:
  AnonymousFile(std::FILE* file, std::string dir) : file_(file), dir_(std::move(dir)) {}
  absl::Status Failed(const char* what);

  std::FILE* file_;
  std::string dir_;  // for messages
  int64_t size_ = 0;
  absl::Status status_;
};

class IdSpill {
 public:
  static constexpr int kPartitions = 128;

  // `dir`: where the temporary files go. `filter_bytes`: the Bloom filter's
  // size (rounded up to a power of two, at least 64 bytes), allocated by
  // StartFilter: the ids moved from memory are added first, so the set they
  // came from can be freed before the filter exists (the two never take
  // memory at once).
  static absl::StatusOr<std::unique_ptr<IdSpill>> Create(const std::string& dir,
                                                         size_t filter_bytes);
  // Allocates the filter and adds every id written so far to it (read back
  // from the files).
  absl::Status StartFilter();

  // True if `id` may have been added before (false: certainly not).
  // REQUIRES: StartFilter.
  bool MayContain(absl::string_view id) const;
  // Adds a settled id (certainly the first with its text).
  absl::Status AddSettled(absl::string_view id);
  // Adds a deferred record's id; returns its ordinal (0, 1, 2, ...).
  absl::StatusOr<int64_t> AddDeferred(absl::string_view id);
  int64_t deferred() const { return deferred_; }
  // Bytes written to the partitions.
  int64_t SpilledBytes() const { return bytes_; }

  // For each deferred ordinal, whether an earlier id (settled or deferred)
  // had its text. Call once, after the last Add; frees the filter first.
  absl::StatusOr<std::vector<bool>> FindDuplicates();

 private:
  IdSpill() = default;
  absl::Status Add(absl::string_view id, int64_t ordinal);
  void FilterInsert(uint64_t hash);
  static uint64_t HashOf(absl::string_view id);

  size_t filter_bytes_ = 0;
  std::vector<uint64_t> filter_;
  uint64_t filter_mask_ = 0;  // bits - 1
  std::vector<std::unique_ptr<AnonymousFile>> partitions_;
  int64_t deferred_ = 0;
  int64_t bytes_ = 0;
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_BULK_ID_SPILL_H_
