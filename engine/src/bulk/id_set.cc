#include "bulk/id_set.h"

#include <cstring>

namespace odenek::internal {

IdSet::IdSet() : refs_(0, Hash{this}, Eq{this}) {}

absl::string_view IdSet::Text(Ref ref) const {
  const char* p = blocks_[ref >> 32].get() + (ref & 0xffffffffu);
  uint32_t size;
  std::memcpy(&size, p, sizeof(size));
  return absl::string_view(p + sizeof(size), size);
}

bool IdSet::Insert(absl::string_view id) {
  if (refs_.find(id) != refs_.end()) return false;
  const size_t need = sizeof(uint32_t) + id.size();
  if (blocks_.empty() || block_used_.back() + need > block_size_.back()) {
    const size_t size = need > kBlockBytes ? need : kBlockBytes;
    blocks_.push_back(std::make_unique<char[]>(size));
    block_used_.push_back(0);
    block_size_.push_back(size);
    arena_bytes_ += size;
  }
  const size_t block = blocks_.size() - 1;
  char* p = blocks_[block].get() + block_used_[block];
  const uint32_t size = static_cast<uint32_t>(id.size());
  std::memcpy(p, &size, sizeof(size));
  std::memcpy(p + sizeof(size), id.data(), id.size());
  const Ref ref = (static_cast<Ref>(block) << 32) | block_used_[block];
  block_used_[block] += need;
  refs_.insert(ref);
  return true;
}

size_t IdSet::MemoryBytes() const { return refs_.capacity() * (sizeof(Ref) + 1) + arena_bytes_; }

}  // namespace odenek::internal
