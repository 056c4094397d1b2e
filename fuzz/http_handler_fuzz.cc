// libFuzzer target: the request handler of `odenek serve` (server/handler.h),
// as the transport hands it a request after Beast has parsed the HTTP. The
// input is cut into a request:
//   byte 0        the method (GET, POST, PUT, DELETE, HEAD)
//   byte 1        a route the target starts with (so the fuzzer reaches every
//                 route, not only 404s)
//   up to '\n'    the rest of the target (path suffix and query string)
//   up to '\n'    the Content-Type
//   the rest      the body
// Invariants: Handle never throws or crashes; the status is a known one;
// every response carries the rules hash; a JSON response parses (errors as
// {"error": {"status": = the status, ...}}); a 200 from /v1/check and
// /v1/explain is a JSON array; a streamed simulate response ends with a
// summary or a fatal error line.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_util.h"
#include "nlohmann/json.hpp"
#include "server/handler.h"

namespace {

using odenek::fuzz::Check;
using odenek::server::Handler;
using odenek::server::HttpRequest;
using odenek::server::HttpResponse;

Handler& TheHandler() {
  static Handler* handler = [] {
    odenek::server::HandlerOptions options;
    const char* env = std::getenv("ODENEK_FUZZ_RULES_DIR");
    options.source.dir = env != nullptr ? env : ODENEK_FUZZ_RULES_DIR;
    options.max_claims = 50;      // bounds the work of one input
    options.simulate_threads = 1;
    options.admin_token = "fuzz";  // a reload would reload; a wrong token is 401
    auto rules = odenek::server::LoadRules(options.source);
    Check(rules.ok(), "the built-in rules load");
    return new Handler(options, *rules);
  }();
  return *handler;
}

std::string TakeLine(const uint8_t*& data, size_t& size) {
  std::string line;
  while (size > 0 && *data != '\n') {
    line += static_cast<char>(*data++);
    --size;
  }
  if (size > 0) {
    ++data;
    --size;
  }
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* kMethods[] = {"GET", "POST", "PUT", "DELETE", "HEAD"};
  static const char* kRoutes[] = {"/v1/check",      "/v1/explain",    "/v1/simulate",
                                  "/v1/programs",   "/v1/programs/",  "/v1/parameters",
                                  "/v1/parameters/", "/v1/openapi.json", "/healthz",
                                  "/readyz",        "/metrics",       "/",
                                  "/v1/admin/reload"};
  if (size < 2) return 0;
  HttpRequest request;
  request.method = kMethods[data[0] % 5];
  std::string route = kRoutes[data[1] % (sizeof kRoutes / sizeof kRoutes[0])];
  data += 2;
  size -= 2;
  // A reload loads the rules from disk: slow, and no parsing of the input.
  if (route == "/v1/admin/reload") request.authorization = "Bearer nope";
  request.target = route + TakeLine(data, size);
  request.content_type = TakeLine(data, size);
  request.body.assign(reinterpret_cast<const char*>(data), size);

  Handler& handler = TheHandler();
  HttpResponse r = handler.Handle(request);
  Check(r.status >= 200 && r.status <= 599, "a known status: " + std::to_string(r.status));
  Check(r.rules_hash.rfind("sha256:", 0) == 0, "the rules hash is set");
  std::string body = r.body;
  if (r.stream) {
    r.stream([&](absl::string_view piece) {
      body.append(piece.data(), piece.size());
      return absl::OkStatus();
    });
    const size_t last = body.rfind('\n', body.size() - 2);
    nlohmann::json j = nlohmann::json::parse(body.substr(last == std::string::npos ? 0 : last + 1));
    Check(j.contains("summary") || (j.contains("error") && j["error"]["fatal"] == true),
          "a simulate stream ends with its summary or a fatal error: " + j.dump());
    return 0;
  }
  if (r.content_type == "application/json") {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    Check(!j.is_discarded(), "a JSON response parses: " + body.substr(0, 200));
    if (r.status >= 400) {
      Check(j.contains("error") && j["error"]["status"] == r.status,
            "an error names its status: " + body.substr(0, 200));
    } else if (route == "/v1/check" || route == "/v1/explain") {
      Check(j.is_array(), "check answers an array");
    }
  }
  return 0;
}
