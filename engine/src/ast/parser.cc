#include "ast/parser.h"

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ast/ast.h"
#include "ast/lexer.h"
#include "odenek/date.h"
#include "odenek/decimal.h"

namespace odenek::internal {
namespace {

constexpr absl::string_view kGunUtf8 = "g\xC3\xBCn";  // "gün"

// Longest source excerpt quoted in a message, in bytes.
constexpr size_t kMaxQuoted = 40;

// The unit stored for a unit word after a number, or nullopt if `word` is not
// a unit word.
std::optional<std::string> UnitOf(absl::string_view word) {
  if (word == "TL" || word == "gun" || word == "saat" || word == "oran") {
    return std::string(word);
  }
  if (word == kGunUtf8) return std::string("gun");
  return std::nullopt;
}

bool IsComparison(TokenKind kind) {
  switch (kind) {
    case TokenKind::kLt:
    case TokenKind::kLe:
    case TokenKind::kGt:
    case TokenKind::kGe:
    case TokenKind::kEqEq:
    case TokenKind::kNe:
    case TokenKind::kIn:
      return true;
    default:
      return false;
  }
}

BinaryOp BinaryOpOf(TokenKind kind) {
  switch (kind) {
    case TokenKind::kPlus: return BinaryOp::kAdd;
    case TokenKind::kMinus: return BinaryOp::kSub;
    case TokenKind::kStar: return BinaryOp::kMul;
    case TokenKind::kSlash: return BinaryOp::kDiv;
    case TokenKind::kLt: return BinaryOp::kLt;
    case TokenKind::kLe: return BinaryOp::kLe;
    case TokenKind::kGt: return BinaryOp::kGt;
    case TokenKind::kGe: return BinaryOp::kGe;
    case TokenKind::kEqEq: return BinaryOp::kEq;
    case TokenKind::kNe: return BinaryOp::kNe;
    case TokenKind::kAnd: return BinaryOp::kAnd;
    case TokenKind::kOr: return BinaryOp::kOr;
    case TokenKind::kIn: return BinaryOp::kIn;
    default: return BinaryOp::kAdd;  // unreachable: callers pass operators
  }
}

// `s` in double quotes, cut to about kMaxQuoted bytes (at a UTF-8 boundary).
std::string Quote(absl::string_view s) {
  if (s.size() <= kMaxQuoted) return absl::StrCat("\"", s, "\"");
  size_t cut = kMaxQuoted;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat("\"", s.substr(0, cut), "...\"");
}

int End(const Expr& e) { return e.offset + e.length; }

class Parser {
 public:
  Parser(absl::string_view text, NodeIdAllocator& ids)
      : text_(text), tokens_(Tokenize(text)), ids_(ids), first_id_(ids.peek()) {}

  ParseOutcome Run() {
    ExprPtr expr = ParseExpr();
    if (expr != nullptr && Peek().kind != TokenKind::kEnd) FailTrailing();
    ParseOutcome outcome;
    if (error_.has_value()) {
      outcome.error = std::move(error_);
    } else {
      outcome.expr = std::move(expr);
    }
    return outcome;
  }

 private:
  // Increments the nesting depth for its lifetime; reports an error when the
  // depth passes kMaxExpressionDepth (check ok() before recursing).
  class DepthGuard {
   public:
    explicit DepthGuard(Parser& parser) : parser_(parser) {
      if (++parser_.depth_ > kMaxExpressionDepth) {
        parser_.FailTooDeep(parser_.Peek().offset);
      }
    }
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    bool ok() const { return parser_.depth_ <= kMaxExpressionDepth; }

   private:
    Parser& parser_;
  };

  const Token& Peek() const { return tokens_[pos_]; }
  // The tokenizer stops at kEnd or kError, and the parser never advances past
  // either, so pos_ stays in range.
  const Token& Advance() {
    const Token& t = tokens_[pos_];
    if (t.kind != TokenKind::kEnd && t.kind != TokenKind::kError) ++pos_;
    return t;
  }
  bool At(TokenKind kind) const { return Peek().kind == kind; }

  // Records the first error. If the parser stopped at a lexical error, that
  // error is the real cause and is reported instead.
  std::nullptr_t Fail(int offset, std::string message) {
    if (error_.has_value()) return nullptr;
    if (At(TokenKind::kError)) {
      error_ = ParseError{Peek().offset, Peek().value};
    } else {
      error_ = ParseError{offset, std::move(message)};
    }
    return nullptr;
  }

