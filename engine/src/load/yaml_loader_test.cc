#include "load/yaml_loader.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ast/parser.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "load/sha256.h"
#include "tests/testing/status_matchers.h"
#include "yaml-cpp/yaml.h"

namespace odenek::internal {
namespace {

using ::odenek::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Formatted(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics) out.push_back(FormatDiagnostic(d));
  return out;
}

LoadResult LoadOne(const std::string& text,
                   const std::string& name = "r.yaml") {
  NodeIdAllocator ids;
  return LoadRuleTexts({{name, text}}, ids);
}

std::vector<std::string> Problems(const std::string& text) {
  return Formatted(LoadOne(text).diagnostics);
}

Decimal Dec(absl::string_view text) { return Decimal::Parse(text).value(); }
Date Day(absl::string_view text) { return Date::Parse(text).value(); }

// ---- A complete small rule set
// ----------------------------------------------------

constexpr char kParameters[] = R"yaml(parameters:
  asgari_ucret.brut:
    description: Aylık brüt asgari ücret
    unit: TL
    reference: 4857 s.K. m.39
    values:
      2023-01-01: 10008.00
      2023-07-01: {value: 13414.50, reference: RG 08.07.2023/32241}
  fesih_kodlari.issizlik:
    type: set
    reference: 4447 m.51
    values:
      2008-01-01: [15, 4, 5, "A1"]
  gelir_vergisi.tarife:
    type: scale
    unit: TL
    reference: 193 s.K. m.103
    end: 2023-12-31
    values:
      2023-01-01:
        brackets: [{upto: 70000, rate: 0.15}, {upto: 150000, rate: 0.20}]
        top_rate: 0.40
  gunluk_tavan:
    unit: TL/gun
    reference: 4447 m.50
    values:
      2023-01-01: 9223372036854.775807
)yaml";

constexpr char kProgram[] = R"yaml(program: issizlik_odenegi
title: İşsizlik ödeneği
reference: 4447 s.K. m.46-51
# validity (valid_from/valid_to/valid_on) is tested in tests/engine/validity_test.cc
inputs:
  fesih_tarihi: {type: date, description: Hizmet akdinin sona erdiği tarih}
  prim_gun_3_yil: {type: gun, min: 0, max: 1080}
  primler:
    type: list
    key: ay
    fields: {ay: month, gun: gun, kazanc: money}
  sozlesmeler:
    type: list
    span: [baslangic, bitis]
    fields: {baslangic: date, bitis: date}
variables:
  hak_suresi:
    table:
      input: prim_gun_3_yil
      rows:
        - {when: "[600, 900)", then: 180 gun}
        - {when: "(900, 1080]", then: 240 gun}
        - {when: "[1080, )", then: 300 gun}
      default: 0 gun
    reference: 4447 m.50/2
  gunluk_brut:
    expr: min(ortalama, tavan)
    exceptions:
      - when: engelli
        expr: tavan
        reference: ornek m.1
    reference: 4447 m.50/1
conditions:
  - id: prim_600_gun
    expr: prim_gun_3_yil >= 600 gun
    message: Son 3 yılda en az 600 gün prim gerekir
    reference: 4447 m.51/1
outputs: [hak_suresi, gunluk_brut]
)yaml";

constexpr char kTests[] = R"yaml(tests:
  - name: asgari_ucretli
    program: issizlik_odenegi
    description: İŞKUR örneği
    date: 2023-03-31
    input:
      fesih_tarihi: 2023-03-31
      primler: [{ay: 2023-01, kazanc: "10008.00"}]
    expect:
      status: eligible
      values: {hak_suresi: 180, gunluk_brut: "133.44"}
      failed: []
      missing: [prim_gun_3_yil]
)yaml";

LoadResult LoadComplete() {
  NodeIdAllocator ids;
  return LoadRuleTexts({{"issizlik/tests/t.yaml", kTests},
                        {"parametreler/p.yaml", kParameters},
                        {"issizlik/program.yaml", kProgram}},
                       ids);
}

TEST(YamlLoaderTest, CompleteRuleSetHasNoDiagnostics) {
  LoadResult r = LoadComplete();
  EXPECT_THAT(Formatted(r.diagnostics), IsEmpty());
  EXPECT_EQ(r.rules.parameters.size(), 4u);
  EXPECT_EQ(r.rules.programs.size(), 1u);
  EXPECT_EQ(r.rules.tests.size(), 1u);
}

TEST(YamlLoaderTest, FilesAreListedInSortedOrder) {
  LoadResult r = LoadComplete();
  EXPECT_THAT(r.rules.files,
              ElementsAre("issizlik/program.yaml", "issizlik/tests/t.yaml",
                          "parametreler/p.yaml"));
}

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

TEST(YamlLoaderTest, ProgrammeHeaderFields) {
  LoadResult r = LoadComplete();
  ASSERT_EQ(r.rules.programs.size(), 1u);
  const ProgramDef& p = r.rules.programs[0];
  EXPECT_EQ(p.id, "issizlik_odenegi");
  EXPECT_EQ(p.title, "İşsizlik ödeneği");
  EXPECT_EQ(p.reference, "4447 s.K. m.46-51");
  EXPECT_FALSE(p.valid_from.has_value());
  EXPECT_FALSE(p.valid_to.has_value());
  EXPECT_EQ(p.location.ToString(), "issizlik/program.yaml:1:1");
  EXPECT_THAT(p.outputs, ElementsAre("hak_suresi", "gunluk_brut"));
}

