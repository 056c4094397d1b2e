#include "ast/ast_printer.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ast/ast.h"
#include "ast/parser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/date.h"
#include "odenek/decimal.h"

namespace odenek::internal {
namespace {

ExprPtr Node(ExprKind kind) {
  auto e = std::make_unique<Expr>();
  e->kind = std::move(kind);
  return e;
}

ExprPtr Num(absl::string_view text, std::string unit = "") {
  return Node(NumberLit{Decimal::Parse(text).value(), std::move(unit)});
}

ExprPtr Name(std::string name) { return Node(Ident{std::move(name)}); }

std::string Reprint(absl::string_view text) {
  NodeIdAllocator ids;
  ParseOutcome out = ParseExpression(text, ids);
  if (out.error.has_value()) return "error: " + out.error->message;
  return PrintExpr(*out.expr);
}

TEST(AstPrinterTest, NumberInShortestForm) {
  EXPECT_EQ(PrintExpr(*Num("10008.00")), "10008");
  EXPECT_EQ(PrintExpr(*Num("0.00759")), "0.00759");
}

TEST(AstPrinterTest, NumberWithUnit) {
  EXPECT_EQ(PrintExpr(*Num("600", "gun")), "600 gun");
  EXPECT_EQ(PrintExpr(*Num("10008.50", "TL")), "10008.5 TL");
}

TEST(AstPrinterTest, NegativeNumberLiteral) {
  EXPECT_EQ(PrintExpr(*Num("-1.5")), "-1.5");
}

TEST(AstPrinterTest, BooleanLiterals) {
  EXPECT_EQ(PrintExpr(*Node(BoolLit{true})), "true");
  EXPECT_EQ(PrintExpr(*Node(BoolLit{false})), "false");
}

TEST(AstPrinterTest, DateLiteral) {
  EXPECT_EQ(PrintExpr(*Node(DateLit{Date::Parse("2023-07-01").value()})),
            "2023-07-01");
}

TEST(AstPrinterTest, MonthLiteral) {
  EXPECT_EQ(PrintExpr(*Node(MonthLit{Month::Parse("2023-07").value()})), "2023-07");
}

TEST(AstPrinterTest, StringIsQuotedAndEscaped) {
  EXPECT_EQ(PrintExpr(*Node(StringLit{"A \"B\" \\ İş"})),
            R"("A \"B\" \\ İş")");
}

TEST(AstPrinterTest, DottedName) {
  EXPECT_EQ(PrintExpr(*Name("asgari_ucret.brut")), "asgari_ucret.brut");
}

TEST(AstPrinterTest, UnaryOperators) {
  EXPECT_EQ(PrintExpr(*Node(Unary{UnaryOp::kNeg, Name("a")})), "(-a)");
  EXPECT_EQ(PrintExpr(*Node(Unary{UnaryOp::kNot, Name("a")})), "(not a)");
}

TEST(AstPrinterTest, BinaryIsParenthesised) {
  EXPECT_EQ(PrintExpr(*Node(Binary{BinaryOp::kGe, Name("prim_gun_3_yil"),
                                   Num("600", "gun")})),
            "(prim_gun_3_yil >= 600 gun)");
}

TEST(AstPrinterTest, ParamAt) {
  EXPECT_EQ(PrintExpr(*Node(ParamAt{"asgari_ucret.brut", Name("fesih_tarihi")})),
            "(asgari_ucret.brut @ fesih_tarihi)");
}

TEST(AstPrinterTest, IfExpr) {
  EXPECT_EQ(PrintExpr(*Node(IfExpr{Name("c"), Name("a"), Name("b")})),
            "(if c then a else b)");
}

TEST(AstPrinterTest, CallWithArguments) {
  std::vector<ExprPtr> args;
  args.push_back(Name("x"));
  args.push_back(Num("2"));
  args.push_back(Name("half_up"));
  EXPECT_EQ(PrintExpr(*Node(Call{"round", std::move(args)})), "round(x, 2, half_up)");
}

TEST(AstPrinterTest, CallWithoutArguments) {
  EXPECT_EQ(PrintExpr(*Node(Call{"f", {}})), "f()");
}

TEST(AstPrinterTest, ListLiteral) {
  std::vector<ExprPtr> elements;
  elements.push_back(Num("4"));
  elements.push_back(Num("5"));
  EXPECT_EQ(PrintExpr(*Node(ListLit{std::move(elements)})), "[4, 5]");
  EXPECT_EQ(PrintExpr(*Node(ListLit{})), "[]");
}

TEST(AstPrinterTest, OperatorSymbols) {
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kAdd), "+");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kSub), "-");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kMul), "*");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kDiv), "/");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kLt), "<");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kLe), "<=");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kGt), ">");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kGe), ">=");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kEq), "==");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kNe), "!=");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kAnd), "and");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kOr), "or");
  EXPECT_EQ(BinaryOpSymbol(BinaryOp::kIn), "in");
  EXPECT_EQ(UnaryOpSymbol(UnaryOp::kNeg), "-");
  EXPECT_EQ(UnaryOpSymbol(UnaryOp::kNot), "not");
}

