#include "check/checker.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "load/yaml_loader.h"

namespace odenek::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kParameters[] = R"yaml(parameters:
  oran:
    unit: oran
    reference: m.1
    values: {2020-01-01: 0.40}
  tavan:
    unit: TL/gun
    reference: m.2
    values: {2020-01-01: 100.00}
  sonra_baslar:
    unit: TL
    reference: m.3
    values: {2024-01-01: 1.00}
  kodlar:
    type: set
    reference: m.4
    values: {2020-01-01: [1, 2]}
)yaml";

// A programme whose line 12 ("    expr: EXPR") is the one each test changes,
// so positions in the expected messages are easy to read: the expression
// starts at column 11.
std::string Program(const std::string& expr, const std::string& extra = "") {
  return absl::StrCat(R"yaml(program: p
title: P
reference: m.0
inputs:
  fesih_tarihi: {type: date}
  kazanc: {type: money}
  gun: {type: gun}
  kod: {type: int}
  primler: {type: list, key: ay, fields: {ay: month, gun: gun}}
variables:
  x:
    expr: )yaml",
                      expr, R"yaml(
    reference: m.9
  gunluk:
    expr: kazanc / gun
    reference: m.9
conditions:
  - id: c
    expr: kod in kodlar @ fesih_tarihi and known(x) and gun >= 0 gun and count(primler, last_months(month_of(fesih_tarihi), 3)) >= 0
    message: m
    reference: m.9
)yaml",
                      extra);
}

// Loads and checks `program` (as p.yaml) with kParameters; returns every
// diagnostic, formatted, in place order.
// `out`, when given, points into `*loaded`, which must then be given too.
std::vector<std::string> Check(const std::string& program, CheckedRuleSet* out = nullptr,
                               LoadResult* loaded_out = nullptr) {
  NodeIdAllocator ids;
  LoadResult local_load;
  LoadResult& loaded = loaded_out ? *loaded_out : local_load;
  loaded = LoadRuleTexts({{"params.yaml", kParameters}, {"p.yaml", program}}, ids);
  std::vector<std::string> result;
  for (const Diagnostic& d : loaded.diagnostics) result.push_back(FormatDiagnostic(d));
  CheckedRuleSet local;
  std::vector<Diagnostic> diags = CheckRuleSet(loaded.rules, out ? *out : local);
  SortDiagnostics(diags);
  for (const Diagnostic& d : diags) result.push_back(FormatDiagnostic(d));
  return result;
}

TEST(CheckerTest, WellFormedProgrammeHasNoDiagnostics) {
  EXPECT_THAT(Check(Program("round(min(oran @ fesih_tarihi * gunluk, tavan @ fesih_tarihi), 2, "
                            "half_up) * gun")),
              IsEmpty());
}

// Issue #21: explain cites an exception's own article when it fires, so an
// exception without one is an error; outputs name each variable once, and
// only variables (an input echoed back is not a result).
TEST(CheckerTest, ExceptionNeedsItsOwnReference) {
  std::string program = Program("gunluk");
  program = absl::StrReplaceAll(program, {{"  gunluk:\n    expr: kazanc / gun\n    reference: m.9\n",
                                           "  gunluk:\n    expr: kazanc / gun\n    reference: m.9\n"
                                           "    exceptions:\n      - when: kod == 1\n"
                                           "        expr: 0 TL / 1 gun\n"}});
  std::vector<std::string> diags = Check(program);
  ASSERT_EQ(diags.size(), 1u) << ::testing::PrintToString(diags);
  EXPECT_THAT(diags[0], HasSubstr("p.yaml:18:9: error: exception 1 of variable gunluk has no "
                                  "reference (the article that makes the exception)"));
}

TEST(CheckerTest, OutputsAreVariablesListedOnce) {
  EXPECT_THAT(Check(Program("gunluk", "outputs: [x, gunluk, x]\n")),
              ElementsAre("p.yaml:1:1: error: output x is listed twice in outputs"));
  EXPECT_THAT(Check(Program("gunluk", "outputs: [x, kazanc]\n")),
              ElementsAre(HasSubstr("error: output kazanc is an input, not a variable")));
  EXPECT_THAT(Check(Program("gunluk", "outputs: [x, yok]\n")),
              ElementsAre("p.yaml:1:1: error: output yok is not a variable of programme p"));
}

