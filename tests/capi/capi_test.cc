// Runs the C API checks of capi_smoke.c (compiled as C) under GoogleTest.
#include <cstddef>
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "odenek/odenek_c.h"
#include "odenek/version.h"

extern "C" {
int capi_smoke_eligible(const char* rules_dir, char* why, size_t n);
int capi_smoke_bad_claim(const char* rules_dir, char* why, size_t n);
int capi_smoke_bad_load(const char* rules_dir, char* why, size_t n);
}

namespace {

std::string RulesDir() {
  const char* src = std::getenv("ODENEK_SOURCE_DIR");
  return std::string(src ? src : ".") + "/rules";
}

TEST(CApiTest, EvaluatesAnEligibleClaim) {
  char why[4096] = "";
  EXPECT_EQ(capi_smoke_eligible(RulesDir().c_str(), why, sizeof why), 0) << why;
}

TEST(CApiTest, ReportsABadClaim) {
  char why[4096] = "";
  EXPECT_EQ(capi_smoke_bad_claim(RulesDir().c_str(), why, sizeof why), 0) << why;
}

TEST(CApiTest, ReportsABadLoad) {
  char why[4096] = "";
  EXPECT_EQ(capi_smoke_bad_load(RulesDir().c_str(), why, sizeof why), 0) << why;
}

TEST(CApiTest, VersionMatchesTheHeader) {
  EXPECT_STREQ(odenek_version(), ODENEK_VERSION_STRING);
}

}  // namespace
