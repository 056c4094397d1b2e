// Numbers and quantities as text (TurkishNumber, QuantityText in
// odenek/decimal.h): Turkish grouping, money, units as words.
#include "odenek/decimal.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"

namespace odenek {
namespace {

TEST(TurkishNumberTest, GroupsThousandsWithDotsAndDecimalsWithAComma) {
  EXPECT_EQ(TurkishNumber("10650.15"), "10.650,15");
  EXPECT_EQ(TurkishNumber("-4966857171.92"), "-4.966.857.171,92");
  EXPECT_EQ(TurkishNumber("180"), "180");
  EXPECT_EQ(TurkishNumber("1000"), "1.000");
  EXPECT_EQ(TurkishNumber("999.5"), "999,5");
  EXPECT_EQ(TurkishNumber("0.40"), "0,40");
  EXPECT_EQ(TurkishNumber("-0.01"), "-0,01");
  // Not a plain decimal: unchanged.
  for (const char* text : {"", "-", "abc", "1e5", "12.", ".5", "1.2.3", "2023-06-30"}) {
    EXPECT_EQ(TurkishNumber(text), text) << text;
  }
}

// The class: for every amount, removing the grouping dots and reading the
// comma as the point gives back the machine text.
TEST(TurkishNumberTest, RoundTripsEveryAmount) {
  uint64_t state = 7;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const Decimal d = Decimal::FromRaw(static_cast<int64_t>(state) / 1000);
    const std::string machine = d.ToString(2);
    std::string back;
    for (char c : TurkishNumber(machine)) {
      if (c == '.') continue;
      back += c == ',' ? '.' : c;
    }
    EXPECT_EQ(back, machine);
  }
}

// Issue #16 item 7: the boundaries of the Turkish money format, as text
// output writes money (QuantityText, unit TL).
TEST(QuantityTextTest, MoneyBoundariesInTurkish) {
  const TextLanguage tr = TextLanguage::kTurkish;
  EXPECT_EQ(QuantityText("0", "TL", tr), "0,00 TL");
  EXPECT_EQ(QuantityText("0.00", "TL", tr), "0,00 TL");
  EXPECT_EQ(QuantityText("0.01", "TL", tr), "0,01 TL");
  EXPECT_EQ(QuantityText("999.99", "TL", tr), "999,99 TL");
  EXPECT_EQ(QuantityText("1000", "TL", tr), "1.000,00 TL");
  EXPECT_EQ(QuantityText("1000.00", "TL", tr), "1.000,00 TL");
  EXPECT_EQ(QuantityText("1234567.89", "TL", tr), "1.234.567,89 TL");
  EXPECT_EQ(QuantityText("-0.01", "TL", tr), "-0,01 TL");
  EXPECT_EQ(QuantityText("-1234567.89", "TL", tr), "-1.234.567,89 TL");
  EXPECT_EQ(QuantityText("13414.5", "TL", tr), "13.414,50 TL");
  EXPECT_EQ(QuantityText("3972.82", "TL", tr), "3.972,82 TL");
}

TEST(QuantityTextTest, MoneyBoundariesInEnglish) {
  const TextLanguage en = TextLanguage::kEnglish;
  EXPECT_EQ(QuantityText("0", "TL", en), "0.00 TL");
  EXPECT_EQ(QuantityText("0.01", "TL", en), "0.01 TL");
  EXPECT_EQ(QuantityText("999.99", "TL", en), "999.99 TL");
  EXPECT_EQ(QuantityText("1000", "TL", en), "1000.00 TL");
  EXPECT_EQ(QuantityText("1234567.89", "TL", en), "1234567.89 TL");
  EXPECT_EQ(QuantityText("-1234567.89", "TL", en), "-1234567.89 TL");
}

// Units are words: no "0 gun", "10 1" or "36 oran" in text.
TEST(QuantityTextTest, UnitsAreWords) {
  const TextLanguage tr = TextLanguage::kTurkish;
  const TextLanguage en = TextLanguage::kEnglish;
  EXPECT_EQ(QuantityText("0", "gun", tr), "0 gün");
  EXPECT_EQ(QuantityText("180", "gün", tr), "180 gün");
  EXPECT_EQ(QuantityText("1200", "gun", tr), "1.200 gün");
  EXPECT_EQ(QuantityText("180", "gun", en), "180 days");
  EXPECT_EQ(QuantityText("1", "gun", en), "1 day");
  EXPECT_EQ(QuantityText("10", "1", tr), "10");
  EXPECT_EQ(QuantityText("36", "", tr), "36");
  EXPECT_EQ(QuantityText("0.4", "oran", tr), "0,4");
  EXPECT_EQ(QuantityText("0.4", "oran", en), "0.4");
  EXPECT_EQ(QuantityText("45", "saat", en), "45 hours");
  EXPECT_EQ(QuantityText("357.7266", "TL/gun", tr), "357,7266 TL/gün");
  EXPECT_EQ(QuantityText("357.7266", "TL/gün", en), "357.7266 TL/day");
  EXPECT_EQ(UnitText("no unit", tr), "");
}

// The header's examples.
TEST(QuantityTextTest, DocExamples) {
  EXPECT_EQ(NumberText("3972.82", TextLanguage::kTurkish), "3.972,82");
  EXPECT_EQ(NumberText("3972.82", TextLanguage::kEnglish), "3972.82");
  EXPECT_EQ(QuantityText("3972.8", "TL", TextLanguage::kTurkish), "3.972,80 TL");
  EXPECT_EQ(QuantityText("180", "gun", TextLanguage::kTurkish), "180 gün");
  EXPECT_EQ(QuantityText("180", "gun", TextLanguage::kEnglish), "180 days");
  EXPECT_EQ(QuantityText("0.4", "oran", TextLanguage::kTurkish), "0,4");
}

}  // namespace
}  // namespace odenek