  std::nullptr_t FailTooDeep(int offset) {
    return Fail(offset,
                absl::StrCat("expression nests too deeply: more than ",
                             kMaxExpressionDepth,
                             " levels (an engine limit); split it into "
                             "variables"));
  }

  // How a token is shown after "found" or "unexpected".
  std::string Describe(const Token& t) const {
    if (t.kind == TokenKind::kEnd) return "end of expression";
    if (t.kind == TokenKind::kString) return absl::StrCat("the string ", Quote(t.text));
    return Quote(t.text);
  }

  // "column 5" or "line 2, column 5": the 1-based position of `offset` in the
  // expression text, counting UTF-8 characters, for pointing back at an
  // opening bracket from an error elsewhere.
  std::string Position(int offset) const {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < static_cast<int>(text_.size()); ++i) {
      const unsigned char c = static_cast<unsigned char>(text_[i]);
      if (c == '\n') {
        ++line;
        column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++column;
      }
    }
    if (line == 1) return absl::StrCat("column ", column);
    return absl::StrCat("line ", line, ", column ", column);
  }

  std::nullptr_t FailExpectedExpression() {
    const Token& t = Peek();
    if (t.kind == TokenKind::kEnd) {
      return Fail(t.offset, "expected an expression, found end of expression");
    }
    return Fail(t.offset,
                absl::StrCat("unexpected ", Describe(t), ": expected an expression"));
  }

  void FailTrailing() {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kRParen:
        Fail(t.offset, "unexpected \")\": there is no \"(\" to close");
        return;
      case TokenKind::kRBracket:
        Fail(t.offset, "unexpected \"]\": there is no \"[\" to close");
        return;
      case TokenKind::kThen:
      case TokenKind::kElse:
        Fail(t.offset, absl::StrCat("unexpected ", Describe(t),
                                    " without a matching \"if\""));
        return;
      default:
        Fail(t.offset, absl::StrCat("unexpected ", Describe(t),
                                    " after a complete expression: expected an "
                                    "operator or the end of the expression"));
        return;
    }
  }

  // Allocates a node spanning text [offset, end) whose children have the
  // given heights; fails if the tree gets too high.
  ExprPtr Make(int offset, int end, ExprKind kind,
               std::initializer_list<int> child_heights = {}) {
    int height = 1;
    for (int h : child_heights) height = std::max(height, h + 1);
    return MakeWithHeight(offset, end, std::move(kind), height);
  }

  ExprPtr MakeWithHeight(int offset, int end, ExprKind kind, int height) {
    if (height > kMaxExpressionDepth) return FailTooDeep(offset);
    auto e = std::make_unique<Expr>();
    e->id = ids_.Next();
    e->offset = offset;
    e->length = end - offset;
    e->kind = std::move(kind);
    const size_t index = static_cast<size_t>(e->id - first_id_);
    if (heights_.size() <= index) heights_.resize(index + 1, 1);
    heights_[index] = height;
    return e;
  }

  int Height(const ExprPtr& e) const {
    const size_t index = static_cast<size_t>(e->id - first_id_);
    return index < heights_.size() ? heights_[index] : 1;
  }

  ExprPtr MakeBinary(BinaryOp op, ExprPtr lhs, ExprPtr rhs) {
    const int offset = lhs->offset;
    const int end = End(*rhs);
    const int hl = Height(lhs);
    const int hr = Height(rhs);
    return Make(offset, end, Binary{op, std::move(lhs), std::move(rhs)}, {hl, hr});
  }

  // expr := or_expr  (an `if` is a primary; see ParsePrimary)
  ExprPtr ParseExpr() {
    DepthGuard guard(*this);
    if (!guard.ok()) return nullptr;
    return ParseOr();
  }

