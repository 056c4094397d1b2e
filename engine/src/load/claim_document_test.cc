// Claim documents (claim_document.cc): one YAML or JSON claim as a ClaimValue
// tree, with its places, and the documents refused.
#include "load/yaml_loader.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace odenek::internal {
namespace {

using ::odenek::testing::StatusIs;
using ::testing::HasSubstr;

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
