// The rule-file reader (rule_file_reader.cc): the top of a rule file, unknown
// keys and wrong shapes, expression scalars and where their errors point.
#include "load/rule_file_reader.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "ast/parser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "load/yaml_loader.h"
#include "load/yaml_loader_test_util.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;

// ---- Strictness
// -------------------------------------------------------------------

TEST(YamlLoaderTest, UnknownKeyListsAllowedKeys) {
  EXPECT_THAT(
      Problems(R"yaml(program: p
title: t
reference: r
conditions:
  - id: c
    expr: x
    message: m
    refrence: r
)yaml"),
      ElementsAre("r.yaml:8:5: error: unknown key \"refrence\" in condition; "
                  "expected one of: id, expr, message, reference",
                  "r.yaml:5:5: error: missing required key \"reference\" in "
                  "condition"));
}

TEST(YamlLoaderTest, UnknownTopLevelKey) {
  EXPECT_THAT(
      Problems("parameter: {}\n"),
      ElementsAre("r.yaml:1:1: error: unknown key \"parameter\" in a rule "
                  "file; expected one of: parameters, program, tests, defaults, title, "
                  "reference, description, valid_from, valid_to, valid_on, "
                  "payments, inputs, variables, conditions, outputs, optional_outputs, event_outputs"));
}

TEST(YamlLoaderTest, ListWhereMapExpected) {
  EXPECT_THAT(
      Problems(R"yaml(program: p
title: t
reference: r
conditions:
  - [id, c]
)yaml"),
      ElementsAre("r.yaml:5:5: error: expected a map for a condition, found "
                  "a list"));
}

TEST(YamlLoaderTest, ProgrammeFileWithoutProgramKey) {
  EXPECT_THAT(
      Problems("title: t\nreference: r\n"),
      ElementsAre("r.yaml:1:1: error: programme key \"title\" needs "
                  "\"program:\" naming the programme in the same file; found "
                  "no \"program:\""));
}

// The diagnostic the parser gives for `text`, placed `column` columns in.
std::string ExprError(absl::string_view place, int column,
                      absl::string_view text) {
  NodeIdAllocator ids;
  ParseOutcome o = ParseExpression(text, ids);
  if (!o.error.has_value()) return "parser accepted the text";
  return absl::StrCat(place, column + o.error->offset,
                      ": error: ", o.error->message);
}

constexpr char kBadExpr[] = "prim_gun >= (600 gun";

TEST(YamlLoaderTest, ExpressionErrorInPlainScalarPointsIntoTheText) {
  EXPECT_THAT(
      Problems(absl::StrCat("program: p\ntitle: t\nreference: r\n"
                            "conditions:\n  - id: c\n    expr: ",
                            kBadExpr, "\n    message: m\n    reference: r\n")),
      ElementsAre(ExprError("r.yaml:6:", 11, kBadExpr)));
}

TEST(YamlLoaderTest, ExpressionErrorInQuotedScalarSkipsTheQuote) {
  EXPECT_THAT(Problems(absl::StrCat("program: p\ntitle: t\nreference: r\n"
                                    "conditions:\n  - id: c\n    expr: \"",
                                    kBadExpr,
                                    "\"\n    message: m\n    reference: r\n")),
              ElementsAre(ExprError("r.yaml:6:", 12, kBadExpr)));
}

TEST(YamlLoaderTest, ExpressionErrorInBlockScalarPointsAtItsStart) {
  NodeIdAllocator ids;
  ParseOutcome o = ParseExpression(absl::StrCat(kBadExpr, "\n"), ids);
  ASSERT_TRUE(o.error.has_value());
  EXPECT_THAT(
      Problems(absl::StrCat("program: p\ntitle: t\nreference: r\n"
                            "conditions:\n  - id: c\n    expr: |\n      ",
                            kBadExpr, "\n    message: m\n    reference: r\n")),
      ElementsAre(absl::StrCat("r.yaml:6:11: error: ", o.error->message)));
}

TEST(YamlLoaderTest, OneDocumentPerFile) {
  EXPECT_THAT(
      Problems("tests: []\n---\ntests: []\n"),
      ElementsAre("r.yaml:2:1: error: expected one YAML document per rule "
                  "file, found a second one"));
}

TEST(YamlLoaderTest, LoadingContinuesAfterABadItem) {
  LoadResult r = LoadOne(R"yaml(parameters:
  bad: {reference: r, values: {2023-01-01: x}}
  good: {reference: r, values: {2023-01-01: 1}}
)yaml");
  EXPECT_EQ(r.diagnostics.size(), 1u);
  ASSERT_EQ(r.rules.parameters.size(), 1u);
  EXPECT_EQ(r.rules.parameters[0].name, "good");
}

TEST(YamlLoaderTest, FileOverFourMebibytesIsRejected) {
  std::string text = "# " + std::string(kMaxFileBytes, 'x') + "\n";
  EXPECT_THAT(
      Problems(text),
      ElementsAre("r.yaml: error: file is 4194307 bytes; at most 4194304 "
                  "bytes (4 MiB) are allowed"));
}

}  // namespace
}  // namespace odenek::internal
