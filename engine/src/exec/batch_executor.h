// BatchExecutor: runs a Plan over a ClaimBatch, one instruction over all rows
// at a time.
//
// A BatchExecutor holds per-thread scratch (one column per plan slot) and is
// reused across batches: create one per thread per Plan. After Run(), every
// slot's values stay readable until the next Run(): results and explanations
// read them (so tracing costs nothing while evaluating).
//
// Per-row runtime errors (division by zero, overflow, a parameter with no value
// on the date, a fractional day count) make the slot invalid in that row and
// record the first error's instruction in row_error(); rows whose instruction
// guard is not true record no error.
#ifndef ODENEK_ENGINE_SRC_EXEC_BATCH_EXECUTOR_H_
#define ODENEK_ENGINE_SRC_EXEC_BATCH_EXECUTOR_H_

#include <cstdint>
#include <string>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

#include "exec/claim_batch.h"
#include "plan/plan.h"

namespace odenek::internal {

enum class RowErrorKind : uint8_t {
  kNone, kDivisionByZero, kOverflow, kNoParameterValue, kFractionalDays,
  kDateOutOfRange,
  kSpellWithoutStart,  // covered_days(): a record of the list lacks its start
};

struct RowError {
  RowErrorKind kind = RowErrorKind::kNone;
  int32_t instr = -1;  // index into plan.instrs
};

// A parameter read after its `known_until` (load/rule_records.h): the value is
// the last one known, and the claim's result says so. The first such lookup
// of a row is kept (instruction and the day it read).
struct RowWarning {
  int32_t instr = -1;  // index into plan.instrs; -1: none
  int32_t day = 0;
};

// "division by zero", "decimal overflow", ...
const char* RowErrorKindName(RowErrorKind kind);

class BatchExecutor {
 public:
  // `plan` must outlive the executor. `capacity` is the most rows a Run() may
  // be given: kBatchSize for bulk work, 1 for one claim at a time (the scalar
  // path then allocates a slot file of num_slots values, not 1024 times that).
  // `payments`: also compute the plan's payment schedule (plan.payments).
  // `coverage`: also compute every branch's `taken` slot (plan.branches), for
  // the test runner's coverage report; bulk evaluation leaves it off.
  explicit BatchExecutor(const Plan& plan, int capacity = kBatchSize, bool payments = false,
                         bool coverage = false);

  // Evaluates the instructions the results need for rows [0, batch.rows()):
  // where every row of the chunk gives a fact directly, the formula that would
  // derive it is skipped (its slots read as unknown). Slots of conditions,
  // outputs and variables are always computed.
  // REQUIRES: batch.rows() <= capacity().
  void Run(const ClaimBatch& batch);

  // Reads every parameter on `day` (a day number) instead of the date its
  // formula names: the law as of one date (`odenek check --date`). nullopt
  // (the default) restores the formulas' own dates.
  void set_as_of(std::optional<int32_t> day) {
    as_of_ = day;
    // The date column every lookup then reads, filled once, not per lookup.
    if (day) {
      as_of_days_.assign(static_cast<size_t>(capacity_), *day);
      as_of_valid_.assign(static_cast<size_t>(capacity_), 1);
    }
  }
  std::optional<int32_t> as_of() const { return as_of_; }

  int rows() const { return rows_; }
  int capacity() const { return capacity_; }
  // Whether the last Run() executed instruction `index` (see MarkNeeded).
  bool ran(size_t index) const { return live_->run[index] != 0; }
  const Plan& plan() const { return *plan_; }
  const int64_t* values(Slot s) const { return &values_[static_cast<size_t>(s) * capacity_]; }
  const uint8_t* valid(Slot s) const { return &valid_[static_cast<size_t>(s) * capacity_]; }
  const RowError& row_error(int row) const { return errors_[row]; }
  const RowWarning& row_warning(int row) const { return warnings_[row]; }

