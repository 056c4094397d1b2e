// The YAML tree (yaml_tree.cc): duplicate keys, syntax errors and the limits
// on hostile input, as a rule file meets them.
#include "load/yaml_tree.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "load/yaml_loader.h"
#include "load/yaml_loader_test_util.h"
#include "yaml-cpp/yaml.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(YamlLoaderTest, YamlCppKeepsDuplicateKeysWhenIterating) {
  // The trap the loader guards against: yaml-cpp neither rejects nor merges a
  // duplicate key; both entries survive iteration and node["a"] sees the first.
  YAML::Node n = YAML::Load("a: 1\na: 2\n");
  int entries = 0;
  for (auto it = n.begin(); it != n.end(); ++it) ++entries;
  EXPECT_EQ(entries, 2);
  EXPECT_EQ(n["a"].as<std::string>(), "1");
}

TEST(YamlLoaderTest, DuplicateKeyIsAnError) {
  LoadResult r = LoadOne(R"yaml(parameters:
  x:
    unit: TL
    reference: a
    reference: b
    values: {2023-01-01: 1}
)yaml");
  EXPECT_THAT(
      Formatted(r.diagnostics),
      ElementsAre("r.yaml:5:5: error: duplicate key \"reference\" (first at "
                  "line 4, column 5)"));
}

TEST(YamlLoaderTest, DuplicateDateInValuesIsAnError) {
  EXPECT_THAT(
      Problems(R"yaml(parameters:
  x:
    reference: r
    values:
      2023-01-01: 1
      2023-01-01: 2
)yaml"),
      ElementsAre("r.yaml:6:7: error: duplicate key \"2023-01-01\" (first at "
                  "line 5, column 7)"));
}

TEST(YamlLoaderTest, YamlSyntaxErrorHasItsPosition) {
  EXPECT_THAT(
      Problems("a: 1\nb: [1, 2\nc: 3\n"),
      ElementsAre("r.yaml:3:2: error: invalid YAML: end of sequence flow not "
                  "found; hint: a [ is opened and not closed (or a comma is missing "
                  "between items)"));
}

// Issue #21: parser jargon gets a hint in plain words.
TEST(YamlLoaderTest, YamlSyntaxErrorsSayWhatUsuallyCausesThem) {
  EXPECT_THAT(Problems("program: p\ninputs:\n  a: {type: int}\n\tb: {type: int}\n"),
              ElementsAre(HasSubstr("; hint: line 4 is indented with a tab; YAML indents with "
                                    "spaces only")));
  EXPECT_THAT(Problems("program: p\ninputs:\n  a: {type: int}\n   b: {type: int}\n"),
              ElementsAre(HasSubstr("; hint: check the indentation of line 4 and the lines above "
                                    "it: the keys of one map start in the same column")));
  EXPECT_THAT(Problems("tests: [{name: a, program: p}\n"),
              ElementsAre(HasSubstr("; hint: a [ is opened and not closed")));
}

// ---- Limits
// ----------------------------------------------------------------------

TEST(YamlLoaderTest, AnchorsAndAliasesAreRejected) {
  EXPECT_THAT(
      Problems("a: &x [1, 2]\nb: *x\n"),
      ElementsAre("r.yaml:1:4: error: anchors and aliases are not allowed in "
                  "rule files"));
}

TEST(YamlLoaderTest, NestingDeeperThan64IsRejected) {
  std::string text = "x: " + std::string(70, '[') + std::string(70, ']') + "\n";
  EXPECT_THAT(
      Problems(text),
      ElementsAre("r.yaml:1:67: error: YAML nesting is too deep: at most 64 "
                  "levels of maps and lists are allowed"));
}

TEST(YamlLoaderTest, NestingOf64IsAllowed) {
  // The top map is level 1; 63 lists inside it make 64.
  std::string text = "x: " + std::string(63, '[') + std::string(63, ']') + "\n";
  std::vector<std::string> problems = Problems(text);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("unknown key \"x\""));
}

TEST(YamlLoaderTest, HostileNestingGivesAnErrorNotACrash) {
  std::string text = std::string(1000000, '[') + std::string(1000000, ']');
  std::vector<std::string> problems = Problems(text);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("YAML nesting is too deep"));
}

TEST(YamlLoaderTest, BracketsInQuotesAndCommentsAreNotNesting) {
  const std::string many(2000, '[');
  LoadResult r = LoadOne(absl::StrCat("# ", many, "\nprogram: p\ntitle: \"",
                                      many, "\"\nreference: '", many, "'\n"));
  EXPECT_THAT(Formatted(r.diagnostics), IsEmpty());
  ASSERT_EQ(r.rules.programs.size(), 1u);
  EXPECT_EQ(r.rules.programs[0].title, many);
}

TEST(YamlLoaderTest, MoreThan100000NodesIsRejected) {
  std::string text = "x: [0";
  for (int i = 0; i < kMaxNodesPerFile; ++i) text += ",0";
  text += "]\n";
  std::vector<std::string> problems = Problems(text);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0],
              HasSubstr("error: too many YAML nodes: at most 100000"));
}

}  // namespace
}  // namespace odenek::internal
