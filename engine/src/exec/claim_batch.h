// ClaimBatch: up to kBatchSize claims laid out by columns.
//
// Claim readers (io/) fill a batch; the BatchExecutor reads it. Scalar inputs are
// int64 columns with a validity byte per row (the same encodings as plan slots:
// Decimal raw, day numbers, month numbers, 0/1, string ids). History lists are
// CSR: offsets[row]..offsets[row+1] index the list's field columns.
//
// The schema is the rule set's: the union of every programme's inputs, so one
// batch serves every programme and both the baseline and a reform.
#ifndef ODENEK_ENGINE_SRC_EXEC_CLAIM_BATCH_H_
#define ODENEK_ENGINE_SRC_EXEC_CLAIM_BATCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "ast/types.h"
#include "plan/schema.h"

namespace odenek::internal {

struct Column {
  std::vector<int64_t> values;
  std::vector<uint8_t> valid;
};

struct ListColumn {
  std::vector<int32_t> offsets;  // rows + 1 entries
  // 1 where the claim carried the list (even empty): an absent list is unknown,
  // so a facts-form claim is not read as "no premium days".
  std::vector<uint8_t> present;
  std::vector<Column> fields;    // each holds offsets[rows] entries
};

class ClaimBatch {
 public:
  // `shared` holds the rule set's string constants and must outlive the batch.
  // `capacity`: the most rows the batch will hold (1 for the scalar path).
  ClaimBatch(const BatchSchema& schema, const StringPool& shared,
             int capacity = kBatchSize);

  const BatchSchema& schema() const { return *schema_; }
  int rows() const { return rows_; }

  // Empties the batch, keeping its memory.
  void Clear();
  // Clear, and gives back the list columns' memory (long histories grow it).
  void ClearAndRelease();
  // Starts a new row with every input unknown and no list records; returns its
  // index. REQUIRES: rows() < capacity().
  int AddRow(absl::string_view id);
  // Sets scalar column `column` of the last row.
  void Set(int column, int64_t value) {
    scalars_[column].values[rows_ - 1] = value;
    scalars_[column].valid[rows_ - 1] = 1;
  }
  // Appends a record to list `list` of the last row, every field unknown;
  // returns the record's index within the list's columns.
  int AddRecord(int list);
  // Marks list `list` as carried by the last row (called even for an empty list).
  void MarkListPresent(int list) { lists_[list].present[rows_ - 1] = 1; }
  void SetField(int list, int field, int record, int64_t value) {
    lists_[list].fields[field].values[record] = value;
    lists_[list].fields[field].valid[record] = 1;
  }
  // Removes the last row (a reader found it bad half-way).
  void DropLastRow();

  int64_t InternString(absl::string_view s);
  const std::string& StringOf(int64_t id) const;

  const std::string& id(int row) const { return ids_[row]; }
  const Column& scalar(int column) const { return scalars_[column]; }
  const ListColumn& list(int list) const { return lists_[list]; }

 private:
  const BatchSchema* schema_;
  const StringPool* shared_;
  StringPool local_;
  int capacity_;
  int rows_ = 0;
  std::vector<std::string> ids_;
  std::vector<Column> scalars_;
  std::vector<ListColumn> lists_;
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_EXEC_CLAIM_BATCH_H_
