// The YAML loader (yaml_loader.cc): rule texts and rule folders into one rule
// set, in sorted order, with its content hash and the names defined twice;
// the folder walk and its limits. Each section of a rule file has its own
// test beside its reader (read_parameters_test.cc, ...).
#include "load/yaml_loader.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "load/sha256.h"
#include "load/yaml_loader_test_util.h"
#include "tests/testing/status_matchers.h"

namespace odenek::internal {
namespace {

using ::odenek::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST(YamlLoaderTest, CompleteRuleSetHasNoDiagnostics) {
  LoadResult r = LoadComplete();
  EXPECT_THAT(Formatted(r.diagnostics), IsEmpty());
  EXPECT_EQ(r.rules.parameters.size(), 4u);
  EXPECT_EQ(r.rules.programs.size(), 1u);
  EXPECT_EQ(r.rules.tests.size(), 1u);
}

TEST(YamlLoaderTest, FilesAreListedInSortedOrder) {
  LoadResult r = LoadComplete();
  EXPECT_THAT(r.rules.files,
              ElementsAre("issizlik/program.yaml", "issizlik/tests/t.yaml",
                          "parametreler/p.yaml"));
}

// ---- Content hash
// ---------------------------------------------------------------

TEST(YamlLoaderTest, ContentHashCoversNamesAndBytesInSortedOrder) {
  NodeIdAllocator ids;
  LoadResult r = LoadRuleTexts({{"b.yaml", "# b\n"}, {"a.yaml", "# a\n"}}, ids);
  const std::string nul(1, '\0');
  EXPECT_EQ(
      r.rules.content_hash,
      "sha256:" + Sha256Hex(absl::StrCat("a.yaml", nul, "4", nul, "# a\n",
                                         "b.yaml", nul, "4", nul, "# b\n")));
}

TEST(YamlLoaderTest, TestCaseFilesAreLoadedButNotHashed) {
  NodeIdAllocator ids;
  const std::string rules = "# rules\n";
  LoadResult without = LoadRuleTexts({{"a.yaml", rules}}, ids);
  LoadResult with = LoadRuleTexts(
      {{"a.yaml", rules}, {"p/tests/t.yaml",
        "tests:\n  - {name: t, program: p, input: {}, expect: {status: eligible}}\n"}},
      ids);
  EXPECT_EQ(with.rules.content_hash, without.rules.content_hash);
  EXPECT_EQ(with.rules.tests.size(), 1u);
}

TEST(YamlLoaderTest, ContentHashChangesWithOneByte) {
  EXPECT_NE(LoadOne("# x\n").rules.content_hash,
            LoadOne("# y\n").rules.content_hash);
}

TEST(YamlLoaderTest, SameParameterInTwoFiles) {
  NodeIdAllocator ids;
  const char* text =
      "parameters:\n  x: {reference: r, values: {2023-01-01: 1}}\n";
  LoadResult r = LoadRuleTexts({{"a.yaml", text}, {"b.yaml", text}}, ids);
  EXPECT_THAT(
      Formatted(r.diagnostics),
      ElementsAre("b.yaml:2:3: error: parameter \"x\" is already defined at "
                  "a.yaml:2:3"));
}

// ---- Directories
// -------------------------------------------------------------------

TEST(YamlLoaderTest, MissingDirectoryIsNotFound) {
  NodeIdAllocator ids;
  EXPECT_THAT(LoadRuleDirectory("/nonexistent/odenek/rules", ids),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent")));
}

TEST(YamlLoaderTest, FileIsNotADirectory) {
  const std::string path =
      ::testing::TempDir() + "/odenek_loader_plain_file.yaml";
  std::ofstream(path) << "# x\n";
  NodeIdAllocator ids;
  EXPECT_THAT(LoadRuleDirectory(path, ids),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr(path)));
}

// A fresh, empty folder under the test's temp dir.
std::filesystem::path EmptyDir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(YamlLoaderTest, RuleFilesUpToTheCountLimitLoad) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_many_ok");
  for (int i = 0; i < kMaxRuleFiles; ++i) {
    std::ofstream(dir / absl::StrCat("p", i, ".yaml")) << "# empty\n";
  }
  std::ofstream(dir / "notes.txt") << "not a rule file\n";  // not counted
  NodeIdAllocator ids;
  ASSERT_OK_AND_ASSIGN(LoadResult r, LoadRuleDirectory(dir.string(), ids));
  EXPECT_EQ(r.rules.files.size(), static_cast<size_t>(kMaxRuleFiles));
}

TEST(YamlLoaderTest, MoreRuleFilesThanTheLimitIsAnError) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_many");
  std::filesystem::create_directories(dir / "sub");
  for (int i = 0; i <= kMaxRuleFiles; ++i) {
    std::ofstream(dir / (i % 2 ? "sub" : ".") / absl::StrCat("p", i, ".yml"))
        << "# empty\n";
  }
  NodeIdAllocator ids;
  EXPECT_THAT(
      LoadRuleDirectory(dir.string(), ids),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr(absl::StrCat("rule directory ", dir.string(),
                                            " holds more than 1000 rule files")),
                     HasSubstr("at most 1000 are allowed"))));
}

