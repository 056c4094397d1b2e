// odenek: the command-line front end of the rules engine (CONTRACT §2).
//
// Parses flags, calls the library and prints. Exit codes: 0 ok, 1 bad input or
// rules, 2 bad usage.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_join.h"
#include "odenek/diagnostic.h"
#include "commands.h"
#include "guard.h"

namespace {

using odenek::cli::GlobalOptions;

void AddGlobalOptions(CLI::App& app, GlobalOptions& g) {
  app.add_option("--rules", g.rules_dir,
                 "Rules folder (default: $ODENEK_RULES or " ODENEK_DEFAULT_RULES_DIR ")");
  app.add_option("--reform", g.reforms, "Reform file applied on top of the rules (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--format", g.format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--date", g.date,
                 "check/explain: read every parameter as in force on this date (YYYY-MM-DD) "
                 "instead of the dates the rules name; params: the value in force on it");
}

// `--lang tr|en` for a command that prints text for people: the words and the
// number format of that text (JSON is the same either way).
void AddLangOption(CLI::App* command, std::string& lang, const char* what) {
  command
      ->add_option("--lang", lang,
                   std::string("Language of ") + what +
                       ": tr (Turkish, numbers as 10.650,15 TL) or en (English, 10650.15 TL); "
                       "JSON is the same either way")
      ->check(CLI::IsMember({"tr", "en"}))
      ->capture_default_str();
}

// The first argument that is not a global option or its value: the command
// the user meant, known or not.
std::string FirstWord(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rules" || a == "--reform" || a == "--format" || a == "--date") {
      ++i;  // its value
      continue;
    }
    if (!a.empty() && a[0] == '-') continue;
    return a;
  }
  return "";
}

