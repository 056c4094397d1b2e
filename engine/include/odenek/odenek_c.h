/* odenek C API: the engine behind opaque handles, JSON in and JSON out.
 *
 * For bindings from other languages (Python ctypes, Go cgo, ...) that cannot
 * use the C++ API. Everything crosses the boundary as NUL-terminated UTF-8
 * text: claims as CONTRACT §3 JSON objects, results as the CONTRACT §4 JSON
 * array, errors as messages naming file, line and column like the CLI's.
 *
 * Rules of the road:
 *  - No function throws or aborts on bad input; each reports failure with a
 *    status code and, when asked, an error string.
 *  - Every char* the library hands out is owned by the caller and is freed
 *    with odenek_free (never with free(): the library may use another heap).
 *  - An odenek_rules handle is immutable once loaded: any number of threads
 *    may call odenek_evaluate_json on it at once. Free it with
 *    odenek_rules_free after the last call on it returns.
 *
 * Example:
 *   char* error = NULL;
 *   odenek_rules* rules = odenek_rules_load("rules", NULL, &error);
 *   if (rules == NULL) { fprintf(stderr, "%s\n", error); odenek_free(error); return 1; }
 *   char* results = NULL;
 *   int status = odenek_evaluate_json(rules, "{\"id\": \"B-1\", ...}",
 *                                     "issizlik_odenegi", &results, &error);
 *   if (status == ODENEK_OK) puts(results);  // [{"id":"B-1","status":...}]
 *   else fprintf(stderr, "%s\n", error);
 *   odenek_free(results);
 *   odenek_free(error);
 *   odenek_rules_free(rules);
 */
#ifndef ODENEK_ODENEK_C_H_
#define ODENEK_ODENEK_C_H_

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes: the absl::StatusCode values the C++ API returns, so a binding
 * can map them the same way. */
enum {
  ODENEK_OK = 0,
  ODENEK_INVALID_ARGUMENT = 3, /* bad claim, bad rules, bad JSON */
  ODENEK_NOT_FOUND = 5,        /* missing rules folder or reform, unknown programme */
  ODENEK_OUT_OF_RANGE = 11,    /* an amount overflowed */
  ODENEK_INTERNAL = 13         /* a bug in odenek, or out of memory */
};

/* A loaded, checked and compiled rule set (odenek::RuleSet). Opaque. */
typedef struct odenek_rules odenek_rules;

/* Loads the rule set under `dir`, applying `reforms_json` when not NULL: a JSON
 * array of reform file paths, applied in order (["reform.yaml"]).
 *
 * Returns a handle to free with odenek_rules_free, or NULL on error; then, when
 * `error` is not NULL, *error is a message to free with odenek_free (every
 * diagnostic, one a line: "file:line:column: error: ...").
 *
 * Example:
 *   odenek_rules* r = odenek_rules_load("/usr/share/odenek/rules",
 *                                       "[\"reform_2024.yaml\"]", &error); */
odenek_rules* odenek_rules_load(const char* dir, const char* reforms_json, char** error);

/* Evaluates one claim, a JSON object in either claim form (CONTRACT §3), for
 * `program`, or when `program` is NULL or "" for every programme whose inputs
 * the claim carries.
 *
 * Returns ODENEK_OK and sets *result_json to the CONTRACT §4 JSON array (one
 * object per programme), or another status and, when `error` is not NULL, sets
 * *error. An ineligible claim is ODENEK_OK: the verdict is in the result.
 * Whatever it returns, the output pointer it does not set is set to NULL.
 *
 * Example:
 *   int s = odenek_evaluate_json(r, "{\"id\": \"B-1\", \"fesih_tarihi\": \"2023-03-31\"}",
 *                                NULL, &json, &error); */
int odenek_evaluate_json(const odenek_rules* rules, const char* claim_json,
                         const char* program, char** result_json, char** error);

/* "sha256:..." identifying the rule files and reforms (every result's
 * rules_hash). Owned by `rules`: valid until odenek_rules_free, do not free it.
 *
 * Example:
 *   printf("rules %s\n", odenek_rules_hash(r)); */
const char* odenek_rules_hash(const odenek_rules* rules);

/* Frees a string the library returned. NULL is allowed.
 *
 * Example:
 *   odenek_free(error); */
void odenek_free(char* text);

/* Frees a rule set. NULL is allowed. No call on it may be running.
 *
 * Example:
 *   odenek_rules_free(r); */
void odenek_rules_free(odenek_rules* rules);

/* "0.1.0" (ODENEK_VERSION_STRING of the library actually linked). Static. */
const char* odenek_version(void);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* ODENEK_ODENEK_C_H_ */
