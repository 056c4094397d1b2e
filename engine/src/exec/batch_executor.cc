// BatchExecutor: slot storage, the per-instruction dispatch and row errors.
// The kernels of each instruction family are in execute_*.cc.
#include "exec/batch_executor.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "exec/claim_batch.h"
#include "plan/plan.h"

namespace odenek::internal {

const char* RowErrorKindName(RowErrorKind kind) {
  switch (kind) {
    case RowErrorKind::kNone:
      return "no error";
    case RowErrorKind::kDivisionByZero:
      return "division by zero";
    case RowErrorKind::kOverflow:
      return "decimal overflow";
    case RowErrorKind::kNoParameterValue:
      return "parameter has no value on the date";
    case RowErrorKind::kFractionalDays:
      return "fractional day, month or year count";
    case RowErrorKind::kDateOutOfRange:
      return "date out of range (years 1900..2199)";
    case RowErrorKind::kSpellWithoutStart:
      return "a record of the list has no start date (its span's first field)";
  }
  return "unknown error";
}

BatchExecutor::BatchExecutor(const Plan& plan, int capacity, bool payments, bool coverage)
    : plan_(&plan),
      capacity_(capacity),
      values_(static_cast<size_t>(plan.num_slots) * capacity, 0),
      valid_(static_cast<size_t>(plan.num_slots) * capacity, 0),
      errors_(capacity),
      warnings_(capacity),
      kinds_(capacity, 0),
      found_(capacity, 0) {
  // Constants are filled for every row once: no instruction writes their
  // slots, so they stay valid across Runs whatever the batch size. Slots no
  // instruction writes and no constant fills stay invalid (the planner's
  // "null" slot).
  for (const auto& [slot, value] : plan.constants) {
    std::fill_n(mutable_values(slot), capacity, value);
    std::fill_n(mutable_valid(slot), capacity, uint8_t{1});
  }
  for (const PlanCondition& c : plan.conditions) roots_.push_back(c.slot);
  for (const PlanOutput& o : plan.outputs) roots_.push_back(o.slot);
  std::vector<uint8_t> schedule(static_cast<size_t>(plan.num_slots), 0);
  for (const PlanPaymentMonth& m : plan.payments) {
    for (Slot s : {m.start, m.days, m.gross, m.stamp_tax, m.net}) schedule[s] = 1;
  }
  if (plan.payments_remaining != kNoSlot) schedule[plan.payments_remaining] = 1;
  for (const PlanVariable& v : plan.variables) {
    if (payments || !schedule[v.slot]) roots_.push_back(v.slot);
  }
  for (const DependencyNode& n : plan.dependency_nodes) roots_.push_back(n.slot);
  if (roots_.empty()) {
    // A bare plan (no programme around it, as in unit tests): every slot is
    // somebody's result.
    for (const Instr& i : plan.instrs) roots_.push_back(i.dst);
  }
  if (coverage) {
    for (const PlanBranch& b : plan.branches) roots_.push_back(b.taken);
  }
  input_column_.assign(static_cast<size_t>(plan.num_slots), -1);
  for (const Instr& i : plan.instrs) {
    if (i.op == Op::kInput) input_column_[i.dst] = i.aux;
  }
  for (size_t k = 0; k < plan.instrs.size(); ++k) {
    const Instr& i = plan.instrs[k];
    if (i.op == Op::kCoalesce && input_column_[i.a] >= 0) {
      given_coalesces_.push_back(static_cast<int32_t>(k));
    }
  }
  slot_needed_.resize(static_cast<size_t>(plan.num_slots));
  // Before any Run every slot is invalid: nothing to clear, nothing ran.
  uncached_.run.assign(plan.instrs.size(), 0);
  live_ = &uncached_;
}

// True if every row of `batch` gives the fact instruction `k` coalesces.
static bool AllGiven(const ClaimBatch& batch, const Instr& coalesce,
                     const std::vector<int32_t>& input_column, int rows) {
  const uint8_t* given = batch.scalar(input_column[coalesce.a]).valid.data();
  return std::find(given, given + rows, uint8_t{0}) == given + rows;
}

const BatchExecutor::Liveness& BatchExecutor::LivenessFor(const ClaimBatch& batch) {
  constexpr size_t kMaxCachedPatterns = 64;
  key_.clear();
  for (int32_t k : given_coalesces_) {
    key_.push_back(AllGiven(batch, plan_->instrs[k], input_column_, rows_) ? '1' : '0');
  }
  auto it = liveness_cache_.find(key_);
  if (it != liveness_cache_.end()) return *it->second;
  if (liveness_cache_.size() >= kMaxCachedPatterns) {
    MarkNeeded(batch, uncached_);
    return uncached_;
  }
  auto live = std::make_unique<Liveness>();
  MarkNeeded(batch, *live);
  return *liveness_cache_.emplace(key_, std::move(live)).first->second;
}

void BatchExecutor::MarkNeeded(const ClaimBatch& batch, Liveness& out) {
  std::vector<uint8_t>& run = out.run;
  run.assign(plan_->instrs.size(), 0);
  std::fill(slot_needed_.begin(), slot_needed_.end(), uint8_t{0});
  for (Slot s : roots_) {
    if (s != kNoSlot) slot_needed_[s] = 1;
  }
  auto need = [this](Slot s) {
    if (s != kNoSlot) slot_needed_[s] = 1;
  };
  const std::vector<Instr>& instrs = plan_->instrs;
  // Backwards: an instruction runs if its result is needed; then so are its
  // operands. A slot is never un-marked, so a slot with several writers (an
  // exception's branches) has all of them run.
  for (size_t k = instrs.size(); k-- > 0;) {
    const Instr& i = instrs[k];
    run[k] = slot_needed_[i.dst];
    if (!run[k]) continue;
    need(i.a);
    need(i.c);
    need(i.guard);
    // The formula side is only read where the claim left the fact out.
    if (i.op == Op::kCoalesce && input_column_[i.a] >= 0 &&
        AllGiven(batch, i, input_column_, rows_)) {
      continue;
    }
    need(i.b);
  }
  out.order.clear();
  out.skipped.clear();
  for (size_t k = 0; k < instrs.size(); ++k) {
    if (run[k]) {
      out.order.push_back(static_cast<int32_t>(k));
    } else {
      out.skipped.push_back(instrs[k].dst);
    }
  }
}

void BatchExecutor::Run(const ClaimBatch& batch) {
  rows_ = batch.rows();
  std::fill_n(errors_.begin(), rows_, RowError{});
  std::fill_n(warnings_.begin(), rows_, RowWarning{});
  const Liveness& live = LivenessFor(batch);
  // A skipped slot must not show an earlier chunk's values. With the same
  // liveness as the last Run (and not the recomputed uncached_ one) nothing
  // has written them since they were cleared.
  if (&live != live_ || &live == &uncached_) {
    for (Slot s : live.skipped) std::fill_n(mutable_valid(s), capacity_, uint8_t{0});
  }
  live_ = &live;
  const std::vector<Instr>& instrs = plan_->instrs;
  for (int32_t i : live.order) Execute(instrs[i], i, batch);
}

void BatchExecutor::Execute(const Instr& instr, int32_t index, const ClaimBatch& batch) {
  switch (instr.op) {
    case Op::kInput:
    case Op::kCopy:
    case Op::kCoalesce:
    case Op::kIsKnown:
      ExecuteColumn(instr, batch);
      return;
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv:
    case Op::kNeg:
    case Op::kAbs:
    case Op::kMin:
    case Op::kMax:
    case Op::kRound:
      ExecuteArith(instr, index);
      return;
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
    case Op::kEq:
    case Op::kNe:
      ExecuteCompare(instr);
      return;
    case Op::kAnd:
    case Op::kOr:
    case Op::kNot:
    case Op::kSelect:
      ExecuteLogic(instr);
      return;
    case Op::kDateAddDays:
    case Op::kDateDiffDays:
    case Op::kAddMonths:
    case Op::kAddYears:
    case Op::kMonthAdd:
    case Op::kMonthOf:
    case Op::kStartOfMonth:
    case Op::kEndOfMonth:
    case Op::kLastDaysLo:
    case Op::kLastYearsLo:
    case Op::kLastMonthsLo:
      ExecuteDate(instr, index);
      return;
    case Op::kParam:
    case Op::kInSet:
    case Op::kInConstSet:
    case Op::kScale:
      ExecuteParam(instr, index);
      return;
    case Op::kWindowSum:
    case Op::kWindowCount:
    case Op::kWindowMin:
    case Op::kWindowMax:
      ExecuteWindow(instr, index, batch);
      return;
    case Op::kCovers:
    case Op::kCoveredDays:
      ExecuteCovers(instr, index, batch);
      return;
  }
}

void BatchExecutor::RaiseError(const Instr& instr, int32_t index, int row,
                               RowErrorKind kind) {
  // An untaken branch is computed too, but its errors are not the claim's.
  if (instr.guard != kNoSlot &&
      !(valid(instr.guard)[row] && values(instr.guard)[row] != 0)) {
    return;
  }
  RowError& e = errors_[row];
  if (e.kind == RowErrorKind::kNone) e = {kind, index};
}

void BatchExecutor::NoteStaleLookups(const Instr& instr, int32_t index, const PlanParameter& p,
                                     const int64_t* days, const uint8_t* found) {
  const int64_t until = *p.known_until;
  for (int r = 0; r < rows_; ++r) {
    if (!found[r] || days[r] <= until || warnings_[r].instr >= 0) continue;
    // An untaken branch's lookups are not the claim's, as with errors.
    if (instr.guard != kNoSlot && !(valid(instr.guard)[r] && values(instr.guard)[r] != 0)) {
      continue;
    }
    warnings_[r] = {index, static_cast<int32_t>(days[r])};
  }
}

void BatchExecutor::RaiseErrors(const Instr& instr, int32_t index) {
  for (int r = 0; r < rows_; ++r) {
    if (kinds_[r] != 0) RaiseError(instr, index, r, static_cast<RowErrorKind>(kinds_[r]));
  }
}

}  // namespace odenek::internal
