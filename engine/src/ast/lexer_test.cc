#include "ast/lexer.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<TokenKind> Kinds(absl::string_view text) {
  std::vector<TokenKind> kinds;
  for (const Token& t : Tokenize(text)) kinds.push_back(t.kind);
  return kinds;
}

std::vector<std::string> Texts(absl::string_view text) {
  std::vector<std::string> texts;
  for (const Token& t : Tokenize(text)) texts.emplace_back(t.text);
  return texts;
}

// The kError token of `text`, which must fail to tokenize.
Token ErrorOf(absl::string_view text) {
  std::vector<Token> tokens = Tokenize(text);
  EXPECT_EQ(tokens.back().kind, TokenKind::kError) << text;
  return tokens.back();
}

TEST(LexerTest, EmptyTextIsJustEnd) {
  std::vector<Token> tokens = Tokenize("");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[0].offset, 0);
}

TEST(LexerTest, EndTokenIsAtTextSize) {
  std::vector<Token> tokens = Tokenize("a  ");
  EXPECT_EQ(tokens.back().kind, TokenKind::kEnd);
  EXPECT_EQ(tokens.back().offset, 3);
}

TEST(LexerTest, TokenizeDocExample) {
  std::vector<Token> t = Tokenize("prim_gun_3_yil >= 600 gun");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[0].kind, TokenKind::kIdent);
  EXPECT_EQ(t[0].offset, 0);
  EXPECT_EQ(t[0].length, 14);
  EXPECT_EQ(t[1].kind, TokenKind::kGe);
  EXPECT_EQ(t[1].offset, 15);
  EXPECT_EQ(t[2].kind, TokenKind::kNumber);
  EXPECT_EQ(t[2].offset, 18);
  EXPECT_EQ(t[2].text, "600");
  EXPECT_EQ(t[3].kind, TokenKind::kIdent);
  EXPECT_EQ(t[3].offset, 22);
  EXPECT_EQ(t[4].kind, TokenKind::kEnd);
  EXPECT_EQ(t[4].offset, 25);
}

TEST(LexerTest, AllOperators) {
  EXPECT_THAT(Kinds("+ - * / < <= > >= == != @ ( ) [ ] ,"),
              ElementsAre(TokenKind::kPlus, TokenKind::kMinus, TokenKind::kStar,
                          TokenKind::kSlash, TokenKind::kLt, TokenKind::kLe,
                          TokenKind::kGt, TokenKind::kGe, TokenKind::kEqEq,
                          TokenKind::kNe, TokenKind::kAt, TokenKind::kLParen,
                          TokenKind::kRParen, TokenKind::kLBracket,
                          TokenKind::kRBracket, TokenKind::kComma, TokenKind::kEnd));
}

TEST(LexerTest, OperatorsNeedNoSpaces) {
  EXPECT_THAT(Texts("a<=b>=c!=d==e<f>g"),
              ElementsAre("a", "<=", "b", ">=", "c", "!=", "d", "==", "e", "<",
                          "f", ">", "g", ""));
}

TEST(LexerTest, AllKeywords) {
  EXPECT_THAT(Kinds("and or not in if then else true false"),
              ElementsAre(TokenKind::kAnd, TokenKind::kOr, TokenKind::kNot,
                          TokenKind::kIn, TokenKind::kIf, TokenKind::kThen,
                          TokenKind::kElse, TokenKind::kTrue, TokenKind::kFalse,
                          TokenKind::kEnd));
}

TEST(LexerTest, KeywordsAreCaseSensitive) {
  EXPECT_THAT(Kinds("AND True"),
              ElementsAre(TokenKind::kIdent, TokenKind::kIdent, TokenKind::kEnd));
}

TEST(LexerTest, KeywordPrefixIsAName) {
  EXPECT_THAT(Kinds("india iffy android"),
              ElementsAre(TokenKind::kIdent, TokenKind::kIdent, TokenKind::kIdent,
                          TokenKind::kEnd));
}

TEST(LexerTest, IntegerAndDecimalNumbers) {
  EXPECT_THAT(Kinds("12 0.00759 10008.00"),
              ElementsAre(TokenKind::kNumber, TokenKind::kNumber,
                          TokenKind::kNumber, TokenKind::kEnd));
  EXPECT_THAT(Texts("12 0.00759 10008.00"),
              ElementsAre("12", "0.00759", "10008.00", ""));
}

TEST(LexerTest, DateIsOneToken) {
  std::vector<Token> t = Tokenize("2023-07-01");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].kind, TokenKind::kDate);
  EXPECT_EQ(t[0].text, "2023-07-01");
  EXPECT_EQ(t[0].length, 10);
}

