// The odenek subcommands. Each returns the process exit code (CONTRACT §2):
// 0 ok, 1 bad input or rules, 2 bad usage.
#ifndef ODENEK_CLI_COMMANDS_H_
#define ODENEK_CLI_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common.h"

namespace odenek::cli {

struct CheckOptions {
  GlobalOptions global;
  std::string claim;    // file or "-"
  std::string program;  // "" → every programme the claim carries
  bool explain = false;
  std::string lang = "tr";  // text output: "tr" (default) or "en" (Language())
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
  std::string lang = "tr";  // text output: "tr" (default) or "en" (Language())
};
int RunParams(const ParamsOptions& options);

struct PlanOptions {
  GlobalOptions global;
  std::string program;
};
int RunPlan(const PlanOptions& options);

struct ProgramsOptions {
  GlobalOptions global;
  bool articles = false;  // index by cited article instead
};
int RunPrograms(const ProgramsOptions& options);

struct TestOptions {
  GlobalOptions global;
  std::vector<std::string> paths;
  bool coverage = false;  // also report what the cases exercised
};
int RunTest(const TestOptions& options);

struct GenerateOptions {
  GlobalOptions global;
  int64_t n = 0;      // claims to write, >= 0
  uint64_t seed = 0;  // any value; the same seed gives the same file
  std::string out;  // .csv (facts form) or .jsonl (history form), or - (stdout)
  std::string format = "csv";  // with out "-"
  // Termination dates are drawn from [from, to] (YYYY-MM-DD, inclusive);
  // "" keeps the defaults 2023-01-01 and 2026-06-30 (the same file as before
  // for a seed). A reform of the future needs claims dated in its period.
  std::string from;
  std::string to;
};
int RunGenerate(const GenerateOptions& options);

// odenek simulate (CONTRACT §2, issue #6). See cli/simulate.cc.
struct SimulateOptions {
  GlobalOptions global;          // global.reforms: also evaluate under these
  std::string input;             // .csv, .jsonl, or "-" with input_format
  std::string input_format;      // "", "csv" or "jsonl"
  std::string out;               // "" → summary only; .csv or .jsonl
  std::string errors;            // "" → the first bad records on stderr
  std::string summary;           // "" → printed only
  std::string report;            // "" → none; else a self-contained HTML page
  int threads = 0;               // 0 → every core
  std::vector<std::string> programs;  // "" → chosen from the input (see --help)
  // NAME=FILE[,FILE...]: each its own scenario beside the baseline (the
  // files stack); global.reforms is one more, named by its files, first.
  std::vector<std::string> scenarios;
  bool allow_unknown = false;
  // Over this many rejected records (a count, or a share of those read:
  // "1%") the run fails: exit 1, no --out.
  std::string max_errors = "1%";
  int64_t id_memory_mib = 128;  // SimulateOptions::id_memory_bytes, in MiB
  std::string temp_dir;
  // The printed summary's language: "tr" (default, Turkish numbers) or "en".
  std::string lang = "tr";
};
int RunSimulate(const SimulateOptions& options);

// odenek serve (CONTRACT §7, issue #19; docs/serving.md). See cli/serve.cc.
struct ServeOptions {
  GlobalOptions global;
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 → any free one
  int threads = 0;                        // 0 → every core
  std::vector<std::string> reforms;       // NAME=FILE: scenarios by name
  uint64_t max_body = 1 << 20;            // bytes, every route but simulate
  uint64_t max_simulate_body = uint64_t{256} << 20;
  int max_claims = 1000;                  // claims in one POST /v1/check
  int max_connections = 1024;
  double read_timeout = 15;               // seconds for a whole request
  std::string admin_token;                // "" → $ODENEK_ADMIN_TOKEN, else no reload route
  std::string log;                        // access log (JSON lines); "" → none
};
int RunServe(const ServeOptions& options);

}  // namespace odenek::cli

#endif  // ODENEK_CLI_COMMANDS_H_
