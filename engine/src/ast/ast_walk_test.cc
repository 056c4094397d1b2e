#include "ast/ast_walk.h"

#include <string>
#include <vector>

#include "ast/ast.h"
#include "ast/ast_printer.h"
#include "ast/parser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

ExprPtr ParseOk(absl::string_view text) {
  NodeIdAllocator ids;
  ParseOutcome out = ParseExpression(text, ids);
  EXPECT_FALSE(out.error.has_value()) << text;
  return std::move(out.expr);
}

std::vector<std::string> Children(absl::string_view text) {
  ExprPtr e = ParseOk(text);
  std::vector<std::string> out;
  ForEachChild(*e, [&out](const Expr& c) { out.push_back(PrintExpr(c)); });
  return out;
}

TEST(AstWalkTest, LeavesHaveNoChildren) {
  EXPECT_THAT(Children("600 gun"), IsEmpty());
  EXPECT_THAT(Children("a.b"), IsEmpty());
  EXPECT_THAT(Children("\"s\""), IsEmpty());
  EXPECT_THAT(Children("2023-07"), IsEmpty());
}

TEST(AstWalkTest, ForEachChildDocExample) {
  EXPECT_THAT(Children("min(a, b + 1)"), ElementsAre("a", "(b + 1)"));
}

TEST(AstWalkTest, ChildrenOfEachCompoundKind) {
  EXPECT_THAT(Children("-a"), ElementsAre("a"));
  EXPECT_THAT(Children("a < b"), ElementsAre("a", "b"));
  EXPECT_THAT(Children("p @ d"), ElementsAre("d"));
  EXPECT_THAT(Children("if c then a else b"), ElementsAre("c", "a", "b"));
  EXPECT_THAT(Children("x in [1, 2]"), ElementsAre("x", "[1, 2]"));
  EXPECT_THAT(Children("f()"), IsEmpty());
}

TEST(AstWalkTest, ListElementsAreChildren) {
  ExprPtr e = ParseOk("x in [1, 2]");
  const Expr& list = *std::get<Binary>(e->kind).rhs;
  std::vector<std::string> out;
  ForEachChild(list, [&out](const Expr& c) { out.push_back(PrintExpr(c)); });
  EXPECT_THAT(out, ElementsAre("1", "2"));
}

TEST(AstWalkTest, VisitPreOrderDocExample) {
  ExprPtr e = ParseOk("a + b * 2");
  std::vector<std::string> out;
  VisitPreOrder(*e, [&out](const Expr& n) { out.push_back(PrintExpr(n)); });
  EXPECT_THAT(out, ElementsAre("(a + (b * 2))", "a", "(b * 2)", "b", "2"));
}

TEST(AstWalkTest, VisitPostOrderDocExample) {
  ExprPtr e = ParseOk("a + b * 2");
  std::vector<std::string> out;
  VisitPostOrder(*e, [&out](const Expr& n) { out.push_back(PrintExpr(n)); });
  EXPECT_THAT(out, ElementsAre("a", "b", "2", "(b * 2)", "(a + (b * 2))"));
}

TEST(AstWalkTest, PostOrderVisitsChildrenBeforeParentsWithParserIds) {
  // The parser allocates ids children first, so a post-order walk of a
  // freshly parsed tree sees increasing ids.
  ExprPtr e = ParseOk("if a in [1, 2] then round(min(x @ d, y), 2, half_up) else -z");
  std::vector<NodeId> ids;
  VisitPostOrder(*e, [&ids](const Expr& n) { ids.push_back(n.id); });
  ASSERT_EQ(ids.size(), 15u);
  for (size_t i = 1; i < ids.size(); ++i) EXPECT_LT(ids[i - 1], ids[i]);
}

TEST(AstWalkTest, VisitsHandDeepTreesWithoutRecursion) {
  // Deeper than the parser allows: the walks must not recurse.
  ExprPtr root = std::make_unique<Expr>();
  root->kind = Ident{"x"};
  for (int i = 0; i < 100000; ++i) {
    auto parent = std::make_unique<Expr>();
    parent->kind = Unary{UnaryOp::kNeg, std::move(root)};
    root = std::move(parent);
  }
  int pre = 0;
  int post = 0;
  VisitPreOrder(*root, [&pre](const Expr&) { ++pre; });
  VisitPostOrder(*root, [&post](const Expr&) { ++post; });
  EXPECT_EQ(pre, 100001);
  EXPECT_EQ(post, 100001);
  // Tear down iteratively too: the default destructor would recurse 100000
  // levels.
  while (auto* u = std::get_if<Unary>(&root->kind)) {
    ExprPtr child = std::move(u->operand);
    root = std::move(child);
  }
}

}  // namespace
}  // namespace odenek::internal
