// ExplanationToText: the explanation as `odenek explain` prints it under the
// verdict block (issue #16 item 6). The order follows how an officer reads a
// decision: the conditions and, for a rejected claim, why not; then each
// amount with what it was computed from; then the payment schedule as a
// table; the claim's facts last. Each parameter lookup and each fact is
// printed once, where it is first read. The JSON explanation (ResultToJson)
// stays complete: this text leaves out what the decision did not rest on
// (values no output reads, the schedule's per-month variables).
//
// Turkish by default (the officer's language), English on request; values in
// one number format with their unit words ("357,72 TL", "180 gün"). Formulas
// and table rows are shown as the rules write them: they are the rule
// language, not prose.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/why_not.h"
#include "odenek/decimal.h"
#include "odenek/result.h"
#include "util/text_width.h"

namespace odenek {
namespace {

using internal::Width;

// A short label from a rule's description: its first clause ("Günlük brüt
// ödenek = ..." gives "Günlük brüt ödenek"), at most about 60 characters.
// The rest of a description often says how the base formula works ("...,
// kuruşa yarım yukarı yuvarlanır"), which an exception may not do: the label
// names the value, the formula line says how it was computed.
std::string ShortLabel(const std::string& description) {
  std::string text = description;
  for (const char* stop : {" = ", "; ", ": ", ". ", ", ", " (", "\n"}) {
    size_t at = text.find(stop);
    if (at != std::string::npos) text = text.substr(0, at);
  }
  if (Width(text) <= 60) return text;
  // Cut at the last space before 60 code points.
  size_t cps = 0, cut = std::string::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (cps == 60) break;
    if (text[i] == ' ') cut = i;
    ++cps;
  }
  return (cut == std::string::npos ? text.substr(0, 60) : text.substr(0, cut)) + " …";
}

// A formula written over several lines in the rule file, on one line.
std::string OneLine(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// "Günlük brüt ödenek (gunluk_brut)", or the id alone without a description
// (a payment month's values: their description is the month's number).
std::string Labelled(const ExplanationStep& s) {
  if (s.description.empty() || s.period > 0) return s.name;
  return absl::StrCat(ShortLabel(s.description), " (", s.name, ")");
}

class TextWriter {
 public:
  TextWriter(const Result& r, TextLanguage language)
      : r_(r), language_(language), tr_(language == TextLanguage::kTurkish) {
    for (const ExplanationStep& s : r.explanation) {
      switch (s.kind) {
        case ExplanationStep::Kind::kVariable: variables_[s.name] = &s; break;
        case ExplanationStep::Kind::kInput: inputs_[s.name] = &s; break;
        case ExplanationStep::Kind::kParameter:
          for (const std::string& u : s.uses) lookups_[u].push_back(&s);
          parameters_.emplace(s.name, &s);
          break;
        default: break;
      }
    }
  }

  std::string Write() {
    if (r_.verdict == Verdict::kIneligible) {
      // Why not comes first: it is the answer to a rejected claim.
      out_ += W("\nNeden olmadı\n", "\nWhy not\n");
      WhyNot();
      Conditions();
    } else {
      Conditions();
      Calculation();
      Schedule();
    }
    Inputs();
    return std::move(out_);
  }

 private:
  const char* W(const char* tr, const char* en) const { return tr_ ? tr : en; }

  std::string Unknown() const { return W("(bilinmiyor)", "(unknown)"); }

  // A step's value with its unit words, in the text's number format.
  std::string ValueOrUnknown(const ExplanationStep& s) const {
    if (!s.known) return Unknown();
    return ValueText(OutputValue{s.value_kind, s.value, s.unit}, language_);
  }

  // A value named `name` as the explanation holds it (an input, a variable
  // or, with `parameter`, a lookup), worded as ValueOrUnknown; `text` as it
  // is when no step has it with that value (a set, a scale).
  std::string Named(const std::string& name, const std::string& text, bool parameter) const {
    if (text == "(bilinmiyor)") return Unknown();
    const ExplanationStep* step = nullptr;
    if (parameter) {
      auto [begin, end] = parameters_.equal_range(name);
      for (auto it = begin; it != end && step == nullptr; ++it) {
        if (it->second->value == text) step = it->second;
      }
    } else if (auto v = variables_.find(name); v != variables_.end()) {
      step = v->second;
    } else if (auto in = inputs_.find(name); in != inputs_.end()) {
      step = in->second;
    }
    if (step == nullptr || !step->known || step->value != text) return text;
    return ValueOrUnknown(*step);
  }

  // " (2023-07-01 tarihinden)", " (from 2023-07-01)".
  std::string From(const std::string& date) const {
    if (date.empty()) return "";
    return tr_ ? absl::StrCat(" (", date, " tarihinden)") : absl::StrCat(" (from ", date, ")");
  }

  std::string Number(const std::string& machine) const { return NumberText(machine, language_); }

  std::string LookupLine(const ExplanationStep& p) const {
    std::string line = p.name;
    if (!p.on_date.empty()) absl::StrAppend(&line, " @ ", p.on_date);
    absl::StrAppend(&line, " = ", ValueOrUnknown(p), From(p.effective_from));
    if (!p.reform.empty()) absl::StrAppend(&line, " {reform: ", p.reform, "}");
    if (!p.reference.empty()) absl::StrAppend(&line, "   [", p.reference, "]");
    return line;
  }

  void WhyNot() {
    for (const WhyNotEntry& e : r_.why_not) {
      if (!e.from_explanation) {
        absl::StrAppend(&out_, "  ✗ ", e.condition, " — ", e.message, "\n");
        continue;
      }
      absl::StrAppend(&out_, "  ✗ ", e.condition);
      if (!e.formula.empty()) absl::StrAppend(&out_, " — ", e.formula);
      if (!e.reference.empty()) absl::StrAppend(&out_, " (", e.reference, ")");
      out_ += "\n";
      if (e.rule_text.empty()) continue;
      absl::StrAppend(&out_, W("      kural: ", "      rule: "), e.rule_text, "\n");
      for (const WhyNotValue& v : e.values) {
        absl::StrAppend(&out_, "      ", v.name, " = ",
                        v.known ? Named(v.name, v.value, /*parameter=*/false) : Unknown(), "\n");
      }
      for (const WhyNotParameter& p : e.parameters) {
        absl::StrAppend(&out_, "      ", p.name);
        if (!p.on_date.empty()) absl::StrAppend(&out_, " @ ", p.on_date);
        absl::StrAppend(&out_, " = ", Named(p.name, p.value, /*parameter=*/true),
                        From(p.effective_from), "\n");
      }
      if (e.change) absl::StrAppend(&out_, "      → ", internal::WhyNotChangeText(*e.change, e.reference, language_), "\n");
    }
  }

  // A variable that only renames an input the claim gave (fesih_tarihi ←
  // fesih.tarih): a fact, shown on one line.
  bool IsCopy(const ExplanationStep& s) const {
    return !s.given && s.when.empty() && s.uses.size() == 1 && OneLine(s.formula) == s.uses[0] &&
           inputs_.contains(s.uses[0]);
  }

  void Conditions() {
    bool any = false;
    for (const ExplanationStep& s : r_.explanation) {
      if (s.kind != ExplanationStep::Kind::kCondition) continue;
      if (!any) out_ += W("\nKoşullar\n", "\nConditions\n");
      any = true;
      // In words: a condition worded as a failure ("... gün kalmıyor") must
      // not read as ticked when it holds.
      const char* mark = !s.known          ? W("? belirsiz   ", "? unknown    ")
                         : s.value == "true" ? W("✓ sağlandı   ", "✓ met        ")
                                             : W("✗ sağlanmadı ", "✗ not met    ");
      absl::StrAppend(&out_, "  ", mark, " ", s.name);
      if (!s.formula.empty()) absl::StrAppend(&out_, " — ", s.formula);
      if (!s.reference.empty()) absl::StrAppend(&out_, "   [", s.reference, "]");
      out_ += "\n";
    }
  }

  void Variable(const std::string& name, size_t indent) {
    const std::string pad(indent, ' ');
    auto v = variables_.find(name);
    if (v == variables_.end()) {
      auto in = inputs_.find(name);
      if (in != inputs_.end() && shown_.insert(name).second) {
        absl::StrAppend(&out_, pad, name, " = ", ValueOrUnknown(*in->second),
                        W("   (girdi)\n", "   (input)\n"));
      }
      return;  // a list, a field, a fact shown before, or a name with no value
    }
    const ExplanationStep& s = *v->second;
    if (!shown_.insert(name).second) return;  // shown above (see Children)
    absl::StrAppend(&out_, pad, Labelled(s), " = ", ValueOrUnknown(s));
    if (s.given) {
      out_ += W("   (başvuruda verildi)\n", "   (given in the claim)\n");
      return;  // the claim's fact: its formula was not used
    }
    if (IsCopy(s)) {
      // A fact read from the claim's history form under another name.
      absl::StrAppend(&out_, "   ← ", s.uses.front(), W(" (girdi)", " (input)"));
      if (!s.reference.empty()) absl::StrAppend(&out_, "   [", s.reference, "]");
      out_ += "\n";
      shown_.insert(s.uses.front());
      return;
    }
    if (!s.formula.empty()) absl::StrAppend(&out_, "   ← ", OneLine(s.formula));
    if (!s.table_row.empty()) {
      absl::StrAppend(&out_, W(", satır ", ", row "), s.table_row, " → ", s.table_value);
    }
    if (!s.reference.empty()) absl::StrAppend(&out_, "   [", s.reference, "]");
    out_ += "\n";
    if (!s.when.empty()) {
      absl::StrAppend(&out_, pad, W("    istisna uygulandı: ", "    exception applied: "), s.when,
                      "\n");
      absl::StrAppend(&out_, pad,
                      W("    temel tanım uygulanmadı: ", "    base definition overridden: "),
                      OneLine(s.overridden));
      if (!s.overridden_reference.empty()) {
        absl::StrAppend(&out_, "   [", s.overridden_reference, "]");
      }
      out_ += "\n";
    }
    for (const Rounding& rd : s.roundings) {
      absl::StrAppend(&out_, pad, W("    yuvarlama: ", "    rounding: "), Number(rd.before), " → ",
                      Number(rd.after), " (", rd.mode, ", ", rd.places,
                      W(" basamak", rd.places == 1 ? " place" : " places"));
      if (rd.text != s.formula) absl::StrAppend(&out_, ": ", OneLine(rd.text));
      out_ += ")\n";
    }
    // The schedule's months are shown as the table below, not one by one;
    // values already shown are named on one line with their values.
    std::vector<std::string> months, above;
    for (const std::string& u : s.uses) {
      auto m = variables_.find(u);
      if (m != variables_.end() && m->second->period > 0) {
        months.push_back(u);
        continue;
      }
      if (shown_.contains(u)) {
        const ExplanationStep* seen = m != variables_.end() ? m->second : nullptr;
        if (seen == nullptr) {
          auto in = inputs_.find(u);
          if (in != inputs_.end()) seen = in->second;
        }
        // A fact of the claim is shown once; a computed value is recalled.
        const bool fact = seen == nullptr || seen->given ||
                          seen->kind == ExplanationStep::Kind::kInput || IsCopy(*seen);
        if (!fact) above.push_back(absl::StrCat(u, " = ", ValueOrUnknown(*seen)));
        continue;
      }
      Variable(u, indent + 2);
    }
    if (!above.empty()) {
      absl::StrAppend(&out_, pad, W("  (yukarıda: ", "  (above: "), absl::StrJoin(above, ", "),
                      ")\n");
    }
    if (!months.empty()) {
      absl::StrAppend(&out_, pad, "  ", months.front(),
                      months.size() > 1 ? absl::StrCat(" … ", months.back()) : "",
                      W(": ödeme takviminde (aşağıda)\n", ": in the payment schedule (below)\n"));
    }
    for (const ExplanationStep* p : lookups_[name]) {
      // Each lookup once: the same parameter read on the same date by
      // several formulas is one fact.
      if (!lookups_shown_.insert({p->name, p->on_date}).second) continue;
      absl::StrAppend(&out_, pad, "  ", LookupLine(*p), "\n");
    }
  }

  void Calculation() {
    bool any = false;
    for (const ExplanationStep& s : r_.explanation) {
      if (s.kind != ExplanationStep::Kind::kVariable || !s.output) continue;
      // An eligible claim's unknown output that lacks no input is an event
      // output whose event did not happen (a remainder without a new job):
      // nothing to explain.
      if (!s.known && r_.verdict == Verdict::kEligible && r_.missing.empty()) continue;
      if (!any) out_ += W("\nHesaplama\n", "\nCalculation\n");
      any = true;
      Variable(s.name, 2);
    }
  }

  void Schedule() {
    if (r_.payments.empty()) return;
    out_ += W("\nÖdeme takvimi\n", "\nPayment schedule\n");
    // The same table `check` prints (PaymentsToText), one place for both.
    out_ += PaymentsToText(r_.payments, language_, 2);
    Events();
    // How a month is computed, once: the first paid month's formulas and the
    // parameter values the schedule read, each value once with the months
    // that read it (a minimum-wage raise shows as a second value).
    for (const char* suffix : {"_brut", "_damga", "_net"}) {
      auto v = variables_.find(absl::StrCat("odeme_1", suffix));
      if (v == variables_.end()) continue;
      absl::StrAppend(&out_, "  ", v->second->name, " ← ", OneLine(v->second->formula));
      if (!v->second->reference.empty()) absl::StrAppend(&out_, "   [", v->second->reference, "]");
      out_ += "\n";
    }
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> months;
    std::map<std::pair<std::string, std::string>, const ExplanationStep*> first;
    std::vector<std::pair<std::string, std::string>> order;
    for (const ExplanationStep& s : r_.explanation) {
      if (s.kind != ExplanationStep::Kind::kParameter || s.uses.empty()) continue;
      auto v = variables_.find(s.uses.front());
      if (v == variables_.end() || v->second->period == 0) continue;
      // The period's month from its own first day: periods paying nothing
      // (after a cut, or wholly suspended) have no row in r_.payments, so
      // the row index is not the period's number.
      const std::string prefix = absl::StrCat("odeme_", v->second->period, "_");
      auto start = variables_.find(prefix + "basi");
      auto paid = variables_.find(prefix + "gun");
      if (start == variables_.end() || paid == variables_.end() || !start->second->known ||
          !paid->second->known || paid->second->value == "0") {
        continue;  // a period with nothing paid
      }
      const std::string month = start->second->value.substr(0, 7);
      auto key = std::make_pair(s.name, s.effective_from);
      if (!first.count(key)) {
        first[key] = &s;
        order.push_back(key);
      }
      std::vector<std::string>& m = months[key];
      if (m.empty() || m.back() != month) m.push_back(month);
    }
    for (const auto& key : order) {
      const ExplanationStep& s = *first[key];
      const std::vector<std::string>& m = months[key];
      absl::StrAppend(&out_, "  ", s.name, " = ", ValueOrUnknown(s), From(s.effective_from));
      if (!s.reform.empty()) absl::StrAppend(&out_, " {reform: ", s.reform, "}");
      const std::string span =
          absl::StrCat(m.front(), m.size() > 1 ? absl::StrCat("..", m.back()) : "");
      absl::StrAppend(&out_, tr_ ? absl::StrCat(": ", span, " aylarında")
                                 : absl::StrCat(": in ", span));
      if (!s.reference.empty()) absl::StrAppend(&out_, "   [", s.reference, "]");
      out_ += "\n";
    }
  }

  // Which periods the claim's events (a suspension, a cut, a new job) left
  // unpaid, by how many days, and the rule and event values that say so: the
  // schedule's periods keep their dates, so a row missing from the table or
  // paying fewer days is explained here.
  void Events() {
    const ExplanationStep* first = nullptr;
    for (size_t k = 1;; ++k) {
      const std::string prefix = absl::StrCat("odeme_", k, "_");
      auto unpaid = variables_.find(prefix + "odenmeyen_gun");
      if (unpaid == variables_.end()) break;
      const ExplanationStep& u = *unpaid->second;
      if (!u.known || u.value == "0") continue;
      auto start = variables_.find(prefix + "basi");
      auto last = variables_.find(prefix + "son");
      auto scheduled = variables_.find(prefix + "plan_gun");
      if (start == variables_.end() || last == variables_.end() ||
          scheduled == variables_.end()) {
        continue;
      }
      if (first == nullptr) {
        out_ += W("  Olaylar nedeniyle ödenmeyen günler (dönemler tarihlerini korur):\n",
                  "  Days the events left unpaid (the periods keep their dates):\n");
        first = &u;
      }
      const std::string span = absl::StrCat(ValueOrUnknown(*start->second), "..",
                                            ValueOrUnknown(*last->second));
      if (tr_) {
        absl::StrAppend(&out_, "    ", k, ". dönem ", span, ": takvimde ",
                        ValueOrUnknown(*scheduled->second), ", ödenmeyen ", ValueOrUnknown(u),
                        "\n");
      } else {
        absl::StrAppend(&out_, "    period ", k, " ", span, ": ",
                        ValueOrUnknown(*scheduled->second), " scheduled, ", ValueOrUnknown(u),
                        " unpaid\n");
      }
    }
    if (first == nullptr) return;
    absl::StrAppend(&out_, "    ← ", OneLine(first->formula));
    if (!first->reference.empty()) absl::StrAppend(&out_, "   [", first->reference, "]");
    out_ += "\n";
    // The event values the formula read (the day payment stopped, with the
    // cut's article), recalled when the calculation above showed them. An
    // optional event list read through value_or() is named by the formula.
    std::vector<std::string> above;
    for (const std::string& u : first->uses) {
      auto m = variables_.find(u);
      if (m != variables_.end() && m->second->period > 0) continue;
      if (m != variables_.end() && shown_.contains(u)) {
        above.push_back(absl::StrCat(u, " = ", ValueOrUnknown(*m->second)));
        continue;
      }
      Variable(u, 4);
    }
    if (!above.empty()) {
      absl::StrAppend(&out_, W("    (yukarıda: ", "    (above: "), absl::StrJoin(above, ", "),
                      ")\n");
    }
  }

  void Inputs() {
    // The facts the calculation above did not show (all of them for a
    // rejected claim, which has no calculation).
    std::vector<std::string> items;
    for (const ExplanationStep& s : r_.explanation) {
      if (s.kind == ExplanationStep::Kind::kInput && !shown_.contains(s.name)) {
        items.push_back(absl::StrCat(s.name, " = ", ValueOrUnknown(s)));
      }
    }
    if (items.empty()) return;
    out_ += shown_.empty() ? W("\nGirdiler\n", "\nInputs\n")
                           : W("\nDiğer girdiler\n", "\nOther inputs\n");
    std::string line;
    for (const std::string& item : items) {
      if (!line.empty() && Width(line) + Width(item) + 2 > 96) {
        absl::StrAppend(&out_, "  ", line, "\n");
        line.clear();
      }
      absl::StrAppend(&line, line.empty() ? "" : ", ", item);
    }
    if (!line.empty()) absl::StrAppend(&out_, "  ", line, "\n");
  }

  const Result& r_;
  const TextLanguage language_;
  const bool tr_;
  std::string out_;
  std::map<std::string, const ExplanationStep*> variables_, inputs_;
  std::multimap<std::string, const ExplanationStep*> parameters_;  // lookups by parameter
  std::map<std::string, std::vector<const ExplanationStep*>> lookups_;  // variable → lookups
  absl::flat_hash_set<std::string> shown_;
  std::set<std::pair<std::string, std::string>> lookups_shown_;
};

}  // namespace

std::string ExplanationToText(const Result& result, TextLanguage language) {
  if (!result.explained) return "";
  return TextWriter(result, language).Write();
}

}  // namespace odenek
