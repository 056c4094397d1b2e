// The YAML loader: rule files, reform files and claim documents → plain
// records.
//
// A rule set is a folder of YAML files (docs/rules.md). The loader reads them
// strictly: every key is checked against the keys its place allows, every value
// against the kind its place expects (map, list, text), every date and decimal
// is parsed exactly (never through binary floating point), and every expression
// is parsed into an AST (ast/parser.h). It does not resolve names or check
// types and units: that is check/'s job.
//
// Loading never stops at the first problem. Each problem becomes a Diagnostic
// naming file:line:column (1-based; columns count bytes, as the expression
// parser's offsets do) and saying what was expected and what was found; the
// item at fault (a parameter, a variable, a condition, a test case) is left out
// of the records and loading goes on with the next one.
//
// Limits, so hostile or broken files give clear errors rather than crashes: a
// file may be at most kMaxFileBytes long, nest at most kMaxNestingDepth
// maps/lists deep and hold at most kMaxNodesPerFile YAML nodes; anchors and
// aliases are refused (billion-laughs protection). A file that breaks a limit
// is reported with one diagnostic and contributes nothing.
//
// This is the only place in engine/ that sees yaml-cpp: its exceptions are
// caught here (load/yaml_tree.cc) and become diagnostics (or InvalidArgument
// for claims) carrying yaml-cpp's mark, 1-based. No exception leaves these
// functions.
#ifndef ODENEK_ENGINE_SRC_LOAD_YAML_LOADER_H_
#define ODENEK_ENGINE_SRC_LOAD_YAML_LOADER_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ast/ast.h"
#include "load/rule_records.h"
#include "odenek/diagnostic.h"

