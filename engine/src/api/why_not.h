// "Why not" for an explained result (Result::why_not).
#ifndef ODENEK_ENGINE_SRC_API_WHY_NOT_H_
#define ODENEK_ENGINE_SRC_API_WHY_NOT_H_

#include <vector>

#include "odenek/result.h"
#include "odenek/rule_set.h"

namespace odenek::internal {

// Every failed condition of an ineligible result `r` (which carries its
// explanation), with what failed it; empty for an eligible or undetermined one.
std::vector<WhyNotEntry> WhyNot(const Result& r, const RuleSet& rules);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_API_WHY_NOT_H_
