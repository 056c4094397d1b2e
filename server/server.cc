#include "server/server.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "boost/asio.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "nlohmann/json.hpp"

namespace odenek::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

std::string Quote(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', false,
                                                nlohmann::json::error_handler_t::replace);
}

std::string UtcNow() {
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis.count()));
  return text;
}

// JSON lines, one a response; written whole under a lock so lines from
// different threads never interleave.
class AccessLog {
 public:
  static std::unique_ptr<AccessLog> Open(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "a");
    if (f == nullptr) return nullptr;
    return std::unique_ptr<AccessLog>(new AccessLog(f));
  }
  ~AccessLog() { std::fclose(file_); }
  void Write(const std::string& line) {
    std::lock_guard<std::mutex> lock(mu_);
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);  // a log that lags a crash is no audit trail
  }

 private:
  explicit AccessLog(FILE* file) : file_(file) {}
  std::mutex mu_;
  FILE* file_;
};

// The error JSON for failures the transport detects before the handler sees
// a request (the same shape as the handler's).
std::string ErrorBody(int status, const std::string& code, const std::string& message) {
  return absl::StrCat(R"({"error":{"status":)", status, R"(,"code":)", Quote(code),
                      R"(,"message":)", Quote(message), "}}\n");
}

}  // namespace

class Session;

class ServerImpl {
 public:
  ServerImpl(ServerOptions options, Handler* handler)
      : options_(std::move(options)),
        handler_(handler),
        acceptor_(ioc_),
        signals_(ioc_),
        drain_timer_(ioc_),
        accept_timer_(ioc_) {}

  absl::Status Listen();
  void Run();
  void Stop() {
    net::post(ioc_, [this] { BeginDrain(); });
  }

  const ServerOptions& options() const { return options_; }
  Handler& handler() { return *handler_; }
  net::io_context& ioc() { return ioc_; }
  bool stopping() const { return stopping_.load(); }
  AccessLog* log() { return log_.get(); }
  std::atomic<int>& streams() { return streams_; }

  void Register(Session* session, std::weak_ptr<Session> weak) {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    sessions_.emplace(session, std::move(weak));
  }
  void Unregister(Session* session) {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    sessions_.erase(session);
  }

  uint16_t port = 0;

 private:
  void DoAccept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void WaitSignal();
  void BeginDrain();
  void DrainTick();

  ServerOptions options_;
  Handler* handler_;
  // Declared before ioc_ so they outlive it: destroying ioc_ destroys the
  // sessions its pending handlers hold, and a session unregisters itself.
  std::mutex sessions_mu_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
  std::unique_ptr<AccessLog> log_;
  Clock::time_point drain_deadline_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> streams_{0};  // simulate runs writing a response
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer drain_timer_;
  net::steady_timer accept_timer_;

  friend class Session;
};

