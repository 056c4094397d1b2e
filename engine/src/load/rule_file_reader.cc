// The rule-file reader (see rule_file_reader.h): reading the file, the top of
// a rule file, and the shapes and scalars every part is written in.
#include "load/rule_file_reader.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "ast/parser.h"
#include "load/yaml_loader.h"

namespace odenek::internal {
namespace {

absl::string_view KindName(YNode::Kind kind) {
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

}  // namespace

const YNode* RuleFileReader::Read() {
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

bool RuleFileReader::LoadRuleFile(const YNode& root, RuleSetDef& out) {
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

// ---- Shapes

bool RuleFileReader::ExpectKind(const YNode& n, YNode::Kind kind, absl::string_view what) {
  if (n.kind == kind) return true;
  ErrorAt(n, "wrong-kind",
          absl::StrCat("expected ", KindName(kind), " for ", what, ", found ",
                       Describe(n)));
  return false;
}

// Reports each of `keys` missing from `map`. True if none is.
bool RuleFileReader::Require(const YNode& map, absl::string_view what,
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

// ---- Scalars, expressions, intervals

std::optional<std::string> RuleFileReader::Text(const YNode& n, absl::string_view what) {
  if (n.kind == YNode::Kind::kScalar) return n.value;
  ErrorAt(n, "wrong-kind",
          absl::StrCat("expected text for ", what, ", found ", Describe(n)));
  return std::nullopt;
}

std::optional<std::vector<std::string>> RuleFileReader::TextList(const YNode& n,
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

std::optional<Date> RuleFileReader::DateOf(const YNode& n, absl::string_view what) {
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
std::optional<Date> RuleFileReader::KeyDate(const YNode& n, absl::string_view what) {
  absl::StatusOr<Date> d = Date::Parse(n.key);
  if (d.ok()) return *d;
  ErrorAtKey(n, "bad-date",
             absl::StrCat("expected a date YYYY-MM-DD for ", what, ", found ",
                          Quote(n.key)));
  return std::nullopt;
}

// A decimal literal, from the YAML text (never through double).
std::optional<Decimal> RuleFileReader::DecimalOf(const YNode& n, absl::string_view what) {
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
std::pair<SourceLocation, bool> RuleFileReader::TextStart(const YNode& n) const {
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
std::optional<ExprSource> RuleFileReader::ExprOf(const YNode& n, absl::string_view what) {
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
std::optional<Interval> RuleFileReader::IntervalOf(const YNode& n) {
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

}  // namespace odenek::internal
