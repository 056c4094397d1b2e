#include "api/result_builder.h"

#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "io/text_writer.h"
#include "nlohmann/json.hpp"
#include "odenek/date.h"
#include "odenek/decimal.h"

namespace odenek {

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kEligible: return "eligible";
    case Verdict::kIneligible: return "ineligible";
    case Verdict::kUndetermined: return "undetermined";
  }
  return "?";
}

namespace {

const char* StepKindName(ExplanationStep::Kind k) {
  switch (k) {
    case ExplanationStep::Kind::kInput: return "input";
    case ExplanationStep::Kind::kVariable: return "variable";
    case ExplanationStep::Kind::kCondition: return "condition";
    case ExplanationStep::Kind::kParameter: return "parameter";
  }
  return "";
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
  // Additive: the rule's description, the branch taken and the reform that
  // gave a parameter's value, each only where there is one.
  if (!s.description.empty()) j["description"] = s.description;
  if (!s.when.empty()) {
    j["when"] = s.when;
    j["overridden"] = {{"formula", s.overridden}, {"reference", s.overridden_reference}};
  }
  if (!s.table_row.empty()) j["table_row"] = {{"when", s.table_row}, {"then", s.table_value}};
  if (s.output) j["output"] = true;
  if (s.period > 0) j["period"] = s.period;
  if (!s.reform.empty()) j["reform"] = s.reform;
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

// One object per failed condition: the same facts explain's text prints.
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
      const WhyNotChange& c = *e.change;
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

// ["a","b"], each escaped as AppendJsonString does.
void AppendJsonStrings(const std::vector<std::string>& items, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out->push_back(',');
    internal::AppendJsonString(items[i], out);
  }
  out->push_back(']');
}

}  // namespace

