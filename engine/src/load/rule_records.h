// Rule records: a rule set as read from YAML, before any checking.
//
// The loader (yaml_loader.h) turns rule files into these plain records. Every
// record keeps the SourceLocation of its YAML node; every expression is already
// parsed into an AST (ast/ast.h) but not yet resolved or typed: the checker does
// that. Records are plain data, movable, with no behaviour.
#ifndef ODENEK_ENGINE_SRC_LOAD_RULE_RECORDS_H_
#define ODENEK_ENGINE_SRC_LOAD_RULE_RECORDS_H_

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ast/ast.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "util/source_location.h"

namespace odenek::internal {

// An expression as written in a rule file, parsed. `text` is the source text;
// `location` is where the text starts (diagnostics add the node's offset).
struct ExprSource {
  std::string text;
  SourceLocation location;
  ExprPtr expr;  // never null once loaded successfully
};

// ---- Parameters --------------------------------------------------------------

enum class ParameterKind { kNumber, kSet, kScale };

// One bracket of a marginal-rate scale: `rate` applies to the part of the base up
// to `upto` (TL, inclusive) above the previous bracket's bound.
struct ScaleBracket {
  Decimal upto;
  Decimal rate;
};
struct Scale {
  std::vector<ScaleBracket> brackets;  // ascending `upto`
  Decimal top_rate;                     // above the last bracket
};

// A set of integers or strings (e.g. the SGK termination codes that entitle).
struct ValueSet {
  std::vector<Decimal> numbers;      // sorted, unique (integers for codes)
  std::vector<std::string> strings;  // sorted, unique
};

using ParameterPayload = std::variant<Decimal, ValueSet, Scale>;

// The value a parameter takes from `from` (inclusive) until the next entry.
struct ParameterValue {
  Date from;
  ParameterPayload value;
  std::string reference;  // may be empty: the parameter's reference applies
  SourceLocation location;
  // The reform that gave this value ("" for the rule set's own). ApplyReform
  // fills `reference` with the reform's when the value has none of its own,
  // so a value a reform made up is never cited as the law's.
  std::string reform;
};

struct ParameterDef {
  std::string name;  // dotted: asgari_ucret.brut
  ParameterKind kind = ParameterKind::kNumber;
  std::string unit;  // as written: "TL", "gun", "oran", "TL/gun", "" (none)
  std::string description;
  std::string reference;
  std::vector<ParameterValue> values;  // ascending `from`
  std::optional<Date> end;             // last value ends after this day (inclusive)
  // The last day the history is known to be complete (`known_until:`): a
  // lookup after it still gets the last value, but the result carries a
  // warning (a 2027 claim priced with the 2026 minimum wage says so).
  std::optional<Date> known_until;
  SourceLocation location;
};

// ---- Programmes ----------------------------------------------------------------

// An input's declared type, as written: bool, int, decimal, money, gun, saat,
// oran, date, month, string, list.
struct FieldDef {
  std::string name;
  std::string type;
  SourceLocation location;
};

struct InputDef {
  std::string name;  // dotted for nested claim objects: fesih.tarih
  std::string type;
  std::string description;
  std::optional<Decimal> min;  // inclusive; bad input outside
  std::optional<Decimal> max;  // inclusive
  // Carried on claims (CONTRACT §3b: kisi.dogum_tarihi, basvuru.program) but read
  // by no rule of this programme: accepted, typed, and not warned about.
  bool informational = false;
  // Lists only.
  std::vector<FieldDef> fields;
  std::string key;                                 // the field windows select on
  std::optional<std::pair<std::string, std::string>> span;  // [start, end] fields
  SourceLocation location;
};

// An interval over a decision table's input, bounds in the input's unit.
// An absent bound is open (unbounded).
struct Interval {
  std::optional<Decimal> lo;
  bool lo_inclusive = true;
  std::optional<Decimal> hi;
  bool hi_inclusive = false;
  std::string text;  // as written: "[600, 900)"
};

struct TableRow {
  Interval when;
  ExprSource then;
  SourceLocation location;
};

struct TableDef {
  ExprSource input;
  std::vector<TableRow> rows;
  std::optional<ExprSource> default_value;
  SourceLocation location;
};

// `when` holds → `expr` replaces the base definition (first such wins).
struct ExceptionDef {
  ExprSource when;
  ExprSource expr;
  std::string reference;
  std::string description;
  SourceLocation location;
};

struct VariableDef {
  std::string name;
  std::string type;  // optional declared type ("" = infer)
  std::string description;
  std::string reference;
  std::optional<ExprSource> expr;   // exactly one of expr / table
  std::optional<TableDef> table;
  std::vector<ExceptionDef> exceptions;
  SourceLocation location;
};

struct ConditionDef {
  std::string id;
  ExprSource expr;
  std::string message;
  std::string reference;
  SourceLocation location;
};

// A monthly payment schedule (docs/rules.md §2.4). The loader expands it into
// ordinary variables, `max_months` of each kind, named in `months`; the planner
// and the result builder find them by those names.
struct PaymentsDef {
  std::string reference;
  std::string start;           // expression texts, as written
  std::string days;
  std::string days_per_month;  // "" → 30 gun
  std::string gross;           // may use donem_basi, donem_gun
  std::string stamp_tax;       // may also use donem_brut
  std::string net;             // may also use donem_damga
  // "" → every scheduled day is paid. Otherwise the days of each period the
  // claim's events (a suspension, a cut) leave unpaid; may use donem_basi,
  // donem_son (the period's last scheduled day) and donem_no.
  std::string unpaid_days;
  // "" → none. Otherwise what the Fund pays for the period besides the
  // benefit (the recipient's premiums); may use every donem_ name. Expanded
  // as odeme_k_prim, summed as `premiums_total`.
  std::string premiums;
  std::string premiums_total;  // variable: Σ odeme_k_prim ("" without premiums)
  int max_months = 0;
  struct Month {
    std::string start, days, gross, stamp_tax, net;  // variable names
    // The period's other variables (scheduled days, last day, days unpaid,
    // premiums): explained as part of the period, not as rules of their own.
    std::vector<std::string> others;
  };
  std::vector<Month> months;
  std::string remaining_days;  // variable: days past the last month (must be 0)
  SourceLocation location;
};

struct ProgramDef {
  std::string id;
  std::string title;
  std::string reference;
  std::string description;
  std::optional<Date> valid_from;
  std::optional<Date> valid_to;  // inclusive
  std::string valid_on;          // the claim's date the bounds apply to, as written
  std::vector<InputDef> inputs;
  std::vector<VariableDef> variables;
  std::vector<ConditionDef> conditions;
  std::vector<std::string> outputs;
  // Outputs an eligible result may lack, because they depend on facts known
  // later (hours not worked, days attended). Every other output is needed:
  // left unknown, it makes the result undetermined.
  std::vector<std::string> optional_outputs;
  // Outputs that exist only when an event the claim may carry happened (the
  // remainder of an entitlement cut short by a new job): left unknown, they
  // are neither reported nor listed as missing. Each is also optional.
  std::vector<std::string> event_outputs;
  std::optional<PaymentsDef> payments;
  SourceLocation location;
  // Inputs and variables whose definition had an error and was left out:
  // the error is reported once, at the definition; their uses are not
  // reported again as unknown names (root causes, not knock-ons).
  std::vector<std::string> broken;
  bool reference_missing = false;  // no `reference:` key (the loader said so)
};

// ---- Test cases -----------------------------------------------------------------

// A claim as written in a test case or claim file: a JSON-like tree. Scalars keep
// their text so typing happens against the programme's input declarations.
struct ClaimValue {
  enum class Kind { kNull, kScalar, kList, kObject };
  Kind kind = Kind::kNull;
  std::string scalar;     // the text of a scalar, e.g. "2023-06-30", "10008.00"
  bool quoted = false;    // scalar was a quoted string in the source
  std::vector<ClaimValue> list;
  std::vector<std::pair<std::string, ClaimValue>> object;  // in source order
  SourceLocation location;

