// Test helpers shared by the load/ tests (one test file per loader stage:
// yaml_tree_test, rule_file_reader_test, read_parameters_test,
// read_programs_test, read_test_cases_test, reforms_test, yaml_loader_test):
// loading rule texts in memory, formatting their diagnostics, and a complete
// small rule set (parameters, a programme, a test case) to read back.
#ifndef ODENEK_ENGINE_SRC_LOAD_YAML_LOADER_TEST_UTIL_H_
#define ODENEK_ENGINE_SRC_LOAD_YAML_LOADER_TEST_UTIL_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "load/yaml_loader.h"
#include "odenek/date.h"
#include "odenek/decimal.h"
#include "odenek/diagnostic.h"

namespace odenek::internal {

// Each diagnostic as FormatDiagnostic() writes it.
inline std::vector<std::string> Formatted(const std::vector<Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics) out.push_back(FormatDiagnostic(d));
  return out;
}

// `text` loaded as one rule file named `name`.
inline LoadResult LoadOne(const std::string& text, const std::string& name = "r.yaml") {
  NodeIdAllocator ids;
  return LoadRuleTexts({{name, text}}, ids);
}

// The diagnostics of loading `text` as r.yaml, formatted.
inline std::vector<std::string> Problems(const std::string& text) {
  return Formatted(LoadOne(text).diagnostics);
}

// Literals in expectations; `text` must be valid.
inline Decimal Dec(absl::string_view text) { return Decimal::Parse(text).value(); }
inline Date Day(absl::string_view text) { return Date::Parse(text).value(); }

// ---- A complete small rule set
// ----------------------------------------------------

inline constexpr char kParameters[] = R"yaml(parameters:
  asgari_ucret.brut:
    description: Aylık brüt asgari ücret
    unit: TL
    reference: 4857 s.K. m.39
    values:
      2023-01-01: 10008.00
      2023-07-01: {value: 13414.50, reference: RG 08.07.2023/32241}
  fesih_kodlari.issizlik:
    type: set
    reference: 4447 m.51
    values:
      2008-01-01: [15, 4, 5, "A1"]
  gelir_vergisi.tarife:
    type: scale
    unit: TL
    reference: 193 s.K. m.103
    end: 2023-12-31
    values:
      2023-01-01:
        brackets: [{upto: 70000, rate: 0.15}, {upto: 150000, rate: 0.20}]
        top_rate: 0.40
  gunluk_tavan:
    unit: TL/gun
    reference: 4447 m.50
    values:
      2023-01-01: 9223372036854.775807
)yaml";

inline constexpr char kProgram[] = R"yaml(program: issizlik_odenegi
title: İşsizlik ödeneği
reference: 4447 s.K. m.46-51
# validity (valid_from/valid_to/valid_on) is tested in tests/engine/validity_test.cc
inputs:
  fesih_tarihi: {type: date, description: Hizmet akdinin sona erdiği tarih}
  prim_gun_3_yil: {type: gun, min: 0, max: 1080}
  primler:
    type: list
    key: ay
    fields: {ay: month, gun: gun, kazanc: money}
  sozlesmeler:
    type: list
    span: [baslangic, bitis]
    fields: {baslangic: date, bitis: date}
variables:
  hak_suresi:
    table:
      input: prim_gun_3_yil
      rows:
        - {when: "[600, 900)", then: 180 gun}
        - {when: "(900, 1080]", then: 240 gun}
        - {when: "[1080, )", then: 300 gun}
      default: 0 gun
    reference: 4447 m.50/2
  gunluk_brut:
    expr: min(ortalama, tavan)
    exceptions:
      - when: engelli
        expr: tavan
        reference: ornek m.1
    reference: 4447 m.50/1
conditions:
  - id: prim_600_gun
    expr: prim_gun_3_yil >= 600 gun
    message: Son 3 yılda en az 600 gün prim gerekir
    reference: 4447 m.51/1
outputs: [hak_suresi, gunluk_brut]
)yaml";

inline constexpr char kTests[] = R"yaml(tests:
  - name: asgari_ucretli
    program: issizlik_odenegi
    description: İŞKUR örneği
    date: 2023-03-31
    input:
      fesih_tarihi: 2023-03-31
      primler: [{ay: 2023-01, kazanc: "10008.00"}]
    expect:
      status: eligible
      values: {hak_suresi: 180, gunluk_brut: "133.44"}
      failed: []
      missing: [prim_gun_3_yil]
)yaml";

inline LoadResult LoadComplete() {
  NodeIdAllocator ids;
  return LoadRuleTexts({{"issizlik/tests/t.yaml", kTests},
                        {"parametreler/p.yaml", kParameters},
                        {"issizlik/program.yaml", kProgram}},
                       ids);
}

}  // namespace odenek::internal

#endif  // ODENEK_ENGINE_SRC_LOAD_YAML_LOADER_TEST_UTIL_H_