TEST(AstPrinterTest, KindNames) {
  EXPECT_EQ(ExprKindName(*Num("1")), "number");
  EXPECT_EQ(ExprKindName(*Name("a")), "name");
  EXPECT_EQ(ExprKindName(*Node(ParamAt{"p", Name("d")})), "parameter lookup");
  EXPECT_EQ(ExprKindName(*Node(Call{"f", {}})), "call");
}

TEST(AstPrinterTest, PrintExprDocExample) {
  NodeIdAllocator ids;
  ExprPtr e = ParseExpression("a + b * 2", ids).expr;
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(PrintExpr(*e), "(a + (b * 2))");
}

// Expressions from docs/rules.md and their canonical form.
struct Golden {
  const char* source;
  const char* canonical;
};
constexpr Golden kDocExpressions[] = {
    {"max(0 gun, basvuru_tarihi - fesih_tarihi - 30 gun)",
     "max(0 gun, ((basvuru_tarihi - fesih_tarihi) - 30 gun))"},
    {"round(min(oran * ortalama, tavan), 2, half_up)",
     "round(min((oran * ortalama), tavan), 2, half_up)"},
    {"prim_gun_3_yil >= 600 gun", "(prim_gun_3_yil >= 600 gun)"},
    {"prim_gun_3_yil >= 600 gün", "(prim_gun_3_yil >= 600 gun)"},
    {"prim_gun_3_yil >= 600", "(prim_gun_3_yil >= 600)"},
    {"asgari_ucret.brut @ fesih_tarihi", "(asgari_ucret.brut @ fesih_tarihi)"},
    {"fesih_neden_kodu in fesih_kodlari.issizlik @ fesih_tarihi",
     "(fesih_neden_kodu in (fesih_kodlari.issizlik @ fesih_tarihi))"},
    {"scale(gelir_vergisi.tarife @ d, matrah)",
     "scale((gelir_vergisi.tarife @ d), matrah)"},
    {"12", "12"},
    {"0.00759", "0.00759"},
    {"10008.00 TL", "10008 TL"},
    {"7.5 saat", "7.5 saat"},
    {"true", "true"},
    {"2023-07-01", "2023-07-01"},
    {"\"metin\"", "\"metin\""},
    {"fesih.tarih", "fesih.tarih"},
    {"a + b - c * d / e", "((a + b) - ((c * d) / e))"},
    {"-a", "(-a)"},
    {"a and b or not c", "((a and b) or (not c))"},
    {"x in [4, 5, 15]", "(x in [4, 5, 15])"},
    {"if c then a else b", "(if c then a else b)"},
    {"min(a, b, c) + max(a, b) + abs(a)", "((min(a, b, c) + max(a, b)) + abs(a))"},
    {"clamp(x, lo, hi)", "clamp(x, lo, hi)"},
    {"round(x, 2, half_even)", "round(x, 2, half_even)"},
    {"d + 30 gun", "(d + 30 gun)"},
    {"d2 - d1 == days_between(d1, d2)", "((d2 - d1) == days_between(d1, d2))"},
    {"add_days(d, n) < add_months(d, n) and add_years(d, n) > d",
     "((add_days(d, n) < add_months(d, n)) and (add_years(d, n) > d))"},
    {"start_of_month(month_of(d)) <= end_of_month(m + 1)",
     "(start_of_month(month_of(d)) <= end_of_month((m + 1)))"},
    {"sum(primler.kazanc, last_months(month_of(fesih_tarihi), 4)) / 120 gun",
     "(sum(primler.kazanc, last_months(month_of(fesih_tarihi), 4)) / 120 gun)"},
    {"count(primler, last_years(d, 3)) >= 36",
     "(count(primler, last_years(d, 3)) >= 36)"},
    {"covers(sozlesmeler, last_days(fesih_tarihi, 120))",
     "covers(sozlesmeler, last_days(fesih_tarihi, 120))"},
    {"min(primler.gun, between(2023-01, 2023-06))",
     "min(primler.gun, between(2023-01, 2023-06))"},
    {"if engelli then gunluk_brut * 1.20 else if yasli then gunluk_brut else 0 TL",
     "(if engelli then (gunluk_brut * 1.2) else (if yasli then gunluk_brut else 0 TL))"},
    {"round(aylik_brut * damga_vergisi.oran @ fesih_tarihi, 2, half_up)",
     "round((aylik_brut * (damga_vergisi.oran @ fesih_tarihi)), 2, half_up)"},
    {"isveren != \"A \\\"B\\\" Ltd.\"", "(isveren != \"A \\\"B\\\" Ltd.\")"},
    {"-(a + b) * -c", "((-(a + b)) * (-c))"},
};

TEST(AstPrinterTest, DocExpressionsPrintCanonically) {
  for (const Golden& g : kDocExpressions) {
    EXPECT_EQ(Reprint(g.source), g.canonical) << g.source;
  }
}

TEST(AstPrinterTest, CanonicalFormRoundTrips) {
  for (const Golden& g : kDocExpressions) {
    const std::string once = Reprint(g.source);
    const std::string twice = Reprint(once);
    EXPECT_EQ(twice, once) << g.source;
    EXPECT_EQ(Reprint(twice), twice) << g.source;
  }
}

}  // namespace
}  // namespace odenek::internal
