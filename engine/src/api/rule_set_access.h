// The library's own way into a RuleSet's compiled engine (the bulk pipeline,
// the batch evaluator, the test runner). Kept out of the public header so
// that embedders and front ends see a RuleSet only through its public
// methods and the engine's layout can change.
#ifndef ODENEK_ENGINE_SRC_API_RULE_SET_ACCESS_H_
#define ODENEK_ENGINE_SRC_API_RULE_SET_ACCESS_H_

#include "api/engine.h"
#include "odenek/rule_set.h"

namespace odenek::internal {

class RuleSetAccess {
 public:
  static const Engine& Of(const RuleSet& rules) { return *rules.engine_; }
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_API_RULE_SET_ACCESS_H_
