// The programme checker (see program_checker.h): declarations, definitions in
// dependency order (cycles, chains too deep), conditions, outputs and unused
// inputs.
#include "check/program_checker.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace odenek::internal {

void ProgramChecker::Run() {
  out_.def = &program_;
  // A programme written without `reference:` is reported by the loader
  // (missing required key); this catches an empty one, once.
  if (program_.reference.empty() && !program_.reference_missing) {
    Error(program_.location, "missing-reference",
          absl::StrCat("programme ", program_.id, " has no reference (the article)"));
  }
  DeclareInputs();
  DeclareVariables();
  for (const VariableDef& v : program_.variables) TypeVariable(v.name, nullptr);
  CheckConditions();
  CheckOutputs();
  WarnUnusedInputs();
}

void ProgramChecker::DeclareInputs() {
  for (const InputDef& in : program_.inputs) {
    Symbol& s = out_.symbols[in.name];
    if (s.input != nullptr) {
      Error(in.location, "duplicate-name", absl::StrCat("input ", in.name, " declared twice"));
      continue;
    }
    s.name = in.name;
    s.input = &in;
    if (in.type == "list") {
      s.type = Type::Of(TypeKind::kList);
      CheckListInput(in);
      continue;
    }
    absl::StatusOr<Type> t = ParseDeclaredType(in.type);
    if (!t.ok()) {
      Error(in.location, "bad-type", std::string(t.status().message()));
      s.type = Type::Error();
      continue;
    }
    s.type = *t;
    if ((in.min || in.max) && !t->is_number()) {
      Error(in.location, "bad-bounds",
            absl::StrCat("input ", in.name, ": min/max apply to numbers only"));
    }
  }
}

void ProgramChecker::CheckListInput(const InputDef& in) {
  absl::flat_hash_map<std::string, Type> fields;
  for (const FieldDef& f : in.fields) {
    absl::StatusOr<Type> t = ParseDeclaredType(f.type);
    if (!t.ok()) {
      Error(f.location, "bad-type", std::string(t.status().message()));
      continue;
    }
    if (!fields.emplace(f.name, *t).second) {
      Error(f.location, "duplicate-name", absl::StrCat("field ", f.name, " declared twice"));
    }
  }
  auto check_field = [&](const std::string& name, const char* role) {
    auto it = fields.find(name);
    if (it == fields.end()) {
      Error(in.location, "unknown-name",
            absl::StrCat("list ", in.name, ": ", role, " field \"", name,
                         "\" is not one of its fields"));
    } else if (it->second.kind != TypeKind::kDate &&
               it->second.kind != TypeKind::kMonth) {
      Error(in.location, "type-mismatch",
            absl::StrCat("list ", in.name, ": ", role, " field ", name,
                         " must be a date or month, not ", it->second.ToString()));
    }
  };
  if (!in.key.empty()) check_field(in.key, "key");
  if (in.span) {
    check_field(in.span->first, "span start");
    check_field(in.span->second, "span end");
  }
  if (in.key.empty() && !in.span) {
    Error(in.location, "missing-key",
          absl::StrCat("list ", in.name, " needs `key:` (a date or month field) or ",
                       "`span: [start, end]`"));
  }
}

void ProgramChecker::DeclareVariables() {
  for (const VariableDef& v : program_.variables) {
    Symbol& s = out_.symbols[v.name];
    if (s.variable != nullptr) {
      Error(v.location, "duplicate-name",
            absl::StrCat("variable ", v.name, " defined twice"));
      continue;
    }
    s.name = v.name;
    s.variable = &v;
    if (v.reference.empty()) {
      Error(v.location, "missing-reference",
            absl::StrCat("variable ", v.name, " has no reference (the article)"));
    }
    // An exception that fires replaces the definition, and explain cites
    // the exception's article: it must have its own (issue #21).
    for (size_t k = 0; k < v.exceptions.size(); ++k) {
      if (!v.exceptions[k].reference.empty()) continue;
      Error(v.exceptions[k].location, "missing-reference",
            absl::StrCat("exception ", k + 1, " of variable ", v.name,
                         " has no reference (the article that makes the exception)"));
    }
    if (rules_.parameters.contains(v.name)) {
      Error(v.location, "duplicate-name",
            absl::StrCat("variable ", v.name, " has the name of a parameter"));
    }
  }
}

