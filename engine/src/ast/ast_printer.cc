#include "ast/ast_printer.h"

#include <string>
#include <type_traits>
#include <variant>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ast/ast.h"

namespace odenek::internal {
namespace {

template <class>
inline constexpr bool kAlwaysFalse = false;

void AppendQuoted(std::string& out, absl::string_view s) {
  out.push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

void Print(const Expr& expr, std::string& out);

void PrintList(const std::vector<ExprPtr>& items, std::string& out) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    Print(*items[i], out);
  }
}

void Print(const Expr& expr, std::string& out) {
  std::visit(
      [&out](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, NumberLit>) {
          out += node.value.ToString();
          if (!node.unit.empty()) absl::StrAppend(&out, " ", node.unit);
        } else if constexpr (std::is_same_v<T, BoolLit>) {
          out += node.value ? "true" : "false";
        } else if constexpr (std::is_same_v<T, DateLit>) {
          out += node.value.ToString();
        } else if constexpr (std::is_same_v<T, MonthLit>) {
          out += node.value.ToString();
        } else if constexpr (std::is_same_v<T, StringLit>) {
          AppendQuoted(out, node.value);
        } else if constexpr (std::is_same_v<T, Ident>) {
          out += node.name;
        } else if constexpr (std::is_same_v<T, Unary>) {
          out += node.op == UnaryOp::kNeg ? "(-" : "(not ";
          Print(*node.operand, out);
          out += ")";
        } else if constexpr (std::is_same_v<T, Binary>) {
          out += "(";
          Print(*node.lhs, out);
          absl::StrAppend(&out, " ", BinaryOpSymbol(node.op), " ");
          Print(*node.rhs, out);
          out += ")";
        } else if constexpr (std::is_same_v<T, ParamAt>) {
          absl::StrAppend(&out, "(", node.param, " @ ");
          Print(*node.date, out);
          out += ")";
        } else if constexpr (std::is_same_v<T, IfExpr>) {
          out += "(if ";
          Print(*node.cond, out);
          out += " then ";
          Print(*node.then_expr, out);
          out += " else ";
          Print(*node.else_expr, out);
          out += ")";
        } else if constexpr (std::is_same_v<T, Call>) {
          absl::StrAppend(&out, node.function, "(");
          PrintList(node.args, out);
          out += ")";
        } else if constexpr (std::is_same_v<T, ListLit>) {
          out += "[";
          PrintList(node.elements, out);
          out += "]";
        } else {
          static_assert(kAlwaysFalse<T>, "PrintExpr: unhandled node kind");
        }
      },
      expr.kind);
}

}  // namespace

std::string PrintExpr(const Expr& expr) {
  std::string out;
  Print(expr, out);
  return out;
}

absl::string_view BinaryOpSymbol(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kEq: return "==";
    case BinaryOp::kNe: return "!=";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kOr: return "or";
    case BinaryOp::kIn: return "in";
  }
  return "?";
}

absl::string_view UnaryOpSymbol(UnaryOp op) {
  switch (op) {
    case UnaryOp::kNeg: return "-";
    case UnaryOp::kNot: return "not";
  }
  return "?";
}

absl::string_view ExprKindName(const Expr& expr) {
  return std::visit(
      [](const auto& node) -> absl::string_view {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, NumberLit>) return "number";
        else if constexpr (std::is_same_v<T, BoolLit>) return "boolean";
        else if constexpr (std::is_same_v<T, DateLit>) return "date";
        else if constexpr (std::is_same_v<T, MonthLit>) return "month";
        else if constexpr (std::is_same_v<T, StringLit>) return "string";
        else if constexpr (std::is_same_v<T, Ident>) return "name";
        else if constexpr (std::is_same_v<T, Unary>) return "unary operation";
        else if constexpr (std::is_same_v<T, Binary>) return "binary operation";
        else if constexpr (std::is_same_v<T, ParamAt>) return "parameter lookup";
        else if constexpr (std::is_same_v<T, IfExpr>) return "if";
        else if constexpr (std::is_same_v<T, Call>) return "call";
        else if constexpr (std::is_same_v<T, ListLit>) return "list";
        else static_assert(kAlwaysFalse<T>, "ExprKindName: unhandled node kind");
      },
      expr.kind);
}

}  // namespace odenek::internal