  // Declared, and the destructor defined below the class, because clang (14,
  // with libstdc++ 12, C++20) otherwise instantiates the destructor of
  // vector<pair<string, ClaimValue>> while ClaimValue is still incomplete and
  // fails to compile (the fuzz preset builds with clang).
  ClaimValue() = default;
  ClaimValue(const ClaimValue&) = default;
  ClaimValue(ClaimValue&&) noexcept = default;
  ClaimValue& operator=(const ClaimValue&) = default;
  ClaimValue& operator=(ClaimValue&&) noexcept = default;
  ~ClaimValue();
};
inline ClaimValue::~ClaimValue() = default;

struct TestCaseDef {
  std::string name;
  std::string program;
  std::string description;
  std::optional<Date> date;
  ClaimValue input;  // an object
  std::optional<std::string> expect_status;
  std::vector<std::pair<std::string, std::string>> expect_values;  // name → text
  std::optional<std::vector<std::string>> expect_failed;
  std::optional<std::vector<std::string>> expect_missing;
  // One line a month: "MONTH DAYS GROSS STAMP_TAX NET" ("2023-07 30 4003.20 30.38 3972.82").
  std::optional<std::vector<std::string>> expect_payments;
  std::vector<std::string> reforms;  // paths, resolved against the test file
  SourceLocation location;
};

// ---- Reforms --------------------------------------------------------------------

struct ProgramPatch {
  std::string program;
  std::vector<InputDef> inputs;
  std::vector<VariableDef> variables;    // replace by name, or add
  std::vector<ConditionDef> conditions;  // replace by id, or add
  std::vector<std::string> remove_conditions;
  std::optional<std::vector<std::string>> outputs;
  SourceLocation location;
};

struct ReformDef {
  std::string id;
  std::string title;
  std::string reference;
  std::vector<ParameterDef> parameters;  // values merged by date into the base
  std::vector<ProgramDef> new_programs;
  std::vector<ProgramPatch> patches;
  std::string content_hash;  // hex SHA-256 of the reform file's bytes
  SourceLocation location;
};

// ---- A whole rule set --------------------------------------------------------------

// A reform applied to a rule set, as it names itself (RuleSet::reforms()).
struct AppliedReform {
  std::string id;
  std::string title;
  std::string reference;
  std::string file;
};

struct RuleSetDef {
  std::vector<ParameterDef> parameters;
  std::vector<ProgramDef> programs;
  std::vector<TestCaseDef> tests;
  std::vector<std::string> files;  // every file read, sorted
  // Parameters whose definition had an error and was left out (see
  // ProgramDef::broken): their uses are not reported as unknown again.
  std::vector<std::string> broken_parameters;
  std::string content_hash;        // "sha256:..." of the files' bytes (and reforms)
  std::vector<AppliedReform> reforms;  // in the order applied
};

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_LOAD_RULE_RECORDS_H_
