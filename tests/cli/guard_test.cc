// RunGuarded (cli/guard.h): the guard main() runs every command under. An
// exception escaping a command must give exit 1 and one "odenek: internal
// error: ..." line, never std::terminate (SIGABRT, exit 134).
#include "guard.h"

#include <ios>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>

#include "gtest/gtest.h"

namespace odenek::cli {
namespace {

TEST(RunGuarded, PassesTheExitCodeThrough) {
  std::ostringstream err;
  EXPECT_EQ(RunGuarded([] { return 0; }, err), 0);
  EXPECT_EQ(RunGuarded([] { return 2; }, err), 2);
  EXPECT_EQ(err.str(), "");
}

TEST(RunGuarded, AnEscapedExceptionIsExitOneWithItsMessage) {
  std::ostringstream err;
  const int code = RunGuarded(
      []() -> int { throw std::runtime_error("something broke"); }, err);
  EXPECT_EQ(code, 1);
  EXPECT_EQ(err.str().rfind("odenek: internal error: something broke", 0), 0u) << err.str();
}

// What check and explain died of on a folder (issue #14): libstdc++'s
// filebuf throws std::ios_failure on a read error.
TEST(RunGuarded, IosFailure) {
  std::ostringstream err;
  const int code = RunGuarded(
      []() -> int { throw std::ios_base::failure("basic_filebuf::underflow error reading the file"); },
      err);
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.str().find("odenek: internal error: basic_filebuf::underflow"),
            std::string::npos)
      << err.str();
}

TEST(RunGuarded, OutOfMemory) {
  std::ostringstream err;
  EXPECT_EQ(RunGuarded([]() -> int { throw std::bad_alloc(); }, err), 1);
  EXPECT_NE(err.str().find("odenek: internal error: out of memory"), std::string::npos);
}

TEST(RunGuarded, NotAStdException) {
  std::ostringstream err;
  EXPECT_EQ(RunGuarded([]() -> int { throw 42; }, err), 1);
  EXPECT_NE(err.str().find("odenek: internal error: an exception that is not"),
            std::string::npos);
}

}  // namespace
}  // namespace odenek::cli