// ---- Nothing in a rule folder is skipped silently (issue #14).

constexpr char kMinimalProgram[] =
    "program: deneme\ntitle: Deneme\nreference: Deneme K. m.1\n"
    "inputs:\n  x: {type: gun}\n"
    "conditions:\n  - id: c\n    expr: x > 0 gun\n    message: m\n    reference: Deneme K. m.2\n";

// The error diagnostics of loading `dir`, formatted.
std::vector<std::string> LoadErrors(const std::filesystem::path& dir) {
  NodeIdAllocator ids;
  absl::StatusOr<LoadResult> r = LoadRuleDirectory(dir.string(), ids);
  std::vector<std::string> out;
  if (!r.ok()) return {std::string(r.status().message())};
  for (const Diagnostic& d : r->diagnostics) {
    if (d.severity == Severity::kError) out.push_back(FormatDiagnostic(d));
  }
  return out;
}

TEST(YamlLoaderTest, AFolderWithAProgrammeLoadsWithoutErrors) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_one_program");
  std::ofstream(dir / "program.yaml") << kMinimalProgram;
  EXPECT_THAT(LoadErrors(dir), ::testing::IsEmpty());
}

TEST(YamlLoaderTest, AFolderWithoutAProgrammeIsAnError) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_no_program");
  std::ofstream(dir / "parametreler.yaml")
      << "parameters:\n  a.b:\n    unit: oran\n    reference: R\n    values:\n"
         "      2020-01-01: 0.5\n";
  EXPECT_THAT(LoadErrors(dir),
              ElementsAre(HasSubstr("defines no programme (no rule file with `program:`)")));
  EXPECT_THAT(LoadErrors(EmptyDir("odenek_loader_empty")),
              ElementsAre(HasSubstr("defines no programme")));
}

TEST(YamlLoaderTest, ASymlinkedProgrammeFolderIsAnErrorNamingIt) {
  const std::filesystem::path real = EmptyDir("odenek_loader_link_target");
  std::ofstream(real / "program.yaml") << kMinimalProgram;
  const std::filesystem::path dir = EmptyDir("odenek_loader_link");
  std::ofstream(dir / "program.yaml") << kMinimalProgram;
  std::filesystem::create_directory_symlink(real, dir / "baska");
  EXPECT_THAT(LoadErrors(dir),
              ElementsAre(AllOf(HasSubstr((dir / "baska").string() + ": error:"),
                                HasSubstr("a symbolic link inside the rule folder"))));
}

TEST(YamlLoaderTest, ADanglingOrLoopingSymlinkIsAnErrorNamingIt) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_dangling");
  std::ofstream(dir / "program.yaml") << kMinimalProgram;
  std::filesystem::create_symlink(dir / "yok.yaml", dir / "x.yaml");
  std::filesystem::create_directory_symlink(dir, dir / "loop");
  EXPECT_THAT(LoadErrors(dir),
              UnorderedElementsAre(HasSubstr((dir / "x.yaml").string() + ": error: a symbolic link"),
                                   HasSubstr((dir / "loop").string() + ": error: a symbolic link")));
}

TEST(YamlLoaderTest, ARuleFileThatIsAPipeIsAnErrorAndIsNotOpened) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_fifo");
  std::ofstream(dir / "program.yaml") << kMinimalProgram;
  ASSERT_EQ(mkfifo((dir / "boru.yaml").c_str(), 0644), 0);
  // Opening the pipe would wait for a writer forever: the test would hang.
  EXPECT_THAT(LoadErrors(dir),
              ElementsAre(AllOf(HasSubstr((dir / "boru.yaml").string()),
                                HasSubstr("must be a regular file; this is a named pipe"))));
  EXPECT_THAT(ReadRuleFile((dir / "boru.yaml").string(), "boru.yaml"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("boru.yaml is a named pipe (FIFO), not a regular file")));
}

