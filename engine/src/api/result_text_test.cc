// Result text for people in both languages (issue #16 item 7): one number
// format per text, units in words, the same lines in Turkish and English.
#include <algorithm>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/result.h"

namespace odenek {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Result Eligible() {
  Result r;
  r.id = "B-1";
  r.program = "issizlik_odenegi";
  r.verdict = Verdict::kEligible;
  r.values = {{"sure_gun", {OutputValue::Kind::kInteger, "180", "gün"}},
              {"gunluk_brut", {OutputValue::Kind::kMoney, "133.44", "TL/gün"}},
              {"aylik_net", {OutputValue::Kind::kMoney, "3972.82", "TL"}},
              {"gss_primi_toplam", {OutputValue::Kind::kMoney, "1234567.89", "TL"}}};
  r.payments = {{"2023-06", "2023-06-05", 30, "4003.20", "30.38", "3972.82"},
                {"2023-07", "2023-07-05", 30, "4003.20", "30.38", "3972.82"}};
  return r;
}

TEST(ResultText, TurkishNumbersAndUnitWords) {
  ResultTextOptions options;
  options.title = "İşsizlik ödeneği";
  const std::string text = ResultToText(Eligible(), options);
  EXPECT_EQ(text,
            "İşsizlik ödeneği (issizlik_odenegi)      B-1\n"
            "  Karar         : HAK KAZANDI\n"
            "  Süre          : 180 gün\n"
            "  Günlük brüt   : 133,44 TL\n"
            "  Aylık net     : 3.972,82 TL\n"
            "  GSS primleri  : 1.234.567,89 TL\n"
            "  Ödeme takvimi :\n"
            "    Ay      Başlangıç    Gün      Brüt (TL)  Damga v. (TL)       Net (TL)\n"
            "    2023-06 2023-06-05    30       4.003,20          30,38       3.972,82\n"
            "    2023-07 2023-07-05    30       4.003,20          30,38       3.972,82\n"
            "    Toplam                60       8.006,40          60,76       7.945,64\n");
}

TEST(ResultText, EnglishHasTheSameLines) {
  ResultTextOptions options;
  options.language = TextLanguage::kEnglish;
  const std::string en = ResultToText(Eligible(), options);
  EXPECT_THAT(en, HasSubstr("issizlik_odenegi (issizlik_odenegi)      B-1\n"));
  EXPECT_THAT(en, HasSubstr("  Verdict       : ELIGIBLE\n"));
  EXPECT_THAT(en, HasSubstr("  Duration      : 180 days\n"));
  EXPECT_THAT(en, HasSubstr("  Monthly net   : 3972.82 TL\n"));
  EXPECT_THAT(en, HasSubstr("    Total                 60        8006.40          60.76        7945.64\n"));
  const std::string tr = ResultToText(Eligible());
  EXPECT_EQ(std::count(tr.begin(), tr.end(), '\n'), std::count(en.begin(), en.end(), '\n'));
}

TEST(ResultText, RejectedAndUndetermined) {
  Result r;
  r.program = "p";
  r.verdict = Verdict::kIneligible;
  r.reasons = {{"a", "A olmalı", "m.1"}, {"b", "B olmalı", ""}};
  EXPECT_THAT(ResultToText(r), HasSubstr("p (p)"));
  EXPECT_THAT(ResultToText(r), HasSubstr("(kimliksiz)\n  Karar         : HAK KAZANAMADI\n"
                                         "  Sebepler      : a — A olmalı (m.1)\n"
                                         "                  b — B olmalı\n"));
  r.verdict = Verdict::kUndetermined;
  r.reasons.clear();
  r.missing = {"x", "y"};
  ResultTextOptions en;
  en.language = TextLanguage::kEnglish;
  EXPECT_THAT(ResultToText(r, en), HasSubstr("  Verdict       : UNDETERMINED\n"
                                             "  Missing       : x, y\n"));
}

// A total the amounts cannot give exactly is left out, not guessed.
TEST(ResultText, NoTotalWhenAnAmountIsNotANumber) {
  const std::string table =
      PaymentsToText({{"2023-06", "2023-06-05", 30, "x", "1.00", "2.00"}},
                     TextLanguage::kTurkish, 0);
  EXPECT_THAT(table, Not(HasSubstr("Toplam")));
  EXPECT_EQ(PaymentsToText({}, TextLanguage::kTurkish, 2), "");
}

TEST(ResultText, WarningsInTheTextsLanguage) {
  Result r = Eligible();
  const StaleParameterRead read{"asgari_ucret.brut", "2027-01-15", "2026-12-31", "2026-01-01"};
  r.warnings = {StaleReadText(read, TextLanguage::kEnglish)};
  r.stale_reads = {read};
  EXPECT_THAT(ResultToText(r), HasSubstr("  UYARI         : asgari_ucret.brut: 2027-01-15 tarihinde "
                                         "okundu; değerleri 2026-12-31 tarihine kadar biliniyor, "
                                         "bilinen son değer (2026-01-01 tarihinden) kullanıldı\n"));
  ResultTextOptions en;
  en.language = TextLanguage::kEnglish;
  EXPECT_THAT(ResultToText(r, en),
              HasSubstr("  WARNING       : asgari_ucret.brut: read on 2027-01-15, after 2026-12-31, "
                        "the last day its values are known; the latest known value (in force "
                        "from 2026-01-01) was used\n"));
  // A result whose warnings have no facts keeps their words.
  r.stale_reads.clear();
  r.warnings = {"başka bir uyarı"};
  EXPECT_THAT(ResultToText(r), HasSubstr("  UYARI         : başka bir uyarı\n"));
}

TEST(ResultText, BasisSaysReformAndDate) {
  EXPECT_EQ(BasisText({}, "", TextLanguage::kTurkish), "");
  EXPECT_EQ(BasisText({"r.yaml"}, "2024-01-01", TextLanguage::kTurkish),
            "Reform uygulandı: r.yaml (bu sonuç yürürlükteki hukuk değil)\n"
            "Tarih: parametreler 2024-01-01 tarihinde yürürlükte olan değerlerle okundu "
            "(--date)\n\n");
  EXPECT_EQ(BasisText({"r.yaml"}, "2024-01-01", TextLanguage::kEnglish),
            "Reform applied: r.yaml (this result is not the law in force)\n"
            "Date: parameters read with the values in force on 2024-01-01 (--date)\n\n");
}

TEST(ResultText, ValueTextWordsEachKind) {
  const TextLanguage tr = TextLanguage::kTurkish;
  const TextLanguage en = TextLanguage::kEnglish;
  EXPECT_EQ(ValueText({OutputValue::Kind::kBool, "true", ""}, tr), "evet");
  EXPECT_EQ(ValueText({OutputValue::Kind::kBool, "false", ""}, tr), "hayır");
  EXPECT_EQ(ValueText({OutputValue::Kind::kBool, "false", ""}, en), "no");
  EXPECT_EQ(ValueText({OutputValue::Kind::kDate, "2023-05-31", ""}, tr), "2023-05-31");
  EXPECT_EQ(ValueText({OutputValue::Kind::kMonth, "2023-05", ""}, tr), "2023-05");
  EXPECT_EQ(ValueText({OutputValue::Kind::kMoney, "3972.82", "TL"}, tr), "3.972,82 TL");
  EXPECT_EQ(ValueText({OutputValue::Kind::kMoney, "133.44", "TL/gün"}, tr), "133,44 TL");
  EXPECT_EQ(ValueText({OutputValue::Kind::kNumber, "357.7266", "TL/gün"}, tr), "357,7266 TL/gün");
  EXPECT_EQ(ValueText({OutputValue::Kind::kNumber, "0.4", ""}, tr), "0,4");
  EXPECT_EQ(ValueText({OutputValue::Kind::kInteger, "1200", "gün"}, tr), "1.200 gün");
  EXPECT_EQ(ValueText({OutputValue::Kind::kInteger, "1200", "gün"}, en), "1200 days");
  EXPECT_EQ(ValueText({OutputValue::Kind::kString, "B-1.000", ""}, tr), "B-1.000");
}

}  // namespace
}  // namespace odenek
