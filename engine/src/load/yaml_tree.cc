// YAML text → YNode tree (see yaml_tree.h).
#include "load/yaml_tree.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "load/yaml_loader.h"
#include "yaml-cpp/eventhandler.h"
#include "yaml-cpp/exceptions.h"
#include "yaml-cpp/mark.h"
#include "yaml-cpp/parser.h"

namespace odenek::internal {
namespace {

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

}  // namespace

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

std::string Quote(absl::string_view s) {
  constexpr size_t kMax = 60;
  if (s.size() > kMax) return absl::StrCat("\"", s.substr(0, kMax), "...\"");
  return absl::StrCat("\"", s, "\"");
}

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

}  // namespace odenek::internal
