// Prometheus counters and latency histograms for `odenek serve` (/metrics).
#ifndef ODENEK_SERVER_METRICS_H_
#define ODENEK_SERVER_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace odenek::server {

// The routes metrics are kept for; a fixed set, so a client cannot grow the
// label space (an unknown path counts as kOther).
enum class Route {
  kCheck, kExplain, kSimulate, kPrograms, kProgram, kParameters, kParameter,
  kOpenApi, kHealth, kReady, kMetrics, kReload, kPage, kOther, kCount
};
const char* RouteName(Route route);

// Why a request failed, for odenek_http_errors_total{class=...}.
enum class ErrorClass {
  kMalformed,      // 400: bad JSON, bad query, bad claim
  kNotFound,       // 404
  kMethod,         // 405
  kTooLarge,       // 413
  kUriTooLong,     // 414
  kHeaderTooLarge, // 431
  kUnauthorized,   // 401/403
  kUnavailable,    // 503 (draining, busy)
  kTimeout,        // a client too slow to send its request
  kConnectionCap,  // a connection refused over the cap
  kInternal,       // 500
  kCount
};
const char* ErrorClassName(ErrorClass error);

// Lock-free counters, updated from every I/O thread.
class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (then +Inf).
  static constexpr std::array<double, 12> kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5, 2.5, 10};

  void Record(Route route, int status, double seconds);
  void Error(ErrorClass error) {
    errors_[static_cast<size_t>(error)].fetch_add(1, std::memory_order_relaxed);
  }
  void ConnectionOpened() { connections_.fetch_add(1, std::memory_order_relaxed); }
  void ConnectionClosed() { connections_.fetch_sub(1, std::memory_order_relaxed); }
  int64_t connections() const { return connections_.load(std::memory_order_relaxed); }
  void Reloaded(bool ok) {
    (ok ? reloads_ : reload_failures_).fetch_add(1, std::memory_order_relaxed);
  }

  // The Prometheus text exposition (version 0.0.4).
  std::string Render(const std::string& rules_hash) const;

 private:
  static constexpr size_t kRoutes = static_cast<size_t>(Route::kCount);
  static constexpr size_t kClasses = 5;  // 1xx..5xx
  struct PerRoute {
    std::array<std::atomic<int64_t>, kClasses> by_class{};
    std::array<std::atomic<int64_t>, kBuckets.size() + 1> buckets{};
    std::atomic<int64_t> sum_micros{0};
  };
  std::array<PerRoute, kRoutes> routes_{};
  std::array<std::atomic<int64_t>, static_cast<size_t>(ErrorClass::kCount)> errors_{};
  std::atomic<int64_t> connections_{0};
  std::atomic<int64_t> reloads_{0};
  std::atomic<int64_t> reload_failures_{0};
};

}  // namespace odenek::server

#endif  // ODENEK_SERVER_METRICS_H_
