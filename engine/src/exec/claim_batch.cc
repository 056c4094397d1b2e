// ClaimBatch storage. StringPool and BatchSchema::Find* live in plan/schema.cc
// (the planner builds both); this file only lays out and fills columns.
#include "exec/claim_batch.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "plan/schema.h"

namespace odenek::internal {

ClaimBatch::ClaimBatch(const BatchSchema& schema, const StringPool& shared, int capacity)
    : schema_(&schema), shared_(&shared), capacity_(capacity) {
  // Scalars are sized once for a full chunk so Set() is a plain store; list
  // fields grow with their records (a claim may carry 0 or 360 of them).
  ids_.resize(capacity);
  scalars_.resize(schema.scalars.size());
  for (Column& c : scalars_) {
    c.values.assign(capacity, 0);
    c.valid.assign(capacity, 0);
  }
  lists_.resize(schema.lists.size());
  for (size_t l = 0; l < lists_.size(); ++l) {
    lists_[l].offsets.assign(capacity + 1, 0);
    lists_[l].present.assign(capacity, 0);
    lists_[l].fields.resize(schema.lists[l].fields.size());
  }
}

void ClaimBatch::Clear() {
  // Validity is reset for the whole chunk here, once, rather than per column
  // in AddRow: a rule set's schema has dozens of columns and a claim sets few.
  for (Column& c : scalars_) std::fill_n(c.valid.begin(), rows_, uint8_t{0});
  for (ListColumn& l : lists_) std::fill_n(l.present.begin(), rows_, uint8_t{0});
  rows_ = 0;
  for (ListColumn& l : lists_) {
    l.offsets[0] = 0;
    for (Column& f : l.fields) {
      f.values.clear();  // keeps capacity
      f.valid.clear();
    }
  }
  // Claim strings of the previous chunk are no longer referenced; dropping
  // them keeps a long stream of claims from growing the pool without bound.
  local_ = StringPool();
}

void ClaimBatch::ClearAndRelease() {
  Clear();
  for (ListColumn& l : lists_) {
    for (Column& f : l.fields) {
      std::vector<int64_t>().swap(f.values);
      std::vector<uint8_t>().swap(f.valid);
    }
  }
}

int ClaimBatch::AddRow(absl::string_view id) {
  const int row = rows_++;
  ids_[row].assign(id.data(), id.size());
  // Scalar validity and list presence of rows past rows_ are already 0
  // (constructor, Clear, DropLastRow).
  for (ListColumn& l : lists_) l.offsets[row + 1] = l.offsets[row];
  return row;
}

int ClaimBatch::AddRecord(int list) {
  ListColumn& l = lists_[list];
  const int record = l.offsets[rows_]++;
  for (Column& f : l.fields) {
    f.values.push_back(0);
    f.valid.push_back(0);
  }
  return record;
}

void ClaimBatch::DropLastRow() {
  if (rows_ == 0) return;
  --rows_;
  for (Column& c : scalars_) c.valid[rows_] = 0;
  for (ListColumn& l : lists_) l.present[rows_] = 0;
  for (ListColumn& l : lists_) {
    // The dropped row's records are the tail of every field column.
    const size_t keep = static_cast<size_t>(l.offsets[rows_]);
    for (Column& f : l.fields) {
      f.values.resize(keep);
      f.valid.resize(keep);
    }
  }
}

int64_t ClaimBatch::InternString(absl::string_view s) {
  // Rule constants keep their shared ids so `==` against a constant slot is an
  // integer compare; only strings the rules never mention get local ids.
  const int64_t shared_id = shared_->Find(s);
  if (shared_id >= 0) return shared_id;
  return shared_->size() + local_.Intern(s);
}

const std::string& ClaimBatch::StringOf(int64_t id) const {
  if (id < shared_->size()) return shared_->Get(id);
  return local_.Get(id - shared_->size());
}

}  // namespace odenek::internal
