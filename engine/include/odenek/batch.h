// BatchEvaluator: many claims at a time, column by column (the bulk path).
//
// RuleSet::Evaluate takes one claim and returns full Result objects; that is
// the right tool for a caseworker's single claim. For a claim file of millions
// of records, a BatchEvaluator fills up to kCapacity claims into columns, runs
// every programme's compiled plan over all of them at once, and lets the
// caller read verdicts and output values per row without building a Result
// per claim. Both paths run the same plan and give identical results.
#ifndef ODENEK_BATCH_H_
#define ODENEK_BATCH_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "odenek/claim.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "odenek/result.h"
#include "odenek/rule_set.h"

namespace odenek {

struct BatchOptions {
  // Programme ids to evaluate, in this order. Default (empty): every programme
  // of the rule set.
  std::vector<std::string> programs;
  // Unknown claim keys and flat columns are skipped (and listed by
  // ignored_columns() / the returned count) instead of rejecting the record.
  // Default false: a typo must not pass silently (CONTRACT §3).
  bool allow_unknown = false;
  // Compute payment schedules, so result() carries Result::payments. Default
  // false: a schedule is 5 variables a month, more work than the verdict.
  bool payments = false;
  // Read every parameter as in force on this date (EvaluateOptions::as_of):
  // the file's claims under the law of one date. Default nullopt.
  std::optional<Date> as_of = std::nullopt;
  // Claims per chunk, 1..kCapacity (clamped). The evaluator's working
  // columns grow with it (about 6 KB a claim for the built-in işsizlik
  // plan), so a caller running many evaluators at once (Simulate on many
  // threads) keeps its memory flat with a smaller chunk. Default kCapacity.
  int capacity = 1024;
};

// One thread's bulk evaluator over a RuleSet. Not thread-safe: create one per
// thread; they share the RuleSet's compiled plans. The RuleSet must outlive it.
//
// Use: fill (SetColumns + AddRecord for flat records, or AddClaim), Evaluate,
// read rows, Clear, repeat.
//
// Example:
//   auto eval = odenek::BatchEvaluator::Create(rules, {.programs = {"issizlik_odenegi"}});
//   eval->SetColumns({"id", "fesih_tarihi", "prim_gun_3_yil", ...});
//   for (each CSV row) {
//     if (absl::Status s = eval->AddRecord(fields); !s.ok()) report(s);
//     if (eval->full()) { eval->Evaluate(); write(*eval); eval->Clear(); }
//   }
class BatchEvaluator {
 public:
  static constexpr int kCapacity = 1024;  // claims per chunk

  // NotFound for a programme id the rule set does not have.
  static absl::StatusOr<BatchEvaluator> Create(const RuleSet& rules,
                                               const BatchOptions& options = {});

  BatchEvaluator(BatchEvaluator&&) noexcept;
  BatchEvaluator& operator=(BatchEvaluator&&) noexcept;
  ~BatchEvaluator();

  // --- Filling ---------------------------------------------------------------

  // Declares the columns of the flat records that follow (a CSV header). One
  // column must be `id`; the others are input names of the facts form (CONTRACT
  // §3a). InvalidArgument naming the column for an unknown one (unless
  // allow_unknown) or a repeated one.
  absl::Status SetColumns(absl::Span<const std::string> names);
  // The columns SetColumns skipped under allow_unknown.
  const std::vector<std::string>& ignored_columns() const;

  // Appends one flat record, fields in SetColumns order; an empty field is
  // unknown. On error nothing is appended and the status names the column and
  // what was expected ("column fesih_tarihi: expected a date YYYY-MM-DD, found
  // \"2023-02-30\""). InvalidArgument also for a wrong field count.
  // REQUIRES: !full().
  absl::Status AddRecord(absl::Span<const absl::string_view> fields);

  // Appends a claim in either form (CONTRACT §3). On error nothing is appended.
  // REQUIRES: !full().
  absl::Status AddClaim(const Claim& claim);

  // --- Filling input by input ------------------------------------------------
  //
  // For a reader that walks its own parse of a record straight into the
  // columns (simulate's JSONL reader walks simdjson's on-demand parse: no
  // Claim tree, no string copies per field). Inputs are found by name once and
  // then set by index; every value is typed and bounds-checked as AddClaim
  // does it, with the same messages without a file position ("primler[3].gun:
  // expected a whole number, found \"3.5\""). Duplicate and unknown keys are
  // the reader's to detect: setting an input twice keeps the last value.
  //
  // Use: BeginRow(id); then SetInput, and for a list MarkList, AddListRecord
  // and SetListField; finally nothing (the row stays) or CancelRow() after an
  // error. REQUIRES: !full() for BeginRow.

  // Index of scalar input `name` (dotted for a nested key: "fesih.tarih"), or -1.
  int FindInput(absl::string_view name) const;
  // Index of the list of records `name` ("primler"), or -1.
  int FindList(absl::string_view name) const;
  // Index of field `name` of list `list`'s records, or -1; and their names.
  int FindListField(int list, absl::string_view name) const;
  std::vector<std::string> ListFields(int list) const;

