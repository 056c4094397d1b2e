// `odenek serve`: flags in, the server (server/) out. No HTTP or evaluation
// here: this file turns options into a Handler and a Server and runs them.
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>

#include "commands.h"
#include "server/handler.h"
#include "server/rules_state.h"
#include "server/server.h"

namespace odenek::cli {

int RunServe(const ServeOptions& options) {
  server::HandlerOptions handler_options;
  handler_options.source.dir = RulesDir(options.global);
  std::vector<std::string> reforms = options.reforms;
  reforms.insert(reforms.end(), options.global.reforms.begin(), options.global.reforms.end());
  for (const std::string& spec : reforms) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      std::cerr << "odenek serve: --reform: expected NAME=FILE (a scenario name and a reform "
                   "file), found "
                << spec << "\n";
      return 2;
    }
    handler_options.source.reforms.emplace_back(spec.substr(0, eq), spec.substr(eq + 1));
  }
  handler_options.max_body = options.max_body;
  handler_options.max_simulate_body = options.max_simulate_body;
  handler_options.max_claims = options.max_claims;
  handler_options.admin_token = options.admin_token;
  if (handler_options.admin_token.empty()) {
    // The environment keeps the token out of `ps`.
    if (const char* env = std::getenv("ODENEK_ADMIN_TOKEN")) handler_options.admin_token = env;
  }

  server::ServerOptions server_options;
  const size_t colon = options.listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "odenek serve: --listen: expected HOST:PORT, found " << options.listen << "\n";
    return 2;
  }
  server_options.host = options.listen.substr(0, colon);
  if (server_options.host.size() > 2 && server_options.host.front() == '[') {
    server_options.host = server_options.host.substr(1, server_options.host.size() - 2);
  }
  const std::string port = options.listen.substr(colon + 1);
  char* end = nullptr;
  const long port_number = std::strtol(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || port_number < 0 || port_number > 65535) {
    std::cerr << "odenek serve: --listen: bad port " << port << "\n";
    return 2;
  }
  server_options.port = static_cast<uint16_t>(port_number);
  server_options.threads = options.threads;
  server_options.max_connections = options.max_connections;
  server_options.read_timeout =
      std::chrono::milliseconds(static_cast<int64_t>(options.read_timeout * 1000));
  server_options.log_file = options.log;
  handler_options.simulate_threads = options.threads > 0 ? options.threads : 0;

  absl::StatusOr<std::shared_ptr<const server::LoadedRules>> rules =
      server::LoadRules(handler_options.source);
  if (!rules.ok()) {
    std::cerr << rules.status().message() << "\n";
    return 1;
  }
  server::Handler handler(std::move(handler_options), *std::move(rules));
  server::Server server(std::move(server_options), &handler);
  if (absl::Status s = server.Listen(); !s.ok()) {
    std::cerr << "odenek serve: " << s.message() << "\n";
    return 1;
  }
  // Tests and scripts read the port from this line (--listen HOST:0).
  std::cout << "odenek serve: listening on http://" << options.listen.substr(0, colon) << ":"
            << server.port() << " (rules " << handler.rules_hash() << ")" << std::endl;
  server.Run();
  std::cout << "odenek serve: stopped" << std::endl;
  return 0;
}

}  // namespace odenek::cli