TEST(YamlLoaderTest, ProgrammeInputsWithListKeyAndSpan) {
  LoadResult r = LoadComplete();
  ASSERT_EQ(r.rules.programs.size(), 1u);
  const std::vector<InputDef>& in = r.rules.programs[0].inputs;
  ASSERT_EQ(in.size(), 4u);
  EXPECT_EQ(in[0].name, "fesih_tarihi");
  EXPECT_EQ(in[0].type, "date");
  EXPECT_EQ(in[0].description, "Hizmet akdinin sona erdiği tarih");
  EXPECT_EQ(in[0].location.ToString(), "issizlik/program.yaml:6:3");
  EXPECT_EQ(in[1].min, Dec("0"));
  EXPECT_EQ(in[1].max, Dec("1080"));
  EXPECT_EQ(in[2].type, "list");
  EXPECT_EQ(in[2].key, "ay");
  ASSERT_EQ(in[2].fields.size(), 3u);
  EXPECT_EQ(in[2].fields[0].name, "ay");
  EXPECT_EQ(in[2].fields[0].type, "month");
  EXPECT_EQ(in[2].fields[2].name, "kazanc");
  EXPECT_EQ(in[2].fields[2].type, "money");
  EXPECT_FALSE(in[2].span.has_value());
  ASSERT_TRUE(in[3].span.has_value());
  EXPECT_EQ(in[3].span->first, "baslangic");
  EXPECT_EQ(in[3].span->second, "bitis");
}

TEST(YamlLoaderTest, TableVariableHasIntervalsAndDefault) {
  LoadResult r = LoadComplete();
  ASSERT_EQ(r.rules.programs.size(), 1u);
  ASSERT_EQ(r.rules.programs[0].variables.size(), 2u);
  const VariableDef& v = r.rules.programs[0].variables[0];
  EXPECT_EQ(v.name, "hak_suresi");
  EXPECT_EQ(v.reference, "4447 m.50/2");
  EXPECT_FALSE(v.expr.has_value());
  ASSERT_TRUE(v.table.has_value());
  EXPECT_EQ(v.table->input.text, "prim_gun_3_yil");
  EXPECT_EQ(v.table->input.location.ToString(), "issizlik/program.yaml:19:14");
  ASSERT_NE(v.table->input.expr, nullptr);
  ASSERT_EQ(v.table->rows.size(), 3u);
  const Interval& a = v.table->rows[0].when;
  EXPECT_EQ(a.lo, Dec("600"));
  EXPECT_TRUE(a.lo_inclusive);
  EXPECT_EQ(a.hi, Dec("900"));
  EXPECT_FALSE(a.hi_inclusive);
  EXPECT_EQ(a.text, "[600, 900)");
  const Interval& b = v.table->rows[1].when;
  EXPECT_FALSE(b.lo_inclusive);
  EXPECT_TRUE(b.hi_inclusive);
  const Interval& c = v.table->rows[2].when;
  EXPECT_EQ(c.lo, Dec("1080"));
  EXPECT_FALSE(c.hi.has_value());
  EXPECT_EQ(v.table->rows[0].then.text, "180 gun");
  // `then: 180 gun` is a plain scalar at column 38 of line 21.
  EXPECT_EQ(v.table->rows[0].then.location.ToString(),
            "issizlik/program.yaml:21:38");
  EXPECT_EQ(v.table->rows[0].location.ToString(),
            "issizlik/program.yaml:21:11");
  ASSERT_TRUE(v.table->default_value.has_value());
  EXPECT_EQ(v.table->default_value->text, "0 gun");
}

TEST(YamlLoaderTest, IntervalWithOpenLowerBound) {
  LoadResult r = LoadOne(R"yaml(program: p
title: t
reference: r
variables:
  v:
    table:
      input: x
      rows:
        - {when: "(, 600)", then: 1}
    reference: r
)yaml");
  ASSERT_THAT(Formatted(r.diagnostics), IsEmpty());
  const Interval& i = r.rules.programs[0].variables[0].table->rows[0].when;
  EXPECT_FALSE(i.lo.has_value());
  EXPECT_EQ(i.hi, Dec("600"));
  EXPECT_FALSE(i.hi_inclusive);
}

TEST(YamlLoaderTest, ExprVariableWithExceptions) {
  LoadResult r = LoadComplete();
  ASSERT_EQ(r.rules.programs.size(), 1u);
  ASSERT_EQ(r.rules.programs[0].variables.size(), 2u);
  const VariableDef& v = r.rules.programs[0].variables[1];
  EXPECT_EQ(v.name, "gunluk_brut");
  ASSERT_TRUE(v.expr.has_value());
  EXPECT_EQ(v.expr->text, "min(ortalama, tavan)");
  EXPECT_EQ(v.expr->location.ToString(), "issizlik/program.yaml:27:11");
  ASSERT_NE(v.expr->expr, nullptr);
  EXPECT_TRUE(std::holds_alternative<Call>(v.expr->expr->kind));
  ASSERT_EQ(v.exceptions.size(), 1u);
  EXPECT_EQ(v.exceptions[0].when.text, "engelli");
  EXPECT_EQ(v.exceptions[0].expr.text, "tavan");
  EXPECT_EQ(v.exceptions[0].reference, "ornek m.1");
  EXPECT_EQ(v.exceptions[0].location.ToString(), "issizlik/program.yaml:29:9");
}