  ExprPtr ParseOr() {
    ExprPtr lhs = ParseAnd();
    while (lhs != nullptr && At(TokenKind::kOr)) {
      Advance();
      ExprPtr rhs = ParseAnd();
      if (rhs == nullptr) return nullptr;
      lhs = MakeBinary(BinaryOp::kOr, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr ParseAnd() {
    ExprPtr lhs = ParseNot();
    while (lhs != nullptr && At(TokenKind::kAnd)) {
      Advance();
      ExprPtr rhs = ParseNot();
      if (rhs == nullptr) return nullptr;
      lhs = MakeBinary(BinaryOp::kAnd, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr ParseNot() {
    if (!At(TokenKind::kNot)) return ParseComparison();
    DepthGuard guard(*this);
    if (!guard.ok()) return nullptr;
    const int offset = Advance().offset;
    ExprPtr operand = ParseNot();
    if (operand == nullptr) return nullptr;
    const int end = End(*operand);
    const int h = Height(operand);
    return Make(offset, end, Unary{UnaryOp::kNot, std::move(operand)}, {h});
  }

  // The right operand of a comparison: a list after `in`, else an additive.
  ExprPtr ParseComparisonRhs(TokenKind op) {
    if (op == TokenKind::kIn && At(TokenKind::kLBracket)) return ParseList();
    return ParseAdditive();
  }

  ExprPtr ParseComparison() {
    ExprPtr lhs = ParseAdditive();
    if (lhs == nullptr || !IsComparison(Peek().kind)) return lhs;
    const TokenKind op = Advance().kind;
    ExprPtr rhs = ParseComparisonRhs(op);
    if (rhs == nullptr) return nullptr;
    ExprPtr cmp = MakeBinary(BinaryOpOf(op), std::move(lhs), std::move(rhs));
    if (cmp == nullptr || !IsComparison(Peek().kind)) return cmp;
    // A chain: quote it whole if the next operand parses, else up to the
    // second operator.
    const Token& second = Advance();
    const int second_offset = second.offset;
    const int second_end = second.offset + second.length;
    ExprPtr third = ParseComparisonRhs(second.kind);
    const absl::string_view chain =
        third != nullptr
            ? text_.substr(cmp->offset, End(*third) - cmp->offset)
            : text_.substr(cmp->offset, second_end - cmp->offset);
    error_ = ParseError{
        second_offset,
        absl::StrCat(Quote(third != nullptr ? chain : absl::StrCat(chain, " ...")),
                     ": comparisons do not chain; use \"and\"")};
    return nullptr;
  }

  ExprPtr ParseAdditive() {
    ExprPtr lhs = ParseMultiplicative();
    while (lhs != nullptr && (At(TokenKind::kPlus) || At(TokenKind::kMinus))) {
      const BinaryOp op = BinaryOpOf(Advance().kind);
      ExprPtr rhs = ParseMultiplicative();
      if (rhs == nullptr) return nullptr;
      lhs = MakeBinary(op, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr ParseMultiplicative() {
    ExprPtr lhs = ParseUnary();
    while (lhs != nullptr && (At(TokenKind::kStar) || At(TokenKind::kSlash))) {
      const BinaryOp op = BinaryOpOf(Advance().kind);
      ExprPtr rhs = ParseUnary();
      if (rhs == nullptr) return nullptr;
      lhs = MakeBinary(op, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr ParseUnary() {
    if (!At(TokenKind::kMinus)) return ParseAt();
    DepthGuard guard(*this);
    if (!guard.ok()) return nullptr;
    const int offset = Advance().offset;
    ExprPtr operand = ParseUnary();
    if (operand == nullptr) return nullptr;
    const int end = End(*operand);
    const int h = Height(operand);
    return Make(offset, end, Unary{UnaryOp::kNeg, std::move(operand)}, {h});
  }

  // at_expr := postfix ('@' at_operand)*, where every left side must be a name.
  ExprPtr ParseAt() {
    ExprPtr lhs = ParsePostfix();
    while (lhs != nullptr && At(TokenKind::kAt)) {
      const Ident* param = std::get_if<Ident>(&lhs->kind);
      if (param == nullptr) {
        return Fail(lhs->offset,
                    absl::StrCat("the left side of \"@\" must be a parameter "
                                 "name, found ",
                                 Quote(text_.substr(lhs->offset, lhs->length))));
      }
      Advance();
      ExprPtr date = ParseAtOperand();
      if (date == nullptr) return nullptr;
      const int offset = lhs->offset;
      const int end = End(*date);
      const int h = Height(date);
      lhs = Make(offset, end, ParamAt{param->name, std::move(date)}, {h});
    }
    return lhs;
  }

  // The right side of `@`: a literal, a name, a call or a parenthesised
  // expression.
  ExprPtr ParseAtOperand() {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kNumber:
      case TokenKind::kDate:
      case TokenKind::kMonth:
      case TokenKind::kString:
      case TokenKind::kIdent:
      case TokenKind::kTrue:
      case TokenKind::kFalse:
      case TokenKind::kLParen:
        return ParsePostfix();
      case TokenKind::kIf:
        return Fail(t.offset,
                    "an \"if\" after \"@\" must be parenthesised: "
                    "\"p @ (if c then d1 else d2)\"");
      case TokenKind::kEnd:
        return Fail(t.offset,
                    "expected a date after \"@\", found end of expression");
      default:
        return Fail(t.offset,
                    absl::StrCat("unexpected ", Describe(t),
                                 " after \"@\": expected a date (a name, a "
                                 "literal, a call or a parenthesised "
                                 "expression)"));
    }
  }

  // postfix := primary | name '(' args ')'
  ExprPtr ParsePostfix() {
    ExprPtr e = ParsePrimary();
    if (e == nullptr || !At(TokenKind::kLParen)) return e;
    const Ident* callee = std::get_if<Ident>(&e->kind);
    const bool parenthesised = e->length != 0 && text_[e->offset] == '(';
    if (callee == nullptr || parenthesised) {
      return Fail(Peek().offset,
                  absl::StrCat("unexpected \"(\" after ",
                               Quote(text_.substr(e->offset, e->length)),
                               ": only a function name can be called"));
    }
    e = ParseCall(std::move(e));
    if (e != nullptr && At(TokenKind::kLParen)) {
      return Fail(Peek().offset,
                  absl::StrCat("unexpected \"(\" after ",
                               Quote(text_.substr(e->offset, e->length)),
                               ": only a function name can be called"));
    }
    return e;
  }

  // Parses `(args)` after the name `callee`.
  ExprPtr ParseCall(ExprPtr callee) {
    const std::string name = std::get<Ident>(callee->kind).name;
    const int offset = callee->offset;
    const int open = Advance().offset;  // "("
    std::vector<ExprPtr> args;
    int height = 1;
    if (!At(TokenKind::kRParen)) {
      while (true) {
        ExprPtr arg = ParseExpr();
        if (arg == nullptr) return nullptr;
        height = std::max(height, Height(arg) + 1);
        args.push_back(std::move(arg));
        if (At(TokenKind::kComma)) {
          Advance();
          continue;
        }
        if (At(TokenKind::kRParen)) break;
        return Fail(Peek().offset,
                    absl::StrCat("expected \",\" or \")\" to close ",
                                 Quote(absl::StrCat(name, "(")), " at ",
                                 Position(open), ", found ", Describe(Peek())));
      }
    }
    const Token& close = Advance();
    return MakeWithHeight(offset, close.offset + close.length,
                          Call{name, std::move(args)}, height);
  }

  // list := '[' (expr (',' expr)*)? ']'
  ExprPtr ParseList() {
    const int open = Advance().offset;  // "["
    std::vector<ExprPtr> elements;
    int height = 1;
    if (!At(TokenKind::kRBracket)) {
      while (true) {
        ExprPtr element = ParseExpr();
        if (element == nullptr) return nullptr;
        height = std::max(height, Height(element) + 1);
        elements.push_back(std::move(element));
        if (At(TokenKind::kComma)) {
          Advance();
          continue;
        }
        if (At(TokenKind::kRBracket)) break;
        return Fail(Peek().offset,
                    absl::StrCat("expected \",\" or \"]\" to close \"[\" at ",
                                 Position(open), ", found ", Describe(Peek())));
      }
    }
    const Token& close = Advance();
    return MakeWithHeight(open, close.offset + close.length,
                          ListLit{std::move(elements)}, height);
  }

  ExprPtr ParseIf() {
    const int offset = Advance().offset;  // "if"
    ExprPtr cond = ParseExpr();
    if (cond == nullptr) return nullptr;
    if (!At(TokenKind::kThen)) {
      return Fail(Peek().offset,
                  absl::StrCat("expected \"then\" after the condition of the "
                               "\"if\" at ",
                               Position(offset), ", found ", Describe(Peek())));
    }
    Advance();
    ExprPtr then_expr = ParseExpr();
    if (then_expr == nullptr) return nullptr;
    if (!At(TokenKind::kElse)) {
      return Fail(Peek().offset,
                  absl::StrCat("expected \"else\" for the \"if\" at ",
                               Position(offset), ", found ", Describe(Peek())));
    }
    Advance();
    ExprPtr else_expr = ParseExpr();
    if (else_expr == nullptr) return nullptr;
    const int end = End(*else_expr);
    const int hc = Height(cond);
    const int ht = Height(then_expr);
    const int he = Height(else_expr);
    return Make(offset, end,
                IfExpr{std::move(cond), std::move(then_expr), std::move(else_expr)},
                {hc, ht, he});
  }

  ExprPtr ParseNumber() {
    const Token& t = Advance();
    absl::StatusOr<Decimal> value = Decimal::Parse(t.text);
    if (!value.ok()) return Fail(t.offset, std::string(value.status().message()));
    int end = t.offset + t.length;
    std::string unit;
    if (At(TokenKind::kIdent)) {
      if (std::optional<std::string> u = UnitOf(Peek().text)) {
        unit = *std::move(u);
        const Token& word = Advance();
        end = word.offset + word.length;
      }
    }
    return Make(t.offset, end, NumberLit{*value, std::move(unit)});
  }

  ExprPtr ParsePrimary() {
    const Token& t = Peek();
    const int t_end = t.offset + t.length;
    switch (t.kind) {
      case TokenKind::kNumber:
        return ParseNumber();
      case TokenKind::kDate: {
        absl::StatusOr<Date> date = Date::Parse(t.text);
        if (!date.ok()) return Fail(t.offset, std::string(date.status().message()));
        const int offset = Advance().offset;
        return Make(offset, t_end, DateLit{*date});
      }
      case TokenKind::kMonth: {
        absl::StatusOr<Month> month = Month::Parse(t.text);
        if (!month.ok()) {
          return Fail(t.offset, std::string(month.status().message()));
        }
        const int offset = Advance().offset;
        return Make(offset, t_end, MonthLit{*month});
      }
      case TokenKind::kString: {
        const Token& s = Advance();
        return Make(s.offset, t_end, StringLit{s.value});
      }
      case TokenKind::kTrue:
      case TokenKind::kFalse: {
        const Token& b = Advance();
        return Make(b.offset, t_end, BoolLit{b.kind == TokenKind::kTrue});
      }
      case TokenKind::kIdent: {
        if (t.text == kGunUtf8) {
          return Fail(t.offset,
                      "unexpected \"g\xC3\xBCn\": a unit may only follow a "
                      "number (\"30 g\xC3\xBCn\"); as a name, write \"gun\"");
        }
        const Token& name = Advance();
        return Make(name.offset, t_end, Ident{std::string(name.text)});
      }
      case TokenKind::kLParen: {
        const int open = Advance().offset;
        ExprPtr inner = ParseExpr();
        if (inner == nullptr) return nullptr;
        if (!At(TokenKind::kRParen)) {
          return Fail(Peek().offset,
                      absl::StrCat("expected \")\" to close \"(\" at ",
                                   Position(open), ", found ", Describe(Peek())));
        }
        const Token& close = Advance();
        // The node now spans its parentheses too.
        inner->offset = open;
        inner->length = close.offset + close.length - open;
        return inner;
      }
      case TokenKind::kIf:
        return ParseIf();
      case TokenKind::kLBracket:
        return Fail(t.offset,
                    "unexpected \"[\": a list \"[...]\" may appear only right "
                    "after \"in\"");
      case TokenKind::kNot:
        return Fail(t.offset,
                    "unexpected \"not\": \"not\" binds more loosely than "
                    "comparisons and arithmetic here; write \"(not ...)\"");
      default:
        return FailExpectedExpression();
    }
  }

  absl::string_view text_;
  std::vector<Token> tokens_;
  NodeIdAllocator& ids_;
  const NodeId first_id_;
  size_t pos_ = 0;
  int depth_ = 0;
  // Height of each node made so far, indexed by id - first_id_.
  std::vector<int> heights_;
  std::optional<ParseError> error_;
};

}  // namespace

ParseOutcome ParseExpression(absl::string_view text, NodeIdAllocator& ids) {
  if (text.size() > kMaxExpressionLength) {
    ParseOutcome outcome;
    outcome.error = ParseError{
        static_cast<int>(kMaxExpressionLength),
        absl::StrCat("expression is ", text.size(), " bytes long; the limit is ",
                     kMaxExpressionLength,
                     " bytes (an engine limit); split it into variables")};
    return outcome;
  }
  return Parser(text, ids).Run();
}

}  // namespace odenek::internal
