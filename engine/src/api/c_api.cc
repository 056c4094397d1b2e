// The C API (odenek/odenek_c.h): a thin shell over RuleSet that turns
// StatusOr into status codes and strings, and exceptions into ODENEK_INTERNAL.
//
// The C++ API already reports every expected failure as absl::Status; the
// try/catch at each entry point is only for what it cannot: std::bad_alloc and
// bugs. Unwinding into a C caller is undefined behaviour, so nothing escapes.
#include "odenek/odenek_c.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "odenek/claim.h"
#include "odenek/result.h"
#include "odenek/rule_set.h"
#include "odenek/version.h"

// The handle: a RuleSet (itself a shared pointer to the compiled engine).
struct odenek_rules {
  odenek::RuleSet rules;
};

namespace {

// A malloc'ed copy for the caller to odenek_free; NULL if out of memory.
char* CopyOut(const std::string& text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out != nullptr) std::memcpy(out, text.c_str(), text.size() + 1);
  return out;
}

void SetError(char** error, const std::string& message) {
  if (error != nullptr) *error = CopyOut(message);
}

// Reports `status` through `error` and returns its code for the C caller.
int Fail(char** error, const absl::Status& status) {
  SetError(error, std::string(status.message()));
  return static_cast<int>(status.code());
}

// `reforms_json` is a JSON array of path strings (NULL: none).
absl::StatusOr<std::vector<std::string>> ParseReforms(const char* reforms_json) {
  std::vector<std::string> reforms;
  if (reforms_json == nullptr) return reforms;
  nlohmann::json doc = nlohmann::json::parse(reforms_json, /*cb=*/nullptr,
                                             /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_array()) {
    return absl::InvalidArgumentError(
        "reforms: expected a JSON array of reform file paths, e.g. [\"reform.yaml\"]");
  }
  for (const nlohmann::json& item : doc) {
    if (!item.is_string()) {
      return absl::InvalidArgumentError(
          absl::StrCat("reforms: expected a file path string, found ", item.dump()));
    }
    reforms.push_back(item.get<std::string>());
  }
  return reforms;
}

}  // namespace

extern "C" {

odenek_rules* odenek_rules_load(const char* dir, const char* reforms_json, char** error) {
  if (error != nullptr) *error = nullptr;
  try {
    if (dir == nullptr) {
      Fail(error, absl::InvalidArgumentError("odenek_rules_load: dir is NULL"));
      return nullptr;
    }
    absl::StatusOr<std::vector<std::string>> reforms = ParseReforms(reforms_json);
    if (!reforms.ok()) {
      Fail(error, reforms.status());
      return nullptr;
    }
    odenek::LoadOptions options;
    options.reforms = *std::move(reforms);
    absl::StatusOr<odenek::RuleSet> rules = odenek::RuleSet::Load(dir, options);
    if (!rules.ok()) {
      Fail(error, rules.status());
      return nullptr;
    }
    return new odenek_rules{*std::move(rules)};
  } catch (const std::exception& e) {
    SetError(error, absl::StrCat("odenek internal error: ", e.what()));
  } catch (...) {
    SetError(error, "odenek internal error: unknown exception");
  }
  return nullptr;
}

int odenek_evaluate_json(const odenek_rules* rules, const char* claim_json,
                         const char* program, char** result_json, char** error) {
  if (result_json != nullptr) *result_json = nullptr;
  if (error != nullptr) *error = nullptr;
  try {
    if (rules == nullptr || claim_json == nullptr || result_json == nullptr) {
      return Fail(error, absl::InvalidArgumentError(
                             "odenek_evaluate_json: rules, claim_json and result_json "
                             "must not be NULL"));
    }
    absl::StatusOr<odenek::Claim> claim = odenek::Claim::Parse(claim_json, "claim.json");
    if (!claim.ok()) return Fail(error, claim.status());
    odenek::EvaluateOptions options;
    if (program != nullptr) options.program = program;
    absl::StatusOr<std::vector<odenek::Result>> results =
        rules->rules.Evaluate(*claim, options);
    if (!results.ok()) return Fail(error, results.status());
    std::string json = "[";
    for (size_t i = 0; i < results->size(); ++i) {
      if (i > 0) json += ",";
      json += odenek::ResultToJson((*results)[i]);
    }
    json += "]";
    *result_json = CopyOut(json);
    if (*result_json == nullptr) {
      return Fail(error, absl::InternalError("odenek: out of memory"));
    }
    return ODENEK_OK;
  } catch (const std::exception& e) {
    SetError(error, absl::StrCat("odenek internal error: ", e.what()));
  } catch (...) {
    SetError(error, "odenek internal error: unknown exception");
  }
  return ODENEK_INTERNAL;
}

const char* odenek_rules_hash(const odenek_rules* rules) {
  if (rules == nullptr) return "";
  return rules->rules.hash().c_str();
}

void odenek_free(char* text) { std::free(text); }

void odenek_rules_free(odenek_rules* rules) { delete rules; }

const char* odenek_version(void) { return ODENEK_VERSION_STRING; }

}  // extern "C"