TEST(YamlLoaderTest, ConditionFieldsAndLocations) {
  LoadResult r = LoadComplete();
  ASSERT_EQ(r.rules.programs.size(), 1u);
  ASSERT_EQ(r.rules.programs[0].conditions.size(), 1u);
  const ConditionDef& c = r.rules.programs[0].conditions[0];
  EXPECT_EQ(c.id, "prim_600_gun");
  EXPECT_EQ(c.expr.text, "prim_gun_3_yil >= 600 gun");
  EXPECT_EQ(c.expr.location.ToString(), "issizlik/program.yaml:35:11");
  EXPECT_TRUE(std::holds_alternative<Binary>(c.expr.expr->kind));
  EXPECT_EQ(c.message, "Son 3 yılda en az 600 gün prim gerekir");
  EXPECT_EQ(c.reference, "4447 m.51/1");
  EXPECT_EQ(c.location.ToString(), "issizlik/program.yaml:34:5");
}

TEST(YamlLoaderTest, ExpressionNodeIdsAreUniqueAcrossFiles) {
  LoadResult r = LoadComplete();
  ASSERT_EQ(r.rules.programs.size(), 1u);
  const ProgramDef& p = r.rules.programs[0];
  EXPECT_NE(p.conditions[0].expr.expr->id, p.variables[1].expr->expr->id);
  EXPECT_NE(p.variables[0].table->input.expr->id,
            p.variables[1].expr->expr->id);
}

TEST(YamlLoaderTest, TestCaseFieldsAndClaimInput) {
  LoadResult r = LoadComplete();
  ASSERT_EQ(r.rules.tests.size(), 1u);
  const TestCaseDef& t = r.rules.tests[0];
  EXPECT_EQ(t.name, "asgari_ucretli");
  EXPECT_EQ(t.program, "issizlik_odenegi");
  EXPECT_EQ(t.description, "İŞKUR örneği");
  EXPECT_EQ(t.date, Day("2023-03-31"));
  EXPECT_EQ(t.location.ToString(), "issizlik/tests/t.yaml:2:5");
  ASSERT_EQ(t.input.kind, ClaimValue::Kind::kObject);
  ASSERT_EQ(t.input.object.size(), 2u);
  EXPECT_EQ(t.input.object[0].first, "fesih_tarihi");
  EXPECT_EQ(t.input.object[0].second.scalar, "2023-03-31");
  EXPECT_EQ(t.input.object[0].second.location.ToString(),
            "issizlik/tests/t.yaml:7:21");
  const ClaimValue& primler = t.input.object[1].second;
  ASSERT_EQ(primler.kind, ClaimValue::Kind::kList);
  ASSERT_EQ(primler.list.size(), 1u);
  EXPECT_EQ(primler.list[0].object[1].second.scalar, "10008.00");
  EXPECT_TRUE(primler.list[0].object[1].second.quoted);
  EXPECT_EQ(t.expect_status, "eligible");
  EXPECT_THAT(
      t.expect_values,
      ElementsAre(
          std::make_pair(std::string("hak_suresi"), std::string("180")),
          std::make_pair(std::string("gunluk_brut"), std::string("133.44"))));
  ASSERT_TRUE(t.expect_failed.has_value());
  EXPECT_THAT(*t.expect_failed, IsEmpty());
  ASSERT_TRUE(t.expect_missing.has_value());
  EXPECT_THAT(*t.expect_missing, ElementsAre("prim_gun_3_yil"));
}

// ---- Content hash
// ---------------------------------------------------------------

TEST(YamlLoaderTest, ContentHashCoversNamesAndBytesInSortedOrder) {
  NodeIdAllocator ids;
  LoadResult r = LoadRuleTexts({{"b.yaml", "# b\n"}, {"a.yaml", "# a\n"}}, ids);
  const std::string nul(1, '\0');
  EXPECT_EQ(
      r.rules.content_hash,
      "sha256:" + Sha256Hex(absl::StrCat("a.yaml", nul, "4", nul, "# a\n",
                                         "b.yaml", nul, "4", nul, "# b\n")));
}

TEST(YamlLoaderTest, TestCaseFilesAreLoadedButNotHashed) {
  NodeIdAllocator ids;
  const std::string rules = "# rules\n";
  LoadResult without = LoadRuleTexts({{"a.yaml", rules}}, ids);
  LoadResult with = LoadRuleTexts(
      {{"a.yaml", rules}, {"p/tests/t.yaml",
        "tests:\n  - {name: t, program: p, input: {}, expect: {status: eligible}}\n"}},
      ids);
  EXPECT_EQ(with.rules.content_hash, without.rules.content_hash);
  EXPECT_EQ(with.rules.tests.size(), 1u);
}

TEST(YamlLoaderTest, ContentHashChangesWithOneByte) {
  EXPECT_NE(LoadOne("# x\n").rules.content_hash,
            LoadOne("# y\n").rules.content_hash);
}

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

TEST(YamlLoaderTest, ProgrammeFileWithoutProgramKey) {
  EXPECT_THAT(
      Problems("title: t\nreference: r\n"),
      ElementsAre("r.yaml:1:1: error: programme key \"title\" needs "
                  "\"program:\" naming the programme in the same file; found "
                  "no \"program:\""));
}

TEST(YamlLoaderTest, ProgrammeMissingTitleAndReference) {
  EXPECT_THAT(
      Problems("program: p\noutputs: []\n"),
      ElementsAre("r.yaml:1:1: error: missing required key \"title\" in "
                  "programme \"p\"",
                  "r.yaml:1:1: error: missing required key \"reference\" in "
                  "programme \"p\""));
}

TEST(YamlLoaderTest, VariableNeedsExprOrTable) {
  EXPECT_THAT(
      Problems(R"yaml(program: p
title: t
reference: r
variables:
  v: {reference: r}
)yaml"),
      ElementsAre("r.yaml:5:6: error: variable \"v\" needs exactly one of "
                  "expr, table; found neither"));
}

