// ExplanationToText: the explanation as `odenek explain` prints it under the
// verdict block (issue #16 item 6). The order follows how an officer reads a
// decision: the conditions and, for a rejected claim, why not; then each
// amount with what it was computed from; then the payment schedule as a
// table; the claim's facts last. Each parameter lookup and each fact is
// printed once, where it is first read. The JSON explanation (ResultToJson)
// stays complete: this text leaves out what the decision did not rest on
// (values no output reads, the schedule's per-month variables).
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "odenek/decimal.h"
#include "odenek/result.h"
#include "util/text_width.h"

namespace odenek {
namespace {

using internal::PadLeft;
using internal::PadRight;
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

std::string ValueOrUnknown(const ExplanationStep& s) {
  return s.known ? s.value : "(bilinmiyor)";
}

std::string LookupLine(const ExplanationStep& p) {
  std::string line = p.name;
  if (!p.on_date.empty()) absl::StrAppend(&line, " @ ", p.on_date);
  absl::StrAppend(&line, " = ", ValueOrUnknown(p));
  if (!p.effective_from.empty()) absl::StrAppend(&line, " (", p.effective_from, " tarihinden)");
  if (!p.reform.empty()) absl::StrAppend(&line, " {reform: ", p.reform, "}");
  if (!p.reference.empty()) absl::StrAppend(&line, "   [", p.reference, "]");
  return line;
}

void AppendWhyNot(const std::vector<WhyNotEntry>& entries, std::string& out) {
  for (const WhyNotEntry& e : entries) {
    if (!e.from_explanation) {
      absl::StrAppend(&out, "  ✗ ", e.condition, " — ", e.message, "\n");
      continue;
    }
    absl::StrAppend(&out, "  ✗ ", e.condition);
    if (!e.formula.empty()) absl::StrAppend(&out, " — ", e.formula);
    if (!e.reference.empty()) absl::StrAppend(&out, " (", e.reference, ")");
    out += "\n";
    if (e.rule_text.empty()) continue;
    absl::StrAppend(&out, "      kural: ", e.rule_text, "\n");
    for (const WhyNotValue& v : e.values) {
      absl::StrAppend(&out, "      ", v.name, " = ", v.known ? v.value : "(bilinmiyor)", "\n");
    }
    for (const WhyNotParameter& p : e.parameters) {
      absl::StrAppend(&out, "      ", p.name);
      if (!p.on_date.empty()) absl::StrAppend(&out, " @ ", p.on_date);
      absl::StrAppend(&out, " = ", p.value);
      if (!p.effective_from.empty()) absl::StrAppend(&out, " (", p.effective_from, " tarihinden)");
      out += "\n";
    }
    if (e.change) absl::StrAppend(&out, "      → ", e.change->text, "\n");
  }
}

class TextWriter {
 public:
  explicit TextWriter(const Result& r) : r_(r) {
    for (const ExplanationStep& s : r.explanation) {
      switch (s.kind) {
        case ExplanationStep::Kind::kVariable: variables_[s.name] = &s; break;
        case ExplanationStep::Kind::kInput: inputs_[s.name] = &s; break;
        case ExplanationStep::Kind::kParameter:
          for (const std::string& u : s.uses) lookups_[u].push_back(&s);
          break;
        default: break;
      }
    }
  }