TEST(LexerTest, MonthIsOneToken) {
  std::vector<Token> t = Tokenize("2023-07");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].kind, TokenKind::kMonth);
  EXPECT_EQ(t[0].text, "2023-07");
}

TEST(LexerTest, DateShapeIsNotCheckedForValidity) {
  EXPECT_EQ(Tokenize("2023-13-45")[0].kind, TokenKind::kDate);
}

TEST(LexerTest, SpacedMinusIsSubtraction) {
  EXPECT_THAT(Kinds("basvuru_tarihi - fesih_tarihi - 30 gun"),
              ElementsAre(TokenKind::kIdent, TokenKind::kMinus, TokenKind::kIdent,
                          TokenKind::kMinus, TokenKind::kNumber, TokenKind::kIdent,
                          TokenKind::kEnd));
}

TEST(LexerTest, ShortNumbersGluedByMinusAreSubtraction) {
  EXPECT_THAT(Kinds("10-5"), ElementsAre(TokenKind::kNumber, TokenKind::kMinus,
                                         TokenKind::kNumber, TokenKind::kEnd));
}

TEST(LexerTest, YearMinusSpacedNumberIsSubtraction) {
  EXPECT_THAT(Kinds("2023 - 07"), ElementsAre(TokenKind::kNumber, TokenKind::kMinus,
                                              TokenKind::kNumber, TokenKind::kEnd));
}

TEST(LexerTest, DateMinusDays) {
  EXPECT_THAT(Kinds("2023-07-01 - 30 gun"),
              ElementsAre(TokenKind::kDate, TokenKind::kMinus, TokenKind::kNumber,
                          TokenKind::kIdent, TokenKind::kEnd));
}

TEST(LexerTest, MalformedDateIsAnError) {
  Token e = ErrorOf("x < 2023-7-01");
  EXPECT_EQ(e.offset, 4);
  EXPECT_THAT(e.value, HasSubstr("malformed date \"2023-7-01\""));
  EXPECT_THAT(e.value, HasSubstr("YYYY-MM-DD"));
}

TEST(LexerTest, DateWithOneDigitDayIsAnError) {
  Token e = ErrorOf("2023-07-1");
  EXPECT_EQ(e.offset, 0);
  EXPECT_THAT(e.value, HasSubstr("malformed date \"2023-07-1\""));
}

TEST(LexerTest, DateWithThreeDigitDayIsAnError) {
  EXPECT_EQ(ErrorOf("2023-07-011").offset, 0);
}

TEST(LexerTest, DottedNames) {
  std::vector<Token> t = Tokenize("asgari_ucret.brut primler.kazanc _x.y1.z");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].text, "asgari_ucret.brut");
  EXPECT_EQ(t[1].text, "primler.kazanc");
  EXPECT_EQ(t[1].offset, 18);
  EXPECT_EQ(t[2].text, "_x.y1.z");
}

TEST(LexerTest, NameEndingInDotIsAnError) {
  Token e = ErrorOf("asgari_ucret. brut");
  EXPECT_EQ(e.offset, 12);
  EXPECT_THAT(e.value, HasSubstr("after \".\""));
}

TEST(LexerTest, NamePartStartingWithDigitIsAnError) {
  EXPECT_EQ(ErrorOf("a.1").offset, 1);
}

TEST(LexerTest, StringWithEscapes) {
  std::vector<Token> t = Tokenize(R"("a\"b\\c")");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].kind, TokenKind::kString);
  EXPECT_EQ(t[0].value, "a\"b\\c");
  EXPECT_EQ(t[0].length, 9);
}

TEST(LexerTest, StringPassesUtf8Through) {
  std::vector<Token> t = Tokenize("\"İşveren ödemesi\" == x");
  EXPECT_EQ(t[0].kind, TokenKind::kString);
  EXPECT_EQ(t[0].value, "İşveren ödemesi");
  EXPECT_EQ(t[1].kind, TokenKind::kEqEq);
}

TEST(LexerTest, UnterminatedStringIsAnErrorAtItsQuote) {
  Token e = ErrorOf("x == \"abc");
  EXPECT_EQ(e.offset, 5);
  EXPECT_THAT(e.value, HasSubstr("unterminated string"));
}

TEST(LexerTest, UnknownEscapeIsAnError) {
  Token e = ErrorOf(R"("a\nb")");
  EXPECT_EQ(e.offset, 2);
  EXPECT_THAT(e.value, HasSubstr("unknown escape \"\\n\""));
}

TEST(LexerTest, UnitGunWithTurkishLetterIsAName) {
  std::vector<Token> t = Tokenize("30 gün)");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[1].kind, TokenKind::kIdent);
  EXPECT_EQ(t[1].text, "gün");
  EXPECT_EQ(t[1].length, 4);
  EXPECT_EQ(t[2].kind, TokenKind::kRParen);
  EXPECT_EQ(t[2].offset, 7);
}

