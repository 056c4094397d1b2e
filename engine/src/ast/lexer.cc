#include "ast/lexer.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace odenek::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The UTF-8 unit word for days.
constexpr absl::string_view kGunUtf8 = "g\xC3\xBCn";  // "gün"

struct Keyword {
  absl::string_view text;
  TokenKind kind;
};
constexpr Keyword kKeywords[] = {
    {"and", TokenKind::kAnd},   {"or", TokenKind::kOr},
    {"not", TokenKind::kNot},   {"in", TokenKind::kIn},
    {"if", TokenKind::kIf},     {"then", TokenKind::kThen},
    {"else", TokenKind::kElse}, {"true", TokenKind::kTrue},
    {"false", TokenKind::kFalse},
};

// Turkish letters and their ASCII spelling in names (İ -> I, ş -> s, ...).
struct TurkishLetter {
  absl::string_view utf8;
  absl::string_view ascii;
};
constexpr TurkishLetter kTurkishLetters[] = {
    {"\xC3\xA7", "c"}, {"\xC3\x87", "C"}, {"\xC4\x9F", "g"}, {"\xC4\x9E", "G"},
    {"\xC4\xB1", "i"}, {"\xC4\xB0", "I"}, {"\xC3\xB6", "o"}, {"\xC3\x96", "O"},
    {"\xC5\x9F", "s"}, {"\xC5\x9E", "S"}, {"\xC3\xBC", "u"}, {"\xC3\x9C", "U"},
};

