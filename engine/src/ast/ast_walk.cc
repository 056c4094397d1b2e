#include "ast/ast_walk.h"

#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/functional/function_ref.h"
#include "ast/ast.h"

namespace odenek::internal {
namespace {

template <class>
inline constexpr bool kAlwaysFalse = false;

}  // namespace

void ForEachChild(const Expr& expr, absl::FunctionRef<void(const Expr&)> fn) {
  std::visit(
      [fn](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, NumberLit> || std::is_same_v<T, BoolLit> ||
                      std::is_same_v<T, DateLit> || std::is_same_v<T, MonthLit> ||
                      std::is_same_v<T, StringLit> || std::is_same_v<T, Ident>) {
          // Leaves.
        } else if constexpr (std::is_same_v<T, Unary>) {
          fn(*node.operand);
        } else if constexpr (std::is_same_v<T, Binary>) {
          fn(*node.lhs);
          fn(*node.rhs);
        } else if constexpr (std::is_same_v<T, ParamAt>) {
          fn(*node.date);
        } else if constexpr (std::is_same_v<T, IfExpr>) {
          fn(*node.cond);
          fn(*node.then_expr);
          fn(*node.else_expr);
        } else if constexpr (std::is_same_v<T, Call>) {
          for (const ExprPtr& arg : node.args) fn(*arg);
        } else if constexpr (std::is_same_v<T, ListLit>) {
          for (const ExprPtr& element : node.elements) fn(*element);
        } else {
          static_assert(kAlwaysFalse<T>, "ForEachChild: unhandled node kind");
        }
      },
      expr.kind);
}

void VisitPreOrder(const Expr& root, absl::FunctionRef<void(const Expr&)> fn) {
  std::vector<const Expr*> stack = {&root};
  std::vector<const Expr*> children;
  while (!stack.empty()) {
    const Expr* e = stack.back();
    stack.pop_back();
    fn(*e);
    children.clear();
    ForEachChild(*e, [&children](const Expr& c) { children.push_back(&c); });
    // Reversed, so the first child is visited first.
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
}

void VisitPostOrder(const Expr& root, absl::FunctionRef<void(const Expr&)> fn) {
  // Each entry is a node and whether its children have been pushed already.
  std::vector<std::pair<const Expr*, bool>> stack = {{&root, false}};
  std::vector<const Expr*> children;
  while (!stack.empty()) {
    auto& [e, expanded] = stack.back();
    if (expanded) {
      fn(*e);
      stack.pop_back();
      continue;
    }
    expanded = true;
    const Expr* node = e;  // `e` dangles once the stack grows
    children.clear();
    ForEachChild(*node, [&children](const Expr& c) { children.push_back(&c); });
    for (auto it = children.rbegin(); it != children.rend(); ++it) {
      stack.emplace_back(*it, false);
    }
  }
}

}  // namespace odenek::internal
