// The YAML loader (see yaml_loader.h).
//
// Two layers:
//   1. TreeBuilder: yaml-cpp's event parser feeding our own small tree (YNode).
//      Events, not YAML::Node, because only events tell us about duplicate keys
//      (YAML::Node keeps both entries and node["k"] silently returns the
//      first), anchors and aliases (YAML::Node expands them: billion laughs),
//      nesting depth and node count before anything large is built. This layer
//      is the only code that calls yaml-cpp, and the only code that catches
//      exceptions.
//   2. RuleFileReader: YNode → records, with strict keys and kinds, reporting
//      every problem as a Diagnostic and dropping the item at fault.
#include "load/yaml_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ast/parser.h"
#include "load/payments.h"
#include "load/sha256.h"
#include "util/status_macros.h"
#include "yaml-cpp/eventhandler.h"
#include "yaml-cpp/exceptions.h"
#include "yaml-cpp/mark.h"
#include "yaml-cpp/parser.h"

namespace odenek::internal {
namespace {

namespace fs = std::filesystem;

// ---- Layer 1: YAML text → YNode tree
// ------------------------------------------

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

struct ReadOutcome {
  std::vector<YNode> documents;
  std::vector<int> document_lines;  // where each document starts
  std::vector<ReadProblem> problems;
  bool fatal = false;  // a syntax error or a broken limit: documents dropped
};

std::string TooDeepMessage() {
  return absl::StrCat("YAML nesting is too deep: at most ", kMaxNestingDepth,
                      " levels of maps and lists are allowed");
}

// Builds YNode trees from yaml-cpp's parse events, enforcing the limits.
// Non-fatal problems (duplicate or non-text keys) drop the entry and go on;
// fatal ones (limits, anchors) make it ignore every later event.
class TreeBuilder : public YAML::EventHandler {
 public:
  // `where`: "rule files" or "claim documents", for the anchor message.
  // `text`: what is being parsed, to quote in messages.
  TreeBuilder(absl::string_view where, absl::string_view text)
      : where_(where), text_(text) {}

  ReadOutcome& outcome() { return outcome_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (outcome_.fatal) return;
    // yaml-cpp 0.7 can end a document without consuming the token that began
    // it (a ',' outside brackets: `,a: b`) and then returns that same empty
    // document forever (yaml-cpp issue #1040; fixed in 0.8). A document that
    // starts where the previous one did has made no progress: stop there.
    if (!outcome_.document_lines.empty() && mark.pos == last_document_pos_) {
      const size_t at = mark.pos < 0 ? 0 : static_cast<size_t>(mark.pos);
      const absl::string_view c = at < text_.size() ? text_.substr(at, 1) : "";
      Fatal(mark, "yaml-syntax",
            absl::StrCat("invalid YAML: unexpected \"", c,
                         "\": it does not start a value here"));
      return;
    }
    last_document_pos_ = mark.pos;
    outcome_.document_lines.push_back(mark.line + 1);
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (!Admit(mark, anchor)) return;
    YNode n = Leaf(mark);
    n.kind = YNode::Kind::kNull;
    Add(std::move(n));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override {
    AnchorsForbidden(mark);
  }

  void OnAnchor(const YAML::Mark& mark, const std::string& /*name*/) override {
    AnchorsForbidden(mark);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag,
                YAML::anchor_t anchor, const std::string& value) override {
    if (!Admit(mark, anchor)) return;
    YNode n = Leaf(mark);
    // yaml-cpp tags every non-plain scalar (quoted, literal, folded) with "!".
    n.quoted = tag == "!" || tag == "tag:yaml.org,2002:str";
    n.kind = YNode::Kind::kScalar;
    n.value = value;
    Add(std::move(n));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/,
                       YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    Open(mark, anchor, YNode::Kind::kList);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/,
                  YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    Open(mark, anchor, YNode::Kind::kMap);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Frame {
    YNode node;
    // Maps: the key read and waiting for its value.
    bool has_key = false;
    bool drop_value = false;  // key was bad or duplicate: discard the value
    std::string key;
    int key_line = 0;
    int key_column = 0;
    absl::flat_hash_map<std::string, std::pair<int, int>> seen;  // key → place
  };

  static YNode Leaf(const YAML::Mark& mark) {
    YNode n;
    n.line = mark.line + 1;
    n.column = mark.column + 1;
    n.pos = mark.pos < 0 ? 0 : static_cast<size_t>(mark.pos);
    return n;
  }

  void Fatal(const YAML::Mark& mark, std::string code, std::string message) {
    if (outcome_.fatal) return;
    outcome_.fatal = true;
    outcome_.problems.push_back(
        {mark.line + 1, mark.column + 1, std::move(code), std::move(message)});
  }

  void AnchorsForbidden(const YAML::Mark& mark) {
    Fatal(mark, "yaml-anchor",
          absl::StrCat("anchors and aliases are not allowed in ", where_));
  }

  // Counts a node and checks anchors; false if events are being ignored.
  bool Admit(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (outcome_.fatal) return false;
    if (anchor != YAML::NullAnchor) {
      AnchorsForbidden(mark);
      return false;
    }
    if (++node_count_ > kMaxNodesPerFile) {
      Fatal(mark, "yaml-too-large",
            absl::StrCat("too many YAML nodes: at most ", kMaxNodesPerFile,
                         " are allowed in one file"));
      return false;
    }
    return true;
  }

  void Open(const YAML::Mark& mark, YAML::anchor_t anchor, YNode::Kind kind) {
    if (!Admit(mark, anchor)) return;
    if (static_cast<int>(stack_.size()) >= kMaxNestingDepth) {
      Fatal(mark, "yaml-too-deep", TooDeepMessage());
      return;
    }
    Frame f;
    f.node = Leaf(mark);
    f.node.kind = kind;
    stack_.push_back(std::move(f));
  }

  void Close() {
    if (outcome_.fatal || stack_.empty()) return;
    YNode n = std::move(stack_.back().node);
    stack_.pop_back();
    Add(std::move(n));
  }

  // Places a finished node: as a document root, a list item, a map key or a
  // map value.
  void Add(YNode n) {
    if (stack_.empty()) {
      outcome_.documents.push_back(std::move(n));
      return;
    }
    Frame& top = stack_.back();
    if (top.node.kind == YNode::Kind::kList) {
      top.node.children.push_back(std::move(n));
      return;
    }
    if (!top.has_key) {
      top.has_key = true;
      top.drop_value = false;
      top.key_line = n.line;
      top.key_column = n.column;
      if (n.kind != YNode::Kind::kScalar) {
        top.drop_value = true;
        outcome_.problems.push_back(
            {n.line, n.column, "bad-key",
             absl::StrCat("expected text as a map key, found ",
                          n.kind == YNode::Kind::kMap    ? "a map"
                          : n.kind == YNode::Kind::kList ? "a list"
                                                         : "nothing")});
        return;
      }
      top.key = std::move(n.value);
      auto [it, inserted] =
          top.seen.try_emplace(top.key, std::make_pair(n.line, n.column));
      if (!inserted) {
        top.drop_value = true;
        outcome_.problems.push_back(
            {n.line, n.column, "duplicate-key",
             absl::StrCat("duplicate key \"", top.key, "\" (first at line ",
                          it->second.first, ", column ", it->second.second,
                          ")")});
      }
      return;
    }
    top.has_key = false;
    if (top.drop_value) return;
    n.key = std::move(top.key);
    n.key_line = top.key_line;
    n.key_column = top.key_column;
    // An empty value (`key:`) has yaml-cpp's mark on the next token; point at
    // the key instead.
    if (n.kind == YNode::Kind::kNull) {
      n.line = n.key_line;
      n.column = n.key_column;
    }
    top.node.children.push_back(std::move(n));
  }

  std::string where_;
  ReadOutcome outcome_;
  std::vector<Frame> stack_;
  int node_count_ = 0;
  absl::string_view text_;
  int last_document_pos_ = -1;
};

// yaml-cpp's scanner reads a whole flow collection (`[[[[...`) ahead before it
// reports the first event, slowly (seconds per MiB), so TreeBuilder's depth
// limit comes too late for hostile flow nesting. A linear pre-scan counts flow
// brackets outside quotes and comments and refuses the text if they nest
// deeper than this. It is far above kMaxNestingDepth (which TreeBuilder
// enforces exactly) because the count is approximate: a '[' inside a block
// plain scalar
// (`title: a[1`) counts too. An engine tuning, not law.
constexpr int kMaxFlowScanDepth = 1000;

// Where the flow brackets of `text` first nest deeper than kMaxNestingDepth, if
// they go on to nest deeper than kMaxFlowScanDepth; std::nullopt otherwise.
std::optional<std::pair<int, int>> HostileFlowNesting(absl::string_view text) {
  int depth = 0;
  int line = 1;
  int column = 1;
  std::pair<int, int> too_deep_at{0, 0};
  char previous = '\n';
  auto token_start = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '[' ||
           c == '{' || c == ',' || c == ':';
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (token_start(previous) && (c == '#' || c == '"' || c == '\'')) {
      // Skip a comment to the end of its line, or a quoted scalar to its close.
      const char close = c == '#' ? '\n' : c;
      size_t j = i + 1;
      for (; j < text.size(); ++j) {
        if (c == '"' && text[j] == '\\') {
          ++j;
        } else if (c == '\'' && text[j] == '\'' && j + 1 < text.size() &&
                   text[j + 1] == '\'') {
          ++j;
        } else if (text[j] == close) {
          break;
        }
      }
      for (size_t k = i; k < j && k < text.size(); ++k) {
        if (text[k] == '\n') {
          ++line;
          column = 1;
        } else {
          ++column;
        }
      }
      i = j - 1;  // the loop's ++i lands on the closing character
      previous = c;
      continue;
    }
    if (c == '[' || c == '{') {
      if (++depth == kMaxNestingDepth + 1) too_deep_at = {line, column};
      if (depth > kMaxFlowScanDepth) return too_deep_at;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    previous = c;
  }
  return std::nullopt;
}

// Length of the UTF-8 sequence starting at text[i] (1..4), or 0 if it is not
// valid UTF-8: a stray continuation byte, a truncated sequence, an overlong
// form, a surrogate (U+D800..DFFF) or a code point above U+10FFFF.
size_t Utf8SequenceLength(absl::string_view text, size_t i) {
  const auto byte = [&](size_t k) -> unsigned {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  const auto continuation = [](unsigned b) { return (b & 0xC0) == 0x80; };
  const unsigned b0 = byte(0);
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return continuation(byte(1)) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const unsigned b1 = byte(1);
    const bool ok = continuation(b1) && continuation(byte(2)) &&
                    (b0 != 0xE0 || b1 >= 0xA0) &&  // overlong
                    (b0 != 0xED || b1 < 0xA0);     // surrogate
    return ok ? 3 : 0;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const unsigned b1 = byte(1);
    const bool ok = continuation(b1) && continuation(byte(2)) &&
                    continuation(byte(3)) &&
                    (b0 != 0xF0 || b1 >= 0x90) &&  // overlong
                    (b0 != 0xF4 || b1 < 0x90);     // above U+10FFFF
    return ok ? 4 : 0;
  }
  return 0;
}

// Files must be UTF-8 text. yaml-cpp does not check this: invalid UTF-8 flows
// into ids, titles and messages (and from there into JSON output), a NUL byte
// derails its scanner into an error at the wrong place (or none, in a plain
// scalar), and a UTF-16/UTF-32 byte-order mark makes it transcode silently.
// So the text is checked first and the first bad byte is reported where it
// is. A UTF-8 byte-order mark is allowed (yaml-cpp skips it).
std::optional<ReadProblem> CheckEncoding(absl::string_view text) {
  if (absl::StartsWith(text, "\xFF\xFE") || absl::StartsWith(text, "\xFE\xFF") ||
      absl::StartsWith(text, absl::string_view("\0\0\xFE\xFF", 4))) {
    return ReadProblem{1, 1, "yaml-encoding",
                       "the file is UTF-16 or UTF-32 (it starts with that "
                       "byte-order mark); save it as UTF-8"};
  }
  int line = 1;
  int column = 1;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '\0') {
      return ReadProblem{line, column, "yaml-encoding",
                         "NUL byte in the text; files must be UTF-8 text"};
    }
    const size_t n = Utf8SequenceLength(text, i);
    if (n == 0) {
      return ReadProblem{
          line, column, "yaml-encoding",
          absl::StrCat("invalid UTF-8 (byte 0x",
                       absl::Hex(static_cast<unsigned char>(text[i]),
                                 absl::kZeroPad2),
                       "); files must be UTF-8 text")};
    }
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      column += static_cast<int>(n);  // columns count bytes
    }
    i += n;
  }
  return std::nullopt;
}


// yaml-cpp's messages name the parser's state ("illegal map value", "end of
// map not found"), not the author's slip. Says in plain words what usually
// causes them, looking at the text up to the error's line: a tab in the
// indentation, a quote or bracket left open, or keys that do not line up.
// Returns "" when nothing fits; else "; hint: ...".
static std::string YamlHint(absl::string_view text, int line, absl::string_view msg) {
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  const int last = std::min<int>(line, static_cast<int>(lines.size()));
  for (int k = 0; k < last; ++k) {
    absl::string_view l = lines[k];
    size_t indent = 0;
    while (indent < l.size() && (l[indent] == ' ' || l[indent] == '\t')) ++indent;
    if (l.substr(0, indent).find('\t') != absl::string_view::npos) {
      return absl::StrCat("; hint: line ", k + 1,
                          " is indented with a tab; YAML indents with spaces only");
    }
  }
  // Quotes and brackets opened and not closed, outside comments.
  int brackets = 0, braces = 0;
  int open_quote_line = 0;
  for (int k = 0; k < last; ++k) {
    char quote = 0;
    for (char c : lines[k]) {
      if (quote != 0) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '#') break;
      if (c == '"' || c == '\'') quote = c;
      if (c == '[') ++brackets;
      if (c == ']') --brackets;
      if (c == '{') ++braces;
      if (c == '}') --braces;
    }
    if (quote != 0) open_quote_line = k + 1;
  }
  if (open_quote_line != 0 || absl::StrContains(msg, "EOF in scalar")) {
    return absl::StrCat("; hint: a quote (\" or ') is opened",
                        open_quote_line != 0 ? absl::StrCat(" on line ", open_quote_line) : "",
                        " and not closed");
  }
  if (brackets > 0 || braces > 0 || absl::StrContains(msg, "flow")) {
    return absl::StrCat("; hint: a ", brackets > 0 ? "[" : braces > 0 ? "{" : "[ or {",
                        " is opened and not closed (or a comma is missing between items)");
  }
  if (absl::StrContains(msg, "map") || absl::StrContains(msg, "sequence") ||
      absl::StrContains(msg, "block entry")) {
    return absl::StrCat("; hint: check the indentation of line ", line,
                        " and the lines above it: the keys of one map start in the same "
                        "column, and a value containing \": \" or \" #\" must be quoted");
  }
  return "";
}
// Parses `text` into trees. The only place that runs yaml-cpp's parser: every
// exception it throws is caught here and becomes a fatal problem at its mark.
ReadOutcome ReadYaml(absl::string_view text, absl::string_view where) {
  if (std::optional<ReadProblem> bad = CheckEncoding(text)) {
    ReadOutcome out;
    out.fatal = true;
    out.problems.push_back(*std::move(bad));
    return out;
  }
  if (std::optional<std::pair<int, int>> at = HostileFlowNesting(text)) {
    ReadOutcome out;
    out.fatal = true;
    out.problems.push_back(
        {at->first, at->second, "yaml-too-deep", TooDeepMessage()});
    return out;
  }
  TreeBuilder builder(where, text);
  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    // After a fatal problem every event is ignored: reading on would only
    // cost time (or never end, see OnDocumentStart).
    while (!builder.outcome().fatal && parser.HandleNextDocument(builder)) {
    }
  } catch (const YAML::Exception& e) {
    ReadOutcome& out = builder.outcome();
    if (!out.fatal) {
      out.fatal = true;
      out.problems.push_back({e.mark.line + 1, e.mark.column + 1, "yaml-syntax",
                              absl::StrCat("invalid YAML: ", e.msg,
                                           YamlHint(text, e.mark.line + 1, e.msg))});
    }
  } catch (const std::exception& e) {
    ReadOutcome& out = builder.outcome();
    if (!out.fatal) {
      out.fatal = true;
      out.problems.push_back(
          {0, 0, "yaml-syntax", absl::StrCat("cannot read YAML: ", e.what())});
    }
  }
  ReadOutcome out = std::move(builder.outcome());
  if (out.fatal) out.documents.clear();
  return out;
}