 private:
  int64_t* mutable_values(Slot s) { return &values_[static_cast<size_t>(s) * capacity_]; }
  uint8_t* mutable_valid(Slot s) { return &valid_[static_cast<size_t>(s) * capacity_]; }
  void Execute(const Instr& instr, int32_t index, const ClaimBatch& batch);
  // What a chunk runs, given which facts every one of its rows gives.
  struct Liveness {
    std::vector<uint8_t> run;     // per instruction
    std::vector<int32_t> order;   // the instructions to run, in order
    std::vector<Slot> skipped;    // destinations of the others
  };
  // The liveness of `batch`: from the cache when a chunk with the same given
  // facts was seen before, else computed (MarkNeeded) and cached.
  const Liveness& LivenessFor(const ClaimBatch& batch);
  // Fills `out` with the instructions whose results this chunk needs.
  void MarkNeeded(const ClaimBatch& batch, Liveness& out);
  void RaiseError(const Instr& instr, int32_t index, int row, RowErrorKind kind);
  // Raises, for each row whose kinds_[row] is not kNone, that error (subject to
  // the guard). Kernels fill kinds_ only where every operand is valid.
  void RaiseErrors(const Instr& instr, int32_t index);
  // Notes, for each row whose lookup of `p` read a day after p.known_until,
  // that warning (subject to the guard, as errors are).
  void NoteStaleLookups(const Instr& instr, int32_t index, const PlanParameter& p,
                        const int64_t* days, const uint8_t* found);

  // One per instruction family, each in its own execute_*.cc; each switches on
  // instr.op once and runs a tight templated loop over all rows.
  void ExecuteColumn(const Instr& instr, const ClaimBatch& batch);
  void ExecuteArith(const Instr& instr, int32_t index);
  void ExecuteCompare(const Instr& instr);
  void ExecuteLogic(const Instr& instr);
  void ExecuteDate(const Instr& instr, int32_t index);
  void ExecuteParam(const Instr& instr, int32_t index);
  void ExecuteWindow(const Instr& instr, int32_t index, const ClaimBatch& batch);
  void ExecuteCovers(const Instr& instr, int32_t index, const ClaimBatch& batch);

  const Plan* plan_;
  int capacity_;
  int rows_ = 0;
  std::vector<int64_t> values_;  // num_slots × capacity_
  std::vector<uint8_t> valid_;
  std::vector<RowError> errors_;
  std::vector<RowWarning> warnings_;
  // Scratch reused by every instruction (no allocation per batch): the
  // RowErrorKind of each row of the current instruction, and kCovers' spells.
  std::vector<uint8_t> kinds_;
  std::vector<uint8_t> found_;  // kParam and kin: rows whose lookup found a value
  std::vector<std::pair<int64_t, int64_t>> spells_;
  // Liveness: the slots every chunk needs, the claim column a slot was read
  // from (-1 if computed), and per chunk which slots/instructions are needed.
  std::vector<Slot> roots_;
  std::vector<int32_t> input_column_;
  std::vector<uint8_t> slot_needed_;
  // Computing liveness walks every instruction: at one claim a call that
  // costs as much as evaluating. It depends only on which given facts every
  // row carries (one bit per coalesce of an input), so it is cached per
  // pattern; bulk chunks and repeated single claims share a few patterns.
  std::vector<int32_t> given_coalesces_;  // instruction indexes
  std::string key_;                       // scratch: the pattern of this chunk
  absl::flat_hash_map<std::string, std::unique_ptr<Liveness>> liveness_cache_;
  Liveness uncached_;                     // when the cache is full
  const Liveness* live_ = nullptr;        // the last Run's
  std::optional<int32_t> as_of_;
  std::vector<int64_t> as_of_days_;  // the as-of date in every row (set_as_of)
  std::vector<uint8_t> as_of_valid_;
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_EXEC_BATCH_EXECUTOR_H_
