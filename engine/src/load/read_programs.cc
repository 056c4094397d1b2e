// The rule-file reader's programme keys (docs/rules.md §2): title, reference,
// validity, inputs, variables (expressions, tables, exceptions), conditions,
// payments and outputs.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ast/parser.h"
#include "load/payments.h"
#include "load/rule_file_reader.h"

namespace odenek::internal {

// The programme keys of `map` (title, reference, ... outputs) into `def`.
void RuleFileReader::LoadProgramBody(const YNode& map, ProgramDef& def) {
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
void RuleFileReader::LoadValidity(const YNode& map, ProgramDef& def) {
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

void RuleFileReader::LoadPayments(const YNode& n, ProgramDef& def) {
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
void RuleFileReader::LoadInputs(const YNode& n, std::vector<InputDef>& out,
                                std::vector<std::string>* broken) {
  if (!ExpectKind(n, YNode::Kind::kMap, "inputs")) return;
  for (const YNode& i : n.children) {
    if (std::optional<InputDef> def = ParseInput(i)) {
      out.push_back(std::move(*def));
    } else if (broken != nullptr) {
      broken->push_back(i.key);
    }
  }
}

std::optional<InputDef> RuleFileReader::ParseInput(const YNode& i) {
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

void RuleFileReader::LoadVariables(const YNode& n, std::vector<VariableDef>& out,
                                   std::vector<std::string>* broken) {
  if (!ExpectKind(n, YNode::Kind::kMap, "variables")) return;
  for (const YNode& v : n.children) {
    if (std::optional<VariableDef> def = ParseVariable(v)) {
      out.push_back(std::move(*def));
    } else if (broken != nullptr) {
      broken->push_back(v.key);
    }
  }
}

std::optional<VariableDef> RuleFileReader::ParseVariable(const YNode& v) {
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

std::optional<TableDef> RuleFileReader::ParseTable(const YNode& t, const std::string& what) {
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

void RuleFileReader::LoadConditions(const YNode& n, std::vector<ConditionDef>& out) {
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

std::optional<ConditionDef> RuleFileReader::ParseCondition(const YNode& c) {
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

}  // namespace odenek::internal
