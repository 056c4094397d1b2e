// The rule-file reader's programme keys (read_programs.cc): header, inputs,
// variables (expressions, tables, exceptions) and conditions.
#include "load/rule_file_reader.h"

#include <string>
#include <variant>
#include <vector>

#include "ast/ast.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "load/yaml_loader.h"
#include "load/yaml_loader_test_util.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

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

// ---- Strictness
// -------------------------------------------------------------------

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

}  // namespace
}  // namespace odenek::internal
