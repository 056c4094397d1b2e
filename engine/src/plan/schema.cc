#include "plan/schema.h"

namespace odenek::internal {

int64_t StringPool::Intern(absl::string_view s) {
  auto it = ids_.find(s);
  if (it != ids_.end()) return it->second;
  int64_t id = static_cast<int64_t>(strings_.size());
  strings_.emplace_back(s);
  ids_.emplace(strings_.back(), id);
  return id;
}

int64_t StringPool::Find(absl::string_view s) const {
  auto it = ids_.find(s);
  return it == ids_.end() ? -1 : it->second;
}

int BatchSchema::FindScalar(absl::string_view name) const {
  for (size_t i = 0; i < scalars.size(); ++i) {
    if (scalars[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int BatchSchema::FindList(absl::string_view name) const {
  for (size_t i = 0; i < lists.size(); ++i) {
    if (lists[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace odenek::internal
