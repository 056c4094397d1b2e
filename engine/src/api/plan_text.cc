// RuleSet::PlanText: the compiled plan of one programme as text (`odenek plan
// PROGRAM`, CONTRACT §1), for a rule author or an engine developer reading
// what the planner made of the rules: every instruction with its slots,
// operands, guard and the rule text it computes, at its file:line:column.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/engine.h"
#include "api/rule_set_access.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "odenek/diagnostic.h"
#include "odenek/rule_set.h"
#include "plan/plan.h"

namespace odenek {
namespace {

using internal::Instr;
using internal::Op;
using internal::Plan;
using internal::Slot;

const char* OpName(Op op) {
  switch (op) {
    case Op::kInput: return "input";
    case Op::kCopy: return "copy";
    case Op::kCoalesce: return "coalesce";
    case Op::kIsKnown: return "is_known";
    case Op::kAdd: return "add";
    case Op::kSub: return "sub";
    case Op::kMul: return "mul";
    case Op::kDiv: return "div";
    case Op::kNeg: return "neg";
    case Op::kAbs: return "abs";
    case Op::kMin: return "min";
    case Op::kMax: return "max";
    case Op::kRound: return "round";
    case Op::kLt: return "lt";
    case Op::kLe: return "le";
    case Op::kGt: return "gt";
    case Op::kGe: return "ge";
    case Op::kEq: return "eq";
    case Op::kNe: return "ne";
    case Op::kAnd: return "and";
    case Op::kOr: return "or";
    case Op::kNot: return "not";
    case Op::kSelect: return "select";
    case Op::kDateAddDays: return "date_add_days";
    case Op::kDateDiffDays: return "date_diff_days";
    case Op::kAddMonths: return "add_months";
    case Op::kAddYears: return "add_years";
    case Op::kMonthAdd: return "month_add";
    case Op::kMonthOf: return "month_of";
    case Op::kStartOfMonth: return "start_of_month";
    case Op::kEndOfMonth: return "end_of_month";
    case Op::kLastDaysLo: return "last_days_lo";
    case Op::kLastYearsLo: return "last_years_lo";
    case Op::kLastMonthsLo: return "last_months_lo";
    case Op::kParam: return "param";
    case Op::kInSet: return "in_set";
    case Op::kInConstSet: return "in_const_set";
    case Op::kScale: return "scale";
    case Op::kWindowSum: return "window_sum";
    case Op::kWindowCount: return "window_count";
    case Op::kWindowMin: return "window_min";
    case Op::kWindowMax: return "window_max";
    case Op::kCovers: return "covers";
    case Op::kCoveredDays: return "covered_days";
  }
  return "?";
}

// Names the slots that hold a named value: "s42 (gunluk_tavan)".
class SlotNames {
 public:
  explicit SlotNames(const Plan& plan) : names_(plan.num_slots) {
    for (const internal::PlanVariable& v : plan.variables) Name(v.slot, v.name);
    for (const internal::PlanCondition& c : plan.conditions) Name(c.slot, "condition " + c.id);
    for (const internal::PlanOutput& o : plan.outputs) Name(o.slot, o.name);
  }
  std::string operator()(Slot s) const {
    if (s == internal::kNoSlot) return "-";
    const std::string& name = names_[s];
    return name.empty() ? absl::StrCat("s", s) : absl::StrCat("s", s, " (", name, ")");
  }

