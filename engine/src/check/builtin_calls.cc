// The programme checker's calls of the built-in functions (docs/rules.md §4):
// arity, argument types and units, and history aggregates over list inputs
// (sum, count, min, max, covers, covered_days) with their windows.
#include <iterator>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "check/checker.h"
#include "check/program_checker.h"

namespace odenek::internal {
namespace {

const char* const kBuiltins[] = {
    "min",          "max",        "abs",        "clamp",       "round",
    "scale",        "days_between", "add_days", "add_months",  "add_years",
    "month_of",     "start_of_month", "end_of_month", "last_days", "last_months",
    "last_years",   "between",    "sum",        "count",       "covers",
    "known",        "value_or",   "covered_days",
};

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

Type ProgramChecker::ArityError(const ExprSource& src, const Expr& e, const Call& c,
                                const std::string& expected) {
  ErrorAt(src, e, "bad-call",
          absl::StrCat(c.function, "() takes ", expected, ", given ", c.args.size()));
  return Type::Error();
}

// The window argument of sum/count/min/max/covers/covered_days: a date or
// month range.
Type ProgramChecker::InferKind(const ExprSource& src, const Expr& e, const Call& c) {
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

Type ProgramChecker::ArgError(const ExprSource& src, const Expr& e, const Call& c,
                              const std::string& expected, const Type& found) {
  ErrorAt(src, e, "type-mismatch",
          absl::StrCat(c.function, "() expects ", expected, ", found ", found.ToString()));
  return Type::Error();
}
Type ProgramChecker::ArgMismatch(const ExprSource& src, const Expr& e, const Call& c, const Type& a,
                                 const Type& b) {
  ErrorAt(src, e, a.is_number() && b.is_number() ? "unit-mismatch" : "type-mismatch",
          absl::StrCat(c.function, "(): arguments differ: ", a.ToString(), " and ",
                       b.ToString()));
  return Type::Error();
}

Type ProgramChecker::InferAggregate(const ExprSource& src, const Expr& e, const Call& c,
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

Type ProgramChecker::InferRound(const ExprSource& src, const Expr& e, const Call& c) {
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

Type ProgramChecker::InferScale(const ExprSource& src, const Expr& e, const Call& c) {
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

}  // namespace odenek::internal