// Issue #21: the root cause, not its knock-ons. A definition left out for an
// error is not reported again where it is used (an unknown name, an unknown
// output, an input no rule reads), and a missing programme reference once.
TEST(CheckerTest, KnockOnErrorsOfABrokenDefinitionAreNotReported) {
  std::string program = absl::StrReplaceAll(
      Program("gunluk", "outputs: [x, gunluk]\n"),
      {{"  gunluk:\n    expr: kazanc / gun\n    reference: m.9\n",
        "  gunluk:\n    expr: kazanc / gun\n"}});
  EXPECT_THAT(Check(program),
              ElementsAre("p.yaml:15:5: error: missing required key \"reference\" in variable "
                          "\"gunluk\""));
  EXPECT_THAT(Check(absl::StrReplaceAll(Program("gunluk"), {{"reference: m.0\n", ""}})),
              ElementsAre("p.yaml:1:1: error: missing required key \"reference\" in programme "
                          "\"p\""));
}

TEST(CheckerTest, UnitsMultiplyAndDivide) {
  // TL / gün × gün = TL: x compares with money, so no error.
  EXPECT_THAT(Check(Program("gunluk * gun >= kazanc")), IsEmpty());
  // TL / gün compared with TL is an error naming both units.
  EXPECT_THAT(Check(Program("gunluk >= kazanc")),
              ElementsAre("p.yaml:12:11: error: unit mismatch: TL/gün >= TL"));
}

TEST(CheckerTest, AddingDifferentUnitsNamesBothSides) {
  EXPECT_THAT(Check(Program("kazanc + gun")),
              ElementsAre("p.yaml:12:11: error: unit mismatch: TL + gün"));
}

TEST(CheckerTest, BareLiteralHasNoUnit) {
  EXPECT_THAT(Check(Program("gun >= 600")),
              ElementsAre("p.yaml:12:11: error: unit mismatch: gün >= number; write the "
                          "number with its unit: 600 gun"));
  EXPECT_THAT(Check(Program("kazanc > 10008.5")),
              ElementsAre(HasSubstr("write the number with its unit: 10008.5 TL")));
  // TL/gün has no literal suffix: no suggestion rather than a wrong one.
  EXPECT_THAT(Check(Program("gunluk > 2")),
              ElementsAre("p.yaml:12:11: error: unit mismatch: TL/gün > number"));
}

// Issue #21: the hint names a date the programme has, not fesih_tarihi.
TEST(CheckerTest, ParameterWithoutDateHintNamesAProgrammeDate) {
  std::string program = absl::StrReplaceAll(Program("oran > 0"),
                                            {{"fesih_tarihi", "baslangic"}});
  EXPECT_THAT(Check(program),
              ElementsAre("p.yaml:12:11: error: parameter oran needs the date it is read on: "
                          "write oran @ baslangic (or another date)"));
}

TEST(CheckerTest, UnknownNameIsReportedAtItsColumn) {
  std::vector<std::string> d = Check(Program("kazanc + kazancc"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0], HasSubstr("p.yaml:12:20: error: unknown name \"kazancc\": not an input, variable or parameter of programme p"));
}

TEST(CheckerTest, UnknownFunctionListsTheBuiltins) {
  std::vector<std::string> d = Check(Program("floor(kazanc)"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0], HasSubstr("p.yaml:12:11: error: unknown function floor(); built-ins: min, "));
  EXPECT_THAT(d[0], HasSubstr("covers, known, value_or"));
}

TEST(CheckerTest, IfBranchesMustAgree) {
  EXPECT_THAT(Check(Program("if kod > 1 then kazanc else gun")),
              ElementsAre("p.yaml:12:11: error: `if` branches differ: then gives TL, else gives "
                          "gün"));
}

TEST(CheckerTest, CycleNamesItsPath) {
  std::vector<std::string> d = Check(Program("y + 1 gun", R"yaml(  - id: d
    expr: x > 0 gun
    message: m
    reference: m.9
)yaml"));
  // y is not defined: an unknown name, not a cycle.
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0], HasSubstr("p.yaml:12:11: error: unknown name \"y\""));

  std::string cyclic = absl::StrReplaceAll(Program("y + 1 gun"), {{"  gunluk:\n", R"yaml(  y:
    expr: x - 1 gun
    reference: m.9
  gunluk:
)yaml"}});
  d = Check(cyclic);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0], HasSubstr("error: cycle: x -> y -> x"));
}

TEST(CheckerTest, WindowMustMatchTheListKey) {
  std::vector<std::string> d = Check(Program("sum(primler.gun, last_days(fesih_tarihi, 30))"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0], HasSubstr("p.yaml:12:28: error: sum(): list primler is keyed by month, so "
                              "the window must be a month window, found date window"));
}

TEST(CheckerTest, CountTakesTheListNotAField) {
  std::vector<std::string> d = Check(Program("count(primler.gun, last_months(fesih_tarihi, 3))"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0], HasSubstr("count() takes the list itself, not primler.gun"));
}

