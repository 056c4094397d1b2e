#include "bulk/id_spill.h"

#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace odenek::internal {
namespace {

TEST(AnonymousFile, ReadsBackWhatWasWrittenAndHasNoName) {
  absl::StatusOr<std::unique_ptr<AnonymousFile>> file = AnonymousFile::Create(::testing::TempDir());
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_TRUE((*file)->Write("abc").ok());
  ASSERT_TRUE((*file)->Write(std::string(100000, 'x')).ok());
  EXPECT_EQ((*file)->size(), 100003);
  ASSERT_TRUE((*file)->Rewind().ok());
  std::string bytes;
  ASSERT_TRUE((*file)->Read(3, &bytes));
  EXPECT_EQ(bytes, "abc");
  ASSERT_TRUE((*file)->ReadSome(200000, &bytes).ok());
  EXPECT_EQ(bytes, std::string(100000, 'x'));
  EXPECT_FALSE((*file)->Read(1, &bytes));  // the end
  EXPECT_TRUE((*file)->status().ok());
}

TEST(AnonymousFile, AFolderThatIsNotThereIsNamed) {
  absl::StatusOr<std::unique_ptr<AnonymousFile>> file = AnonymousFile::Create("/no/such/folder");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("/no/such/folder"), std::string::npos);
}

// The filter may say "seen" for a new id, never "new" for a seen one; the
// deferred ids are then settled exactly, in input order.
TEST(IdSpill, DeferredIdsAreSettledExactly) {
  for (size_t filter_bytes : {size_t{64}, size_t{4096}, size_t{1} << 20}) {
    absl::StatusOr<std::unique_ptr<IdSpill>> spill =
        IdSpill::Create(::testing::TempDir(), filter_bytes);
    ASSERT_TRUE(spill.ok()) << spill.status();
    std::mt19937 rng(filter_bytes);
    absl::flat_hash_set<std::string> seen;
    std::vector<bool> expected;  // by deferred ordinal
    // The ids an in-memory set moves over come first, before the filter.
    for (int i = 0; i < 500; ++i) {
      const std::string id = absl::StrCat("id-", i * 17);
      seen.insert(id);
      ASSERT_TRUE((*spill)->AddSettled(id).ok());
    }
    ASSERT_TRUE((*spill)->StartFilter().ok());
    for (int i = 0; i < 20000; ++i) {
      // Ids of varied length, many repeated, some a prefix of others.
      const std::string id = absl::StrCat("id-", rng() % 9000, i % 3 == 0 ? "" : "-x");
      const bool first = seen.insert(id).second;
      if (!(*spill)->MayContain(id)) {
        ASSERT_TRUE(first) << id << ": the filter forgot an id";
        ASSERT_TRUE((*spill)->AddSettled(id).ok());
      } else {
        absl::StatusOr<int64_t> ordinal = (*spill)->AddDeferred(id);
        ASSERT_TRUE(ordinal.ok());
        ASSERT_EQ(*ordinal, static_cast<int64_t>(expected.size()));
        expected.push_back(!first);
      }
    }
    EXPECT_EQ((*spill)->deferred(), static_cast<int64_t>(expected.size()));
    absl::StatusOr<std::vector<bool>> duplicate = (*spill)->FindDuplicates();
    ASSERT_TRUE(duplicate.ok()) << duplicate.status();
    EXPECT_EQ(*duplicate, expected) << filter_bytes << "-byte filter";
  }
}

}  // namespace
}  // namespace odenek::internal