TEST(YamlLoaderTest, VariableWithBothExprAndTable) {
  EXPECT_THAT(
      Problems(R"yaml(program: p
title: t
reference: r
variables:
  v:
    expr: 1
    table: {input: x, rows: []}
    reference: r
)yaml"),
      ElementsAre("r.yaml:6:5: error: variable \"v\" needs exactly one of "
                  "expr, table; found both"));
}

TEST(YamlLoaderTest, MalformedInterval) {
  EXPECT_THAT(
      Problems(R"yaml(program: p
title: t
reference: r
variables:
  v:
    table:
      input: x
      rows:
        - {when: "[600 900)", then: 1}
    reference: r
)yaml"),
      ElementsAre("r.yaml:9:18: error: expected an interval like \"[600, "
                  "900)\", \"(0, 10]\", \"[1080, )\" or \"(, 600)\", found "
                  "\"[600 900)\""));
}

TEST(YamlLoaderTest, BadIntervalBound) {
  EXPECT_THAT(
      Problems(R"yaml(program: p
title: t
reference: r
variables:
  v:
    table:
      input: x
      rows:
        - {when: "[6x0, 900)", then: 1}
    reference: r
)yaml"),
      ElementsAre("r.yaml:9:18: error: bad bound \"6x0\" in interval \"[6x0, "
                  "900)\": expected a decimal number (at most 6 places)"));
}

TEST(YamlLoaderTest, EmptyInterval) {
  EXPECT_THAT(
      Problems(R"yaml(program: p
title: t
reference: r
variables:
  v:
    table:
      input: x
      rows:
        - {when: "[900, 600)", then: 1}
    reference: r
)yaml"),
      ElementsAre("r.yaml:9:18: error: empty interval \"[900, 600)\": the "
                  "lower bound must be below the upper bound"));
}

TEST(YamlLoaderTest, UnquotedIntervalIsAList) {
  EXPECT_THAT(
      Problems(R"yaml(program: p
title: t
reference: r
variables:
  v:
    table:
      input: x
      rows:
        - {when: [600, 900], then: 1}
    reference: r
)yaml"),
      ElementsAre(
          "r.yaml:9:18: error: expected an interval like \"[600, "
          "900)\", \"(0, 10]\", \"[1080, )\" or \"(, 600)\" (quoted) for "
          "a table row's when, found a list"));
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

TEST(YamlLoaderTest, SameParameterInTwoFiles) {
  NodeIdAllocator ids;
  const char* text =
      "parameters:\n  x: {reference: r, values: {2023-01-01: 1}}\n";
  LoadResult r = LoadRuleTexts({{"a.yaml", text}, {"b.yaml", text}}, ids);
  EXPECT_THAT(
      Formatted(r.diagnostics),
      ElementsAre("b.yaml:2:3: error: parameter \"x\" is already defined at "
                  "a.yaml:2:3"));
}

// ---- Limits
// ----------------------------------------------------------------------

TEST(YamlLoaderTest, AnchorsAndAliasesAreRejected) {
  EXPECT_THAT(
      Problems("a: &x [1, 2]\nb: *x\n"),
      ElementsAre("r.yaml:1:4: error: anchors and aliases are not allowed in "
                  "rule files"));
}

TEST(YamlLoaderTest, FileOverFourMebibytesIsRejected) {
  std::string text = "# " + std::string(kMaxFileBytes, 'x') + "\n";
  EXPECT_THAT(
      Problems(text),
      ElementsAre("r.yaml: error: file is 4194307 bytes; at most 4194304 "
                  "bytes (4 MiB) are allowed"));
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

// ---- Directories
// -------------------------------------------------------------------

TEST(YamlLoaderTest, MissingDirectoryIsNotFound) {
  NodeIdAllocator ids;
  EXPECT_THAT(LoadRuleDirectory("/nonexistent/odenek/rules", ids),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent")));
}

TEST(YamlLoaderTest, FileIsNotADirectory) {
  const std::string path =
      ::testing::TempDir() + "/odenek_loader_plain_file.yaml";
  std::ofstream(path) << "# x\n";
  NodeIdAllocator ids;
  EXPECT_THAT(LoadRuleDirectory(path, ids),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(path)));
}

// A fresh, empty folder under the test's temp dir.
std::filesystem::path EmptyDir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(YamlLoaderTest, RuleFilesUpToTheCountLimitLoad) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_many_ok");
  for (int i = 0; i < kMaxRuleFiles; ++i) {
    std::ofstream(dir / absl::StrCat("p", i, ".yaml")) << "# empty\n";
  }
  std::ofstream(dir / "notes.txt") << "not a rule file\n";  // not counted
  NodeIdAllocator ids;
  ASSERT_OK_AND_ASSIGN(LoadResult r, LoadRuleDirectory(dir.string(), ids));
  EXPECT_EQ(r.rules.files.size(), static_cast<size_t>(kMaxRuleFiles));
}

TEST(YamlLoaderTest, MoreRuleFilesThanTheLimitIsAnError) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_many");
  std::filesystem::create_directories(dir / "sub");
  for (int i = 0; i <= kMaxRuleFiles; ++i) {
    std::ofstream(dir / (i % 2 ? "sub" : ".") / absl::StrCat("p", i, ".yml"))
        << "# empty\n";
  }
  NodeIdAllocator ids;
  EXPECT_THAT(
      LoadRuleDirectory(dir.string(), ids),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr(absl::StrCat("rule directory ", dir.string(),
                                            " holds more than 1000 rule files")),
                     HasSubstr("at most 1000 are allowed"))));
}

