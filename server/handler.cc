#include "server/handler.h"

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "odenek/claim.h"
#include "odenek/date.h"
#include "odenek/result.h"
#include "odenek/simulate.h"
#include "odenek/summary.h"
#include "server/assets.h"

namespace odenek::server {
namespace {

using Json = nlohmann::ordered_json;

// Claims nested deeper than this are refused before they reach the claim
// reader, whose YAML parser recurses per level.
constexpr int kMaxJsonDepth = 64;

// Messages may quote the client's bytes, which need not be UTF-8.
std::string Quote(absl::string_view text) {
  return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// ---- query strings ----------------------------------------------------------

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding (and '+' as a space, as forms send it). Nullopt for a bad
// escape.
std::optional<std::string> Unescape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

struct Query {
  std::vector<std::pair<std::string, std::string>> params;
  std::string error;  // "" when well formed

  std::string Get(absl::string_view key) const {
    for (const auto& [k, v] : params) {
      if (k == key) return v;
    }
    return "";
  }
  bool Has(absl::string_view key) const {
    for (const auto& [k, v] : params) {
      if (k == key) return true;
    }
    return false;
  }
  std::vector<std::string> All(absl::string_view key) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : params) {
      if (k == key) out.push_back(v);
    }
    return out;
  }
  // The first key not in `known`, or "".
  std::string Unknown(const std::vector<absl::string_view>& known) const {
    for (const auto& [k, v] : params) {
      if (std::find(known.begin(), known.end(), k) == known.end()) return k;
    }
    return "";
  }
};

Query ParseQuery(absl::string_view text) {
  Query q;
  if (text.empty()) return q;
  for (absl::string_view part : absl::StrSplit(text, '&', absl::SkipEmpty())) {
    size_t eq = part.find('=');
    std::optional<std::string> key = Unescape(part.substr(0, eq));
    std::optional<std::string> value =
        Unescape(eq == absl::string_view::npos ? absl::string_view() : part.substr(eq + 1));
    if (!key || !value) {
      q.error = "bad percent-escape in the query string";
      return q;
    }
    q.params.emplace_back(*std::move(key), *std::move(value));
  }
  return q;
}

bool Truthy(const std::string& v) { return v.empty() || v == "1" || v == "true" || v == "yes"; }

// ---- JSON bodies -----------------------------------------------------------

// A JSON pointer token (RFC 6901: ~ → ~0, / → ~1).
std::string PointerToken(absl::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// Validates a request body as JSON without building it: syntax, duplicate
// keys, nesting depth. On error it knows the JSON pointer of the place and
// what was expected there. It also notes what the route needs to know about
// the claims at the top: how many, whether each is an object, has an `id`.
class BodyValidator : public nlohmann::json_sax<Json> {
 public:
  struct Claim {
    bool object = false;
    bool has_id = false;
  };

  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override { return Value(); }
  bool string(string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }

  bool start_object(std::size_t) override {
    if (!Begin(/*object=*/true)) return false;
    frames_.push_back({true, 0, "", {}});
    return true;
  }
  bool key(string_t& key) override {
    Frame& f = frames_.back();
    f.key = key;
    if (!f.keys.insert(key).second) {
      return Fail("duplicate key " + Quote(key), "each key once per object");
    }
    if (frames_.size() == ClaimDepth() && key == "id" && !claims_.empty()) {
      claims_.back().has_id = true;
    }
    return true;
  }
  bool end_object() override {
    frames_.pop_back();
    return End();
  }
  bool start_array(std::size_t) override {
    if (!Begin(/*object=*/false)) return false;
    frames_.push_back({false, 0, "", {}});
    return true;
  }
  bool end_array() override {
    frames_.pop_back();
    return End();
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    // "[json.exception.parse_error.101] parse error at line 1, column 9:
    // syntax error while parsing object - unexpected '}'; expected string literal"
    std::string what = e.what();
    if (size_t close = what.find("] "); close != std::string::npos) what.erase(0, close + 2);
    std::string expected;
    if (size_t at = what.rfind("; expected "); at != std::string::npos) {
      expected = what.substr(at + 11);
    }
    return Fail(what, expected);
  }

  bool failed() const { return !message_.empty(); }
  const std::string& pointer() const { return pointer_; }
  const std::string& message() const { return message_; }
  const std::string& expected() const { return expected_; }
  bool root_is_array() const { return root_array_; }
  const std::vector<Claim>& claims() const { return claims_; }

 private:
  struct Frame {
    bool object;
    size_t index;  // arrays: the element being read
    std::string key;  // objects: the key being read
    absl::flat_hash_set<std::string> keys;
  };

  // Claims are the root object, or the objects of a root array.
  size_t ClaimDepth() const { return root_array_ ? 2 : 1; }

  bool Begin(bool object) {
    if (frames_.empty()) {
      root_array_ = !object;
      if (object) claims_.push_back({true, false});
    } else if (frames_.size() == 1 && root_array_) {
      claims_.push_back({object, false});
    }
    if (frames_.size() >= kMaxJsonDepth) {
      return Fail("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                  "a claim object (docs/claims.md)");
    }
    return true;
  }
  bool Value() {
    if (frames_.size() == 1 && root_array_) claims_.push_back({false, false});
    return End();
  }
  // A value ended: the enclosing array moves on to its next element.
  bool End() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return true;
  }
  bool Fail(std::string message, std::string expected) {
    pointer_.clear();
    for (const Frame& f : frames_) {
      pointer_ += "/" + (f.object ? PointerToken(f.key) : std::to_string(f.index));
    }
    message_ = std::move(message);
    expected_ = std::move(expected);
    return false;
  }

  std::vector<Frame> frames_;
  std::vector<Claim> claims_;
  bool root_array_ = false;
  std::string pointer_, message_, expected_;
};

// ---- did you mean ------------------------------------------------------------

size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::vector<std::string> ProgramIds(const LoadedRules& rules) {
  std::vector<std::string> ids;
  for (const auto& [id, json] : rules.program_json) ids.push_back(id);
  return ids;
}

const std::vector<std::string>& RoutePaths() {
  static const std::vector<std::string> kPaths = {
      "/v1/check",      "/v1/explain", "/v1/simulate", "/v1/programs",     "/v1/parameters",
      "/v1/openapi.json", "/healthz",  "/readyz",      "/metrics",         "/v1/admin/reload",
      "/"};
  return kPaths;
}

const Asset* FindAsset(absl::string_view name) {
  for (const Asset& a : Assets()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

// "request:1:17: fesih_tarihi: expected a date ..." → "/fesih_tarihi" (the
// claim reader names the key after the place); "" when it names none.
std::string PointerFromMessage(absl::string_view message) {
  // Skip "file:line:column: ".
  size_t start = 0;
  for (int colons = 0; colons < 3; ++colons) {
    size_t at = message.find(':', start);
    if (at == absl::string_view::npos) return "";
    start = at + 1;
  }
  while (start < message.size() && message[start] == ' ') ++start;
  size_t end = message.find(':', start);
  if (end == absl::string_view::npos) return "";
  absl::string_view key = message.substr(start, end - start);
  if (key.empty()) return "";
  std::string pointer;
  std::string token;
  for (char c : key) {
    bool ident = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_';
    if (c == '.' || c == '[') {
      pointer += "/" + token;
      token.clear();
    } else if (c == ']') {
      // the index was collected in token by the loop
    } else if (ident) {
      token += c;
    } else {
      return "";
    }
  }
  return pointer + "/" + token;
}

}  // namespace

std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  if (best.empty() && word.size() >= 3) {
    // A shortened id: "kisa_calisma" for kisa_calisma_odenegi.
    for (const std::string& c : candidates) {
      if (c.find(word) != std::string::npos) return c;
    }
  }
  return best;
}

Handler::Handler(HandlerOptions options, std::shared_ptr<const LoadedRules> rules)
    : options_(std::move(options)), rules_(std::move(rules)) {}

size_t Handler::BodyLimit(absl::string_view target) const {
  return absl::StartsWith(target, "/v1/simulate") ? options_.max_simulate_body
                                                   : options_.max_body;
}

absl::Status Handler::Reload() {
  std::lock_guard<std::mutex> lock(reload_mu_);
  absl::StatusOr<std::shared_ptr<const LoadedRules>> loaded = LoadRules(options_.source);
  metrics_.Reloaded(loaded.ok());
  if (!loaded.ok()) return loaded.status();
  rules_.Set(*std::move(loaded));
  return absl::OkStatus();
}

HttpResponse Handler::Error(int status, ErrorClass error_class, const std::string& code,
                            const std::string& message, std::string extra_json) {
  metrics_.Error(error_class);
  HttpResponse r;
  r.status = status;
  r.body = absl::StrCat(R"({"error":{"status":)", status, R"(,"code":)", Quote(code),
                        R"(,"message":)", Quote(message), extra_json, "}}\n");
  return r;
}

HttpResponse Handler::Handle(HttpRequest request) {
  HttpResponse response;
  try {
    response = Dispatch(request);
  } catch (const std::exception& e) {
    // The library never throws; this guards our own JSON code and allocations.
    response = Error(500, ErrorClass::kInternal, "internal", e.what());
  } catch (...) {
    response = Error(500, ErrorClass::kInternal, "internal", "unexpected failure");
  }
  if (response.rules_hash.empty()) response.rules_hash = rules_hash();
  return response;
}

HttpResponse Handler::Dispatch(HttpRequest& request) {
  absl::string_view target = request.target;
  size_t q = target.find('?');
  absl::string_view path = target.substr(0, q);
  Query query = ParseQuery(q == absl::string_view::npos ? "" : target.substr(q + 1));

  struct RouteSpec {
    absl::string_view path;
    bool prefix;  // path + "/" + name
    const char* method;
    Route route;
  };
  static constexpr RouteSpec kRoutes[] = {
      {"/v1/check", false, "POST", Route::kCheck},
      {"/v1/explain", false, "POST", Route::kExplain},
      {"/v1/simulate", false, "POST", Route::kSimulate},
      {"/v1/programs", false, "GET", Route::kPrograms},
      {"/v1/programs", true, "GET", Route::kProgram},
      {"/v1/parameters", false, "GET", Route::kParameters},
      {"/v1/parameters", true, "GET", Route::kParameter},
      {"/v1/openapi.json", false, "GET", Route::kOpenApi},
      {"/healthz", false, "GET", Route::kHealth},
      {"/readyz", false, "GET", Route::kReady},
      {"/metrics", false, "GET", Route::kMetrics},
      {"/v1/admin/reload", false, "POST", Route::kReload},
      {"/", false, "GET", Route::kPage},
      {"/app.js", false, "GET", Route::kPage},
      {"/style.css", false, "GET", Route::kPage},
  };
  const RouteSpec* spec = nullptr;
  std::string name;  // {id} / {name}
  for (const RouteSpec& r : kRoutes) {
    if (r.prefix) {
      if (path.size() > r.path.size() + 1 && absl::StartsWith(path, r.path) &&
          path[r.path.size()] == '/') {
        std::optional<std::string> decoded = Unescape(path.substr(r.path.size() + 1));
        if (!decoded) continue;
        name = *std::move(decoded);
        spec = &r;
        break;
      }
    } else if (path == r.path) {
      spec = &r;
      break;
    }
  }
  if (spec == nullptr) {
    std::string suggestion = DidYouMean(std::string(path), RoutePaths());
    HttpResponse r = Error(404, ErrorClass::kNotFound, "unknown_route",
                           "no route " + std::string(path) + "; see /v1/openapi.json",
                           suggestion.empty() ? "" : ",\"did_you_mean\":" + Quote(suggestion));
    return r;
  }
  auto route = [&](HttpResponse r) {
    r.route = spec->route;
    return r;
  };
  if (request.method != spec->method) {
    HttpResponse r = Error(405, ErrorClass::kMethod, "method_not_allowed",
                           std::string(path) + " answers " + spec->method + " only");
    r.headers.emplace_back("Allow", spec->method);
    return route(std::move(r));
  }
  if (!query.error.empty()) {
    return route(Error(400, ErrorClass::kMalformed, "bad_query", query.error));
  }
  std::shared_ptr<const LoadedRules> rules = rules_.Get();
  auto ok = [&](std::string body, const char* type = "application/json") {
    HttpResponse r;
    r.body = std::move(body);
    r.content_type = type;
    r.route = spec->route;
    r.rules_hash = rules->base.hash();
    return r;
  };

  switch (spec->route) {
    case Route::kCheck:
      return route(Check(request, /*explain=*/false));
    case Route::kExplain:
      return route(Check(request, /*explain=*/true));
    case Route::kSimulate:
      return route(Simulate(request));
    case Route::kReload:
      return route(AdminReload(request));
    case Route::kPrograms:
      return ok(rules->programs_json);
    case Route::kProgram: {
      for (const auto& [id, json] : rules->program_json) {
        if (id == name) return ok(json);
      }
      std::string suggestion = DidYouMean(name, ProgramIds(*rules));
      return route(Error(404, ErrorClass::kNotFound, "unknown_program",
                         "unknown programme " + Quote(name),
                         suggestion.empty() ? "" : ",\"did_you_mean\":" + Quote(suggestion)));
    }
    case Route::kParameters:
      return ok(rules->parameters_json);
    case Route::kParameter: {
      if (std::string u = query.Unknown({"date"}); !u.empty()) {
        return route(Error(400, ErrorClass::kMalformed, "bad_query",
                           "unknown query parameter " + Quote(u) + "; expected: date"));
      }
      std::string date;
      if (query.Has("date")) {
        absl::StatusOr<Date> d = Date::Parse(query.Get("date"));
        if (!d.ok()) {
          return route(Error(400, ErrorClass::kMalformed, "bad_query",
                             "date: " + std::string(d.status().message()),
                             R"(,"parameter":"date","expected":"YYYY-MM-DD")"));
        }
        date = d->ToString();
      }
      std::vector<std::string> names;
      for (const ParameterInfo& p : rules->parameters) {
        if (p.name == name) return ok(ParameterToJson(p, date));
        names.push_back(p.name);
      }
      std::string suggestion = DidYouMean(name, names);
      return route(Error(404, ErrorClass::kNotFound, "unknown_parameter",
                         "unknown parameter " + Quote(name),
                         suggestion.empty() ? "" : ",\"did_you_mean\":" + Quote(suggestion)));
    }
    case Route::kOpenApi:
      return ok(std::string(FindAsset("openapi.json")->data));
    case Route::kHealth:
      return ok("{\"status\":\"ok\"}\n");
    case Route::kReady:
      if (draining_.load()) {
        return route(Error(503, ErrorClass::kUnavailable, "draining", "shutting down"));
      }
      return ok(absl::StrCat(R"({"status":"ready","rules_hash":)", Quote(rules->base.hash()),
                             "}\n"));
    case Route::kMetrics:
      return ok(metrics_.Render(rules->base.hash()), "text/plain; version=0.0.4; charset=utf-8");
    case Route::kPage: {
      absl::string_view file = path == "/" ? "index.html" : path.substr(1);
      const char* type = absl::EndsWith(file, ".js")    ? "text/javascript; charset=utf-8"
                         : absl::EndsWith(file, ".css") ? "text/css; charset=utf-8"
                                                        : "text/html; charset=utf-8";
      return ok(std::string(FindAsset(file)->data), type);
    }
    case Route::kOther:
    case Route::kCount:
      break;
  }
  return route(Error(500, ErrorClass::kInternal, "internal", "unrouted request"));
}

HttpResponse Handler::Check(const HttpRequest& request, bool explain) {
  absl::string_view target = request.target;
  size_t q = target.find('?');
  Query query = ParseQuery(q == absl::string_view::npos ? "" : target.substr(q + 1));
  if (std::string u = query.Unknown({"program", "date", "scenario", "why_not"}); !u.empty()) {
    return Error(400, ErrorClass::kMalformed, "bad_query",
                 "unknown query parameter " + Quote(u) +
                     "; expected: program, date, scenario, why_not",
                 ",\"parameter\":" + Quote(u));
  }
  std::shared_ptr<const LoadedRules> rules = rules_.Get();
  const RuleSet* rule_set = &rules->base;
  if (query.Has("scenario")) {
    const std::string scenario = query.Get("scenario");
    rule_set = rules->Scenario(scenario);
    if (rule_set == nullptr) {
      std::vector<std::string> names;
      for (const auto& [n, r] : rules->scenarios) names.push_back(n);
      std::string suggestion = DidYouMean(scenario, names);
      std::string known;
      for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
      return Error(404, ErrorClass::kNotFound, "unknown_scenario",
                   "unknown scenario " + Quote(scenario) +
                       (known.empty() ? "; the server has none (--reform NAME=FILE)"
                                      : "; scenarios: " + known),
                   suggestion.empty() ? "" : ",\"did_you_mean\":" + Quote(suggestion));
    }
  }
  EvaluateOptions eval;
  eval.explain = explain;
  eval.why_not = query.Has("why_not") && Truthy(query.Get("why_not"));
  eval.program = query.Get("program");
  if (!eval.program.empty()) {
    std::vector<std::string> ids = ProgramIds(*rules);
    if (std::find(ids.begin(), ids.end(), eval.program) == ids.end()) {
      std::string suggestion = DidYouMean(eval.program, ids);
      return Error(404, ErrorClass::kNotFound, "unknown_program",
                   "unknown programme " + Quote(eval.program),
                   suggestion.empty() ? "" : ",\"did_you_mean\":" + Quote(suggestion));
    }
  }
  if (query.Has("date")) {
    absl::StatusOr<Date> as_of = Date::Parse(query.Get("date"));
    if (!as_of.ok()) {
      return Error(400, ErrorClass::kMalformed, "bad_query",
                   "date: " + std::string(as_of.status().message()),
                   R"(,"parameter":"date","expected":"YYYY-MM-DD")");
    }
    eval.as_of = *as_of;
  }

  BodyValidator validator;
  nlohmann::json::sax_parse(request.body, &validator, nlohmann::json::input_format_t::json,
                            /*strict=*/true);
  if (validator.failed()) {
    return Error(400, ErrorClass::kMalformed, "malformed_json", validator.message(),
                 ",\"pointer\":" + Quote(validator.pointer()) +
                     (validator.expected().empty() ? ""
                                                   : ",\"expected\":" + Quote(validator.expected())));
  }
  const std::vector<BodyValidator::Claim>& claims = validator.claims();
  if (!validator.root_is_array() && claims.empty()) {
    return Error(400, ErrorClass::kMalformed, "malformed_json",
                 "the body is not a claim", R"(,"pointer":"","expected":"a claim object, or an array of them")");
  }
  if (validator.root_is_array() && static_cast<int>(claims.size()) > options_.max_claims) {
    return Error(413, ErrorClass::kTooLarge, "too_many_claims",
                 absl::StrCat(claims.size(), " claims in one request; at most ",
                              options_.max_claims, " (use POST /v1/simulate for more)"));
  }
  for (size_t i = 0; i < claims.size(); ++i) {
    const std::string at = validator.root_is_array() ? "/" + std::to_string(i) : "";
    if (!claims[i].object) {
      return Error(400, ErrorClass::kMalformed, "malformed_json", "a claim must be an object",
                   ",\"pointer\":" + Quote(at) + R"(,"expected":"a claim object")");
    }
    // CONTRACT §3a: the id is required, as `odenek check` requires it.
    if (!claims[i].has_id) {
      return Error(400, ErrorClass::kMalformed, "invalid_claim",
                   "id: missing: a claim needs an id (a string, like B-000001)",
                   ",\"pointer\":" + Quote(at + "/id") + R"(,"expected":"a string")");
    }
  }

  // The claim texts: the body itself, or each element of the array.
  std::vector<std::string> texts;
  if (validator.root_is_array()) {
    Json all = Json::parse(request.body);
    for (const Json& claim : all) texts.push_back(claim.dump());
  }
  std::vector<Result> results;
  for (size_t i = 0; i < claims.size(); ++i) {
    const std::string at = validator.root_is_array() ? "/" + std::to_string(i) : "";
    const std::string file_name = validator.root_is_array() ? "request" + at : "request";
    absl::StatusOr<Claim> claim =
        Claim::Parse(validator.root_is_array() ? texts[i] : request.body, file_name);
    absl::StatusOr<std::vector<Result>> evaluated =
        claim.ok() ? rule_set->Evaluate(*claim, eval)
                   : absl::StatusOr<std::vector<Result>>(claim.status());
    if (!evaluated.ok()) {
      const std::string message(evaluated.status().message());
      if (evaluated.status().code() == absl::StatusCode::kNotFound) {
        return Error(404, ErrorClass::kNotFound, "not_found", message,
                     ",\"pointer\":" + Quote(at));
      }
      return Error(400, ErrorClass::kMalformed, "invalid_claim", message,
                   ",\"pointer\":" + Quote(at + PointerFromMessage(message)));
    }
    for (Result& r : *evaluated) results.push_back(std::move(r));
  }
  HttpResponse r;
  r.body = ResultsToJson(results);
  r.rules_hash = rules->base.hash();
  return r;
}

HttpResponse Handler::AdminReload(const HttpRequest& request) {
  if (options_.admin_token.empty()) {
    return Error(403, ErrorClass::kUnauthorized, "reload_disabled",
                 "reloading over HTTP is off: start the server with --admin-token (or send SIGHUP)");
  }
  const std::string expected = "Bearer " + options_.admin_token;
  // Compare in time independent of where the texts differ.
  unsigned diff = request.authorization.size() != expected.size();
  for (size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>(i < request.authorization.size() ? request.authorization[i] : 0) ^
            static_cast<unsigned char>(expected[i]);
  }
  if (diff != 0) {
    HttpResponse r = Error(401, ErrorClass::kUnauthorized, "unauthorized",
                           "POST /v1/admin/reload needs Authorization: Bearer <admin token>");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  const std::string before = rules_hash();
  absl::Status status = Reload();
  if (!status.ok()) {
    return Error(422, ErrorClass::kInternal, "reload_failed",
                 "the rules were not reloaded (the old ones stay): " + std::string(status.message()),
                 ",\"rules_hash\":" + Quote(before));
  }
  HttpResponse r;
  r.body = absl::StrCat(R"({"reloaded":true,"rules_hash":)", Quote(rules_hash()),
                        R"(,"previous_rules_hash":)", Quote(before), "}\n");
  return r;
}

namespace {

// Gathers small writes into pieces of about 64 KiB for the chunked response
// (one chunk a line would cost a syscall a line).
class ChunkBuffer {
 public:
  explicit ChunkBuffer(const BodyWriter& write) : write_(write) {}
  absl::Status Append(absl::string_view text) {
    buffer_.append(text.data(), text.size());
    if (buffer_.size() >= kFlushAt) return Flush();
    return absl::OkStatus();
  }
  absl::Status Flush() {
    if (buffer_.empty()) return absl::OkStatus();
    absl::Status s = write_(buffer_);
    buffer_.clear();
    return s;
  }

 private:
  static constexpr size_t kFlushAt = 64 * 1024;
  const BodyWriter& write_;
  std::string buffer_;
};

// The library's error lines ({"record","line","id","message"}) become
// {"error": {...}} lines in the result stream, so a client tells them apart
// from results by the first key.
class ErrorLines {
 public:
  explicit ErrorLines(ChunkBuffer& out) : out_(out) {}
  absl::Status Write(absl::string_view text) {
    partial_.append(text.data(), text.size());
    size_t start = 0;
    for (size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1) {
      absl::string_view line(partial_.data() + start, nl - start);
      if (line.empty()) continue;
      absl::Status s = out_.Append(absl::StrCat("{\"error\":", line, "}\n"));
      if (!s.ok()) return s;
    }
    partial_.erase(0, start);
    return absl::OkStatus();
  }

 private:
  ChunkBuffer& out_;
  std::string partial_;
};

}  // namespace

HttpResponse Handler::Simulate(HttpRequest& request) {
  absl::string_view target = request.target;
  size_t q = target.find('?');
  Query query = ParseQuery(q == absl::string_view::npos ? "" : target.substr(q + 1));
  if (std::string u = query.Unknown({"format", "program", "date", "scenario", "allow_unknown"});
      !u.empty()) {
    return Error(400, ErrorClass::kMalformed, "bad_query",
                 "unknown query parameter " + Quote(u) +
                     "; expected: format, program, date, scenario, allow_unknown",
                 ",\"parameter\":" + Quote(u));
  }
  std::shared_ptr<const LoadedRules> rules = rules_.Get();
  SimulateOptions options;
  options.results = ResultFormat::kJsonl;
  options.threads = options_.simulate_threads;
  options.cancel = &cancel_simulations_;
  std::string format = query.Get("format");
  if (format.empty()) {
    const std::string& type = request.content_type;
    if (absl::StartsWith(type, "text/csv")) {
      format = "csv";
    } else if (absl::StrContains(type, "ndjson") || absl::StrContains(type, "jsonl") ||
               absl::StrContains(type, "json-seq") || absl::StartsWith(type, "application/json")) {
      format = "jsonl";
    }
  }
  if (format == "csv") {
    options.format = RecordFormat::kCsv;
  } else if (format == "jsonl") {
    options.format = RecordFormat::kJsonl;
  } else {
    return Error(415, ErrorClass::kMalformed, "unknown_format",
                 "say what the body is: Content-Type text/csv or application/x-ndjson, or "
                 "?format=csv|jsonl",
                 R"(,"parameter":"format","expected":"csv or jsonl")");
  }
  std::vector<std::string> ids = ProgramIds(*rules);
  for (const std::string& program : query.All("program")) {
    if (std::find(ids.begin(), ids.end(), program) == ids.end()) {
      std::string suggestion = DidYouMean(program, ids);
      return Error(404, ErrorClass::kNotFound, "unknown_program",
                   "unknown programme " + Quote(program),
                   suggestion.empty() ? "" : ",\"did_you_mean\":" + Quote(suggestion));
    }
    options.programs.push_back(program);
  }
  if (query.Has("date")) {
    absl::StatusOr<Date> as_of = Date::Parse(query.Get("date"));
    if (!as_of.ok()) {
      return Error(400, ErrorClass::kMalformed, "bad_query",
                   "date: " + std::string(as_of.status().message()),
                   R"(,"parameter":"date","expected":"YYYY-MM-DD")");
    }
    options.as_of = *as_of;
  }
  options.allow_unknown = query.Has("allow_unknown") && Truthy(query.Get("allow_unknown"));
  if (query.Has("scenario")) {
    const std::string name = query.Get("scenario");
    const RuleSet* scenario = rules->Scenario(name);
    if (scenario == nullptr) {
      std::vector<std::string> names;
      for (const auto& [n, r] : rules->scenarios) names.push_back(n);
      std::string suggestion = DidYouMean(name, names);
      return Error(404, ErrorClass::kNotFound, "unknown_scenario",
                   "unknown scenario " + Quote(name),
                   suggestion.empty() ? "" : ",\"did_you_mean\":" + Quote(suggestion));
    }
    options.scenarios.push_back({name, *scenario});
  }
  // A simulation holds its body and a few chunks of work: cap how many run.
  if (simulations_.fetch_add(1) >= options_.max_simulations) {
    simulations_.fetch_sub(1);
    HttpResponse r = Error(503, ErrorClass::kUnavailable, "busy",
                           "too many simulations running; retry shortly");
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  struct Slot {
    std::atomic<int>* count;
    ~Slot() { count->fetch_sub(1); }
  };
  auto slot = std::make_shared<Slot>(Slot{&simulations_});
  HttpResponse r;
  r.content_type = "application/x-ndjson";
  r.rules_hash = rules->base.hash();
  auto body = std::make_shared<std::string>(std::move(request.body));
  r.stream = [rules, body, options, slot](const BodyWriter& write) {
    ChunkBuffer out(write);
    ErrorLines error_lines(out);
    std::unique_ptr<ClaimSource> source = ClaimSource::FromString(std::move(*body), "request");
    std::unique_ptr<TextSink> results =
        TextSink::ToFunction([&](absl::string_view t) { return out.Append(t); });
    std::unique_ptr<TextSink> errors =
        TextSink::ToFunction([&](absl::string_view t) { return error_lines.Write(t); });
    absl::StatusOr<SimulateReport> report =
        odenek::Simulate(rules->base, *source, results.get(), errors.get(), options);
    if (report.ok()) {
      // The library's summary is pretty-printed; one line here, as JSONL wants.
      Json summary = Json::parse(SummaryToJson(report->summary), nullptr, false);
      (void)out.Append(absl::StrCat("{\"summary\":", summary.dump(), "}\n"));
    } else {
      (void)out.Append(absl::StrCat(R"({"error":{"fatal":true,"code":)",
                                    Quote(absl::StatusCodeToString(report.status().code())),
                                    R"(,"message":)", Quote(report.status().message()), "}}\n"));
    }
    (void)out.Flush();
  };
  return r;
}

}  // namespace odenek::server
