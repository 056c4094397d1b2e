// Engine: what a RuleSet shares between its copies and threads.
#ifndef ODENEK_ENGINE_SRC_API_ENGINE_H_
#define ODENEK_ENGINE_SRC_API_ENGINE_H_

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "check/checker.h"
#include "exec/batch_executor.h"
#include "exec/claim_batch.h"
#include "load/rule_records.h"
#include "load/yaml_loader.h"
#include "odenek/diagnostic.h"
#include "plan/planner.h"

namespace odenek::internal {

// Where an AST node sits in the rule files, and which rule it belongs to: runtime
// errors and explanations name it.
struct NodePlace {
  std::string rule;  // variable or condition name
  SourceLocation location;
  std::string text;  // the expression text of the node
};

// A one-row batch and its executors, reused across RuleSet::Evaluate calls:
// building them costs dozens of allocations, more than evaluating a claim.
struct ScalarScratch {
  explicit ScalarScratch(const PlannedRuleSet& planned)
      : batch(planned.schema, planned.strings, /*capacity=*/1),
        executors(4 * planned.plans.size()) {}
  ClaimBatch batch;
  // Per plan p, at 4p + 2 × explain + payments; made on first use. Explain's
  // executors also compute which branch each rule took (coverage slots), so
  // the explanation shows the exception or table row that gave a value.
  std::vector<std::unique_ptr<BatchExecutor>> executors;
};

// Scratch objects free for any thread to take. The lock is held only to pop
// and push, so concurrent Evaluate calls each get their own scratch.
class ScratchPool {
 public:
  std::unique_ptr<ScalarScratch> Acquire(const PlannedRuleSet& planned) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        std::unique_ptr<ScalarScratch> s = std::move(free_.back());
        free_.pop_back();
        return s;
      }
    }
    return std::make_unique<ScalarScratch>(planned);
  }
  void Release(std::unique_ptr<ScalarScratch> s) {
    s->batch.Clear();
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(s));
  }

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<ScalarScratch>> free_;
};

struct Engine {
  RuleSetDef rules;
  CheckedRuleSet checked;
  std::unique_ptr<PlannedRuleSet> planned;
  std::vector<Diagnostic> warnings;
  absl::flat_hash_map<NodeId, NodePlace> places;
  // Not part of the rules: per-call scratch, hence mutable in a shared const
  // Engine. Thread-safe.
  mutable ScratchPool scratch;
};

// Applies reforms to `loaded`, checks and plans it into `engine` (a fresh
// one: the engine holds a mutex, so it is built in place, in the RuleSet's
// shared state). On success `diagnostics` holds the warnings; on error
// InvalidArgument lists every error diagnostic, and `engine` is to be thrown
// away.
absl::Status BuildEngine(LoadResult loaded, const std::vector<std::string>& reforms,
                         NodeIdAllocator& ids, std::vector<Diagnostic>& diagnostics,
                         Engine& engine);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_API_ENGINE_H_
