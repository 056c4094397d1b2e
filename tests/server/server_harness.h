// A live `odenek serve` for tests: started on a free loopback port (--listen
// 127.0.0.1:0, the port read from its first line), stopped with SIGTERM; and
// a small HTTP client on Boost.Beast.
#ifndef ODENEK_TESTS_SERVER_SERVER_HARNESS_H_
#define ODENEK_TESTS_SERVER_SERVER_HARNESS_H_

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "boost/asio.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"

namespace odenek::testing_server {

inline std::string SourceDir() {
  const char* dir = std::getenv("ODENEK_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}
inline std::string CliPath() {
  const char* cli = std::getenv("ODENEK_CLI");
  return cli != nullptr ? cli : "odenek";
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a command, returns its stdout and exit code.
inline int RunCommand(const std::vector<std::string>& argv, std::string* out) {
  int pipe_fd[2];
  if (pipe(pipe_fd) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fd[1], 1);
    close(pipe_fd[0]);
    close(pipe_fd[1]);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(pipe_fd[1]);
  char buf[65536];
  ssize_t n;
  out->clear();
  while ((n = read(pipe_fd[0], buf, sizeof buf)) > 0) out->append(buf, static_cast<size_t>(n));
  close(pipe_fd[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A server process. Its stdout's first line names the port; stderr goes to
// a file the test may read (SIGHUP reports).
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra_args) {
    stderr_path_ = "/tmp/odenek_serve_test_" + std::to_string(getpid()) + "_" +
                   std::to_string(counter_++) + ".err";
    int pipe_fd[2];
    if (pipe(pipe_fd) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(pipe_fd[1], 1);
      close(pipe_fd[0]);
      close(pipe_fd[1]);
      int err = open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(err, 2);
      std::vector<std::string> argv = {CliPath(), "serve", "--listen", "127.0.0.1:0",
                                       "--threads", "2"};
      argv.insert(argv.end(), extra_args.begin(), extra_args.end());
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    close(pipe_fd[1]);
    out_fd_ = pipe_fd[0];
    // The first line: "odenek serve: listening on http://127.0.0.1:PORT (...)".
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char c[256];
      ssize_t n = read(out_fd_, c, sizeof c);
      if (n <= 0) break;
      line.append(c, static_cast<size_t>(n));
    }
    first_line_ = line;
    size_t at = line.find("127.0.0.1:");
    if (at != std::string::npos) port_ = std::atoi(line.c_str() + at + 10);
  }
  ~ServerProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) close(out_fd_);
    unlink(stderr_path_.c_str());
  }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& first_line() const { return first_line_; }
  std::string Stderr() const { return ReadFile(stderr_path_); }

  // SIGTERM, then the exit code (-1 if it did not exit within `wait`).
  int Stop(std::chrono::seconds wait = std::chrono::seconds(15)) {
    kill(pid_, SIGTERM);
    return Wait(wait);
  }
  int Wait(std::chrono::seconds wait) {
    auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

 private:
  static inline int counter_ = 0;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
  bool exited_ = false;
  std::string first_line_;
  std::string stderr_path_;
};

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  bool ok = false;  // a response arrived
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// One keep-alive connection.
class Client {
 public:
  explicit Client(int port) : stream_(ioc_) {
    beast::error_code ec;
    stream_.socket().connect({net::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)},
                             ec);
    connected_ = !ec;
    // Sync reads ignore the stream's timer; a stuck server must not hang a test.
    timeval tv{20, 0};
    setsockopt(stream_.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  bool connected() const { return connected_; }

  Reply Request(const std::string& method, const std::string& target,
                const std::string& body = "",
                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    beast::error_code ec;
    http::write(stream_, req, ec);
    if (ec) return {};
    return Read();
  }
  // Sends bytes as they are (a hand-made request).
  bool SendRaw(const std::string& bytes) {
    beast::error_code ec;
    net::write(stream_.socket(), net::buffer(bytes), ec);
    return !ec;
  }
  Reply Read(std::chrono::seconds timeout = std::chrono::seconds(20)) {
    Reply r;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1 << 30);
    stream_.expires_after(timeout);
    beast::error_code ec;
    http::read(stream_, buffer_, parser, ec);
    if (ec) return r;
    const auto& res = parser.get();
    r.ok = true;
    r.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = std::string(f.value());
    }
    r.body = res.body();
    return r;
  }
  // True if the server closed the connection (a read gets EOF) in `timeout`.
  // (Whatever the server sent before closing is read and dropped.)
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    const int fd = stream_.socket().native_handle();
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      char buf[4096];
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return true;
    }
    return false;
  }

 private:
  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bool connected_ = false;
};

inline Reply Get(int port, const std::string& target) {
  Client c(port);
  return c.Request("GET", target);
}
inline Reply Post(int port, const std::string& target, const std::string& body,
                  const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  Client c(port);
  return c.Request("POST", target, body, headers);
}

}  // namespace odenek::testing_server

#endif  // ODENEK_TESTS_SERVER_SERVER_HARNESS_H_
