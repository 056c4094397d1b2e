#include "load/payments.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ast/lexer.h"

namespace odenek::internal {

std::string RenameIdentifiers(const std::string& text, const std::vector<std::string>& from,
                              const std::vector<std::string>& to) {
  std::string out;
  size_t copied = 0;
  for (const Token& t : Tokenize(text)) {
    if (t.kind != TokenKind::kIdent) continue;
    for (size_t i = 0; i < from.size(); ++i) {
      if (t.text != from[i]) continue;
      out.append(text, copied, static_cast<size_t>(t.offset) - copied);
      out.append(to[i]);
      copied = static_cast<size_t>(t.offset + t.length);
      break;
    }
  }
  out.append(text, copied, std::string::npos);
  return out;
}

void ExpandPayments(const std::string& program, PaymentsDef& payments,
                    std::vector<VariableDef>& variables, NodeIdAllocator& ids,
                    std::vector<Diagnostic>& diagnostics) {
  const std::string dpm =
      payments.days_per_month.empty() ? "30 gun" : absl::StrCat("(", payments.days_per_month, ")");
  auto add = [&](const std::string& name, const std::string& text,
                 const std::string& description) {
    ParseOutcome parsed = ParseExpression(text, ids);
    if (parsed.error.has_value() || parsed.expr == nullptr) {
      diagnostics.push_back(Diagnostic{
          Severity::kError, "expr-syntax", payments.location.file, payments.location.line,
          payments.location.column,
          absl::StrCat("payments of programme \"", program, "\": ", name, ": ",
                       parsed.error ? parsed.error->message : "cannot parse", " in `", text,
                       "`")});
      return;
    }
    VariableDef v;
    v.name = name;
    v.description = description;
    v.reference = payments.reference;
    v.location = payments.location;
    v.expr = ExprSource{text, payments.location, std::move(parsed.expr)};
    variables.push_back(std::move(v));
  };
  // `donem_no` (the period's number) may appear in every formula; `start` that
  // uses it gives each period's first day itself (calendar months), and
  // `days_per_month` that uses it or `donem_basi` gives each period its own
  // paid days (then each period pays min(its days, days not yet paid)).
  const std::vector<std::string> bound = {"donem_basi", "donem_gun", "donem_brut",
                                          "donem_damga", "donem_no"};
  const bool own_start =
      RenameIdentifiers(payments.start, {"donem_no"}, {"x"}) != payments.start;
  const bool own_days =
      RenameIdentifiers(payments.days_per_month, {"donem_basi", "donem_no"}, {"x", "x"}) !=
      payments.days_per_month;
  // With `unpaid_days`, each period keeps its scheduled days (odeme_k_plan_gun,
  // what it pays without events) and pays them minus the days its events take
  // (odeme_k_odenmeyen_gun): the periods keep their dates, so days a
  // suspension takes are lost, not moved past the original end, and a period
  // paying nothing does not end the schedule. Without it, the variables are
  // exactly those of a schedule before events existed.
  const bool events = !payments.unpaid_days.empty();
  std::string premiums_sum;      // "odeme_1_prim + odeme_2_prim ..."
  std::string scheduled_before;  // " - odeme_1_gun ..." (or _plan_gun), own_days only
  for (int k = 1; k <= payments.max_months; ++k) {
    PaymentsDef::Month m;
    const std::string prefix = absl::StrCat("odeme_", k, "_");
    m.start = prefix + "basi";
    m.days = prefix + "gun";
    m.gross = prefix + "brut";
    m.stamp_tax = prefix + "damga";
    m.net = prefix + "net";
    const std::string scheduled = events ? prefix + "plan_gun" : m.days;
    const std::string number = absl::StrCat("(", k, ")");
    const std::vector<std::string> names = {m.start, m.days, m.gross, m.stamp_tax, number};
    add(m.start,
        own_start ? RenameIdentifiers(payments.start, {"donem_no"}, {number})
                  : absl::StrCat("(", payments.start, ") + ", 30 * (k - 1), " gun"),
        absl::StrCat(k, ". ödeme döneminin ilk günü"));
    const std::string scheduled_text =
        events ? absl::StrCat(k, ". dönemin olaylardan önceki (takvimdeki) günü")
               : absl::StrCat(k, ". dönemde ödenen gün");
    if (own_days) {
      const std::string period_days = RenameIdentifiers(
          payments.days_per_month, {"donem_basi", "donem_no"}, {m.start, number});
      add(scheduled,
          absl::StrCat("max(0 gun, min((", period_days, "), (", payments.days, ")",
                       scheduled_before, "))"),
          scheduled_text);
      absl::StrAppend(&scheduled_before, " - ", scheduled);
    } else {
      add(scheduled,
          absl::StrCat("max(0 gun, min(", dpm, ", (", payments.days, ") - ", k - 1, " * ", dpm,
                       "))"),
          scheduled_text);
    }
    if (events) {
      const std::string last = prefix + "son";
      const std::string unpaid = prefix + "odenmeyen_gun";
      m.others.insert(m.others.end(), {scheduled, last, unpaid});
      add(last, absl::StrCat(m.start, " + ", scheduled, " - 1 gun"),
          absl::StrCat(k, ". dönemin takvimdeki son günü"));
      add(unpaid,
          absl::StrCat("max(0 gun, min(", scheduled, ", (",
                       RenameIdentifiers(payments.unpaid_days,
                                         {"donem_basi", "donem_son", "donem_no"},
                                         {m.start, last, number}),
                       ")))"),
          absl::StrCat(k, ". dönemde olaylar nedeniyle ödenmeyen gün"));
      add(m.days, absl::StrCat(scheduled, " - ", unpaid),
          absl::StrCat(k, ". dönemde ödenen gün"));
    }
    add(m.gross, RenameIdentifiers(payments.gross, bound, names),
        absl::StrCat(k, ". dönemin brüt tutarı"));
    add(m.stamp_tax, RenameIdentifiers(payments.stamp_tax, bound, names),
        absl::StrCat(k, ". dönemin damga vergisi"));
    add(m.net, RenameIdentifiers(payments.net, bound, names),
        absl::StrCat(k, ". dönemin net tutarı"));
    if (!payments.premiums.empty()) {
      const std::string premium = prefix + "prim";
      m.others.push_back(premium);
      add(premium, RenameIdentifiers(payments.premiums, bound, names),
          absl::StrCat(k, ". dönem için Fonun ödediği prim"));
      absl::StrAppend(&premiums_sum, premiums_sum.empty() ? "" : " + ", premium);
    }
    payments.months.push_back(std::move(m));
  }
  if (!payments.premiums.empty()) {
    payments.premiums_total = "odeme_prim_toplam";
    add(payments.premiums_total, premiums_sum,
        "Ödeme takvimi boyunca Fonun ödediği primlerin toplamı");
  }
  payments.remaining_days = "odeme_kalan_gun";
  add(payments.remaining_days,
      own_days ? absl::StrCat("max(0 gun, (", payments.days, ")", scheduled_before, ")")
               : absl::StrCat("max(0 gun, (", payments.days, ") - ", payments.max_months,
                              " * ", dpm, ")"),
      "Ödeme takviminin kapsamadığı gün (0 olmalı; değilse max_months küçük)");
}

}  // namespace odenek::internal
