// Reforms (reforms.cc): reading a reform file and applying it to a loaded rule
// set.
#include "load/yaml_loader.h"

#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "load/sha256.h"
#include "load/yaml_loader_test_util.h"
#include "tests/testing/status_matchers.h"

namespace odenek::internal {
namespace {

using ::odenek::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

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

}  // namespace
}  // namespace odenek::internal