// One connection: reads requests one after another (HTTP/1.1 keep-alive),
// answers each before reading the next. All its handlers run on its strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerImpl& server, tcp::socket socket)
      : server_(server), stream_(std::move(socket)) {
    beast::error_code ec;
    tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = peer.address().to_string() + ":" + std::to_string(peer.port());
    server_.handler().metrics().ConnectionOpened();
  }
  ~Session() {
    server_.Unregister(this);
    server_.handler().metrics().ConnectionClosed();
  }

  void Start() {
    server_.Register(this, weak_from_this());
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->DoRead(); });
  }

  // A drain began: an idle connection closes now, a busy one after its
  // response.
  void OnDrain() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->stop_ = true;
      if (self->reading_ && self->buffer_.size() == 0) {
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.cancel();
      }
    });
  }

 private:
  struct Pending {  // what the access log and metrics need of a response
    std::string method, target;
    int status = 0;
    Route route = Route::kOther;
    size_t bytes_in = 0, bytes_out = 0;
  };

  void DoRead() {
    if (stop_ || server_.stopping()) return Close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_.options().max_header));
    parser_->body_limit(server_.handler().options().max_simulate_body);
    reading_ = true;
    stream_.expires_after(server_.options().read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              self->OnHeader(ec);
                            });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec, /*header=*/true);
    reading_ = false;  // a request is in flight now: a drain lets it finish
    http::request<http::string_body>& req = parser_->get();
    start_ = Clock::now();
    pending_ = Pending{std::string(req.method_string()), std::string(req.target())};
    if (req.target().size() > server_.options().max_target) {
      server_.handler().metrics().Error(ErrorClass::kUriTooLong);
      return Fail(414, "uri_too_long",
                  absl::StrCat("the URL is ", req.target().size(), " bytes; at most ",
                               server_.options().max_target));
    }
    const size_t limit = server_.handler().BodyLimit(absl::string_view(req.target().data(), req.target().size()));
    if (parser_->content_length() && *parser_->content_length() > limit) {
      server_.handler().metrics().Error(ErrorClass::kTooLarge);
      return Fail(413, "payload_too_large",
                  absl::StrCat("the body is ", *parser_->content_length(), " bytes; at most ", limit,
                               " here (--max-body)"));
    }
    parser_->body_limit(limit);
    if (req.version() >= 11 && beast::iequals(req[http::field::expect], "100-continue")) {
      // curl and others wait for this before sending a body over 1 KiB.
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      http::async_write(stream_, *cont,
                        [self = shared_from_this(), cont](beast::error_code ec, size_t) {
                          if (ec) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       self->OnRead(ec);
                     });
  }

  void OnReadError(beast::error_code ec, bool header) {
    reading_ = false;
    Metrics& metrics = server_.handler().metrics();
    if (ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted ||
        ec == net::error::broken_pipe || ec == net::error::not_connected) {
      return Close();
    }
    if (ec == beast::error::timeout) {
      // tcp_stream has closed the socket: no answer is possible. An idle
      // kept-alive connection times out quietly; a request that started and
      // did not arrive in time is a slow client (slowloris).
      if (!header || buffer_.size() > 0) metrics.Error(ErrorClass::kTimeout);
      return Close();
    }
    if (start_ == Clock::time_point()) start_ = Clock::now();
    if (ec == http::error::header_limit) {
      metrics.Error(ErrorClass::kHeaderTooLarge);
      return Fail(431, "header_too_large",
                  absl::StrCat("request line and headers over ", server_.options().max_header,
                               " bytes"));
    }
    if (ec == http::error::body_limit) {
      metrics.Error(ErrorClass::kTooLarge);
      return Fail(413, "payload_too_large", "the body is over the limit (--max-body)");
    }
    metrics.Error(ErrorClass::kMalformed);
    return Fail(400, "bad_http", "malformed HTTP request: " + ec.message());
  }

  void OnRead(beast::error_code ec) {
    if (ec) return OnReadError(ec, /*header=*/false);
    reading_ = false;
    http::request<http::string_body> req = parser_->release();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.content_type = std::string(req[http::field::content_type]);
    request.authorization = std::string(req[http::field::authorization]);
    pending_.bytes_in = req.body().size();
    request.body = std::move(req.body());
    HttpResponse response = server_.handler().Handle(std::move(request));
    if (response.stream) return StartStream(std::move(response));
    Write(std::move(response));
  }

  // A response the transport makes itself; the connection closes after it
  // (the rest of the request is unread or unreadable).
  void Fail(int status, const std::string& code, const std::string& message) {
    HttpResponse r;
    r.status = status;
    r.body = ErrorBody(status, code, message);
    r.rules_hash = server_.handler().rules_hash();
    keep_alive_ = false;
    version_ = 11;
    Write(std::move(r));
  }

  template <class Message>
  void SetHeaders(Message& m, const HttpResponse& r) {
    m.set(http::field::server, "odenek");
    m.set(http::field::content_type, r.content_type);
    m.set("X-Odenek-Rules-Hash", r.rules_hash);
    for (const auto& [name, value] : r.headers) m.set(name, value);
    m.keep_alive(keep_alive_ && !stop_ && !server_.stopping());
  }

  void Write(HttpResponse r) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), version_ == 10 ? 10 : 11);
    SetHeaders(*res, r);
    res->body() = std::move(r.body);
    res->prepare_payload();
    pending_.status = r.status;
    pending_.route = r.route;
    pending_.bytes_out = res->body().size();
    stream_.expires_after(server_.options().write_timeout);
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
      self->Done(ec, res->keep_alive());
    });
  }

  // The response is out (or failed): log it, then read the next request.
  void Done(beast::error_code ec, bool keep_alive) {
    const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    server_.handler().metrics().Record(pending_.route, pending_.status, seconds);
    if (AccessLog* log = server_.log()) {
      log->Write(absl::StrCat(
          R"({"time":")", UtcNow(), R"(","remote":)", Quote(remote_), R"(,"method":)",
          Quote(pending_.method), R"(,"target":)", Quote(pending_.target.substr(0, 1024)),
          R"(,"route":)", Quote(RouteName(pending_.route)), R"(,"status":)", pending_.status,
          R"(,"bytes_in":)", pending_.bytes_in, R"(,"bytes_out":)", pending_.bytes_out,
          R"(,"ms":)", static_cast<int64_t>(seconds * 1e6) / 1000.0,
          R"(,"error":)", ec ? Quote(ec.message()) : "null", "}\n"));
    }
    start_ = Clock::time_point();
    if (ec || !keep_alive) return Close();
    DoRead();
  }

  // POST /v1/simulate: the head now, then the body chunk by chunk from a
  // thread of its own (the run blocks), then the last chunk.
  void StartStream(HttpResponse r) {
    stream_head_ = http::response<http::empty_body>(http::status::ok, 11);
    SetHeaders(stream_head_, r);
    stream_head_.chunked(true);
    pending_.status = r.status;
    pending_.route = r.route;
    serializer_.emplace(stream_head_);
    stream_.expires_after(server_.options().write_timeout);
    http::async_write_header(
        stream_, *serializer_,
        [self = shared_from_this(), produce = std::move(r.stream)](beast::error_code ec, size_t) {
          if (ec) return self->Done(ec, false);
          self->server_.streams().fetch_add(1);
          std::thread([self, produce] {
            BodyWriter write = [&self](absl::string_view data) { return self->WriteChunk(data); };
            produce(write);
            self->FinishStream();
            self->server_.streams().fetch_sub(1);
          }).detach();
        });
  }

  // Called from the producer's thread: writes one chunk on the strand and
  // waits for it, so a slow reader slows the producer (memory stays flat).
  absl::Status WriteChunk(absl::string_view data) {
    if (stream_failed_) return absl::UnavailableError("the client went away");
    // Shared: after a forced stop this thread returns while the handler may
    // still be running on an I/O thread.
    auto done = std::make_shared<std::promise<beast::error_code>>();
    std::future<beast::error_code> result = done->get_future();
    net::post(stream_.get_executor(), [self = shared_from_this(), data, done] {
      self->stream_.expires_after(self->server_.options().write_timeout);
      net::async_write(self->stream_,
                       http::make_chunk(net::const_buffer(data.data(), data.size())),
                       [done](beast::error_code ec, size_t) { done->set_value(ec); });
    });
    while (result.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
      // A forced stop never runs the handler.
      if (server_.ioc().stopped()) {
        stream_failed_ = true;
        return absl::CancelledError("the server stopped");
      }
    }
    beast::error_code ec = result.get();
    if (ec) {
      stream_failed_ = true;
      return absl::UnavailableError("the client went away: " + ec.message());
    }
    pending_.bytes_out += data.size();
    return absl::OkStatus();
  }

  void FinishStream() {
    if (stream_failed_ || server_.ioc().stopped()) {
      net::post(stream_.get_executor(), [self = shared_from_this()] {
        self->Done(net::error::connection_aborted, false);
      });
      return;
    }
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->stream_.expires_after(self->server_.options().write_timeout);
      net::async_write(self->stream_, http::make_chunk_last(),
                       [self](beast::error_code ec, size_t) {
                         self->Done(ec, self->stream_head_.keep_alive());
                       });
    });
  }

  void Close() {
    reading_ = false;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  ServerImpl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_;
  bool reading_ = false;  // waiting for a request's header (idle, for a drain)
  bool stop_ = false;     // draining: no next request
  bool keep_alive_ = true;
  unsigned version_ = 11;
  Clock::time_point start_;
  Pending pending_;
  http::response<http::empty_body> stream_head_;
  std::optional<http::response_serializer<http::empty_body>> serializer_;
  std::atomic<bool> stream_failed_{false};
};

