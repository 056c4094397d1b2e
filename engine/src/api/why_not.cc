// "Why not" (Result::why_not): for each failed condition of an ineligible
// claim, the values and parameter lookups it read and the single change of
// one value that would make it hold. Read from the claim's explanation and
// the condition's expression; computed by RuleSet::Evaluate when asked.
#include "api/rule_set_access.h"
#include "api/why_not.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "api/engine.h"
#include "ast/ast.h"
#include "odenek/decimal.h"

namespace odenek::internal {
namespace {

std::string ValueOrUnknown(const ExplanationStep& s) {
  return s.known ? s.value : "(bilinmiyor)";
}

// ---- "why not": the values behind a failed condition ------------------------

// Names and parameter lookups an expression reads, in order, without repeats.
void CollectNames(const Expr& e, std::vector<std::string>& names,
                  std::vector<std::string>& params) {
  auto add = [](std::vector<std::string>& v, const std::string& n) {
    if (std::find(v.begin(), v.end(), n) == v.end()) v.push_back(n);
  };
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, Ident>) {
          add(names, node.name);
        } else if constexpr (std::is_same_v<T, ParamAt>) {
          add(params, node.param);
          CollectNames(*node.date, names, params);
        } else if constexpr (std::is_same_v<T, Unary>) {
          CollectNames(*node.operand, names, params);
        } else if constexpr (std::is_same_v<T, Binary>) {
          CollectNames(*node.lhs, names, params);
          CollectNames(*node.rhs, names, params);
        } else if constexpr (std::is_same_v<T, IfExpr>) {
          CollectNames(*node.cond, names, params);
          CollectNames(*node.then_expr, names, params);
          CollectNames(*node.else_expr, names, params);
        } else if constexpr (std::is_same_v<T, Call>) {
          for (const ExprPtr& a : node.args) CollectNames(*a, names, params);
        } else if constexpr (std::is_same_v<T, ListLit>) {
          for (const ExprPtr& a : node.elements) CollectNames(*a, names, params);
        }
      },
      e.kind);
}

// The parameter step read for `condition` (the explanation lists every lookup).
const ExplanationStep* ParameterStep(const Result& r, const std::string& param,
                                     const std::string& condition) {
  const ExplanationStep* any = nullptr;
  for (const ExplanationStep& s : r.explanation) {
    if (s.kind != ExplanationStep::Kind::kParameter || s.name != param) continue;
    if (std::find(s.uses.begin(), s.uses.end(), condition) != s.uses.end()) return &s;
    any = &s;
  }
  return any;
}

// The relation that holds now for a wanted one (WhyNotChange::relation).
const char* FailedRelation(const std::string& wanted) {
  if (wanted == ">=") return "<";
  if (wanted == ">") return "≤";
  if (wanted == "<=") return ">";
  if (wanted == "<") return "≥";
  return "?";
}

