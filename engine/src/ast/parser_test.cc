// The expression grammar (parser.cc): precedence and associativity, literals
// and names, calls, node ids and offsets. Errors and limits are in
// parser_errors_test.cc.
#include "ast/parser.h"

#include <set>
#include <string>
#include <variant>

#include "absl/strings/str_cat.h"
#include "ast/ast.h"
#include "ast/ast_printer.h"
#include "ast/ast_walk.h"
#include "ast/parser_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/date.h"
#include "odenek/decimal.h"

namespace odenek::internal {
namespace {

// --- Precedence and associativity ---------------------------------------

TEST(ParserTest, MultiplicationBindsTighterThanAddition) {
  EXPECT_EQ(Parse("a + b * c"), "(a + (b * c))");
}

TEST(ParserTest, DivisionBindsTighterThanSubtraction) {
  EXPECT_EQ(Parse("a - b / c"), "(a - (b / c))");
}

TEST(ParserTest, AdditionAndSubtractionAreLeftAssociative) {
  EXPECT_EQ(Parse("a - b + c - d"), "(((a - b) + c) - d)");
}

TEST(ParserTest, MultiplicationAndDivisionAreLeftAssociative) {
  EXPECT_EQ(Parse("a / b * c / d"), "(((a / b) * c) / d)");
}

TEST(ParserTest, ParenthesesOverridePrecedence) {
  EXPECT_EQ(Parse("(a + b) * c"), "((a + b) * c)");
}

TEST(ParserTest, UnaryMinusBindsTighterThanMultiplication) {
  EXPECT_EQ(Parse("-a * b"), "((-a) * b)");
}

TEST(ParserTest, UnaryMinusAfterBinaryOperator) {
  EXPECT_EQ(Parse("a * -b"), "(a * (-b))");
}

TEST(ParserTest, UnaryMinusNests) {
  EXPECT_EQ(Parse("- -a"), "(-(-a))");
}

TEST(ParserTest, NegativeNumberIsUnaryMinusOfLiteral) {
  ExprPtr e = ParseOk("-5");
  const auto* u = std::get_if<Unary>(&e->kind);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->op, UnaryOp::kNeg);
  EXPECT_TRUE(std::holds_alternative<NumberLit>(u->operand->kind));
}

TEST(ParserTest, AtBindsTighterThanUnaryMinus) {
  EXPECT_EQ(Parse("-p @ d"), "(-(p @ d))");
}

TEST(ParserTest, AtBindsTighterThanMultiplication) {
  EXPECT_EQ(Parse("asgari_ucret.brut @ fesih_tarihi * 2"),
            "((asgari_ucret.brut @ fesih_tarihi) * 2)");
}

TEST(ParserTest, AtProducesParamAt) {
  ExprPtr e = ParseOk("asgari_ucret.brut @ fesih_tarihi");
  const auto* at = std::get_if<ParamAt>(&e->kind);
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->param, "asgari_ucret.brut");
  ASSERT_TRUE(std::holds_alternative<Ident>(at->date->kind));
  EXPECT_EQ(std::get<Ident>(at->date->kind).name, "fesih_tarihi");
}

TEST(ParserTest, AtRightSideCanBeACall) {
  EXPECT_EQ(Parse("p @ add_days(d, 1)"), "(p @ add_days(d, 1))");
}

TEST(ParserTest, AtRightSideCanBeParenthesised) {
  EXPECT_EQ(Parse("p @ (d - 30 gun)"), "(p @ (d - 30 gun))");
}

TEST(ParserTest, AtRightSideCanBeADateLiteral) {
  EXPECT_EQ(Parse("p @ 2023-07-01"), "(p @ 2023-07-01)");
}

TEST(ParserTest, AtLeftSideCanBeParenthesisedName) {
  EXPECT_EQ(Parse("(p) @ d"), "(p @ d)");
}

TEST(ParserTest, ComparisonBindsLooserThanArithmetic) {
  EXPECT_EQ(Parse("a + 1 < b * 2"), "((a + 1) < (b * 2))");
}

