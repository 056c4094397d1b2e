// The last line of defence of the odenek command line: no exception leaves
// main().
//
// The library reports every error by absl::Status, and the CLI turns those
// into exit codes and messages. An exception escaping anyway (a bug, or
// std::bad_alloc) would end the process with std::terminate: SIGABRT, exit
// 134, a core file and no message a user can act on. RunGuarded turns it
// into exit 1 and one line on stderr, "odenek: internal error: WHAT".
#ifndef ODENEK_CLI_GUARD_H_
#define ODENEK_CLI_GUARD_H_

#include <functional>
#include <ostream>

namespace odenek::cli {

// Runs `body` and returns its exit code; if it throws, writes "odenek:
// internal error: <what()>" (and a request to report it) to `err` and
// returns 1.
int RunGuarded(const std::function<int()>& body, std::ostream& err);

}  // namespace odenek::cli

#endif  // ODENEK_CLI_GUARD_H_