// ---- Nothing in a rule folder is skipped silently (issue #14).

constexpr char kMinimalProgram[] =
    "program: deneme\ntitle: Deneme\nreference: Deneme K. m.1\n"
    "inputs:\n  x: {type: gun}\n"
    "conditions:\n  - id: c\n    expr: x > 0 gun\n    message: m\n    reference: Deneme K. m.2\n";

// The error diagnostics of loading `dir`, formatted.
std::vector<std::string> LoadErrors(const std::filesystem::path& dir) {
  NodeIdAllocator ids;
  absl::StatusOr<LoadResult> r = LoadRuleDirectory(dir.string(), ids);
  std::vector<std::string> out;
  if (!r.ok()) return {std::string(r.status().message())};
  for (const Diagnostic& d : r->diagnostics) {
    if (d.severity == Severity::kError) out.push_back(FormatDiagnostic(d));
  }
  return out;
}

TEST(YamlLoaderTest, AFolderWithAProgrammeLoadsWithoutErrors) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_one_program");
  std::ofstream(dir / "program.yaml") << kMinimalProgram;
  EXPECT_THAT(LoadErrors(dir), ::testing::IsEmpty());
}

TEST(YamlLoaderTest, AFolderWithoutAProgrammeIsAnError) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_no_program");
  std::ofstream(dir / "parametreler.yaml")
      << "parameters:\n  a.b:\n    unit: oran\n    reference: R\n    values:\n"
         "      2020-01-01: 0.5\n";
  EXPECT_THAT(LoadErrors(dir),
              ElementsAre(HasSubstr("defines no programme (no rule file with `program:`)")));
  EXPECT_THAT(LoadErrors(EmptyDir("odenek_loader_empty")),
              ElementsAre(HasSubstr("defines no programme")));
}

TEST(YamlLoaderTest, ASymlinkedProgrammeFolderIsAnErrorNamingIt) {
  const std::filesystem::path real = EmptyDir("odenek_loader_link_target");
  std::ofstream(real / "program.yaml") << kMinimalProgram;
  const std::filesystem::path dir = EmptyDir("odenek_loader_link");
  std::ofstream(dir / "program.yaml") << kMinimalProgram;
  std::filesystem::create_directory_symlink(real, dir / "baska");
  EXPECT_THAT(LoadErrors(dir),
              ElementsAre(AllOf(HasSubstr((dir / "baska").string() + ": error:"),
                                HasSubstr("a symbolic link inside the rule folder"))));
}

TEST(YamlLoaderTest, ADanglingOrLoopingSymlinkIsAnErrorNamingIt) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_dangling");
  std::ofstream(dir / "program.yaml") << kMinimalProgram;
  std::filesystem::create_symlink(dir / "yok.yaml", dir / "x.yaml");
  std::filesystem::create_directory_symlink(dir, dir / "loop");
  EXPECT_THAT(LoadErrors(dir),
              UnorderedElementsAre(HasSubstr((dir / "x.yaml").string() + ": error: a symbolic link"),
                                   HasSubstr((dir / "loop").string() + ": error: a symbolic link")));
}

TEST(YamlLoaderTest, ARuleFileThatIsAPipeIsAnErrorAndIsNotOpened) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_fifo");
  std::ofstream(dir / "program.yaml") << kMinimalProgram;
  ASSERT_EQ(mkfifo((dir / "boru.yaml").c_str(), 0644), 0);
  // Opening the pipe would wait for a writer forever: the test would hang.
  EXPECT_THAT(LoadErrors(dir),
              ElementsAre(AllOf(HasSubstr((dir / "boru.yaml").string()),
                                HasSubstr("must be a regular file; this is a named pipe"))));
  EXPECT_THAT(ReadRuleFile((dir / "boru.yaml").string(), "boru.yaml"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("boru.yaml is a named pipe (FIFO), not a regular file")));
}

// root reads everything, so as root the load runs in a child process that
// has become `nobody` (uid 65534) first.
TEST(YamlLoaderTest, AnUnreadableFolderOrFileIsAnErrorNamingIt) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_unreadable");
  std::ofstream(dir / "program.yaml") << kMinimalProgram;
  std::filesystem::create_directory(dir / "kapali");
  std::ofstream(dir / "kapali" / "p.yaml") << "# x\n";
  std::ofstream(dir / "gizli.yaml") << "# x\n";
  std::filesystem::permissions(dir / "kapali", std::filesystem::perms::none);
  std::filesystem::permissions(dir / "gizli.yaml", std::filesystem::perms::none);
  const auto expected = UnorderedElementsAre(
      HasSubstr("cannot list the rule folder " + (dir / "kapali").string() +
                ": Permission denied"),
      HasSubstr("cannot read " + (dir / "gizli.yaml").string() + ": Permission denied"));
  if (geteuid() != 0) {
    EXPECT_THAT(LoadErrors(dir), expected);
  } else {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      if (setgid(65534) != 0 || setuid(65534) != 0) _exit(2);
      _exit(::testing::Matches(expected)(LoadErrors(dir)) ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 2) GTEST_SKIP() << "cannot become uid 65534";
    EXPECT_EQ(WEXITSTATUS(status), 0) << "the errors did not name the folder and the file";
  }
  std::filesystem::permissions(dir / "kapali", std::filesystem::perms::owner_all);
}

