// The rule-file reader's `tests:` (read_test_cases.cc): a case's fields and
// claim, cases that assert nothing, and `defaults:`.
#include "load/rule_file_reader.h"

#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "load/yaml_loader.h"
#include "load/yaml_loader_test_util.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

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
