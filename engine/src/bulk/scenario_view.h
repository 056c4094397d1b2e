// The scenarios of one programme as the renderers (summary.cc, report_html.cc)
// walk them: from ProgramSummary::scenarios when the run filled it, else from
// the single-scenario fields a caller written for one may have filled alone.
#ifndef ODENEK_BULK_SCENARIO_VIEW_H_
#define ODENEK_BULK_SCENARIO_VIEW_H_

#include <string>
#include <vector>

#include "odenek/summary.h"

namespace odenek::internal {

struct ScenarioView {
  const ScenarioSummary* scenario = nullptr;  // null for the single-scenario fields
  std::string name;                           // SimulateSummary::scenarios' name, or ""
  const ProgramStats* stats = nullptr;
  const ComparisonTally* comparison = nullptr;
  const std::vector<std::string>* attribution_rules = nullptr;
  const std::vector<std::string>* attribution_kinds = nullptr;
  const std::vector<AttributionTally>* attribution = nullptr;
};

inline std::vector<ScenarioView> ScenarioViews(const SimulateSummary& s,
                                               const ProgramSummary& p) {
  std::vector<ScenarioView> out;
  if (!p.scenarios.empty() && p.scenarios.size() == s.scenarios.size()) {
    for (size_t k = 0; k < p.scenarios.size(); ++k) {
      const ScenarioProgram& sp = p.scenarios[k];
      out.push_back({&s.scenarios[k], s.scenarios[k].name, &sp.stats, &sp.comparison,
                     &sp.attribution_rules, &sp.attribution_kinds, &sp.attribution});
    }
  } else if (s.has_reform) {
    out.push_back({nullptr, "", &p.reform, &p.comparison, &p.attribution_rules,
                   &p.attribution_kinds, &p.attribution});
  }
  return out;
}

}  // namespace odenek::internal

#endif  // ODENEK_BULK_SCENARIO_VIEW_H_