 private:
  void Name(Slot s, const std::string& name) {
    if (s >= 0 && s < static_cast<Slot>(names_.size()) && names_[s].empty()) names_[s] = name;
  }
  std::vector<std::string> names_;
};

}  // namespace

absl::StatusOr<std::string> RuleSet::PlanText(const std::string& program) const {
  const internal::PlannedRuleSet& planned = *impl_->engine.planned;
  const int index = planned.FindPlan(program);
  if (index < 0) {
    std::vector<std::string> ids;
    for (const Plan& plan : planned.plans) ids.push_back(plan.program);
    return absl::NotFoundError(absl::StrCat("unknown programme \"", program, "\"",
                                            DidYouMean(program, ids), "; programmes: ",
                                            absl::StrJoin(ids, ", ")));
  }
  const Plan& plan = planned.plans[index];
  const SlotNames slot = SlotNames(plan);
  std::string out = absl::StrCat("plan ", plan.program, ": ", plan.instrs.size(),
                                 " instructions, ", plan.num_slots, " slots, ",
                                 plan.constants.size(), " constants, ", plan.parameters.size(),
                                 " parameters, ", plan.payments.size(),
                                 " payment months\n");
  absl::StrAppend(&out, "rules ", impl_->engine.rules.content_hash, "\n\nconstants:\n");
  for (const auto& [s, value] : plan.constants) {
    const internal::Type& type = plan.slot_types[s];
    std::string text;
    switch (type.kind) {
      case internal::TypeKind::kNumber:
        text = Decimal::FromRaw(value).ToString();
        break;
      case internal::TypeKind::kDate:
        text = Date::FromDayNumber(static_cast<int32_t>(value)).ToString();
        break;
      case internal::TypeKind::kString:
        text = value >= 0 && value < planned.strings.size()
                   ? absl::StrCat("\"", planned.strings.Get(value), "\"")
                   : absl::StrCat("string #", value);
        break;
      case internal::TypeKind::kBool:
        text = value != 0 ? "true" : "false";
        break;
      default:
        text = absl::StrCat(value);
    }
    absl::StrAppend(&out, "  ", slot(s), " = ", text, " (", type.ToString(), ")\n");
  }
  out += "\ninstructions (dst ← op operands  [guard]  rule: text @ file:line:column):\n";
  for (size_t i = 0; i < plan.instrs.size(); ++i) {
    const Instr& in = plan.instrs[i];
    absl::StrAppend(&out, "  #", i, " ", slot(in.dst), " ← ", OpName(in.op));
    switch (in.op) {
      case Op::kInput:
        absl::StrAppend(&out, " ", planned.schema.scalars[in.aux].name);
        break;
      case Op::kParam:
      case Op::kInSet:
      case Op::kScale:
        absl::StrAppend(&out, " ", plan.parameters[in.aux].name, " @");
        break;
      case Op::kWindowSum:
      case Op::kWindowCount:
      case Op::kWindowMin:
      case Op::kWindowMax:
      case Op::kCovers:
      case Op::kCoveredDays:
        absl::StrAppend(&out, " ", plan.lists[in.aux].name);
        if (in.field >= 0 && plan.lists[in.aux].batch_list >= 0) {
          const internal::ListSpec& list = planned.schema.lists[plan.lists[in.aux].batch_list];
          if (in.field < static_cast<int32_t>(list.fields.size())) {
            absl::StrAppend(&out, ".", list.fields[in.field].name);
          }
        }
        break;
      case Op::kRound:
        absl::StrAppend(&out, " ", static_cast<int>(in.places), " ",
                        RoundingModeName(in.mode));
        break;
      default:
        break;
    }
    for (Slot s : {in.a, in.b, in.c}) {
      if (s != internal::kNoSlot) absl::StrAppend(&out, " ", slot(s));
    }
    if (in.guard != internal::kNoSlot) absl::StrAppend(&out, "  [guard ", slot(in.guard), "]");
    const auto& places = impl_->engine.places;
    if (auto it = places.find(in.node); in.node != 0 && it != places.end()) {
      absl::StrAppend(&out, "  ", it->second.rule, ": ", it->second.text, " @ ",
                      it->second.location.ToString());
    }
    out += "\n";
  }
  out += "\noutputs:\n";
  for (const internal::PlanOutput& o : plan.outputs) {
    absl::StrAppend(&out, "  ", o.name, " = ", slot(o.slot), o.event ? " (event)" : o.optional ? " (optional)" : "",
                    "\n");
  }
  out += "conditions:\n";
  for (const internal::PlanCondition& c : plan.conditions) {
    absl::StrAppend(&out, "  ", c.id, " = ", slot(c.slot), "  [", c.reference, "]\n");
  }
  return out;
}

}  // namespace odenek