// ---- Layer 2: YNode → records
// -------------------------------------------------------

constexpr absl::string_view kProgramKeys[] = {
    "title",  "reference", "description", "valid_from", "valid_to", "valid_on", "payments",
    "inputs", "variables", "conditions",  "outputs",   "optional_outputs", "event_outputs"};

std::string Quote(absl::string_view s) {
  constexpr size_t kMax = 60;
  if (s.size() > kMax) return absl::StrCat("\"", s.substr(0, kMax), "...\"");
  return absl::StrCat("\"", s, "\"");
}

// "a map", "a list", "nothing", "the text \"abc\"".
std::string Describe(const YNode& n) {
  switch (n.kind) {
    case YNode::Kind::kNull:
      return "nothing";
    case YNode::Kind::kList:
      return "a list";
    case YNode::Kind::kMap:
      return "a map";
    case YNode::Kind::kScalar:
      return absl::StrCat("the text ", Quote(n.value));
  }
  return "?";
}

const YNode* Find(const YNode& map, absl::string_view key) {
  if (map.kind != YNode::Kind::kMap) return nullptr;
  for (const YNode& c : map.children) {
    if (c.key == key) return &c;
  }
  return nullptr;
}

// Plain `null`, `~` and empty scalars are YAML's null.
bool IsPlainNull(const YNode& n) {
  if (n.kind == YNode::Kind::kNull) return true;
  if (n.kind != YNode::Kind::kScalar || n.quoted) return false;
  return n.value == "~" || n.value == "null" || n.value == "Null" ||
         n.value == "NULL";
}

ClaimValue ToClaimValue(const YNode& n, const std::string& file) {
  ClaimValue v;
  v.location = SourceLocation{file, n.line, n.column};
  if (IsPlainNull(n)) {
    v.kind = ClaimValue::Kind::kNull;
    return v;
  }
  switch (n.kind) {
    case YNode::Kind::kNull:
      v.kind = ClaimValue::Kind::kNull;
      break;
    case YNode::Kind::kScalar:
      v.kind = ClaimValue::Kind::kScalar;
      v.scalar = n.value;
      v.quoted = n.quoted;
      break;
    case YNode::Kind::kList:
      v.kind = ClaimValue::Kind::kList;
      v.list.reserve(n.children.size());
      for (const YNode& c : n.children) v.list.push_back(ToClaimValue(c, file));
      break;
    case YNode::Kind::kMap:
      v.kind = ClaimValue::Kind::kObject;
      v.object.reserve(n.children.size());
      for (const YNode& c : n.children) {
        v.object.emplace_back(c.key, ToClaimValue(c, file));
      }
      break;
  }
  return v;
}

