// odenek: the command-line front end of the rules engine (CONTRACT §2).
//
// Parses flags, calls the library and prints. Exit codes: 0 ok, 1 bad input or
// rules, 2 bad usage.
#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "commands.h"

namespace {

using odenek::cli::GlobalOptions;

void AddGlobalOptions(CLI::App& app, GlobalOptions& g) {
  app.add_option("--rules", g.rules_dir,
                 "Rules folder (default: $ODENEK_RULES or " ODENEK_DEFAULT_RULES_DIR ")");
  app.add_option("--reform", g.reforms, "Reform file applied on top of the rules (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--format", g.format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
}

int NotImplemented(const char* command, const char* issue) {
  std::cerr << "odenek: " << command << " is not implemented yet (issue " << issue << ")\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"odenek: Turkish unemployment-insurance benefit rules", "odenek"};
  app.fallthrough();
  GlobalOptions global;
  AddGlobalOptions(app, global);
  bool version = false;
  app.add_flag("--version", version, "Print the version and the rule set hash");

  odenek::cli::CheckOptions check;
  CLI::App* check_cmd = app.add_subcommand("check", "Evaluate one claim");
  check_cmd->add_option("CLAIM", check.claim, "Claim file (YAML or JSON), or - for stdin")
      ->required();
  check_cmd->add_option("--program", check.program, "Evaluate only this programme");

  odenek::cli::CheckOptions explain;
  explain.explain = true;
  CLI::App* explain_cmd =
      app.add_subcommand("explain", "Evaluate one claim and show every step");
  explain_cmd->add_option("CLAIM", explain.claim, "Claim file (YAML or JSON), or - for stdin")
      ->required();
  explain_cmd->add_option("--program", explain.program, "Programme to explain")->required();

  odenek::cli::ValidateOptions validate;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check a rule set");
  validate_cmd->add_option("DIR", validate.dir, "Rules folder (default: --rules)");

  odenek::cli::TestOptions test;
  CLI::App* test_cmd = app.add_subcommand("test", "Run YAML test cases");
  test_cmd->add_option("PATH", test.paths, "Test files or folders (default: the rules' own)");

  odenek::cli::ParamsOptions params;
  CLI::App* params_cmd = app.add_subcommand("params", "Print parameters and their history");
  params_cmd->add_option("NAME", params.name, "Parameter name");
  params_cmd->add_option("--date", params.date, "Show the value in force on this date");

  odenek::cli::ProgramsOptions programs;
  CLI::App* programs_cmd = app.add_subcommand("programs", "List programmes and their inputs");

  std::string sim_input, sim_input_format, sim_out, sim_errors, sim_summary;
  int sim_threads = 0;
  CLI::App* simulate_cmd = app.add_subcommand("simulate", "Evaluate many claims");
  simulate_cmd->add_option("INPUT", sim_input, "Claims (.csv, .jsonl or -)")->required();
  simulate_cmd->add_option("--input-format", sim_input_format, "csv or jsonl (for -)");
  simulate_cmd->add_option("--out", sim_out, "Results file (.csv or .jsonl)");
  simulate_cmd->add_option("--errors", sim_errors, "Bad records (jsonl)");
  simulate_cmd->add_option("--summary", sim_summary, "Summary (json)");
  simulate_cmd->add_option("--threads", sim_threads, "Worker threads (default: all cores)");

  long long gen_n = 0;
  unsigned long long gen_seed = 0;
  std::string gen_out;
  CLI::App* generate_cmd = app.add_subcommand("generate", "Write a synthetic claim file");
  generate_cmd->add_option("--n", gen_n, "Number of claims")->required();
  generate_cmd->add_option("--seed", gen_seed, "Random seed")->required();
  generate_cmd->add_option("--out", gen_out, "Output file (.csv or .jsonl)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "odenek: " << e.what() << "\n\n";
    const CLI::App* where = &app;
    for (const CLI::App* sub : app.get_subcommands()) where = sub;
    std::cerr << where->help();
    return 2;
  }

  if (version) {
    std::cout << "odenek " << ODENEK_VERSION << "\n";
    std::optional<odenek::RuleSet> rules = odenek::cli::LoadRules(global);
    if (!rules) return 1;
    std::cout << "rules " << rules->hash() << "\n";
    return 0;
  }

  check.global = explain.global = validate.global = test.global = params.global =
      programs.global = global;

  if (check_cmd->parsed()) return odenek::cli::RunCheck(check);
  if (explain_cmd->parsed()) return odenek::cli::RunCheck(explain);
  if (validate_cmd->parsed()) return odenek::cli::RunValidate(validate);
  if (test_cmd->parsed()) return odenek::cli::RunTest(test);
  if (params_cmd->parsed()) return odenek::cli::RunParams(params);
  if (programs_cmd->parsed()) return odenek::cli::RunPrograms(programs);
  if (simulate_cmd->parsed()) return NotImplemented("simulate", "#6");
  if (generate_cmd->parsed()) return NotImplemented("generate", "#4");

  std::cerr << app.help();
  return 2;
}
