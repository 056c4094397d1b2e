// The rule-file reader's `parameters:` (docs/rules.md §1): a history of
// values by date, each a number, a set or a scale.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "load/rule_file_reader.h"

namespace odenek::internal {
namespace {

// The value shape without its {value:, reference:} wrapper, for kind
// inference in reforms.
const YNode& Unwrapped(const YNode& v) {
  if (v.kind == YNode::Kind::kMap) {
    if (const YNode* inner = Find(v, "value")) return *inner;
  }
  return v;
}

}  // namespace

void RuleFileReader::LoadParameters(const YNode& n, bool reform, std::vector<ParameterDef>& out,
                                    std::vector<std::string>* broken) {
  if (!ExpectKind(n, YNode::Kind::kMap, "parameters")) return;
  for (const YNode& p : n.children) {
    if (std::optional<ParameterDef> def = ParseParameter(p, reform)) {
      out.push_back(std::move(*def));
    } else if (broken != nullptr) {
      broken->push_back(p.key);
    }
  }
}

std::optional<ParameterDef> RuleFileReader::ParseParameter(const YNode& p, bool reform) {
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

std::optional<ParameterPayload> RuleFileReader::ParsePayload(const YNode& n,
                                                             ParameterKind kind,
                                                             const std::string& what) {
  switch (kind) {
    case ParameterKind::kNumber: {
      std::optional<Decimal> d =
          DecimalOf(n, absl::StrCat("a value of ", what));
      if (!d) return std::nullopt;
      // Built in place: a temporary variant moved into the optional makes GCC 12
      // (-O2, sanitizers) warn of maybe-uninitialized vectors of the other
      // alternatives.
      return std::optional<ParameterPayload>(std::in_place, std::in_place_index<0>, *d);
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
      return std::optional<ParameterPayload>(std::in_place, std::in_place_index<1>,
                                             std::move(set));
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
      return std::optional<ParameterPayload>(std::in_place, std::in_place_index<2>,
                                             std::move(scale));
    }
  }
  return std::nullopt;
}

}  // namespace odenek::internal
