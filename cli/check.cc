// `odenek check` and `odenek explain`.
#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/str_join.h"
#include "absl/strings/match.h"
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

// Officer-facing text writes amounts the Turkish way (TurkishNumber:
// "10.650,15 TL"); JSON keeps the machine form.
std::string FormatOutput(const std::string& name, const OutputValue& v) {
  if (v.kind == OutputValue::Kind::kMoney) return TurkishNumber(v.text) + " TL";
  if (v.kind == OutputValue::Kind::kNumber) return TurkishNumber(v.text);
  if (name.size() >= 4 && name.compare(name.size() - 4, 4, "_gun") == 0) return v.text + " gün";
  return v.text;
}

std::string PadLeft(const std::string& s, size_t width) {
  const size_t w = Width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

// The payment schedule as a table, month by month, and its total: the monthly
// figure above is the first month's, and later months may differ (a new
// minimum wage in January), so the officer sees every payment.
void PrintSchedule(const std::vector<Payment>& payments) {
  if (payments.empty()) return;
  std::cout << "  Ödeme takvimi :\n";
  auto row = [](const std::string& month, const std::string& from, const std::string& days,
                const std::string& gross, const std::string& stamp, const std::string& net) {
    std::cout << "    " << Pad(month, 8) << Pad(from, 11) << PadLeft(days, 5)
              << PadLeft(gross, 15) << PadLeft(stamp, 15) << PadLeft(net, 15) << "\n";
  };
  row("Ay", "Başlangıç", "Gün", "Brüt (TL)", "Damga v. (TL)", "Net (TL)");
  int days = 0;
  Decimal gross, stamp, net;
  bool sums_ok = true;
  auto add = [&sums_ok](Decimal* sum, const std::string& text) {
    absl::StatusOr<Decimal> v = Decimal::Parse(text);
    absl::StatusOr<Decimal> s = v.ok() ? Decimal::Add(*sum, *v) : v;
    if (s.ok()) {
      *sum = *s;
    } else {
      sums_ok = false;
    }
  };
  for (const Payment& p : payments) {
    row(p.month, p.from, absl::StrCat(p.days), TurkishNumber(p.gross),
        TurkishNumber(p.stamp_tax), TurkishNumber(p.net));
    days += p.days;
    add(&gross, p.gross);
    add(&stamp, p.stamp_tax);
    add(&net, p.net);
  }
  if (sums_ok) {
    row("Toplam", "", absl::StrCat(days), TurkishNumber(gross.ToString(2)),
        TurkishNumber(stamp.ToString(2)), TurkishNumber(net.ToString(2)));
  }
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
  // Before any figure: what the figures rest on that the officer must know.
  for (const std::string& w : r.warnings) Line("UYARI", w);
  for (const auto& [name, value] : r.values) Line(Label(name), FormatOutput(name, value));
  PrintSchedule(r.payments);
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
  for (const char* bulk : {".csv", ".jsonl", ".ndjson"}) {
    if (absl::EndsWith(options.claim, bulk)) {
      std::cerr << "odenek: " << options.claim << " is a bulk claim file: use `odenek simulate "
                << options.claim << "` (check and explain read one claim, YAML or JSON)\n";
      return 2;
    }
  }
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
    // An unknown --program is bad usage, as in every command.
    return results.status().code() == absl::StatusCode::kNotFound ? 2 : 1;
  }
  if (results->empty()) {
    // Nothing was evaluated: not an answer, whatever the format.
    std::vector<std::string> ids;
    for (const ProgramInfo& p : rules->programs()) ids.push_back(p.id);
    std::cerr << file_name
              << ": the claim carries no input of any programme, so nothing was evaluated; "
                 "give a programme's inputs (odenek programs lists them) or --program. "
                 "Programmes: "
              << absl::StrJoin(ids, ", ") << "\n";
    return 1;
  }
  if (WantJson(options.global)) {
    std::cout << ResultsToJson(*results);
    return 0;
  }
  std::map<std::string, std::string> titles;
  for (const ProgramInfo& p : rules->programs()) titles[p.id] = p.title;
  // What the answer rests on, when it is not today's law on the claim's own
  // dates: a reform or a --date is said at the top, before any figure.
  for (const std::string& reform : options.global.reforms) {
    std::cout << "Reform uygulandı: " << reform << " (bu sonuç yürürlükteki hukuk değil)\n";
  }
  if (!options.global.date.empty()) {
    std::cout << "Tarih: parametreler " << options.global.date
              << " tarihinde yürürlükte olan değerlerle okundu (--date)\n";
  }
  if (!options.global.reforms.empty() || !options.global.date.empty()) std::cout << "\n";
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
