// The HTTP transport of `odenek serve`: Boost.Beast over Asio, asynchronous,
// on a fixed pool of threads. It parses nothing itself; it enforces the
// limits (header, URL, body, time, connections), hands each request to the
// Handler, writes the answer, and logs it.
#ifndef ODENEK_SERVER_SERVER_H_
#define ODENEK_SERVER_SERVER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "server/handler.h"

namespace odenek::server {

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  uint16_t port = 8080;            // 0: any free port (see Server::port())
  int threads = 0;                 // I/O threads; 0 → every core
  int max_connections = 1024;      // more are answered 503 and closed
  size_t max_header = 16 * 1024;   // request line + headers; more → 431
  size_t max_target = 4096;        // the URL; more → 414
  // A request must arrive whole within this time from its first byte (or
  // from the end of the previous response): slow clients (slowloris) are cut
  // off. Also the idle time of a kept-alive connection.
  std::chrono::milliseconds read_timeout{15000};
  // A client must take a response's body at least this fast.
  std::chrono::milliseconds write_timeout{60000};
  // SIGTERM: requests in flight get this long to finish.
  std::chrono::milliseconds drain_timeout{10000};
  std::string log_file;  // JSON lines access log; "" → none
  bool handle_signals = true;  // SIGTERM/SIGINT drain, SIGHUP reloads
};

class ServerImpl;

// A running HTTP server. Listen() binds; Run() serves on the calling thread
// plus threads-1 more and returns when a drain finishes.
//
// Example:
//   Server server(options, &handler);
//   if (absl::Status s = server.Listen(); !s.ok()) return s;
//   std::cout << server.port();
//   server.Run();  // until SIGTERM or Stop()
class Server {
 public:
  Server(ServerOptions options, Handler* handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  absl::Status Listen();
  uint16_t port() const;
  void Run();
  // Starts a drain, as SIGTERM does; safe from any thread.
  void Stop();

 private:
  std::unique_ptr<ServerImpl> impl_;
};

}  // namespace odenek::server

#endif  // ODENEK_SERVER_SERVER_H_
