// The library's own way into a RuleSet's compiled engine (the bulk pipeline,
// the batch evaluator, the test runner). Kept out of the public header so
// that embedders and front ends see a RuleSet only through its public
// methods and the engine's layout can change: odenek/rule_set.h declares
// RuleSet::Impl and befriends RuleSetAccess, and names nothing else of ours.
#ifndef ODENEK_ENGINE_SRC_API_RULE_SET_ACCESS_H_
#define ODENEK_ENGINE_SRC_API_RULE_SET_ACCESS_H_

#include "api/engine.h"
#include "odenek/rule_set.h"

namespace odenek {

// What a RuleSet and its copies share: the engine, immutable once built
// (its scratch pool is thread-safe).
struct RuleSet::Impl {
  internal::Engine engine;
};

class RuleSetAccess {
 public:
  static const internal::Engine& Of(const RuleSet& rules) { return rules.impl_->engine; }
};

namespace internal {
using ::odenek::RuleSetAccess;  // the library's code says internal::RuleSetAccess
}  // namespace internal

}  // namespace odenek

#endif  // ODENEK_ENGINE_SRC_API_RULE_SET_ACCESS_H_
