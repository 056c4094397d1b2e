// libFuzzer target: the expression parser (engine/src/ast/parser.h).
//
// Besides "never crashes, never overflows the stack" it checks the printer's
// promise (ast_printer.h): the canonical text of a parsed tree parses back and
// prints the same again. The printed text adds parentheses, so a tree at the
// nesting limit may print to text that is over it; that one refusal is allowed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "ast/ast_printer.h"
#include "ast/parser.h"

namespace {

bool IsLimitError(const odenek::internal::ParseError& e) {
  return absl::StrContains(e.message, "(an engine limit)");
}

[[noreturn]] void Fail(const char* what, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "expression_fuzz: %s\n  first:  %s\n  second: %s\n", what,
               a.c_str(), b.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using odenek::internal::NodeIdAllocator;
  using odenek::internal::ParseExpression;
  using odenek::internal::ParseOutcome;
  using odenek::internal::PrintExpr;

  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  NodeIdAllocator ids;
  ParseOutcome out = ParseExpression(text, ids);
  if ((out.expr != nullptr) == out.error.has_value()) {
    Fail("exactly one of expr and error must be set", std::string(text), "");
  }
  if (out.error) {
    if (out.error->offset < 0 || static_cast<size_t>(out.error->offset) > size) {
      Fail("error offset outside the text", std::string(text), out.error->message);
    }
    return 0;
  }
  const std::string printed = PrintExpr(*out.expr);
  ParseOutcome again = ParseExpression(printed, ids);
  if (again.error) {
    if (IsLimitError(*again.error)) return 0;
    Fail("printed text does not parse back", printed, again.error->message);
  }
  const std::string reprinted = PrintExpr(*again.expr);
  if (reprinted != printed) Fail("printing is not stable", printed, reprinted);
  return 0;
}
