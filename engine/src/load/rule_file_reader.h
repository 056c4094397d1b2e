// The rule-file reader: the tree of one YAML file (yaml_tree.h) → rule
// records (rule_records.h), with strict keys and kinds.
//
// Every key is checked against the keys its place allows and every value
// against the kind its place expects (map, list, text); dates and decimals
// are parsed exactly (never through binary floating point) and expressions by
// the expression parser (ast/parser.h). Each problem becomes a Diagnostic at
// file:line:column and the item at fault is left out.
//
// One class; its methods live in one file per part of the rule language, as
// the executor's do in exec/execute_*.cc:
//   rule_file_reader.cc  reading the file, the top of a rule file, shapes,
//                        scalars, expressions, intervals
//   read_parameters.cc   parameters: (docs/rules.md §1)
//   read_programs.cc     a programme's keys: inputs, variables, tables,
//                        conditions, validity, payments (§2)
//   read_test_cases.cc   tests: and defaults: (§5)
//   reforms.cc           the top of a reform file (§6)
//
// Internal to load/.
#ifndef ODENEK_ENGINE_SRC_LOAD_RULE_FILE_READER_H_
#define ODENEK_ENGINE_SRC_LOAD_RULE_FILE_READER_H_

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "ast/ast.h"
#include "load/rule_records.h"
#include "load/yaml_tree.h"
#include "odenek/diagnostic.h"

namespace odenek::internal {

// The keys of a programme: beside `program:` in a rule file, or a whole new
// programme in a reform.
inline constexpr absl::string_view kProgramKeys[] = {
    "title",  "reference", "description", "valid_from", "valid_to", "valid_on", "payments",
    "inputs", "variables", "conditions",  "outputs",   "optional_outputs", "event_outputs"};

// Reads the records of one file. Every problem is appended to `diagnostics`;
// each Parse* returns std::nullopt when the item had an error, so callers drop
// it and go on.
//
// Not thread-safe. `file`, `text`, `ids` and `diagnostics` must outlive the
// reader; the tree Read() returns lives as long as the reader.
class RuleFileReader {
 public:
  RuleFileReader(const std::string& file, absl::string_view text,
                 NodeIdAllocator& ids, std::vector<Diagnostic>& diagnostics)
      : file_(file), text_(text), ids_(ids), diagnostics_(diagnostics) {}

  // Parses the YAML; reports read problems. Returns the single document's root,
  // or nullptr (empty file, or unreadable).
  const YNode* Read();

  // The top of a rule file: parameters:, program: (+ programme keys), tests:.
  // Returns true if the file is a reform file (top-level `reform:`), which is
  // left alone.
  bool LoadRuleFile(const YNode& root, RuleSetDef& out);

  // The top of a reform file (see LoadReformFile in yaml_loader.h); in
  // reforms.cc.
  void LoadReform(const YNode& root, ReformDef& out);

 private:
  // ---- Diagnostics ----

  void Error(int line, int column, absl::string_view code,
             std::string message) {
    Diagnostic d;
    d.severity = Severity::kError;
    d.code = std::string(code);
    d.file = file_;
    d.line = line;
    d.column = column;
    d.message = std::move(message);
    diagnostics_.push_back(std::move(d));
  }
  void ErrorAt(const YNode& n, absl::string_view code, std::string message) {
    Error(n.line, n.column, code, std::move(message));
  }
  void ErrorAtKey(const YNode& n, absl::string_view code, std::string message) {
    if (n.key_line == 0) return ErrorAt(n, code, std::move(message));
    Error(n.key_line, n.key_column, code, std::move(message));
  }
  void ErrorAtLoc(const SourceLocation& l, absl::string_view code,
                  std::string message) {
    Error(l.line, l.column, code, std::move(message));
  }

  SourceLocation Loc(const YNode& n) const {
    return SourceLocation{file_, n.line, n.column};
  }
  SourceLocation KeyLoc(const YNode& n) const {
    if (n.key_line == 0) return Loc(n);
    return SourceLocation{file_, n.key_line, n.key_column};
  }