// For `name OP bound` with a number bound (a literal or a parameter), the one
// change of `name` that makes the condition hold, e.g. "prim_gun_3_yil 540 <
// 600: 60 gün daha olsaydı koşul sağlanırdı". A failed `a or b` has every side
// false, so a change that makes one side hold makes it hold: the first side
// with such a change gives it (a yes/no side only if the claim gives it: a
// derived flag such as kalan_hak_kullanilir is no change one can make). Empty
// when the shape is other.
std::optional<WhyNotChange> SingleChange(
    const ConditionDef& condition, const Expr& expr, const Result& r,
    const std::map<std::string, const ExplanationStep*>& by_name, const RuleSet& rules,
    bool in_or = false) {
  if (const auto* either = std::get_if<Binary>(&expr.kind);
      either != nullptr && either->op == BinaryOp::kOr) {
    std::optional<WhyNotChange> change =
        SingleChange(condition, *either->lhs, r, by_name, rules, /*in_or=*/true);
    return change ? change
                  : SingleChange(condition, *either->rhs, r, by_name, rules, /*in_or=*/true);
  }
  // A yes/no input that must be true.
  if (const auto* flag = std::get_if<Ident>(&expr.kind)) {
    auto it = by_name.find(flag->name);
    if (it == by_name.end() || !it->second->known || it->second->value != "false") return {};
    if (in_or && it->second->kind != ExplanationStep::Kind::kInput && !it->second->given) {
      return {};
    }
    WhyNotChange change;
    change.name = flag->name;
    change.from = "false";
    change.relation = "=";
    change.to = "true";
    change.text = WhyNotChangeText(change, condition.reference, TextLanguage::kTurkish);
    return change;
  }
  const auto* cmp = std::get_if<Binary>(&expr.kind);
  if (cmp == nullptr) return {};
  // `code in set @ date`: any member of the set in force would do.
  if (cmp->op == BinaryOp::kIn) {
    const auto* member = std::get_if<Ident>(&cmp->lhs->kind);
    const auto* set = std::get_if<ParamAt>(&cmp->rhs->kind);
    if (member == nullptr || set == nullptr) return {};
    auto it = by_name.find(member->name);
    if (it == by_name.end() || !it->second->known) return {};
    const ExplanationStep* step = ParameterStep(r, set->param, condition.id);
    if (step == nullptr) return {};
    std::string members;
    for (const ParameterInfo& p : rules.parameters()) {
      if (p.name != set->param || p.kind != "set") continue;
      for (const ParameterValueInfo& v : p.values) {
        if (v.from == step->effective_from) members = v.value;
      }
    }
    if (members.empty()) return {};
    WhyNotChange change;
    change.name = member->name;
    change.from = it->second->value;
    change.relation = "in";
    change.to = members;
    change.failed = member->name + " " + change.from + " ∉ " + set->param;
    change.text = WhyNotChangeText(change, condition.reference, TextLanguage::kTurkish);
    return change;
  }
  const char* failed_op;  // the relation that holds now, printed between the values
  const char* wanted_op;
  switch (cmp->op) {
    case BinaryOp::kGe: failed_op = "<"; wanted_op = ">="; break;
    case BinaryOp::kGt: failed_op = "≤"; wanted_op = ">"; break;
    case BinaryOp::kLe: failed_op = ">"; wanted_op = "<="; break;
    case BinaryOp::kLt: failed_op = "≥"; wanted_op = "<"; break;
    default: return {};
  }
  const auto* lhs = std::get_if<Ident>(&cmp->lhs->kind);
  if (lhs == nullptr) return {};
  auto it = by_name.find(lhs->name);
  if (it == by_name.end() || !it->second->known) return {};
  std::string bound_text, unit;
  if (const auto* lit = std::get_if<NumberLit>(&cmp->rhs->kind)) {
    bound_text = lit->value.ToString();
    unit = lit->unit;
  } else if (const auto* at = std::get_if<ParamAt>(&cmp->rhs->kind)) {
    const ExplanationStep* step = ParameterStep(r, at->param, condition.id);
    if (step == nullptr || !step->known) return {};
    bound_text = step->value;
    for (const ParameterInfo& p : rules.parameters()) {
      if (p.name == at->param) unit = p.unit;
    }
  } else {
    return {};
  }
  absl::StatusOr<Decimal> value = Decimal::Parse(it->second->value);
  absl::StatusOr<Decimal> bound = Decimal::Parse(bound_text);
  if (!value.ok() || !bound.ok()) return {};
  WhyNotChange change;
  change.name = lhs->name;
  change.from = value->ToString();
  change.relation = wanted_op;
  change.to = bound->ToString();
  change.unit = unit;
  change.failed = lhs->name + " " + value->ToString() + " " + failed_op + " " + bound->ToString();
  const bool raise = cmp->op == BinaryOp::kGe || cmp->op == BinaryOp::kGt;
  absl::StatusOr<Decimal> gap =
      raise ? Decimal::Sub(*bound, *value) : Decimal::Sub(*value, *bound);
  if (!gap.ok()) return {};
  // Strict: no single amount to name (`by` stays empty); the text says which
  // way and past what.
  if (cmp->op != BinaryOp::kGt && cmp->op != BinaryOp::kLt) change.by = gap->ToString();
  change.text = WhyNotChangeText(change, condition.reference, TextLanguage::kTurkish);
  return change;
}

void FillWhyNot(const ConditionDef& condition, const Result& r,
                const std::map<std::string, const ExplanationStep*>& by_name,
                const RuleSet& rules, WhyNotEntry& entry) {
  entry.rule_text = condition.expr.text;
  std::vector<std::string> names, params;
  CollectNames(*condition.expr.expr, names, params);
  for (const std::string& name : names) {
    auto it = by_name.find(name);
    if (it == by_name.end()) continue;  // a parameter name or a rounding mode
    entry.values.push_back({name, it->second->value, it->second->known});
  }
  for (const std::string& param : params) {
    const ExplanationStep* step = ParameterStep(r, param, condition.id);
    if (step == nullptr) continue;
    WhyNotParameter p{param, step->on_date, ValueOrUnknown(*step), step->effective_from};
    // A set lookup's step value is the membership test; show the set itself.
    for (const ParameterInfo& info : rules.parameters()) {
      if (info.name != param || info.kind != "set") continue;
      for (const ParameterValueInfo& v : info.values) {
        if (v.from == step->effective_from) p.value = v.value;
      }
    }
    entry.parameters.push_back(std::move(p));
  }
  entry.change = SingleChange(condition, *condition.expr.expr, r, by_name, rules);
}

