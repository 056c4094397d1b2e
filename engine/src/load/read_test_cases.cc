// The rule-file reader's `tests:` (docs/rules.md §5): YAML test cases, each
// a claim, the programme to run and what to expect, and `defaults:`, the base
// claim of a file's cases.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "load/rule_file_reader.h"

namespace odenek::internal {
namespace {

// `over` on top of `base`: a key in both whose values are both maps is
// merged the same way; otherwise `over`'s value wins. Keys keep the order
// of `base`, then `over`'s new ones. Lists are replaced, not appended.
ClaimValue Merge(const ClaimValue& base, const ClaimValue& over) {
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

}  // namespace

void RuleFileReader::LoadTests(const YNode& n, const ClaimValue* defaults,
                               std::vector<TestCaseDef>& out) {
  if (!ExpectKind(n, YNode::Kind::kList, "tests")) return;
  for (const YNode& t : n.children) {
    if (std::optional<TestCaseDef> def = ParseTest(t, defaults))
      out.push_back(std::move(*def));
  }
}

std::optional<TestCaseDef> RuleFileReader::ParseTest(const YNode& t, const ClaimValue* defaults) {
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

}  // namespace odenek::internal