TEST(LexerTest, DoubleAmpersandIsAnError) {
  Token e = ErrorOf("a && b");
  EXPECT_EQ(e.offset, 2);
  EXPECT_EQ(e.value, "unexpected \"&&\": use \"and\"");
}

TEST(LexerTest, DoublePipeIsAnError) {
  Token e = ErrorOf("a || b");
  EXPECT_EQ(e.offset, 2);
  EXPECT_EQ(e.value, "unexpected \"||\": use \"or\"");
}

TEST(LexerTest, SingleEqualsIsAnError) {
  Token e = ErrorOf("a = b");
  EXPECT_EQ(e.offset, 2);
  EXPECT_EQ(e.value, "unexpected \"=\": use \"==\" to compare");
}

TEST(LexerTest, LoneBangIsAnError) {
  Token e = ErrorOf("!a");
  EXPECT_EQ(e.offset, 0);
  EXPECT_THAT(e.value, HasSubstr("use \"not\""));
}

TEST(LexerTest, PercentIsAnError) {
  Token e = ErrorOf("a % b");
  EXPECT_EQ(e.offset, 2);
  EXPECT_THAT(e.value, HasSubstr("unexpected \"%\": expected a number"));
}

TEST(LexerTest, AngleBracketsNotEqualIsAnError) {
  Token e = ErrorOf("a <> b");
  EXPECT_EQ(e.offset, 2);
  EXPECT_THAT(e.value, HasSubstr("use \"!=\""));
}

TEST(LexerTest, SingleQuoteIsAnError) {
  EXPECT_THAT(ErrorOf("'x'").value, HasSubstr("double quotes"));
}

TEST(LexerTest, TurkishLetterInNameIsAnErrorWithAsciiHint) {
  Token e = ErrorOf("prim_gün_sayisi");
  EXPECT_EQ(e.offset, 6);
  EXPECT_THAT(e.value, HasSubstr("unexpected \"ü\""));
  EXPECT_THAT(e.value, HasSubstr("write \"u\""));
}

TEST(LexerTest, NonAsciiOutsideStringIsAnError) {
  Token e = ErrorOf("a × b");
  EXPECT_EQ(e.offset, 2);
  EXPECT_THAT(e.value, HasSubstr("unexpected \"×\""));
}

TEST(LexerTest, InvalidUtf8IsShownAsAByte) {
  Token e = ErrorOf("a \xFF");
  EXPECT_EQ(e.offset, 2);
  EXPECT_THAT(e.value, HasSubstr("\\xFF"));
}

TEST(LexerTest, ControlCharacterIsAnError) {
  Token e = ErrorOf("a \x01");
  EXPECT_EQ(e.offset, 2);
  EXPECT_THAT(e.value, HasSubstr("\\x01"));
}

TEST(LexerTest, NumberWithoutFractionDigitsIsAnError) {
  Token e = ErrorOf("1. + 2");
  EXPECT_EQ(e.offset, 1);
  EXPECT_THAT(e.value, HasSubstr("digits after the decimal point"));
}

TEST(LexerTest, LeadingDotIsAnError) {
  EXPECT_EQ(ErrorOf(".5").offset, 0);
}

TEST(LexerTest, ExponentIsAnError) {
  Token e = ErrorOf("1e3");
  EXPECT_EQ(e.offset, 1);
  EXPECT_THAT(e.value, HasSubstr("unexpected \"e3\" right after \"1\""));
}

TEST(LexerTest, UnitGluedToNumberIsAnError) {
  Token e = ErrorOf("600gun");
  EXPECT_EQ(e.offset, 3);
  EXPECT_THAT(e.value, HasSubstr("put a space before a unit (\"600 gun\")"));
}

TEST(LexerTest, TokensBeforeAnErrorAreKept) {
  EXPECT_THAT(Kinds("a + b && c"),
              ElementsAre(TokenKind::kIdent, TokenKind::kPlus, TokenKind::kIdent,
                          TokenKind::kError));
}

TEST(LexerTest, NewlinesAndTabsSeparateTokens) {
  std::vector<Token> t = Tokenize("a\n+\tb\r\n");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[1].offset, 2);
  EXPECT_EQ(t[2].offset, 4);
}

TEST(LexerTest, TokenKindNames) {
  EXPECT_EQ(TokenKindName(TokenKind::kEnd), "end of expression");
  EXPECT_EQ(TokenKindName(TokenKind::kLe), "\"<=\"");
  EXPECT_EQ(TokenKindName(TokenKind::kThen), "\"then\"");
  EXPECT_EQ(TokenKindName(TokenKind::kIdent), "name");
}

}  // namespace
}  // namespace odenek::internal