  // Starts a row with every input unknown. The caller holds `id` to the id
  // rule first (CheckClaimId, claim.h), as AddRecord and AddClaim do.
  void BeginRow(absl::string_view id);
  // Types `text` (a JSON string's contents, or a number's or boolean's text)
  // as input `input` of the row begun and checks its bounds. On error the
  // value is not set and InvalidArgument names the input.
  absl::Status SetInput(int input, absl::string_view text);
  // The row carries list `list` (even when it holds no record).
  void MarkList(int list);
  // Appends a record, every field unknown, to list `list` of the row begun.
  // The caller keeps to kMaxHistoryRecords (claim.h), which AddClaim enforces:
  // this call cannot fail.
  void AddListRecord(int list);
  // Types `text` as field `field` of the last record added to list `list`.
  // On error InvalidArgument names it as "primler[3].gun".
  absl::Status SetListField(int list, int field, absl::string_view text);
  // Drops the row begun (after an error half-way through it).
  void CancelRow();

  int size() const;
  bool full() const { return size() == capacity(); }
  // BatchOptions::capacity, clamped: the most rows a chunk holds.
  int capacity() const;
  // The latest date any row gives in a date input (scalar inputs, not list
  // fields), or nullopt when no row gives one. Simulate compares it with a
  // reform's first change to say why a reform changed nothing.
  std::optional<Date> LatestDate() const;
  // Forgets every row, keeping the memory.
  void Clear();
  // Forgets every row and gives back the memory long history lists made the
  // columns grow (a caller that met an unusually long claim).
  void ClearAndRelease();

  // --- Evaluating ------------------------------------------------------------

  // Runs every selected programme over the rows added since Clear().
  void Evaluate();

  // True if this evaluator can read `filled`'s rows as they are: both rule
  // sets have the same claim schema and string constants (a reform that
  // changes parameters, formulas or conditions, not inputs).
  bool SharesSchemaWith(const BatchEvaluator& filled) const;
  // Runs this evaluator's programmes over `filled`'s rows without filling
  // them again: one parse serves the baseline and a reform. Reads below then
  // refer to `filled`'s rows (until Clear); `filled` must stay unchanged and
  // alive meanwhile. Input bounds are those `filled` checked when reading.
  // FailedPrecondition unless SharesSchemaWith(filled) and filled.size() <=
  // capacity().
  absl::Status EvaluateRowsOf(const BatchEvaluator& filled);

  // --- Reading (after Evaluate, until Clear) ---------------------------------

  // Selected programme ids; `program` arguments below index this list.
  const std::vector<std::string>& programs() const;
  // Output names of a programme, in rule order; `output` indexes this list.
  const std::vector<std::string>& outputs(int program) const;
  // Index of an output by name, or -1.
  int FindOutput(int program, absl::string_view name) const;

  const std::string& id(int row) const;
  Verdict verdict(int row, int program) const;
  // OK, or InvalidArgument when a runtime error (division by zero, overflow, a
  // parameter with no value on the date) decided the outcome; the message names
  // the claim, the rule and its file:line:column, as RuleSet::Evaluate does.
  absl::Status status(int row, int program) const;
  // The row's warning for the programme (Result::warnings: a parameter read
  // after its known_until), or "" if none. Cheap when there is none.
  std::string warning(int row, int program) const;
  // An eligible row's output as a number (money, days, rates); nullopt when the
  // row is not eligible, the value unknown or not a number.
  std::optional<Decimal> number(int row, int program, int output) const;
  // Appends an eligible row's output as result text (money with exactly 2
  // decimals, CONTRACT §4); appends nothing when number() would be nullopt
  // or the value unknown. Sets *quoted to whether JSON should quote it.
  void AppendValue(int row, int program, int output, std::string* out,
                   bool* quoted = nullptr) const;
  // Ids of the conditions the row failed, in rule order (empty unless
  // ineligible). Allocates: in a loop over rows prefer conditions() and
  // failed() below.
  std::vector<std::string> failed_conditions(int row, int program) const;
  // A programme's condition ids, in rule order; `condition` indexes this list.
  const std::vector<std::string>& conditions(int program) const;
  // True if the row's condition is known to be false (a reason it is
  // ineligible): failed_conditions() is the ids of these, in order.
  bool failed(int row, int program, int condition) const;

  // The row's missing inputs, as Result::missing lists them: what decides an
  // undetermined row, or what an eligible row's optional outputs lack (empty
  // for an ineligible row), into *names (cleared first): views into
  // the rule set, valid while this evaluator lives. Without building the
  // Result.
  void missing(int row, int program, std::vector<absl::string_view>* names) const;

  // One month of a payment schedule, as numbers (Result::payments holds the
  // same as text: the month of `from`, `from` ISO, money with 2 decimals).
  struct PaymentMonth {
    Date from;
    int days = 0;
    Decimal gross;
    Decimal stamp_tax;
    Decimal net;
  };
  // An eligible row's payment schedule into *months (cleared first; left
  // empty for a programme without one, a row not eligible, or a schedule an
  // unknown input leaves open): what result() puts in Result::payments,
  // without building the Result. Its error (a schedule too short for the days
  // to pay) is the one result() returns. Periods paying less than one day are
  // left out, as in Result::payments; the schedule goes on after them.
  absl::Status payments(int row, int program, std::vector<PaymentMonth>* months) const;
  // The full Result, as RuleSet::Evaluate would return it (slower).
  absl::StatusOr<Result> result(int row, int program) const;

 private:
  struct Impl;
  explicit BatchEvaluator(std::unique_ptr<Impl> impl);
  void RunPlans();  // over Impl::rows()
  std::unique_ptr<Impl> impl_;
};

}  // namespace odenek

#endif  // ODENEK_BATCH_H_
