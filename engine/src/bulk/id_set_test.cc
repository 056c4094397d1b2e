#include "bulk/id_set.h"

#include <functional>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace odenek::internal {
namespace {

TEST(IdSetTest, FindsExactlyTheIdsMetBefore) {
  IdSet set;
  for (int i = 0; i < 200000; ++i) EXPECT_TRUE(set.Insert(absl::StrCat("B-", i)));
  for (int i = 0; i < 200000; i += 997) EXPECT_FALSE(set.Insert(absl::StrCat("B-", i)));
  EXPECT_TRUE(set.Insert("B-200000"));
  EXPECT_EQ(set.size(), 200001u);
  // Prefixes, case and one byte differ: all distinct.
  EXPECT_TRUE(set.Insert("B-1 "));
  EXPECT_TRUE(set.Insert("b-1"));
  EXPECT_TRUE(set.Insert("B-"));
}

TEST(IdSetTest, IdsLongerThanABlockAndAcrossBlocks) {
  IdSet set;
  const std::string big(size_t{5} << 20, 'x');  // over the 4 MiB block
  EXPECT_TRUE(set.Insert(big));
  EXPECT_TRUE(set.Insert("after-the-big-one"));
  EXPECT_FALSE(set.Insert(big));
  EXPECT_TRUE(set.Insert(big + "y"));
  EXPECT_FALSE(set.Insert("after-the-big-one"));
  // Many ids filling several blocks: each still found by its text.
  for (int i = 0; i < 300000; ++i) set.Insert(absl::StrCat(std::string(40, 'k'), i));
  for (int i = 0; i < 300000; i += 1009) {
    EXPECT_FALSE(set.Insert(absl::StrCat(std::string(40, 'k'), i)));
  }
}

// Issue #14: two different ids with the same std::hash (libstdc++'s seedless
// MurmurHash64A; this pair was made by inverting its last block) were taken
// for one. The set compares text: both are new.
TEST(IdSetTest, IdsWithOneStdHashAreTwoIds) {
  const std::string a = "CLAIM-A-64QnKOmnXXXXXXXX";
  const std::string b = "CLAIM-B-Z0vIfym8?p]g)_Dk";
  ASSERT_EQ(std::hash<std::string_view>()(a), std::hash<std::string_view>()(b));
  IdSet set;
  EXPECT_TRUE(set.Insert(a));
  EXPECT_TRUE(set.Insert(b));
  EXPECT_FALSE(set.Insert(b));
}

}  // namespace
}  // namespace odenek::internal