  std::string Write() {
    if (r_.verdict == Verdict::kIneligible) {
      // Why not comes first: it is the answer to a rejected claim.
      out_ += "\nNeden olmadı\n";
      AppendWhyNot(r_.why_not, out_);
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
      if (!any) out_ += "\nKoşullar\n";
      any = true;
      // In words: a condition worded as a failure ("... gün kalmıyor") must
      // not read as ticked when it holds.
      const char* mark = !s.known ? "? belirsiz   " : s.value == "true" ? "✓ sağlandı   "
                                                                         : "✗ sağlanmadı ";
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
        absl::StrAppend(&out_, pad, name, " = ", ValueOrUnknown(*in->second), "   (girdi)\n");
      }
      return;  // a list, a field, a fact shown before, or a name with no value
    }
    const ExplanationStep& s = *v->second;
    if (!shown_.insert(name).second) return;  // shown above (see Children)
    absl::StrAppend(&out_, pad, Labelled(s), " = ", ValueOrUnknown(s));
    if (s.given) {
      absl::StrAppend(&out_, "   (başvuruda verildi)\n");
      return;  // the claim's fact: its formula was not used
    }
    if (IsCopy(s)) {
      // A fact read from the claim's history form under another name.
      absl::StrAppend(&out_, "   ← ", s.uses.front(), " (girdi)");
      if (!s.reference.empty()) absl::StrAppend(&out_, "   [", s.reference, "]");
      out_ += "\n";
      shown_.insert(s.uses.front());
      return;
    }
    if (!s.formula.empty()) absl::StrAppend(&out_, "   ← ", OneLine(s.formula));
    if (!s.table_row.empty()) {
      absl::StrAppend(&out_, ", satır ", s.table_row, " → ", s.table_value);
    }
    if (!s.reference.empty()) absl::StrAppend(&out_, "   [", s.reference, "]");
    out_ += "\n";
    if (!s.when.empty()) {
      absl::StrAppend(&out_, pad, "    istisna uygulandı: ", s.when, "\n");
      absl::StrAppend(&out_, pad, "    temel tanım uygulanmadı (overridden): ",
                      OneLine(s.overridden));
      if (!s.overridden_reference.empty()) {
        absl::StrAppend(&out_, "   [", s.overridden_reference, "]");
      }
      out_ += "\n";
    }
    for (const Rounding& rd : s.roundings) {
      absl::StrAppend(&out_, pad, "    yuvarlama: ", rd.before, " → ", rd.after, " (", rd.mode,
                      ", ", rd.places, " basamak");
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
      absl::StrAppend(&out_, pad, "  (yukarıda: ", absl::StrJoin(above, ", "), ")\n");
    }
    if (!months.empty()) {
      absl::StrAppend(&out_, pad, "  ", months.front(),
                      months.size() > 1 ? absl::StrCat(" … ", months.back()) : "",
                      ": ödeme takviminde (aşağıda)\n");
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
      if (!any) out_ += "\nHesaplama\n";
      any = true;
      Variable(s.name, 2);
    }
  }

  void Schedule() {
    if (r_.payments.empty()) return;
    out_ += "\nÖdeme takvimi\n";
    const std::vector<std::string> head = {"Ay", "Başlangıç", "Gün", "Brüt", "Damga", "Net"};
    const std::vector<size_t> width = {7, 10, 4, 12, 10, 12};
    auto row = [&](const std::vector<std::string>& cells) {
      std::string line = " ";
      for (size_t k = 0; k < cells.size(); ++k) {
        line += " ";
        line += k < 2 ? PadRight(cells[k], width[k]) : PadLeft(cells[k], width[k]);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      absl::StrAppend(&out_, line, "\n");
    };
    row(head);
    int days = 0;
    Decimal gross, stamp, net;
    bool sums = true;
    for (const Payment& p : r_.payments) {
      row({p.month, p.from, std::to_string(p.days), p.gross, p.stamp_tax, p.net});
      days += p.days;
      auto add = [&](Decimal& total, const std::string& text) {
        absl::StatusOr<Decimal> d = Decimal::Parse(text);
        absl::StatusOr<Decimal> sum = d.ok() ? Decimal::Add(total, *d) : d.status();
        if (sum.ok()) {
          total = *sum;
        } else {
          sums = false;  // no total rather than a wrong one
        }
      };
      add(gross, p.gross);
      add(stamp, p.stamp_tax);
      add(net, p.net);
    }
    if (sums) {
      row({"Toplam", "", std::to_string(days), gross.ToString(2), stamp.ToString(2),
           net.ToString(2)});
    }
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
      absl::StrAppend(&out_, "  ", s.name, " = ", ValueOrUnknown(s));
      if (!s.effective_from.empty()) absl::StrAppend(&out_, " (", s.effective_from, " tarihinden)");
      if (!s.reform.empty()) absl::StrAppend(&out_, " {reform: ", s.reform, "}");
      absl::StrAppend(&out_, ": ", m.front(), m.size() > 1 ? absl::StrCat("..", m.back()) : "",
                      " aylarında");
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
        out_ += "  Olaylar nedeniyle ödenmeyen günler (dönemler tarihlerini korur):\n";
        first = &u;
      }
      absl::StrAppend(&out_, "    ", k, ". dönem ", ValueOrUnknown(*start->second), "..",
                      ValueOrUnknown(*last->second), ": takvimde ",
                      ValueOrUnknown(*scheduled->second), " gün, ödenmeyen ", u.value,
                      " gün\n");
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
      absl::StrAppend(&out_, "    (yukarıda: ", absl::StrJoin(above, ", "), ")\n");
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
    out_ += shown_.empty() ? "\nGirdiler\n" : "\nDiğer girdiler\n";
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
  std::string out_;
  std::map<std::string, const ExplanationStep*> variables_, inputs_;
  std::map<std::string, std::vector<const ExplanationStep*>> lookups_;  // variable → lookups
  absl::flat_hash_set<std::string> shown_;
  std::set<std::pair<std::string, std::string>> lookups_shown_;
};

}  // namespace

std::string ExplanationToText(const Result& result) {
  if (!result.explained) return "";
  return TextWriter(result).Write();
}

}  // namespace odenek