// main() without the guard.
int Run(int argc, char** argv) {
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
  AddLangOption(check_cmd, check.lang, "the text result");

  odenek::cli::CheckOptions explain;
  explain.explain = true;
  CLI::App* explain_cmd =
      app.add_subcommand("explain", "Evaluate one claim and show every step");
  explain_cmd->add_option("CLAIM", explain.claim, "Claim file (YAML or JSON), or - for stdin")
      ->required();
  explain_cmd->add_option("--program", explain.program,
                           "Programme to explain (default: as check chooses: basvuru.program, "
                           "else every programme whose inputs the claim carries)");
  AddLangOption(explain_cmd, explain.lang, "the text explanation");

  odenek::cli::ValidateOptions validate;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check a rule set");
  validate_cmd->add_option("DIR", validate.dir, "Rules folder (default: --rules)");

  odenek::cli::TestOptions test;
  CLI::App* test_cmd = app.add_subcommand("test", "Run YAML test cases");
  test_cmd->add_option("PATH", test.paths, "Test files or folders (default: the rules' own)");
  test_cmd->add_flag("--coverage", test.coverage,
                     "Also report which conditions, table rows and exception/if branches the "
                     "cases exercised, per programme, and list those never exercised");

  odenek::cli::ParamsOptions params;
  CLI::App* params_cmd = app.add_subcommand("params", "Print parameters and their history");
  params_cmd->add_option("NAME", params.name, "Parameter name");
  AddLangOption(params_cmd, params.lang, "the text listing");

  odenek::cli::PlanOptions plan;
  CLI::App* plan_cmd = app.add_subcommand(
      "plan", "Print a programme's compiled plan (instructions, slots, source positions)");
  plan_cmd->add_option("PROGRAM", plan.program, "Programme id (odenek programs lists them)")
      ->required();

  odenek::cli::ProgramsOptions programs;
  CLI::App* programs_cmd = app.add_subcommand("programs", "List programmes and their inputs");
  programs_cmd->add_flag("--articles", programs.articles,
                         "Index by cited article: the rules and test cases that implement each");

  odenek::cli::SimulateOptions simulate;
  CLI::App* simulate_cmd = app.add_subcommand(
      "simulate",
      "Evaluate many claims (with --reform: baseline and reform side by side)");
  simulate_cmd->footer(
      "Programmes (default): for CSV, every programme with an input among the header's\n"
      "columns; for JSONL, every programme with an input among the keys of the first\n"
      "record that is a JSON object (all programmes if none of the first 1024 is).\n"
      "Record numbers count data records from 1 (not a CSV header, not blank lines);\n"
      "lines count every line. The main amount is aylik_net (else aylik_tutar, else the\n"
      "first output); durations are sure_gun (else odenecek_gun). Median and deciles are\n"
      "exact (nearest rank), wall time excludes loading the rules.\n"
      "With --reform R.yaml (repeatable, before or after the command) every row also\n"
      "carries the reform's status, values and the difference in the main amount, and the\n"
      "summary compares totals and attributes each changed claim to the first rule\n"
      "(condition or output) where baseline and reform differ.\n"
      "With --scenario NAME=R.yaml[,R2.yaml] (repeatable) each is its own scenario beside\n"
      "the baseline: CSV columns NAME_status, NAME_<output>, NAME_diff_<amount>; JSONL\n"
      "\"scenarios\": {NAME: result}; the summary and the report compare each with the\n"
      "baseline (--reform files then form one more scenario, named \"reform\", first).");
  simulate_cmd->add_option("INPUT", simulate.input, "Claims (.csv, .jsonl or -)")->required();
  simulate_cmd->add_option("--input-format", simulate.input_format, "csv or jsonl (for -)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  simulate_cmd->add_option("--out", simulate.out,
                           "Results file (.csv or .jsonl); default: summary only");
  simulate_cmd->add_option("--errors", simulate.errors,
                           "Bad records (jsonl: record, line, id, message); default: "
                           "the first 10 on stderr");
  simulate_cmd->add_option("--summary", simulate.summary, "Summary (json)");
  simulate_cmd->add_option("--report", simulate.report,
                           "Report: the summary as one self-contained HTML page with charts");
  simulate_cmd->add_option("--threads", simulate.threads, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  simulate_cmd->add_option("--program", simulate.programs,
                           "Evaluate this programme (repeatable; default: see below)");
  simulate_cmd->add_option("--scenario", simulate.scenarios,
                           "NAME=FILE[,FILE...]: a reform scenario beside the baseline "
                           "(repeatable; the files stack)");
  simulate_cmd->add_flag("--allow-unknown", simulate.allow_unknown,
                         "Skip unknown columns and keys instead of rejecting them");
  simulate_cmd->add_option("--max-errors", simulate.max_errors,
                           "Fail (exit 1, no --out) when more records than this are rejected: "
                           "a count (1000) or a share of those read (5%); default 1%")
      ->capture_default_str();
  simulate_cmd->add_option("--id-memory", simulate.id_memory_mib,
                           "MiB of memory for the duplicate-id check; past it the ids go to "
                           "temporary files (memory stays flat at any input size); 0: no limit")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  simulate_cmd->add_option("--temp-dir", simulate.temp_dir,
                           "Folder for those temporary files (default: $TMPDIR, else /tmp)");
  AddLangOption(simulate_cmd, simulate.lang, "the printed summary");

  odenek::cli::GenerateOptions generate;
  CLI::App* generate_cmd = app.add_subcommand("generate", "Write a synthetic claim file");
  // CLI11 would wrap "-1" into a huge unsigned value; reject it with a plain message.
  const CLI::Validator whole_number(
      [](const std::string& text) -> std::string {
        return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos
                   ? ""
                   : "expected a whole number >= 0, found " + text;
      },
      "N>=0");
  generate_cmd->add_option("--n", generate.n, "Number of claims")
      ->required()
      ->check(whole_number);
  generate_cmd->add_option("--seed", generate.seed, "Random seed")
      ->required()
      ->check(whole_number);
  generate_cmd->add_option("--from", generate.from,
                           "First termination date, YYYY-MM-DD (default 2023-01-01)");
  generate_cmd->add_option("--to", generate.to,
                           "Last termination date, YYYY-MM-DD (default 2026-06-30)");
  generate_cmd->add_option("--format", generate.format,
                           "With --out -: csv (facts) or jsonl (history)")
      ->check(CLI::IsMember({"csv", "jsonl"}))
      ->capture_default_str();
  generate_cmd->add_option("--out", generate.out,
                           "Output file: .csv (facts) or .jsonl (history); - for standard "
                           "output (a pipe into simulate -)")
      ->required()
      ->check(CLI::Validator(
          [](const std::string& out) -> std::string {
            auto ends = [&](const std::string& s) {
              return out.size() >= s.size() && out.compare(out.size() - s.size(), s.size(), s) == 0;
            };
            return out == "-" || ends(".csv") || ends(".jsonl")
                       ? ""
                       : "must end in .csv or .jsonl, or be - (standard output)";
          },
          "FILE.csv|FILE.jsonl"));

#ifdef ODENEK_WITH_SERVER
  odenek::cli::ServeOptions serve;
  CLI::App* serve_cmd =
      app.add_subcommand("serve", "The HTTP JSON API and the caseworker page (docs/serving.md)");
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT (port 0: any free port)")
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve.threads, "I/O threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  serve_cmd->add_option("--reform", serve.reforms,
                        "NAME=FILE: a scenario requests pick with ?scenario=NAME (repeatable)")
      ->allow_extra_args(false);
  serve_cmd->add_option("--max-body", serve.max_body, "Largest request body in bytes")
      ->capture_default_str();
  serve_cmd->add_option("--max-simulate-body", serve.max_simulate_body,
                        "Largest POST /v1/simulate body in bytes")
      ->capture_default_str();
  serve_cmd->add_option("--max-claims", serve.max_claims, "Most claims in one POST /v1/check")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve_cmd->add_option("--max-connections", serve.max_connections, "Connection cap")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve_cmd->add_option("--read-timeout", serve.read_timeout,
                        "Seconds a client has to send a whole request")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve_cmd->add_option("--admin-token", serve.admin_token,
                        "Enables POST /v1/admin/reload with Authorization: Bearer TOKEN "
                        "(or $ODENEK_ADMIN_TOKEN)");
  serve_cmd->add_option("--log", serve.log, "Access log file (JSON lines, appended)");
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // A misspelt command: say which one was meant, not "arguments not expected".
    std::vector<std::string> commands;
    for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
    if (const std::string word = FirstWord(argc, argv);
        !word.empty() && std::find(commands.begin(), commands.end(), word) == commands.end()) {
      std::cerr << "odenek: unknown command \"" << word << "\"" << odenek::DidYouMean(word, commands)
                << "; commands: " << absl::StrJoin(commands, ", ") << "\n";
      return 2;
    }
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
  params.date = global.date;
  if (!global.date.empty() && !check_cmd->parsed() && !explain_cmd->parsed() &&
      !params_cmd->parsed() && !simulate_cmd->parsed()) {
    // test: each case carries its own `date:`.
    std::cerr << "odenek: --date applies to check, explain, simulate and params only\n";
    return 2;
  }

  if (check_cmd->parsed()) return odenek::cli::RunCheck(check);
  if (explain_cmd->parsed()) return odenek::cli::RunCheck(explain);
  if (validate_cmd->parsed()) return odenek::cli::RunValidate(validate);
  if (test_cmd->parsed()) return odenek::cli::RunTest(test);
  if (params_cmd->parsed()) return odenek::cli::RunParams(params);
  if (programs_cmd->parsed()) return odenek::cli::RunPrograms(programs);
  if (plan_cmd->parsed()) {
    plan.global = global;
    return odenek::cli::RunPlan(plan);
  }
  if (simulate_cmd->parsed()) {
    simulate.global = global;
    return odenek::cli::RunSimulate(simulate);
  }
#ifdef ODENEK_WITH_SERVER
  if (serve_cmd->parsed()) {
    serve.global = global;
    return odenek::cli::RunServe(serve);
  }
#endif
  if (generate_cmd->parsed()) {
    generate.global = global;
    return odenek::cli::RunGenerate(generate);
  }

  std::cerr << app.help();
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  return odenek::cli::RunGuarded([&] { return Run(argc, argv); }, std::cerr);
}
