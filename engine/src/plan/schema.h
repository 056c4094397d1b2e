// The claim schema and string constants a Plan is laid out against.
//
// NOTE for exec/: StringPool and BatchSchema are implemented in plan/schema.cc
// (the planner builds them); exec/ only uses them.
#ifndef ODENEK_ENGINE_SRC_PLAN_SCHEMA_H_
#define ODENEK_ENGINE_SRC_PLAN_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "ast/types.h"

namespace odenek::internal {

inline constexpr int kBatchSize = 1024;  // rows per chunk; engine tuning

// Interned strings. The rule set's pool holds every string constant of the rules
// (built at plan time, then read-only and shared); a batch extends it with the
// strings its claims carry, with ids above the shared ones. Equal strings get
// equal ids within a batch, so `==` on ids is string equality.
class StringPool {
 public:
  // Returns the id of `s`, adding it if new.
  int64_t Intern(absl::string_view s);
  // Returns the id of `s` or -1.
  int64_t Find(absl::string_view s) const;
  const std::string& Get(int64_t id) const { return strings_[id]; }
  int64_t size() const { return static_cast<int64_t>(strings_.size()); }

 private:
  std::vector<std::string> strings_;
  absl::flat_hash_map<std::string, int64_t> ids_;
};

struct ColumnSpec {
  std::string name;
  Type type;
};

// Declared bounds of a number input (Decimal raw, inclusive). When several
// programmes declare the same input, the tightest bounds apply: a value that
// is bad input for one of them is bad input.
struct ColumnBounds {
  std::optional<int64_t> min;
  std::optional<int64_t> max;
};
struct ListSpec {
  std::string name;
  std::vector<ColumnSpec> fields;
};
struct BatchSchema {
  std::vector<ColumnSpec> scalars;
  std::vector<ColumnBounds> bounds;  // per scalar column; may be shorter (unbounded)
  std::vector<ListSpec> lists;
  // Index of a scalar column or list by name, or -1.
  int FindScalar(absl::string_view name) const;
  int FindList(absl::string_view name) const;
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_PLAN_SCHEMA_H_