absl::Status ServerImpl::Listen() {
  beast::error_code ec;
  net::ip::address address = net::ip::make_address(options_.host, ec);
  if (ec) return absl::InvalidArgumentError("--listen: bad address " + options_.host);
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.host, ":",
                                               options_.port, ": ", ec.message()));
  }
  port = acceptor_.local_endpoint(ec).port();
  if (!options_.log_file.empty()) {
    log_ = AccessLog::Open(options_.log_file);
    if (!log_) return absl::UnavailableError("--log: cannot open " + options_.log_file);
  }
  return absl::OkStatus();
}

void ServerImpl::DoAccept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
    OnAccept(ec, std::move(s));
  });
}

void ServerImpl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Out of descriptors (EMFILE) and the like: pause rather than spin.
    accept_timer_.expires_after(std::chrono::milliseconds(50));
    accept_timer_.async_wait([this](beast::error_code e) {
      if (!e && acceptor_.is_open()) DoAccept();
    });
    return;
  }
  if (handler_->metrics().connections() >= options_.max_connections) {
    handler_->metrics().Error(ErrorClass::kConnectionCap);
    // A fresh socket's send buffer takes this at once; then close.
    static const std::string kBusy = [] {
      std::string body =
          ErrorBody(503, "connection_cap", "too many connections; retry later");
      return absl::StrCat(
          "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
          "Connection: close\r\nRetry-After: 1\r\nContent-Length: ",
          body.size(), "\r\n\r\n", body);
    }();
    beast::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(net::buffer(kBusy), ignored);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  } else {
    std::make_shared<Session>(*this, std::move(socket))->Start();
  }
  DoAccept();
}

