#include "bulk/id_spill.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"

namespace odenek::internal {
namespace {

constexpr int kFilterProbes = 4;

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser: a second, independent hash
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

}  // namespace

absl::StatusOr<std::unique_ptr<AnonymousFile>> AnonymousFile::Create(const std::string& dir) {
  std::string path = (dir.empty() ? std::string(".") : dir) + "/.odenek-spill-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create a temporary file in ", dir, ": ", std::strerror(errno)));
  }
  ::unlink(path.c_str());  // nameless from now on: nothing outlives the run
  std::FILE* file = ::fdopen(fd, "w+b");
  if (file == nullptr) {
    ::close(fd);
    return absl::InternalError(absl::StrCat("fdopen: ", std::strerror(errno)));
  }
  return std::unique_ptr<AnonymousFile>(new AnonymousFile(file, dir));
}

AnonymousFile::~AnonymousFile() { std::fclose(file_); }

absl::Status AnonymousFile::Failed(const char* what) {
  if (status_.ok()) {
    status_ = absl::ResourceExhaustedError(
        absl::StrCat("temporary file in ", dir_, ": ", what, ": ", std::strerror(errno)));
  }
  return status_;
}

absl::Status AnonymousFile::Write(absl::string_view bytes) {
  if (!status_.ok()) return status_;
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    return Failed("write");
  }
  size_ += static_cast<int64_t>(bytes.size());
  return absl::OkStatus();
}

absl::Status AnonymousFile::Rewind() {
  if (!status_.ok()) return status_;
  if (std::fflush(file_) != 0) return Failed("write");
  if (std::fseek(file_, 0, SEEK_SET) != 0) return Failed("seek");
  return absl::OkStatus();
}

absl::Status AnonymousFile::ReadAll(std::string* out) {
  if (!status_.ok()) return status_;
  if (std::fflush(file_) != 0) return Failed("write");
  if (std::fseek(file_, 0, SEEK_SET) != 0) return Failed("seek");
  out->resize(static_cast<size_t>(size_));
  if (std::fread(out->data(), 1, out->size(), file_) != out->size()) return Failed("read");
  if (std::fseek(file_, 0, SEEK_END) != 0) return Failed("seek");
  return absl::OkStatus();
}

bool AnonymousFile::Read(size_t n, std::string* out) {
  out->resize(n);
  if (n == 0) return status_.ok();
  const size_t got = std::fread(out->data(), 1, n, file_);
  if (got == n) return true;
  if (std::ferror(file_)) (void)Failed("read");
  return false;
}

absl::Status AnonymousFile::ReadSome(size_t n, std::string* out) {
  out->resize(n);
  const size_t got = std::fread(out->data(), 1, n, file_);
  out->resize(got);
  if (got < n && std::ferror(file_)) return Failed("read");
  return status_;
}

absl::StatusOr<std::unique_ptr<IdSpill>> IdSpill::Create(const std::string& dir,
                                                         size_t filter_bytes) {
  std::unique_ptr<IdSpill> spill(new IdSpill());
  spill->filter_bytes_ = filter_bytes;
  for (int p = 0; p < kPartitions; ++p) {
    absl::StatusOr<std::unique_ptr<AnonymousFile>> file = AnonymousFile::Create(dir);
    if (!file.ok()) return file.status();
    spill->partitions_.push_back(*std::move(file));
  }
  return spill;
}

uint64_t IdSpill::HashOf(absl::string_view id) { return absl::Hash<absl::string_view>()(id); }

bool IdSpill::MayContain(absl::string_view id) const {
  const uint64_t h = HashOf(id);
  const uint64_t step = Mix(h) | 1;
  for (int k = 0; k < kFilterProbes; ++k) {
    const uint64_t bit = (h + static_cast<uint64_t>(k) * step) & filter_mask_;
    if ((filter_[bit >> 6] & (uint64_t{1} << (bit & 63))) == 0) return false;
  }
  return true;
}

void IdSpill::FilterInsert(uint64_t h) {
  const uint64_t step = Mix(h) | 1;
  for (int k = 0; k < kFilterProbes; ++k) {
    const uint64_t bit = (h + static_cast<uint64_t>(k) * step) & filter_mask_;
    filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
}

absl::Status IdSpill::StartFilter() {
  size_t words = 8;
  while (words * sizeof(uint64_t) < filter_bytes_) words *= 2;
  filter_.assign(words, 0);
  filter_mask_ = words * 64 - 1;
  std::string text;
  for (auto& file : partitions_) {
    if (absl::Status s = file->ReadAll(&text); !s.ok()) return s;
    for (size_t at = 0; at < text.size();) {
      uint32_t size;
      std::memcpy(&size, text.data() + at + sizeof(int64_t), sizeof(size));
      at += sizeof(int64_t) + sizeof(size);
      FilterInsert(HashOf(absl::string_view(text.data() + at, size)));
      at += size;
    }
  }
  return absl::OkStatus();
}

absl::Status IdSpill::Add(absl::string_view id, int64_t ordinal) {
  const uint64_t h = HashOf(id);
  if (!filter_.empty()) FilterInsert(h);
  // The partition from bits the filter's probes do not start from.
  AnonymousFile& file = *partitions_[(h >> 40) % kPartitions];
  const uint32_t size = static_cast<uint32_t>(id.size());
  char head[sizeof(ordinal) + sizeof(size)];
  std::memcpy(head, &ordinal, sizeof(ordinal));
  std::memcpy(head + sizeof(ordinal), &size, sizeof(size));
  if (absl::Status s = file.Write(absl::string_view(head, sizeof(head))); !s.ok()) return s;
  bytes_ += static_cast<int64_t>(sizeof(head) + id.size());
  return file.Write(id);
}

absl::Status IdSpill::AddSettled(absl::string_view id) { return Add(id, -1); }

absl::StatusOr<int64_t> IdSpill::AddDeferred(absl::string_view id) {
  const int64_t ordinal = deferred_;
  if (absl::Status s = Add(id, ordinal); !s.ok()) return s;
  ++deferred_;
  return ordinal;
}


absl::StatusOr<std::vector<bool>> IdSpill::FindDuplicates() {
  std::vector<uint64_t>().swap(filter_);
  std::vector<bool> duplicate(static_cast<size_t>(deferred_), false);
  std::string text;
  for (auto& file : partitions_) {
    if (absl::Status s = file->Rewind(); !s.ok()) return s;
    // One partition at a time, whole: its ids are viewed in place.
    if (!file->Read(static_cast<size_t>(file->size()), &text)) {
      return file->status().ok() ? absl::InternalError("temporary id file ended early")
                                 : file->status();
    }
    absl::flat_hash_set<absl::string_view> seen;
    for (size_t at = 0; at < text.size();) {
      int64_t ordinal;
      uint32_t size;
      std::memcpy(&ordinal, text.data() + at, sizeof(ordinal));
      std::memcpy(&size, text.data() + at + sizeof(ordinal), sizeof(size));
      at += sizeof(ordinal) + sizeof(size);
      const bool first = seen.insert(absl::string_view(text.data() + at, size)).second;
      at += size;
      if (ordinal >= 0 && !first) duplicate[static_cast<size_t>(ordinal)] = true;
    }
    file.reset();  // its disk space back at once
  }
  return duplicate;
}

}  // namespace odenek::internal