TEST(ParserTest, EveryComparisonOperator) {
  EXPECT_EQ(Parse("a < b"), "(a < b)");
  EXPECT_EQ(Parse("a <= b"), "(a <= b)");
  EXPECT_EQ(Parse("a > b"), "(a > b)");
  EXPECT_EQ(Parse("a >= b"), "(a >= b)");
  EXPECT_EQ(Parse("a == b"), "(a == b)");
  EXPECT_EQ(Parse("a != b"), "(a != b)");
}

TEST(ParserTest, ComparisonOperatorsMapToBinaryOps) {
  const std::pair<const char*, BinaryOp> cases[] = {
      {"a < b", BinaryOp::kLt},  {"a <= b", BinaryOp::kLe},
      {"a > b", BinaryOp::kGt},  {"a >= b", BinaryOp::kGe},
      {"a == b", BinaryOp::kEq}, {"a != b", BinaryOp::kNe},
      {"a + b", BinaryOp::kAdd}, {"a - b", BinaryOp::kSub},
      {"a * b", BinaryOp::kMul}, {"a / b", BinaryOp::kDiv},
      {"a and b", BinaryOp::kAnd}, {"a or b", BinaryOp::kOr},
      {"a in b", BinaryOp::kIn},
  };
  for (const auto& [text, op] : cases) {
    ExprPtr e = ParseOk(text);
    ASSERT_TRUE(std::holds_alternative<Binary>(e->kind)) << text;
    EXPECT_EQ(std::get<Binary>(e->kind).op, op) << text;
  }
}

TEST(ParserTest, NotBindsLooserThanComparison) {
  EXPECT_EQ(Parse("not a < b"), "(not (a < b))");
}

TEST(ParserTest, NotBindsTighterThanAnd) {
  EXPECT_EQ(Parse("not a and b"), "((not a) and b)");
}

TEST(ParserTest, NotNests) {
  EXPECT_EQ(Parse("not not a"), "(not (not a))");
}

TEST(ParserTest, AndBindsTighterThanOr) {
  EXPECT_EQ(Parse("a or b and c"), "(a or (b and c))");
  EXPECT_EQ(Parse("a and b or c"), "((a and b) or c)");
}

TEST(ParserTest, AndAndOrAreLeftAssociative) {
  EXPECT_EQ(Parse("a and b and c"), "((a and b) and c)");
  EXPECT_EQ(Parse("a or b or c"), "((a or b) or c)");
}

TEST(ParserTest, IfIsLoosest) {
  EXPECT_EQ(Parse("if a or b then x + 1 else y * 2"),
            "(if (a or b) then (x + 1) else (y * 2))");
}

TEST(ParserTest, ElseBranchExtendsToTheRight) {
  EXPECT_EQ(Parse("if c then a else b + 1"), "(if c then a else (b + 1))");
}

TEST(ParserTest, IfMayStandAsAnOperand) {
  EXPECT_EQ(Parse("1 + if c then a else b"), "(1 + (if c then a else b))");
}

TEST(ParserTest, IfMayStandAsACallArgument) {
  EXPECT_EQ(Parse("max(if c then a else b, 0 gun)"),
            "max((if c then a else b), 0 gun)");
}

TEST(ParserTest, NestedIfInElseBranch) {
  EXPECT_EQ(Parse("if a then x else if b then y else z"),
            "(if a then x else (if b then y else z))");
}

TEST(ParserTest, NestedIfInThenBranchTakesTheNearestElse) {
  EXPECT_EQ(Parse("if a then if b then x else y else z"),
            "(if a then (if b then x else y) else z)");
}

TEST(ParserTest, NestedIfInCondition) {
  EXPECT_EQ(Parse("if if a then b else c then x else y"),
            "(if (if a then b else c) then x else y)");
}

TEST(ParserTest, InWithListLiteral) {
  ExprPtr e = ParseOk("fesih_neden_kodu in [4, 5, 15]");
  const auto* b = std::get_if<Binary>(&e->kind);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->op, BinaryOp::kIn);
  const auto* list = std::get_if<ListLit>(&b->rhs->kind);
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->elements.size(), 3u);
  EXPECT_EQ(PrintExpr(*e), "(fesih_neden_kodu in [4, 5, 15])");
}

