// Engine: what a RuleSet shares between its copies and threads.
#ifndef ODENEK_ENGINE_SRC_API_ENGINE_H_
#define ODENEK_ENGINE_SRC_API_ENGINE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "check/checker.h"
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

struct Engine {
  RuleSetDef rules;
  CheckedRuleSet checked;
  std::unique_ptr<PlannedRuleSet> planned;
  std::vector<Diagnostic> warnings;
  absl::flat_hash_map<NodeId, NodePlace> places;
};

// Loads, applies reforms, checks and plans. On success `diagnostics` holds the
// warnings; on error InvalidArgument lists every error diagnostic.
absl::StatusOr<std::unique_ptr<Engine>> BuildEngine(
    LoadResult loaded, const std::vector<std::string>& reforms, NodeIdAllocator& ids,
    std::vector<Diagnostic>& diagnostics);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_API_ENGINE_H_
