#include "server/metrics.h"

#include <cstdio>

namespace odenek::server {

const char* RouteName(Route route) {
  switch (route) {
    case Route::kCheck: return "/v1/check";
    case Route::kExplain: return "/v1/explain";
    case Route::kSimulate: return "/v1/simulate";
    case Route::kPrograms: return "/v1/programs";
    case Route::kProgram: return "/v1/programs/{id}";
    case Route::kParameters: return "/v1/parameters";
    case Route::kParameter: return "/v1/parameters/{name}";
    case Route::kOpenApi: return "/v1/openapi.json";
    case Route::kHealth: return "/healthz";
    case Route::kReady: return "/readyz";
    case Route::kMetrics: return "/metrics";
    case Route::kReload: return "/v1/admin/reload";
    case Route::kPage: return "/";
    case Route::kOther: case Route::kCount: break;
  }
  return "other";
}

const char* ErrorClassName(ErrorClass error) {
  switch (error) {
    case ErrorClass::kMalformed: return "malformed";
    case ErrorClass::kNotFound: return "not_found";
    case ErrorClass::kMethod: return "method_not_allowed";
    case ErrorClass::kTooLarge: return "payload_too_large";
    case ErrorClass::kUriTooLong: return "uri_too_long";
    case ErrorClass::kHeaderTooLarge: return "header_too_large";
    case ErrorClass::kUnauthorized: return "unauthorized";
    case ErrorClass::kUnavailable: return "unavailable";
    case ErrorClass::kTimeout: return "timeout";
    case ErrorClass::kConnectionCap: return "connection_cap";
    case ErrorClass::kInternal: return "internal";
    case ErrorClass::kCount: break;
  }
  return "other";
}

void Metrics::Record(Route route, int status, double seconds) {
  PerRoute& r = routes_[static_cast<size_t>(route)];
  size_t cls = status >= 100 && status < 600 ? static_cast<size_t>(status / 100 - 1) : 4;
  r.by_class[cls].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  r.buckets[b].fetch_add(1, std::memory_order_relaxed);
  r.sum_micros.fetch_add(static_cast<int64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::Render(const std::string& rules_hash) const {
  std::string out;
  char line[256];
  out += "# HELP odenek_http_requests_total Requests answered, by route and status class.\n";
  out += "# TYPE odenek_http_requests_total counter\n";
  for (size_t i = 0; i < kRoutes; ++i) {
    for (size_t c = 0; c < kClasses; ++c) {
      int64_t n = routes_[i].by_class[c].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::snprintf(line, sizeof line, "odenek_http_requests_total{route=\"%s\",code=\"%zuxx\"} %lld\n",
                    RouteName(static_cast<Route>(i)), c + 1, static_cast<long long>(n));
      out += line;
    }
  }
  out += "# HELP odenek_http_request_duration_seconds Time from a full request to its response.\n";
  out += "# TYPE odenek_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < kRoutes; ++i) {
    const PerRoute& r = routes_[i];
    const char* name = RouteName(static_cast<Route>(i));
    int64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) cumulative += r.buckets[b].load(std::memory_order_relaxed);
    if (cumulative == 0) continue;
    cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += r.buckets[b].load(std::memory_order_relaxed);
      if (b < kBuckets.size()) {
        std::snprintf(line, sizeof line,
                      "odenek_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lld\n",
                      name, kBuckets[b], static_cast<long long>(cumulative));
      } else {
        std::snprintf(line, sizeof line,
                      "odenek_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lld\n",
                      name, static_cast<long long>(cumulative));
      }
      out += line;
    }
    std::snprintf(line, sizeof line,
                  "odenek_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                  "odenek_http_request_duration_seconds_count{route=\"%s\"} %lld\n",
                  name, static_cast<double>(r.sum_micros.load(std::memory_order_relaxed)) / 1e6,
                  name, static_cast<long long>(cumulative));
    out += line;
  }
  out += "# HELP odenek_http_errors_total Failed requests and connections, by class.\n";
  out += "# TYPE odenek_http_errors_total counter\n";
  for (size_t e = 0; e < errors_.size(); ++e) {
    std::snprintf(line, sizeof line, "odenek_http_errors_total{class=\"%s\"} %lld\n",
                  ErrorClassName(static_cast<ErrorClass>(e)),
                  static_cast<long long>(errors_[e].load(std::memory_order_relaxed)));
    out += line;
  }
  out += "# HELP odenek_http_connections Open connections.\n# TYPE odenek_http_connections gauge\n";
  out += "odenek_http_connections " + std::to_string(connections()) + "\n";
  out += "# HELP odenek_rules_reloads_total Rule reloads, by outcome.\n"
         "# TYPE odenek_rules_reloads_total counter\n";
  out += "odenek_rules_reloads_total{outcome=\"ok\"} " + std::to_string(reloads_.load()) + "\n";
  out += "odenek_rules_reloads_total{outcome=\"failed\"} " +
         std::to_string(reload_failures_.load()) + "\n";
  out += "# HELP odenek_rules_info The rule set in use (its hash as a label).\n"
         "# TYPE odenek_rules_info gauge\n";
  out += "odenek_rules_info{hash=\"" + rules_hash + "\"} 1\n";
  return out;
}

}  // namespace odenek::server
