// Reforms (docs/rules.md §6, yaml_loader.h): reading a reform file
// (LoadReformFile, LoadReformText, and the reader's LoadReform for its top)
// and applying one to a loaded rule set (ApplyReform).
#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "load/load_diagnostics.h"
#include "load/rule_file_reader.h"
#include "load/sha256.h"
#include "load/yaml_loader.h"

namespace odenek::internal {
namespace {

namespace fs = std::filesystem;

// ---- Deep copies (reforms are applied from a const ReformDef)
// -----------------

ExprPtr CloneExpr(const ExprPtr& e);

// Copies one node kind; the AST's owning pointers are cloned recursively.
struct KindCloner {
  template <typename T>
  requires std::is_copy_constructible_v<T> ExprKind
  operator()(const T& leaf) const {
    return leaf;
  }
  ExprKind operator()(const Unary& u) const {
    return Unary{u.op, CloneExpr(u.operand)};
  }
  ExprKind operator()(const Binary& b) const {
    return Binary{b.op, CloneExpr(b.lhs), CloneExpr(b.rhs)};
  }
  ExprKind operator()(const ParamAt& p) const {
    return ParamAt{p.param, CloneExpr(p.date)};
  }
  ExprKind operator()(const IfExpr& i) const {
    return IfExpr{CloneExpr(i.cond), CloneExpr(i.then_expr),
                  CloneExpr(i.else_expr)};
  }
  ExprKind operator()(const Call& c) const {
    Call out;
    out.function = c.function;
    for (const ExprPtr& a : c.args) out.args.push_back(CloneExpr(a));
    return out;
  }
  ExprKind operator()(const ListLit& l) const {
    ListLit out;
    for (const ExprPtr& a : l.elements) out.elements.push_back(CloneExpr(a));
    return out;
  }
};

// The copy keeps the node ids: they stay unique in the reformed rule set, as
// the reform was parsed with the rule set's allocator.
ExprPtr CloneExpr(const ExprPtr& e) {
  if (e == nullptr) return nullptr;
  auto out = std::make_unique<Expr>();
  out->id = e->id;
  out->offset = e->offset;
  out->length = e->length;
  out->kind = std::visit(KindCloner{}, e->kind);
  return out;
}

ExprSource CloneSource(const ExprSource& s) {
  ExprSource out;
  out.text = s.text;
  out.location = s.location;
  out.expr = CloneExpr(s.expr);
  return out;
}

std::optional<ExprSource> CloneSource(const std::optional<ExprSource>& s) {
  if (!s) return std::nullopt;
  return CloneSource(*s);
}

VariableDef CloneVariable(const VariableDef& v) {
  VariableDef out;
  out.name = v.name;
  out.type = v.type;
  out.description = v.description;
  out.reference = v.reference;
  out.expr = CloneSource(v.expr);
  if (v.table) {
    TableDef t;
    t.input = CloneSource(v.table->input);
    for (const TableRow& r : v.table->rows) {
      t.rows.push_back({r.when, CloneSource(r.then), r.location});
    }
    t.default_value = CloneSource(v.table->default_value);
    t.location = v.table->location;
    out.table = std::move(t);
  }
  for (const ExceptionDef& e : v.exceptions) {
    ExceptionDef x;
    x.when = CloneSource(e.when);
    x.expr = CloneSource(e.expr);
    x.reference = e.reference;
    x.description = e.description;
    x.location = e.location;
    out.exceptions.push_back(std::move(x));
  }
  out.location = v.location;
  return out;
}

ConditionDef CloneCondition(const ConditionDef& c) {
  ConditionDef out;
  out.id = c.id;
  out.expr = CloneSource(c.expr);
  out.message = c.message;
  out.reference = c.reference;
  out.location = c.location;
  return out;
}

ProgramDef CloneProgram(const ProgramDef& p) {
  ProgramDef out;
  out.id = p.id;
  out.title = p.title;
  out.reference = p.reference;
  out.description = p.description;
  out.valid_from = p.valid_from;
  out.valid_to = p.valid_to;
  out.inputs = p.inputs;
  for (const VariableDef& v : p.variables)
    out.variables.push_back(CloneVariable(v));
  for (const ConditionDef& c : p.conditions)
    out.conditions.push_back(CloneCondition(c));
  out.outputs = p.outputs;
  out.location = p.location;
  return out;
}

}  // namespace

void RuleFileReader::LoadReform(const YNode& root, ReformDef& out) {
  if (!ExpectKind(root, YNode::Kind::kMap, "the top of a reform file"))
    return;
  CheckKeys(root, "a reform file",
            {"reform", "title", "reference", "description", "parameters",
             "programs"});
  if (const YNode* id = Find(root, "reform")) {
    if (std::optional<std::string> s = Text(*id, "reform")) out.id = *s;
    out.location = KeyLoc(*id);
  } else {
    ErrorAt(root, "missing-key",
            "missing required key \"reform\" in a reform file");
  }
  if (const YNode* n = Find(root, "title"))
    out.title = Text(*n, "title").value_or("");
  if (const YNode* n = Find(root, "reference")) {
    out.reference = Text(*n, "reference").value_or("");
  }
  if (const YNode* n = Find(root, "description")) Text(*n, "description");
  if (const YNode* params = Find(root, "parameters")) {
    LoadParameters(*params, /*reform=*/true, out.parameters);
  }
  if (const YNode* programs = Find(root, "programs")) {
    if (!ExpectKind(*programs, YNode::Kind::kMap, "programs")) return;
    for (const YNode& p : programs->children) {
      if (!ExpectKind(p, YNode::Kind::kMap,
                      absl::StrCat("programme ", Quote(p.key)))) {
        continue;
      }
      if (Find(p, "title") != nullptr) {
        // A whole new programme.
        CheckKeys(p, "a new programme", kProgramKeys);
        ProgramDef def;
        def.id = p.key;
        def.location = KeyLoc(p);
        LoadProgramBody(p, def);
        out.new_programs.push_back(std::move(def));
        continue;
      }
      CheckKeys(p, "a programme patch",
                {"inputs", "variables", "conditions", "remove_conditions",
                 "outputs"});
      ProgramPatch patch;
      patch.program = p.key;
      patch.location = KeyLoc(p);
      if (const YNode* n = Find(p, "inputs")) LoadInputs(*n, patch.inputs);
      if (const YNode* n = Find(p, "variables"))
        LoadVariables(*n, patch.variables);
      if (const YNode* n = Find(p, "conditions")) {
        LoadConditions(*n, patch.conditions);
      }
      if (const YNode* n = Find(p, "remove_conditions")) {
        if (auto ids = TextList(*n, "remove_conditions")) {
          patch.remove_conditions = std::move(*ids);
        }
      }
      if (const YNode* n = Find(p, "outputs"))
        patch.outputs = TextList(*n, "outputs");
      out.patches.push_back(std::move(patch));
    }
  }
}

absl::StatusOr<ReformDef> LoadReformFile(const std::string& path,
                                         NodeIdAllocator& ids,
                                         std::vector<Diagnostic>& diagnostics) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return absl::NotFoundError(absl::StrCat("reform file not found: ", path));
  }
  if (!fs::is_regular_file(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a reform file: ", path));
  }
  absl::StatusOr<std::string> text = ReadRuleFile(path, path);
  if (!text.ok()) {
    if (text.status().code() != absl::StatusCode::kInvalidArgument) {
      return text.status();
    }
    diagnostics.push_back(FileError(path, "file-too-large",
                                    std::string(text.status().message())));
    ReformDef empty;
    empty.location = SourceLocation{path, 0, 0};
    return empty;
  }
  return LoadReformText(path, *text, ids, diagnostics);
}

