// The canonical text of an expression tree: one line, every operation in
// parentheses, literals in their canonical form. Golden tests compare it, and
// diagnostics quote it ("in (prim_gun_3_yil >= 600 gun)").
//
// The printed text parses back to the same tree (apart from ids and offsets),
// and printing that tree gives the same text again:
//
//   prim_gun_3_yil >= 600 gün                -> (prim_gun_3_yil >= 600 gun)
//   round(min(0.40 * x, y), 2, half_up)      -> round(min((0.4 * x), y), 2, half_up)
//   asgari_ucret.brut @ fesih_tarihi         -> (asgari_ucret.brut @ fesih_tarihi)
//   if c then a else b                       -> (if c then a else b)
//   x in [4, 5, 15]                          -> (x in [4, 5, 15])
//   -a                                       -> (-a)
//   not a                                    -> (not a)
//
// Numbers print in their shortest form (10008.00 TL -> 10008 TL), dates as
// 2023-07-01, months as 2023-07, strings in double quotes with \" and \\.
#ifndef ODENEK_ENGINE_SRC_AST_AST_PRINTER_H_
#define ODENEK_ENGINE_SRC_AST_AST_PRINTER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "ast/ast.h"

namespace odenek::internal {

// PrintExpr()
//
// Returns the canonical one-line text of `expr` (see the file comment).
// Never fails. Recursion depth equals the tree height, which the parser bounds
// by kMaxExpressionDepth.
//
// Example:
//
//   NodeIdAllocator ids;
//   ExprPtr e = ParseExpression("a + b * 2", ids).expr;
//   PrintExpr(*e);  // "(a + (b * 2))"
std::string PrintExpr(const Expr& expr);

// The source spelling of an operator: "+", "<=", "and", "in"; "-" and "not"
// for the unary ones. For messages ("TL + gün").
absl::string_view BinaryOpSymbol(BinaryOp op);
absl::string_view UnaryOpSymbol(UnaryOp op);

// A short English name of the node's kind for messages: "number", "boolean",
// "date", "month", "string", "name", "unary operation", "binary operation",
// "parameter lookup", "if", "call", "list".
absl::string_view ExprKindName(const Expr& expr);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_AST_AST_PRINTER_H_
