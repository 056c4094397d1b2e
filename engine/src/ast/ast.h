// The expression AST: what a rule's `expr:` text means, before type checking.
//
// Every node has an id, unique within one parsed expression tree, so the checker
// (types and units), the planner, diagnostics and explanation traces can all refer to
// the same node without mutating the tree (cel-cpp's Expr{id, kind}). Node kinds
// are a closed std::variant, visited with std::visit.
#ifndef ODENEK_ENGINE_SRC_AST_AST_H_
#define ODENEK_ENGINE_SRC_AST_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "odenek/date.h"
#include "odenek/decimal.h"

namespace odenek::internal {

using NodeId = int32_t;

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// A number with an optional unit suffix: `600 gun`, `0.00759`, `10008.00 TL`.
// `unit` is the suffix as written ("", "TL", "gun", "saat", "oran").
struct NumberLit {
  Decimal value;
  std::string unit;
};
struct BoolLit { bool value = false; };
struct DateLit { Date value; };
struct MonthLit { Month value; };
struct StringLit { std::string value; };

// A name: an input, a variable or a parameter (dotted: `asgari_ucret.brut`,
// `fesih.tarih`, `primler.kazanc`). Resolution is the checker's job.
struct Ident { std::string name; };

enum class UnaryOp { kNeg, kNot };
struct Unary {
  UnaryOp op;
  ExprPtr operand;
};

enum class BinaryOp {
  kAdd, kSub, kMul, kDiv,
  kLt, kLe, kGt, kGe, kEq, kNe,
  kAnd, kOr,
  kIn,   // rhs is a ListLit or a set parameter lookup
};
struct Binary {
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
};

// `param @ date`: the value of an effective-dated parameter in force on `date`.
// `param` is always an Ident.
struct ParamAt {
  std::string param;
  ExprPtr date;
};

// `if cond then a else b`.
struct IfExpr {
  ExprPtr cond;
  ExprPtr then_expr;
  ExprPtr else_expr;
};

// `name(args...)`: built-in functions only (min, max, round, sum, covers, ...).
// A bare rounding-mode word inside round(...) parses as an Ident.
struct Call {
  std::string function;
  std::vector<ExprPtr> args;
};

// `[4, 5, 15]`: a literal set, only on the right of `in`.
struct ListLit {
  std::vector<ExprPtr> elements;
};

using ExprKind = std::variant<NumberLit, BoolLit, DateLit, MonthLit, StringLit,
                              Ident, Unary, Binary, ParamAt, IfExpr, Call, ListLit>;

struct Expr {
  NodeId id = 0;
  // Offset (0-based, in bytes) of the node's first character in the expression
  // text, and the length of its text; diagnostics point here.
  int offset = 0;
  int length = 0;
  ExprKind kind;
};

// Node-id allocation across all expressions of a rule set, so ids are unique
// rule-set wide (traces and diagnostics key on them).
class NodeIdAllocator {
 public:
  NodeId Next() { return next_++; }
  NodeId peek() const { return next_; }
 private:
  NodeId next_ = 1;
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_AST_AST_H_