TEST(ParserTest, InWithSetParameterLookup) {
  ExprPtr e = ParseOk("fesih_neden_kodu in fesih_kodlari.issizlik @ fesih_tarihi");
  const auto* b = std::get_if<Binary>(&e->kind);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->op, BinaryOp::kIn);
  const auto* at = std::get_if<ParamAt>(&b->rhs->kind);
  ASSERT_NE(at, nullptr);
  EXPECT_EQ(at->param, "fesih_kodlari.issizlik");
}

TEST(ParserTest, InWithEmptyList) {
  EXPECT_EQ(Parse("x in []"), "(x in [])");
}

TEST(ParserTest, InWithStringList) {
  EXPECT_EQ(Parse("tur in [\"a\", \"b\"]"), "(tur in [\"a\", \"b\"])");
}

TEST(ParserTest, InBindsLooserThanArithmetic) {
  EXPECT_EQ(Parse("x + 1 in [2, 3]"), "((x + 1) in [2, 3])");
}

TEST(ParserTest, NotAppliesToWholeIn) {
  EXPECT_EQ(Parse("not x in [1]"), "(not (x in [1]))");
}

// --- Literals and names -------------------------------------------------

TEST(ParserTest, NumberWithoutUnit) {
  ExprPtr e = ParseOk("0.00759");
  const auto* n = std::get_if<NumberLit>(&e->kind);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->value, Decimal::Parse("0.00759").value());
  EXPECT_EQ(n->unit, "");
}

TEST(ParserTest, NumberWithEachUnit) {
  for (const char* unit : {"TL", "gun", "saat", "oran"}) {
    ExprPtr e = ParseOk(absl::StrCat("7.5 ", unit));
    const auto* n = std::get_if<NumberLit>(&e->kind);
    ASSERT_NE(n, nullptr) << unit;
    EXPECT_EQ(n->value, Decimal::Parse("7.5").value());
    EXPECT_EQ(n->unit, unit);
  }
}

TEST(ParserTest, TurkishGunUnitIsNormalised) {
  ExprPtr e = ParseOk("30 gün");
  const auto* n = std::get_if<NumberLit>(&e->kind);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->unit, "gun");
  EXPECT_EQ(e->offset, 0);
  EXPECT_EQ(e->length, 7);  // "gün" is 4 bytes
}

TEST(ParserTest, UnitWordAloneIsAName) {
  EXPECT_EQ(Parse("oran * ortalama"), "(oran * ortalama)");
}

TEST(ParserTest, UnitSuffixBindsBeforeOperators) {
  EXPECT_EQ(Parse("10008.00 TL * 2"), "(10008 TL * 2)");
}

TEST(ParserTest, DateLiteral) {
  ExprPtr e = ParseOk("2023-07-01");
  const auto* d = std::get_if<DateLit>(&e->kind);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->value, Date::Parse("2023-07-01").value());
}

TEST(ParserTest, MonthLiteral) {
  ExprPtr e = ParseOk("2023-07");
  const auto* m = std::get_if<MonthLit>(&e->kind);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->value, Month::Parse("2023-07").value());
}

TEST(ParserTest, DateMinusDaysIsSubtraction) {
  EXPECT_EQ(Parse("2023-07-01 - 30 gun"), "(2023-07-01 - 30 gun)");
}

TEST(ParserTest, SpacedMinusBetweenNamesIsSubtraction) {
  EXPECT_EQ(Parse("basvuru_tarihi - fesih_tarihi - 30 gun"),
            "((basvuru_tarihi - fesih_tarihi) - 30 gun)");
}

TEST(ParserTest, ShortNumbersGluedByMinusAreSubtraction) {
  EXPECT_EQ(Parse("10-5"), "(10 - 5)");
}

TEST(ParserTest, StringLiteral) {
  ExprPtr e = ParseOk(R"(isveren == "A \"B\" Ltd")");
  const auto& b = std::get<Binary>(e->kind);
  const auto* s = std::get_if<StringLit>(&b.rhs->kind);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->value, "A \"B\" Ltd");
}

