// OutputFile (odenek/simulate.h): a file that appears only when complete.
//
// The temporary sits beside the final path, so rename(2) is atomic (same
// file system), and has a fixed name, so a later run of the same command
// truncates and reuses what a killed run left. An exclusive lock on it keeps
// two runs from writing the same output at once.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "odenek/simulate.h"

namespace odenek {
namespace {

constexpr size_t kBufferSize = size_t{1} << 20;

std::string Folder(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string TempPath(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string folder = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return absl::StrCat(folder, ".", name, ".odenek-tmp");
}

absl::Status WriteError(const std::string& path, int error) {
  return absl::ResourceExhaustedError(
      absl::StrCat("cannot write ", path, ": ", std::strerror(error)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", path, ": it is a folder"));
  }
  const std::string temp = TempPath(path);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", path, ": another run is writing it (", temp, ")"));
  }
  if (::ftruncate(fd, 0) != 0) {
    const int error = errno;
    ::close(fd);
    return WriteError(path, error);
  }
  return std::unique_ptr<OutputFile>(new OutputFile(path, temp, fd));
}

OutputFile::OutputFile(std::string path, std::string temp_path, int fd)
    : path_(std::move(path)), temp_path_(std::move(temp_path)), fd_(fd) {
  buffer_.reserve(kBufferSize);
}

OutputFile::~OutputFile() { Discard(); }

absl::Status OutputFile::Write(absl::string_view text) {
  if (!error_.ok()) return error_;
  if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat(path_, ": already closed"));
  if (buffer_.size() + text.size() > kBufferSize) {
    if (absl::Status s = Flush(); !s.ok()) return s;
  }
  if (text.size() >= kBufferSize) {
    buffer_.assign(text.data(), text.size());
    return Flush();
  }
  buffer_.append(text.data(), text.size());
  return absl::OkStatus();
}

absl::Status OutputFile::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = WriteError(path_, n < 0 ? errno : ENOSPC);
      return error_;
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return absl::OkStatus();
}

absl::Status OutputFile::Commit() {
  if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat(path_, ": already closed"));
  absl::Status status = error_.ok() ? Flush() : error_;
  if (status.ok() && ::fsync(fd_) != 0) status = WriteError(path_, errno);
  if (!status.ok()) {
    Discard();
    return status;
  }
  // Rename while the lock is held, so no other run truncates the
  // temporary between the last write and the rename.
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    status = WriteError(path_, errno);
    Discard();
    return status;
  }
  ::close(fd_);
  fd_ = -1;
  // The rename is durable once the folder is on disk too.
  if (const int dir = ::open(Folder(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return absl::OkStatus();
}

void OutputFile::Discard() {
  if (fd_ < 0) return;
  ::unlink(temp_path_.c_str());
  ::close(fd_);
  fd_ = -1;
  buffer_.clear();
}

}  // namespace odenek
