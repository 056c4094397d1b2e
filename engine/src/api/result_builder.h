// Turning an executed plan's registers into a Result (and an explanation).
#ifndef ODENEK_ENGINE_SRC_API_RESULT_BUILDER_H_
#define ODENEK_ENGINE_SRC_API_RESULT_BUILDER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "api/engine.h"
#include "exec/batch_executor.h"
#include "odenek/result.h"

namespace odenek::internal {

// The result of `plan` for row `row` of `batch`, after `exec.Run(batch)`.
// InvalidArgument if a runtime error (division by zero, overflow, a parameter
// with no value on the date) decided the outcome: the message names the claim,
// the rule and its file:line:column.
absl::StatusOr<Result> BuildResult(const Engine& engine, const Plan& plan,
                                   const BatchExecutor& exec, const ClaimBatch& batch,
                                   int row, bool explain);

// The verdict of `plan` for row `row`: ineligible if any condition is false,
// eligible if all are true, else undetermined.
Verdict RowVerdict(const Plan& plan, const BatchExecutor& exec, int row);

// The row's warning (Result::warnings), or "" if it has none: a parameter read
// after its known_until.
std::string RowWarningText(const Plan& plan, const BatchExecutor& exec, int row);

// OK, or InvalidArgument when a runtime error decided row `row`'s outcome (an
// error on a row that is ineligible anyway is not the claim's problem).
absl::Status RowStatus(const Engine& engine, const Plan& plan, const BatchExecutor& exec,
                       const ClaimBatch& batch, int row, Verdict verdict);

// The programmes (plan indexes) for which the claim carries at least one input.
std::vector<int> ProgramsCarriedBy(const Engine& engine, const ClaimValue& claim);

// The claim's `basvuru.program` (CONTRACT §3b: the programme applied for),
// nested (`basvuru: {program: ...}`) or flat (`basvuru.program: ...`), when it
// is non-empty text; else nullptr (absent, or not text: the claim reader
// reports a wrong type).
const ClaimValue* AppliedProgram(const ClaimValue& claim);

// A slot value as result text (money with 2 decimals, dates ISO, ...).
OutputValue FormatValue(const Type& type, int64_t value, const ClaimBatch& batch);

// A parameter value as text ("10008", "[4, 5, 15]", "scale(...)").
std::string ParameterValueText(const ParameterPayload& value);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_API_RESULT_BUILDER_H_
