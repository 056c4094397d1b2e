// A bulk run's chunks (records cut from the input, then their results) and
// the queues that carry them between the reader, the workers and the writer
// (bulk/simulate.cc), with the bounds that keep the run's memory flat.
#ifndef ODENEK_ENGINE_SRC_BULK_CHUNK_H_
#define ODENEK_ENGINE_SRC_BULK_CHUNK_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bulk/tally.h"
#include "odenek/batch.h"
#include "odenek/date.h"
#include "odenek/simulate.h"

namespace odenek::internal {

constexpr int kChunkRecords = BatchEvaluator::kCapacity;
// The claims a run's evaluators hold at once, at most: each evaluator's
// working columns grow with its chunk (about 6 KB a claim for the built-in
// işsizlik plan), so past 4 evaluators (threads, twice with a reform) the
// chunks shrink and memory stays flat at any thread count (issue #14).
constexpr int kClaimsInEvaluators = 4 * kChunkRecords;
constexpr int kFewestChunkRecords = 32;
// A chunk is also cut at this much text, so a file of long (history) records
// cannot make the chunk pool large: a worker's columns grow with its chunk's
// histories (issue #14: 16 threads on 1 MiB records).
constexpr size_t kChunkBytes = size_t{1} << 20;
// The text of the chunks read but not yet written, at most (past it the
// reader waits): memory stays flat whatever the thread count.
constexpr size_t kInFlightBytes = size_t{32} << 20;
// A chunk buffer that grew past this (a run of long records) is freed when
// the chunk comes back, so the pool does not keep every buffer at its peak.
constexpr size_t kKeptBufferBytes = size_t{4} << 20;
// A record this long (a history of thousands of lines) makes a worker's
// parser and columns grow several times its size: chunks holding one are
// evaluated at most kLargeChunksAtOnce at a time, and the worker gives the
// memory back after each, so neither the peak nor what stays grows with the
// thread count.
constexpr size_t kLargeRecordBytes = size_t{64} << 10;
constexpr int kLargeChunksAtOnce = 4;

// Admits chunks with a long record kLargeChunksAtOnce at a time, in the
// order they were read. The order matters: a worker holding a slot may wait
// for the id check of an earlier chunk (IdRegistry takes chunks in input
// order), so an earlier chunk must never wait for a slot a later one holds.
// Tickets are given in input order (the reader's); ticket t may start once
// fewer than kLargeChunksAtOnce tickets before it are still running.
class LargeChunkGate {
 public:
  void Enter(int64_t ticket) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return ticket < left_ + kLargeChunksAtOnce; });
  }
  void Leave() {
    std::lock_guard<std::mutex> lock(mu_);
    ++left_;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t left_ = 0;  // chunks that have left
};

// ---------------------------------------------------------------------------
// Chunks and the queues between the threads.

struct ChunkRecord {
  size_t offset = 0;
  size_t size = 0;
  int64_t number = 0;
  int64_t line = 0;
  std::string error;  // set by the reader for a record it could not cut out
};

struct Chunk {
  int64_t seq = 0;
  int64_t bytes_read = 0;  // input consumed when the chunk was cut
  size_t in_flight_bytes = 0;  // Queues' count of its text
  size_t largest_record = 0;   // bytes of its longest record's text
  int64_t large_ticket = -1;   // LargeChunkGate's, for a chunk with a long record
  std::string text;
  std::vector<ChunkRecord> records;
  // Filled by a worker.
  std::string out;
  std::string errors;
  // Where each record's text starts in `out` and `errors` (records.size() + 1
  // entries: record i's text is [at[i], at[i + 1])), so a held-back record
  // can be put back in its place.
  std::vector<size_t> out_at;
  std::vector<size_t> errors_at;
  // Records held back by the id check (IdVerdict::kDeferred), as indices
  // into `records`: neither in `out` nor in `errors` yet.
  std::vector<int> deferred;
  int64_t evaluated = 0;
  int64_t rejected = 0;
  // Scenario errors: one per scenario that failed on an evaluated record
  // (its baseline result is in `out`), in all and per scenario.
  int64_t reform_errors = 0;
  std::vector<int64_t> scenario_errors;
  std::optional<Date> latest_date;  // the latest date input of the chunk's claims
  std::vector<ProgramTally> base;  // [program]
  // Per scenario, in SimulateOptions::scenarios order.
  std::vector<std::vector<ProgramTally>> scenarios;        // [scenario][program]
  std::vector<std::vector<ComparisonTally>> comparison;    // [scenario][program]
  std::vector<std::vector<std::vector<AttributionTally>>> attribution;  // [scenario][program][rule]
  // Only when the caller asked (SimulateOptions::on_error, on_result).
  std::vector<RecordError> error_list;
  std::vector<ClaimOutcome> outcomes;
};

class Queues {
 public:
  explicit Queues(int pool) {
    for (int i = 0; i < pool; ++i) {
      chunks_.push_back(std::make_unique<Chunk>());
      free_.push_back(chunks_.back().get());
    }
  }

  Chunk* TakeFree() {
    std::unique_lock<std::mutex> lock(mu_);
    free_cv_.wait(lock,
                  [&] { return !free_.empty() && in_flight_bytes_ < kInFlightBytes; });
    Chunk* c = free_.back();
    free_.pop_back();
    return c;
  }
  void Release(Chunk* c) {
    for (std::string* buffer : {&c->text, &c->out, &c->errors}) {
      if (buffer->capacity() > kKeptBufferBytes) std::string().swap(*buffer);
    }
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_bytes_ -= c->in_flight_bytes;
    c->in_flight_bytes = 0;
    free_.push_back(c);
    free_cv_.notify_one();
  }

  void PushWork(Chunk* c) {
    std::lock_guard<std::mutex> lock(mu_);
    c->in_flight_bytes = c->text.size();
    in_flight_bytes_ += c->in_flight_bytes;
    work_.push_back(c);
    work_cv_.notify_one();
  }
  // Called once by the reader: `chunks` chunks were pushed in all.
  void FinishInput(int64_t chunks) {
    std::lock_guard<std::mutex> lock(mu_);
    total_ = chunks;
    work_cv_.notify_all();
    done_cv_.notify_all();
  }
  // The next chunk to evaluate, or nullptr when the input is exhausted.
  Chunk* TakeWork() {
    std::unique_lock<std::mutex> lock(mu_);
    work_cv_.wait(lock, [&] { return !work_.empty() || total_ >= 0; });
    if (work_.empty()) return nullptr;
    Chunk* c = work_.front();
    work_.erase(work_.begin());
    return c;
  }

  void PushDone(Chunk* c) {
    std::lock_guard<std::mutex> lock(mu_);
    done_[c->seq] = c;
    done_cv_.notify_one();
  }
  // Chunk `seq` once evaluated, or nullptr if there is no such chunk.
  Chunk* TakeDone(int64_t seq) {
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [&] { return done_.count(seq) > 0 || (total_ >= 0 && seq >= total_); });
    auto it = done_.find(seq);
    if (it == done_.end()) return nullptr;
    Chunk* c = it->second;
    done_.erase(it);
    return c;
  }

 private:
  std::mutex mu_;
  std::condition_variable free_cv_, work_cv_, done_cv_;
  std::vector<std::unique_ptr<Chunk>> chunks_;
  std::vector<Chunk*> free_;
  std::vector<Chunk*> work_;
  std::map<int64_t, Chunk*> done_;
  int64_t total_ = -1;
  size_t in_flight_bytes_ = 0;  // text of the chunks pushed and not released
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_BULK_CHUNK_H_
