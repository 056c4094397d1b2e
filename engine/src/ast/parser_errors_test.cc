// The parser's errors (parser.cc): where each points and what it says, the
// resource limits on hostile input, and random token soup.
#include "ast/parser.h"

#include <random>
#include <string>
#include <variant>

#include "absl/strings/str_cat.h"
#include "ast/ast.h"
#include "ast/ast_printer.h"
#include "ast/ast_walk.h"
#include "ast/parser_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace odenek::internal {
namespace {

using ::testing::HasSubstr;

// --- Errors ----------------------------------------------------------------

TEST(ParserTest, EmptyExpressionIsAnError) {
  ParseError e = ParseErr("");
  EXPECT_EQ(e.offset, 0);
  EXPECT_EQ(e.message, "expected an expression, found end of expression");
}

TEST(ParserTest, BlankExpressionIsAnErrorAtItsEnd) {
  EXPECT_EQ(ParseErr("   ").offset, 3);
}

TEST(ParserTest, MissingOperandAfterBinaryOperator) {
  ParseError e = ParseErr("a +");
  EXPECT_EQ(e.offset, 3);
  EXPECT_EQ(e.message, "expected an expression, found end of expression");
}

TEST(ParserTest, KeywordWhereOperandExpected) {
  ParseError e = ParseErr("then");
  EXPECT_EQ(e.offset, 0);
  EXPECT_EQ(e.message, "unexpected \"then\": expected an expression");
}

TEST(ParserTest, UnclosedParenthesisNamesItsColumn) {
  ParseError e = ParseErr("1 + (a * b");
  EXPECT_EQ(e.offset, 10);
  EXPECT_EQ(e.message,
            "expected \")\" to close \"(\" at column 5, found end of expression");
}

TEST(ParserTest, UnclosedParenthesisOnLaterLineNamesLineAndColumn) {
  ParseError e = ParseErr("x +\n (a b");
  EXPECT_EQ(e.offset, 8);
  EXPECT_EQ(e.message,
            "expected \")\" to close \"(\" at line 2, column 2, found \"b\"");
}

TEST(ParserTest, ColumnsCountCharactersNotBytes) {
  ParseError e = ParseErr("\"ü\" + (a");
  EXPECT_EQ(e.offset, 9);
  EXPECT_THAT(e.message, HasSubstr("\"(\" at column 7"));
}

TEST(ParserTest, StrayClosingParenthesis) {
  ParseError e = ParseErr("(a + b))");
  EXPECT_EQ(e.offset, 7);
  EXPECT_EQ(e.message, "unexpected \")\": there is no \"(\" to close");
}

TEST(ParserTest, TwoOperandsWithoutOperator) {
  ParseError e = ParseErr("a b");
  EXPECT_EQ(e.offset, 2);
  EXPECT_THAT(e.message, HasSubstr("unexpected \"b\" after a complete expression"));
}

TEST(ParserTest, ThenWithoutIf) {
  ParseError e = ParseErr("a then b");
  EXPECT_EQ(e.offset, 2);
  EXPECT_EQ(e.message, "unexpected \"then\" without a matching \"if\"");
}

TEST(ParserTest, ElseWithoutIf) {
  EXPECT_EQ(ParseErr("a else b").offset, 2);
}

TEST(ParserTest, IfWithoutThen) {
  ParseError e = ParseErr("if a b");
  EXPECT_EQ(e.offset, 5);
  EXPECT_EQ(e.message,
            "expected \"then\" after the condition of the \"if\" at column 1, "
            "found \"b\"");
}

TEST(ParserTest, IfWithoutElse) {
  ParseError e = ParseErr("x + if a then b");
  EXPECT_EQ(e.offset, 15);
  EXPECT_EQ(e.message,
            "expected \"else\" for the \"if\" at column 5, found end of expression");
}

TEST(ParserTest, OuterIfMissesElseAfterNestedIf) {
  ParseError e = ParseErr("if a then if b then x else y");
  EXPECT_EQ(e.offset, 28);
  EXPECT_THAT(e.message, HasSubstr("\"if\" at column 1"));
}

TEST(ParserTest, ChainedComparisonIsAnError) {
  ParseError e = ParseErr("a < b < c");
  EXPECT_EQ(e.offset, 6);
  EXPECT_EQ(e.message, "\"a < b < c\": comparisons do not chain; use \"and\"");
}

TEST(ParserTest, ChainedEqualityIsAnError) {
  ParseError e = ParseErr("x == 1 == y + 2");
  EXPECT_EQ(e.offset, 7);
  EXPECT_EQ(e.message, "\"x == 1 == y + 2\": comparisons do not chain; use \"and\"");
}

TEST(ParserTest, ChainedInIsAnError) {
  EXPECT_EQ(ParseErr("x in [1] in [2]").offset, 9);
}

TEST(ParserTest, ChainedComparisonWithBrokenTailQuotesUpToOperator) {
  ParseError e = ParseErr("a < b < )");
  EXPECT_EQ(e.offset, 6);
  EXPECT_EQ(e.message, "\"a < b < ...\": comparisons do not chain; use \"and\"");
}

TEST(ParserTest, CallMissingClosingParenthesis) {
  ParseError e = ParseErr("min(a, b");
  EXPECT_EQ(e.offset, 8);
  EXPECT_EQ(e.message,
            "expected \",\" or \")\" to close \"min(\" at column 4, found end of "
            "expression");
}

TEST(ParserTest, CallMissingComma) {
  ParseError e = ParseErr("min(a b)");
  EXPECT_EQ(e.offset, 6);
  EXPECT_THAT(e.message, HasSubstr("found \"b\""));
}

TEST(ParserTest, CallTrailingComma) {
  ParseError e = ParseErr("min(a,)");
  EXPECT_EQ(e.offset, 6);
  EXPECT_EQ(e.message, "unexpected \")\": expected an expression");
}

TEST(ParserTest, CallingANonNameIsAnError) {
  ParseError e = ParseErr("3 (x)");
  EXPECT_EQ(e.offset, 2);
  EXPECT_EQ(e.message, "unexpected \"(\" after \"3\": only a function name can be called");
}

TEST(ParserTest, CallingAParenthesisedNameIsAnError) {
  EXPECT_EQ(ParseErr("(f)(x)").offset, 3);
}

TEST(ParserTest, CallingACallResultIsAnError) {
  ParseError e = ParseErr("f(x)(y)");
  EXPECT_EQ(e.offset, 4);
  EXPECT_THAT(e.message, HasSubstr("after \"f(x)\""));
}

TEST(ParserTest, ListMissingClosingBracket) {
  ParseError e = ParseErr("x in [1, 2");
  EXPECT_EQ(e.offset, 10);
  EXPECT_EQ(e.message,
            "expected \",\" or \"]\" to close \"[\" at column 6, found end of "
            "expression");
}

TEST(ParserTest, ListOutsideInIsAnError) {
  ParseError e = ParseErr("[1, 2]");
  EXPECT_EQ(e.offset, 0);
  EXPECT_THAT(e.message, HasSubstr("only right after \"in\""));
}

TEST(ParserTest, ListAfterEqualityIsAnError) {
  EXPECT_EQ(ParseErr("x == [1]").offset, 5);
}

TEST(ParserTest, AtWithNonNameLeftSideIsAnError) {
  ParseError e = ParseErr("x + (a + b) @ d");
  EXPECT_EQ(e.offset, 4);
  EXPECT_EQ(e.message,
            "the left side of \"@\" must be a parameter name, found \"(a + b)\"");
}

TEST(ParserTest, AtWithCallOnLeftIsAnError) {
  EXPECT_EQ(ParseErr("f(x) @ d").offset, 0);
}

TEST(ParserTest, ChainedAtIsAnError) {
  ParseError e = ParseErr("a @ b @ c");
  EXPECT_EQ(e.offset, 0);
  EXPECT_THAT(e.message, HasSubstr("found \"a @ b\""));
}

TEST(ParserTest, AtWithoutRightSideIsAnError) {
  ParseError e = ParseErr("p @");
  EXPECT_EQ(e.offset, 3);
  EXPECT_EQ(e.message, "expected a date after \"@\", found end of expression");
}

TEST(ParserTest, AtWithOperatorOnRightIsAnError) {
  ParseError e = ParseErr("p @ -d");
  EXPECT_EQ(e.offset, 4);
  EXPECT_THAT(e.message, HasSubstr("unexpected \"-\" after \"@\""));
}

TEST(ParserTest, AtWithUnparenthesisedIfIsAnError) {
  ParseError e = ParseErr("p @ if c then d else e");
  EXPECT_EQ(e.offset, 4);
  EXPECT_THAT(e.message, HasSubstr("must be parenthesised"));
}

TEST(ParserTest, NotAsComparisonOperandIsAnError) {
  ParseError e = ParseErr("a == not b");
  EXPECT_EQ(e.offset, 5);
  EXPECT_THAT(e.message, HasSubstr("write \"(not ...)\""));
}

TEST(ParserTest, TurkishGunAsNameIsAnError) {
  ParseError e = ParseErr("x + gün");
  EXPECT_EQ(e.offset, 4);
  EXPECT_THAT(e.message, HasSubstr("a unit may only follow a number"));
}

TEST(ParserTest, TooManyDecimalsIsAnError) {
  ParseError e = ParseErr("x * 0.1234567");
  EXPECT_EQ(e.offset, 4);
  EXPECT_THAT(e.message, HasSubstr("0.1234567"));
}

TEST(ParserTest, NumberOutOfRangeIsAnError) {
  EXPECT_EQ(ParseErr("1 + 99999999999999999999").offset, 4);
}

TEST(ParserTest, ImpossibleDateIsAnError) {
  ParseError e = ParseErr("d < 2023-02-30");
  EXPECT_EQ(e.offset, 4);
  EXPECT_THAT(e.message, HasSubstr("2023-02-30"));
}

TEST(ParserTest, ImpossibleMonthIsAnError) {
  ParseError e = ParseErr("m == 2023-13");
  EXPECT_EQ(e.offset, 5);
  EXPECT_THAT(e.message, HasSubstr("2023-13"));
}

TEST(ParserTest, LexicalErrorIsReportedAtItsOffset) {
  ParseError e = ParseErr("a && b");
  EXPECT_EQ(e.offset, 2);
  EXPECT_EQ(e.message, "unexpected \"&&\": use \"and\"");
}

TEST(ParserTest, LexicalErrorInsideParenthesesIsReported) {
  ParseError e = ParseErr("min(a = b, c)");
  EXPECT_EQ(e.offset, 6);
  EXPECT_EQ(e.message, "unexpected \"=\": use \"==\" to compare");
}

TEST(ParserTest, EarlierSyntaxErrorWinsOverLaterLexicalError) {
  ParseError e = ParseErr("a b && c");
  EXPECT_EQ(e.offset, 2);
  EXPECT_THAT(e.message, HasSubstr("unexpected \"b\""));
}

TEST(ParserTest, MalformedDateIsReportedByTheParser) {
  ParseError e = ParseErr("d < 2023-7-01");
  EXPECT_EQ(e.offset, 4);
  EXPECT_THAT(e.message, HasSubstr("malformed date"));
}

// --- Resource limits -------------------------------------------------------

TEST(ParserTest, DeepParenthesesAreAnErrorNotACrash) {
  const std::string text(10000, '(');
  ParseError e = ParseErr(text);
  EXPECT_EQ(e.offset, kMaxExpressionDepth);  // the operand of the last "("
  EXPECT_THAT(e.message, HasSubstr("nests too deeply"));
}

TEST(ParserTest, DeepBalancedParenthesesAreAnError) {
  const std::string text =
      std::string(5000, '(') + "x" + std::string(5000, ')');
  EXPECT_THAT(ParseErr(text).message, HasSubstr("nests too deeply"));
}

TEST(ParserTest, NestingUpToTheLimitIsAccepted) {
  const int parens = kMaxExpressionDepth - 1;  // plus the top level
  const std::string text =
      std::string(parens, '(') + "x" + std::string(parens, ')');
  EXPECT_EQ(Parse(text), "x");
}

TEST(ParserTest, NestingOneBeyondTheLimitIsAnError) {
  const int parens = kMaxExpressionDepth;
  const std::string text =
      std::string(parens, '(') + "x" + std::string(parens, ')');
  ParseError e = ParseErr(text);
  EXPECT_EQ(e.offset, kMaxExpressionDepth);  // the operand of the last "("
}

TEST(ParserTest, DeepUnaryMinusIsAnError) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "-";
  text += "x";
  EXPECT_THAT(ParseErr(text).message, HasSubstr("nests too deeply"));
}

