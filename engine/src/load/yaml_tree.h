// The YAML tree: the text of a rule file, a reform or a claim document as a
// small tree of our own (YNode), and the helpers that read it.
//
// ReadYaml() feeds yaml-cpp's event parser into a TreeBuilder (yaml_tree.cc).
// Events, not YAML::Node, because only events tell us about duplicate keys
// (YAML::Node keeps both entries and node["k"] silently returns the first),
// anchors and aliases (YAML::Node expands them: billion laughs), nesting depth
// and node count before anything large is built. yaml_tree.cc is the only code
// in engine/ that calls yaml-cpp, and the only code in load/ that catches
// exceptions.
//
// Internal to load/: the rest of the engine sees rule records and ClaimValue
// trees (rule_records.h), never a YNode.
#ifndef ODENEK_ENGINE_SRC_LOAD_YAML_TREE_H_
#define ODENEK_ENGINE_SRC_LOAD_YAML_TREE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "load/rule_records.h"

namespace odenek::internal {

// A YAML node as we keep it: scalars as text, maps in source order.
struct YNode {
  enum class Kind { kNull, kScalar, kList, kMap };
  Kind kind = Kind::kNull;
  std::string value;    // scalars: the text after YAML unescaping/folding
  bool quoted = false;  // scalars: not plain (quoted, literal or folded)
  int line = 0;         // 1-based
  int column = 0;       // 1-based, in bytes
  size_t pos = 0;       // 0-based byte offset of the node in the text
  std::vector<YNode> children;  // list items, or map values (keys below)
  // Map values only: the key's text and place.
  std::string key;
  int key_line = 0;
  int key_column = 0;
};

// A problem found while reading YAML (line/column 1-based; 0 unknown).
struct ReadProblem {
  int line = 0;
  int column = 0;
  std::string code;
  std::string message;
};

// What ReadYaml() found: the documents of the text, in order, and every
// problem.
struct ReadOutcome {
  std::vector<YNode> documents;
  std::vector<int> document_lines;  // where each document starts
  std::vector<ReadProblem> problems;
  bool fatal = false;  // a syntax error or a broken limit: documents dropped
};

// ReadYaml()
//
// Parses `text` into trees, enforcing the limits of yaml_loader.h
// (kMaxNestingDepth, kMaxNodesPerFile; anchors and aliases are refused) and
// checking that it is UTF-8 first. `where` ("rule files", "claim documents")
// names what is read in the anchor message. The only place that runs
// yaml-cpp's parser: every exception it throws is caught here and becomes a
// fatal problem at its mark. After a fatal problem `documents` is empty.
ReadOutcome ReadYaml(absl::string_view text, absl::string_view where);

// ---- Reading a tree (the rule-file reader and claim documents)

// `s` in double quotes for a message, cut after 60 bytes.
std::string Quote(absl::string_view s);

// "a map", "a list", "nothing", "the text \"abc\"".
std::string Describe(const YNode& n);

// The value of `key` in `map`, or nullptr (also when `map` is not a map).
const YNode* Find(const YNode& map, absl::string_view key);

// Plain `null`, `~` and empty scalars are YAML's null.
bool IsPlainNull(const YNode& n);

// `n` as a claim tree (test inputs, claim documents), each value placed in
// `file`. Maps keep source order; plain nulls are kNull.
ClaimValue ToClaimValue(const YNode& n, const std::string& file);

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_LOAD_YAML_TREE_H_
