// The one evaluation driver: claims as rows of a ClaimBatch, a plan run over
// them as of one date, and each row's Result read from the run.
//
// Every way into the engine evaluates through here:
//   RuleSet::Evaluate   one claim, a pooled one-row batch (api/rule_set.cc)
//   BatchEvaluator      up to a chunk of rows, its own batch (api/batch.cc)
//   the test runner     one case, with branch coverage (api/testing.cc)
// They differ in where the batch and the executors live and in what they read
// afterwards (a Result, a verdict per row, coverage); the as-of date, the run
// and the building of a Result are done here, once.
//
// Internal to api/.
#ifndef ODENEK_ENGINE_SRC_API_EVALUATE_ROWS_H_
#define ODENEK_ENGINE_SRC_API_EVALUATE_ROWS_H_

#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "api/engine.h"
#include "exec/batch_executor.h"
#include "exec/claim_batch.h"
#include "odenek/date.h"
#include "odenek/result.h"

namespace odenek::internal {

// How a plan is run over rows and what is built from the run.
struct EvaluateRowsOptions {
  // Read every parameter as in force on this date instead of the date its
  // formula names (EvaluateOptions::as_of, BatchOptions::as_of). Default
  // nullopt: the formulas' own dates.
  std::optional<Date> as_of = std::nullopt;
  // Build each Result with its explanation: the value of every variable and
  // input, and the branch each rule took (that needs an executor made with
  // coverage on). Default false: verdict, reasons, outputs and payments only.
  bool explain = false;
};

// RunRows()
//
// Runs `exec` over rows [0, batch.rows()) of `batch` as of `options.as_of`.
// The as-of date is set on every call, so an executor reused with another
// date (or none) never keeps the last caller's. Never fails: a row's runtime
// error is kept in exec.row_error(row) for the Result to report.
//
// REQUIRES: batch.rows() <= exec.capacity(); `batch` has the schema of the
// rule set `exec`'s plan was compiled in.
void RunRows(const ClaimBatch& batch, const EvaluateRowsOptions& options, BatchExecutor& exec);

// RowResult()
//
// The Result of row `row` of `batch` after RunRows(batch, ..., exec), built
// with or without its explanation (options.explain). Returns InvalidArgument
// if a runtime error (division by zero, overflow, a parameter with no value
// on the date) decided the row's outcome; the message names the claim, the
// rule and its file:line:column.
//
// REQUIRES: 0 <= row < batch.rows().
absl::StatusOr<Result> RowResult(const Engine& engine, const BatchExecutor& exec,
                                 const ClaimBatch& batch, int row,
                                 const EvaluateRowsOptions& options);

// EvaluateRows()
//
// RunRows(), then the RowResult() of every row of `batch`, appended to
// `results` in row order. Returns the first row's error as RowResult() does;
// `results` then holds the rows before it.
absl::Status EvaluateRows(const Engine& engine, const ClaimBatch& batch,
                          const EvaluateRowsOptions& options, BatchExecutor& exec,
                          std::vector<Result>& results);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_API_EVALUATE_ROWS_H_