namespace odenek::internal {

// Engine limits (tuning, not law). A real rule file is a few KiB; these only
// stop runaway or malicious input.
inline constexpr size_t kMaxFileBytes = 4 * 1024 * 1024;  // 4 MiB per file
inline constexpr int kMaxNestingDepth = 64;      // maps/lists inside each other
inline constexpr int kMaxNodesPerFile = 100000;  // scalars + maps + lists
// A whole rule folder (LoadRuleDirectory, tests included when loaded). The
// per-file limit alone lets a folder of many files use unbounded memory and
// time; the built-in rules are about 50 files and 300 KiB.
inline constexpr int kMaxRuleFiles = 1000;                    // *.yaml + *.yml
inline constexpr size_t kMaxRuleSetBytes = 32 * 1024 * 1024;  // 32 MiB, all files

// Everything loaded, plus every problem found (loading never stops at the
// first). `rules` holds every item that loaded without error; if `diagnostics`
// has an error, `rules` is incomplete and must not be evaluated.
struct LoadResult {
  RuleSetDef rules;
  std::vector<Diagnostic> diagnostics;
};

// LoadRuleDirectory()
//
// Reads every *.yaml / *.yml file under `dir` recursively, in sorted path order
// (by the path relative to `dir`, '/'-separated). Files are named in
// diagnostics and in `rules.files` by the path as given: `dir` + "/" + relative
// path. `rules.content_hash` is "sha256:" + the hex SHA-256 over every file
// read, in that order, each as (relative path, NUL, byte length, NUL, bytes),
// so it does not depend on where the folder lives.
//
// Files under a folder named `tests` hold YAML test cases: they are loaded only
// when `include_tests` is set (odenek test, validate) and are never part of the
// content hash, which identifies the rules that produce results.
//
// A file whose top level has `reform:` is a reform file (docs/rules.md §6, used
// by test cases' `reforms:`): it is hashed and listed but not loaded into the
// base.
//
// Expression node ids come from `ids`, so they are unique across everything
// loaded with the same allocator.
//
// Nothing is skipped silently (issue #14): a symbolic link anywhere inside
// `dir` (to a file, a folder, or nowhere) is refused, not followed; a rule
// file that is not a regular file (a named pipe, a device), a file or folder
// that cannot be read, and a folder that defines no programme are error
// diagnostics naming it (see ListRuleFiles).
//
// Returns NotFound if `dir` does not exist or is not a directory,
// InvalidArgument naming `dir` and the limit if it holds more than
// kMaxRuleFiles rule files or more than kMaxRuleSetBytes in them (counted
// before reading, so a huge folder is not read). Unreadable or oversized single
// files are diagnostics, not errors.
absl::StatusOr<LoadResult> LoadRuleDirectory(const std::string& dir,
                                             NodeIdAllocator& ids,
                                             bool include_tests = true);

// ListRuleFiles()
//
// Appends the path (`dir` + "/" + relative path) of every rule file (*.yaml,
// *.yml) under `dir`, recursively, in no particular order, to `files`. Each
// entry is looked at without following links: a symbolic link is a problem
// (code "symlink"), and so are a rule file that is not a regular file and a
// folder that cannot be listed ("file-unreadable", "folder-unreadable"), each
// appended to `problems` as an error naming the path. Files that are not rule
// files are ignored. InvalidArgument past kMaxRuleFiles rule files.
absl::Status ListRuleFiles(const std::string& dir, std::vector<std::string>& files,
                           std::vector<Diagnostic>& problems);

// ReadRuleFile()
//
// Reads one YAML file (a rule file, a reform, a test file). Only a regular
// file is opened (a named pipe or a device would block or never end:
// FailedPrecondition "NAME is a named pipe (FIFO), not a regular file"); one
// over kMaxFileBytes is refused by its size before it is read and again by
// what was read (InvalidArgument "file is N bytes; at most ..."). NotFound,
// PermissionDenied or DataLoss "cannot read NAME: reason" otherwise.
// `display_name` names the file in messages.
absl::StatusOr<std::string> ReadRuleFile(const std::string& path,
                                         const std::string& display_name);

// LoadRuleTexts()
//
// Same as LoadRuleDirectory() for in-memory files (name → text), for embedders
// and tests. Files are processed in sorted name order and named in diagnostics
// by `name`; the hash uses `name` as the relative path.
//
// Example:
//
//   NodeIdAllocator ids;
//   LoadResult r = LoadRuleTexts({{"p.yaml", "parameters:\n  x: 1\n"}}, ids);
//   FormatDiagnostic(r.diagnostics[0]);
//   // "p.yaml:2:6: error: expected a map for parameter \"x\", found the text
//   \"1\""
LoadResult LoadRuleTexts(
    const std::vector<std::pair<std::string, std::string>>& files,
    NodeIdAllocator& ids);

// LoadReformFile()
//
// Reads a reform file (docs/rules.md §6):
//
//   reform: ID            (required)    title:, reference:, description: (text)
//   parameters:           name → {type?, unit?, description?, reference?,
//   values,
//                         end?}; without `type:` the kind is taken from the
//                         values' shape (text: number, list: set, map: scale)
//   programs:             programme id → either a patch of an existing
//   programme
//                         {inputs?, variables?, conditions?,
//                         remove_conditions?, outputs?} or, when it has
//                         `title:`, a whole new programme (the keys of a
//                         programme file, without `program:`).
//
// Problems in the file are appended to `diagnostics` (as for rule files).
// Returns NotFound if `path` does not exist, InvalidArgument if it is not a
// regular file, Unknown if it cannot be read.
absl::StatusOr<ReformDef> LoadReformFile(const std::string& path,
                                         NodeIdAllocator& ids,
                                         std::vector<Diagnostic>& diagnostics);

// LoadReformText()
//
// Same as LoadReformFile() for a reform already in memory; `name` names the
// file in diagnostics and in the returned record's locations.
ReformDef LoadReformText(const std::string& name, const std::string& text,
                         NodeIdAllocator& ids,
                         std::vector<Diagnostic>& diagnostics);

// ApplyReform()
//
// Applies `reform` to `rules`, in place:
//   - parameters: values merged by date into the base parameter (a value on the
//     same date replaces the base's; others are inserted in date order); `end`,
//     `description` and `reference` replace the base's when given; a different
//     `unit` or value kind is an error. A parameter the base lacks is added,
//     and then needs `reference` and, unless it is a set, `unit`.
//   - programme patches: inputs and variables replace by name or are added,
//     conditions replace by id or are added, `remove_conditions` removes by id,
//     `outputs` replaces the list.
//   - new programmes are added; one whose id exists already is an error.
// Problems (unknown programme, unknown condition to remove, unknown parameter
// without unit/reference, ...) are appended to `diagnostics`, placed in the
// reform file. `rules.content_hash` becomes the hash of the old hash and the
// reform's content_hash, so results name the reformed rules exactly.
void ApplyReform(const ReformDef& reform, RuleSetDef& rules,
                 std::vector<Diagnostic>& diagnostics);

// ParseClaimDocument()
//
// Parses one claim document, YAML or JSON (JSON is read as YAML flow style),
// into a ClaimValue tree. Scalars keep their text (and whether they were
// quoted) with their location in `file_name`; plain `null`, `~` and empty
// values are kNull. Maps keep source order.
//
// Returns InvalidArgument naming file:line:column on a syntax error, a
// duplicate key, a non-text map key, an anchor or alias, more than one
// document, an empty document, or when a limit above is exceeded.
//
// Example:
//
//   absl::StatusOr<ClaimValue> c =
//       ParseClaimDocument(R"({"id": "k1", "prim_gun_3_yil": 720})",
//       "k1.json");
//   // c->object[1].first == "prim_gun_3_yil", c->object[1].second.scalar ==
//   "720"
absl::StatusOr<ClaimValue> ParseClaimDocument(absl::string_view text,
                                              const std::string& file_name);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_LOAD_YAML_LOADER_H_