// root reads everything, so as root the load runs in a child process that
// has become `nobody` (uid 65534) first.
TEST(YamlLoaderTest, AnUnreadableFolderOrFileIsAnErrorNamingIt) {
  const std::filesystem::path dir = EmptyDir("odenek_loader_unreadable");
  std::ofstream(dir / "program.yaml") << kMinimalProgram;
  std::filesystem::create_directory(dir / "kapali");
  std::ofstream(dir / "kapali" / "p.yaml") << "# x\n";
  std::ofstream(dir / "gizli.yaml") << "# x\n";
  std::filesystem::permissions(dir / "kapali", std::filesystem::perms::none);
  std::filesystem::permissions(dir / "gizli.yaml", std::filesystem::perms::none);
  const auto expected = UnorderedElementsAre(
      HasSubstr("cannot list the rule folder " + (dir / "kapali").string() +
                ": Permission denied"),
      HasSubstr("cannot read " + (dir / "gizli.yaml").string() + ": Permission denied"));
  if (geteuid() != 0) {
    EXPECT_THAT(LoadErrors(dir), expected);
  } else {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      if (setgid(65534) != 0 || setuid(65534) != 0) _exit(2);
      _exit(::testing::Matches(expected)(LoadErrors(dir)) ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 2) GTEST_SKIP() << "cannot become uid 65534";
    EXPECT_EQ(WEXITSTATUS(status), 0) << "the errors did not name the folder and the file";
  }
  std::filesystem::permissions(dir / "kapali", std::filesystem::perms::owner_all);
}

TEST(YamlLoaderTest, RuleFilesOverTheTotalSizeLimitAreAnError) {
  // Nine files of 4 MiB each (sparse: the limit is checked before reading)
  // are 36 MiB, each under the per-file limit, together over 32 MiB.
  const std::filesystem::path dir = EmptyDir("odenek_loader_big");
  for (int i = 0; i < 9; ++i) {
    const std::filesystem::path file = dir / absl::StrCat("p", i, ".yaml");
    std::ofstream(file) << "# big\n";
    std::filesystem::resize_file(file, kMaxFileBytes);
  }
  NodeIdAllocator ids;
  EXPECT_THAT(
      LoadRuleDirectory(dir.string(), ids),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr(absl::StrCat("rule directory ", dir.string(),
                                            ": its rule files")),
                     HasSubstr("more than 33554432 bytes (32 MiB)"))));
}

TEST(YamlLoaderTest, OneOversizedFileIsADiagnosticNotTheSetLimit) {
  // A single file over 4 MiB (even over 32 MiB) is not read, so it does not
  // count towards the set: it gets its own diagnostic.
  const std::filesystem::path dir = EmptyDir("odenek_loader_huge_file");
  const std::filesystem::path file = dir / "huge.yaml";
  std::ofstream(file) << "# huge\n";
  std::filesystem::resize_file(file, kMaxRuleSetBytes + 1);
  NodeIdAllocator ids;
  ASSERT_OK_AND_ASSIGN(LoadResult r, LoadRuleDirectory(dir.string(), ids));
  EXPECT_THAT(Formatted(r.diagnostics),
              ElementsAre(HasSubstr("huge.yaml: error: file is 33554433 bytes")));
}

TEST(YamlLoaderTest, DirectoryIsReadRecursivelyAndHashedLikeTexts) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(::testing::TempDir()) / "odenek_loader_dir";
  fs::remove_all(dir);
  fs::create_directories(dir / "prog" / "tests");
  std::ofstream(dir / "prog" / "program.yaml") << kProgram;
  std::ofstream(dir / "prog" / "tests" / "t.yml") << kTests;
  std::ofstream(dir / "params.yaml") << kParameters;
  std::ofstream(dir / "notes.txt") << "not a rule file: [";

  NodeIdAllocator ids;
  ASSERT_OK_AND_ASSIGN(LoadResult r, LoadRuleDirectory(dir.string(), ids));
  EXPECT_THAT(Formatted(r.diagnostics), IsEmpty());
  EXPECT_THAT(r.rules.files, ElementsAre(dir.string() + "/params.yaml",
                                         dir.string() + "/prog/program.yaml",
                                         dir.string() + "/prog/tests/t.yml"));
  EXPECT_EQ(r.rules.programs.size(), 1u);
  EXPECT_EQ(r.rules.tests.size(), 1u);
  EXPECT_EQ(r.rules.parameters.size(), 4u);

  NodeIdAllocator ids2;
  LoadResult same = LoadRuleTexts({{"params.yaml", kParameters},
                                   {"prog/program.yaml", kProgram},
                                   {"prog/tests/t.yml", kTests}},
                                  ids2);
  EXPECT_EQ(r.rules.content_hash, same.rules.content_hash);
  fs::remove_all(dir);
}

TEST(YamlLoaderTest, ReformFilesInTheRuleFolderAreSkipped) {
  NodeIdAllocator ids;
  LoadResult r = LoadRuleTexts(
      {{"reforms/r.yaml", "reform: x\ntitle: t\nparameters: {}\n"}}, ids);
  EXPECT_THAT(Formatted(r.diagnostics), IsEmpty());
  EXPECT_THAT(r.rules.files, ElementsAre("reforms/r.yaml"));
}

}  // namespace
}  // namespace odenek::internal
