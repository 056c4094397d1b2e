#include "check/checker.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_join.h"

namespace odenek::internal {
namespace {

const char* const kBuiltins[] = {
    "min",          "max",        "abs",        "clamp",       "round",
    "scale",        "days_between", "add_days", "add_months",  "add_years",
    "month_of",     "start_of_month", "end_of_month", "last_days", "last_months",
    "last_years",   "between",    "sum",        "count",       "covers",
    "known",        "value_or",   "covered_days",
};

// Checks one programme. Variables are typed on first use (depth-first), which
// both orders them and finds cycles: a variable met again while it is being
// typed closes a cycle, reported with its path.
class ProgramChecker {
 public:
  ProgramChecker(const CheckedRuleSet& rules, const ProgramDef& program,
                 CheckedProgram& out, std::vector<Diagnostic>& diags)
      : rules_(rules), program_(program), out_(out), diags_(diags) {}

  void Run() {
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

  void DeclareInputs() {
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

  void CheckListInput(const InputDef& in) {
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

  void DeclareVariables() {
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

  // Returns the variable's type, typing its definition on first use.
  // Each level costs a few KB of stack (more under ASan): 256 keeps even a
  // sanitized build far from an 8 MiB stack; the built-in rules need < 20.
  static constexpr size_t kMaxDefinitionDepth = 256;

  // NOTE: the recursion below may insert into state_ and out_.symbols (both
  // flat_hash_maps, which move their elements on rehash), so no reference into
  // them is held across it; each is looked up again afterwards.
  Type TypeVariable(const std::string& name, const SourceLocation* use_site) {
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

  Type TypeTable(const TableDef& table) {
    Type in = Infer(table.input, *table.input.expr);
    if (!in.is_error() && !in.is_number()) {
      ErrorAt(table.input, *table.input.expr, "type-mismatch",
              absl::StrCat("table input must be a number, found ", in.ToString()));
    }
    Type result = Type::Error();
    auto merge = [&](const ExprSource& src) {
      Type t = Infer(src, *src.expr);
      if (t.is_error()) return;
      if (result.is_error()) {
        result = t;
      } else if (!result.SameAs(t)) {
        ErrorAt(src, *src.expr, "type-mismatch",
                absl::StrCat("table rows give different types: ", result.ToString(),
                             " and ", t.ToString()));
      }
    };
    for (const TableRow& row : table.rows) merge(row.then);
    if (table.default_value) merge(*table.default_value);
    CheckIntervals(table);
    return result;
  }

  // Rows must not overlap; gaps need a default.
  void CheckIntervals(const TableDef& table) {
    struct Bound { const TableRow* row; };
    std::vector<const TableRow*> rows;
    for (const TableRow& r : table.rows) rows.push_back(&r);
    auto lo_less = [](const TableRow* a, const TableRow* b) {
      if (!a->when.lo) return b->when.lo.has_value();
      if (!b->when.lo) return false;
      if (*a->when.lo != *b->when.lo) return *a->when.lo < *b->when.lo;
      return a->when.lo_inclusive && !b->when.lo_inclusive;
    };
    std::sort(rows.begin(), rows.end(), lo_less);
    for (size_t i = 0; i < rows.size(); ++i) {
      const Interval& w = rows[i]->when;
      if (w.lo && w.hi &&
          (*w.hi < *w.lo || (*w.hi == *w.lo && !(w.lo_inclusive && w.hi_inclusive)))) {
        Error(rows[i]->location, "empty-interval",
              absl::StrCat("table row ", w.text, " matches nothing"));
      }
      if (i + 1 == rows.size()) break;
      const Interval& next = rows[i + 1]->when;
      if (!w.hi) {
        Error(rows[i + 1]->location, "table-overlap",
              absl::StrCat("table rows ", w.text, " and ", next.text, " overlap"));
        continue;
      }
      if (!next.lo) continue;  // sorted: only the first can be open below
      bool overlap = *next.lo < *w.hi ||
                     (*next.lo == *w.hi && w.hi_inclusive && next.lo_inclusive);
      bool gap = *next.lo > *w.hi ||
                 (*next.lo == *w.hi && !w.hi_inclusive && !next.lo_inclusive);
      if (overlap) {
        Error(rows[i + 1]->location, "table-overlap",
              absl::StrCat("table rows ", w.text, " and ", next.text, " overlap"));
      } else if (gap && !table.default_value) {
        Error(rows[i + 1]->location, "table-gap",
              absl::StrCat("table has a gap between ", w.text, " and ", next.text,
                           "; add the missing row or a `default:`"));
      }
    }
    if (!rows.empty() && !table.default_value &&
        (rows.front()->when.lo || rows.back()->when.hi)) {
      Warning(table.location, "table-open",
              "table does not cover every value and has no `default:`; a value "
              "outside its rows leaves the variable unknown");
    }
  }

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

  // ---- expression typing ----------------------------------------------------

  Type Infer(const ExprSource& src, const Expr& e) {
    return Record(e, std::visit([&](const auto& k) { return InferKind(src, e, k); },
                                e.kind));
  }

  Type InferKind(const ExprSource&, const Expr&, const NumberLit& n) {
    if (n.unit.empty() || n.unit == "oran") return Type::Number(Unit::None());
    absl::StatusOr<Unit> u = ParseUnit(n.unit);
    return u.ok() ? Type::Number(*u) : Type::Error();
  }
  Type InferKind(const ExprSource&, const Expr&, const BoolLit&) { return Type::Bool(); }
  Type InferKind(const ExprSource&, const Expr&, const DateLit&) { return Type::Date(); }
  Type InferKind(const ExprSource&, const Expr&, const MonthLit&) { return Type::Month(); }
  Type InferKind(const ExprSource&, const Expr&, const StringLit&) { return Type::String(); }

  Type InferKind(const ExprSource& src, const Expr& e, const Ident& id) {
    auto it = out_.symbols.find(id.name);
    if (it != out_.symbols.end()) {
      NoteUse(id.name);
      const Symbol& s = it->second;
      if (s.is_list()) {
        ErrorAt(src, e, "type-mismatch",
                absl::StrCat("list ", id.name,
                             " can only be used inside sum/count/min/max/covers/covered_days"));
        return Type::Of(TypeKind::kList);
      }
      if (s.input != nullptr) {
        if (s.variable != nullptr) {
          SourceLocation loc = src.location.Shifted(e.offset);
          TypeVariable(id.name, &loc);
        }
        return s.type;
      }
      SourceLocation loc = src.location.Shifted(e.offset);
      return TypeVariable(id.name, &loc);
    }
    if (rules_.parameters.contains(id.name)) {
      // The hint names a date this programme has (issue #21: it named
      // fesih_tarihi in programmes without one).
      std::string date;
      for (const InputDef& in : program_.inputs) {
        if (in.type == "date") {
          date = in.name;
          break;
        }
      }
      ErrorAt(src, e, "param-needs-date",
              date.empty()
                  ? absl::StrCat("parameter ", id.name, " needs the date it is read on: write ",
                                 id.name, " @ DATE, with a date of the claim")
                  : absl::StrCat("parameter ", id.name, " needs the date it is read on: write ",
                                 id.name, " @ ", date, " (or another date)"));
      return Type::Error();
    }
    // list.field is only valid inside aggregates (handled there).
    if (ListField(id.name)) {
      ErrorAt(src, e, "type-mismatch",
              absl::StrCat(id.name, " is a list field: use it inside sum/min/max"));
      return Type::Error();
    }
    if (IsBroken(id.name)) return Type::Error();  // its definition's error says why
    ErrorAt(src, e, "unknown-name",
            absl::StrCat("unknown name \"", id.name,
                         "\": not an input, variable or parameter of programme ",
                         program_.id));
    return Type::Error();
  }

  bool IsBroken(const std::string& name) const {
    return std::find(program_.broken.begin(), program_.broken.end(), name) !=
           program_.broken.end();
  }

  // If `name` is list.field, returns the field's type and notes the use.
  std::optional<Type> ListField(const std::string& name) {
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

  Type InferKind(const ExprSource& src, const Expr& e, const Unary& u) {
    Type t = Infer(src, *u.operand);
    if (t.is_error()) return t;
    if (u.op == UnaryOp::kNot) {
      if (t.kind != TypeKind::kBool) {
        ErrorAt(src, e, "type-mismatch",
                absl::StrCat("`not` needs a bool, found ", t.ToString()));
        return Type::Error();
      }
      return t;
    }
    if (!t.is_number()) {
      ErrorAt(src, e, "type-mismatch",
              absl::StrCat("unary minus needs a number, found ", t.ToString()));
      return Type::Error();
    }
    t.integral = false;
    return t;
  }

  static const char* OpText(BinaryOp op) {
    switch (op) {
      case BinaryOp::kAdd: return "+";
      case BinaryOp::kSub: return "-";
      case BinaryOp::kMul: return "*";
      case BinaryOp::kDiv: return "/";
      case BinaryOp::kLt: return "<";
      case BinaryOp::kLe: return "<=";
      case BinaryOp::kGt: return ">";
      case BinaryOp::kGe: return ">=";
      case BinaryOp::kEq: return "==";
      case BinaryOp::kNe: return "!=";
      case BinaryOp::kAnd: return "and";
      case BinaryOp::kOr: return "or";
      case BinaryOp::kIn: return "in";
    }
    return "?";
  }

  // The suffix a literal takes for `unit` ("gun", "TL", "saat"), or "" when
  // it is not one of those (TL/gün is written as a division).
  static std::string LiteralSuffix(const Unit& unit) {
    if (unit == Unit{1, 0, 0}) return "TL";
    if (unit == Unit{0, 1, 0}) return "gun";
    if (unit == Unit{0, 0, 1}) return "saat";
    return "";
  }

  Type Mismatch(const ExprSource& src, const Expr& e, BinaryOp op, const Type& l,
                const Type& r) {
    std::string hint;
    // A bare number beside a number with a unit: say how to write it
    // (`prim_gun >= 600` → `600 gun`).
    if (const auto* b = std::get_if<Binary>(&e.kind); b != nullptr && l.is_number() &&
                                                      r.is_number()) {
      auto suggest = [&](const Expr& lit, const Type& other) {
        const auto* n = std::get_if<NumberLit>(&lit.kind);
        if (n == nullptr || !n->unit.empty()) return;
        const std::string suffix = LiteralSuffix(other.unit);
        if (suffix.empty()) return;
        hint = absl::StrCat("; write the number with its unit: ", n->value.ToString(), " ", suffix);
      };
      if (r.unit.is_none()) suggest(*b->rhs, l);
      if (hint.empty() && l.unit.is_none()) suggest(*b->lhs, r);
    }
    ErrorAt(src, e, l.is_number() && r.is_number() ? "unit-mismatch" : "type-mismatch",
            absl::StrCat(l.is_number() && r.is_number() ? "unit mismatch: " : "type mismatch: ",
                         l.ToString(), " ", OpText(op), " ", r.ToString(), hint));
    return Type::Error();
  }

  Type InferKind(const ExprSource& src, const Expr& e, const Binary& b) {
    if (b.op == BinaryOp::kIn) return InferIn(src, e, b);
    Type l = Infer(src, *b.lhs);
    Type r = Infer(src, *b.rhs);
    if (l.is_error() || r.is_error()) return Type::Error();
    switch (b.op) {
      case BinaryOp::kAnd:
      case BinaryOp::kOr:
        if (l.kind != TypeKind::kBool || r.kind != TypeKind::kBool) {
          return Mismatch(src, e, b.op, l, r);
        }
        return Type::Bool();
      case BinaryOp::kLt:
      case BinaryOp::kLe:
      case BinaryOp::kGt:
      case BinaryOp::kGe:
        if (!l.SameAs(r) || !(l.is_number() || l.kind == TypeKind::kDate ||
                              l.kind == TypeKind::kMonth)) {
          return Mismatch(src, e, b.op, l, r);
        }
        return Type::Bool();
      case BinaryOp::kEq:
      case BinaryOp::kNe:
        if (!l.SameAs(r) || l.kind == TypeKind::kSet || l.kind == TypeKind::kList ||
            l.kind == TypeKind::kScale) {
          return Mismatch(src, e, b.op, l, r);
        }
        return Type::Bool();
      case BinaryOp::kAdd:
        if (l.is_number() && r.is_number() && l.unit == r.unit) return Number(l, r);
        if (l.kind == TypeKind::kDate && r.is_number() && r.unit == Unit::Gun()) return l;
        if (l.kind == TypeKind::kMonth && r.is_number() && r.unit.is_none()) return l;
        return Mismatch(src, e, b.op, l, r);
      case BinaryOp::kSub:
        if (l.is_number() && r.is_number() && l.unit == r.unit) return Number(l, r);
        if (l.kind == TypeKind::kDate && r.kind == TypeKind::kDate) {
          Type t = Type::Number(Unit::Gun());
          t.integral = true;
          return t;
        }
        if (l.kind == TypeKind::kDate && r.is_number() && r.unit == Unit::Gun()) return l;
        if (l.kind == TypeKind::kMonth && r.is_number() && r.unit.is_none()) return l;
        return Mismatch(src, e, b.op, l, r);
      case BinaryOp::kMul:
        if (l.is_number() && r.is_number()) return Type::Number(l.unit * r.unit);
        return Mismatch(src, e, b.op, l, r);
      case BinaryOp::kDiv:
        if (l.is_number() && r.is_number()) return Type::Number(l.unit / r.unit);
        return Mismatch(src, e, b.op, l, r);
      case BinaryOp::kIn:
        break;
    }
    return Type::Error();
  }

  static Type Number(const Type& l, const Type& r) {
    Type t = Type::Number(l.unit);
    t.integral = l.integral && r.integral;
    return t;
  }

  Type InferIn(const ExprSource& src, const Expr& e, const Binary& b) {
    Type l = Infer(src, *b.lhs);
    if (const auto* list = std::get_if<ListLit>(&b.rhs->kind)) {
      Record(*b.rhs, Type::Of(TypeKind::kSet));
      for (const ExprPtr& el : list->elements) {
        Type t = Infer(src, *el);
        bool literal = std::holds_alternative<NumberLit>(el->kind) ||
                       std::holds_alternative<StringLit>(el->kind);
        if (!literal) {
          ErrorAt(src, *el, "not-constant", "set elements must be literals");
        } else if (!l.is_error() && !t.SameAs(l)) {
          Mismatch(src, *el, BinaryOp::kIn, l, t);
        }
      }
      if (!l.is_error() && !l.is_number() && l.kind != TypeKind::kString) {
        ErrorAt(src, e, "type-mismatch",
                absl::StrCat("`in` needs a number or string on the left, found ",
                             l.ToString()));
      }
      return Type::Bool();
    }
    Type r = Infer(src, *b.rhs);
    if (l.is_error() || r.is_error()) return Type::Bool();
    if (r.kind != TypeKind::kSet) {
      ErrorAt(src, *b.rhs, "type-mismatch",
              absl::StrCat("right of `in` must be a list [..] or a set parameter, found ",
                           r.ToString()));
    } else if ((r.element == TypeKind::kString) != (l.kind == TypeKind::kString) ||
               !(l.is_number() || l.kind == TypeKind::kString)) {
      ErrorAt(src, e, "type-mismatch",
              absl::StrCat("`in`: ", l.ToString(), " cannot be in a ", r.ToString()));
    }
    return Type::Bool();
  }

  Type InferKind(const ExprSource& src, const Expr& e, const ParamAt& p) {
    Type d = Infer(src, *p.date);
    if (!d.is_error() && d.kind != TypeKind::kDate) {
      ErrorAt(src, *p.date, "type-mismatch",
              absl::StrCat("a parameter is read on a date, found ", d.ToString()));
    }
    auto it = rules_.parameters.find(p.param);
    if (it == rules_.parameters.end()) {
      const std::vector<std::string>& broken = rules_.def->broken_parameters;
      if (std::find(broken.begin(), broken.end(), p.param) == broken.end()) {
        ErrorAt(src, e, "unknown-name", absl::StrCat("unknown parameter \"", p.param, "\""));
      }  // else: its definition's error says why
      return Type::Error();
    }
    used_params_.insert(p.param);
    WarnIfBeforeFirstValue(src, e, p.param, *it->second.def);
    return it->second.type;
  }

  // A programme valid from D0 may be asked about any date from D0 on; a
  // parameter whose history starts after D0 has no value for the claims in
  // between, and each of them would stop with an error. (A programme without
  // valid_from declares no earliest date, so there is nothing to compare.)
  //
  // The bound holds for the date `valid_on` names. A lookup on another date
  // (validity on the application date, a lookup on the termination date) is
  // not bounded by it: a claim applied for on valid_from may have ended its
  // contract the day before. Such a lookup is reported when the parameter's
  // history starts on or after valid_from, with the last date that fails.
  void WarnIfBeforeFirstValue(const ExprSource& src, const Expr& e, const std::string& name,
                              const ParameterDef& def) {
    if (!program_.valid_from || def.values.empty()) return;
    Date first = def.values.front().from;
    for (const ParameterValue& v : def.values) first = std::min(first, v.from);
    const auto* at = std::get_if<ParamAt>(&e.kind);
    std::string read_on;
    if (at != nullptr && at->date != nullptr && at->date->offset >= 0 &&
        static_cast<size_t>(at->date->offset + at->date->length) <= src.text.size()) {
      read_on = std::string(absl::StripAsciiWhitespace(
          absl::string_view(src.text).substr(at->date->offset, at->date->length)));
    }
    const std::string valid_on(absl::StripAsciiWhitespace(program_.valid_on));
    const bool bounded = read_on.empty() || valid_on.empty() || read_on == valid_on ||
                         absl::StrCat("(", read_on, ")") == valid_on;
    if (bounded) {
      if (!(*program_.valid_from < first)) return;
      if (!warned_params_.insert(name).second) return;
      Warning(src.location.Shifted(e.offset), "param-before-first-value",
              absl::StrCat("parameter \"", name, "\" has no value before ", first.ToString(),
                           ", but programme \"", program_.id, "\" is valid from ",
                           program_.valid_from->ToString(), ": claims dated ",
                           program_.valid_from->ToString(), " to ",
                           AddDays(first, -1).ToString(), " will stop with an error"));
      return;
    }
    if (first < *program_.valid_from) return;
    if (!warned_params_.insert(absl::StrCat(name, "@", read_on)).second) return;
    Warning(src.location.Shifted(e.offset), "param-before-first-value",
            absl::StrCat("parameter \"", name, "\" is read on ", read_on,
                         ", which the validity of programme \"", program_.id, "\" (from ",
                         program_.valid_from->ToString(), " on ", valid_on,
                         ") does not bound, and has no value before ", first.ToString(),
                         ": a claim it admits with ", read_on, " on ",
                         AddDays(first, -1).ToString(), " or earlier will stop with an error"));
  }

  Type InferKind(const ExprSource& src, const Expr& e, const IfExpr& i) {
    Type c = Infer(src, *i.cond);
    Type a = Infer(src, *i.then_expr);
    Type b = Infer(src, *i.else_expr);
    if (!c.is_error() && c.kind != TypeKind::kBool) {
      ErrorAt(src, *i.cond, "type-mismatch",
              absl::StrCat("`if` condition must be bool, found ", c.ToString()));
    }
    if (a.is_error() || b.is_error()) return Type::Error();
    if (!a.SameAs(b)) {
      ErrorAt(src, e, a.is_number() && b.is_number() ? "unit-mismatch" : "type-mismatch",
              absl::StrCat("`if` branches differ: then gives ", a.ToString(),
                           ", else gives ", b.ToString()));
      return Type::Error();
    }
    return a.is_number() ? Number(a, b) : a;
  }

  Type InferKind(const ExprSource& src, const Expr& e, const ListLit&) {
    ErrorAt(src, e, "type-mismatch", "a list [..] is only allowed on the right of `in`");
    return Type::Error();
  }

  // ---- built-in functions ------------------------------------------------------

  Type ArityError(const ExprSource& src, const Expr& e, const Call& c,
                  const std::string& expected) {
    ErrorAt(src, e, "bad-call",
            absl::StrCat(c.function, "() takes ", expected, ", given ", c.args.size()));
    return Type::Error();
  }

  // The window argument of sum/count/min/max/covers/covered_days: a date or
  // month range.
  Type InferKind(const ExprSource& src, const Expr& e, const Call& c) {
    const std::string& f = c.function;
    size_t n = c.args.size();
    if (!IsBuiltinFunction(f)) {
      ErrorAt(src, e, "unknown-function",
              absl::StrCat("unknown function ", f, "(); built-ins: ",
                           absl::StrJoin(std::begin(kBuiltins), std::end(kBuiltins), ", ")));
      for (const ExprPtr& a : c.args) Infer(src, *a);
      return Type::Error();
    }
    // Aggregates over a list: the first argument is a list or list.field.
    const bool spells = f == "covers" || f == "covered_days";
    if ((f == "sum" || f == "min" || f == "max" || f == "count" || spells) && n == 2) {
      if (const auto* id = std::get_if<Ident>(&c.args[0]->kind)) {
        std::optional<Type> field = ListField(id->name);
        auto sym = out_.symbols.find(id->name);
        bool is_list = sym != out_.symbols.end() && sym->second.is_list();
        if (field || is_list) return InferAggregate(src, e, c, field, is_list);
      }
      if (f == "sum" || f == "count" || spells) {
        ErrorAt(src, *c.args[0], "type-mismatch",
                absl::StrCat(f, "() needs a history list",
                             f == "sum" ? " field (like primler.kazanc)" : "",
                             " as its first argument"));
        Infer(src, *c.args[1]);
        return Type::Error();
      }
    }
    if (f == "round") return InferRound(src, e, c);
    if (f == "scale") return InferScale(src, e, c);

    std::vector<Type> t;
    bool error = false;
    for (size_t k = 0; k < n; ++k) {
      bool optional = k == 0 && (f == "known" || f == "value_or");
      optional_depth_ += optional;
      t.push_back(Infer(src, *c.args[k]));
      optional_depth_ -= optional;
      error |= t.back().is_error();
    }
    if (f == "known") {
      if (n != 1) return ArityError(src, e, c, "1 argument");
      return Type::Bool();
    }
    if (f == "value_or") {
      if (n != 2) return ArityError(src, e, c, "2 arguments");
      if (error) return Type::Error();
      if (!t[0].SameAs(t[1])) return ArgMismatch(src, e, c, t[0], t[1]);
      return t[0];
    }
    if (error) return Type::Error();
    if (f == "min" || f == "max") {
      if (n < 2) return ArityError(src, e, c, "2 or more arguments");
      for (size_t i = 1; i < n; ++i) {
        if (!t[0].SameAs(t[i])) return ArgMismatch(src, e, c, t[0], t[i]);
      }
      if (!t[0].is_number() && t[0].kind != TypeKind::kDate &&
          t[0].kind != TypeKind::kMonth) {
        return ArgError(src, e, c, "numbers, dates or months", t[0]);
      }
      return t[0];
    }
    if (f == "abs") {
      if (n != 1) return ArityError(src, e, c, "1 argument");
      if (!t[0].is_number()) return ArgError(src, e, c, "a number", t[0]);
      return t[0];
    }
    if (f == "clamp") {
      if (n != 3) return ArityError(src, e, c, "3 arguments (x, lo, hi)");
      if (!t[0].is_number()) return ArgError(src, e, c, "numbers", t[0]);
      for (size_t i = 1; i < 3; ++i) {
        if (!t[0].SameAs(t[i])) return ArgMismatch(src, e, c, t[0], t[i]);
      }
      return t[0];
    }
    if (f == "days_between") {
      if (n != 2) return ArityError(src, e, c, "2 dates");
      if (t[0].kind != TypeKind::kDate) return ArgError(src, e, c, "dates", t[0]);
      if (t[1].kind != TypeKind::kDate) return ArgError(src, e, c, "dates", t[1]);
      Type r = Type::Number(Unit::Gun());
      r.integral = true;
      return r;
    }
    if (f == "add_days" || f == "add_months" || f == "add_years") {
      if (n != 2) return ArityError(src, e, c, "(date, count)");
      if (t[0].kind != TypeKind::kDate) return ArgError(src, e, c, "a date first", t[0]);
      if (!t[1].is_number() || !(t[1].unit.is_none() || t[1].unit == Unit::Gun())) {
        return ArgError(src, e, c, "a count (number) second", t[1]);
      }
      return Type::Date();
    }
    if (f == "month_of") {
      if (n != 1) return ArityError(src, e, c, "1 date");
      if (t[0].kind == TypeKind::kMonth) return t[0];
      if (t[0].kind != TypeKind::kDate) return ArgError(src, e, c, "a date", t[0]);
      return Type::Month();
    }
    if (f == "start_of_month" || f == "end_of_month") {
      if (n != 1) return ArityError(src, e, c, "1 month or date");
      if (t[0].kind != TypeKind::kMonth && t[0].kind != TypeKind::kDate) {
        return ArgError(src, e, c, "a month or date", t[0]);
      }
      return Type::Date();
    }
    if (f == "last_days" || f == "last_years" || f == "last_months") {
      if (n != 2) return ArityError(src, e, c, "(end, count)");
      bool month_ok = f == "last_months" && t[0].kind == TypeKind::kMonth;
      if (t[0].kind != TypeKind::kDate && !month_ok) {
        return ArgError(src, e, c, f == "last_months" ? "a month or date" : "a date", t[0]);
      }
      if (!t[1].is_number() || !(t[1].unit.is_none() || t[1].unit == Unit::Gun())) {
        return ArgError(src, e, c, "a count second", t[1]);
      }
      return Type::Of(f == "last_months" ? TypeKind::kMonthRange : TypeKind::kDateRange);
    }
    if (f == "between") {
      if (n != 2) return ArityError(src, e, c, "(first, last)");
      if (!t[0].SameAs(t[1])) return ArgMismatch(src, e, c, t[0], t[1]);
      if (t[0].kind == TypeKind::kDate) return Type::Of(TypeKind::kDateRange);
      if (t[0].kind == TypeKind::kMonth) return Type::Of(TypeKind::kMonthRange);
      return ArgError(src, e, c, "dates or months", t[0]);
    }
    ErrorAt(src, e, "bad-call", absl::StrCat(f, "() is not valid here"));
    return Type::Error();
  }

  Type ArgError(const ExprSource& src, const Expr& e, const Call& c,
                const std::string& expected, const Type& found) {
    ErrorAt(src, e, "type-mismatch",
            absl::StrCat(c.function, "() expects ", expected, ", found ", found.ToString()));
    return Type::Error();
  }
  Type ArgMismatch(const ExprSource& src, const Expr& e, const Call& c, const Type& a,
                   const Type& b) {
    ErrorAt(src, e, a.is_number() && b.is_number() ? "unit-mismatch" : "type-mismatch",
            absl::StrCat(c.function, "(): arguments differ: ", a.ToString(), " and ",
                         b.ToString()));
    return Type::Error();
  }

  Type InferAggregate(const ExprSource& src, const Expr& e, const Call& c,
                      std::optional<Type> field, bool is_list) {
    const std::string& f = c.function;
    Record(*c.args[0], field ? *field : Type::Of(TypeKind::kList));
    Type w = Infer(src, *c.args[1]);
    const std::string& arg_name = std::get<Ident>(c.args[0]->kind).name;
    std::string list_name = is_list ? arg_name : arg_name.substr(0, arg_name.rfind('.'));
    auto found = out_.symbols.find(list_name);
    const InputDef* list = found == out_.symbols.end() ? nullptr : found->second.input;
    if (is_list) NoteUse(list_name);
    const bool spells = f == "covers" || f == "covered_days";
    if ((f == "count" || spells) != is_list) {
      ErrorAt(src, *c.args[0], "type-mismatch",
              absl::StrCat(f, "() takes ", is_list ? "a field like " : "the list itself, not ",
                           is_list ? list_name + ".gun" : arg_name));
      return Type::Error();
    }
    // The window kind must match the field it selects on.
    std::string key = spells ? (list->span ? list->span->first : "") : list->key;
    if (key.empty()) {
      ErrorAt(src, e, "missing-key",
              absl::StrCat("list ", list_name, " has no ",
                           spells ? "`span:`" : "`key:`", " to select records by"));
      return Type::Error();
    }
    Type key_type = Type::Error();
    for (const FieldDef& fd : list->fields) {
      if (fd.name == key) {
        absl::StatusOr<Type> kt = ParseDeclaredType(fd.type);
        if (kt.ok()) key_type = *kt;
      }
    }
    if (f == "covered_days" && key_type.kind != TypeKind::kDate) {
      // It counts calendar days, which a spell of months does not give.
      ErrorAt(src, e, "type-mismatch",
              absl::StrCat("covered_days(): list ", list_name,
                           " needs date spells (`span:` of date fields), its are ",
                           key_type.ToString()));
      return Type::Error();
    }
    if (!w.is_error()) {
      TypeKind want = key_type.kind == TypeKind::kMonth ? TypeKind::kMonthRange
                                                         : TypeKind::kDateRange;
      if (w.kind != want) {
        ErrorAt(src, *c.args[1], "type-mismatch",
                absl::StrCat(f, "(): list ", list_name, " is keyed by ",
                             key_type.ToString(), ", so the window must be a ",
                             Type::Of(want).ToString(), ", found ", w.ToString()));
        return Type::Error();
      }
    }
    if (f == "covers") return Type::Bool();
    if (f == "covered_days") return Type::Number(Unit::Gun());
    if (f == "count") return Type::Number(Unit::None());
    if (!field->is_number() && f == "sum") {
      ErrorAt(src, *c.args[0], "type-mismatch",
              absl::StrCat("sum() needs a number field, ", arg_name, " is ",
                           field->ToString()));
      return Type::Error();
    }
    Type r = *field;
    return r;
  }

  Type InferRound(const ExprSource& src, const Expr& e, const Call& c) {
    if (c.args.size() != 3) {
      for (const ExprPtr& a : c.args) Infer(src, *a);
      return ArityError(src, e, c, "3 arguments: round(x, places, mode)");
    }
    Type x = Infer(src, *c.args[0]);
    const auto* places = std::get_if<NumberLit>(&c.args[1]->kind);
    if (places == nullptr || !places->unit.empty() || places->value.raw() < 0 ||
        places->value.raw() > 6 * Decimal::kOne ||
        places->value.raw() % Decimal::kOne != 0) {
      ErrorAt(src, *c.args[1], "bad-call",
              "round(): places must be a whole number literal from 0 to 6");
    }
    Record(*c.args[1], Type::Number(Unit::None()));
    const auto* mode = std::get_if<Ident>(&c.args[2]->kind);
    if (mode == nullptr || !ParseRoundingMode(mode->name)) {
      ErrorAt(src, *c.args[2], "bad-call",
              "round(): mode must be one of half_up, half_even, down, up, floor, ceiling");
    }
    Record(*c.args[2], Type::Of(TypeKind::kRoundingMode));
    if (!x.is_error() && !x.is_number()) return ArgError(src, e, c, "a number", x);
    x.integral = false;
    return x;
  }

  Type InferScale(const ExprSource& src, const Expr& e, const Call& c) {
    if (c.args.size() != 2) {
      for (const ExprPtr& a : c.args) Infer(src, *a);
      return ArityError(src, e, c, "2 arguments: scale(param @ date, base)");
    }
    Type s = Infer(src, *c.args[0]);
    Type base = Infer(src, *c.args[1]);
    if (!s.is_error() && (s.kind != TypeKind::kScale ||
                          !std::holds_alternative<ParamAt>(c.args[0]->kind))) {
      return ArgError(src, e, c, "a scale parameter read on a date", s);
    }
    if (base.is_error() || s.is_error()) return Type::Error();
    if (!base.is_number() || base.unit != s.unit) {
      return ArgError(src, e, c, absl::StrCat("a base in ", s.unit.ToString()), base);
    }
    return Type::Number(s.unit);
  }

  // ---- conditions and outputs ---------------------------------------------------

  void CheckConditions() {
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

  void CheckOutputs() {
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

  void WarnUnusedInputs() {
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

void CheckParameters(const RuleSetDef& rules, CheckedRuleSet& out,
                     std::vector<Diagnostic>& diags) {
  auto error = [&](const SourceLocation& loc, const std::string& code, std::string msg) {
    diags.push_back(Diagnostic{Severity::kError, code, loc.file, loc.line, loc.column,
                               std::move(msg)});
  };
  for (const ParameterDef& p : rules.parameters) {
    CheckedParameter cp;
    cp.def = &p;
    if (out.parameters.contains(p.name)) {
      error(p.location, "duplicate-name", absl::StrCat("parameter ", p.name, " defined twice"));
      continue;
    }
    if (p.reference.empty()) {
      error(p.location, "missing-reference",
            absl::StrCat("parameter ", p.name, " has no reference (the article)"));
    }
    absl::StatusOr<Unit> unit = ParseUnit(p.unit);
    if (!unit.ok()) {
      error(p.location, "bad-unit", std::string(unit.status().message()));
      unit = Unit::None();
    }
    switch (p.kind) {
      case ParameterKind::kNumber:
        cp.type = Type::Number(*unit);
        break;
      case ParameterKind::kScale:
        cp.type = [&] { Type t = Type::Of(TypeKind::kScale); t.unit = *unit; return t; }();
        break;
      case ParameterKind::kSet: {
        cp.type = Type::Of(TypeKind::kSet);
        bool strings = false, numbers = false;
        for (const ParameterValue& v : p.values) {
          if (const auto* s = std::get_if<ValueSet>(&v.value)) {
            strings |= !s->strings.empty();
            numbers |= !s->numbers.empty();
          }
        }
        if (strings && numbers) {
          error(p.location, "type-mismatch",
                absl::StrCat("set parameter ", p.name, " mixes numbers and strings"));
        }
        cp.type.element = strings ? TypeKind::kString : TypeKind::kNumber;
        break;
      }
    }
    if (p.values.empty()) {
      error(p.location, "missing-value", absl::StrCat("parameter ", p.name, " has no values"));
    }
    out.parameters.emplace(p.name, cp);
  }
}

}  // namespace

bool IsBuiltinFunction(const std::string& name) {
  for (const char* b : kBuiltins) {
    if (name == b) return true;
  }
  return false;
}

std::vector<std::string> BuiltinFunctionNames() {
  return std::vector<std::string>(std::begin(kBuiltins), std::end(kBuiltins));
}

std::vector<Diagnostic> CheckRuleSet(const RuleSetDef& rules, CheckedRuleSet& out) {
  std::vector<Diagnostic> diags;
  out.def = &rules;
  CheckParameters(rules, out, diags);
  absl::flat_hash_map<std::string, const ProgramDef*> seen;
  out.programs.reserve(rules.programs.size());
  for (const ProgramDef& p : rules.programs) {
    if (!seen.emplace(p.id, &p).second) {
      diags.push_back(Diagnostic{Severity::kError, "duplicate-name", p.location.file,
                                 p.location.line, p.location.column,
                                 absl::StrCat("programme ", p.id, " defined twice (also in ",
                                              seen[p.id]->location.ToString(), ")")});
      continue;
    }
    out.programs.emplace_back();
    ProgramChecker(out, p, out.programs.back(), diags).Run();
  }
  // One claim schema serves every programme: an input name means one thing.
  absl::flat_hash_map<std::string, std::pair<Type, const InputDef*>> inputs;
  for (const CheckedProgram& cp : out.programs) {
    for (const InputDef& in : cp.def->inputs) {
      const Type& t = cp.symbols.at(in.name).type;
      auto [it, fresh] = inputs.emplace(in.name, std::make_pair(t, &in));
      if (!fresh && !t.is_error() && !it->second.first.is_error() &&
          !it->second.first.SameAs(t)) {
        diags.push_back(Diagnostic{
            Severity::kError, "type-mismatch", in.location.file, in.location.line,
            in.location.column,
            absl::StrCat("input ", in.name, " is ", t.ToString(), " here but ",
                         it->second.first.ToString(), " at ",
                         it->second.second->location.ToString())});
      }
    }
  }
  return diags;
}

}  // namespace odenek::internal