// The length of the UTF-8 sequence starting at text[i], or 0 if the bytes
// there are not a well-formed sequence (shortest form, no surrogates).
int Utf8SequenceLength(absl::string_view text, size_t i) {
  const auto byte = [&](size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  const unsigned char b0 = byte(i);
  int n = 0;
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (int k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  const unsigned char b1 = byte(i + 1);
  if (b0 == 0xE0 && b1 < 0xA0) return 0;  // overlong
  if (b0 == 0xED && b1 > 0x9F) return 0;  // surrogate
  if (b0 == 0xF0 && b1 < 0x90) return 0;  // overlong
  if (b0 == 0xF4 && b1 > 0x8F) return 0;  // beyond U+10FFFF
  return n;
}

// The character at text[i] quoted for a message: "%" or "ü", or \x01 / \xFF
// (unquoted) for control characters and bytes that are not UTF-8.
std::string QuoteCharAt(absl::string_view text, size_t i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c >= 0x20 && c < 0x7F) return absl::StrCat("\"", text.substr(i, 1), "\"");
  if (c >= 0x80) {
    const int n = Utf8SequenceLength(text, i);
    if (n > 0) return absl::StrCat("\"", text.substr(i, n), "\"");
  }
  return absl::StrFormat("byte \\x%02X", c);
}

class Lexer {
 public:
  explicit Lexer(absl::string_view text) : text_(text) {}

  std::vector<Token> Run() {
    while (true) {
      while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
      if (pos_ >= text_.size()) {
        Token end;
        end.kind = TokenKind::kEnd;
        end.offset = static_cast<int>(text_.size());
        tokens_.push_back(std::move(end));
        return std::move(tokens_);
      }
      if (!LexOne()) return std::move(tokens_);
    }
  }

 private:
  char At(size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

  void Emit(TokenKind kind, size_t start, size_t end) {
    Token t;
    t.kind = kind;
    t.offset = static_cast<int>(start);
    t.length = static_cast<int>(end - start);
    t.text = text_.substr(start, end - start);
    tokens_.push_back(std::move(t));
    pos_ = end;
  }

  // Appends the kError token; always returns false.
  bool Fail(size_t offset, std::string message) {
    Token t;
    t.kind = TokenKind::kError;
    t.offset = static_cast<int>(offset);
    t.value = std::move(message);
    tokens_.push_back(std::move(t));
    return false;
  }

  // Lexes the token at pos_ (not a space, not the end). Returns false after
  // appending a kError token.
  bool LexOne() {
    const size_t start = pos_;
    const char c = text_[pos_];
    if (IsDigit(c)) return LexNumberOrDate();
    if (IsIdentStart(c)) return LexName();
    if (c == '"') return LexString();
    if (static_cast<unsigned char>(c) >= 0x80) return FailNonAscii(start);
    const char next = At(start + 1);
    switch (c) {
      case '+': Emit(TokenKind::kPlus, start, start + 1); return true;
      case '-': Emit(TokenKind::kMinus, start, start + 1); return true;
      case '*': Emit(TokenKind::kStar, start, start + 1); return true;
      case '/': Emit(TokenKind::kSlash, start, start + 1); return true;
      case '@': Emit(TokenKind::kAt, start, start + 1); return true;
      case '(': Emit(TokenKind::kLParen, start, start + 1); return true;
      case ')': Emit(TokenKind::kRParen, start, start + 1); return true;
      case '[': Emit(TokenKind::kLBracket, start, start + 1); return true;
      case ']': Emit(TokenKind::kRBracket, start, start + 1); return true;
      case ',': Emit(TokenKind::kComma, start, start + 1); return true;
      case '<':
        if (next == '=') {
          Emit(TokenKind::kLe, start, start + 2);
        } else if (next == '>') {
          return Fail(start, "unexpected \"<>\": use \"!=\" for \"not equal\"");
        } else {
          Emit(TokenKind::kLt, start, start + 1);
        }
        return true;
      case '>':
        if (next == '=') {
          Emit(TokenKind::kGe, start, start + 2);
        } else {
          Emit(TokenKind::kGt, start, start + 1);
        }
        return true;
      case '=':
        if (next == '=') {
          Emit(TokenKind::kEqEq, start, start + 2);
          return true;
        }
        return Fail(start, "unexpected \"=\": use \"==\" to compare");
      case '!':
        if (next == '=') {
          Emit(TokenKind::kNe, start, start + 2);
          return true;
        }
        return Fail(start,
                    "unexpected \"!\": use \"not\" to negate, or \"!=\" for "
                    "\"not equal\"");
      case '&':
        return Fail(start, absl::StrCat("unexpected \"",
                                        next == '&' ? "&&" : "&",
                                        "\": use \"and\""));
      case '|':
        return Fail(start, absl::StrCat("unexpected \"",
                                        next == '|' ? "||" : "|",
                                        "\": use \"or\""));
      case '\'':
        return Fail(start,
                    "unexpected \"'\": strings are written in double quotes "
                    "(\"...\")");
      default:
        return Fail(start, absl::StrCat("unexpected ", QuoteCharAt(text_, start),
                                        ": expected a number, a date, a name, "
                                        "a string, an operator or a bracket"));
    }
  }

  bool FailNonAscii(size_t offset) {
    const int n = Utf8SequenceLength(text_, offset);
    if (n > 0) {
      const absl::string_view ch = text_.substr(offset, n);
      for (const TurkishLetter& letter : kTurkishLetters) {
        if (letter.utf8 == ch) {
          return Fail(offset,
                      absl::StrCat("unexpected \"", ch,
                                   "\": names use ASCII letters (write \"",
                                   letter.ascii,
                                   "\"); Turkish letters may appear only "
                                   "inside strings"));
        }
      }
    }
    return Fail(offset, absl::StrCat("unexpected ", QuoteCharAt(text_, offset),
                                     ": only ASCII is allowed outside strings"));
  }

  // Counts the digits starting at i.
  size_t DigitRun(size_t i) const {
    size_t n = 0;
    while (IsDigit(At(i + n))) ++n;
    return n;
  }

  bool LexNumberOrDate() {
    const size_t start = pos_;
    const size_t year_digits = DigitRun(start);
    size_t end = start + year_digits;
    // A 4-digit run glued to "-digit" must be a date or a month.
    if (year_digits == 4 && At(end) == '-' && IsDigit(At(end + 1))) {
      const size_t month_digits = DigitRun(end + 1);
      size_t date_end = end + 1 + month_digits;
      TokenKind kind = TokenKind::kMonth;
      bool well_formed = month_digits == 2;
      if (well_formed && At(date_end) == '-' && IsDigit(At(date_end + 1))) {
        const size_t day_digits = DigitRun(date_end + 1);
        well_formed = day_digits == 2;
        date_end += 1 + day_digits;
        kind = TokenKind::kDate;
      } else if (!well_formed && At(date_end) == '-' &&
                 IsDigit(At(date_end + 1))) {
        date_end += 1 + DigitRun(date_end + 1);  // quote the whole attempt
      }
      if (!well_formed) {
        return Fail(start,
                    absl::StrCat("malformed date \"",
                                 text_.substr(start, date_end - start),
                                 "\": expected YYYY-MM-DD (like 2023-07-01) or "
                                 "YYYY-MM (like 2023-07); put spaces around "
                                 "\"-\" to subtract"));
      }
      if (!CheckAfterLiteral(start, date_end)) return false;
      Emit(kind, start, date_end);
      return true;
    }
    if (At(end) == '.') {
      const size_t fraction_digits = DigitRun(end + 1);
      if (fraction_digits == 0) {
        return Fail(end, absl::StrCat("expected digits after the decimal point "
                                      "in \"",
                                      text_.substr(start, end + 1 - start),
                                      "\""));
      }
      end += 1 + fraction_digits;
    }
    if (!CheckAfterLiteral(start, end)) return false;
    Emit(TokenKind::kNumber, start, end);
    return true;
  }

  // A number, date or month literal text_[start, end) may not be glued to a
  // name or a dot.
  bool CheckAfterLiteral(size_t start, size_t end) {
    const absl::string_view literal = text_.substr(start, end - start);
    const char c = At(end);
    if (c == '.') {
      return Fail(end, absl::StrCat("unexpected \".\" after \"", literal, "\""));
    }
    const bool gun_utf8 = text_.substr(end, kGunUtf8.size()) == kGunUtf8;
    if (IsIdentStart(c) || gun_utf8) {
      size_t word_end = end;
      while (IsIdentChar(At(word_end))) ++word_end;
      if (gun_utf8) word_end = end + kGunUtf8.size();
      const absl::string_view word = text_.substr(end, word_end - end);
      if (word == "TL" || word == "gun" || word == kGunUtf8 || word == "saat" ||
          word == "oran") {
        return Fail(end, absl::StrCat("unexpected \"", word, "\" right after \"",
                                      literal, "\": put a space before a unit (\"",
                                      literal, " ", word, "\")"));
      }
      return Fail(end, absl::StrCat("unexpected \"", word, "\" right after \"",
                                    literal,
                                    "\": expected a space or an operator"));
    }
    return true;
  }

  bool LexName() {
    const size_t start = pos_;
    size_t end = start;
    while (true) {
      while (IsIdentChar(At(end))) ++end;
      if (At(end) != '.') break;
      if (!IsIdentStart(At(end + 1))) {
        return Fail(end, absl::StrCat("expected a name part after \".\" in \"",
                                      text_.substr(start, end + 1 - start),
                                      "\"; name parts start with a letter or "
                                      "\"_\""));
      }
      ++end;
    }
    const absl::string_view name = text_.substr(start, end - start);
    // "gün": the only non-ASCII word outside strings.
    if (name == "g" && text_.substr(start, kGunUtf8.size()) == kGunUtf8) {
      const size_t gun_end = start + kGunUtf8.size();
      const char after = At(gun_end);
      if (!IsIdentChar(after) && after != '.' &&
          static_cast<unsigned char>(after) < 0x80) {
        Emit(TokenKind::kIdent, start, gun_end);
        return true;
      }
    }
    if (end < text_.size() && static_cast<unsigned char>(text_[end]) >= 0x80) {
      return FailNonAscii(end);
    }
    for (const Keyword& keyword : kKeywords) {
      if (keyword.text == name) {
        Emit(keyword.kind, start, end);
        return true;
      }
    }
    Emit(TokenKind::kIdent, start, end);
    return true;
  }

  bool LexString() {
    const size_t start = pos_;
    std::string value;
    size_t i = start + 1;
    while (true) {
      if (i >= text_.size()) {
        return Fail(start,
                    "unterminated string: expected a closing '\"' before the "
                    "end of the expression");
      }
      const char c = text_[i];
      if (c == '"') break;
      if (c == '\\') {
        const char escaped = At(i + 1);
        if (escaped == '"' || escaped == '\\') {
          value.push_back(escaped);
          i += 2;
          continue;
        }
        if (i + 1 >= text_.size()) {
          return Fail(i,
                      "unterminated string: expected a closing '\"' before "
                      "the end of the expression");
        }
        const bool printable = escaped > 0x20 && escaped < 0x7F;
        return Fail(i, absl::StrCat(
                           "unknown escape ",
                           printable ? absl::StrCat("\"\\", std::string(1, escaped), "\"")
                                     : absl::StrCat("\"\\\" followed by ",
                                                    QuoteCharAt(text_, i + 1)),
                           " in a string: only \\\" and \\\\ are allowed"));
      }
      value.push_back(c);
      ++i;
    }
    Emit(TokenKind::kString, start, i + 1);
    tokens_.back().value = std::move(value);
    return true;
  }

  absl::string_view text_;
  size_t pos_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

absl::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd: return "end of expression";
    case TokenKind::kError: return "error";
    case TokenKind::kNumber: return "number";
    case TokenKind::kDate: return "date";
    case TokenKind::kMonth: return "month";
    case TokenKind::kString: return "string";
    case TokenKind::kIdent: return "name";
    case TokenKind::kPlus: return "\"+\"";
    case TokenKind::kMinus: return "\"-\"";
    case TokenKind::kStar: return "\"*\"";
    case TokenKind::kSlash: return "\"/\"";
    case TokenKind::kLt: return "\"<\"";
    case TokenKind::kLe: return "\"<=\"";
    case TokenKind::kGt: return "\">\"";
    case TokenKind::kGe: return "\">=\"";
    case TokenKind::kEqEq: return "\"==\"";
    case TokenKind::kNe: return "\"!=\"";
    case TokenKind::kAt: return "\"@\"";
    case TokenKind::kLParen: return "\"(\"";
    case TokenKind::kRParen: return "\")\"";
    case TokenKind::kLBracket: return "\"[\"";
    case TokenKind::kRBracket: return "\"]\"";
    case TokenKind::kComma: return "\",\"";
    case TokenKind::kAnd: return "\"and\"";
    case TokenKind::kOr: return "\"or\"";
    case TokenKind::kNot: return "\"not\"";
    case TokenKind::kIn: return "\"in\"";
    case TokenKind::kIf: return "\"if\"";
    case TokenKind::kThen: return "\"then\"";
    case TokenKind::kElse: return "\"else\"";
    case TokenKind::kTrue: return "\"true\"";
    case TokenKind::kFalse: return "\"false\"";
  }
  return "token";
}

std::vector<Token> Tokenize(absl::string_view text) {
  return Lexer(text).Run();
}

}  // namespace odenek::internal