TEST(YamlLoaderTest, RuleFilesOverTheTotalSizeLimitAreAnError) {
  // Nine files of 4 MiB each (sparse: the limit is checked before reading)
  // are 36 MiB, each under the per-file limit, together over 32 MiB.
  const std::filesystem::path dir = EmptyDir("odenek_loader_big");
  for (int i = 0; i < 9; ++i) {
    const std::filesystem::path file = dir / absl::StrCat("p", i, ".yaml");
    std::ofstream(file) << "# big\n";
    std::filesystem::resize_file(file, kMaxFileBytes);
  }
  NodeIdAllocator ids;
  EXPECT_THAT(
      LoadRuleDirectory(dir.string(), ids),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr(absl::StrCat("rule directory ", dir.string(),
                                            ": its rule files")),
                     HasSubstr("more than 33554432 bytes (32 MiB)"))));
}

TEST(YamlLoaderTest, OneOversizedFileIsADiagnosticNotTheSetLimit) {
  // A single file over 4 MiB (even over 32 MiB) is not read, so it does not
  // count towards the set: it gets its own diagnostic.
  const std::filesystem::path dir = EmptyDir("odenek_loader_huge_file");
  const std::filesystem::path file = dir / "huge.yaml";
  std::ofstream(file) << "# huge\n";
  std::filesystem::resize_file(file, kMaxRuleSetBytes + 1);
  NodeIdAllocator ids;
  ASSERT_OK_AND_ASSIGN(LoadResult r, LoadRuleDirectory(dir.string(), ids));
  EXPECT_THAT(Formatted(r.diagnostics),
              ElementsAre(HasSubstr("huge.yaml: error: file is 33554433 bytes")));
}

TEST(YamlLoaderTest, DirectoryIsReadRecursivelyAndHashedLikeTexts) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(::testing::TempDir()) / "odenek_loader_dir";
  fs::remove_all(dir);
  fs::create_directories(dir / "prog" / "tests");
  std::ofstream(dir / "prog" / "program.yaml") << kProgram;
  std::ofstream(dir / "prog" / "tests" / "t.yml") << kTests;
  std::ofstream(dir / "params.yaml") << kParameters;
  std::ofstream(dir / "notes.txt") << "not a rule file: [";

  NodeIdAllocator ids;
  ASSERT_OK_AND_ASSIGN(LoadResult r, LoadRuleDirectory(dir.string(), ids));
  EXPECT_THAT(Formatted(r.diagnostics), IsEmpty());
  EXPECT_THAT(r.rules.files, ElementsAre(dir.string() + "/params.yaml",
                                         dir.string() + "/prog/program.yaml",
                                         dir.string() + "/prog/tests/t.yml"));
  EXPECT_EQ(r.rules.programs.size(), 1u);
  EXPECT_EQ(r.rules.tests.size(), 1u);
  EXPECT_EQ(r.rules.parameters.size(), 4u);

  NodeIdAllocator ids2;
  LoadResult same = LoadRuleTexts({{"params.yaml", kParameters},
                                   {"prog/program.yaml", kProgram},
                                   {"prog/tests/t.yml", kTests}},
                                  ids2);
  EXPECT_EQ(r.rules.content_hash, same.rules.content_hash);
  fs::remove_all(dir);
}

TEST(YamlLoaderTest, ReformFilesInTheRuleFolderAreSkipped) {
  NodeIdAllocator ids;
  LoadResult r = LoadRuleTexts(
      {{"reforms/r.yaml", "reform: x\ntitle: t\nparameters: {}\n"}}, ids);
  EXPECT_THAT(Formatted(r.diagnostics), IsEmpty());
  EXPECT_THAT(r.rules.files, ElementsAre("reforms/r.yaml"));
}

// ---- Reforms
// ---------------------------------------------------------------------

constexpr char kReform[] = R"yaml(reform: taban_artisi
title: Oran %50
reference: Taslak, 2026
parameters:
  asgari_ucret.brut:
    values:
      2023-07-01: 15000.00
      2026-01-01: {value: 30000.00, reference: taslak}
programs:
  issizlik_odenegi:
    conditions:
      - id: prim_600_gun
        expr: prim_gun_3_yil >= 450 gun
        message: Son 3 yılda en az 450 gün prim gerekir
        reference: Taslak m.1
      - id: yeni_kosul
        expr: fesih_tarihi >= 2026-01-01
        message: yeni
        reference: Taslak m.2
)yaml";

TEST(YamlLoaderTest, ReformTextLoads) {
  NodeIdAllocator ids;
  std::vector<Diagnostic> diagnostics;
  ReformDef reform = LoadReformText("taban.yaml", kReform, ids, diagnostics);
  EXPECT_THAT(Formatted(diagnostics), IsEmpty());
  EXPECT_EQ(reform.id, "taban_artisi");
  EXPECT_EQ(reform.title, "Oran %50");
  EXPECT_EQ(reform.reference, "Taslak, 2026");
  EXPECT_EQ(reform.content_hash, Sha256Hex(kReform));
  ASSERT_EQ(reform.parameters.size(), 1u);
  EXPECT_EQ(reform.parameters[0].values.size(), 2u);
  ASSERT_EQ(reform.patches.size(), 1u);
  EXPECT_EQ(reform.patches[0].program, "issizlik_odenegi");
  EXPECT_EQ(reform.patches[0].conditions.size(), 2u);
}