std::map<std::string, const ExplanationStep*> StepsByName(const Result& r) {
  std::map<std::string, const ExplanationStep*> by_name;
  for (const ExplanationStep& s : r.explanation) {
    if (s.kind == ExplanationStep::Kind::kCondition) continue;
    // Variables win over inputs of the same name (they hold the value used).
    if (s.kind == ExplanationStep::Kind::kParameter && by_name.count(s.name) != 0) continue;
    by_name[s.name] = &s;
  }
  return by_name;
}

}  // namespace

std::string WhyNotChangeText(const WhyNotChange& c, absl::string_view reference,
                             TextLanguage language) {
  const bool tr = language == TextLanguage::kTurkish;
  const auto number = [language](const std::string& machine) {
    return NumberText(machine, language);
  };
  const std::string ref = reference.empty() ? "" : absl::StrCat(" (", reference, ")");
  if (c.relation == "=") {
    return tr ? absl::StrCat(c.name, " evet olsaydı bu koşul sağlanırdı", ref)
              : absl::StrCat("the condition would hold if ", c.name, " were yes", ref);
  }
  if (c.relation == "in") {
    return tr ? absl::StrCat(c.failed, ": ", c.to,
                             " değerlerinden biri olsaydı bu koşul sağlanırdı", ref)
              : absl::StrCat(c.failed, ": the condition would hold if it were one of ", c.to,
                             ref);
  }
  const std::string failed = absl::StrCat(c.name, " ", number(c.from), " ",
                                          FailedRelation(c.relation), " ", number(c.to), ": ");
  const bool raise = c.relation == ">=" || c.relation == ">";
  if (c.by.empty()) {
    // Strict: no single amount to name; say which way and past what.
    const std::string limit = QuantityText(c.to, c.unit, language);
    if (tr) {
      return absl::StrCat(failed, c.name, " ", limit,
                          raise ? " değerini aşmalı" : " değerinin altında olmalı", ref);
    }
    return absl::StrCat(failed, c.name, raise ? " must be above " : " must be below ", limit,
                        ref);
  }
  const std::string by = QuantityText(c.by, c.unit, language);
  if (tr) {
    return absl::StrCat(failed, by, raise ? " daha" : " daha az",
                        " olsaydı bu koşul sağlanırdı", ref);
  }
  return absl::StrCat(failed, "the condition would hold with ", by, raise ? " more" : " less",
                      ref);
}

// Every failed condition of an ineligible result, with what failed it; empty
// for an eligible or undetermined one.
std::vector<WhyNotEntry> WhyNot(const Result& r, const RuleSet& rules) {
  std::vector<WhyNotEntry> out;
  if (r.verdict != Verdict::kIneligible) return out;
  const std::map<std::string, const ExplanationStep*> by_name = StepsByName(r);
  const ProgramDef* program = nullptr;
  for (const ProgramDef& p : internal::RuleSetAccess::Of(rules).rules.programs) {
    if (p.id == r.program) program = &p;
  }
  for (const ExplanationStep& s : r.explanation) {
    if (s.kind != ExplanationStep::Kind::kCondition || !s.known || s.value == "true") continue;
    WhyNotEntry entry;
    entry.condition = s.name;
    entry.formula = s.formula;
    entry.reference = s.reference;
    entry.from_explanation = true;
    for (const Reason& reason : r.reasons) {
      if (reason.rule == s.name) entry.message = reason.message;
    }
    if (program != nullptr) {
      for (const ConditionDef& c : program->conditions) {
        if (c.id == s.name) FillWhyNot(c, r, by_name, rules, entry);
      }
    }
    out.push_back(std::move(entry));
  }
  // Fall back to the reasons when the explanation has no failed condition.
  for (const Reason& reason : r.reasons) {
    bool listed = false;
    for (const ExplanationStep& s : r.explanation) {
      if (s.kind == ExplanationStep::Kind::kCondition && s.name == reason.rule) listed = true;
    }
    if (listed) continue;
    WhyNotEntry entry;
    entry.condition = reason.rule;
    entry.message = reason.message;
    entry.reference = reason.reference;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace odenek::internal