TEST(ParserTest, BooleanLiterals) {
  ExprPtr t = ParseOk("true");
  ExprPtr f = ParseOk("false");
  ASSERT_TRUE(std::holds_alternative<BoolLit>(t->kind));
  ASSERT_TRUE(std::holds_alternative<BoolLit>(f->kind));
  EXPECT_TRUE(std::get<BoolLit>(t->kind).value);
  EXPECT_FALSE(std::get<BoolLit>(f->kind).value);
}

TEST(ParserTest, DottedName) {
  ExprPtr e = ParseOk("primler.kazanc");
  const auto* id = std::get_if<Ident>(&e->kind);
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->name, "primler.kazanc");
}

// --- Calls ----------------------------------------------------------------

TEST(ParserTest, CallWithNoArguments) {
  ExprPtr e = ParseOk("bugun()");
  const auto* c = std::get_if<Call>(&e->kind);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->function, "bugun");
  EXPECT_TRUE(c->args.empty());
}

TEST(ParserTest, CallWithOneArgument) {
  EXPECT_EQ(Parse("abs(a - b)"), "abs((a - b))");
}

TEST(ParserTest, CallWithManyArguments) {
  ExprPtr e = ParseOk("clamp(x, 0 TL, tavan)");
  const auto* c = std::get_if<Call>(&e->kind);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->function, "clamp");
  EXPECT_EQ(c->args.size(), 3u);
}

TEST(ParserTest, NestedCallsWithRoundingModeName) {
  EXPECT_EQ(Parse("round(min(0.40 * x, y), 2, half_up)"),
            "round(min((0.4 * x), y), 2, half_up)");
}

TEST(ParserTest, CallBindsTighterThanAt) {
  EXPECT_EQ(Parse("scale(gelir_vergisi.tarife @ d, matrah)"),
            "scale((gelir_vergisi.tarife @ d), matrah)");
}

TEST(ParserTest, CallWithHistoryWindow) {
  EXPECT_EQ(Parse("sum(primler.kazanc, last_months(month_of(fesih_tarihi), 4))"),
            "sum(primler.kazanc, last_months(month_of(fesih_tarihi), 4))");
}

// --- Ids and offsets ------------------------------------------------------

TEST(ParserTest, OffsetOfUnitNumber) {
  ExprPtr e = ParseOk("prim_gun_3_yil >= 600 gun");
  const auto& b = std::get<Binary>(e->kind);
  EXPECT_EQ(b.rhs->offset, 18);
  EXPECT_EQ(b.rhs->length, 7);
  EXPECT_EQ(b.lhs->offset, 0);
  EXPECT_EQ(b.lhs->length, 14);
  EXPECT_EQ(e->offset, 0);
  EXPECT_EQ(e->length, 25);
}

TEST(ParserTest, ParenthesisedNodeSpansItsParentheses) {
  ExprPtr e = ParseOk("x * (a + b)");
  const auto& b = std::get<Binary>(e->kind);
  EXPECT_EQ(b.rhs->offset, 4);
  EXPECT_EQ(b.rhs->length, 7);
  EXPECT_EQ(e->length, 11);
}

TEST(ParserTest, UnarySpanStartsAtOperator) {
  ExprPtr e = ParseOk("a + -b");
  const auto& b = std::get<Binary>(e->kind);
  EXPECT_EQ(b.rhs->offset, 4);
  EXPECT_EQ(b.rhs->length, 2);
}

TEST(ParserTest, CallSpanEndsAtClosingParen) {
  ExprPtr e = ParseOk("1 + min(a, b) ");
  const auto& b = std::get<Binary>(e->kind);
  EXPECT_EQ(b.rhs->offset, 4);
  EXPECT_EQ(b.rhs->length, 9);
}

TEST(ParserTest, ParamAtSpan) {
  ExprPtr e = ParseOk("x in kodlar @ d");
  const auto& b = std::get<Binary>(e->kind);
  EXPECT_EQ(b.rhs->offset, 5);
  EXPECT_EQ(b.rhs->length, 10);
}

