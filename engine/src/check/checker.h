// The checker: resolves names and infers types and units for a loaded rule set.
//
// Input: the loader's RuleSetDef (records + parsed ASTs). Output: a CheckedRuleSet
// that records, beside the untouched ASTs, the type of every node, what each name
// refers to, and the variables of each programme in dependency order; plus every
// problem found as a Diagnostic with file:line:column. Checking never stops at the
// first problem, and a node whose type could not be inferred gets TypeKind::kError
// so one mistake is reported once, not at every use.
#ifndef ODENEK_ENGINE_SRC_CHECK_CHECKER_H_
#define ODENEK_ENGINE_SRC_CHECK_CHECKER_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "ast/ast.h"
#include "ast/types.h"
#include "load/rule_records.h"
#include "odenek/diagnostic.h"

namespace odenek::internal {

// What a name in a programme refers to. A name may be both an input and a
// variable: the claim's value wins over the formula.
struct Symbol {
  std::string name;
  Type type;
  const InputDef* input = nullptr;        // declared as an input
  const VariableDef* variable = nullptr;  // has a formula
  bool is_list() const { return input != nullptr && input->type == "list"; }
};

struct CheckedParameter {
  const ParameterDef* def = nullptr;
  Type type;  // number with unit, set (element kind), or scale
};

struct CheckedProgram {
  const ProgramDef* def = nullptr;
  absl::flat_hash_map<std::string, Symbol> symbols;
  // Variables with a formula, each after everything it uses.
  std::vector<const VariableDef*> variable_order;
  // Names each variable / condition reads directly (inputs, variables).
  absl::flat_hash_map<std::string, std::vector<std::string>> uses;
  absl::flat_hash_map<std::string, std::vector<std::string>> condition_uses;
  // Type of every expression node of this programme.
  absl::flat_hash_map<NodeId, Type> types;
};

struct CheckedRuleSet {
  const RuleSetDef* def = nullptr;
  absl::flat_hash_map<std::string, CheckedParameter> parameters;
  std::vector<CheckedProgram> programs;  // in RuleSetDef order
};

// Checks `rules`, which must outlive `out`. Returns every diagnostic (errors and
// warnings); `out` is usable for planning only if none is an error.
std::vector<Diagnostic> CheckRuleSet(const RuleSetDef& rules, CheckedRuleSet& out);

// The built-in functions' names, for the checker, the planner and docs.
bool IsBuiltinFunction(const std::string& name);
// All of them, in the order docs/rules.md §4 lists them (tests check that the
// toy rule set in tests/toy uses each one).
std::vector<std::string> BuiltinFunctionNames();

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_CHECK_CHECKER_H_
