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
  }
  return "unknown error";
}

BatchExecutor::BatchExecutor(const Plan& plan, int capacity)
    : plan_(&plan),
      capacity_(capacity),
      values_(static_cast<size_t>(plan.num_slots) * capacity, 0),
      valid_(static_cast<size_t>(plan.num_slots) * capacity, 0),
      errors_(capacity),
      kinds_(capacity, 0) {
  // Constants are filled for every row once: no instruction writes their
  // slots, so they stay valid across Runs whatever the batch size. Slots no
  // instruction writes and no constant fills stay invalid (the planner's
  // "null" slot).
  for (const auto& [slot, value] : plan.constants) {
    std::fill_n(mutable_values(slot), capacity, value);
    std::fill_n(mutable_valid(slot), capacity, uint8_t{1});
  }
}

void BatchExecutor::Run(const ClaimBatch& batch) {
  rows_ = batch.rows();
  std::fill_n(errors_.begin(), rows_, RowError{});
  const std::vector<Instr>& instrs = plan_->instrs;
  for (size_t i = 0; i < instrs.size(); ++i) {
    Execute(instrs[i], static_cast<int32_t>(i), batch);
  }
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

void BatchExecutor::RaiseErrors(const Instr& instr, int32_t index) {
  for (int r = 0; r < rows_; ++r) {
    if (kinds_[r] != 0) RaiseError(instr, index, r, static_cast<RowErrorKind>(kinds_[r]));
  }
}

}  // namespace odenek::internal
