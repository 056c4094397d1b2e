/* A C program built only with `pkg-config --cflags --libs odenek` against an
 * installed odenek (tests/pkgconfig/run.sh): loads the installed rules, checks
 * one claim through the C API and prints the result JSON. */
#include <stdio.h>

#include "odenek/odenek_c.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: consumer RULES_DIR\n");
    return 2;
  }
  char* error = NULL;
  odenek_rules* rules = odenek_rules_load(argv[1], NULL, &error);
  if (rules == NULL) {
    fprintf(stderr, "load: %s\n", error);
    odenek_free(error);
    return 1;
  }
  const char* claim =
      "{\"id\": \"PC-1\", \"fesih_tarihi\": \"2023-03-31\", \"fesih_neden_kodu\": 4,"
      " \"basvuru_tarihi\": \"2023-04-05\", \"son_120_gun_hizmet_akdi\": true,"
      " \"prim_gun_3_yil\": 720, \"kazanc_son_4_ay\": \"40032.00\", \"gun_son_4_ay\": 120}";
  char* results = NULL;
  int status = odenek_evaluate_json(rules, claim, "issizlik_odenegi", &results, &error);
  if (status != ODENEK_OK) {
    fprintf(stderr, "evaluate %d: %s\n", status, error);
  } else {
    puts(results);
  }
  odenek_free(results);
  odenek_free(error);
  odenek_rules_free(rules);
  return status == ODENEK_OK ? 0 : 1;
}