  // Counts errors so an item can tell whether it had any.
  size_t ErrorCount() const { return diagnostics_.size(); }

  // ---- Shapes ----

  bool ExpectKind(const YNode& n, YNode::Kind kind, absl::string_view what);

  // Reports every key of `map` not in `allowed`. True if all are known.
  template <typename Keys>
  bool CheckKeys(const YNode& map, absl::string_view what,
                 const Keys& allowed) {
    bool ok = true;
    for (const YNode& c : map.children) {
      if (std::find(std::begin(allowed), std::end(allowed), c.key) !=
          std::end(allowed)) {
        continue;
      }
      ok = false;
      ErrorAtKey(
          c, "unknown-key",
          absl::StrCat("unknown key ", Quote(c.key), " in ", what,
                       "; expected one of: ", absl::StrJoin(allowed, ", ")));
    }
    return ok;
  }
  bool CheckKeys(const YNode& map, absl::string_view what,
                 std::initializer_list<absl::string_view> allowed) {
    return CheckKeys<std::initializer_list<absl::string_view>>(map, what,
                                                               allowed);
  }

  // Reports each of `keys` missing from `map`. True if none is.
  bool Require(const YNode& map, absl::string_view what,
               std::initializer_list<absl::string_view> keys);

  // ---- Scalars, expressions, intervals ----

  std::optional<std::string> Text(const YNode& n, absl::string_view what);
  std::optional<std::vector<std::string>> TextList(const YNode& n, absl::string_view what);
  std::optional<Date> DateOf(const YNode& n, absl::string_view what);
  std::optional<Date> KeyDate(const YNode& n, absl::string_view what);
  std::optional<Decimal> DecimalOf(const YNode& n, absl::string_view what);
  std::pair<SourceLocation, bool> TextStart(const YNode& n) const;
  std::optional<ExprSource> ExprOf(const YNode& n, absl::string_view what);
  std::optional<Interval> IntervalOf(const YNode& n);

  // ---- Parameters (read_parameters.cc; docs/rules.md §1) ----

  void LoadParameters(const YNode& n, bool reform, std::vector<ParameterDef>& out,
                      std::vector<std::string>* broken = nullptr);
  std::optional<ParameterDef> ParseParameter(const YNode& p, bool reform);
  std::optional<ParameterPayload> ParsePayload(const YNode& n, ParameterKind kind,
                                               const std::string& what);

  // ---- Programmes (read_programs.cc; docs/rules.md §2) ----

  void LoadProgramBody(const YNode& map, ProgramDef& def);
  void LoadValidity(const YNode& map, ProgramDef& def);
  void LoadPayments(const YNode& n, ProgramDef& def);
  void LoadInputs(const YNode& n, std::vector<InputDef>& out,
                  std::vector<std::string>* broken = nullptr);
  std::optional<InputDef> ParseInput(const YNode& i);
  void LoadVariables(const YNode& n, std::vector<VariableDef>& out,
                     std::vector<std::string>* broken = nullptr);
  std::optional<VariableDef> ParseVariable(const YNode& v);
  std::optional<TableDef> ParseTable(const YNode& t, const std::string& what);
  void LoadConditions(const YNode& n, std::vector<ConditionDef>& out);
  std::optional<ConditionDef> ParseCondition(const YNode& c);

  // ---- Test cases (read_test_cases.cc; docs/rules.md §5) ----

  void LoadTests(const YNode& n, const ClaimValue* defaults, std::vector<TestCaseDef>& out);
  std::optional<TestCaseDef> ParseTest(const YNode& t, const ClaimValue* defaults);

  const std::string& file_;
  absl::string_view text_;
  NodeIdAllocator& ids_;
  std::vector<Diagnostic>& diagnostics_;
  ReadOutcome outcome_;
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_LOAD_RULE_FILE_READER_H_
