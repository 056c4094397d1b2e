// RuleSet::articles(): the article index `odenek programs --articles` prints.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "odenek/rule_set.h"
#include "tests/testing/status_matchers.h"

namespace odenek {
namespace {

using ::odenek::testing::IsOk;
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;

std::string RulesDir() {
  const char* src = std::getenv("ODENEK_SOURCE_DIR");
  return std::string(src == nullptr ? "." : src) + "/rules";
}

const ArticleInfo* Find(const std::vector<ArticleInfo>& articles, const std::string& reference) {
  for (const ArticleInfo& a : articles) {
    if (a.reference == reference) return &a;
  }
  return nullptr;
}

TEST(Articles, EachReferenceListsItsRulesAndTheCasesExercisingThem) {
  absl::StatusOr<RuleSet> rules = RuleSet::Load(RulesDir(), {.reforms = {}, .include_tests = true});
  ASSERT_THAT(rules, IsOk());
  const std::vector<ArticleInfo> articles = rules->articles();
  ASSERT_FALSE(articles.empty());
  EXPECT_TRUE(std::is_sorted(articles.begin(), articles.end(),
                             [](const ArticleInfo& a, const ArticleInfo& b) {
                               return a.reference < b.reference;
                             }));
  const ArticleInfo* m50 = Find(articles, "4447 s.K. m.50/1");
  ASSERT_NE(m50, nullptr);
  EXPECT_THAT(m50->rules, Contains("issizlik_odenegi koşul prim_600_gun"));
  EXPECT_THAT(m50->tests, Not(IsEmpty()));
  // Every article has a rule; the schedule's per-month variables are one entry.
  for (const ArticleInfo& a : articles) {
    EXPECT_THAT(a.rules, Not(IsEmpty())) << a.reference;
    for (const std::string& r : a.rules) EXPECT_THAT(r, Not(::testing::HasSubstr(".odeme_1_")));
  }
}

TEST(Articles, CasesAreListedOnlyWhenLoaded) {
  absl::StatusOr<RuleSet> rules = RuleSet::Load(RulesDir());
  ASSERT_THAT(rules, IsOk());
  for (const ArticleInfo& a : rules->articles()) EXPECT_THAT(a.tests, IsEmpty()) << a.reference;
}

}  // namespace
}  // namespace odenek
