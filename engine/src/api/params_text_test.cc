// Parameters as text (`odenek params`) in both languages (issue #16 item 7).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/rule_set.h"

namespace odenek {
namespace {

ParameterInfo MinimumWage() {
  ParameterInfo p;
  p.name = "asgari_ucret.brut";
  p.kind = "number";
  p.unit = "TL";
  p.description = "Aylık brüt asgari ücret";
  p.reference = "4857 s.K. m.39";
  p.values = {{"2023-01-01", "10008", "karar 2023/1"}, {"2023-07-01", "13414.5", ""}};
  return p;
}

TEST(ParamsText, HistoryInTurkish) {
  EXPECT_EQ(ParameterToText(MinimumWage(), ""),
            "asgari_ucret.brut (sayı, TL)\n"
            "  Aylık brüt asgari ücret\n"
            "  Dayanak: 4857 s.K. m.39\n"
            "  2023-01-01  10.008,00 TL   [karar 2023/1]\n"
            "  2023-07-01  13.414,50 TL\n");
}

TEST(ParamsText, OnADateInEnglish) {
  EXPECT_EQ(ParameterToText(MinimumWage(), "2023-08-01", TextLanguage::kEnglish),
            "asgari_ucret.brut (number, TL)\n"
            "  Aylık brüt asgari ücret\n"
            "  Reference: 4857 s.K. m.39\n"
            "  2023-08-01 = 13414.50 TL (from 2023-07-01)\n");
  EXPECT_THAT(ParameterToText(MinimumWage(), "2022-12-31"),
              ::testing::HasSubstr("  2022-12-31: yürürlükte değer yok\n"));
}

TEST(ParamsText, ListingWithUnitWords) {
  ParameterInfo days;
  days.name = "issizlik_odenegi.asgari_prim_gun";
  days.kind = "number";
  days.unit = "gun";
  days.values = {{"2000-06-01", "600", ""}};
  ParameterInfo ratio;
  ratio.name = "issizlik_odenegi.oran";
  ratio.kind = "number";
  ratio.unit = "oran";
  ratio.values = {{"2008-05-26", "0.4", ""}};
  ParameterInfo codes;
  codes.name = "fesih_kodlari.issizlik";
  codes.kind = "set";
  codes.values = {{"2018-04-02", "[4, 5, 12]", ""}};
  EXPECT_EQ(ParametersToText({days, ratio, codes}, ""),
            "issizlik_odenegi.asgari_prim_gun = 600 gün (2000-06-01)\n"
            "issizlik_odenegi.oran = 0,4 (2008-05-26)\n"
            "fesih_kodlari.issizlik = [4, 5, 12] (2018-04-02)\n");
  EXPECT_EQ(ParametersToText({days}, "1999-01-01", TextLanguage::kEnglish),
            "issizlik_odenegi.asgari_prim_gun = (no value in force)\n");
}

TEST(ParamsText, ValueOnHonoursTheEnd) {
  ParameterInfo p = MinimumWage();
  p.end = "2023-12-31";
  ASSERT_NE(p.ValueOn("2023-07-01"), nullptr);
  EXPECT_EQ(p.ValueOn("2023-07-01")->value, "13414.5");
  EXPECT_EQ(p.ValueOn("2023-06-30")->value, "10008");
  EXPECT_EQ(p.ValueOn("2024-01-01"), nullptr);
  EXPECT_EQ(p.ValueOn("2022-12-31"), nullptr);
}

}  // namespace
}  // namespace odenek
