// The lexer of the rule expression language (docs/rules.md §4): splits the text
// of one `expr:` into tokens, each with its byte offset, for the parser.
//
// The token classes are:
//   numbers      12  0.00759  10008.00     (digits, optionally `.` and digits;
//                                           no sign, no exponent)
//   dates        2023-07-01                (exactly YYYY-MM-DD, no spaces)
//   months       2023-07                   (exactly YYYY-MM, no spaces)
//   strings      "metin"                   (double quotes; escapes \" and \\;
//                                           UTF-8 passes through)
//   names        prim_gun_3_yil  asgari_ucret.brut   ([A-Za-z_][A-Za-z0-9_]*
//                                           parts joined by dots)
//   keywords     and or not in if then else true false
//   operators    + - * / < <= > >= == != @ ( ) [ ] ,
//
// Dates versus subtraction: a date or month is one token written without
// spaces, a 4-digit year then 2-digit parts. `2023-07-01` is a date, while
// `basvuru_tarihi - fesih_tarihi - 30 gun` and `10-5` are subtractions. A 4-digit
// number glued to `-digit` that is not a well-formed date or month
// (`2023-7-01`, `2023-07-1`) is an error, never silently a subtraction.
//
// The unit word `gün` (UTF-8) is the one non-ASCII word outside strings; it
// lexes as a kIdent whose text is "gün" and only the parser gives it meaning
// (a unit suffix after a number). Every other non-ASCII byte outside a string
// is an error.
#ifndef ODENEK_ENGINE_SRC_AST_LEXER_H_
#define ODENEK_ENGINE_SRC_AST_LEXER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace odenek::internal {

enum class TokenKind {
  kEnd,     // end of the text; always the last token of a successful Tokenize
  kError,   // a lexical error; the last token when Tokenize fails
  kNumber,
  kDate,
  kMonth,
  kString,
  kIdent,   // a possibly dotted name, or the unit word "gün"
  // Operators and punctuation.
  kPlus, kMinus, kStar, kSlash,
  kLt, kLe, kGt, kGe, kEqEq, kNe,
  kAt,
  kLParen, kRParen, kLBracket, kRBracket, kComma,
  // Keywords.
  kAnd, kOr, kNot, kIn, kIf, kThen, kElse, kTrue, kFalse,
};

// Returns a short English description of the kind for messages: "number",
// "date", "name", "\"+\"", "\"then\"", "end of expression".
absl::string_view TokenKindName(TokenKind kind);

// One token.
//
// Lifetime: `text` points into the string passed to Tokenize, which must
// outlive the token.
struct Token {
  TokenKind kind = TokenKind::kEnd;
  // Byte offset (0-based) of the token's first byte in the tokenized text, and
  // its length in bytes. kEnd has offset == text size and length 0. kError has
  // the offset of the offending character.
  int offset = 0;
  int length = 0;
  // The token's source text, e.g. `600`, `asgari_ucret.brut`, `"a\"b"` (quotes
  // and escapes included), `<=`. Empty for kEnd and kError.
  absl::string_view text;
  // kString: the unescaped contents (`a"b`). kError: the error message, which
  // says what was found and what was expected and does not repeat the offset.
  // Empty otherwise.
  std::string value;
};

// Tokenize()
//
// Splits `text` into tokens. Spaces, tabs, carriage returns and newlines
// separate tokens and are otherwise ignored.
//
// Returns the tokens in order. On success the last token is kEnd. On the first
// lexical error the last token is a kError token, at the offending byte, whose
// `value` is the message (e.g. `unexpected "&&": use "and"`); the tokens before
// it are valid, so the parser can report an earlier syntax error first.
// Literal values are not checked here (a date's month may be 13, a number may
// have 9 decimals): the parser checks them with Date/Month/Decimal::Parse.
//
// Example:
//
//   std::vector<Token> t = Tokenize("prim_gun_3_yil >= 600 gun");
//   // t: kIdent "prim_gun_3_yil" at 0, kGe at 15, kNumber "600" at 18,
//   //    kIdent "gun" at 22, kEnd at 25
std::vector<Token> Tokenize(absl::string_view text);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_AST_LEXER_H_
