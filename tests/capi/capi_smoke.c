/* The C API exercised from C: this file is compiled as C (tests/CMakeLists.txt),
 * so it proves odenek_c.h is valid C and its functions link from C.
 * capi_test.cc runs these checks under GoogleTest.
 *
 * Each check returns 0 on success, or writes what went wrong into `why` and
 * returns 1. */
#include <stdio.h>
#include <string.h>

#include "odenek/odenek_c.h"

/* The minimum-wage earner of examples/issizlik_asgari_ucret.yaml. */
static const char kEligibleClaim[] =
    "{\"id\": \"B-000001\", \"fesih_tarihi\": \"2023-03-31\", \"fesih_neden_kodu\": 4,"
    " \"basvuru_tarihi\": \"2023-04-05\", \"son_120_gun_hizmet_akdi\": true,"
    " \"prim_gun_3_yil\": 720, \"kazanc_son_4_ay\": \"40032.00\", \"gun_son_4_ay\": 120}";

static int Fail(char* why, size_t n, const char* what, const char* detail) {
  snprintf(why, n, "%s: %s", what, detail != NULL ? detail : "(no message)");
  return 1;
}

int capi_smoke_eligible(const char* rules_dir, char* why, size_t n) {
  char* error = NULL;
  char* json = NULL;
  int status;
  int failed = 0;
  odenek_rules* rules = odenek_rules_load(rules_dir, NULL, &error);
  if (rules == NULL) {
    failed = Fail(why, n, "odenek_rules_load", error);
    odenek_free(error);
    return failed;
  }
  if (strncmp(odenek_rules_hash(rules), "sha256:", 7) != 0) {
    failed = Fail(why, n, "odenek_rules_hash", odenek_rules_hash(rules));
  }
  status = odenek_evaluate_json(rules, kEligibleClaim, "issizlik_odenegi", &json, &error);
  if (!failed && status != ODENEK_OK) {
    failed = Fail(why, n, "odenek_evaluate_json", error);
  } else if (!failed && (json == NULL || json[0] != '[' ||
                         strstr(json, "\"status\":\"eligible\"") == NULL ||
                         strstr(json, "\"aylik_net\":\"3972.82\"") == NULL)) {
    failed = Fail(why, n, "unexpected result", json);
  } else if (!failed && error != NULL) {
    failed = Fail(why, n, "error set on success", error);
  }
  odenek_free(json);
  odenek_free(error);
  odenek_rules_free(rules);
  return failed;
}

int capi_smoke_bad_claim(const char* rules_dir, char* why, size_t n) {
  char* error = NULL;
  char* json = NULL;
  int status;
  int failed = 0;
  odenek_rules* rules = odenek_rules_load(rules_dir, NULL, &error);
  if (rules == NULL) {
    failed = Fail(why, n, "odenek_rules_load", error);
    odenek_free(error);
    return failed;
  }
  /* 30 February does not exist: an error naming the key, and no result. */
  status = odenek_evaluate_json(
      rules, "{\"id\": \"B-2\", \"fesih_tarihi\": \"2023-02-30\"}", "issizlik_odenegi",
      &json, &error);
  if (status != ODENEK_INVALID_ARGUMENT) {
    failed = Fail(why, n, "expected ODENEK_INVALID_ARGUMENT", json != NULL ? json : error);
  } else if (json != NULL || error == NULL || strstr(error, "fesih_tarihi") == NULL) {
    failed = Fail(why, n, "expected an error naming fesih_tarihi", error);
  }
  odenek_free(json);
  odenek_free(error);
  error = NULL;
  json = NULL;
  /* Not JSON at all, and an unknown programme. */
  if (!failed && odenek_evaluate_json(rules, "{\"id\": ", NULL, &json, &error) == ODENEK_OK) {
    failed = Fail(why, n, "truncated JSON accepted", json);
  }
  odenek_free(json);
  odenek_free(error);
  error = NULL;
  json = NULL;
  if (!failed && odenek_evaluate_json(rules, kEligibleClaim, "yok_boyle_program", &json,
                                      &error) != ODENEK_NOT_FOUND) {
    failed = Fail(why, n, "expected ODENEK_NOT_FOUND for an unknown programme", error);
  }
  odenek_free(json);
  odenek_free(error);
  odenek_rules_free(rules);
  return failed;
}

int capi_smoke_bad_load(const char* rules_dir, char* why, size_t n) {
  char* error = NULL;
  int failed = 0;
  odenek_rules* rules = odenek_rules_load("/nonexistent/odenek/rules", NULL, &error);
  if (rules != NULL || error == NULL) {
    failed = Fail(why, n, "loading a missing folder", "succeeded or gave no error");
  }
  odenek_rules_free(rules);
  odenek_free(error);
  error = NULL;
  rules = odenek_rules_load(rules_dir, "{\"not\": \"an array\"}", &error);
  if (!failed && (rules != NULL || error == NULL || strstr(error, "reforms") == NULL)) {
    failed = Fail(why, n, "reforms that are not an array", error);
  }
  odenek_rules_free(rules);
  odenek_free(error);
  /* NULL handles are allowed everywhere a free function takes one. */
  odenek_free(NULL);
  odenek_rules_free(NULL);
  return failed;
}
