// The summary of an `odenek simulate` run as one self-contained HTML page
// (`--report FILE`, issue #6): tables and inline SVG charts drawn here, with
// no script, no stylesheet or font from elsewhere, so the page opens the same
// on an air-gapped machine as on the analyst's laptop.
//
// Per programme (headed by its title from the rules): with a reform, the
// costs, who gains and loses, the gains-and-losses histogram and the rule
// each change is attributed to; the ineligible claims by failed condition
// (message and article) and the undetermined by missing input; the main
// amount's histogram, its deciles and the duration histogram (baseline and
// reform side by side). Histograms are counted exactly from the run's
// per-value counts (odenek/summary.h), and each bar carries its count
// (data-claims) and each histogram what they add up to (data-totals), so a
// reader can check that binning lost no claim. Laid out to fit 1280 px.
// Labels are Turkish with the English caption beside them; docs/simulate.md
// says what each figure means.
#ifndef ODENEK_ENGINE_SRC_BULK_REPORT_HTML_H_
#define ODENEK_ENGINE_SRC_BULK_REPORT_HTML_H_

#include <string>

#include "absl/strings/string_view.h"
#include "odenek/summary.h"

namespace odenek::internal {

// `text` with & < > " ' replaced by entities: safe as element text and as a
// quoted attribute value.
std::string HtmlEscape(absl::string_view text);


}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_BULK_REPORT_HTML_H_
