// The YAML loader (see yaml_loader.h): rule folders and in-memory rule
// texts → one RuleSetDef, file by file in sorted order, with the content hash
// and the names defined twice across files.
//
// The rest of load/, by what it reads:
//   yaml_tree.{h,cc}       YAML text → YNode tree (the only code that runs
//                          yaml-cpp and catches its exceptions)
//   rule_file_reader.{h,cc}, read_parameters.cc, read_programs.cc,
//   read_test_cases.cc     YNode tree → rule records, strictly
//   reforms.cc             reform files, ApplyReform
//   claim_document.cc      ParseClaimDocument
//   payments.cc            a programme's payments: block → variables
#include "load/yaml_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "load/load_diagnostics.h"
#include "load/rule_file_reader.h"
#include "load/sha256.h"
#include "util/status_macros.h"

namespace odenek::internal {
namespace {

namespace fs = std::filesystem;

struct RuleFile {
  std::string display_name;   // in diagnostics and RuleSetDef::files
  std::string relative_name;  // in the content hash
  std::string text;
  std::optional<Diagnostic> read_error;  // set: text was not read
};

// True for files under a folder named `tests` (YAML test cases).
bool IsTestFile(absl::string_view relative_name) {
  return absl::StartsWith(relative_name, "tests/") ||
         absl::StrContains(relative_name, "/tests/");
}

using NameIndex = absl::flat_hash_map<std::string, SourceLocation>;

// Parses one file into `result`, reporting names defined twice across files.
void LoadOneFile(const RuleFile& f, NodeIdAllocator& ids, NameIndex& parameters,
                 NameIndex& programs, NameIndex& tests, LoadResult& result) {
  RuleSetDef one;
  RuleFileReader reader(f.display_name, f.text, ids, result.diagnostics);
  const YNode* root = reader.Read();
  if (root == nullptr) return;
  reader.LoadRuleFile(*root, one);

  for (ParameterDef& p : one.parameters) {
    auto [it, inserted] = parameters.try_emplace(p.name, p.location);
    if (!inserted) {
      AddDiagnostic(
          p.location, "duplicate-name",
          absl::StrCat("parameter \"", p.name, "\" is already defined at ",
                       it->second.ToString()),
          result.diagnostics);
      continue;
    }
    result.rules.parameters.push_back(std::move(p));
  }
  result.rules.broken_parameters.insert(result.rules.broken_parameters.end(),
                                        one.broken_parameters.begin(),
                                        one.broken_parameters.end());
  for (ProgramDef& p : one.programs) {
    auto [it, inserted] = programs.try_emplace(p.id, p.location);
    if (!inserted) {
      AddDiagnostic(
          p.location, "duplicate-name",
          absl::StrCat("programme \"", p.id, "\" is already defined at ",
                       it->second.ToString()),
          result.diagnostics);
      continue;
    }
    result.rules.programs.push_back(std::move(p));
  }
  for (TestCaseDef& t : one.tests) {
    auto [it, inserted] =
        tests.try_emplace(absl::StrCat(t.program, "\n", t.name), t.location);
    if (!inserted) {
      AddDiagnostic(t.location, "duplicate-name",
                    absl::StrCat("test case \"", t.name, "\" of programme \"",
                                 t.program, "\" is already defined at ",
                                 it->second.ToString()),
                    result.diagnostics);
      continue;
    }
    result.rules.tests.push_back(std::move(t));
  }
}

// Loads the files in relative-name order, hashing each, and reports names
// defined twice across files.
LoadResult LoadFiles(std::vector<RuleFile> files, NodeIdAllocator& ids) {
  std::sort(files.begin(), files.end(),
            [](const RuleFile& a, const RuleFile& b) {
              return a.relative_name < b.relative_name;
            });
  LoadResult result;
  Sha256 hash;
  NameIndex parameters, programs, tests;
  for (const RuleFile& f : files) {
    result.rules.files.push_back(f.display_name);
    const bool hashed = !IsTestFile(f.relative_name);
    if (hashed) {
      hash.Update(f.relative_name);
      hash.Update(absl::string_view("\0", 1));
    }
    if (f.read_error) {
      if (hashed) {
        hash.Update("unread");
        hash.Update(absl::string_view("\0", 1));
      }
      result.diagnostics.push_back(*f.read_error);
      continue;
    }
    if (hashed) {
      hash.Update(absl::StrCat(f.text.size()));
      hash.Update(absl::string_view("\0", 1));
      hash.Update(f.text);
    }
    LoadOneFile(f, ids, parameters, programs, tests, result);
  }
  result.rules.content_hash = absl::StrCat("sha256:", hash.HexDigest());
  return result;
}

// What kind of file `mode` (st_mode) is, for messages.
const char* FileKindName(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

absl::Status RuleSetTooLarge(const std::string& dir) {
  return absl::InvalidArgumentError(absl::StrCat(
      "rule directory ", dir, ": its rule files (*.yaml, *.yml) add up to more than ",
      kMaxRuleSetBytes, " bytes (32 MiB); at most 32 MiB are allowed in one rule set "
      "(an engine limit)"));
}

std::string JoinPath(const std::string& dir, const std::string& relative) {
  if (dir.empty()) return relative;
  if (dir.back() == '/') return dir + relative;
  return absl::StrCat(dir, "/", relative);
}

}  // namespace

absl::StatusOr<std::string> ReadRuleFile(const std::string& path,
                                         const std::string& display_name) {
  // stat() before open(): opening a named pipe would wait for a writer, and
  // a device (/dev/zero) never ends.
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return absl::NotFoundError(
        absl::StrCat("cannot read ", display_name, ": ", std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(
        display_name, " is ", FileKindName(st.st_mode), ", not a regular file"));
  }
  if (static_cast<uintmax_t>(st.st_size) > kMaxFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "file is ", st.st_size, " bytes; at most ", kMaxFileBytes, " bytes (4 MiB) are allowed"));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot read ", display_name, ": ", std::strerror(errno)));
  }
  std::string out;
  size_t used = 0;
  int error = 0;
  // At most one byte past the limit: the file may have grown since stat().
  while (used <= kMaxFileBytes) {
    const size_t want = std::min<size_t>(kMaxFileBytes + 1 - used, 64 * 1024);
    if (out.size() < used + want) out.resize(used + want);
    const ssize_t n = ::read(fd, out.data() + used, want);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      error = errno;
      break;
    }
    used += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(used);
  if (error != 0) {
    return absl::DataLossError(
        absl::StrCat("cannot read ", display_name, ": ", std::strerror(error)));
  }
  if (out.size() > kMaxFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "file is larger than ", kMaxFileBytes, " bytes (4 MiB), the most allowed"));
  }
  return out;
}

