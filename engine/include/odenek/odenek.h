// odenek: the whole public C++ API in one include.
//
// Embedders include this header and link odenek::engine (docs/embedding.md):
//
//   #include "odenek/odenek.h"
//
//   absl::StatusOr<odenek::RuleSet> rules = odenek::RuleSet::Load("rules");
//   if (!rules.ok()) return rules.status();
//   odenek::Claim claim = odenek::Claim::FromFields(
//       "B-1", {{"fesih_tarihi", "2023-03-31"}, {"prim_gun_3_yil", "720"}});
//   absl::StatusOr<std::vector<odenek::Result>> results =
//       rules->Evaluate(claim, {.program = "issizlik_odenegi"});
//
// The individual headers stay includable on their own; this one only saves
// the embedder from knowing which declares what. The C API (odenek_c.h) is
// separate because it must compile as C.
#ifndef ODENEK_ODENEK_H_
#define ODENEK_ODENEK_H_

#include "odenek/version.h"

#include "odenek/batch.h"
#include "odenek/claim.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "odenek/diagnostic.h"
#include "odenek/result.h"
#include "odenek/rule_set.h"
#include "odenek/simulate.h"
#include "odenek/summary.h"
#include "odenek/testing.h"

#endif  // ODENEK_ODENEK_H_
