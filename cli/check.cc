// `odenek check` and `odenek explain`.
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "commands.h"
#include "nlohmann/json.hpp"
#include "odenek/claim.h"
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

void PrintExplanation(const Result& r) {
  std::map<std::string, const ExplanationStep*> by_name;
  for (const ExplanationStep& s : r.explanation) {
    if (s.kind == ExplanationStep::Kind::kCondition) continue;
    // Variables win over inputs of the same name (they hold the value used).
    if (s.kind == ExplanationStep::Kind::kParameter && by_name.count(s.name) != 0) continue;
    by_name[s.name] = &s;
  }
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
  section("Hesaplama", ExplanationStep::Kind::kVariable, [](const ExplanationStep& s) {
    std::cout << "  " << s.name << " = " << ValueOrUnknown(s);
    if (s.given) {
      std::cout << "   (başvuruda verildi)";
    } else if (!s.formula.empty()) {
      std::cout << "   ← " << s.formula;
    }
    if (!s.reference.empty()) std::cout << "   [" << s.reference << "]";
    std::cout << "\n";
  });
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
  for (const ExplanationStep& s : r.explanation) {
    if (s.kind != ExplanationStep::Kind::kCondition || !s.known || s.value == "true") continue;
    std::cout << "  ✗ " << s.name;
    if (!s.formula.empty()) std::cout << " — " << s.formula;
    if (!s.reference.empty()) std::cout << " (" << s.reference << ")";
    std::cout << "\n";
    for (const std::string& use : s.uses) {
      auto it = by_name.find(use);
      std::cout << "      " << use << " = "
                << (it == by_name.end() ? "(bilinmiyor)" : ValueOrUnknown(*it->second)) << "\n";
    }
  }
  // Fall back to the reasons when the explanation has no failed condition.
  for (const Reason& reason : r.reasons) {
    bool listed = false;
    for (const ExplanationStep& s : r.explanation) {
      if (s.kind == ExplanationStep::Kind::kCondition && s.name == reason.rule) listed = true;
    }
    if (!listed) std::cout << "  ✗ " << reason.rule << " — " << reason.message << "\n";
  }
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
  return j;
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
  EvaluateOptions eval;
  eval.program = options.program;
  eval.explain = options.explain;
  absl::StatusOr<std::vector<Result>> results = rules->Evaluate(*claim, eval);
  if (!results.ok()) {
    std::cerr << results.status().message() << "\n";
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
    if (options.explain) PrintExplanation(r);
  }
  return 0;
}

}  // namespace odenek::cli
