// The odenek subcommands. Each returns the process exit code (CONTRACT §2):
// 0 ok, 1 bad input or rules, 2 bad usage.
#ifndef ODENEK_CLI_COMMANDS_H_
#define ODENEK_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "common.h"

namespace odenek::cli {

struct CheckOptions {
  GlobalOptions global;
  std::string claim;    // file or "-"
  std::string program;  // "" → every programme the claim carries
  bool explain = false;
};
int RunCheck(const CheckOptions& options);

struct ValidateOptions {
  GlobalOptions global;
  std::string dir;  // "" → the --rules dir
};
int RunValidate(const ValidateOptions& options);

struct ParamsOptions {
  GlobalOptions global;
  std::string name;  // "" → list all
  std::string date;  // "" → full history
};
int RunParams(const ParamsOptions& options);

struct ProgramsOptions {
  GlobalOptions global;
};
int RunPrograms(const ProgramsOptions& options);

struct TestOptions {
  GlobalOptions global;
  std::vector<std::string> paths;
};
int RunTest(const TestOptions& options);

}  // namespace odenek::cli

#endif  // ODENEK_CLI_COMMANDS_H_