TEST(ParserTest, DeepNotIsAnError) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "not ";
  text += "x";
  EXPECT_THAT(ParseErr(text).message, HasSubstr("nests too deeply"));
}

TEST(ParserTest, DeepCallsAreAnError) {
  std::string text;
  for (int i = 0; i < 4000; ++i) text += "f(";
  EXPECT_THAT(ParseErr(text).message, HasSubstr("nests too deeply"));
}

TEST(ParserTest, DeepIfsAreAnError) {
  std::string text;
  for (int i = 0; i < 900; ++i) text += "if a then b else ";
  text += "c";
  ASSERT_LE(text.size(), kMaxExpressionLength);
  EXPECT_THAT(ParseErr(text).message, HasSubstr("nests too deeply"));
}

TEST(ParserTest, LongOperatorChainExceedsTreeHeightLimit) {
  // No brackets, but a left-deep tree of 5000 levels.
  std::string text = "a";
  for (int i = 0; i < 5000; ++i) text += "+a";
  EXPECT_THAT(ParseErr(text).message, HasSubstr("nests too deeply"));
}

TEST(ParserTest, OperatorChainWithinTreeHeightLimitIsAccepted) {
  std::string text = "a";
  for (int i = 1; i < kMaxExpressionDepth; ++i) text += " + a";
  EXPECT_NE(ParseOk(text), nullptr);
}

