// Result text for people: the verdict block `odenek check` prints, the payment
// schedule table (check and explain print the same one) and what a run rests
// on. Turkish by default, English on request; numbers in one format per text
// (odenek/decimal.h, TextLanguage). The words live here, not in a front end,
// so every front end words a result alike.
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "odenek/decimal.h"
#include "odenek/result.h"
#include "util/text_width.h"

namespace odenek {
namespace {

using internal::PadLeft;
using internal::PadRight;

bool Turkish(TextLanguage language) { return language == TextLanguage::kTurkish; }

// The officer's names for the built-in programmes' outputs (issue #16 item 7:
// no raw ids as labels), short enough for the 14-column label; an output of a
// rule author's programme that is not here is shown by its id.
std::string Label(const std::string& name, TextLanguage language) {
  struct Words {
    const char* tr;
    const char* en;
  };
  static const std::map<std::string, Words> kLabels = {
      {"sure_gun", {"Süre", "Duration"}},
      {"gunluk_brut", {"Günlük brüt", "Daily gross"}},
      {"aylik_brut", {"Aylık brüt", "Monthly gross"}},
      {"damga_vergisi", {"Damga vergisi", "Stamp tax"}},
      {"aylik_net", {"Aylık net", "Monthly net"}},
      {"gss_primi_toplam", {"GSS primleri", "GSS premiums"}},
      {"kalan_hak_gun", {"Kalan hak gün", "Days still due"}},
      {"kalan_hak_gunluk_brut", {"Kalan g. brüt", "Still due/day"}},
      {"odenecek_gun", {"Ödenecek gün", "Days to pay"}},
      {"odenecek_ay", {"Ödenecek ay", "Months to pay"}},
      {"aylik_prim_odemesi", {"Aylık prim", "Premium/month"}},
      {"gunluk_tutar", {"Günlük tutar", "Daily amount"}},
      {"aylik_tutar", {"Aylık tutar", "Monthly amount"}},
      {"toplam_tutar", {"Toplam tutar", "Total amount"}},
      {"toplam_net", {"Toplam net", "Total net"}},
      {"donem_brut", {"Dönem brüt", "Period gross"}},
      {"donem_damga_vergisi", {"Dönem damga v.", "Period stamp"}},
      {"donem_net", {"Dönem net", "Period net"}},
      {"issizlik_suresinden_dusulecek_gun", {"Düşülecek gün", "Days deducted"}},
  };
  auto it = kLabels.find(name);
  if (it == kLabels.end()) return name;
  return Turkish(language) ? it->second.tr : it->second.en;
}

std::string VerdictText(Verdict v, TextLanguage language) {
  const bool tr = Turkish(language);
  switch (v) {
    case Verdict::kEligible:
      return tr ? "HAK KAZANDI" : "ELIGIBLE";
    case Verdict::kIneligible:
      return tr ? "HAK KAZANAMADI" : "INELIGIBLE";
    case Verdict::kUndetermined:
      return tr ? "BELİRSİZ" : "UNDETERMINED";
  }
  return "?";
}

// "  Label         : value": labels padded to one column.
void Line(const std::string& label, const std::string& value, std::string& out) {
  absl::StrAppend(&out, "  ", PadRight(label, 14), ": ", value, "\n");
}

// Adds `text` (exact money) to `sum`; false when it is not a number or the
// sum overflows, so the caller prints no total rather than a wrong one.
bool AddTo(Decimal& sum, const std::string& text) {
  absl::StatusOr<Decimal> v = Decimal::Parse(text);
  absl::StatusOr<Decimal> s = v.ok() ? Decimal::Add(sum, *v) : v;
  if (!s.ok()) return false;
  sum = *s;
  return true;
}

}  // namespace

std::string ValueText(const OutputValue& value, TextLanguage language) {
  const bool tr = Turkish(language);
  switch (value.kind) {
    case OutputValue::Kind::kMoney:
      // An amount to the kuruş is said in TL, also a daily or hourly one: its
      // label says per what ("Günlük brüt : 357,72 TL").
      return QuantityText(value.text, "TL", language);
    case OutputValue::Kind::kNumber:
    case OutputValue::Kind::kInteger:
      return QuantityText(value.text, value.unit, language);
    case OutputValue::Kind::kBool:
      if (value.text == "true") return tr ? "evet" : "yes";
      if (value.text == "false") return tr ? "hayır" : "no";
      return value.text;
    default:
      return value.text;
  }
}

std::string StaleReadText(const StaleParameterRead& read, TextLanguage language) {
  if (Turkish(language)) {
    return absl::StrCat(read.parameter, ": ", read.read_on,
                        " tarihinde okundu; değerleri ", read.known_until,
                        " tarihine kadar biliniyor, bilinen son değer (", read.used_from,
                        " tarihinden) kullanıldı");
  }
  return absl::StrCat(read.parameter, ": read on ", read.read_on, ", after ", read.known_until,
                      ", the last day its values are known; the latest known value (in force "
                      "from ",
                      read.used_from, ") was used");
}

std::string PaymentsToText(const std::vector<Payment>& payments, TextLanguage language,
                           int indent) {
  if (payments.empty()) return "";
  const bool tr = Turkish(language);
  const std::string pad(static_cast<size_t>(indent), ' ');
  std::string out;
  auto row = [&](const std::string& month, const std::string& from, const std::string& days,
                 const std::string& gross, const std::string& stamp, const std::string& net) {
    std::string line = absl::StrCat(pad, PadRight(month, 8), PadRight(from, 11), PadLeft(days, 5),
                                     PadLeft(gross, 15), PadLeft(stamp, 15), PadLeft(net, 15));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    absl::StrAppend(&out, line, "\n");
  };
  auto n = [language](const std::string& machine) { return NumberText(machine, language); };
  row(tr ? "Ay" : "Month", tr ? "Başlangıç" : "From", tr ? "Gün" : "Days",
      tr ? "Brüt (TL)" : "Gross (TL)", tr ? "Damga v. (TL)" : "Stamp tax (TL)", "Net (TL)");
  int days = 0;
  Decimal gross, stamp, net;
  bool sums_ok = true;
  for (const Payment& p : payments) {
    row(p.month, p.from, n(absl::StrCat(p.days)), n(p.gross), n(p.stamp_tax), n(p.net));
    days += p.days;
    sums_ok = AddTo(gross, p.gross) && AddTo(stamp, p.stamp_tax) && AddTo(net, p.net) && sums_ok;
  }
  if (sums_ok) {
    row(tr ? "Toplam" : "Total", "", n(absl::StrCat(days)), n(gross.ToString(2)),
        n(stamp.ToString(2)), n(net.ToString(2)));
  }
  return out;
}

std::string ResultToText(const Result& r, const ResultTextOptions& options) {
  const TextLanguage language = options.language;
  const bool tr = Turkish(language);
  std::string out;
  const std::string head =
      absl::StrCat(options.title.empty() ? r.program : options.title, " (", r.program, ")");
  absl::StrAppend(&out, PadRight(head, 40), " ",
                  r.id.empty() ? (tr ? "(kimliksiz)" : "(no id)") : r.id, "\n");
  Line(tr ? "Karar" : "Verdict", VerdictText(r.verdict, language), out);
  // Before any figure: what the figures rest on that the officer must know.
  // The warnings' facts, when the result has them for every warning, are
  // worded in the text's language; a result built elsewhere keeps its words.
  if (r.stale_reads.size() == r.warnings.size()) {
    for (const StaleParameterRead& read : r.stale_reads) {
      Line(tr ? "UYARI" : "WARNING", StaleReadText(read, language), out);
    }
  } else {
    for (const std::string& w : r.warnings) Line(tr ? "UYARI" : "WARNING", w, out);
  }
  for (const auto& [name, value] : r.values) {
    Line(Label(name, language), ValueText(value, language), out);
  }
  if (options.schedule && !r.payments.empty()) {
    absl::StrAppend(&out, "  ", PadRight(tr ? "Ödeme takvimi" : "Payments", 14), ":\n",
                    PaymentsToText(r.payments, language, 4));
  }
  bool first = true;
  for (const Reason& reason : r.reasons) {
    std::string text = reason.rule + " — " + reason.message;
    if (!reason.reference.empty()) text += " (" + reason.reference + ")";
    if (first) {
      Line(tr ? "Sebepler" : "Reasons", text, out);
      first = false;
    } else {
      absl::StrAppend(&out, "  ", PadRight("", 14), "  ", text, "\n");
    }
  }
  if (!r.missing.empty()) Line(tr ? "Eksik" : "Missing", absl::StrJoin(r.missing, ", "), out);
  return out;
}

std::string BasisText(const std::vector<std::string>& reforms, const std::string& as_of,
                      TextLanguage language) {
  const bool tr = Turkish(language);
  std::string out;
  for (const std::string& reform : reforms) {
    absl::StrAppend(&out,
                    tr ? "Reform uygulandı: " : "Reform applied: ", reform,
                    tr ? " (bu sonuç yürürlükteki hukuk değil)\n"
                       : " (this result is not the law in force)\n");
  }
  if (!as_of.empty()) {
    if (tr) {
      absl::StrAppend(&out, "Tarih: parametreler ", as_of,
                      " tarihinde yürürlükte olan değerlerle okundu (--date)\n");
    } else {
      absl::StrAppend(&out, "Date: parameters read with the values in force on ", as_of,
                      " (--date)\n");
    }
  }
  if (!out.empty()) out += "\n";
  return out;
}

}  // namespace odenek
