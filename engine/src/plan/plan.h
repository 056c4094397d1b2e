// The Plan: a checked programme compiled into a flat register program.
//
// A Plan is a list of instructions over numbered slots. Each slot is a column of
// kBatchSize int64 values with a validity byte per row: numbers are Decimal raw
// values (10^-6), dates are day numbers, months month numbers, bools 0/1,
// strings interned ids. Instructions run in order, each over a whole chunk of
// claims before the next (DuckDB's expression executor shape), so dispatch costs
// once per chunk, not per claim.
//
// Missing inputs propagate through validity: an instruction's result is invalid
// where an operand it needs is invalid (and/or follow three-valued logic).
// Branches do not jump: both sides of an `if` run, under a *guard* slot; a row
// whose guard is not true still gets a value computed but never raises an error
// (division by zero in an untaken branch is not an error).
//
//   slot  | content
//   ------+-----------------------------------------------
//   0..k  | constants (filled once per executor)
//   ...   | inputs, temporaries, variables, conditions
//
// A Plan is immutable after the planner builds it and is shared between threads.
#ifndef ODENEK_ENGINE_SRC_PLAN_PLAN_H_
#define ODENEK_ENGINE_SRC_PLAN_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "ast/types.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "util/source_location.h"

namespace odenek::internal {

using Slot = int32_t;
inline constexpr Slot kNoSlot = -1;

enum class Op : uint8_t {
  kInput,        // dst ← scalar input column `aux`
  kCopy,         // dst ← a
  kCoalesce,     // dst ← a where valid, else b   (a claim's given value wins)
  kIsKnown,      // dst ← valid(a) (always valid)
  // Numbers (Decimal raw). kMul/kDiv round half-even at 10^-6.
  kAdd, kSub, kMul, kDiv, kNeg, kAbs, kMin, kMax,
  kRound,        // dst ← round(a, places, mode)
  // Comparisons on any int64-encoded kind.
  kLt, kLe, kGt, kGe, kEq, kNe,
  // Three-valued logic.
  kAnd, kOr, kNot,
  kSelect,       // dst ← c ? a : b; invalid where c is invalid
  // Dates and months. Day counts are Decimal gün (must be whole where used).
  kDateAddDays,   // dst ← date a + number b (gün)
  kDateDiffDays,  // dst ← (date a - date b) as gün
  kAddMonths,     // dst ← date a + b months (end-of-month clamp)
  kAddYears,      // dst ← date a + b years
  kMonthAdd,      // dst ← month a + b
  kMonthOf,       // dst ← month of date a
  kStartOfMonth,  // dst ← first day of month a
  kEndOfMonth,    // dst ← last day of month a
  kLastDaysLo,    // dst ← first day of last_days(a, b)
  kLastYearsLo,   // dst ← first day of last_years(a, b)
  kLastMonthsLo,  // dst ← first month of last_months(a, b)
  // Parameters, `aux` = parameter index; a = date slot.
  kParam,         // dst ← number parameter in force on a
  kInSet,         // dst ← b ∈ set parameter `aux` in force on a
  kInConstSet,    // dst ← a ∈ constant set `aux`
  kScale,         // dst ← marginal scale parameter `aux` on a, applied to b
  // History windows: `aux` = list index, `field` = field index; a..b = window.
  kWindowSum, kWindowCount, kWindowMin, kWindowMax,
  kCovers,        // dst ← spells of list `aux` cover every day of [a, b]
  kCoveredDays,   // dst ← days of [a, b] inside a spell of list `aux` (gün)
};

// One instruction. Operands are slots (kNoSlot when unused).
struct Instr {
  Op op;
  RoundingMode mode = RoundingMode::kHalfUp;  // kRound
  int8_t places = 0;                          // kRound
  Slot dst = kNoSlot;
  Slot a = kNoSlot;
  Slot b = kNoSlot;
  Slot c = kNoSlot;
  int32_t aux = -1;    // input column, parameter, list or constant set index
  int32_t field = -1;  // list field index (windows)
  Slot guard = kNoSlot;  // errors are raised only where this slot is true
  NodeId node = 0;       // the AST node (or 0) this computes, for errors/traces
};

// A number parameter's history, resolved to plain arrays for lookup by date.
struct PlanParameter {
  std::string name;
  TypeKind kind = TypeKind::kNumber;  // kNumber, kSet or kScale
  std::vector<int32_t> from;           // day numbers, ascending
  std::optional<int32_t> end;          // last day in force (inclusive)
  std::optional<int32_t> known_until;  // lookups after it carry a warning
  // The entry in force on day_table_first + i, for days up to from.back()
  // (planner.cc BuildDayTable); empty when the history is too long for one.
  int32_t day_table_first = 0;
  std::vector<int8_t> day_table;
  // kNumber: one raw Decimal per entry.
  std::vector<int64_t> numbers;
  // kSet: one sorted vector of raw values (numbers raw Decimal, strings ids).
  std::vector<std::vector<int64_t>> sets;
  // kScale: per entry, ascending bracket bounds and rates (raw), and top rate.
  struct ScaleEntry {
    std::vector<int64_t> upto;
    std::vector<int64_t> rate;
    int64_t top_rate = 0;
  };
  std::vector<ScaleEntry> scales;
};

// Fills p's day_table: the entry in force on each day from the first value to
// the day the last one starts, so a lookup there is one load
// (exec/execute_param.cc); later days read the last entry (or nothing after
// `end`). Left empty for more than 127 entries or a century of history.
void BuildDayTable(PlanParameter* p);

// A history list's layout in the claim batch and which of its fields are keys.
struct PlanList {
  std::string name;              // input name, e.g. primler
  int32_t batch_list = -1;       // index of the list in the ClaimBatch schema
  int32_t key_field = -1;        // windows select on this field
  int32_t span_start = -1;       // spells: start/end date fields (covers)
  int32_t span_end = -1;
};

// What a claim must carry for a condition to be decided: used to list `missing`
// inputs for undetermined claims. A node names an input (leaf) or a variable that
// may be given as an input (stop there if it is missing) with its own deps.
struct DependencyNode {
  std::string name;        // input or variable name
  Slot slot = kNoSlot;     // its value slot
  bool is_input = false;   // a claim can give it directly
  // A history list input (`primler`): missing when the claim does not carry
  // it, whatever its records; index into the ClaimBatch schema's lists.
  int32_t batch_list = -1;
  std::vector<int32_t> children;  // indexes into Plan::dependency_nodes
};

struct PlanCondition {
  std::string id;
  std::string message;
  std::string reference;
  Slot slot = kNoSlot;
  int32_t dependency_root = -1;  // index into Plan::dependency_nodes
};

struct PlanOutput {
  std::string name;
  Type type;
  Slot slot = kNoSlot;
  // An eligible result needs every output: one left unknown makes the
  // verdict undetermined, and this root names the inputs it lacks.
  int32_t dependency_root = -1;  // index into Plan::dependency_nodes
  // ProgramDef::optional_outputs: unknown, it leaves an eligible verdict as
  // it is (and Result::missing says what it lacks).
  bool optional = false;
  // ProgramDef::event_outputs: also optional, and unknown it is not missing
  // either (the event it reports did not happen).
  bool event = false;
};

// Everything explain needs about one named variable.
struct PlanVariable {
  std::string name;
  std::string formula;    // source text ("table" / exceptions summarised)
  std::string reference;
  std::string description;
  Type type;
  Slot slot = kNoSlot;
  bool is_input = false;  // also declared as an input
  std::vector<std::string> uses;  // names of inputs/variables/parameters it reads
};

// One month of a payment schedule: the slots of its synthesized variables
// (load/payments.h).
struct PlanPaymentMonth {
  Slot start = kNoSlot;
  Slot days = kNoSlot;
  Slot gross = kNoSlot;
  Slot stamp_tax = kNoSlot;
  Slot net = kNoSlot;
  std::vector<Slot> others;  // PaymentsDef::Month::others
};

// A way a rule can go, for test coverage (odenek/testing.h): each exception of
// a variable and its base definition (when it has exceptions), each row and
// the default of a decision table, each side of an `if`. `taken` is a bool
// slot, true in a row that went this way; it is the guard the branch's own
// value is computed under, so "taken" means the engine used that branch, not
// that its condition happened to hold in a branch nobody took.
struct PlanBranch {
  enum class Kind : uint8_t { kException, kBase, kTableRow, kTableDefault, kIfThen, kIfElse };
  Kind kind = Kind::kBase;
  std::string rule;       // the variable or condition it belongs to
  int32_t index = 0;      // exception or row number, from 0
  std::string label;      // the exception's `when`, the row's interval, the if's condition
  std::string reference;  // the exception's own reference, else the rule's
  // What gives the value when this branch is taken, as written: the
  // exception's `expr`, the row's `then`, the default, the base formula
  // ("" for `if` sides). Explain shows it in place of the base formula.
  std::string formula;
  // The rule's names (PlanVariable::uses) read on the way to this branch's
  // value: the `when`s tried before it and its own formula. Explain lists
  // these, not every name some branch of the rule reads.
  std::vector<std::string> uses;
  SourceLocation location;
  Slot taken = kNoSlot;
};

struct Plan {
  std::string program;
  std::vector<Instr> instrs;
  int32_t num_slots = 0;
  std::vector<std::pair<Slot, int64_t>> constants;  // valid constant slots
  std::vector<Type> slot_types;
  std::vector<PlanParameter> parameters;
  std::vector<std::vector<int64_t>> const_sets;  // sorted
  std::vector<PlanList> lists;
  std::vector<PlanCondition> conditions;
  std::vector<PlanOutput> outputs;
  std::vector<PlanVariable> variables;
  // The payment schedule, empty when the programme has none. Its slots are
  // computed only by executors asked for payments (they are 5 × max_months
  // variables that bulk evaluation rarely wants).
  std::vector<PlanPaymentMonth> payments;
  Slot payments_remaining = kNoSlot;
  std::vector<DependencyNode> dependency_nodes;
  // Node → slot, for traces (explain shows each sub-expression's value).
  std::vector<std::pair<NodeId, Slot>> node_slots;
  // Every branch of every rule, in rule order (coverage; executors compute
  // their `taken` slots only when asked, see BatchExecutor).
  std::vector<PlanBranch> branches;
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_PLAN_PLAN_H_
