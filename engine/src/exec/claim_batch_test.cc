#include "exec/claim_batch.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "plan/schema.h"

namespace odenek::internal {
namespace {

// Two scalars and one list (month, amount), like `primler`.
BatchSchema TestSchema() {
  BatchSchema s;
  s.scalars.push_back({"fesih_tarihi", Type::Date()});
  s.scalars.push_back({"kazanc", Type::Number(Unit::Tl())});
  ListSpec primler;
  primler.name = "primler";
  primler.fields.push_back({"ay", Type::Month()});
  primler.fields.push_back({"kazanc", Type::Number(Unit::Tl())});
  s.lists.push_back(primler);
  return s;
}

// The schema and pool must outlive the batch, so they live together here.
struct TestBatch {
  BatchSchema schema = TestSchema();
  StringPool shared;
  ClaimBatch batch{schema, shared};
};

TEST(ClaimBatchTest, ConstructorSizesScalarColumnsToBatchSize) {
  TestBatch t;
  EXPECT_EQ(t.batch.rows(), 0);
  EXPECT_EQ(t.batch.scalar(0).values.size(), static_cast<size_t>(kBatchSize));
  EXPECT_EQ(t.batch.scalar(1).valid.size(), static_cast<size_t>(kBatchSize));
  EXPECT_EQ(t.batch.list(0).offsets.size(), static_cast<size_t>(kBatchSize + 1));
  EXPECT_EQ(t.batch.list(0).fields.size(), 2u);
  EXPECT_TRUE(t.batch.list(0).fields[0].values.empty());
}

TEST(ClaimBatchTest, AddRowReturnsIndexAndKeepsId) {
  TestBatch t;
  EXPECT_EQ(t.batch.AddRow("claim-1"), 0);
  EXPECT_EQ(t.batch.AddRow("claim-2"), 1);
  EXPECT_EQ(t.batch.rows(), 2);
  EXPECT_EQ(t.batch.id(0), "claim-1");
  EXPECT_EQ(t.batch.id(1), "claim-2");
}

TEST(ClaimBatchTest, SetWritesValueAndValidityOfLastRow) {
  TestBatch t;
  t.batch.AddRow("a");
  t.batch.AddRow("b");
  t.batch.Set(1, 42);
  EXPECT_EQ(t.batch.scalar(1).valid[0], 0);
  EXPECT_EQ(t.batch.scalar(1).valid[1], 1);
  EXPECT_EQ(t.batch.scalar(1).values[1], 42);
}

TEST(ClaimBatchTest, NewRowStartsUnknownAfterClear) {
  TestBatch t;
  t.batch.AddRow("a");
  t.batch.Set(0, 7);
  t.batch.Clear();
  EXPECT_EQ(t.batch.rows(), 0);
  t.batch.AddRow("b");
  // Only validity says "unknown"; the stale value is never read.
  EXPECT_EQ(t.batch.scalar(0).valid[0], 0);
}

TEST(ClaimBatchTest, DroppedRowLeavesNothingBehind) {
  TestBatch t;
  t.batch.AddRow("a");
  t.batch.Set(0, 7);
  t.batch.DropLastRow();
  t.batch.AddRow("b");
  EXPECT_EQ(t.batch.scalar(0).valid[0], 0);
}

TEST(ClaimBatchTest, AddRecordAppendsUnknownFieldsToLastRow) {
  TestBatch t;
  t.batch.AddRow("a");
  EXPECT_EQ(t.batch.AddRecord(0), 0);
  EXPECT_EQ(t.batch.AddRecord(0), 1);
  t.batch.SetField(0, 1, 1, 500);
  const ListColumn& l = t.batch.list(0);
  EXPECT_EQ(l.offsets[0], 0);
  EXPECT_EQ(l.offsets[1], 2);
  EXPECT_EQ(l.fields[1].valid[0], 0);
  EXPECT_EQ(l.fields[1].valid[1], 1);
  EXPECT_EQ(l.fields[1].values[1], 500);
  EXPECT_EQ(l.fields[0].valid[1], 0);
}

TEST(ClaimBatchTest, RecordsOfEachRowAreContiguous) {
  TestBatch t;
  t.batch.AddRow("a");
  t.batch.AddRecord(0);
  t.batch.AddRow("b");  // no records
  t.batch.AddRow("c");
  EXPECT_EQ(t.batch.AddRecord(0), 1);
  EXPECT_EQ(t.batch.AddRecord(0), 2);
  const ListColumn& l = t.batch.list(0);
  EXPECT_THAT(std::vector<int32_t>(l.offsets.begin(), l.offsets.begin() + 4),
              ::testing::ElementsAre(0, 1, 1, 3));
  EXPECT_EQ(l.fields[0].values.size(), 3u);
}

TEST(ClaimBatchTest, ClearKeepsListMemory) {
  TestBatch t;
  t.batch.AddRow("a");
  for (int i = 0; i < 100; ++i) t.batch.AddRecord(0);
  const size_t capacity = t.batch.list(0).fields[0].values.capacity();
  t.batch.Clear();
  EXPECT_TRUE(t.batch.list(0).fields[0].values.empty());
  EXPECT_EQ(t.batch.list(0).fields[0].values.capacity(), capacity);
  t.batch.AddRow("b");
  EXPECT_EQ(t.batch.list(0).offsets[1], 0);
}

TEST(ClaimBatchTest, DropLastRowDropsItsRecords) {
  TestBatch t;
  t.batch.AddRow("a");
  t.batch.AddRecord(0);
  t.batch.AddRow("bad");
  t.batch.AddRecord(0);
  t.batch.AddRecord(0);
  t.batch.DropLastRow();
  EXPECT_EQ(t.batch.rows(), 1);
  EXPECT_EQ(t.batch.list(0).offsets[1], 1);
  EXPECT_EQ(t.batch.list(0).fields[0].values.size(), 1u);
  EXPECT_EQ(t.batch.list(0).fields[1].valid.size(), 1u);
  // The next row reuses the index and starts with no records.
  EXPECT_EQ(t.batch.AddRow("c"), 1);
  EXPECT_EQ(t.batch.list(0).offsets[2], 1);
  EXPECT_EQ(t.batch.AddRecord(0), 1);
}

TEST(ClaimBatchTest, InternStringUsesSharedIdFirst) {
  TestBatch t;
  const int64_t id = t.shared.Intern("istifa");
  t.shared.Intern("emeklilik");
  EXPECT_EQ(t.batch.InternString("istifa"), id);
}

TEST(ClaimBatchTest, InternStringGivesLocalIdsAboveShared) {
  TestBatch t;
  t.shared.Intern("istifa");
  t.shared.Intern("emeklilik");
  const int64_t a = t.batch.InternString("isveren_feshi");
  const int64_t b = t.batch.InternString("toplu_cikis");
  EXPECT_EQ(a, 2);
  EXPECT_EQ(b, 3);
  EXPECT_EQ(t.batch.InternString("isveren_feshi"), a);
}

TEST(ClaimBatchTest, StringOfResolvesSharedAndLocalIds) {
  TestBatch t;
  const int64_t shared = t.shared.Intern("istifa");
  const int64_t local = t.batch.InternString("isveren_feshi");
  EXPECT_EQ(t.batch.StringOf(shared), "istifa");
  EXPECT_EQ(t.batch.StringOf(local), "isveren_feshi");
}

TEST(ClaimBatchTest, ClearForgetsLocalStrings) {
  TestBatch t;
  t.shared.Intern("istifa");
  t.batch.InternString("a");
  t.batch.InternString("b");
  t.batch.Clear();
  EXPECT_EQ(t.batch.InternString("c"), 1);
  EXPECT_EQ(t.batch.StringOf(1), "c");
}

TEST(ClaimBatchTest, FillsExactlyBatchSizeRows) {
  TestBatch t;
  for (int r = 0; r < kBatchSize; ++r) {
    EXPECT_EQ(t.batch.AddRow("x"), r);
    t.batch.Set(0, r);
    t.batch.AddRecord(0);
  }
  EXPECT_EQ(t.batch.rows(), kBatchSize);
  EXPECT_EQ(t.batch.scalar(0).values[kBatchSize - 1], kBatchSize - 1);
  EXPECT_EQ(t.batch.list(0).offsets[kBatchSize], kBatchSize);
}

}  // namespace
}  // namespace odenek::internal
