// The programme checker's expression typing: the type and unit of every node
// (TL/gün × gün = TL), names resolved to inputs, variables and parameters,
// operators, `in`, parameters read on a date, `if`. Calls are in
// builtin_calls.cc.
#include <algorithm>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "check/program_checker.h"

namespace odenek::internal {
namespace {

const char* OpText(BinaryOp op) {
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
std::string LiteralSuffix(const Unit& unit) {
  if (unit == Unit{1, 0, 0}) return "TL";
  if (unit == Unit{0, 1, 0}) return "gun";
  if (unit == Unit{0, 0, 1}) return "saat";
  return "";
}

Type Number(const Type& l, const Type& r) {
  Type t = Type::Number(l.unit);
  t.integral = l.integral && r.integral;
  return t;
}

}  // namespace

Type ProgramChecker::Infer(const ExprSource& src, const Expr& e) {
  return Record(e, std::visit([&](const auto& k) { return InferKind(src, e, k); },
                              e.kind));
}

Type ProgramChecker::InferKind(const ExprSource&, const Expr&, const NumberLit& n) {
  if (n.unit.empty() || n.unit == "oran") return Type::Number(Unit::None());
  absl::StatusOr<Unit> u = ParseUnit(n.unit);
  return u.ok() ? Type::Number(*u) : Type::Error();
}
Type ProgramChecker::InferKind(const ExprSource&, const Expr&, const BoolLit&) {
  return Type::Bool();
}
Type ProgramChecker::InferKind(const ExprSource&, const Expr&, const DateLit&) {
  return Type::Date();
}
Type ProgramChecker::InferKind(const ExprSource&, const Expr&, const MonthLit&) {
  return Type::Month();
}
Type ProgramChecker::InferKind(const ExprSource&, const Expr&, const StringLit&) {
  return Type::String();
}

Type ProgramChecker::InferKind(const ExprSource& src, const Expr& e, const Ident& id) {
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

Type ProgramChecker::InferKind(const ExprSource& src, const Expr& e, const Unary& u) {
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

Type ProgramChecker::Mismatch(const ExprSource& src, const Expr& e, BinaryOp op, const Type& l,
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

Type ProgramChecker::InferKind(const ExprSource& src, const Expr& e, const Binary& b) {
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

Type ProgramChecker::InferIn(const ExprSource& src, const Expr& e, const Binary& b) {
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

Type ProgramChecker::InferKind(const ExprSource& src, const Expr& e, const ParamAt& p) {
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
void ProgramChecker::WarnIfBeforeFirstValue(const ExprSource& src, const Expr& e,
                                            const std::string& name,
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

Type ProgramChecker::InferKind(const ExprSource& src, const Expr& e, const IfExpr& i) {
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

Type ProgramChecker::InferKind(const ExprSource& src, const Expr& e, const ListLit&) {
  ErrorAt(src, e, "type-mismatch", "a list [..] is only allowed on the right of `in`");
  return Type::Error();
}

}  // namespace odenek::internal
