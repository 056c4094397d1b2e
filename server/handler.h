// The request handler of `odenek serve`: one HTTP request in, one response out,
// with no sockets involved (the transport is server/server.h), so tests and
// the fuzzer (fuzz/http_handler_fuzz.cc) call it directly.
#ifndef ODENEK_SERVER_HANDLER_H_
#define ODENEK_SERVER_HANDLER_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/metrics.h"
#include "server/rules_state.h"

namespace odenek::server {

// A request as the transport parsed it (Beast does the HTTP).
struct HttpRequest {
  std::string method;         // "GET", "POST", ...
  std::string target;         // path and query: "/v1/check?program=x"
  std::string content_type;   // "" when absent
  std::string authorization;  // the Authorization header, "" when absent
  std::string body;
};

// Writes one piece of a streamed body; an error (the client went away) stops
// the producer.
using BodyWriter = std::function<absl::Status(absl::string_view)>;

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Allow, Retry-After, ...
  Route route = Route::kOther;
  std::string rules_hash;  // X-Odenek-Rules-Hash: the generation that answered
  // Set for a streamed (chunked) response, POST /v1/simulate: the transport
  // sends the status and headers, then calls this on a thread of its own
  // (it blocks for the whole run) and ends the body when it returns. `body`
  // is unused then.
  std::function<void(const BodyWriter& write)> stream;
};

struct HandlerOptions {
  RulesSource source;          // for reloads
  size_t max_body = 1 << 20;   // every route but simulate (--max-body)
  size_t max_simulate_body = size_t{256} << 20;  // --max-simulate-body
  int max_claims = 1000;       // claims in one POST /v1/check array
  std::string admin_token;     // "" → POST /v1/admin/reload is disabled
  int simulate_threads = 1;    // threads of one simulate run
  int max_simulations = 2;     // concurrent simulate runs; more get 503
};

// Routes a request over the public API (CONTRACT §7). Thread-safe: Handle
// may run on every I/O thread at once; Reload swaps the rules atomically
// (requests in flight finish on the generation they started with).
//
// Example:
//   Handler handler(options, *LoadRules(options.source));
//   HttpResponse r = handler.Handle({"GET", "/v1/programs", "", "", ""});
class Handler {
 public:
  Handler(HandlerOptions options, std::shared_ptr<const LoadedRules> rules);

  // Never throws; an unexpected failure is a 500 with a JSON error.
  HttpResponse Handle(HttpRequest request);

  // The body limit for a request target (simulate has its own).
  size_t BodyLimit(absl::string_view target) const;

  // Loads the rules again from HandlerOptions::source and swaps them in.
  // On failure the old rules stay and the error says why.
  absl::Status Reload();

  // From now on /readyz answers 503 (a load balancer stops sending).
  void SetDraining() { draining_.store(true); }

  // Set on shutdown: running simulations stop reading (they end with a
  // fatal error line).
  void CancelSimulations() { cancel_simulations_.store(true); }
  int running_simulations() const { return simulations_.load(); }

  std::string rules_hash() const { return rules_.Get()->base.hash(); }
  Metrics& metrics() { return metrics_; }
  const HandlerOptions& options() const { return options_; }

 private:
  HttpResponse Dispatch(HttpRequest& request);
  HttpResponse Check(const HttpRequest& request, bool explain);
  HttpResponse Simulate(HttpRequest& request);
  HttpResponse AdminReload(const HttpRequest& request);
  HttpResponse Error(int status, ErrorClass error_class, const std::string& code,
                     const std::string& message, std::string extra_json = "");

  HandlerOptions options_;
  RulesState rules_;
  Metrics metrics_;
  std::mutex reload_mu_;  // one reload at a time
  std::atomic<bool> draining_{false};
  std::atomic<bool> cancel_simulations_{false};
  std::atomic<int> simulations_{0};
};

// The closest of `candidates` to `word` by edit distance, or "" when none is
// close enough to suggest ("did you mean").
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace odenek::server

#endif  // ODENEK_SERVER_HANDLER_H_
