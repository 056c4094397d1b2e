// The programme checker: one programme's names, types and units, checked
// against the rule set's parameters (checker.h is the stage's entry point).
//
// One class; its methods live in one file per thing checked:
//   program_checker.cc    declarations (inputs, list inputs, variables),
//                         definitions in dependency order with their cycles,
//                         conditions, outputs, unused inputs
//   expression_types.cc   the type and unit of each expression node: names,
//                         operators, `in`, parameters read on a date, `if`
//   builtin_calls.cc      calls of the built-in functions (kBuiltins)
//   table_checks.cc       tables: row types, overlaps, gaps
//
// Internal to check/.
#ifndef ODENEK_ENGINE_SRC_CHECK_PROGRAM_CHECKER_H_
#define ODENEK_ENGINE_SRC_CHECK_PROGRAM_CHECKER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "ast/ast.h"
#include "ast/types.h"
#include "check/checker.h"
#include "load/rule_records.h"
#include "odenek/diagnostic.h"

namespace odenek::internal {

// Checks one programme. Variables are typed on first use (depth-first), which
// both orders them and finds cycles: a variable met again while it is being
// typed closes a cycle, reported with its path.
//
// Not thread-safe; one checker per programme. `rules`, `program`, `out` and
// `diags` must outlive it.
class ProgramChecker {
 public:
  ProgramChecker(const CheckedRuleSet& rules, const ProgramDef& program,
                 CheckedProgram& out, std::vector<Diagnostic>& diags)
      : rules_(rules), program_(program), out_(out), diags_(diags) {}

  // Checks the programme into `out`, appending every problem to `diags`.
  void Run();

 private:
  enum class State { kUnvisited, kVisiting, kDone };

  void Error(const SourceLocation& loc, const std::string& code, std::string message) {
    diags_.push_back(Diagnostic{Severity::kError, code, loc.file, loc.line, loc.column,
                                std::move(message)});
  }
  void Warning(const SourceLocation& loc, const std::string& code, std::string message) {
    diags_.push_back(Diagnostic{Severity::kWarning, code, loc.file, loc.line,
                                loc.column, std::move(message)});
  }
  void ErrorAt(const ExprSource& src, const Expr& node, const std::string& code,
               std::string message) {
    Error(src.location.Shifted(node.offset), code, std::move(message));
  }

  // ---- Declarations, definitions, conditions, outputs (program_checker.cc) ----

  void DeclareInputs();
  void CheckListInput(const InputDef& in);
  void DeclareVariables();

  // The longest chain of definitions TypeVariable follows. Each level costs a
  // few KB of stack (more under ASan): 256 keeps even a sanitized build far
  // from an 8 MiB stack; the built-in rules need < 20.
  static constexpr size_t kMaxDefinitionDepth = 256;

  // Returns the variable's type, typing its definition on first use.
  Type TypeVariable(const std::string& name, const SourceLocation* use_site);
  bool IsBroken(const std::string& name) const;
  std::optional<Type> ListField(const std::string& name);
  void CheckConditions();
  void CheckOutputs();
  void WarnUnusedInputs();

  void NoteUse(const std::string& name) {
    // Inside known(x) / value_or(x, ...) a missing x decides nothing, so it is
    // not a dependency that could leave a verdict open.
    if (!current_uses_.empty() && optional_depth_ == 0) current_uses_.back().push_back(name);
    used_.insert(name);
  }

  Type Record(const Expr& e, Type t) {
    out_.types[e.id] = t;
    return t;
  }

  // ---- Tables (table_checks.cc) ----

  Type TypeTable(const TableDef& table);
  void CheckIntervals(const TableDef& table);

  // ---- Expression typing (expression_types.cc) ----

  Type Infer(const ExprSource& src, const Expr& e);
  Type InferKind(const ExprSource&, const Expr&, const NumberLit& n);
  Type InferKind(const ExprSource&, const Expr&, const BoolLit&);
  Type InferKind(const ExprSource&, const Expr&, const DateLit&);
  Type InferKind(const ExprSource&, const Expr&, const MonthLit&);
  Type InferKind(const ExprSource&, const Expr&, const StringLit&);
  Type InferKind(const ExprSource& src, const Expr& e, const Ident& id);
  Type InferKind(const ExprSource& src, const Expr& e, const Unary& u);
  Type InferKind(const ExprSource& src, const Expr& e, const Binary& b);
  Type InferKind(const ExprSource& src, const Expr& e, const ParamAt& p);
  Type InferKind(const ExprSource& src, const Expr& e, const IfExpr& i);
  Type InferKind(const ExprSource& src, const Expr& e, const ListLit&);
  Type Mismatch(const ExprSource& src, const Expr& e, BinaryOp op, const Type& l,
                const Type& r);
  Type InferIn(const ExprSource& src, const Expr& e, const Binary& b);
  void WarnIfBeforeFirstValue(const ExprSource& src, const Expr& e, const std::string& name,
                              const ParameterDef& def);

  // ---- Built-in functions (builtin_calls.cc) ----

  Type InferKind(const ExprSource& src, const Expr& e, const Call& c);
  Type ArityError(const ExprSource& src, const Expr& e, const Call& c,
                  const std::string& expected);
  Type ArgError(const ExprSource& src, const Expr& e, const Call& c,
                const std::string& expected, const Type& found);
  Type ArgMismatch(const ExprSource& src, const Expr& e, const Call& c, const Type& a,
                   const Type& b);
  Type InferAggregate(const ExprSource& src, const Expr& e, const Call& c,
                      std::optional<Type> field, bool is_list);
  Type InferRound(const ExprSource& src, const Expr& e, const Call& c);
  Type InferScale(const ExprSource& src, const Expr& e, const Call& c);

  const CheckedRuleSet& rules_;
  const ProgramDef& program_;
  CheckedProgram& out_;
  std::vector<Diagnostic>& diags_;
  absl::flat_hash_map<std::string, State> state_;
  std::vector<std::string> stack_;
  std::vector<std::vector<std::string>> current_uses_;
  absl::flat_hash_set<std::string> used_;
  absl::flat_hash_set<std::string> used_params_;
  absl::flat_hash_set<std::string> warned_params_;  // param-before-first-value, once each
  int optional_depth_ = 0;
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_CHECK_PROGRAM_CHECKER_H_