// Reads the records of one file. Every problem is appended to `diagnostics`;
// each Parse* returns std::nullopt when the item had an error, so callers drop
// it and go on.
class RuleFileReader {
 public:
  RuleFileReader(const std::string& file, absl::string_view text,
                 NodeIdAllocator& ids, std::vector<Diagnostic>& diagnostics)
      : file_(file), text_(text), ids_(ids), diagnostics_(diagnostics) {}

  // Parses the YAML; reports read problems. Returns the single document's root,
  // or nullptr (empty file, or unreadable).
  const YNode* Read() {
    if (text_.size() > kMaxFileBytes) {
      Error(0, 0, "file-too-large",
            absl::StrCat("file is ", text_.size(), " bytes; at most ",
                         kMaxFileBytes, " bytes (4 MiB) are allowed"));
      return nullptr;
    }
    outcome_ = ReadYaml(text_, "rule files");
    for (ReadProblem& p : outcome_.problems) {
      Error(p.line, p.column, p.code, std::move(p.message));
    }
    if (outcome_.documents.empty()) return nullptr;
    if (outcome_.documents.size() > 1) {
      Error(outcome_.document_lines.size() > 1 ? outcome_.document_lines[1] : 0,
            1, "yaml-documents",
            "expected one YAML document per rule file, found a second one");
    }
    const YNode& root = outcome_.documents[0];
    if (IsPlainNull(root)) return nullptr;  // empty or comment-only file
    return &root;
  }

  // The top of a rule file: parameters:, program: (+ programme keys), tests:.
  // Returns true if the file is a reform file (top-level `reform:`), which is
  // left alone.
  bool LoadRuleFile(const YNode& root, RuleSetDef& out) {
    if (!ExpectKind(root, YNode::Kind::kMap, "the top of a rule file"))
      return false;
    if (Find(root, "reform") != nullptr) return true;
    std::vector<absl::string_view> allowed = {"parameters", "program", "tests", "defaults"};
    allowed.insert(allowed.end(), std::begin(kProgramKeys),
                   std::end(kProgramKeys));
    CheckKeys(root, "a rule file", allowed);

    if (const YNode* params = Find(root, "parameters")) {
      LoadParameters(*params, /*reform=*/false, out.parameters, &out.broken_parameters);
    }
    if (const YNode* program = Find(root, "program")) {
      if (std::optional<std::string> id = Text(*program, "program")) {
        ProgramDef def;
        def.id = *id;
        def.location = KeyLoc(*program);
        LoadProgramBody(root, def);
        out.programs.push_back(std::move(def));
      }
    } else {
      for (const YNode& c : root.children) {
        if (std::find(std::begin(kProgramKeys), std::end(kProgramKeys),
                      c.key) != std::end(kProgramKeys)) {
          ErrorAtKey(c, "missing-key",
                     absl::StrCat("programme key ", Quote(c.key),
                                  " needs \"program:\" naming the programme in "
                                  "the same file; found no \"program:\""));
          break;
        }
      }
    }
    // `defaults:` is the base claim of this file's cases (docs/rules.md §5):
    // each case's input extends it, maps merged key by key.
    std::optional<ClaimValue> defaults;
    if (const YNode* d = Find(root, "defaults")) {
      if (Find(root, "tests") == nullptr) {
        ErrorAtKey(*d, "unknown-key", "\"defaults:\" is the base claim of a file's \"tests:\"; "
                                      "this file has no tests");
      } else if (ExpectKind(*d, YNode::Kind::kMap, "defaults (a base claim)")) {
        defaults = ToClaimValue(*d, file_);
      }
    }
    if (const YNode* tests = Find(root, "tests")) {
      LoadTests(*tests, defaults ? &*defaults : nullptr, out.tests);
    }
    return false;
  }

  // `over` on top of `base`: a key in both whose values are both maps is
  // merged the same way; otherwise `over`'s value wins. Keys keep the order
  // of `base`, then `over`'s new ones. Lists are replaced, not appended.
  static ClaimValue Merge(const ClaimValue& base, const ClaimValue& over) {
    if (base.kind != ClaimValue::Kind::kObject || over.kind != ClaimValue::Kind::kObject) {
      return over;
    }
    ClaimValue out = base;
    out.location = over.location;
    for (const auto& entry : over.object) {
      // Not a structured binding: clang 14 (the fuzz preset) cannot capture one.
      const std::string& key = entry.first;
      auto at = std::find_if(out.object.begin(), out.object.end(),
                             [&key](const auto& kv) { return kv.first == key; });
      if (at == out.object.end()) {
        out.object.emplace_back(key, entry.second);
      } else {
        at->second = Merge(at->second, entry.second);
      }
    }
    return out;
  }

  // The top of a reform file (see LoadReformFile in yaml_loader.h).
  void LoadReform(const YNode& root, ReformDef& out) {
    if (!ExpectKind(root, YNode::Kind::kMap, "the top of a reform file"))
      return;
    CheckKeys(root, "a reform file",
              {"reform", "title", "reference", "description", "parameters",
               "programs"});
    if (const YNode* id = Find(root, "reform")) {
      if (std::optional<std::string> s = Text(*id, "reform")) out.id = *s;
      out.location = KeyLoc(*id);
    } else {
      ErrorAt(root, "missing-key",
              "missing required key \"reform\" in a reform file");
    }
    if (const YNode* n = Find(root, "title"))
      out.title = Text(*n, "title").value_or("");
    if (const YNode* n = Find(root, "reference")) {
      out.reference = Text(*n, "reference").value_or("");
    }
    if (const YNode* n = Find(root, "description")) Text(*n, "description");
    if (const YNode* params = Find(root, "parameters")) {
      LoadParameters(*params, /*reform=*/true, out.parameters);
    }
    if (const YNode* programs = Find(root, "programs")) {
      if (!ExpectKind(*programs, YNode::Kind::kMap, "programs")) return;
      for (const YNode& p : programs->children) {
        if (!ExpectKind(p, YNode::Kind::kMap,
                        absl::StrCat("programme ", Quote(p.key)))) {
          continue;
        }
        if (Find(p, "title") != nullptr) {
          // A whole new programme.
          CheckKeys(p, "a new programme", kProgramKeys);
          ProgramDef def;
          def.id = p.key;
          def.location = KeyLoc(p);
          LoadProgramBody(p, def);
          out.new_programs.push_back(std::move(def));
          continue;
        }
        CheckKeys(p, "a programme patch",
                  {"inputs", "variables", "conditions", "remove_conditions",
                   "outputs"});
        ProgramPatch patch;
        patch.program = p.key;
        patch.location = KeyLoc(p);
        if (const YNode* n = Find(p, "inputs")) LoadInputs(*n, patch.inputs);
        if (const YNode* n = Find(p, "variables"))
          LoadVariables(*n, patch.variables);
        if (const YNode* n = Find(p, "conditions")) {
          LoadConditions(*n, patch.conditions);
        }
        if (const YNode* n = Find(p, "remove_conditions")) {
          if (auto ids = TextList(*n, "remove_conditions")) {
            patch.remove_conditions = std::move(*ids);
          }
        }
        if (const YNode* n = Find(p, "outputs"))
          patch.outputs = TextList(*n, "outputs");
        out.patches.push_back(std::move(patch));
      }
    }
  }

 private:
  // ---- Diagnostics ----

  void Error(int line, int column, absl::string_view code,
             std::string message) {
    Diagnostic d;
    d.severity = Severity::kError;
    d.code = std::string(code);
    d.file = file_;
    d.line = line;
    d.column = column;
    d.message = std::move(message);
    diagnostics_.push_back(std::move(d));
  }
  void ErrorAt(const YNode& n, absl::string_view code, std::string message) {
    Error(n.line, n.column, code, std::move(message));
  }
  void ErrorAtKey(const YNode& n, absl::string_view code, std::string message) {
    if (n.key_line == 0) return ErrorAt(n, code, std::move(message));
    Error(n.key_line, n.key_column, code, std::move(message));
  }
  void ErrorAtLoc(const SourceLocation& l, absl::string_view code,
                  std::string message) {
    Error(l.line, l.column, code, std::move(message));
  }

  SourceLocation Loc(const YNode& n) const {
    return SourceLocation{file_, n.line, n.column};
  }
  SourceLocation KeyLoc(const YNode& n) const {
    if (n.key_line == 0) return Loc(n);
    return SourceLocation{file_, n.key_line, n.key_column};
  }

  // Counts errors so an item can tell whether it had any.
  size_t ErrorCount() const { return diagnostics_.size(); }

  // ---- Shapes ----

  static absl::string_view KindName(YNode::Kind kind) {
    switch (kind) {
      case YNode::Kind::kMap:
        return "a map";
      case YNode::Kind::kList:
        return "a list";
      case YNode::Kind::kScalar:
        return "text";
      case YNode::Kind::kNull:
        return "nothing";
    }
    return "?";
  }

  bool ExpectKind(const YNode& n, YNode::Kind kind, absl::string_view what) {
    if (n.kind == kind) return true;
    ErrorAt(n, "wrong-kind",
            absl::StrCat("expected ", KindName(kind), " for ", what, ", found ",
                         Describe(n)));
    return false;
  }

  // Reports every key of `map` not in `allowed`. True if all are known.
  template <typename Keys>
  bool CheckKeys(const YNode& map, absl::string_view what,
                 const Keys& allowed) {
    bool ok = true;
    for (const YNode& c : map.children) {
      if (std::find(std::begin(allowed), std::end(allowed), c.key) !=
          std::end(allowed)) {
        continue;
      }
      ok = false;
      ErrorAtKey(
          c, "unknown-key",
          absl::StrCat("unknown key ", Quote(c.key), " in ", what,
                       "; expected one of: ", absl::StrJoin(allowed, ", ")));
    }
    return ok;
  }
  bool CheckKeys(const YNode& map, absl::string_view what,
                 std::initializer_list<absl::string_view> allowed) {
    return CheckKeys<std::initializer_list<absl::string_view>>(map, what,
                                                               allowed);
  }

