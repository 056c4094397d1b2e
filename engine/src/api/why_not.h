// "Why not" for an explained result (Result::why_not).
#ifndef ODENEK_ENGINE_SRC_API_WHY_NOT_H_
#define ODENEK_ENGINE_SRC_API_WHY_NOT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "odenek/decimal.h"
#include "odenek/result.h"
#include "odenek/rule_set.h"

namespace odenek::internal {

// Every failed condition of an ineligible result `r` (which carries its
// explanation), with what failed it; empty for an eligible or undetermined one.
std::vector<WhyNotEntry> WhyNot(const Result& r, const RuleSet& rules);

// The change `c` in words for people, its numbers and units in `language`'s
// form, ending with the condition's article: "prim_gun_3_yil 540 < 600: 60
// gün daha olsaydı bu koşul sağlanırdı (4447 s.K. m.50/1)". The Turkish one
// is WhyNotChange::text (JSON); `explain` prints it in the text's language.
std::string WhyNotChangeText(const WhyNotChange& c, absl::string_view reference,
                             TextLanguage language);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_API_WHY_NOT_H_