void ServerImpl::WaitSignal() {
  signals_.async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    if (signal == SIGHUP) {
      const std::string before = handler_->rules_hash();
      absl::Status s = handler_->Reload();
      if (s.ok()) {
        std::cerr << "odenek serve: SIGHUP: rules reloaded: " << handler_->rules_hash()
                  << " (was " << before << ")\n";
      } else {
        std::cerr << "odenek serve: SIGHUP: reload failed, keeping " << before << ": "
                  << s.message() << "\n";
      }
      WaitSignal();
      return;
    }
    BeginDrain();
  });
}

void ServerImpl::BeginDrain() {
  if (stopping_.exchange(true)) return;
  handler_->SetDraining();
  beast::error_code ec;
  acceptor_.close(ec);
  accept_timer_.cancel();
  signals_.cancel();
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    for (auto& [ptr, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->OnDrain();
  drain_deadline_ = Clock::now() + options_.drain_timeout;
  DrainTick();
}

void ServerImpl::DrainTick() {
  bool idle;
  {
    std::lock_guard<std::mutex> lock(sessions_mu_);
    idle = sessions_.empty();
  }
  if ((idle && streams_.load() == 0) || Clock::now() >= drain_deadline_) {
    handler_->CancelSimulations();
    ioc_.stop();
    return;
  }
  drain_timer_.expires_after(std::chrono::milliseconds(20));
  drain_timer_.async_wait([this](beast::error_code ec) {
    if (!ec) DrainTick();
  });
}

void ServerImpl::Run() {
  if (options_.handle_signals) {
    signals_.add(SIGTERM);
    signals_.add(SIGINT);
    signals_.add(SIGHUP);
    WaitSignal();
  }
  DoAccept();
  int threads = options_.threads > 0 ? options_.threads
                                     : static_cast<int>(std::thread::hardware_concurrency());
  if (threads < 1) threads = 1;
  auto run = [this] {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        // Beast reports through error codes; this is an allocation failure
        // or a bug in a handler. Keep serving.
        std::cerr << "odenek serve: " << e.what() << "\n";
      }
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(run);
  run();
  for (std::thread& t : pool) t.join();
  // Simulate threads notice the stop (ioc stopped, cancel set) and return.
  for (int i = 0; i < 200 && streams_.load() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

Server::Server(ServerOptions options, Handler* handler)
    : impl_(std::make_unique<ServerImpl>(std::move(options), handler)) {}
Server::~Server() = default;
absl::Status Server::Listen() { return impl_->Listen(); }
uint16_t Server::port() const { return impl_->port; }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }

}  // namespace odenek::server