  // Reports each of `keys` missing from `map`. True if none is.
  bool Require(const YNode& map, absl::string_view what,
               std::initializer_list<absl::string_view> keys) {
    bool ok = true;
    for (absl::string_view k : keys) {
      if (Find(map, k) != nullptr) continue;
      ok = false;
      ErrorAt(map, "missing-key",
              absl::StrCat("missing required key ", Quote(k), " in ", what));
    }
    return ok;
  }

  // ---- Scalars ----

  std::optional<std::string> Text(const YNode& n, absl::string_view what) {
    if (n.kind == YNode::Kind::kScalar) return n.value;
    ErrorAt(n, "wrong-kind",
            absl::StrCat("expected text for ", what, ", found ", Describe(n)));
    return std::nullopt;
  }

  std::optional<std::vector<std::string>> TextList(const YNode& n,
                                                   absl::string_view what) {
    if (!ExpectKind(n, YNode::Kind::kList, what)) return std::nullopt;
    std::vector<std::string> out;
    bool ok = true;
    for (const YNode& c : n.children) {
      std::optional<std::string> s = Text(c, absl::StrCat("an item of ", what));
      if (s) {
        out.push_back(std::move(*s));
      } else {
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<Date> DateOf(const YNode& n, absl::string_view what) {
    if (n.kind == YNode::Kind::kScalar) {
      absl::StatusOr<Date> d = Date::Parse(n.value);
      if (d.ok()) return *d;
    }
    ErrorAt(n, "bad-date",
            absl::StrCat("expected a date YYYY-MM-DD for ", what, ", found ",
                         Describe(n)));
    return std::nullopt;
  }

  // A date written as a map key (parameter value histories).
  std::optional<Date> KeyDate(const YNode& n, absl::string_view what) {
    absl::StatusOr<Date> d = Date::Parse(n.key);
    if (d.ok()) return *d;
    ErrorAtKey(n, "bad-date",
               absl::StrCat("expected a date YYYY-MM-DD for ", what, ", found ",
                            Quote(n.key)));
    return std::nullopt;
  }

  // A decimal literal, from the YAML text (never through double).
  std::optional<Decimal> DecimalOf(const YNode& n, absl::string_view what) {
    if (n.kind == YNode::Kind::kScalar) {
      absl::StatusOr<Decimal> d = Decimal::Parse(n.value);
      if (d.ok()) return *d;
    }
    ErrorAt(n, "bad-decimal",
            absl::StrCat("expected a decimal number (at most 6 places) for ",
                         what, ", found ", Describe(n)));
    return std::nullopt;
  }

  // Where the text of scalar `n` starts, and whether columns inside it can be
  // found by adding a byte offset (single-line plain or quoted scalars whose
  // source text equals their value).
  std::pair<SourceLocation, bool> TextStart(const YNode& n) const {
    SourceLocation loc = Loc(n);
    if (n.value.find('\n') != std::string::npos || n.pos >= text_.size()) {
      return {loc, false};
    }
    const char c = text_[n.pos];
    if (c == '"' || c == '\'') {
      if (text_.substr(n.pos + 1, n.value.size()) == n.value) {
        loc.column += 1;
        return {loc, true};
      }
      return {loc, false};
    }
    if (c == '|' || c == '>') return {loc, false};
    return {loc, text_.substr(n.pos, n.value.size()) == n.value};
  }

  // An expression: a scalar parsed by the expression parser.
  std::optional<ExprSource> ExprOf(const YNode& n, absl::string_view what) {
    std::optional<std::string> text = Text(n, what);
    if (!text) return std::nullopt;
    auto [start, exact] = TextStart(n);
    ParseOutcome parsed = ParseExpression(*text, ids_);
    if (parsed.error.has_value() || parsed.expr == nullptr) {
      SourceLocation at = start;
      std::string message = "cannot parse expression";
      if (parsed.error.has_value()) {
        if (exact) at = start.Shifted(parsed.error->offset);
        message = parsed.error->message;
      }
      ErrorAtLoc(at, "expr-syntax", std::move(message));
      return std::nullopt;
    }
    ExprSource out;
    out.text = std::move(*text);
    out.location = start;
    out.expr = std::move(parsed.expr);
    return out;
  }

  // `[600, 900)`, `(0, 10]`, `[1080, )`, `(, 600)`.
  std::optional<Interval> IntervalOf(const YNode& n) {
    constexpr absl::string_view kShapes =
        "expected an interval like \"[600, 900)\", \"(0, 10]\", \"[1080, )\" "
        "or "
        "\"(, 600)\"";
    if (n.kind != YNode::Kind::kScalar) {
      ErrorAt(n, "bad-interval",
              absl::StrCat(kShapes, " (quoted) for a table row's when, found ",
                           Describe(n)));
      return std::nullopt;
    }
    absl::string_view s = absl::StripAsciiWhitespace(n.value);
    const size_t comma = s.find(',');
    if (s.size() < 3 || (s.front() != '[' && s.front() != '(') ||
        (s.back() != ']' && s.back() != ')') ||
        comma == absl::string_view::npos ||
        s.find(',', comma + 1) != absl::string_view::npos) {
      ErrorAt(n, "bad-interval",
              absl::StrCat(kShapes, ", found ", Quote(n.value)));
      return std::nullopt;
    }
    Interval out;
    out.text = n.value;
    out.lo_inclusive = s.front() == '[';
    out.hi_inclusive = s.back() == ']';
    absl::string_view lo = absl::StripAsciiWhitespace(s.substr(1, comma - 1));
    absl::string_view hi =
        absl::StripAsciiWhitespace(s.substr(comma + 1, s.size() - comma - 2));
    for (auto [bound, slot] :
         {std::make_pair(lo, &out.lo), std::make_pair(hi, &out.hi)}) {
      if (bound.empty()) continue;
      absl::StatusOr<Decimal> d = Decimal::Parse(bound);
      if (!d.ok()) {
        ErrorAt(n, "bad-interval",
                absl::StrCat("bad bound ", Quote(bound), " in interval ",
                             Quote(n.value),
                             ": expected a decimal number (at most 6 places)"));
        return std::nullopt;
      }
      *slot = *d;
    }
    if (out.lo && out.hi &&
        (*out.lo > *out.hi ||
         (*out.lo == *out.hi && !(out.lo_inclusive && out.hi_inclusive)))) {
      ErrorAt(n, "bad-interval",
              absl::StrCat("empty interval ", Quote(n.value),
                           ": the lower bound must be below the upper bound"));
      return std::nullopt;
    }
    return out;
  }

  // ---- Parameters (docs/rules.md §1) ----

  void LoadParameters(const YNode& n, bool reform, std::vector<ParameterDef>& out,
                      std::vector<std::string>* broken = nullptr) {
    if (!ExpectKind(n, YNode::Kind::kMap, "parameters")) return;
    for (const YNode& p : n.children) {
      if (std::optional<ParameterDef> def = ParseParameter(p, reform)) {
        out.push_back(std::move(*def));
      } else if (broken != nullptr) {
        broken->push_back(p.key);
      }
    }
  }

  // The value shape without its {value:, reference:} wrapper, for kind
  // inference in reforms.
  static const YNode& Unwrapped(const YNode& v) {
    if (v.kind == YNode::Kind::kMap) {
      if (const YNode* inner = Find(v, "value")) return *inner;
    }
    return v;
  }

  std::optional<ParameterDef> ParseParameter(const YNode& p, bool reform) {
    const size_t errors_before = ErrorCount();
    const std::string what = absl::StrCat("parameter ", Quote(p.key));
    if (!ExpectKind(p, YNode::Kind::kMap, what)) return std::nullopt;
    CheckKeys(p, "parameter",
              {"description", "unit", "type", "reference", "values", "end", "known_until"});
    if (reform) {
      Require(p, what, {"values"});
    } else {
      Require(p, what, {"values", "reference"});
    }
    ParameterDef def;
    def.name = p.key;
    def.location = KeyLoc(p);
    if (const YNode* n = Find(p, "description")) {
      def.description = Text(*n, "description").value_or("");
    }
    if (const YNode* n = Find(p, "unit"))
      def.unit = Text(*n, "unit").value_or("");
    if (const YNode* n = Find(p, "reference")) {
      def.reference = Text(*n, "reference").value_or("");
    }
    const YNode* values = Find(p, "values");
    if (const YNode* n = Find(p, "type")) {
      std::optional<std::string> type = Text(*n, "parameter type");
      if (type == "number") {
        def.kind = ParameterKind::kNumber;
      } else if (type == "set") {
        def.kind = ParameterKind::kSet;
      } else if (type == "scale") {
        def.kind = ParameterKind::kScale;
      } else {
        if (type) {
          ErrorAt(
              *n, "bad-value",
              absl::StrCat("expected one of number, set, scale for parameter "
                           "type, found ",
                           Quote(*type)));
        }
        return std::nullopt;  // the values cannot be read without the kind
      }
    } else if (reform && values != nullptr &&
               values->kind == YNode::Kind::kMap && !values->children.empty()) {
      // No type: take it from the shape of the first value.
      const YNode& v = Unwrapped(values->children.front());
      def.kind = v.kind == YNode::Kind::kList  ? ParameterKind::kSet
                 : v.kind == YNode::Kind::kMap ? ParameterKind::kScale
                                               : ParameterKind::kNumber;
    }
    if (values != nullptr && ExpectKind(*values, YNode::Kind::kMap,
                                        absl::StrCat("values of ", what))) {
      std::optional<Date> previous;
      int previous_line = 0;
      for (const YNode& v : values->children) {
        std::optional<Date> from =
            KeyDate(v, absl::StrCat("a value of ", what));
        if (!from) continue;
        if (previous && !(*previous < *from)) {
          ErrorAtKey(
              v, "bad-history",
              *previous == *from
                  ? absl::StrCat("duplicate date ", Quote(v.key), " in ", what,
                                 " (first at line ", previous_line, ")")
                  : absl::StrCat("values of ", what,
                                 " must be in ascending date order; ",
                                 Quote(v.key),
                                 " comes after a later date "
                                 "(line ",
                                 previous_line, ")"));
          continue;
        }
        previous = from;
        previous_line = v.key_line;
        ParameterValue value;
        value.from = *from;
        value.location = KeyLoc(v);
        const YNode* payload = &v;
        if (v.kind == YNode::Kind::kMap && (def.kind != ParameterKind::kScale ||
                                            Find(v, "value") != nullptr)) {
          CheckKeys(v, "a parameter value", {"value", "reference"});
          if (!Require(v, "a parameter value", {"value"})) continue;
          payload = Find(v, "value");
          if (const YNode* r = Find(v, "reference")) {
            value.reference = Text(*r, "reference").value_or("");
          }
        }
        std::optional<ParameterPayload> parsed =
            ParsePayload(*payload, def.kind, what);
        if (!parsed) continue;
        value.value = std::move(*parsed);
        def.values.push_back(std::move(value));
      }
    }
    if (const YNode* n = Find(p, "end")) {
      def.end = DateOf(*n, absl::StrCat("the end of ", what));
      if (def.end && !def.values.empty() && *def.end < def.values.back().from) {
        ErrorAt(*n, "bad-history",
                absl::StrCat("the end of ", what,
                             " is before its last value's date"));
      }
    }
    if (const YNode* n = Find(p, "known_until")) {
      def.known_until = DateOf(*n, absl::StrCat("known_until of ", what));
      if (def.known_until && !def.values.empty() &&
          *def.known_until < def.values.back().from) {
        ErrorAt(*n, "bad-history",
                absl::StrCat("known_until of ", what, " is before its last value's date (",
                             def.values.back().from.ToString(), ")"));
      }
      if (def.known_until && def.end && *def.end < *def.known_until) {
        ErrorAt(*n, "bad-history",
                absl::StrCat("known_until of ", what, " is after its end (",
                             def.end->ToString(), "): nothing is known after the end"));
      }
    }
    if (ErrorCount() != errors_before) return std::nullopt;
    return def;
  }

  std::optional<ParameterPayload> ParsePayload(const YNode& n,
                                               ParameterKind kind,
                                               const std::string& what) {
    switch (kind) {
      case ParameterKind::kNumber: {
        std::optional<Decimal> d =
            DecimalOf(n, absl::StrCat("a value of ", what));
        if (!d) return std::nullopt;
        return ParameterPayload(*d);
      }
      case ParameterKind::kSet: {
        if (!ExpectKind(n, YNode::Kind::kList,
                        absl::StrCat("a value of set ", what))) {
          return std::nullopt;
        }
        ValueSet set;
        bool ok = true;
        for (const YNode& e : n.children) {
          std::optional<std::string> s =
              Text(e, absl::StrCat("an element of set ", what));
          if (!s) {
            ok = false;
            continue;
          }
          absl::StatusOr<Decimal> d = Decimal::Parse(*s);
          bool duplicate;
          if (!e.quoted && d.ok()) {
            duplicate = std::find(set.numbers.begin(), set.numbers.end(), *d) !=
                        set.numbers.end();
            if (!duplicate) set.numbers.push_back(*d);
          } else {
            duplicate = std::find(set.strings.begin(), set.strings.end(), *s) !=
                        set.strings.end();
            if (!duplicate) set.strings.push_back(*s);
          }
          if (duplicate) {
            ok = false;
            ErrorAt(e, "bad-value",
                    absl::StrCat("duplicate element ", Quote(*s), " in set ",
                                 what));
          }
        }
        if (!ok) return std::nullopt;
        std::sort(set.numbers.begin(), set.numbers.end());
        std::sort(set.strings.begin(), set.strings.end());
        return ParameterPayload(std::move(set));
      }
      case ParameterKind::kScale: {
        const std::string scale_what = absl::StrCat("a value of scale ", what);
        if (!ExpectKind(n, YNode::Kind::kMap, scale_what)) return std::nullopt;
        const size_t errors_before = ErrorCount();
        CheckKeys(n, "a scale", {"brackets", "top_rate"});
        Require(n, "a scale", {"brackets", "top_rate"});
        Scale scale;
        if (const YNode* top = Find(n, "top_rate")) {
          scale.top_rate = DecimalOf(*top, "top_rate").value_or(Decimal());
        }
        const YNode* brackets = Find(n, "brackets");
        if (brackets != nullptr &&
            ExpectKind(*brackets, YNode::Kind::kList, "brackets")) {
          for (const YNode& b : brackets->children) {
            if (!ExpectKind(b, YNode::Kind::kMap, "a scale bracket")) continue;
            CheckKeys(b, "a scale bracket", {"upto", "rate"});
            if (!Require(b, "a scale bracket", {"upto", "rate"})) continue;
            std::optional<Decimal> upto = DecimalOf(*Find(b, "upto"), "upto");
            std::optional<Decimal> rate = DecimalOf(*Find(b, "rate"), "rate");
            if (!upto || !rate) continue;
            if (!scale.brackets.empty() &&
                !(scale.brackets.back().upto < *upto)) {
              ErrorAt(b, "bad-value",
                      absl::StrCat("scale brackets must ascend: upto ",
                                   upto->ToString(), " follows upto ",
                                   scale.brackets.back().upto.ToString()));
              continue;
            }
            scale.brackets.push_back({*upto, *rate});
          }
        }
        if (ErrorCount() != errors_before) return std::nullopt;
        return ParameterPayload(std::move(scale));
      }
    }
    return std::nullopt;
  }

  // ---- Programmes (docs/rules.md §2) ----

  // The programme keys of `map` (title, reference, ... outputs) into `def`.
  void LoadProgramBody(const YNode& map, ProgramDef& def) {
    const std::string what = absl::StrCat("programme ", Quote(def.id));
    Require(map, what, {"title", "reference"});
    def.reference_missing = Find(map, "reference") == nullptr;
    if (const YNode* n = Find(map, "title"))
      def.title = Text(*n, "title").value_or("");
    if (const YNode* n = Find(map, "reference")) {
      def.reference = Text(*n, "reference").value_or("");
    }
    if (const YNode* n = Find(map, "description")) {
      def.description = Text(*n, "description").value_or("");
    }
    if (const YNode* n = Find(map, "valid_from"))
      def.valid_from = DateOf(*n, "valid_from");
    if (const YNode* n = Find(map, "valid_to"))
      def.valid_to = DateOf(*n, "valid_to");
    if (def.valid_from && def.valid_to && *def.valid_to < *def.valid_from) {
      ErrorAt(*Find(map, "valid_to"), "bad-value",
              absl::StrCat("valid_to of ", what, " is before its valid_from"));
    }
    if (const YNode* n = Find(map, "inputs")) LoadInputs(*n, def.inputs, &def.broken);
    if (const YNode* n = Find(map, "variables"))
      LoadVariables(*n, def.variables, &def.broken);
    if (const YNode* n = Find(map, "conditions"))
      LoadConditions(*n, def.conditions);
    LoadValidity(map, def);
    if (const YNode* n = Find(map, "payments")) LoadPayments(*n, def);
    if (const YNode* n = Find(map, "outputs")) {
      if (auto outputs = TextList(*n, "outputs"))
        def.outputs = std::move(*outputs);
    }
    if (const YNode* n = Find(map, "optional_outputs")) {
      if (auto optional = TextList(*n, "optional_outputs"))
        def.optional_outputs = std::move(*optional);
    }
    if (const YNode* n = Find(map, "event_outputs")) {
      if (auto event = TextList(*n, "event_outputs")) def.event_outputs = std::move(*event);
    }
  }

  // valid_from / valid_to bound the programme in time; `valid_on` names the
  // claim's date they apply to. They become one more condition, `yururlukte`,
  // so a claim outside them is ineligible with the programme's reference, like
  // any other failed condition, and a claim without the date is undetermined.
  void LoadValidity(const YNode& map, ProgramDef& def) {
    const YNode* on = Find(map, "valid_on");
    if (!def.valid_from && !def.valid_to) {
      if (on != nullptr) {
        ErrorAt(*on, "bad-value", "valid_on without valid_from or valid_to bounds nothing");
      }
      return;
    }
    if (on == nullptr) {
      ErrorAt(map, "missing-key",
              absl::StrCat("programme ", Quote(def.id),
                           " has valid_from/valid_to but no valid_on: the claim's date "
                           "they apply to (e.g. valid_on: fesih_tarihi)"));
      return;
    }
    std::optional<std::string> date = Text(*on, "valid_on");
    if (!date) return;
    def.valid_on = *date;
    std::vector<std::string> parts;
    std::string span;
    if (def.valid_from) {
      parts.push_back(absl::StrCat("(", *date, ") >= ", def.valid_from->ToString()));
      span = absl::StrCat(def.valid_from->ToString(), " tarihinden");
    }
    if (def.valid_to) {
      parts.push_back(absl::StrCat("(", *date, ") <= ", def.valid_to->ToString()));
      absl::StrAppend(&span, span.empty() ? "" : " ", def.valid_to->ToString(),
                      " tarihine kadar");
    }
    ParseOutcome parsed = ParseExpression(absl::StrJoin(parts, " and "), ids_);
    if (parsed.error.has_value() || parsed.expr == nullptr) {
      ErrorAt(*on, "expr-syntax",
              absl::StrCat("valid_on: ",
                           parsed.error ? parsed.error->message : "cannot parse expression"));
      return;
    }
    ConditionDef c;
    c.id = "yururlukte";
    c.location = Loc(*on);
    c.expr.text = absl::StrJoin(parts, " and ");
    c.expr.location = c.location;
    c.expr.expr = std::move(parsed.expr);
    c.message = absl::StrCat(def.title.empty() ? def.id : def.title, " ", span,
                             " yürürlüktedir (", *date, ")");
    c.reference = def.reference;
    def.conditions.insert(def.conditions.begin(), std::move(c));
  }

  void LoadPayments(const YNode& n, ProgramDef& def) {
    if (!ExpectKind(n, YNode::Kind::kMap, "payments")) return;
    const size_t errors_before = ErrorCount();
    CheckKeys(n, "payments",
              {"reference", "start", "days", "days_per_month", "max_months", "gross",
               "stamp_tax", "net", "unpaid_days", "premiums"});
    if (!Require(n, "payments",
                 {"reference", "start", "days", "max_months", "gross", "stamp_tax", "net"})) {
      return;
    }
    PaymentsDef p;
    p.location = Loc(n);
    auto text = [&](const char* key) -> std::string {
      const YNode* k = Find(n, key);
      return k == nullptr ? "" : Text(*k, key).value_or("");
    };
    p.reference = text("reference");
    p.start = text("start");
    p.days = text("days");
    p.days_per_month = text("days_per_month");
    p.gross = text("gross");
    p.stamp_tax = text("stamp_tax");
    p.net = text("net");
    p.unpaid_days = text("unpaid_days");
    p.premiums = text("premiums");
    const YNode& max = *Find(n, "max_months");
    std::optional<Decimal> months = DecimalOf(max, "max_months");
    if (months && (months->raw() % Decimal::kOne != 0 || months->raw() < Decimal::kOne ||
                   months->raw() > 60 * Decimal::kOne)) {
      ErrorAt(max, "bad-value", "max_months: expected a whole number from 1 to 60");
    } else if (months) {
      p.max_months = static_cast<int>(months->raw() / Decimal::kOne);
    }
    if (ErrorCount() != errors_before) return;
    ExpandPayments(def.id, p, def.variables, ids_, diagnostics_);
    def.payments = std::move(p);
  }

  // `broken`, when given, collects the names whose definition had an error
  // (and was left out): the checker then does not report their uses as
  // unknown names, a knock-on of the error already reported.
  void LoadInputs(const YNode& n, std::vector<InputDef>& out,
                  std::vector<std::string>* broken = nullptr) {
    if (!ExpectKind(n, YNode::Kind::kMap, "inputs")) return;
    for (const YNode& i : n.children) {
      if (std::optional<InputDef> def = ParseInput(i)) {
        out.push_back(std::move(*def));
      } else if (broken != nullptr) {
        broken->push_back(i.key);
      }
    }
  }

  std::optional<InputDef> ParseInput(const YNode& i) {
    const size_t errors_before = ErrorCount();
    const std::string what = absl::StrCat("input ", Quote(i.key));
    if (!ExpectKind(i, YNode::Kind::kMap, what)) return std::nullopt;
    CheckKeys(i, "input",
              {"type", "description", "min", "max", "fields", "key", "span", "informational"});
    if (!Require(i, what, {"type"})) return std::nullopt;
    InputDef def;
    def.name = i.key;
    def.location = KeyLoc(i);
    def.type = Text(*Find(i, "type"), "input type").value_or("");
    if (const YNode* n = Find(i, "description")) {
      def.description = Text(*n, "description").value_or("");
    }
    if (const YNode* n = Find(i, "min")) def.min = DecimalOf(*n, "min");
    if (const YNode* n = Find(i, "max")) def.max = DecimalOf(*n, "max");
    if (const YNode* n = Find(i, "informational")) {
      std::optional<std::string> flag = Text(*n, "informational");
      if (flag && *flag != "true" && *flag != "false") {
        ErrorAt(*n, "bad-value",
                absl::StrCat("expected true or false for informational, found ", Quote(*flag)));
      }
      def.informational = flag && *flag == "true";
    }
    const bool is_list = def.type == "list";
    for (absl::string_view list_key : {"fields", "key", "span"}) {
      const YNode* n = Find(i, list_key);
      if (n != nullptr && !is_list) {
        ErrorAtKey(*n, "bad-value",
                   absl::StrCat(Quote(list_key), " is only for list inputs; ",
                                what, " has type ", Quote(def.type)));
      }
    }
    if (is_list && Require(i, what, {"fields"})) {
      const YNode& fields = *Find(i, "fields");
      if (ExpectKind(fields, YNode::Kind::kMap,
                     absl::StrCat("fields of ", what))) {
        for (const YNode& f : fields.children) {
          std::optional<std::string> type =
              Text(f, absl::StrCat("the type of field ", Quote(f.key)));
          if (type) def.fields.push_back({f.key, *type, KeyLoc(f)});
        }
      }
      auto is_field = [&def](const std::string& name) {
        return std::any_of(
            def.fields.begin(), def.fields.end(),
            [&name](const FieldDef& f) { return f.name == name; });
      };
      if (const YNode* n = Find(i, "key")) {
        if (std::optional<std::string> key = Text(*n, "key")) {
          def.key = *key;
          if (!is_field(def.key)) {
            ErrorAt(*n, "bad-value",
                    absl::StrCat("key ", Quote(def.key), " of ", what,
                                 " is not one of its fields"));
          }
        }
      }
      if (const YNode* n = Find(i, "span")) {
        std::optional<std::vector<std::string>> span = TextList(*n, "span");
        if (span && span->size() != 2) {
          ErrorAt(*n, "bad-value",
                  absl::StrCat("expected two fields [start, end] for span of ",
                               what, ", found ", span->size()));
        } else if (span) {
          for (const std::string& f : *span) {
            if (!is_field(f)) {
              ErrorAt(*n, "bad-value",
                      absl::StrCat("span field ", Quote(f), " of ", what,
                                   " is not one of its fields"));
            }
          }
          def.span = std::make_pair((*span)[0], (*span)[1]);
        }
      }
    }
    if (ErrorCount() != errors_before) return std::nullopt;
    return def;
  }

  void LoadVariables(const YNode& n, std::vector<VariableDef>& out,
                     std::vector<std::string>* broken = nullptr) {
    if (!ExpectKind(n, YNode::Kind::kMap, "variables")) return;
    for (const YNode& v : n.children) {
      if (std::optional<VariableDef> def = ParseVariable(v)) {
        out.push_back(std::move(*def));
      } else if (broken != nullptr) {
        broken->push_back(v.key);
      }
    }
  }

  std::optional<VariableDef> ParseVariable(const YNode& v) {
    const size_t errors_before = ErrorCount();
    const std::string what = absl::StrCat("variable ", Quote(v.key));
    if (!ExpectKind(v, YNode::Kind::kMap, what)) return std::nullopt;
    CheckKeys(
        v, "variable",
        {"expr", "table", "exceptions", "reference", "type", "description"});
    Require(v, what, {"reference"});
    VariableDef def;
    def.name = v.key;
    def.location = KeyLoc(v);
    if (const YNode* n = Find(v, "reference")) {
      def.reference = Text(*n, "reference").value_or("");
    }
    if (const YNode* n = Find(v, "type"))
      def.type = Text(*n, "type").value_or("");
    if (const YNode* n = Find(v, "description")) {
      def.description = Text(*n, "description").value_or("");
    }
    const YNode* expr = Find(v, "expr");
    const YNode* table = Find(v, "table");
    if ((expr == nullptr) == (table == nullptr)) {
      ErrorAt(v, "missing-key",
              absl::StrCat(what, " needs exactly one of expr, table; found ",
                           expr == nullptr ? "neither" : "both"));
    } else if (expr != nullptr) {
      def.expr = ExprOf(*expr, "expr");
    } else {
      def.table = ParseTable(*table, what);
    }
    if (const YNode* n = Find(v, "exceptions")) {
      if (ExpectKind(*n, YNode::Kind::kList,
                     absl::StrCat("exceptions of ", what))) {
        for (const YNode& e : n->children) {
          if (!ExpectKind(e, YNode::Kind::kMap, "an exception")) continue;
          CheckKeys(e, "exception",
                    {"when", "expr", "reference", "description"});
          if (!Require(e, "exception", {"when", "expr"})) continue;
          ExceptionDef ex;
          ex.location = Loc(e);
          std::optional<ExprSource> when = ExprOf(*Find(e, "when"), "when");
          std::optional<ExprSource> body = ExprOf(*Find(e, "expr"), "expr");
          if (const YNode* r = Find(e, "reference")) {
            ex.reference = Text(*r, "reference").value_or("");
          }
          if (const YNode* d = Find(e, "description")) {
            ex.description = Text(*d, "description").value_or("");
          }
          if (!when || !body) continue;
          ex.when = std::move(*when);
          ex.expr = std::move(*body);
          def.exceptions.push_back(std::move(ex));
        }
      }
    }
    if (ErrorCount() != errors_before) return std::nullopt;
    return def;
  }

  std::optional<TableDef> ParseTable(const YNode& t, const std::string& what) {
    const std::string table_what = absl::StrCat("the table of ", what);
    if (!ExpectKind(t, YNode::Kind::kMap, table_what)) return std::nullopt;
    CheckKeys(t, "table", {"input", "rows", "default"});
    if (!Require(t, table_what, {"input", "rows"})) return std::nullopt;
    TableDef def;
    def.location = Loc(t);
    std::optional<ExprSource> input = ExprOf(*Find(t, "input"), "table input");
    if (input) def.input = std::move(*input);
    if (const YNode* d = Find(t, "default"))
      def.default_value = ExprOf(*d, "default");
    const YNode& rows = *Find(t, "rows");
    if (ExpectKind(rows, YNode::Kind::kList, "table rows")) {
      for (const YNode& r : rows.children) {
        if (!ExpectKind(r, YNode::Kind::kMap, "a table row")) continue;
        CheckKeys(r, "table row", {"when", "then"});
        if (!Require(r, "table row", {"when", "then"})) continue;
        std::optional<Interval> when = IntervalOf(*Find(r, "when"));
        std::optional<ExprSource> then = ExprOf(*Find(r, "then"), "then");
        if (!when || !then) continue;
        def.rows.push_back({std::move(*when), std::move(*then), Loc(r)});
      }
    }
    return def;
  }

  void LoadConditions(const YNode& n, std::vector<ConditionDef>& out) {
    if (!ExpectKind(n, YNode::Kind::kList, "conditions")) return;
    absl::flat_hash_map<std::string, int> seen;  // id → line
    for (const YNode& c : n.children) {
      std::optional<ConditionDef> def = ParseCondition(c);
      if (!def) continue;
      auto [it, inserted] = seen.try_emplace(def->id, def->location.line);
      if (!inserted) {
        ErrorAtLoc(def->location, "duplicate-id",
                   absl::StrCat("duplicate condition id ", Quote(def->id),
                                " (first at line ", it->second, ")"));
        continue;
      }
      out.push_back(std::move(*def));
    }
  }

  std::optional<ConditionDef> ParseCondition(const YNode& c) {
    const size_t errors_before = ErrorCount();
    if (!ExpectKind(c, YNode::Kind::kMap, "a condition")) return std::nullopt;
    CheckKeys(c, "condition", {"id", "expr", "message", "reference"});
    if (!Require(c, "condition", {"id", "expr", "message", "reference"})) {
      return std::nullopt;
    }
    ConditionDef def;
    def.location = Loc(c);
    def.id = Text(*Find(c, "id"), "condition id").value_or("");
    std::optional<ExprSource> expr = ExprOf(*Find(c, "expr"), "expr");
    def.message = Text(*Find(c, "message"), "message").value_or("");
    def.reference = Text(*Find(c, "reference"), "reference").value_or("");
    if (ErrorCount() != errors_before || !expr) return std::nullopt;
    def.expr = std::move(*expr);
    return def;
  }

  // ---- Test cases (docs/rules.md §5) ----

  void LoadTests(const YNode& n, const ClaimValue* defaults, std::vector<TestCaseDef>& out) {
    if (!ExpectKind(n, YNode::Kind::kList, "tests")) return;
    for (const YNode& t : n.children) {
      if (std::optional<TestCaseDef> def = ParseTest(t, defaults))
        out.push_back(std::move(*def));
    }
  }

  std::optional<TestCaseDef> ParseTest(const YNode& t, const ClaimValue* defaults) {
    const size_t errors_before = ErrorCount();
    if (!ExpectKind(t, YNode::Kind::kMap, "a test case")) return std::nullopt;
    CheckKeys(t, "test case",
              {"name", "program", "description", "date", "input", "expect",
               "reforms"});
    // With `defaults:` a case may give no input of its own (the base claim).
    if (!(defaults != nullptr ? Require(t, "test case", {"name", "program", "expect"})
                              : Require(t, "test case", {"name", "program", "input", "expect"}))) {
      return std::nullopt;
    }
    TestCaseDef def;
    def.location = Loc(t);
    def.name = Text(*Find(t, "name"), "test name").value_or("");
    def.program = Text(*Find(t, "program"), "program").value_or("");
    if (const YNode* n = Find(t, "description")) {
      def.description = Text(*n, "description").value_or("");
    }
    if (const YNode* n = Find(t, "date")) def.date = DateOf(*n, "date");
    if (const YNode* input = Find(t, "input")) {
      if (ExpectKind(*input, YNode::Kind::kMap, "a test case's input")) {
        def.input = ToClaimValue(*input, file_);
        if (defaults != nullptr) def.input = Merge(*defaults, def.input);
      }
    } else if (defaults != nullptr) {
      def.input = *defaults;
    }
    if (const YNode* n = Find(t, "reforms")) {
      if (auto reforms = TextList(*n, "reforms"))
        def.reforms = std::move(*reforms);
    }
    const YNode& expect = *Find(t, "expect");
    if (ExpectKind(expect, YNode::Kind::kMap, "expect")) {
      CheckKeys(expect, "expect", {"status", "values", "failed", "missing", "payments"});
      if (const YNode* n = Find(expect, "status")) {
        std::optional<std::string> status = Text(*n, "status");
        if (status && *status != "eligible" && *status != "ineligible" &&
            *status != "undetermined") {
          ErrorAt(
              *n, "bad-value",
              absl::StrCat("expected one of eligible, ineligible, undetermined "
                           "for status, found ",
                           Quote(*status)));
        }
        def.expect_status = status;
      }
      if (const YNode* n = Find(expect, "values")) {
        if (ExpectKind(*n, YNode::Kind::kMap, "expected values")) {
          for (const YNode& v : n->children) {
            std::optional<std::string> s =
                Text(v, absl::StrCat("the expected value of ", Quote(v.key)));
            if (s) def.expect_values.emplace_back(v.key, *s);
          }
        }
      }
      if (const YNode* n = Find(expect, "failed"))
        def.expect_failed = TextList(*n, "failed");
      if (const YNode* n = Find(expect, "missing")) {
        def.expect_missing = TextList(*n, "missing");
      }
      if (const YNode* n = Find(expect, "payments")) {
        def.expect_payments = TextList(*n, "payments");
      }
      // A case that asserts nothing passes whatever the rules say: refused
      // (`failed: []` or `missing: []` do assert: the exact set is empty).
      if (ErrorCount() == errors_before && !def.expect_status && def.expect_values.empty() &&
          !def.expect_failed && !def.expect_missing && !def.expect_payments) {
        ErrorAtKey(expect, "bad-test",
                   absl::StrCat("test case ", Quote(def.name),
                                " asserts nothing: give expect status, values, failed, missing "
                                "or payments"));
      }
    }
    if (ErrorCount() != errors_before) return std::nullopt;
    return def;
  }

  const std::string& file_;
  absl::string_view text_;
  NodeIdAllocator& ids_;
  std::vector<Diagnostic>& diagnostics_;
  ReadOutcome outcome_;
};

// ---- Deep copies (reforms are applied from a const ReformDef)
// -----------------

ExprPtr CloneExpr(const ExprPtr& e);

// Copies one node kind; the AST's owning pointers are cloned recursively.
struct KindCloner {
  template <typename T>
  requires std::is_copy_constructible_v<T> ExprKind
  operator()(const T& leaf) const {
    return leaf;
  }
  ExprKind operator()(const Unary& u) const {
    return Unary{u.op, CloneExpr(u.operand)};
  }
  ExprKind operator()(const Binary& b) const {
    return Binary{b.op, CloneExpr(b.lhs), CloneExpr(b.rhs)};
  }
  ExprKind operator()(const ParamAt& p) const {
    return ParamAt{p.param, CloneExpr(p.date)};
  }
  ExprKind operator()(const IfExpr& i) const {
    return IfExpr{CloneExpr(i.cond), CloneExpr(i.then_expr),
                  CloneExpr(i.else_expr)};
  }
  ExprKind operator()(const Call& c) const {
    Call out;
    out.function = c.function;
    for (const ExprPtr& a : c.args) out.args.push_back(CloneExpr(a));
    return out;
  }
  ExprKind operator()(const ListLit& l) const {
    ListLit out;
    for (const ExprPtr& a : l.elements) out.elements.push_back(CloneExpr(a));
    return out;
  }
};

// The copy keeps the node ids: they stay unique in the reformed rule set, as
// the reform was parsed with the rule set's allocator.
ExprPtr CloneExpr(const ExprPtr& e) {
  if (e == nullptr) return nullptr;
  auto out = std::make_unique<Expr>();
  out->id = e->id;
  out->offset = e->offset;
  out->length = e->length;
  out->kind = std::visit(KindCloner{}, e->kind);
  return out;
}

ExprSource CloneSource(const ExprSource& s) {
  ExprSource out;
  out.text = s.text;
  out.location = s.location;
  out.expr = CloneExpr(s.expr);
  return out;
}

std::optional<ExprSource> CloneSource(const std::optional<ExprSource>& s) {
  if (!s) return std::nullopt;
  return CloneSource(*s);
}

VariableDef CloneVariable(const VariableDef& v) {
  VariableDef out;
  out.name = v.name;
  out.type = v.type;
  out.description = v.description;
  out.reference = v.reference;
  out.expr = CloneSource(v.expr);
  if (v.table) {
    TableDef t;
    t.input = CloneSource(v.table->input);
    for (const TableRow& r : v.table->rows) {
      t.rows.push_back({r.when, CloneSource(r.then), r.location});
    }
    t.default_value = CloneSource(v.table->default_value);
    t.location = v.table->location;
    out.table = std::move(t);
  }
  for (const ExceptionDef& e : v.exceptions) {
    ExceptionDef x;
    x.when = CloneSource(e.when);
    x.expr = CloneSource(e.expr);
    x.reference = e.reference;
    x.description = e.description;
    x.location = e.location;
    out.exceptions.push_back(std::move(x));
  }
  out.location = v.location;
  return out;
}

ConditionDef CloneCondition(const ConditionDef& c) {
  ConditionDef out;
  out.id = c.id;
  out.expr = CloneSource(c.expr);
  out.message = c.message;
  out.reference = c.reference;
  out.location = c.location;
  return out;
}

ProgramDef CloneProgram(const ProgramDef& p) {
  ProgramDef out;
  out.id = p.id;
  out.title = p.title;
  out.reference = p.reference;
  out.description = p.description;
  out.valid_from = p.valid_from;
  out.valid_to = p.valid_to;
  out.inputs = p.inputs;
  for (const VariableDef& v : p.variables)
    out.variables.push_back(CloneVariable(v));
  for (const ConditionDef& c : p.conditions)
    out.conditions.push_back(CloneCondition(c));
  out.outputs = p.outputs;
  out.location = p.location;
  return out;
}

// ---- Whole rule sets
// ----------------------------------------------------------------

struct RuleFile {
  std::string display_name;   // in diagnostics and RuleSetDef::files
  std::string relative_name;  // in the content hash
  std::string text;
  std::optional<Diagnostic> read_error;  // set: text was not read
};

Diagnostic FileError(const std::string& file, absl::string_view code,
                     std::string message) {
  Diagnostic d;
  d.code = std::string(code);
  d.file = file;
  d.message = std::move(message);
  return d;
}

void AddDiagnostic(const SourceLocation& at, absl::string_view code,
                   std::string message, std::vector<Diagnostic>& out) {
  Diagnostic d;
  d.code = std::string(code);
  d.file = at.file;
  d.line = at.line;
  d.column = at.column;
  d.message = std::move(message);
  out.push_back(std::move(d));
}

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

absl::StatusOr<ReformDef> LoadReformFile(const std::string& path,
                                         NodeIdAllocator& ids,
                                         std::vector<Diagnostic>& diagnostics) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return absl::NotFoundError(absl::StrCat("reform file not found: ", path));
  }
  if (!fs::is_regular_file(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a reform file: ", path));
  }
  absl::StatusOr<std::string> text = ReadRuleFile(path, path);
  if (!text.ok()) {
    if (text.status().code() != absl::StatusCode::kInvalidArgument) {
      return text.status();
    }
    diagnostics.push_back(FileError(path, "file-too-large",
                                    std::string(text.status().message())));
    ReformDef empty;
    empty.location = SourceLocation{path, 0, 0};
    return empty;
  }
  return LoadReformText(path, *text, ids, diagnostics);
}

ReformDef LoadReformText(const std::string& name, const std::string& text,
                         NodeIdAllocator& ids,
                         std::vector<Diagnostic>& diagnostics) {
  ReformDef reform;
  reform.location = SourceLocation{name, 1, 1};
  reform.content_hash = Sha256Hex(text);
  const size_t errors_before = diagnostics.size();
  RuleFileReader reader(name, text, ids, diagnostics);
  const YNode* root = reader.Read();
  if (root == nullptr) {
    if (diagnostics.size() == errors_before) {
      diagnostics.push_back(
          FileError(name, "missing-key",
                    "reform file is empty; expected \"reform: ID\""));
    }
    return reform;
  }
  reader.LoadReform(*root, reform);
  return reform;
}

void ApplyReform(const ReformDef& reform, RuleSetDef& rules,
                 std::vector<Diagnostic>& diagnostics) {
  const std::string who = absl::StrCat("reform \"", reform.id, "\"");
  rules.reforms.push_back({reform.id, reform.title, reform.reference, reform.location.file});
  // Its values are cited by it when they carry no reference of their own:
  // a reform without one would have explain cite nothing, or the law.
  if (reform.reference.empty()) {
    AddDiagnostic(reform.location, "missing-reference",
                  absl::StrCat(who, " has no reference (the draft, bill or decision it models)"),
                  diagnostics);
  }

  for (const ParameterDef& p : reform.parameters) {
    auto base =
        std::find_if(rules.parameters.begin(), rules.parameters.end(),
                     [&p](const ParameterDef& b) { return b.name == p.name; });
    if (base == rules.parameters.end()) {
      std::vector<std::string> missing;
      if (p.unit.empty() && p.kind != ParameterKind::kSet)
        missing.push_back("unit");
      if (p.reference.empty()) missing.push_back("reference");
      if (!missing.empty()) {
        AddDiagnostic(p.location, "unknown-name",
                      absl::StrCat(who, " sets unknown parameter \"", p.name,
                                   "\"; a new parameter needs ",
                                   absl::StrJoin(missing, " and ")),
                      diagnostics);
        continue;
      }
      rules.parameters.push_back(p);
      for (ParameterValue& v : rules.parameters.back().values) v.reform = reform.id;
      continue;
    }
    if (p.kind != base->kind && !p.values.empty()) {
      AddDiagnostic(
          p.location, "bad-value",
          absl::StrCat(who, " gives parameter \"", p.name,
                       "\" values of another kind than the rule set's"),
          diagnostics);
      continue;
    }
    if (!p.unit.empty() && p.unit != base->unit) {
      AddDiagnostic(
          p.location, "bad-value",
          absl::StrCat(who, " changes the unit of parameter \"", p.name,
                       "\" from \"", base->unit, "\" to \"", p.unit, "\""),
          diagnostics);
      continue;
    }
    if (!p.description.empty()) base->description = p.description;
    // The parameter's own reference stays: it is what the base values cite.
    // The reform's values cite, in order, their own reference, the one the
    // reform gives for this parameter, or the reform's.
    if (p.end) base->end = p.end;
    for (ParameterValue v : p.values) {
      v.reform = reform.id;
      if (v.reference.empty()) v.reference = p.reference.empty() ? reform.reference : p.reference;
      auto at = std::lower_bound(
          base->values.begin(), base->values.end(), v.from,
          [](const ParameterValue& a, const Date& d) { return a.from < d; });
      if (at != base->values.end() && at->from == v.from) {
        *at = v;
      } else {
        base->values.insert(at, v);
      }
    }
  }

  for (const ProgramPatch& patch : reform.patches) {
    auto program = std::find_if(
        rules.programs.begin(), rules.programs.end(),
        [&patch](const ProgramDef& p) { return p.id == patch.program; });
    if (program == rules.programs.end()) {
      AddDiagnostic(patch.location, "unknown-name",
                    absl::StrCat(who, " changes unknown programme \"",
                                 patch.program, "\""),
                    diagnostics);
      continue;
    }
    for (const InputDef& in : patch.inputs) {
      auto at =
          std::find_if(program->inputs.begin(), program->inputs.end(),
                       [&in](const InputDef& b) { return b.name == in.name; });
      if (at != program->inputs.end()) {
        *at = in;
      } else {
        program->inputs.push_back(in);
      }
    }
    for (const VariableDef& v : patch.variables) {
      auto at =
          std::find_if(program->variables.begin(), program->variables.end(),
                       [&v](const VariableDef& b) { return b.name == v.name; });
      if (at != program->variables.end()) {
        *at = CloneVariable(v);
      } else {
        program->variables.push_back(CloneVariable(v));
      }
    }
    for (const ConditionDef& c : patch.conditions) {
      auto at =
          std::find_if(program->conditions.begin(), program->conditions.end(),
                       [&c](const ConditionDef& b) { return b.id == c.id; });
      if (at != program->conditions.end()) {
        *at = CloneCondition(c);
      } else {
        program->conditions.push_back(CloneCondition(c));
      }
    }
    for (const std::string& id : patch.remove_conditions) {
      auto at =
          std::find_if(program->conditions.begin(), program->conditions.end(),
                       [&id](const ConditionDef& b) { return b.id == id; });
      if (at == program->conditions.end()) {
        AddDiagnostic(patch.location, "unknown-name",
                      absl::StrCat(who, " removes unknown condition \"", id,
                                   "\" of programme \"", patch.program, "\""),
                      diagnostics);
        continue;
      }
      program->conditions.erase(at);
    }
    if (patch.outputs) program->outputs = *patch.outputs;
  }

  for (const ProgramDef& p : reform.new_programs) {
    auto at = std::find_if(rules.programs.begin(), rules.programs.end(),
                           [&p](const ProgramDef& b) { return b.id == p.id; });
    if (at != rules.programs.end()) {
      AddDiagnostic(p.location, "duplicate-name",
                    absl::StrCat(who, " adds programme \"", p.id,
                                 "\", which is already defined at ",
                                 at->location.ToString()),
                    diagnostics);
      continue;
    }
    rules.programs.push_back(CloneProgram(p));
  }

  rules.content_hash = absl::StrCat(
      "sha256:", Sha256Hex(absl::StrCat(rules.content_hash, "\nreform\n",
                                        reform.content_hash)));
}

absl::StatusOr<ClaimValue> ParseClaimDocument(absl::string_view text,
                                              const std::string& file_name) {
  if (text.size() > kMaxFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        file_name, ": claim document is ", text.size(), " bytes; at most ",
        kMaxFileBytes, " (4 MiB) are allowed"));
  }
  ReadOutcome out = ReadYaml(text, "claim documents");
  if (!out.problems.empty()) {
    const ReadProblem& p = out.problems.front();
    return absl::InvalidArgumentError(
        absl::StrCat(SourceLocation{file_name, p.line, p.column}.ToString(),
                     ": ", p.message));
  }
  if (out.documents.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        SourceLocation{
            file_name,
            out.document_lines.size() > 1 ? out.document_lines[1] : 0, 1}
            .ToString(),
        ": expected one claim document, found a second one"));
  }
  if (out.documents.empty() || out.documents[0].kind == YNode::Kind::kNull) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name, ": expected a claim, found an empty document"));
  }
  return ToClaimValue(out.documents[0], file_name);
}

}  // namespace odenek::internal
