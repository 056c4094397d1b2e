// Test helpers shared by the parser's tests (parser_test: the grammar;
// parser_errors_test: errors, limits and random input): parse a text and get
// its canonical print, its tree or its error.
#ifndef ODENEK_ENGINE_SRC_AST_PARSER_TEST_UTIL_H_
#define ODENEK_ENGINE_SRC_AST_PARSER_TEST_UTIL_H_

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ast/ast.h"
#include "ast/ast_printer.h"
#include "ast/parser.h"
#include "gtest/gtest.h"

namespace odenek::internal {

// The canonical print of `text`, or "error at N: message".
inline std::string Parse(absl::string_view text) {
  NodeIdAllocator ids;
  ParseOutcome out = ParseExpression(text, ids);
  if (out.error.has_value()) {
    EXPECT_EQ(out.expr, nullptr);
    return absl::StrCat("error at ", out.error->offset, ": ", out.error->message);
  }
  EXPECT_NE(out.expr, nullptr);
  return PrintExpr(*out.expr);
}

// The tree of `text`; an error fails the test.
inline ExprPtr ParseOk(absl::string_view text) {
  NodeIdAllocator ids;
  ParseOutcome out = ParseExpression(text, ids);
  EXPECT_FALSE(out.error.has_value())
      << text << ": " << out.error->offset << ": " << out.error->message;
  return std::move(out.expr);
}

// The error `text` gives; parsing without an error fails the test.
inline ParseError ParseErr(absl::string_view text) {
  NodeIdAllocator ids;
  ParseOutcome out = ParseExpression(text, ids);
  EXPECT_EQ(out.expr, nullptr) << text;
  if (!out.error.has_value()) {
    ADD_FAILURE() << "expected an error for " << text;
    return ParseError{-1, ""};
  }
  return *out.error;
}

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_AST_PARSER_TEST_UTIL_H_
