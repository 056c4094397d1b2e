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
#include "util/text_width.h"

namespace odenek::cli {
namespace {

using internal::PadLeft;
using internal::PadRight;

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

// The payment schedule as a table, month by month, and its total: the monthly
// figure above is the first month's, and later months may differ (a new
// minimum wage in January), so the officer sees every payment.
void PrintSchedule(const std::vector<Payment>& payments) {
  if (payments.empty()) return;
  std::cout << "  Ödeme takvimi :\n";
  auto row = [](const std::string& month, const std::string& from, const std::string& days,
                const std::string& gross, const std::string& stamp, const std::string& net) {
    std::cout << "    " << PadRight(month, 8) << PadRight(from, 11) << PadLeft(days, 5)
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
  std::cout << "  " << PadRight(label, 14) << ": " << value << "\n";
}

// `schedule`: print the payment schedule (explain prints its own, with the
// parameters each month read).
void PrintBlock(const Result& r, const std::map<std::string, std::string>& titles,
                bool schedule) {
  auto t = titles.find(r.program);
  std::string head = (t == titles.end() ? r.program : t->second) + " (" + r.program + ")";
  std::cout << PadRight(head, 40) << " " << (r.id.empty() ? "(kimliksiz)" : r.id) << "\n";
  Line("Karar", VerdictText(r.verdict));
  // Before any figure: what the figures rest on that the officer must know.
  for (const std::string& w : r.warnings) Line("UYARI", w);
  for (const auto& [name, value] : r.values) Line(Label(name), FormatOutput(name, value));
  if (schedule) PrintSchedule(r.payments);
  bool first = true;
  for (const Reason& reason : r.reasons) {
    std::string text = reason.rule + " — " + reason.message;
    if (!reason.reference.empty()) text += " (" + reason.reference + ")";
    if (first) {
      Line("Sebepler", text);
      first = false;
    } else {
      std::cout << "  " << PadRight("", 14) << "  " << text << "\n";
    }
  }
  if (!r.missing.empty()) {
    std::string text;
    for (const std::string& m : r.missing) text += (text.empty() ? "" : ", ") + m;
    Line("Eksik", text);
  }
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
    PrintBlock(r, titles, /*schedule=*/!options.explain);
    // The library words the explanation (odenek/result.h), as for the server.
    if (options.explain) std::cout << ExplanationToText(r);
  }
  return 0;
}

}  // namespace odenek::cli
