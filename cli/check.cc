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
#include "commands.h"
#include "load/rule_records.h"  // Claim::document(), until the id rule is in the library
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
  PrintWhyNot(r.why_not);
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
  eval.program = options.program;
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
    std::cout << ResultsToJson(*results);
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