// NOTE: the recursion below may insert into state_ and out_.symbols (both
// flat_hash_maps, which move their elements on rehash), so no reference into
// them is held across it; each is looked up again afterwards.
Type ProgramChecker::TypeVariable(const std::string& name, const SourceLocation* use_site) {
  const VariableDef* v = out_.symbols[name].variable;
  const State state = state_[name];
  if (state == State::kDone) return out_.symbols[name].type;
  if (state == State::kVisiting) {
    auto start = std::find(stack_.begin(), stack_.end(), name);
    std::vector<std::string> path(start, stack_.end());
    path.push_back(name);
    Error(use_site ? *use_site : v->location, "cycle",
          absl::StrCat("cycle: ", absl::StrJoin(path, " -> ")));
    return Type::Error();
  }
  if (stack_.size() >= kMaxDefinitionDepth) {
    // Typing recurses into each definition's uses; a chain this long is not
    // law but a generated or hostile file, and must not overflow the stack.
    Error(v->location, "too-deep",
          absl::StrCat("variable ", name, " depends on a chain of more than ",
                       kMaxDefinitionDepth, " variables (", stack_.front(), " -> ... -> ",
                       name, ")"));
    return Type::Error();
  }
  state_[name] = State::kVisiting;
  stack_.push_back(name);
  current_uses_.emplace_back();

  Type t = Type::Error();
  if (v->expr && v->table) {
    Error(v->location, "bad-definition",
          absl::StrCat("variable ", name, " has both expr and table; give one"));
  } else if (v->expr) {
    t = Infer(*v->expr, *v->expr->expr);
  } else if (v->table) {
    t = TypeTable(*v->table);
  } else {
    Error(v->location, "bad-definition",
          absl::StrCat("variable ", name, " needs expr or table"));
  }
  for (const ExceptionDef& e : v->exceptions) {
    Type w = Infer(e.when, *e.when.expr);
    if (!w.is_error() && w.kind != TypeKind::kBool) {
      ErrorAt(e.when, *e.when.expr, "type-mismatch",
              absl::StrCat("exception `when` must be bool, found ", w.ToString()));
    }
    Type et = Infer(e.expr, *e.expr.expr);
    if (!t.is_error() && !et.is_error() && !t.SameAs(et)) {
      ErrorAt(e.expr, *e.expr.expr, "type-mismatch",
              absl::StrCat("exception of ", name, " gives ", et.ToString(),
                           " but the base definition gives ", t.ToString()));
    }
    if (t.is_error()) t = et;
  }
  if (!v->type.empty()) {
    absl::StatusOr<Type> declared = ParseDeclaredType(v->type);
    if (!declared.ok()) {
      Error(v->location, "bad-type", std::string(declared.status().message()));
    } else if (!t.is_error() && !declared->SameAs(t)) {
      Error(v->location, "type-mismatch",
            absl::StrCat("variable ", name, " is declared ", declared->ToString(),
                         " but its formula gives ", t.ToString()));
    }
  }
  Symbol& s = out_.symbols[name];
  if (s.input != nullptr && !s.type.is_error() && !t.is_error() &&
      !s.type.SameAs(t)) {
    Error(v->location, "type-mismatch",
          absl::StrCat("variable ", name, " is also an input of type ",
                       s.type.ToString(), " but its formula gives ", t.ToString()));
  }
  if (s.input == nullptr) s.type = t;

  std::vector<std::string> uses = std::move(current_uses_.back());
  current_uses_.pop_back();
  std::sort(uses.begin(), uses.end());
  uses.erase(std::unique(uses.begin(), uses.end()), uses.end());
  out_.uses[name] = std::move(uses);
  stack_.pop_back();
  state_[name] = State::kDone;
  out_.variable_order.push_back(v);
  return out_.symbols[name].type;
}

bool ProgramChecker::IsBroken(const std::string& name) const {
  return std::find(program_.broken.begin(), program_.broken.end(), name) !=
         program_.broken.end();
}

