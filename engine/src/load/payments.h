// Payment schedules: a programme's `payments:` block, expanded into variables.
//
// The law pays monthly and re-reads some parameters each month (the işsizlik
// ödeneği cap follows that month's minimum wage). Rather than give the engine
// a loop, the loader writes the schedule out month by month as ordinary
// variables, so the checker types them, the planner compiles them and the
// explanation shows them like any other rule. The language stays loop-free.
#ifndef ODENEK_ENGINE_SRC_LOAD_PAYMENTS_H_
#define ODENEK_ENGINE_SRC_LOAD_PAYMENTS_H_

#include <string>
#include <vector>

#include "ast/parser.h"
#include "load/rule_records.h"
#include "odenek/diagnostic.h"

namespace odenek::internal {

// Appends to `variables`, for month k = 1..payments.max_months:
//   odeme_k_basi  = (start) + 30·(k-1) gun          the period's first day
//   odeme_k_gun   = max(0 gun, min(dpm, (days) - (k-1)·dpm))   paid days
//   odeme_k_brut, odeme_k_damga, odeme_k_net        gross, stamp_tax, net with
//       donem_basi, donem_gun, donem_brut, donem_damga bound to month k's
// and odeme_kalan_gun = max(0 gun, (days) - max_months·dpm), and fills
// payments.months / remaining_days with those names. A formula that does not
// parse is an error at the payments block.
// `donem_no` (k) may appear in any formula. When `start` uses it, odeme_k_basi
// is `start` with k put in (periods of any length, e.g. calendar months). When
// days_per_month uses donem_basi or donem_no, each period has its own days:
//   odeme_k_gun = max(0 gun, min(dpm_k, (days) - odeme_1_gun - ... - odeme_{k-1}_gun))
// and odeme_kalan_gun = max(0 gun, (days) - odeme_1_gun - ... - odeme_N_gun).
void ExpandPayments(const std::string& program, PaymentsDef& payments,
                    std::vector<VariableDef>& variables, NodeIdAllocator& ids,
                    std::vector<Diagnostic>& diagnostics);

// `text` with every identifier token named in `from` replaced by the name at
// the same index of `to` (whole tokens only: donem_gun does not touch
// donem_gunu).
std::string RenameIdentifiers(const std::string& text, const std::vector<std::string>& from,
                              const std::vector<std::string>& to);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_LOAD_PAYMENTS_H_
