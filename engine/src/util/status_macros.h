// Status propagation macros for absl::Status / absl::StatusOr.
//
// Abseil 20220623 (Debian 12) has neither ABSL_RETURN_IF_ERROR nor
// ABSL_ASSIGN_OR_RETURN; these keep Abseil-like names so an upgrade is a rename.
#ifndef ODENEK_ENGINE_SRC_UTIL_STATUS_MACROS_H_
#define ODENEK_ENGINE_SRC_UTIL_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status); returns it from the enclosing function if
// it is not OK.
#define ODENEK_RETURN_IF_ERROR(expr)                    \
  do {                                                  \
    ::absl::Status odenek_status_ = (expr);             \
    if (!odenek_status_.ok()) return odenek_status_;    \
  } while (false)

#define ODENEK_STATUS_MACROS_CONCAT_INNER_(x, y) x##y
#define ODENEK_STATUS_MACROS_CONCAT_(x, y) ODENEK_STATUS_MACROS_CONCAT_INNER_(x, y)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status from the
// enclosing function, otherwise moves the value into `lhs` (which may be a
// declaration: `ODENEK_ASSIGN_OR_RETURN(Decimal d, Decimal::Parse(s));`).
#define ODENEK_ASSIGN_OR_RETURN(lhs, rexpr)                                     \
  ODENEK_ASSIGN_OR_RETURN_IMPL_(                                                \
      ODENEK_STATUS_MACROS_CONCAT_(odenek_statusor_, __LINE__), lhs, rexpr)

#define ODENEK_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                  \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = std::move(statusor).value()

#endif  // ODENEK_ENGINE_SRC_UTIL_STATUS_MACROS_H_
