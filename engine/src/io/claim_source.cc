// The ClaimSource and TextSink factories of odenek/simulate.h: files,
// descriptors, memory.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "odenek/simulate.h"

namespace odenek {
namespace {

class DescriptorSource : public ClaimSource {
 public:
  DescriptorSource(int fd, std::string name, bool owned, int64_t size)
      : fd_(fd), name_(std::move(name)), owned_(owned), size_(size) {}
  ~DescriptorSource() override {
    if (owned_) ::close(fd_);
  }

  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    for (;;) {
      const ssize_t n = ::read(fd_, buffer, size);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno == EINTR) continue;
      return absl::DataLossError(absl::StrCat(name_, ": read error: ", std::strerror(errno)));
    }
  }
  int64_t size() const override { return size_; }
  const std::string& name() const override { return name_; }

 private:
  const int fd_;
  const std::string name_;
  const bool owned_;
  const int64_t size_;
};

class StringSource : public ClaimSource {
 public:
  StringSource(std::string text, std::string name)
      : text_(std::move(text)), name_(std::move(name)) {}

  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    const size_t n = std::min(size, text_.size() - pos_);
    std::memcpy(buffer, text_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  int64_t size() const override { return static_cast<int64_t>(text_.size()); }
  const std::string& name() const override { return name_; }

 private:
  const std::string text_;
  const std::string name_;
  size_t pos_ = 0;
};

int64_t RegularFileSize(int fd) {
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) return st.st_size;
  return -1;
}

class StringSink : public TextSink {
 public:
  explicit StringSink(std::string* out) : out_(out) {}
  absl::Status Write(absl::string_view text) override {
    out_->append(text.data(), text.size());
    return absl::OkStatus();
  }

 private:
  std::string* out_;
};

class FunctionSink : public TextSink {
 public:
  explicit FunctionSink(std::function<absl::Status(absl::string_view)> write)
      : write_(std::move(write)) {}
  absl::Status Write(absl::string_view text) override { return write_(text); }

 private:
  std::function<absl::Status(absl::string_view)> write_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ClaimSource>> ClaimSource::OpenFile(const std::string& path) {
  if (path == "-") {
    return std::unique_ptr<ClaimSource>(std::make_unique<DescriptorSource>(
        STDIN_FILENO, "<stdin>", /*owned=*/false, RegularFileSize(STDIN_FILENO)));
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    const int error = errno;
    if (error == ENOENT) return absl::NotFoundError(absl::StrCat(path, ": no such file"));
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(error)));
  }
  if (S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read ", path, ": it is a folder; expected a claim file"));
  }
  // A named pipe is a stream like stdin; a device (/dev/zero) is not a file.
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read ", path, ": not a regular file; expected a claim file"));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  return std::unique_ptr<ClaimSource>(
      std::make_unique<DescriptorSource>(fd, path, /*owned=*/true, RegularFileSize(fd)));
}

std::unique_ptr<ClaimSource> ClaimSource::FromDescriptor(int fd, std::string name) {
  return std::make_unique<DescriptorSource>(fd, std::move(name), /*owned=*/false,
                                            RegularFileSize(fd));
}

std::unique_ptr<ClaimSource> ClaimSource::FromString(std::string text, std::string name) {
  return std::make_unique<StringSource>(std::move(text), std::move(name));
}

std::unique_ptr<TextSink> TextSink::ToString(std::string* out) {
  return std::make_unique<StringSink>(out);
}

std::unique_ptr<TextSink> TextSink::ToFunction(
    std::function<absl::Status(absl::string_view)> write) {
  return std::make_unique<FunctionSink>(std::move(write));
}

}  // namespace odenek
