// The one evaluation driver (see evaluate_rows.h).
#include "api/evaluate_rows.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "api/result_builder.h"

namespace odenek::internal {

void RunRows(const ClaimBatch& batch, const EvaluateRowsOptions& options, BatchExecutor& exec) {
  const std::optional<int32_t> day =
      options.as_of ? std::optional<int32_t>(options.as_of->day_number()) : std::nullopt;
  // set_as_of fills a column of the executor's capacity: only on a change.
  if (exec.as_of() != day) exec.set_as_of(day);
  exec.Run(batch);
}

absl::StatusOr<Result> RowResult(const Engine& engine, const BatchExecutor& exec,
                                 const ClaimBatch& batch, int row,
                                 const EvaluateRowsOptions& options) {
  return BuildResult(engine, exec.plan(), exec, batch, row, options.explain);
}

absl::Status EvaluateRows(const Engine& engine, const ClaimBatch& batch,
                          const EvaluateRowsOptions& options, BatchExecutor& exec,
                          std::vector<Result>& results) {
  RunRows(batch, options, exec);
  for (int row = 0; row < batch.rows(); ++row) {
    absl::StatusOr<Result> result = RowResult(engine, exec, batch, row, options);
    if (!result.ok()) return result.status();
    results.push_back(*std::move(result));
  }
  return absl::OkStatus();
}

}  // namespace odenek::internal