TEST(CheckerTest, ParameterNeedsADate) {
  std::vector<std::string> d = Check(Program("oran * kazanc"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0], HasSubstr("p.yaml:12:11: error:"));
  EXPECT_THAT(d[0], HasSubstr("oran"));
}

TEST(CheckerTest, ConditionMustBeBoolean) {
  std::string program = absl::StrReplaceAll(
      Program("kazanc"),
      {{"kod in kodlar @ fesih_tarihi and known(x) and gun >= 0 gun and count(primler, last_months(month_of(fesih_tarihi), 3)) >= 0",
        "kazanc"}});
  std::vector<std::string> d = Check(program);
  // The inputs only the condition read are now unused: warnings beside the error.
  EXPECT_THAT(d, ::testing::Contains("p.yaml:19:11: error: condition c must be bool, found TL"));
  EXPECT_EQ(std::count_if(d.begin(), d.end(),
                          [](const std::string& x) { return absl::StrContains(x, "error"); }),
            1);
}

TEST(CheckerTest, DuplicateConditionIsAnError) {
  std::vector<std::string> d = Check(Program("kazanc", R"yaml(  - id: c
    expr: kod > 1
    message: m
    reference: m.9
)yaml"));
  EXPECT_THAT(d, ElementsAre(HasSubstr("p.yaml:22:5: error: duplicate condition id \"c\" (first at line 18)")));
}

TEST(CheckerTest, TableRowsMustNotOverlapOrLeaveGaps) {
  auto table = [](const std::string& rows, const std::string& tail) {
    return absl::StrReplaceAll(Program("kazanc"),
                               {{"  x:\n    expr: kazanc\n",
                                 absl::StrCat("  x:\n    table:\n      input: gun\n      rows:\n",
                                              rows, tail)}});
  };
  std::vector<std::string> d = Check(table(
      "        - {when: \"[0, 10)\", then: 1.00 TL}\n        - {when: \"[5, 20)\", then: 2.00 TL}\n",
      "      default: 0.00 TL\n"));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0], HasSubstr("p.yaml:16:11: error: table rows [0, 10) and [5, 20) overlap"));

  d = Check(table(
      "        - {when: \"[0, 10)\", then: 1.00 TL}\n        - {when: \"[12, 20)\", then: 2.00 TL}\n",
      ""));
  EXPECT_THAT(d, ElementsAre(HasSubstr("p.yaml:13:7: warning: table does not cover every value "
                                       "and has no `default:`"),
                             "p.yaml:16:11: error: table has a gap between [0, 10) and [12, 20); "
                             "add the missing row or a `default:`"));
}

TEST(CheckerTest, UnusedInputIsAWarning) {
  std::string program = absl::StrReplaceAll(Program("kazanc"),
                                            {{"  kod: {type: int}\n",
                                              "  kod: {type: int}\n  yas: {type: int}\n"}});
  std::vector<std::string> d = Check(program);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0], HasSubstr("p.yaml:9:3: warning: input yas is not used by any rule"));
}

TEST(CheckerTest, ParameterBeforeItsFirstValueIsAWarningWhenTheProgrammeIsDated) {
  std::string dated = absl::StrReplaceAll(
      Program("kazanc + sonra_baslar @ fesih_tarihi"),
      {{"reference: m.0\n", "reference: m.0\nvalid_from: 2023-01-01\nvalid_on: fesih_tarihi\n"}});
  std::vector<std::string> d = Check(dated);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0], HasSubstr("warning: "));
  EXPECT_THAT(d[0], HasSubstr("sonra_baslar"));
  EXPECT_THAT(d[0], HasSubstr("2024-01-01"));
  // Undated programmes are not warned about: nothing says when claims start.
  EXPECT_THAT(Check(Program("kazanc + sonra_baslar @ fesih_tarihi")), IsEmpty());
}

TEST(CheckerTest, RecordsTypesAndDependencyOrder) {
  CheckedRuleSet out;
  LoadResult loaded;
  ASSERT_THAT(Check(Program("gunluk * gun"), &out, &loaded), IsEmpty());
  ASSERT_EQ(out.programs.size(), 1u);
  const CheckedProgram& p = out.programs[0];
  std::vector<std::string> order;
  for (const VariableDef* v : p.variable_order) order.push_back(v->name);
  EXPECT_THAT(order, ElementsAre("gunluk", "x"));  // gunluk before its user
  EXPECT_EQ(p.symbols.at("gunluk").type.ToString(), "TL/gün");
  EXPECT_EQ(p.symbols.at("x").type.ToString(), "TL");
  EXPECT_THAT(p.uses.at("x"), ::testing::UnorderedElementsAre("gunluk", "gun"));
}

}  // namespace
}  // namespace odenek::internal