// If `name` is list.field, returns the field's type and notes the use.
std::optional<Type> ProgramChecker::ListField(const std::string& name) {
  size_t dot = name.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  auto it = out_.symbols.find(name.substr(0, dot));
  if (it == out_.symbols.end() || !it->second.is_list()) return std::nullopt;
  std::string field = name.substr(dot + 1);
  for (const FieldDef& f : it->second.input->fields) {
    if (f.name == field) {
      NoteUse(it->first);
      absl::StatusOr<Type> t = ParseDeclaredType(f.type);
      return t.ok() ? *t : Type::Error();
    }
  }
  return std::nullopt;
}

// ---- conditions and outputs ---------------------------------------------------

void ProgramChecker::CheckConditions() {
  absl::flat_hash_set<std::string> ids;
  for (const ConditionDef& c : program_.conditions) {
    if (!ids.insert(c.id).second) {
      Error(c.location, "duplicate-name", absl::StrCat("condition ", c.id, " defined twice"));
    }
    if (c.reference.empty()) {
      Error(c.location, "missing-reference",
            absl::StrCat("condition ", c.id, " has no reference (the article)"));
    }
    current_uses_.emplace_back();
    Type t = Infer(c.expr, *c.expr.expr);
    std::vector<std::string> uses = std::move(current_uses_.back());
    current_uses_.pop_back();
    std::sort(uses.begin(), uses.end());
    uses.erase(std::unique(uses.begin(), uses.end()), uses.end());
    out_.condition_uses[c.id] = std::move(uses);
    if (!t.is_error() && t.kind != TypeKind::kBool) {
      ErrorAt(c.expr, *c.expr.expr, "type-mismatch",
              absl::StrCat("condition ", c.id, " must be bool, found ", t.ToString()));
    }
  }
  if (program_.conditions.size() > 64) {
    Error(program_.location, "too-many-conditions",
          "a programme may have at most 64 conditions");
  }
}

void ProgramChecker::CheckOutputs() {
  absl::flat_hash_set<std::string> seen;
  for (const std::string& name : program_.outputs) {
    if (!seen.insert(name).second) {
      Error(program_.location, "duplicate-name",
            absl::StrCat("output ", name, " is listed twice in outputs"));
      continue;
    }
    auto it = out_.symbols.find(name);
    if (it == out_.symbols.end() && IsBroken(name)) continue;  // reported at its definition
    if (it == out_.symbols.end()) {
      Error(program_.location, "unknown-name",
            absl::StrCat("output ", name, " is not a variable of programme ", program_.id));
    } else if (it->second.variable == nullptr && !it->second.is_list()) {
      // An input echoed back is not something the programme decided.
      Error(program_.location, "bad-output",
            absl::StrCat("output ", name, " is an input, not a variable: outputs are what the "
                         "programme computes (define a variable, or leave it out)"));
    } else if (it->second.is_list()) {
      Error(program_.location, "type-mismatch",
            absl::StrCat("output ", name, " is a list; outputs are single values"));
    } else {
      used_.insert(name);
    }
  }
  for (const std::string& name : program_.optional_outputs) {
    if (std::find(program_.outputs.begin(), program_.outputs.end(), name) ==
        program_.outputs.end()) {
      Error(program_.location, "unknown-name",
            absl::StrCat("optional output ", name, " is not one of the programme's outputs"));
    }
  }
  for (const std::string& name : program_.event_outputs) {
    if (std::find(program_.outputs.begin(), program_.outputs.end(), name) ==
        program_.outputs.end()) {
      Error(program_.location, "unknown-name",
            absl::StrCat("event output ", name, " is not one of the programme's outputs"));
    }
  }
}

void ProgramChecker::WarnUnusedInputs() {
  // A definition left out may be the one that reads the input.
  if (!program_.broken.empty()) return;
  for (const InputDef& in : program_.inputs) {
    const Symbol& s = out_.symbols[in.name];
    if (s.variable == nullptr && !in.informational && !used_.contains(in.name)) {
      Warning(in.location, "unused-input",
              absl::StrCat("input ", in.name, " is not used by any rule"));
    }
  }
}

}  // namespace odenek::internal
