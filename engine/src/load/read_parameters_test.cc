// The rule-file reader's `parameters:` (read_parameters.cc): numbers, sets and
// scales by date, and the mistakes a parameter can be written with.
#include "load/rule_file_reader.h"

#include <string>
#include <variant>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "load/yaml_loader.h"
#include "load/yaml_loader_test_util.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(YamlLoaderTest, NumberParameterKeepsValuesReferencesAndPlaces) {
  LoadResult r = LoadComplete();
  ASSERT_GE(r.rules.parameters.size(), 1u);
  const ParameterDef& p = r.rules.parameters[0];
  EXPECT_EQ(p.name, "asgari_ucret.brut");
  EXPECT_EQ(p.kind, ParameterKind::kNumber);
  EXPECT_EQ(p.unit, "TL");
  EXPECT_EQ(p.description, "Aylık brüt asgari ücret");
  EXPECT_EQ(p.reference, "4857 s.K. m.39");
  EXPECT_EQ(p.location.ToString(), "parametreler/p.yaml:2:3");
  ASSERT_EQ(p.values.size(), 2u);
  EXPECT_EQ(p.values[0].from, Day("2023-01-01"));
  EXPECT_EQ(std::get<Decimal>(p.values[0].value), Dec("10008"));
  EXPECT_EQ(p.values[0].reference, "");
  EXPECT_EQ(p.values[0].location.ToString(), "parametreler/p.yaml:7:7");
  EXPECT_EQ(p.values[1].from, Day("2023-07-01"));
  EXPECT_EQ(std::get<Decimal>(p.values[1].value), Dec("13414.5"));
  EXPECT_EQ(p.values[1].reference, "RG 08.07.2023/32241");
}

TEST(YamlLoaderTest, KnownUntilIsReadAndChecked) {
  const std::string head =
      "parameters:\n"
      "  asgari_ucret.brut:\n"
      "    unit: TL\n"
      "    reference: m.39\n";
  const std::string values =
      "    values:\n"
      "      2026-01-01: 33030.00\n";
  LoadResult ok = LoadOne(head + "    known_until: 2026-12-31\n" + values);
  EXPECT_TRUE(ok.diagnostics.empty()) << Formatted(ok.diagnostics)[0];
  ASSERT_EQ(ok.rules.parameters.size(), 1u);
  EXPECT_EQ(ok.rules.parameters[0].known_until, Day("2026-12-31"));
  // Before the last value, or after the end: the history contradicts itself.
  EXPECT_THAT(Problems(head + "    known_until: 2025-12-31\n" + values),
              ElementsAre(HasSubstr("r.yaml:5:18: error: known_until of parameter "
                                    "\"asgari_ucret.brut\" is before its last value's date "
                                    "(2026-01-01)")));
  EXPECT_THAT(Problems(head + "    known_until: 2027-12-31\n    end: 2027-06-30\n" + values),
              ElementsAre(HasSubstr("is after its end (2027-06-30)")));
}

TEST(YamlLoaderTest, NumberLiteralsAreExactNotDouble) {
  // 9223372036854.775807 has no exact double; it must arrive digit for digit.
  LoadResult r = LoadComplete();
  ASSERT_EQ(r.rules.parameters.size(), 4u);
  const ParameterDef& p = r.rules.parameters[3];
  EXPECT_EQ(p.unit, "TL/gun");  // kept as written
  ASSERT_EQ(p.values.size(), 1u);
  EXPECT_EQ(std::get<Decimal>(p.values[0].value), Decimal::Max());
}

TEST(YamlLoaderTest, SetParameterIsSortedNumbersAndStrings) {
  LoadResult r = LoadComplete();
  ASSERT_GE(r.rules.parameters.size(), 2u);
  const ParameterDef& p = r.rules.parameters[1];
  EXPECT_EQ(p.kind, ParameterKind::kSet);
  EXPECT_EQ(p.unit, "");
  ASSERT_EQ(p.values.size(), 1u);
  const ValueSet& set = std::get<ValueSet>(p.values[0].value);
  EXPECT_THAT(set.numbers, ElementsAre(Dec("4"), Dec("5"), Dec("15")));
  EXPECT_THAT(set.strings, ElementsAre("A1"));
}

TEST(YamlLoaderTest, ScaleParameterHasBracketsTopRateAndEnd) {
  LoadResult r = LoadComplete();
  ASSERT_GE(r.rules.parameters.size(), 3u);
  const ParameterDef& p = r.rules.parameters[2];
  EXPECT_EQ(p.kind, ParameterKind::kScale);
  ASSERT_TRUE(p.end.has_value());
  EXPECT_EQ(*p.end, Day("2023-12-31"));
  ASSERT_EQ(p.values.size(), 1u);
  const Scale& scale = std::get<Scale>(p.values[0].value);
  ASSERT_EQ(scale.brackets.size(), 2u);
  EXPECT_EQ(scale.brackets[0].upto, Dec("70000"));
  EXPECT_EQ(scale.brackets[0].rate, Dec("0.15"));
  EXPECT_EQ(scale.brackets[1].upto, Dec("150000"));
  EXPECT_EQ(scale.brackets[1].rate, Dec("0.2"));
  EXPECT_EQ(scale.top_rate, Dec("0.4"));
}

// ---- Strictness
// -------------------------------------------------------------------

TEST(YamlLoaderTest, ValuesOutOfDateOrderAreAnError) {
  EXPECT_THAT(
      Problems(R"yaml(parameters:
  x:
    reference: r
    values:
      2023-07-01: 1
      2023-01-01: 2
)yaml"),
      ElementsAre("r.yaml:6:7: error: values of parameter \"x\" must be in "
                  "ascending date order; \"2023-01-01\" comes after a later "
                  "date (line 5)"));
}

TEST(YamlLoaderTest, TextWhereMapExpectedForParameter) {
  EXPECT_THAT(
      Problems("parameters:\n  x: 1\n"),
      ElementsAre("r.yaml:2:6: error: expected a map for parameter \"x\", "
                  "found the text \"1\""));
}

TEST(YamlLoaderTest, BadDateInParameterValues) {
  EXPECT_THAT(
      Problems(R"yaml(parameters:
  x:
    reference: r
    values:
      2023-02-30: 1
)yaml"),
      ElementsAre("r.yaml:5:7: error: expected a date YYYY-MM-DD for a value "
                  "of parameter \"x\", found \"2023-02-30\""));
}

TEST(YamlLoaderTest, BadDecimalInParameterValues) {
  EXPECT_THAT(
      Problems(R"yaml(parameters:
  x:
    reference: r
    values:
      2023-01-01: 1.0000001
)yaml"),
      ElementsAre("r.yaml:5:19: error: expected a decimal number (at most 6 "
                  "places) for a value of parameter \"x\", found the text "
                  "\"1.0000001\""));
}

TEST(YamlLoaderTest, BadParameterType) {
  EXPECT_THAT(
      Problems(R"yaml(parameters:
  x:
    type: sett
    reference: r
    values: {2023-01-01: [1]}
)yaml"),
      ElementsAre("r.yaml:3:11: error: expected one of number, set, scale for "
                  "parameter type, found \"sett\""));
}

TEST(YamlLoaderTest, ParameterMissingValuesAndReference) {
  EXPECT_THAT(
      Problems("parameters:\n  x:\n    unit: TL\n"),
      ElementsAre("r.yaml:3:5: error: missing required key \"values\" in "
                  "parameter \"x\"",
                  "r.yaml:3:5: error: missing required key \"reference\" in "
                  "parameter \"x\""));
}

}  // namespace
}  // namespace odenek::internal
