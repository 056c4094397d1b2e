// GoogleTest matchers and assertions for absl::Status / absl::StatusOr, in the
// shape of cel-cpp's internal/testing.h (Abseil 20220623 ships none).
#ifndef ODENEK_TESTS_TESTING_STATUS_MATCHERS_H_
#define ODENEK_TESTS_TESTING_STATUS_MATCHERS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace odenek::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& s = ::odenek::testing::GetStatus(arg);
  if (!s.ok()) *result_listener << "status: " << s.ToString();
  return s.ok();
}

// StatusIs(code, message_matcher): the status has `code` and a message that
// matches, e.g. StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("gün")).
MATCHER_P2(StatusIs, code, message_matcher, "") {
  const absl::Status& s = ::odenek::testing::GetStatus(arg);
  *result_listener << "status: " << s.ToString();
  return s.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, std::string(s.message()),
                                       result_listener);
}

}  // namespace odenek::testing

#define ODENEK_TESTING_CONCAT_INNER_(x, y) x##y
#define ODENEK_TESTING_CONCAT_(x, y) ODENEK_TESTING_CONCAT_INNER_(x, y)

#define ASSERT_OK(expr) ASSERT_THAT((expr), ::odenek::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::odenek::testing::IsOk())

#define ASSERT_OK_AND_ASSIGN(lhs, rexpr)                                       \
  ASSERT_OK_AND_ASSIGN_IMPL_(ODENEK_TESTING_CONCAT_(statusor_, __LINE__), lhs, \
                             rexpr)
#define ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                               \
  ASSERT_TRUE(statusor.ok()) << statusor.status();       \
  lhs = std::move(statusor).value()

#endif  // ODENEK_TESTS_TESTING_STATUS_MATCHERS_H_