// Written as text, not through a JSON DOM: this is the HTTP API's and
// check's hot path, and the DOM cost more than the evaluation (docs/
// performance.md, Serving). The bytes are nlohmann::json's dump(): the
// explanation and why-not parts, asked for rarely, still go through it, and
// result_json_test compares the two writers on every rule case.
std::string ResultToJson(const Result& r) {
  using internal::AppendJsonString;
  std::string out;
  out.reserve(512 + 96 * r.payments.size());
  out += "{\"id\":";
  AppendJsonString(r.id, &out);
  out += ",\"program\":";
  AppendJsonString(r.program, &out);
  out += ",\"status\":\"";
  out += VerdictName(r.verdict);
  out += r.eligible() ? "\",\"eligible\":true,\"reasons\":[" : "\",\"eligible\":false,\"reasons\":[";
  for (size_t i = 0; i < r.reasons.size(); ++i) {
    const Reason& reason = r.reasons[i];
    if (i > 0) out += ',';
    out += "{\"rule\":";
    AppendJsonString(reason.rule, &out);
    out += ",\"message\":";
    AppendJsonString(reason.message, &out);
    out += ",\"reference\":";
    AppendJsonString(reason.reference, &out);
    out += '}';
  }
  out += "],\"missing\":";
  AppendJsonStrings(r.missing, &out);
  out += ",\"rules_hash\":";
  AppendJsonString(r.rules_hash, &out);
  out += ",\"values\":{";
  for (size_t i = 0; i < r.values.size(); ++i) {
    const auto& [name, v] = r.values[i];
    if (i > 0) out += ',';
    AppendJsonString(name, &out);
    out += ':';
    int64_t integer = 0;
    switch (v.kind) {
      case OutputValue::Kind::kInteger:
        // The engine writes integers in canonical form; anything else stays
        // a string rather than becoming a different number.
        if (absl::SimpleAtoi(v.text, &integer)) {
          absl::StrAppend(&out, integer);
        } else {
          AppendJsonString(v.text, &out);
        }
        break;
      case OutputValue::Kind::kBool:
        out += v.text == "true" ? "true" : "false";
        break;
      default:
        AppendJsonString(v.text, &out);
    }
  }
  out += "},\"payments\":[";
  for (size_t i = 0; i < r.payments.size(); ++i) {
    const Payment& p = r.payments[i];
    if (i > 0) out += ',';
    out += "{\"month\":";
    AppendJsonString(p.month, &out);
    out += ",\"from\":";
    AppendJsonString(p.from, &out);
    absl::StrAppend(&out, ",\"days\":", p.days, ",\"gross\":");
    AppendJsonString(p.gross, &out);
    out += ",\"stamp_tax\":";
    AppendJsonString(p.stamp_tax, &out);
    out += ",\"net\":";
    AppendJsonString(p.net, &out);
    out += '}';
  }
  out += ']';
  if (!r.warnings.empty()) {
    out += ",\"warnings\":";
    AppendJsonStrings(r.warnings, &out);
  }
  if (r.explained) {
    nlohmann::ordered_json steps = nlohmann::ordered_json::array();
    for (const ExplanationStep& step : r.explanation) steps.push_back(StepToJson(step));
    out += ",\"explanation\":";
    out += steps.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  // Additive to CONTRACT §4: what failed each failed condition, and the
  // single change that would flip it (explain's "Neden olmadı").
  if (r.why_not_filled) {
    out += ",\"why_not\":";
    out += WhyNotJson(r.why_not).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  out += '}';
  return out;
}

std::string ResultsToJson(const std::vector<Result>& results) {
  if (results.empty()) return "[]\n";
  std::string out = "[";
  for (size_t i = 0; i < results.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    out += ResultToJson(results[i]);
  }
  out += "\n]\n";
  return out;
}

namespace internal {
namespace {

void CollectKeys(const ClaimValue& v, const std::string& prefix,
                 absl::flat_hash_set<std::string>& keys) {
  for (const auto& [key, value] : v.object) {
    std::string name = prefix.empty() ? key : absl::StrCat(prefix, ".", key);
    keys.insert(name);
    if (value.kind == ClaimValue::Kind::kObject) CollectKeys(value, name, keys);
  }
}

// Inputs whose absence leaves condition `root` open, stopping at inputs a claim
// could give directly.
void CollectMissing(const Plan& plan, const BatchExecutor& exec, const ClaimBatch& batch, int row,
                    int32_t node, absl::flat_hash_set<int32_t>& seen,
                    std::vector<std::string>& out) {
  if (!seen.insert(node).second) return;
  const DependencyNode& n = plan.dependency_nodes[node];
  if (n.slot != kNoSlot && exec.valid(n.slot)[row]) return;
  if (n.batch_list >= 0 && batch.list(n.batch_list).present[row]) return;
  if (n.is_input || n.batch_list >= 0) {
    if (std::find(out.begin(), out.end(), n.name) == out.end()) out.push_back(n.name);
    return;
  }
  for (int32_t c : n.children) CollectMissing(plan, exec, batch, row, c, seen, out);
}

std::string PlaceOf(const Engine& engine, NodeId node) {
  auto it = engine.places.find(node);
  if (it == engine.places.end()) return "";
  return absl::StrCat(" in ", it->second.rule, " (", it->second.location.ToString(),
                      ": ", it->second.text, ")");
}

// The schedule of an eligible row, when the executor computed it. An unknown
// month (an input the schedule needs is missing) leaves the schedule empty.
absl::Status AddPayments(const Plan& plan, const BatchExecutor& exec, int row, Result& r) {
  auto known = [&](Slot s) { return exec.valid(s)[row] != 0; };
  auto money = [&](Slot s) { return Decimal::FromRaw(exec.values(s)[row]).ToString(2); };
  std::vector<Payment> out;
  for (const PlanPaymentMonth& m : plan.payments) {
    for (Slot s : {m.start, m.days, m.gross, m.stamp_tax, m.net}) {
      if (!known(s)) return absl::OkStatus();
    }
    // A period with nothing to pay is left out, not the end of the schedule:
    // a kısa çalışma month with no hours lost sits between paid months.
    if (exec.values(m.days)[row] <= 0) continue;
    const int64_t days = exec.values(m.days)[row] / Decimal::kOne;
    const Date from = Date::FromDayNumber(static_cast<int32_t>(exec.values(m.start)[row]));
    out.push_back({Month::Of(from).ToString(), from.ToString(), static_cast<int>(days),
                   money(m.gross), money(m.stamp_tax), money(m.net)});
  }
  if (plan.payments_remaining != kNoSlot && known(plan.payments_remaining) &&
      exec.values(plan.payments_remaining)[row] > 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "claim ", r.id.empty() ? "(no id)" : r.id, ": the payment schedule of ", plan.program,
        " has ", plan.payments.size(), " months (payments.max_months) but ",
        Decimal::FromRaw(exec.values(plan.payments_remaining)[row]).ToString(),
        " days remain to pay"));
  }
  r.payments = std::move(out);
  return absl::OkStatus();
}

}  // namespace

std::string ParameterValueText(const ParameterPayload& value) {
  if (const auto* d = std::get_if<Decimal>(&value)) return d->ToString();
  if (const auto* s = std::get_if<ValueSet>(&value)) {
    std::vector<std::string> items;
    for (const Decimal& n : s->numbers) items.push_back(n.ToString());
    for (const std::string& str : s->strings) items.push_back(absl::StrCat("\"", str, "\""));
    return absl::StrCat("[", absl::StrJoin(items, ", "), "]");
  }
  const auto& sc = std::get<Scale>(value);
  std::vector<std::string> items;
  for (const ScaleBracket& b : sc.brackets) {
    items.push_back(absl::StrCat(b.upto.ToString(), ": ", b.rate.ToString()));
  }
  items.push_back(absl::StrCat("üstü: ", sc.top_rate.ToString()));
  return absl::StrCat("{", absl::StrJoin(items, ", "), "}");
}

OutputValue FormatValue(const Type& type, int64_t value, const ClaimBatch& batch) {
  OutputValue v;
  switch (type.kind) {
    case TypeKind::kNumber: {
      Decimal d = Decimal::FromRaw(value);
      if (!type.unit.is_none()) v.unit = type.unit.ToString();
      // Money and money rates (TL, TL/gün) always show kuruş; a rate the rules
      // did not round keeps its exact digits rather than being rounded here.
      if (type.unit.tl == 1 && value % (Decimal::kOne / 100) == 0) {
        v.kind = OutputValue::Kind::kMoney;
        v.text = d.ToString(2);
      } else if (type.unit.tl == 1) {
        v.kind = OutputValue::Kind::kNumber;
        v.text = d.ToString();
      } else if (value % Decimal::kOne == 0) {
        v.kind = OutputValue::Kind::kInteger;
        v.text = d.ToString();
      } else {
        v.kind = OutputValue::Kind::kNumber;
        v.text = d.ToString();
      }
      break;
    }
    case TypeKind::kBool:
      v.kind = OutputValue::Kind::kBool;
      v.text = value != 0 ? "true" : "false";
      break;
    case TypeKind::kDate:
      v.kind = OutputValue::Kind::kDate;
      v.text = Date::FromDayNumber(static_cast<int32_t>(value)).ToString();
      break;
    case TypeKind::kMonth:
      v.kind = OutputValue::Kind::kMonth;
      v.text = Month::FromMonthNumber(static_cast<int32_t>(value)).ToString();
      break;
    case TypeKind::kString:
      v.kind = OutputValue::Kind::kString;
      v.text = batch.StringOf(value);
      break;
    default:
      v.text = "?";
  }
  return v;
}

const ClaimValue* AppliedProgram(const ClaimValue& claim) {
  const ClaimValue* named = nullptr;
  for (const auto& [key, value] : claim.object) {
    if (key == "basvuru.program") named = &value;
    if (key != "basvuru" || value.kind != ClaimValue::Kind::kObject) continue;
    for (const auto& [field, inner] : value.object) {
      if (field == "program") named = &inner;
    }
  }
  if (named == nullptr || named->kind != ClaimValue::Kind::kScalar || named->scalar.empty()) {
    return nullptr;
  }
  return named;
}

std::vector<int> ProgramsCarriedBy(const Engine& engine, const ClaimValue& claim) {
  absl::flat_hash_set<std::string> keys;
  CollectKeys(claim, "", keys);
  std::vector<int> out;
  const PlannedRuleSet& planned = *engine.planned;
  for (size_t p = 0; p < engine.checked.programs.size(); ++p) {
    for (const InputDef& in : engine.checked.programs[p].def->inputs) {
      if (keys.contains(in.name)) {
        out.push_back(planned.FindPlan(engine.checked.programs[p].def->id));
        break;
      }
    }
  }
  return out;
}

Verdict RowVerdict(const Plan& plan, const BatchExecutor& exec, int row) {
  bool all_true = true;
  for (const PlanCondition& c : plan.conditions) {
    const bool valid = exec.valid(c.slot)[row];
    if (valid && exec.values(c.slot)[row] == 0) return Verdict::kIneligible;
    all_true &= valid;
  }
  if (!all_true) return Verdict::kUndetermined;
  // No eligible verdict without its amounts: an output left unknown (an
  // input it needs is missing) leaves the claim undetermined.
  for (const PlanOutput& o : plan.outputs) {
    if (!o.optional && !exec.valid(o.slot)[row]) return Verdict::kUndetermined;
  }
  return Verdict::kEligible;
}

absl::Status RowStatus(const Engine& engine, const Plan& plan, const BatchExecutor& exec,
                       const ClaimBatch& batch, int row, Verdict verdict) {
  const RowError& err = exec.row_error(row);
  if (err.kind == RowErrorKind::kNone || verdict == Verdict::kIneligible) {
    return absl::OkStatus();
  }
  const std::string& id = batch.id(row);
  const Instr& instr = plan.instrs[err.instr];
  std::string what = RowErrorKindName(err.kind);
  if (err.kind == RowErrorKind::kNoParameterValue &&
      (instr.op == Op::kParam || instr.op == Op::kInSet || instr.op == Op::kScale)) {
    // Name the parameter, the date it was read on and the dates it has
    // values for: "asgari_ucret.brut has no value on 2010-03-31: its first
    // value is in force from 2016-01-01".
    const PlanParameter& p = plan.parameters[instr.aux];
    const int32_t day = exec.as_of() ? *exec.as_of() : static_cast<int32_t>(exec.values(instr.a)[row]);
    const std::string on = Date::FromDayNumber(day).ToString();
    if (!p.from.empty() && day < p.from.front()) {
      what = absl::StrCat(p.name, " has no value on ", on, ": its first value is in force from ",
                          Date::FromDayNumber(p.from.front()).ToString(),
                          exec.as_of() ? " (the date --date / as_of asked for)" : "");
    } else if (p.end && day > *p.end) {
      what = absl::StrCat(p.name, " has no value on ", on, ": it was in force until ",
                          Date::FromDayNumber(*p.end).ToString());
    } else {
      what = absl::StrCat(p.name, " has no value on ", on);
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("claim ", id.empty() ? "(no id)" : id, ": ",
                                                 what, PlaceOf(engine, instr.node)));
}

std::optional<StaleParameterRead> RowStaleRead(const Plan& plan, const BatchExecutor& exec,
                                               int row) {
  const RowWarning& w = exec.row_warning(row);
  if (w.instr < 0) return std::nullopt;
  const PlanParameter& p = plan.parameters[plan.instrs[w.instr].aux];
  return StaleParameterRead{p.name, Date::FromDayNumber(w.day).ToString(),
                            Date::FromDayNumber(*p.known_until).ToString(),
                            Date::FromDayNumber(p.from.back()).ToString()};
}

std::string RowWarningText(const Plan& plan, const BatchExecutor& exec, int row) {
  const std::optional<StaleParameterRead> read = RowStaleRead(plan, exec, row);
  return read ? StaleReadText(*read, TextLanguage::kEnglish) : "";
}

absl::StatusOr<Result> BuildResult(const Engine& engine, const Plan& plan,
                                   const BatchExecutor& exec, const ClaimBatch& batch,
                                   int row, bool explain) {
  Result r;
  r.id = batch.id(row);
  r.program = plan.program;
  r.rules_hash = engine.rules.content_hash;
  r.verdict = RowVerdict(plan, exec, row);
  for (const PlanCondition& c : plan.conditions) {
    if (exec.valid(c.slot)[row] && exec.values(c.slot)[row] == 0) {
      r.reasons.push_back({c.id, c.message, c.reference});
    }
  }
  if (absl::Status s = RowStatus(engine, plan, exec, batch, row, r.verdict); !s.ok()) {
    return s;
  }
  if (std::optional<StaleParameterRead> read = RowStaleRead(plan, exec, row)) {
    r.warnings.push_back(StaleReadText(*read, TextLanguage::kEnglish));
    r.stale_reads.push_back(std::move(*read));
  }
  if (r.verdict == Verdict::kUndetermined) {
    absl::flat_hash_set<int32_t> seen;
    for (const PlanCondition& c : plan.conditions) {
      if (!exec.valid(c.slot)[row]) {
        CollectMissing(plan, exec, batch, row, c.dependency_root, seen, r.missing);
      }
    }
    // Every condition held: what is missing is what an output needs.
    if (r.missing.empty()) {
      for (const PlanOutput& o : plan.outputs) {
        if (!exec.valid(o.slot)[row] && !o.event) {
          CollectMissing(plan, exec, batch, row, o.dependency_root, seen, r.missing);
        }
      }
    }
  }
  if (r.verdict == Verdict::kEligible) {
    // An optional output left unknown: say which inputs would give it (an
    // event output left unknown lacks nothing: its event did not happen).
    absl::flat_hash_set<int32_t> seen;
    for (const PlanOutput& o : plan.outputs) {
      if (!exec.valid(o.slot)[row] && !o.event) {
        CollectMissing(plan, exec, batch, row, o.dependency_root, seen, r.missing);
      }
    }
    for (const PlanOutput& o : plan.outputs) {
      if (!exec.valid(o.slot)[row]) continue;
      r.values.emplace_back(o.name, FormatValue(o.type, exec.values(o.slot)[row], batch));
    }
    if (!plan.payments.empty()) {
      if (absl::Status s = AddPayments(plan, exec, row, r); !s.ok()) return s;
    }
  }
  if (!explain) return r;

  // The step's value with what a text writer needs to word it (its kind and
  // unit); "" when unknown.
  auto set_value = [&](ExplanationStep& step, Slot s, const Type& t) {
    if (s == kNoSlot || !exec.valid(s)[row]) return;
    OutputValue v = FormatValue(t, exec.values(s)[row], batch);
    step.value = std::move(v.text);
    step.value_kind = v.kind;
    step.unit = std::move(v.unit);
  };
  absl::flat_hash_set<std::string> variables;
  for (const PlanVariable& v : plan.variables) variables.insert(v.name);
  // Inputs given directly (also those that are variables).
  absl::flat_hash_set<std::string> given;
  for (const Instr& i : plan.instrs) {
    if (i.op != Op::kInput) continue;
    ExplanationStep s;
    s.kind = ExplanationStep::Kind::kInput;
    s.name = batch.schema().scalars[i.aux].name;
    s.known = exec.valid(i.dst)[row];
    if (s.known) given.insert(s.name);
    set_value(s, i.dst, plan.slot_types[i.dst]);
    if (s.known) r.explanation.push_back(std::move(s));
  }
  // Whether a branch (or an instruction's guard) holds in this row; slots
  // are computed because explain runs with coverage (RuleSet::Evaluate).
  auto holds = [&](Slot s) {
    return s == kNoSlot || (exec.valid(s)[row] && exec.values(s)[row] != 0);
  };
  absl::flat_hash_map<std::string, std::vector<const PlanBranch*>> branches;
  for (const PlanBranch& b : plan.branches) branches[b.rule].push_back(&b);
  absl::flat_hash_map<Slot, int> period_of;
  for (size_t k = 0; k < plan.payments.size(); ++k) {
    const PlanPaymentMonth& m = plan.payments[k];
    for (Slot s : {m.start, m.days, m.gross, m.stamp_tax, m.net}) {
      period_of[s] = static_cast<int>(k + 1);
    }
    for (Slot s : m.others) period_of[s] = static_cast<int>(k + 1);
  }
  absl::flat_hash_set<std::string> outputs;
  for (const PlanOutput& o : plan.outputs) outputs.insert(o.name);
  absl::flat_hash_map<std::string, size_t> variable_step;
  for (const PlanVariable& v : plan.variables) {
    variable_step[v.name] = r.explanation.size();
    ExplanationStep s;
    s.kind = ExplanationStep::Kind::kVariable;
    s.name = v.name;
    s.formula = v.formula;
    s.reference = v.reference;
    s.description = v.description;
    s.uses = v.uses;
    s.output = outputs.contains(v.name);
    if (auto p = period_of.find(v.slot); p != period_of.end()) s.period = p->second;
    // The claim's value won over the formula (a fact given in the facts form).
    s.given = v.is_input && given.contains(v.name);
    s.known = exec.valid(v.slot)[row];
    set_value(s, v.slot, v.type);
    // The branch that gave the value: an exception that fired replaces the
    // base definition in the explanation (a legal reviewer reads the article
    // shown as the one applied), and a table names its matched row.
    if (!s.given) {
      for (const PlanBranch* b : branches[v.name]) {
        if (!holds(b->taken)) continue;
        switch (b->kind) {
          case PlanBranch::Kind::kException:
            s.when = b->label;
            s.overridden = s.formula;
            s.overridden_reference = s.reference;
            s.formula = b->formula;
            s.reference = b->reference;
            s.uses = b->uses;
            break;
          case PlanBranch::Kind::kBase:
            s.uses = b->uses;
            break;
          case PlanBranch::Kind::kTableRow:
          case PlanBranch::Kind::kTableDefault:
            s.table_row = b->label;
            s.table_value = b->formula;
            break;
          default:
            break;
        }
        if (b->kind == PlanBranch::Kind::kException) break;  // the first that holds wins
      }
    }
    r.explanation.push_back(std::move(s));
  }
  // Roundings the claim's own path went through: the instruction ran for its
  // chunk and its guard (the branch it sits in) holds for this row.
  for (size_t k = 0; k < plan.instrs.size(); ++k) {
    const Instr& i = plan.instrs[k];
    if (i.op != Op::kRound || !exec.ran(k)) continue;
    if (i.guard != kNoSlot && (!exec.valid(i.guard)[row] || exec.values(i.guard)[row] == 0)) {
      continue;
    }
    if (!exec.valid(i.a)[row] || !exec.valid(i.dst)[row]) continue;
    auto place = engine.places.find(i.node);
    if (place == engine.places.end()) continue;
    auto step = variable_step.find(place->second.rule);
    if (step == variable_step.end()) continue;
    Rounding rd;
    rd.text = place->second.text;
    rd.before = Decimal::FromRaw(exec.values(i.a)[row]).ToString();
    rd.after = Decimal::FromRaw(exec.values(i.dst)[row]).ToString(i.places);
    rd.places = i.places;
    rd.mode = std::string(RoundingModeName(i.mode));
    r.explanation[step->second].roundings.push_back(std::move(rd));
  }
  for (const PlanCondition& c : plan.conditions) {
    ExplanationStep s;
    s.kind = ExplanationStep::Kind::kCondition;
    s.name = c.id;
    s.reference = c.reference;
    s.formula = c.message;
    s.description = c.message;
    s.known = exec.valid(c.slot)[row];
    set_value(s, c.slot, Type::Bool());
    r.explanation.push_back(std::move(s));
  }
  for (size_t k = 0; k < plan.instrs.size(); ++k) {
    const Instr& i = plan.instrs[k];
    if (i.op != Op::kParam && i.op != Op::kInSet && i.op != Op::kScale) continue;
    // A lookup inside a formula the claim's given fact made unnecessary was
    // never read, and one in a branch the claim did not take (an exception
    // that did not fire, an `if` side, a table row) was computed but not
    // used: neither is part of this claim's reasoning.
    if (!exec.ran(k) || !holds(i.guard)) continue;
    const PlanParameter& p = plan.parameters[i.aux];
    ExplanationStep s;
    s.kind = ExplanationStep::Kind::kParameter;
    s.name = p.name;
    if (exec.as_of().has_value() || (i.a != kNoSlot && exec.valid(i.a)[row])) {
      int32_t day = exec.as_of().value_or(static_cast<int32_t>(exec.values(i.a)[row]));
      s.on_date = Date::FromDayNumber(day).ToString();
      for (size_t k = 0; k < p.from.size(); ++k) {
        if (p.from[k] <= day) s.effective_from = Date::FromDayNumber(p.from[k]).ToString();
      }
    }
    s.known = exec.valid(i.dst)[row];
    set_value(s, i.dst, plan.slot_types[i.dst]);
    for (const ParameterDef& def : engine.rules.parameters) {
      if (def.name != p.name) continue;
      s.reference = def.reference;
      for (const ParameterValue& pv : def.values) {
        if (pv.from.ToString() != s.effective_from) continue;
        if (!pv.reference.empty()) s.reference = pv.reference;
        s.reform = pv.reform;
      }
    }
    auto place = engine.places.find(i.node);
    if (place != engine.places.end()) {
      s.place = place->second.location.ToString();
      s.formula = place->second.text;
      s.uses = {place->second.rule};
    }
    r.explanation.push_back(std::move(s));
  }
  return r;
}

}  // namespace internal
}  // namespace odenek
