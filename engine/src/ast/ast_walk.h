// Walking an expression tree without knowing every node kind.
//
// The AST (ast/ast.h) is a closed std::variant; stages that only need "every
// node" or "every child" (collecting the names an expression reads, checking
// that ids are unique, finding the node at an offset) use these helpers
// instead of their own std::visit, so a new node kind is added in one place.
//
// Children are always visited in source order: Unary operand; Binary lhs, rhs;
// ParamAt date; IfExpr cond, then, else; Call args; ListLit elements. Literals
// and Ident have none. ParamAt's parameter is a name string, not a child.
//
// The visits are iterative (an explicit stack), so any tree depth is safe. The
// tree must not be modified during a visit.
#ifndef ODENEK_ENGINE_SRC_AST_AST_WALK_H_
#define ODENEK_ENGINE_SRC_AST_AST_WALK_H_

#include "absl/functional/function_ref.h"
#include "ast/ast.h"

namespace odenek::internal {

// ForEachChild()
//
// Calls `fn` on each direct child of `expr`, in source order.
//
// Example:
//
//   // e is the tree of "min(a, b + 1)"
//   ForEachChild(*e, [](const Expr& c) { ... });  // called for a, then (b + 1)
void ForEachChild(const Expr& expr, absl::FunctionRef<void(const Expr&)> fn);

// VisitPreOrder()
//
// Calls `fn` on `root` and every node below it, each node before its children,
// children in source order.
//
// Example:
//
//   // e is the tree of "a + b * 2"
//   VisitPreOrder(*e, fn);  // (a + (b * 2)), a, (b * 2), b, 2
void VisitPreOrder(const Expr& root, absl::FunctionRef<void(const Expr&)> fn);

// VisitPostOrder()
//
// Calls `fn` on `root` and every node below it, each node after its children
// (the order a bottom-up type checker needs), children in source order.
//
// Example:
//
//   // e is the tree of "a + b * 2"
//   VisitPostOrder(*e, fn);  // a, b, 2, (b * 2), (a + (b * 2))
void VisitPostOrder(const Expr& root, absl::FunctionRef<void(const Expr&)> fn);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_AST_AST_WALK_H_