TEST(ParserTest, LongFlatListIsAccepted) {
  std::string text = "x in [0";
  for (int i = 1; i < 2000; ++i) absl::StrAppend(&text, ", ", i);
  text += "]";
  ExprPtr e = ParseOk(text);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(std::get<ListLit>(std::get<Binary>(e->kind).rhs->kind).elements.size(),
            2000u);
}

TEST(ParserTest, TextAtLengthLimitIsAccepted) {
  std::string text = "a";
  text.resize(kMaxExpressionLength, ' ');
  EXPECT_EQ(Parse(text), "a");
}

TEST(ParserTest, TextOverLengthLimitIsAnError) {
  std::string text = "a";
  text.resize(kMaxExpressionLength + 1, ' ');
  ParseError e = ParseErr(text);
  EXPECT_EQ(e.offset, static_cast<int>(kMaxExpressionLength));
  EXPECT_THAT(e.message, HasSubstr("the limit is 16384 bytes"));
}

// --- Robustness ----------------------------------------------------------

TEST(ParserTest, RandomTokenSoupNeverCrashesAndValidResultsRoundTrip) {
  const char* const pieces[] = {
      "a", "p.q", "f", "min", "1", "2.5", "600 gun", "30 gün", "7 TL", "0.4 oran",
      "2023-07-01", "2023-07", "\"s\"", "true", "+", "-", "*", "/", "<", "<=",
      ">=", "==", "!=", "@", "(", ")", "[", "]", ",", "and", "or", "not", "in",
      "if", "then", "else", " ", "&&", "=", "%", "ü", "2023-7-1", "1.",
  };
  std::mt19937 rng(20230701);  // fixed seed: deterministic
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> length(1, 12);
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) absl::StrAppend(&text, pieces[pick(rng)], " ");
    NodeIdAllocator ids;
    ParseOutcome out = ParseExpression(text, ids);
    ASSERT_EQ(out.expr == nullptr, out.error.has_value()) << text;
    if (out.error.has_value()) {
      EXPECT_GE(out.error->offset, 0) << text;
      EXPECT_LE(out.error->offset, static_cast<int>(text.size())) << text;
      EXPECT_FALSE(out.error->message.empty()) << text;
      continue;
    }
    ++parsed;
    const std::string once = PrintExpr(*out.expr);
    ParseOutcome again = ParseExpression(once, ids);
    ASSERT_NE(again.expr, nullptr) << text << " -> " << once;
    EXPECT_EQ(PrintExpr(*again.expr), once) << text;
    VisitPreOrder(*out.expr, [&](const Expr& n) {
      EXPECT_GE(n.offset, 0) << text;
      EXPECT_LE(n.offset + n.length, static_cast<int>(text.size())) << text;
    });
  }
  EXPECT_GT(parsed, 200) << parsed;  // the soup does produce valid expressions
}

}  // namespace
}  // namespace odenek::internal
