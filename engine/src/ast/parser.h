// The parser of the rule expression language: turns the text of one `expr:`
// (or a condition, an exception's `when:`, a table's `input:`) into an AST
// (ast/ast.h). Syntax and precedence are those of docs/rules.md §4.
//
// Precedence, loosest first:
//
//   if c then a else b    `else` binds to the nearest `if`, and the `else`
//                         branch extends as far right as possible; an `if` may
//                         stand wherever an operand may (`1 + if c then a else b`)
//   or
//   and
//   not
//   < <= > >= == != in    non-associative: `a < b < c` is an error;
//                         `x in [4, 5]` (ListLit) or `x in kodlar @ d`
//   + -                   left-associative
//   * /                   left-associative
//   - (unary)
//   @                     `param @ date`: the left side is a name, the right a
//                         literal, a name, a call or a parenthesised expression
//   f(args)               calls: only a name can be called
//
// A number directly followed by one of the unit words TL, gun, gün, saat, oran
// is one NumberLit carrying that unit (`600 gun`; "gün" is stored as "gun").
//
// Node ids come from a caller-owned NodeIdAllocator and are allocated children
// first (post-order). Each node's offset/length cover its source text,
// including any parentheses around it: in `(a + b) * c` the `+` node spans
// `(a + b)` and the `*` node the whole text.
//
// Parsing is a pure function of the text: no global state, safe to call
// concurrently with distinct allocators.
#ifndef ODENEK_ENGINE_SRC_AST_PARSER_H_
#define ODENEK_ENGINE_SRC_AST_PARSER_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "ast/ast.h"

namespace odenek::internal {

// A syntax error in an expression.
struct ParseError {
  // 0-based byte offset in the expression text of the token or character at
  // fault (the text size for "found end of expression").
  int offset = 0;
  // What was found and what was expected, e.g. `expected ")" to close "(" at
  // column 5, found end of expression`. Never contains the error's own
  // position: the caller prints file:line:column in front of it.
  std::string message;
};

// The result of ParseExpression: exactly one of `expr` and `error` is set.
struct ParseOutcome {
  ExprPtr expr;
  std::optional<ParseError> error;
};

// Nesting limit: the deepest allowed nesting of brackets, calls, `if`s and
// unary operators, and the greatest allowed height of the resulting tree
// (`a + b + c` has height 3). An engine resource limit, not a legal one: it
// keeps every recursive walk of the tree (here and in later stages) far from
// overflowing the stack. Real rules nest under 10 levels.
inline constexpr int kMaxExpressionDepth = 64;

// The longest accepted expression text, in bytes. An engine resource limit
// (real rule expressions are under 300 bytes).
inline constexpr size_t kMaxExpressionLength = 16 * 1024;

// ParseExpression()
//
// Parses `text` as one expression. Node ids are taken from `ids`, so that ids
// stay unique across every expression of a rule set.
//
// Returns the tree in `expr`, or the first syntax error (in text order) in
// `error`. Errors include: characters that are not part of the language
// (`&&`, `=`, `%`, non-ASCII outside strings), malformed or invalid literals
// (`2023-7-01`, `2023-02-30`, a number with more than 6 decimals), a missing
// operand or bracket, `then`/`else` without `if`, chained comparisons
// (`a < b < c`), a non-name on the left of `@` or before `(`, a list `[...]`
// anywhere but right after `in`, nesting beyond kMaxExpressionDepth, and text
// longer than kMaxExpressionLength. Never crashes or overflows the stack, for
// any input.
//
// Example:
//
//   NodeIdAllocator ids;
//   ParseOutcome out = ParseExpression("prim_gun_3_yil >= 600 gun", ids);
//   // out.expr: Binary kGe (offset 0, length 25) of Ident "prim_gun_3_yil"
//   //           (offset 0) and NumberLit 600 "gun" (offset 18, length 7)
//   ParseOutcome bad = ParseExpression("min(a, b", ids);
//   // bad.error: offset 8, `expected "," or ")" to close "min(" at column 4,
//   //            found end of expression`
ParseOutcome ParseExpression(absl::string_view text, NodeIdAllocator& ids);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_AST_PARSER_H_
