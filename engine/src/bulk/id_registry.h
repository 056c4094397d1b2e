// The duplicate-id check of a bulk run (bulk/simulate.cc's workers call it
// once per chunk, in input order).
#ifndef ODENEK_ENGINE_SRC_BULK_ID_REGISTRY_H_
#define ODENEK_ENGINE_SRC_BULK_ID_REGISTRY_H_

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "bulk/id_set.h"
#include "bulk/id_spill.h"

namespace odenek::internal {

// Ids are unique in a file (CONTRACT §3a): the later of two records with one
// id is rejected. Workers finish filling out of order, so each chunk waits for
// its turn here and ids are met in input order whatever the thread count.
//
// Exact: the set compares the ids' text (bulk/id_set.h), so two different
// ids are never taken for one, whatever their hashes. Bounded: past its
// memory budget the set moves to disk (bulk/id_spill.h) and an id that may be
// a duplicate is *deferred*: its record is held back and settled at the end
// (Simulate's replay), so memory stays flat at any input size.
enum class IdVerdict : uint8_t { kNew, kDuplicate, kDeferred };

class IdRegistry {
 public:
  // `memory_bytes` 0: the set stays in memory, whatever its size.
  IdRegistry(int64_t input_size, size_t memory_bytes, std::string temp_dir)
      : input_size_(input_size), memory_bytes_(memory_bytes), temp_dir_(std::move(temp_dir)) {}

  // Sets (*verdicts)[i] for ids[i]. Blocks until every earlier chunk has
  // been checked. `bytes_per_record` sizes the set once, from the first
  // chunk, so it never rehashes (and doubles memory) midway. In replay, the
  // ids are the deferred records', in order, and get their final verdicts.
  void Check(int64_t seq, double bytes_per_record, const std::vector<absl::string_view>& ids,
             std::vector<IdVerdict>* verdicts) {
    verdicts->assign(ids.size(), IdVerdict::kNew);
    if (replay_) {
      for (size_t i = 0; i < ids.size(); ++i) {
        const size_t ordinal = static_cast<size_t>(replayed_++);
        if (ordinal < duplicate_.size() && duplicate_[ordinal]) {
          (*verdicts)[i] = IdVerdict::kDuplicate;
        }
      }
      return;
    }
    std::unique_lock<std::mutex> lock(mu_);
    turn_.wait(lock, [&] { return next_ == seq; });
    if (seq == 0 && input_size_ > 0 && bytes_per_record > 0) {
      size_t expected = static_cast<size_t>(static_cast<double>(input_size_) / bytes_per_record * 1.1);
      // Never more than the budget holds (~24 bytes an id at the least).
      if (memory_bytes_ > 0) expected = std::min(expected, SetBytes() / 24);
      seen_->Reserve(expected);
    }
    for (size_t i = 0; i < ids.size(); ++i) (*verdicts)[i] = CheckOne(ids[i]);
    ++next_;
    turn_.notify_all();
  }

  // Whether the ids went to disk (then some records may be deferred).
  bool spilled() const { return spill_ != nullptr; }
  // The first error of the temporary files; the run fails with it.
  absl::Status status() const {
    std::lock_guard<std::mutex> lock(mu_);
    return status_;
  }
  IdSpill* spill() { return spill_.get(); }

  // After the last chunk: settles the deferred ids; Check then answers for
  // them, in the order they were deferred.
  absl::Status StartReplay() {
    absl::StatusOr<std::vector<bool>> duplicate = spill_->FindDuplicates();
    if (!duplicate.ok()) return duplicate.status();
    duplicate_ = *std::move(duplicate);
    replay_ = true;
    return absl::OkStatus();
  }

 private:
  IdVerdict CheckOne(absl::string_view id) {
    if (spill_ == nullptr) {
      if (!seen_->Insert(id)) return IdVerdict::kDuplicate;
      if (memory_bytes_ > 0 && status_.ok() && seen_->MemoryBytes() > SetBytes()) {
        Spill();
      }
      return IdVerdict::kNew;
    }
    if (!status_.ok()) return IdVerdict::kNew;  // the run fails anyway
    if (!spill_->MayContain(id)) {
      status_ = spill_->AddSettled(id);
      return IdVerdict::kNew;
    }
    absl::StatusOr<int64_t> ordinal = spill_->AddDeferred(id);
    if (!ordinal.ok()) status_ = ordinal.status();
    return IdVerdict::kDeferred;
  }

  // The budget's share for the set in memory; the filter gets the other
  // half once the set is freed (IdSpill::StartFilter).
  size_t SetBytes() const { return memory_bytes_ / 2; }

  // Moves the in-memory set to disk.
  void Spill() {
    absl::StatusOr<std::unique_ptr<IdSpill>> spill =
        IdSpill::Create(temp_dir_, memory_bytes_ - SetBytes());
    if (!spill.ok()) {
      status_ = spill.status();
      return;
    }
    seen_->ForEach([&](absl::string_view id) {
      if (status_.ok()) status_ = (*spill)->AddSettled(id);
    });
    seen_ = std::make_unique<IdSet>();  // its memory back, before the filter's
    if (status_.ok()) status_ = (*spill)->StartFilter();
    spill_ = *std::move(spill);
  }

  const int64_t input_size_;
  const size_t memory_bytes_;
  const std::string temp_dir_;
  mutable std::mutex mu_;
  std::condition_variable turn_;
  int64_t next_ = 0;
  std::unique_ptr<IdSet> seen_ = std::make_unique<IdSet>();
  std::unique_ptr<IdSpill> spill_;
  absl::Status status_;
  // Replay: one thread, after the workers have stopped.
  bool replay_ = false;
  std::vector<bool> duplicate_;  // by deferred ordinal
  int64_t replayed_ = 0;
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_BULK_ID_REGISTRY_H_
