// `odenek check` and `odenek explain`.
#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"
#include "api/engine.h"
#include "ast/ast.h"
#include "commands.h"
#include "nlohmann/json.hpp"
#include "odenek/claim.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "odenek/result.h"

namespace odenek::cli {
namespace {

// Display width of UTF-8 text (code points, not bytes).
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Pad(const std::string& s, size_t width) {
  size_t w = Width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string Label(const std::string& name) {
  static const std::map<std::string, std::string> kLabels = {
      {"sure_gun", "Süre"},           {"gunluk_brut", "Günlük brüt"},
      {"aylik_brut", "Aylık brüt"},   {"damga_vergisi", "Damga vergisi"},
      {"aylik_net", "Aylık net"},
  };
  auto it = kLabels.find(name);
  return it == kLabels.end() ? name : it->second;
}

std::string FormatOutput(const std::string& name, const OutputValue& v) {
  std::string text = v.text;
  if (v.kind == OutputValue::Kind::kMoney) {
    text += " TL";
  } else if (name.size() >= 4 && name.compare(name.size() - 4, 4, "_gun") == 0) {
    text += " gün";
  }
  return text;
}

std::string VerdictText(Verdict v) {
  switch (v) {
    case Verdict::kEligible:
      return "HAK KAZANDI (eligible)";
    case Verdict::kIneligible:
      return "HAK KAZANAMADI (ineligible)";
    case Verdict::kUndetermined:
      return "BELİRSİZ (undetermined)";
  }
  return "?";
}

const char* StepKindName(ExplanationStep::Kind k) {
  switch (k) {
    case ExplanationStep::Kind::kInput:
      return "input";
    case ExplanationStep::Kind::kVariable:
      return "variable";
    case ExplanationStep::Kind::kCondition:
      return "condition";
    case ExplanationStep::Kind::kParameter:
      return "parameter";
  }
  return "?";
}

void Line(const std::string& label, const std::string& value) {
  std::cout << "  " << Pad(label, 14) << ": " << value << "\n";
}

void PrintBlock(const Result& r, const std::map<std::string, std::string>& titles) {
  auto t = titles.find(r.program);
  std::string head = (t == titles.end() ? r.program : t->second) + " (" + r.program + ")";
  std::cout << Pad(head, 40) << " " << (r.id.empty() ? "(kimliksiz)" : r.id) << "\n";
  Line("Karar", VerdictText(r.verdict));
  for (const auto& [name, value] : r.values) Line(Label(name), FormatOutput(name, value));
  bool first = true;
  for (const Reason& reason : r.reasons) {
    std::string text = reason.rule + " — " + reason.message;
    if (!reason.reference.empty()) text += " (" + reason.reference + ")";
    if (first) {
      Line("Sebepler", text);
      first = false;
    } else {
      std::cout << "  " << Pad("", 14) << "  " << text << "\n";
    }
  }
  if (!r.missing.empty()) {
    std::string text;
    for (const std::string& m : r.missing) text += (text.empty() ? "" : ", ") + m;
    Line("Eksik", text);
  }
}

std::string ValueOrUnknown(const ExplanationStep& s) {
  return s.known ? s.value : "(bilinmiyor)";
}

// ---- "why not": the values behind a failed condition ------------------------

// Names and parameter lookups an expression reads, in order, without repeats.
void CollectNames(const internal::Expr& e, std::vector<std::string>& names,
                  std::vector<std::string>& params) {
  auto add = [](std::vector<std::string>& v, const std::string& n) {
    if (std::find(v.begin(), v.end(), n) == v.end()) v.push_back(n);
  };
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, internal::Ident>) {
          add(names, node.name);
        } else if constexpr (std::is_same_v<T, internal::ParamAt>) {
          add(params, node.param);
          CollectNames(*node.date, names, params);
        } else if constexpr (std::is_same_v<T, internal::Unary>) {
          CollectNames(*node.operand, names, params);
        } else if constexpr (std::is_same_v<T, internal::Binary>) {
          CollectNames(*node.lhs, names, params);
          CollectNames(*node.rhs, names, params);
        } else if constexpr (std::is_same_v<T, internal::IfExpr>) {
          CollectNames(*node.cond, names, params);
          CollectNames(*node.then_expr, names, params);
          CollectNames(*node.else_expr, names, params);
        } else if constexpr (std::is_same_v<T, internal::Call>) {
          for (const internal::ExprPtr& a : node.args) CollectNames(*a, names, params);
        } else if constexpr (std::is_same_v<T, internal::ListLit>) {
          for (const internal::ExprPtr& a : node.elements) CollectNames(*a, names, params);
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

std::string UnitWord(const std::string& unit) {
  if (unit == "gun") return " gün";
  if (unit == "saat") return " saat";
  if (unit == "TL") return " TL";
  return "";
}

// The one change of a single value that makes a failed condition hold.
struct SingleChangeInfo {
  std::string name;      // the value to change (an input, or a variable the claim may give)
  std::string from;      // its value now
  std::string relation;  // what must hold: ">=", ">", "<=", "<", or "=" (a yes/no input)
  std::string to;        // the bound, or "true"
  std::string by;        // how much more or less (non-strict comparisons), else ""
  std::string unit;      // of `by` and `to`: "gun", "TL", "saat", or ""
  std::string failed;    // the relation that holds now: "prim_gun_3_yil 540 < 600"
  std::string text;      // the sentence explain prints after "→ "
};

// A parameter a failed condition read, with the value it had on the date read.
struct WhyNotParameter {
  std::string name;
  std::string on_date;
  std::string value;  // a set parameter: the set itself
  std::string effective_from;
};

struct WhyNotValue {
  std::string name;
  std::string value;
  bool known = false;
};

// One failed condition of an ineligible claim, and what failed it: the data
// behind both the text "Neden olmadı" section and the JSON "why_not" array.
struct WhyNotEntry {
  std::string condition;
  std::string formula;    // the condition's expression, as the explanation has it
  std::string message;
  std::string reference;
  bool from_explanation = false;  // false: only known from Result::reasons
  std::string rule_text;          // "" when the condition's definition is not found
  std::vector<WhyNotValue> values;
  std::vector<WhyNotParameter> parameters;
  std::optional<SingleChangeInfo> change;
};

// For `name OP bound` with a number bound (a literal or a parameter), the one
// change of `name` that makes the condition hold, e.g. "prim_gun_3_yil 540 <
// 600: 60 gün daha olsaydı koşul sağlanırdı". A failed `a or b` has every side
// false, so a change that makes one side hold makes it hold: the first side
// with such a change gives it (a yes/no side only if the claim gives it: a
// derived flag such as kalan_hak_kullanilir is no change one can make). Empty
// when the shape is other.
std::optional<SingleChangeInfo> SingleChange(
    const internal::ConditionDef& condition, const internal::Expr& expr, const Result& r,
    const std::map<std::string, const ExplanationStep*>& by_name, const RuleSet& rules,
    bool in_or = false) {
  std::string reference;
  if (!condition.reference.empty()) reference = " (" + condition.reference + ")";
  if (const auto* either = std::get_if<internal::Binary>(&expr.kind);
      either != nullptr && either->op == internal::BinaryOp::kOr) {
    std::optional<SingleChangeInfo> change =
        SingleChange(condition, *either->lhs, r, by_name, rules, /*in_or=*/true);
    return change ? change
                  : SingleChange(condition, *either->rhs, r, by_name, rules, /*in_or=*/true);
  }
  // A yes/no input that must be true.
  if (const auto* flag = std::get_if<internal::Ident>(&expr.kind)) {
    auto it = by_name.find(flag->name);
    if (it == by_name.end() || !it->second->known || it->second->value != "false") return {};
    if (in_or && it->second->kind != ExplanationStep::Kind::kInput && !it->second->given) {
      return {};
    }
    SingleChangeInfo change;
    change.name = flag->name;
    change.from = "false";
    change.relation = "=";
    change.to = "true";
    change.text = flag->name + " true olsaydı bu koşul sağlanırdı" + reference;
    return change;
  }
  const auto* cmp = std::get_if<internal::Binary>(&expr.kind);
  if (cmp == nullptr) return {};
  // `code in set @ date`: any member of the set in force would do.
  if (cmp->op == internal::BinaryOp::kIn) {
    const auto* member = std::get_if<internal::Ident>(&cmp->lhs->kind);
    const auto* set = std::get_if<internal::ParamAt>(&cmp->rhs->kind);
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
    SingleChangeInfo change;
    change.name = member->name;
    change.from = it->second->value;
    change.relation = "in";
    change.to = members;
    change.failed = member->name + " " + change.from + " ∉ " + set->param;
    change.text = change.failed + ": " + members + " değerlerinden biri olsaydı bu koşul sağlanırdı" +
                  reference;
    return change;
  }
  const char* failed_op;  // the relation that holds now, printed between the values
  const char* wanted_op;
  switch (cmp->op) {
    case internal::BinaryOp::kGe: failed_op = "<"; wanted_op = ">="; break;
    case internal::BinaryOp::kGt: failed_op = "≤"; wanted_op = ">"; break;
    case internal::BinaryOp::kLe: failed_op = ">"; wanted_op = "<="; break;
    case internal::BinaryOp::kLt: failed_op = "≥"; wanted_op = "<"; break;
    default: return {};
  }
  const auto* lhs = std::get_if<internal::Ident>(&cmp->lhs->kind);
  if (lhs == nullptr) return {};
  auto it = by_name.find(lhs->name);
  if (it == by_name.end() || !it->second->known) return {};
  std::string bound_text, unit;
  if (const auto* lit = std::get_if<internal::NumberLit>(&cmp->rhs->kind)) {
    bound_text = lit->value.ToString();
    unit = lit->unit;
  } else if (const auto* at = std::get_if<internal::ParamAt>(&cmp->rhs->kind)) {
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
  SingleChangeInfo change;
  change.name = lhs->name;
  change.from = value->ToString();
  change.relation = wanted_op;
  change.to = bound->ToString();
  change.unit = unit;
  change.failed = lhs->name + " " + value->ToString() + " " + failed_op + " " + bound->ToString();
  const std::string text = change.failed + ": ";
  const bool raise = cmp->op == internal::BinaryOp::kGe || cmp->op == internal::BinaryOp::kGt;
  absl::StatusOr<Decimal> gap =
      raise ? Decimal::Sub(*bound, *value) : Decimal::Sub(*value, *bound);
  if (!gap.ok()) return {};
  if (cmp->op == internal::BinaryOp::kGt || cmp->op == internal::BinaryOp::kLt) {
    // Strict: no single amount to name; say which way and past what.
    const std::string limit = bound->ToString() + UnitWord(unit);
    change.text = text + lhs->name + " " + limit +
                  (raise ? " değerini aşmalı" : " değerinin altında olmalı") + reference;
    return change;
  }
  change.by = gap->ToString();
  change.text = text + gap->ToString() + UnitWord(unit) + (raise ? " daha" : " daha az") +
                " olsaydı bu koşul sağlanırdı" + reference;
  return change;
}

void FillWhyNot(const internal::ConditionDef& condition, const Result& r,
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

// Every failed condition of an ineligible result, with what failed it; empty
// for an eligible or undetermined one.
std::vector<WhyNotEntry> WhyNot(const Result& r, const RuleSet& rules) {
  std::vector<WhyNotEntry> out;
  if (r.verdict != Verdict::kIneligible) return out;
  const std::map<std::string, const ExplanationStep*> by_name = StepsByName(r);
  const internal::ProgramDef* program = nullptr;
  for (const internal::ProgramDef& p : rules.engine().rules.programs) {
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
      for (const internal::ConditionDef& c : program->conditions) {
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

void PrintWhyNot(const std::vector<WhyNotEntry>& entries) {
  for (const WhyNotEntry& e : entries) {
    if (!e.from_explanation) {
      std::cout << "  ✗ " << e.condition << " — " << e.message << "\n";
      continue;
    }
    std::cout << "  ✗ " << e.condition;
    if (!e.formula.empty()) std::cout << " — " << e.formula;
    if (!e.reference.empty()) std::cout << " (" << e.reference << ")";
    std::cout << "\n";
    if (e.rule_text.empty()) continue;
    std::cout << "      kural: " << e.rule_text << "\n";
    for (const WhyNotValue& v : e.values) {
      std::cout << "      " << v.name << " = " << (v.known ? v.value : "(bilinmiyor)") << "\n";
    }
    for (const WhyNotParameter& p : e.parameters) {
      std::cout << "      " << p.name;
      if (!p.on_date.empty()) std::cout << " @ " << p.on_date;
      std::cout << " = " << p.value;
      if (!p.effective_from.empty()) std::cout << " (" << p.effective_from << " tarihinden)";
      std::cout << "\n";
    }
    if (e.change) std::cout << "      → " << e.change->text << "\n";
  }
}

// The "why not" data as JSON (explain --format json, key "why_not"): the same
// facts the text section prints, one object per failed condition.
nlohmann::ordered_json WhyNotJson(const std::vector<WhyNotEntry>& entries) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const WhyNotEntry& e : entries) {
    nlohmann::ordered_json j;
    j["condition"] = e.condition;
    j["message"] = e.message;
    j["reference"] = e.reference;
    j["comparison"] = e.rule_text.empty() ? e.formula : e.rule_text;
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    for (const WhyNotValue& v : e.values) {
      values[v.name] = v.known ? nlohmann::ordered_json(v.value) : nlohmann::ordered_json();
    }
    j["values"] = std::move(values);
    nlohmann::ordered_json params = nlohmann::ordered_json::array();
    for (const WhyNotParameter& p : e.parameters) {
      params.push_back({{"name", p.name},
                        {"on_date", p.on_date},
                        {"value", p.value},
                        {"effective_from", p.effective_from}});
    }
    j["parameters"] = std::move(params);
    if (e.change) {
      const SingleChangeInfo& c = *e.change;
      j["failed"] = c.failed.empty() ? c.name + " " + c.from : c.failed;
      j["change"] = {{"name", c.name},     {"from", c.from}, {"relation", c.relation},
                     {"to", c.to},         {"by", c.by},     {"unit", c.unit},
                     {"text", c.text}};
    } else {
      j["failed"] = nullptr;
      j["change"] = nullptr;
    }
    out.push_back(std::move(j));
  }
  return out;
}

// One value of the calculation: "name = value   ← formula   [reference]", then
// each rounding its formula applied for this claim.
void PrintVariableLine(const ExplanationStep& s, size_t indent, bool above) {
  const std::string pad(indent, ' ');
  std::cout << pad << s.name << " = " << ValueOrUnknown(s);
  if (above) {
    std::cout << "   (yukarıda)\n";  // formula and reference where first shown
    return;
  }
  if (s.given) {
    std::cout << "   (başvuruda verildi)";
  } else if (!s.formula.empty()) {
    std::cout << "   ← " << s.formula;
  }
  if (!s.reference.empty()) std::cout << "   [" << s.reference << "]";
  std::cout << "\n";
  for (const Rounding& rd : s.roundings) {
    std::cout << pad << "    yuvarlama: " << rd.before << " → " << rd.after << " (" << rd.mode
              << ", " << rd.places << " basamak";
    // The call itself only where it is part of a longer formula.
    if (rd.text != s.formula) std::cout << ": " << rd.text;
    std::cout << ")\n";
  }
}

// "Hesaplama": each output of the programme as a tree of the values it was
// computed from (variables, the claim's facts, parameters with the date read
// and the date in force from), a value already shown marked "(yukarıda)"; then
// the variables no output reads (the payment schedule's months, ...), flat.
void PrintCalculationTree(const Result& r, const RuleSet& rules) {
  std::map<std::string, const ExplanationStep*> variables, inputs;
  std::map<std::string, std::vector<const ExplanationStep*>> lookups;  // variable → parameters
  for (const ExplanationStep& s : r.explanation) {
    if (s.kind == ExplanationStep::Kind::kVariable) variables[s.name] = &s;
    if (s.kind == ExplanationStep::Kind::kInput) inputs[s.name] = &s;
    if (s.kind == ExplanationStep::Kind::kParameter) {
      for (const std::string& u : s.uses) lookups[u].push_back(&s);
    }
  }
  if (variables.empty()) return;
  std::cout << "\nHesaplama\n";
  std::map<std::string, bool> shown;
  // Recursion depth is bounded by the checker's definition chain limit.
  auto print = [&](auto&& self, const std::string& name, size_t indent) -> void {
    auto v = variables.find(name);
    if (v == variables.end()) {
      auto in = inputs.find(name);
      if (in != inputs.end()) {
        std::cout << std::string(indent, ' ') << name << " = " << ValueOrUnknown(*in->second)
                  << "   (girdi)\n";
      }
      return;  // a list, a list field or a name without a value
    }
    const ExplanationStep& s = *v->second;
    const bool above = shown[name];  // shown in full once; later just its value
    PrintVariableLine(s, indent, above);
    if (above) return;
    shown[name] = true;
    if (s.given) return;  // the claim's fact: its formula was not used
    for (const std::string& u : s.uses) self(self, u, indent + 2);
    for (const ExplanationStep* p : lookups[name]) {
      std::cout << std::string(indent + 2, ' ') << p->name;
      if (!p->on_date.empty()) std::cout << " @ " << p->on_date;
      std::cout << " = " << ValueOrUnknown(*p);
      if (!p->effective_from.empty()) std::cout << " (" << p->effective_from << " tarihinden)";
      std::cout << "\n";
    }
  };
  for (const ProgramInfo& p : rules.programs()) {
    if (p.id != r.program) continue;
    for (const std::string& out : p.outputs) print(print, out, 2);
  }
  bool header = false;
  for (const ExplanationStep& s : r.explanation) {
    if (s.kind != ExplanationStep::Kind::kVariable || shown[s.name]) continue;
    if (!header) {
      std::cout << "  — çıktıların okumadığı değerler —\n";
      header = true;
    }
    PrintVariableLine(s, 2, false);
  }
}

void PrintExplanation(const Result& r, const RuleSet& rules) {
  auto section = [&](const char* title, ExplanationStep::Kind kind, auto&& print) {
    bool any = false;
    for (const ExplanationStep& s : r.explanation) {
      if (s.kind != kind) continue;
      if (!any) std::cout << "\n" << title << "\n";
      any = true;
      print(s);
    }
  };
  section("Girdiler", ExplanationStep::Kind::kInput, [](const ExplanationStep& s) {
    std::cout << "  " << s.name << " = " << ValueOrUnknown(s) << "\n";
  });
  PrintCalculationTree(r, rules);
  section("Koşullar", ExplanationStep::Kind::kCondition, [](const ExplanationStep& s) {
    const char* mark = !s.known ? "?" : (s.value == "true" ? "✓" : "✗");
    std::cout << "  " << mark << " " << s.name;
    if (!s.formula.empty()) std::cout << " — " << s.formula;
    if (!s.reference.empty()) std::cout << "   [" << s.reference << "]";
    std::cout << "\n";
  });
  section("Parametreler", ExplanationStep::Kind::kParameter, [](const ExplanationStep& s) {
    std::cout << "  " << s.name;
    if (!s.on_date.empty()) std::cout << " @ " << s.on_date;
    std::cout << " = " << ValueOrUnknown(s);
    if (!s.effective_from.empty()) std::cout << " (" << s.effective_from << " tarihinden)";
    if (!s.reference.empty()) std::cout << "   [" << s.reference << "]";
    if (!s.place.empty()) std::cout << "   " << s.place;
    std::cout << "\n";
  });
  if (r.verdict != Verdict::kIneligible) return;
  std::cout << "\nNeden olmadı\n";
  PrintWhyNot(WhyNot(r, rules));
}

nlohmann::ordered_json StepToJson(const ExplanationStep& s) {
  nlohmann::ordered_json j;
  j["kind"] = StepKindName(s.kind);
  j["name"] = s.name;
  j["formula"] = s.formula;
  j["value"] = s.value;
  j["known"] = s.known;
  j["given"] = s.given;
  j["reference"] = s.reference;
  j["uses"] = s.uses;
  j["effective_from"] = s.effective_from;
  j["on_date"] = s.on_date;
  j["place"] = s.place;
  if (!s.roundings.empty()) {
    // Additive: each rounding the variable's formula applied for this claim.
    nlohmann::ordered_json roundings = nlohmann::ordered_json::array();
    for (const Rounding& rd : s.roundings) {
      roundings.push_back({{"text", rd.text},
                           {"before", rd.before},
                           {"after", rd.after},
                           {"places", rd.places},
                           {"mode", rd.mode}});
    }
    j["roundings"] = std::move(roundings);
  }
  return j;
}

// The programme `check` evaluates: --program when given; otherwise the
// claim's `basvuru.program` (CONTRACT §3b: the programme applied for), nested
// (`basvuru: {program: ...}`) or flat (`basvuru.program: ...`); otherwise ""
// (every programme whose inputs the claim carries). A `basvuru.program` that
// names no programme of the rule set is an error naming the claim's file,
// like an unknown --program.
bool SelectProgram(const CheckOptions& options, const Claim& claim, const RuleSet& rules,
                   const std::string& file_name, std::string& program) {
  program = options.program;
  if (!program.empty()) return true;
  const internal::ClaimValue* named = nullptr;
  for (const auto& [key, value] : claim.document().object) {
    if (key == "basvuru.program") named = &value;
    if (key != "basvuru" || value.kind != internal::ClaimValue::Kind::kObject) continue;
    for (const auto& [field, inner] : value.object) {
      if (field == "program") named = &inner;
    }
  }
  if (named == nullptr || named->kind != internal::ClaimValue::Kind::kScalar ||
      named->scalar.empty()) {
    return true;  // absent, or not text: the claim reader reports a wrong type
  }
  std::string ids;
  for (const ProgramInfo& p : rules.programs()) {
    if (p.id == named->scalar) {
      program = p.id;
      return true;
    }
    ids += (ids.empty() ? "" : ", ") + p.id;
  }
  std::cerr << file_name << ":" << named->location.line << ":" << named->location.column
            << ": basvuru.program: unknown programme \"" << named->scalar
            << "\"; programmes: " << ids << "\n";
  return false;
}

}  // namespace

int RunCheck(const CheckOptions& options) {
  std::optional<RuleSet> rules = LoadRules(options.global);
  if (!rules) return 1;
  std::string text;
  if (!ReadInput(options.claim, text)) return 1;
  const std::string file_name = options.claim == "-" ? "<stdin>" : options.claim;
  absl::StatusOr<Claim> claim = Claim::Parse(text, file_name);
  if (!claim.ok()) {
    std::cerr << claim.status().message() << "\n";
    return 1;
  }
  // CONTRACT §3a: the id is required; results and errors are filed under it.
  if (absl::Status id = claim->CheckId(); !id.ok()) {
    std::cerr << id.message() << "\n";
    return 1;
  }
  EvaluateOptions eval;
  if (!options.global.date.empty()) {
    absl::StatusOr<Date> as_of = Date::Parse(options.global.date);
    if (!as_of.ok()) {
      std::cerr << "odenek: --date: " << as_of.status().message() << "\n";
      return 2;
    }
    eval.as_of = *as_of;
  }
  if (!SelectProgram(options, *claim, *rules, file_name, eval.program)) return 1;
  eval.explain = options.explain;
  absl::StatusOr<std::vector<Result>> results = rules->Evaluate(*claim, eval);
  if (!results.ok()) {
    // Runtime errors (division by zero) name the claim by id and the rule's
    // position; prefix the claim's file so every message says where to look.
    const absl::string_view message = results.status().message();
    if (results.status().code() != absl::StatusCode::kNotFound &&
        message.substr(0, file_name.size()) != file_name) {
      std::cerr << file_name << ": ";
    }
    std::cerr << message << "\n";
    return 1;
  }
  if (WantJson(options.global)) {
    std::cout << "[";
    bool first = true;
    for (const Result& r : *results) {
      std::cout << (first ? "\n" : ",\n");
      first = false;
      if (options.explain) {
        nlohmann::ordered_json j = nlohmann::ordered_json::parse(ResultToJson(r));
        nlohmann::ordered_json steps = nlohmann::ordered_json::array();
        for (const ExplanationStep& s : r.explanation) steps.push_back(StepToJson(s));
        j["explanation"] = std::move(steps);
        // Additive to CONTRACT §4: what failed each failed condition, and the
        // single change that would flip it (the text "Neden olmadı" section).
        j["why_not"] = WhyNotJson(WhyNot(r, *rules));
        std::cout << j.dump();
      } else {
        std::cout << ResultToJson(r);
      }
    }
    std::cout << (first ? "]\n" : "\n]\n");
    return 0;
  }
  std::map<std::string, std::string> titles;
  for (const ProgramInfo& p : rules->programs()) titles[p.id] = p.title;
  if (results->empty()) {
    std::cout << "Bu başvuru hiçbir programın girdisini taşımıyor.\n";
    return 0;
  }
  bool first = true;
  for (const Result& r : *results) {
    if (!first) std::cout << "\n";
    first = false;
    PrintBlock(r, titles);
    if (options.explain) PrintExplanation(r, *rules);
  }
  return 0;
}

}  // namespace odenek::cli