absl::Status ListRuleFiles(const std::string& dir, std::vector<std::string>& files,
                           std::vector<Diagnostic>& problems) {
  // A walk of our own rather than recursive_directory_iterator: every entry
  // is looked at with lstat, so a link, a pipe or an unreadable folder is
  // named instead of skipped.
  std::vector<std::string> folders = {dir};
  while (!folders.empty()) {
    const std::string folder = std::move(folders.back());
    folders.pop_back();
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
      problems.push_back(FileError(folder, "folder-unreadable",
                                   absl::StrCat("cannot list the rule folder ", folder, ": ",
                                                ec.message())));
      continue;
    }
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const std::string path = JoinPath(folder, it->path().filename().string());
      const std::string ext = it->path().extension().string();
      const bool rule_file = ext == ".yaml" || ext == ".yml";
      struct stat st;
      if (::lstat(path.c_str(), &st) != 0) {
        problems.push_back(FileError(path, "file-unreadable",
                                     absl::StrCat("cannot read ", path, ": ",
                                                  std::strerror(errno))));
        continue;
      }
      if (S_ISLNK(st.st_mode)) {
        // Refused, not followed: a link may lead out of the folder the rule
        // set is reviewed and hashed as, into a loop, or nowhere.
        problems.push_back(FileError(
            path, "symlink",
            "a symbolic link inside the rule folder; links are not followed (a rule set "
            "is the files and folders under its folder: copy the file or folder in)"));
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        folders.push_back(path);
        continue;
      }
      if (!rule_file) continue;  // README.md and the like
      if (!S_ISREG(st.st_mode)) {
        problems.push_back(FileError(
            path, "file-unreadable",
            absl::StrCat("a rule file must be a regular file; this is ",
                         FileKindName(st.st_mode))));
        continue;
      }
      files.push_back(path);
      if (files.size() > static_cast<size_t>(kMaxRuleFiles)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "rule directory ", dir, " holds more than ", kMaxRuleFiles,
            " rule files (*.yaml, *.yml); at most ", kMaxRuleFiles,
            " are allowed in one rule set (an engine limit)"));
      }
    }
    if (ec) {
      problems.push_back(FileError(folder, "folder-unreadable",
                                   absl::StrCat("cannot list the rule folder ", folder, ": ",
                                                ec.message())));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<LoadResult> LoadRuleDirectory(const std::string& dir,
                                             NodeIdAllocator& ids, bool include_tests) {
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (ec || !fs::exists(status)) {
    return absl::NotFoundError(absl::StrCat("rule directory not found: ", dir));
  }
  if (!fs::is_directory(status)) {
    return absl::NotFoundError(absl::StrCat("not a rule directory: ", dir));
  }
  std::vector<std::string> paths;
  std::vector<Diagnostic> problems;
  ODENEK_RETURN_IF_ERROR(ListRuleFiles(dir, paths, problems));
  std::vector<RuleFile> files;
  uintmax_t total_bytes = 0;  // file sizes of the rule files so far
  uintmax_t read_bytes = 0;   // bytes actually read from them
  for (const std::string& path : paths) {
    RuleFile f;
    f.display_name = path;
    f.relative_name = fs::path(path).lexically_relative(dir).generic_string();
    if (!include_tests && IsTestFile(f.relative_name)) continue;
    std::error_code file_ec;
    const uintmax_t size = fs::file_size(path, file_ec);
    // The folder's limits are checked before a file is read, so a hostile
    // folder costs at most the limit in memory, not its whole size.
    if (!file_ec && size <= kMaxFileBytes) {  // a bigger one is not read
      total_bytes += size;
      if (total_bytes > kMaxRuleSetBytes) return RuleSetTooLarge(dir);
    }
    absl::StatusOr<std::string> text = ReadRuleFile(path, f.display_name);
    if (text.ok()) {
      f.text = std::move(*text);
      // Again by what was read: a file may grow after file_size().
      read_bytes += f.text.size();
      if (read_bytes > kMaxRuleSetBytes) return RuleSetTooLarge(dir);
    } else {
      const bool too_large = text.status().code() == absl::StatusCode::kInvalidArgument;
      f.read_error = FileError(f.display_name, too_large ? "file-too-large" : "file-unreadable",
                               std::string(text.status().message()));
    }
    files.push_back(std::move(f));
  }
  LoadResult result = LoadFiles(std::move(files), ids);
  result.diagnostics.insert(result.diagnostics.end(), problems.begin(), problems.end());
  if (result.rules.programs.empty() && !HasErrors(result.diagnostics)) {
    // Nothing to evaluate is never what was meant: an empty or wrong folder
    // would otherwise validate as "0 errors" and test as "0 passed".
    result.diagnostics.push_back(FileError(
        dir, "no-programs",
        absl::StrCat("rule directory ", dir,
                     " defines no programme (no rule file with `program:`); a rule set "
                     "needs at least one")));
  }
  return result;
}

LoadResult LoadRuleTexts(
    const std::vector<std::pair<std::string, std::string>>& files,
    NodeIdAllocator& ids) {
  std::vector<RuleFile> rule_files;
  rule_files.reserve(files.size());
  for (const auto& [name, text] : files) {
    RuleFile f;
    f.display_name = name;
    f.relative_name = name;
    f.text = text;
    rule_files.push_back(std::move(f));
  }
  return LoadFiles(std::move(rule_files), ids);
}

}  // namespace odenek::internal