ReformDef LoadReformText(const std::string& name, const std::string& text,
                         NodeIdAllocator& ids,
                         std::vector<Diagnostic>& diagnostics) {
  ReformDef reform;
  reform.location = SourceLocation{name, 1, 1};
  reform.content_hash = Sha256Hex(text);
  const size_t errors_before = diagnostics.size();
  RuleFileReader reader(name, text, ids, diagnostics);
  const YNode* root = reader.Read();
  if (root == nullptr) {
    if (diagnostics.size() == errors_before) {
      diagnostics.push_back(
          FileError(name, "missing-key",
                    "reform file is empty; expected \"reform: ID\""));
    }
    return reform;
  }
  reader.LoadReform(*root, reform);
  return reform;
}

void ApplyReform(const ReformDef& reform, RuleSetDef& rules,
                 std::vector<Diagnostic>& diagnostics) {
  const std::string who = absl::StrCat("reform \"", reform.id, "\"");
  rules.reforms.push_back({reform.id, reform.title, reform.reference, reform.location.file});
  // Its values are cited by it when they carry no reference of their own:
  // a reform without one would have explain cite nothing, or the law.
  if (reform.reference.empty()) {
    AddDiagnostic(reform.location, "missing-reference",
                  absl::StrCat(who, " has no reference (the draft, bill or decision it models)"),
                  diagnostics);
  }

  for (const ParameterDef& p : reform.parameters) {
    auto base =
        std::find_if(rules.parameters.begin(), rules.parameters.end(),
                     [&p](const ParameterDef& b) { return b.name == p.name; });
    if (base == rules.parameters.end()) {
      std::vector<std::string> missing;
      if (p.unit.empty() && p.kind != ParameterKind::kSet)
        missing.push_back("unit");
      if (p.reference.empty()) missing.push_back("reference");
      if (!missing.empty()) {
        AddDiagnostic(p.location, "unknown-name",
                      absl::StrCat(who, " sets unknown parameter \"", p.name,
                                   "\"; a new parameter needs ",
                                   absl::StrJoin(missing, " and ")),
                      diagnostics);
        continue;
      }
      rules.parameters.push_back(p);
      for (ParameterValue& v : rules.parameters.back().values) v.reform = reform.id;
      continue;
    }
    if (p.kind != base->kind && !p.values.empty()) {
      AddDiagnostic(
          p.location, "bad-value",
          absl::StrCat(who, " gives parameter \"", p.name,
                       "\" values of another kind than the rule set's"),
          diagnostics);
      continue;
    }
    if (!p.unit.empty() && p.unit != base->unit) {
      AddDiagnostic(
          p.location, "bad-value",
          absl::StrCat(who, " changes the unit of parameter \"", p.name,
                       "\" from \"", base->unit, "\" to \"", p.unit, "\""),
          diagnostics);
      continue;
    }
    if (!p.description.empty()) base->description = p.description;
    // The parameter's own reference stays: it is what the base values cite.
    // The reform's values cite, in order, their own reference, the one the
    // reform gives for this parameter, or the reform's.
    if (p.end) base->end = p.end;
    for (ParameterValue v : p.values) {
      v.reform = reform.id;
      if (v.reference.empty()) v.reference = p.reference.empty() ? reform.reference : p.reference;
      auto at = std::lower_bound(
          base->values.begin(), base->values.end(), v.from,
          [](const ParameterValue& a, const Date& d) { return a.from < d; });
      if (at != base->values.end() && at->from == v.from) {
        *at = v;
      } else {
        base->values.insert(at, v);
      }
    }
  }

  for (const ProgramPatch& patch : reform.patches) {
    auto program = std::find_if(
        rules.programs.begin(), rules.programs.end(),
        [&patch](const ProgramDef& p) { return p.id == patch.program; });
    if (program == rules.programs.end()) {
      AddDiagnostic(patch.location, "unknown-name",
                    absl::StrCat(who, " changes unknown programme \"",
                                 patch.program, "\""),
                    diagnostics);
      continue;
    }
    for (const InputDef& in : patch.inputs) {
      auto at =
          std::find_if(program->inputs.begin(), program->inputs.end(),
                       [&in](const InputDef& b) { return b.name == in.name; });
      if (at != program->inputs.end()) {
        *at = in;
      } else {
        program->inputs.push_back(in);
      }
    }
    for (const VariableDef& v : patch.variables) {
      auto at =
          std::find_if(program->variables.begin(), program->variables.end(),
                       [&v](const VariableDef& b) { return b.name == v.name; });
      if (at != program->variables.end()) {
        *at = CloneVariable(v);
      } else {
        program->variables.push_back(CloneVariable(v));
      }
    }
    for (const ConditionDef& c : patch.conditions) {
      auto at =
          std::find_if(program->conditions.begin(), program->conditions.end(),
                       [&c](const ConditionDef& b) { return b.id == c.id; });
      if (at != program->conditions.end()) {
        *at = CloneCondition(c);
      } else {
        program->conditions.push_back(CloneCondition(c));
      }
    }
    for (const std::string& id : patch.remove_conditions) {
      auto at =
          std::find_if(program->conditions.begin(), program->conditions.end(),
                       [&id](const ConditionDef& b) { return b.id == id; });
      if (at == program->conditions.end()) {
        AddDiagnostic(patch.location, "unknown-name",
                      absl::StrCat(who, " removes unknown condition \"", id,
                                   "\" of programme \"", patch.program, "\""),
                      diagnostics);
        continue;
      }
      program->conditions.erase(at);
    }
    if (patch.outputs) program->outputs = *patch.outputs;
  }

  for (const ProgramDef& p : reform.new_programs) {
    auto at = std::find_if(rules.programs.begin(), rules.programs.end(),
                           [&p](const ProgramDef& b) { return b.id == p.id; });
    if (at != rules.programs.end()) {
      AddDiagnostic(p.location, "duplicate-name",
                    absl::StrCat(who, " adds programme \"", p.id,
                                 "\", which is already defined at ",
                                 at->location.ToString()),
                    diagnostics);
      continue;
    }
    rules.programs.push_back(CloneProgram(p));
  }

  rules.content_hash = absl::StrCat(
      "sha256:", Sha256Hex(absl::StrCat(rules.content_hash, "\nreform\n",
                                        reform.content_hash)));
}

}  // namespace odenek::internal
