// The summary of an `odenek simulate` run as one self-contained HTML page
// (`--report FILE`, issue #6): tables and inline SVG charts drawn here, with
// no script, no stylesheet or font from elsewhere, so the page opens the same
// on an air-gapped machine as on the analyst's laptop.
//
// Charts: the distribution of the main amount, the duration histogram, and
// the amount deciles (baseline and reform side by side with --reform). The
// summary keeps amounts only as exact quantiles, so the amount histogram is
// rebuilt from them: each tenth of the eligible claims is spread evenly over
// its decile band (a band that is one amount lands in that amount's bin).
// Labels are Turkish with the English caption beside them.
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