TEST(YamlLoaderTest, ApplyReformMergesValuesByDate) {
  LoadResult r = LoadComplete();
  NodeIdAllocator ids;
  std::vector<Diagnostic> diagnostics;
  ReformDef reform = LoadReformText("taban.yaml", kReform, ids, diagnostics);
  ApplyReform(reform, r.rules, diagnostics);
  EXPECT_THAT(Formatted(diagnostics), IsEmpty());
  const ParameterDef& p = r.rules.parameters[0];
  ASSERT_EQ(p.values.size(), 3u);
  EXPECT_EQ(p.values[0].from, Day("2023-01-01"));
  EXPECT_EQ(std::get<Decimal>(p.values[0].value), Dec("10008"));
  EXPECT_EQ(p.values[1].from, Day("2023-07-01"));  // replaced
  EXPECT_EQ(std::get<Decimal>(p.values[1].value), Dec("15000"));
  EXPECT_EQ(p.values[1].location.file, "taban.yaml");
  EXPECT_EQ(p.values[2].from, Day("2026-01-01"));  // added
  EXPECT_EQ(p.values[2].reference, "taslak");
  EXPECT_EQ(p.reference, "4857 s.K. m.39");  // kept
}

TEST(YamlLoaderTest, ApplyReformReplacesAndAddsConditions) {
  LoadResult r = LoadComplete();
  const std::string base_hash = r.rules.content_hash;
  NodeIdAllocator ids;
  std::vector<Diagnostic> diagnostics;
  ReformDef reform = LoadReformText("taban.yaml", kReform, ids, diagnostics);
  ApplyReform(reform, r.rules, diagnostics);
  EXPECT_THAT(Formatted(diagnostics), IsEmpty());
  const std::vector<ConditionDef>& c = r.rules.programs[0].conditions;
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].id, "prim_600_gun");
  EXPECT_EQ(c[0].expr.text, "prim_gun_3_yil >= 450 gun");
  ASSERT_NE(c[0].expr.expr, nullptr);
  EXPECT_EQ(c[0].reference, "Taslak m.1");
  EXPECT_EQ(c[0].location.ToString(), "taban.yaml:12:9");
  EXPECT_EQ(c[1].id, "yeni_kosul");
  EXPECT_NE(r.rules.content_hash, base_hash);
  EXPECT_EQ(r.rules.content_hash,
            "sha256:" + Sha256Hex(absl::StrCat(base_hash, "\nreform\n",
                                               Sha256Hex(kReform))));
}

TEST(YamlLoaderTest, ApplyReformReportsUnknownProgrammeAndParameter) {
  LoadResult r = LoadComplete();
  NodeIdAllocator ids;
  std::vector<Diagnostic> diagnostics;
  ReformDef reform = LoadReformText("x.yaml", R"yaml(reform: x
reference: Taslak
parameters:
  yeni.oran: {values: {2026-01-01: 0.5}}
programs:
  yok: {outputs: [a]}
)yaml",
                                    ids, diagnostics);
  ASSERT_THAT(Formatted(diagnostics), IsEmpty());
  ApplyReform(reform, r.rules, diagnostics);
  EXPECT_THAT(
      Formatted(diagnostics),
      ElementsAre("x.yaml:4:3: error: reform \"x\" sets unknown parameter "
                  "\"yeni.oran\"; a new parameter needs unit and reference",
                  "x.yaml:6:3: error: reform \"x\" changes unknown programme "
                  "\"yok\""));
}

TEST(YamlLoaderTest, ReformParameterKindFollowsValueShape) {
  LoadResult r = LoadComplete();
  NodeIdAllocator ids;
  std::vector<Diagnostic> diagnostics;
  ReformDef reform = LoadReformText("k.yaml", R"yaml(reform: kodlar
reference: Taslak
parameters:
  fesih_kodlari.issizlik: {values: {2026-01-01: [4, 5]}}
)yaml",
                                    ids, diagnostics);
  ApplyReform(reform, r.rules, diagnostics);
  EXPECT_THAT(Formatted(diagnostics), IsEmpty());
  const ParameterDef& p = r.rules.parameters[1];
  ASSERT_EQ(p.values.size(), 2u);
  EXPECT_THAT(std::get<ValueSet>(p.values[1].value).numbers,
              ElementsAre(Dec("4"), Dec("5")));
}

TEST(YamlLoaderTest, ReformFileNotFound) {
  NodeIdAllocator ids;
  std::vector<Diagnostic> diagnostics;
  EXPECT_THAT(LoadReformFile("/nonexistent/reform.yaml", ids, diagnostics),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("reform.yaml")));
}

// ---- Claim documents
// -----------------------------------------------------------------

TEST(YamlLoaderTest, ClaimDocumentFromYaml) {
  ASSERT_OK_AND_ASSIGN(ClaimValue c, ParseClaimDocument(R"yaml(id: k1
fesih_tarihi: 2023-03-31
kazanc: "10008.00"
engelli: ~
primler:
  - {ay: 2023-01, gun: 30}
  - {ay: 2023-02, gun: 28}
)yaml",
                                                        "k1.yaml"));
  ASSERT_EQ(c.kind, ClaimValue::Kind::kObject);
  ASSERT_EQ(c.object.size(), 5u);
  EXPECT_EQ(c.object[0].first, "id");
  EXPECT_EQ(c.object[0].second.scalar, "k1");
  EXPECT_FALSE(c.object[0].second.quoted);
  EXPECT_EQ(c.object[1].second.location.ToString(), "k1.yaml:2:15");
  EXPECT_TRUE(c.object[2].second.quoted);
  EXPECT_EQ(c.object[3].second.kind, ClaimValue::Kind::kNull);
  const ClaimValue& primler = c.object[4].second;
  ASSERT_EQ(primler.kind, ClaimValue::Kind::kList);
  ASSERT_EQ(primler.list.size(), 2u);
  EXPECT_EQ(primler.list[1].object[1].first, "gun");
  EXPECT_EQ(primler.list[1].object[1].second.scalar, "28");
  EXPECT_EQ(primler.list[1].location.ToString(), "k1.yaml:7:5");
}

