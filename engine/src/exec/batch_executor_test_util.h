// Test helpers shared by the exec/ tests (batch_executor_test and one
// execute_*_test per kernel family): a small claim schema and batch, a plan
// builder that appends instructions as the planner does, and readers of the
// executor's slots.
#ifndef ODENEK_ENGINE_SRC_EXEC_BATCH_EXECUTOR_TEST_UTIL_H_
#define ODENEK_ENGINE_SRC_EXEC_BATCH_EXECUTOR_TEST_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "exec/batch_executor.h"
#include "exec/claim_batch.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "plan/plan.h"
#include "plan/schema.h"

namespace odenek::internal {

inline constexpr std::optional<int64_t> kUnknown = std::nullopt;

inline int64_t Dec(absl::string_view text) { return Decimal::Parse(text).value().raw(); }
inline int64_t Day(int y, int m, int d) { return Date::FromYmd(y, m, d).value().day_number(); }
inline int64_t Mon(int y, int m) { return Month::FromYm(y, m).value().month_number(); }

// Test schema: four scalar columns (their declared types do not matter to the
// executor) and two lists: monthly premium records and insured spells.
inline constexpr int kColA = 0, kColB = 1, kColC = 2, kColD = 3;
inline constexpr int kPrimler = 0;          // fields: ay (month), kazanc (TL)
inline constexpr int kAy = 0, kKazanc = 1;
inline constexpr int kSpells = 1;           // fields: baslangic, bitis (dates)
inline constexpr int kStart = 0, kEnd = 1;

inline BatchSchema TestSchema() {
  BatchSchema s;
  for (const char* name : {"a", "b", "c", "d"}) {
    s.scalars.push_back({name, Type::Number(Unit::None())});
  }
  s.lists.push_back({"primler", {{"ay", Type::Month()}, {"kazanc", Type::Number(Unit::Tl())}}});
  s.lists.push_back({"sigortalilik", {{"baslangic", Type::Date()}, {"bitis", Type::Date()}}});
  return s;
}

// The schema and pool must outlive the batch, so they live together here.
struct TestBatch {
  BatchSchema schema = TestSchema();
  StringPool shared;
  ClaimBatch batch{schema, shared};

  // Adds a row whose column i is cols[i] (nullopt: unknown); returns its index.
  int Row(std::vector<std::optional<int64_t>> cols) {
    const int row = batch.AddRow("row");
    // These rows carry every list (possibly empty); see AbsentListIsUnknown.
    for (size_t l = 0; l < schema.lists.size(); ++l) {
      batch.MarkListPresent(static_cast<int>(l));
    }
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].has_value()) batch.Set(static_cast<int>(i), *cols[i]);
    }
    return row;
  }
  // Adds a record to list `list` of the last row (nullopt fields unknown).
  void Record(int list, std::optional<int64_t> f0, std::optional<int64_t> f1) {
    const int r = batch.AddRecord(list);
    if (f0.has_value()) batch.SetField(list, 0, r, *f0);
    if (f1.has_value()) batch.SetField(list, 1, r, *f1);
  }
};

// Appends instructions and constants to a Plan, as the planner does.
class PlanBuilder {
 public:
  Slot NewSlot() {
    plan_.slot_types.push_back(Type::Number(Unit::None()));
    return plan_.num_slots++;
  }
  Slot Const(int64_t value) {
    const Slot s = NewSlot();
    plan_.constants.emplace_back(s, value);
    return s;
  }
  Slot Input(int column) {
    Instr i{Op::kInput};
    i.aux = column;
    return Emit(i);
  }
  Slot Op1(Op op, Slot a, Slot guard = kNoSlot) {
    Instr i{op};
    i.a = a;
    i.guard = guard;
    return Emit(i);
  }
  Slot Op2(Op op, Slot a, Slot b, Slot guard = kNoSlot) {
    Instr i{op};
    i.a = a;
    i.b = b;
    i.guard = guard;
    return Emit(i);
  }
  Slot Select(Slot c, Slot a, Slot b) {
    Instr i{Op::kSelect};
    i.c = c;
    i.a = a;
    i.b = b;
    return Emit(i);
  }
  // Appends `i` with a fresh destination slot; returns the slot.
  Slot Emit(Instr i) {
    i.dst = NewSlot();
    plan_.instrs.push_back(i);
    return i.dst;
  }
  int32_t Parameter(PlanParameter p) {
    plan_.parameters.push_back(std::move(p));
    return static_cast<int32_t>(plan_.parameters.size()) - 1;
  }
  int32_t ConstSet(std::vector<int64_t> set) {
    plan_.const_sets.push_back(std::move(set));
    return static_cast<int32_t>(plan_.const_sets.size()) - 1;
  }
  int32_t List(PlanList l) {
    plan_.lists.push_back(std::move(l));
    return static_cast<int32_t>(plan_.lists.size()) - 1;
  }
  int32_t PrimlerList() { return List({"primler", kPrimler, kAy, -1, -1}); }
  int32_t SpellList() { return List({"sigortalilik", kSpells, kStart, kStart, kEnd}); }
  // Window aggregate `op` of `field` over [lo, hi].
  Slot Window(Op op, int32_t list, int32_t field, Slot lo, Slot hi) {
    Instr i{op};
    i.a = lo;
    i.b = hi;
    i.aux = list;
    i.field = field;
    return Emit(i);
  }

  // Declares `s` a programme output: a plan with outputs computes only what
  // they need.
  void Output(Slot s) { plan_.outputs.push_back({"out", Type::Number(Unit::None()), s}); }

  const Plan& plan() const { return plan_; }
  int32_t last_instr() const { return static_cast<int32_t>(plan_.instrs.size()) - 1; }

 private:
  Plan plan_;
};

// The value of `slot` in `row`, or nullopt if unknown.
inline std::optional<int64_t> At(const BatchExecutor& e, Slot slot, int row) {
  if (!e.valid(slot)[row]) return std::nullopt;
  return e.values(slot)[row];
}

inline std::vector<std::optional<int64_t>> Values(const BatchExecutor& e, Slot slot) {
  std::vector<std::optional<int64_t>> out;
  for (int r = 0; r < e.rows(); ++r) out.push_back(At(e, slot, r));
  return out;
}

inline RowErrorKind ErrorOf(const BatchExecutor& e, int row) { return e.row_error(row).kind; }

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_EXEC_BATCH_EXECUTOR_TEST_UTIL_H_