TEST(ParserTest, ListSpan) {
  ExprPtr e = ParseOk("x in [4, 5]");
  const auto& b = std::get<Binary>(e->kind);
  EXPECT_EQ(b.rhs->offset, 5);
  EXPECT_EQ(b.rhs->length, 6);
  const auto& list = std::get<ListLit>(b.rhs->kind);
  EXPECT_EQ(list.elements[1]->offset, 9);
}

TEST(ParserTest, IfSpan) {
  ExprPtr e = ParseOk("1 + if c then a else b");
  const auto& b = std::get<Binary>(e->kind);
  EXPECT_EQ(b.rhs->offset, 4);
  EXPECT_EQ(b.rhs->length, 18);
}

TEST(ParserTest, StringSpanIncludesQuotes) {
  ExprPtr e = ParseOk("x == \"ü\"");
  const auto& b = std::get<Binary>(e->kind);
  EXPECT_EQ(b.rhs->offset, 5);
  EXPECT_EQ(b.rhs->length, 4);
}

TEST(ParserTest, IdsAreUniqueWithinAnExpression) {
  ExprPtr e = ParseOk("if a in [1, 2] then round(min(x @ d, y), 2, half_up) else -z");
  std::set<NodeId> ids;
  int count = 0;
  VisitPreOrder(*e, [&](const Expr& n) {
    ids.insert(n.id);
    ++count;
  });
  EXPECT_EQ(count, 15);
  EXPECT_EQ(ids.size(), 15u);
}

TEST(ParserTest, IdsAreUniqueAcrossExpressionsSharingAnAllocator) {
  NodeIdAllocator ids;
  ParseOutcome a = ParseExpression("a + b", ids);
  ParseOutcome b = ParseExpression("c * d", ids);
  ASSERT_NE(a.expr, nullptr);
  ASSERT_NE(b.expr, nullptr);
  std::set<NodeId> seen;
  VisitPreOrder(*a.expr, [&](const Expr& n) { EXPECT_TRUE(seen.insert(n.id).second); });
  VisitPreOrder(*b.expr, [&](const Expr& n) { EXPECT_TRUE(seen.insert(n.id).second); });
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(ids.peek(), 7);
}

TEST(ParserTest, IdsAreAllocatedChildrenFirst) {
  NodeIdAllocator ids;
  ParseOutcome out = ParseExpression("a + b", ids);
  ASSERT_NE(out.expr, nullptr);
  const auto& b = std::get<Binary>(out.expr->kind);
  EXPECT_EQ(b.lhs->id, 1);
  EXPECT_EQ(b.rhs->id, 2);
  EXPECT_EQ(out.expr->id, 3);
}

// --- Documentation examples ------------------------------------------------

TEST(ParserTest, ParseExpressionDocExample) {
  NodeIdAllocator ids;
  ParseOutcome out = ParseExpression("prim_gun_3_yil >= 600 gun", ids);
  ASSERT_NE(out.expr, nullptr);
  EXPECT_FALSE(out.error.has_value());
  const auto& ge = std::get<Binary>(out.expr->kind);
  EXPECT_EQ(ge.op, BinaryOp::kGe);
  EXPECT_EQ(out.expr->offset, 0);
  EXPECT_EQ(out.expr->length, 25);
  EXPECT_EQ(std::get<Ident>(ge.lhs->kind).name, "prim_gun_3_yil");
  const auto& n = std::get<NumberLit>(ge.rhs->kind);
  EXPECT_EQ(n.value, Decimal::Parse("600").value());
  EXPECT_EQ(n.unit, "gun");

  ParseOutcome bad = ParseExpression("min(a, b", ids);
  EXPECT_EQ(bad.expr, nullptr);
  ASSERT_TRUE(bad.error.has_value());
  EXPECT_EQ(bad.error->offset, 8);
  EXPECT_EQ(bad.error->message,
            "expected \",\" or \")\" to close \"min(\" at column 4, found end of "
            "expression");
}

}  // namespace
}  // namespace odenek::internal