TEST(YamlLoaderTest, ClaimDocumentFromJsonWithNesting) {
  ASSERT_OK_AND_ASSIGN(
      ClaimValue c,
      ParseClaimDocument(
          R"yaml({"id": "k1", "fesih": {"tarih": "2023-03-31", "kod": 4},
 "primler": [{"ay": "2023-01", "kazanc": 10008.00}, {"ay": "2023-02", "kazanc": null}]})yaml",
          "k1.json"));
  ASSERT_EQ(c.kind, ClaimValue::Kind::kObject);
  ASSERT_EQ(c.object.size(), 3u);
  const ClaimValue& fesih = c.object[1].second;
  ASSERT_EQ(fesih.kind, ClaimValue::Kind::kObject);
  EXPECT_EQ(fesih.object[0].first, "tarih");
  EXPECT_EQ(fesih.object[0].second.scalar, "2023-03-31");
  EXPECT_TRUE(fesih.object[0].second.quoted);
  EXPECT_EQ(fesih.object[1].second.scalar, "4");
  EXPECT_FALSE(fesih.object[1].second.quoted);
  const ClaimValue& primler = c.object[2].second;
  ASSERT_EQ(primler.kind, ClaimValue::Kind::kList);
  ASSERT_EQ(primler.list.size(), 2u);
  EXPECT_EQ(primler.list[0].object[1].second.scalar, "10008.00");  // exact text
  EXPECT_EQ(primler.list[1].object[1].second.kind, ClaimValue::Kind::kNull);
  EXPECT_EQ(primler.list[1].location.ToString(), "k1.json:2:53");
}

TEST(YamlLoaderTest, ClaimDocumentDuplicateKey) {
  EXPECT_THAT(
      ParseClaimDocument(R"yaml({"id": "k1", "kod": 4, "kod": 5})yaml",
                         "c.json"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "c.json:1:24: duplicate key \"kod\" (first at line 1, column "
               "14)"));
}

TEST(YamlLoaderTest, ClaimDocumentSyntaxErrorPosition) {
  EXPECT_THAT(
      ParseClaimDocument("{\"id\": \"k1\",\n \"kod\": [4, 5}\n", "c.json"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("c.json:2:")));
}

TEST(YamlLoaderTest, ClaimDocumentAliasIsRejected) {
  EXPECT_THAT(
      ParseClaimDocument("a: &x 1\nb: *x\n", "c.yaml"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "c.yaml:1:4: anchors and aliases are not allowed in claim "
               "documents"));
}

TEST(YamlLoaderTest, EmptyClaimDocument) {
  EXPECT_THAT(ParseClaimDocument("# nothing\n", "c.yaml"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("empty document")));
}

}  // namespace
}  // namespace odenek::internal

namespace odenek::internal {
namespace {

// Issue #21: a case that asserts nothing passes whatever the rules say.
TEST(YamlLoaderTestCases, CaseThatAssertsNothingIsRefused) {
  EXPECT_THAT(Problems("tests:\n  - name: bos\n    program: p\n    input: {a: 1}\n"
                       "    expect: {}\n"),
              ElementsAre("r.yaml:5:5: error: test case \"bos\" asserts nothing: give expect "
                          "status, values, failed, missing or payments"));
  EXPECT_THAT(Problems("tests:\n  - name: bos\n    program: p\n    input: {a: 1}\n"
                       "    expect: {values: {}}\n"),
              ElementsAre(HasSubstr("asserts nothing")));
  // An empty set is an assertion: nothing failed.
  EXPECT_THAT(Problems("tests:\n  - name: hic\n    program: p\n    input: {a: 1}\n"
                       "    expect: {failed: []}\n"),
              IsEmpty());
}

// `defaults:` is the file's base claim; each case's input is merged over it,
// maps key by key, so a case gives only what differs.
TEST(YamlLoaderTestCases, DefaultsAreTheBaseClaimOfEveryCase) {
  LoadResult r = LoadOne(R"yaml(defaults:
  a: 1
  kisi: {dogum: 1990-01-01, engelli: false}
  liste: [1, 2]
tests:
  - name: ayni
    program: p
    expect: {status: eligible}
  - name: farkli
    program: p
    input: {a: 2, kisi: {engelli: true}, liste: [3], b: x}
    expect: {status: eligible}
)yaml");
  ASSERT_THAT(Formatted(r.diagnostics), IsEmpty());
  ASSERT_EQ(r.rules.tests.size(), 2u);
  const ClaimValue& same = r.rules.tests[0].input;
  ASSERT_EQ(same.object.size(), 3u);
  EXPECT_EQ(same.object[0].second.scalar, "1");
  const ClaimValue& other = r.rules.tests[1].input;
  ASSERT_EQ(other.object.size(), 4u);
  EXPECT_EQ(other.object[0].first, "a");
  EXPECT_EQ(other.object[0].second.scalar, "2");
  const ClaimValue& kisi = other.object[1].second;
  ASSERT_EQ(kisi.object.size(), 2u);  // merged, not replaced
  EXPECT_EQ(kisi.object[0].second.scalar, "1990-01-01");
  EXPECT_EQ(kisi.object[1].second.scalar, "true");
  ASSERT_EQ(other.object[2].second.list.size(), 1u);  // a list is replaced
  EXPECT_EQ(other.object[3].first, "b");
}

TEST(YamlLoaderTestCases, DefaultsWithoutTestsIsAnError) {
  EXPECT_THAT(Problems("defaults: {a: 1}\n"),
              ElementsAre(HasSubstr("\"defaults:\" is the base claim of a file's \"tests:\"")));
}

}  // namespace
}  // namespace odenek::internal
