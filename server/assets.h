// The files the server serves from the binary: the caseworker page and the
// OpenAPI document (server/assets/, embedded at build time).
#ifndef ODENEK_SERVER_ASSETS_H_
#define ODENEK_SERVER_ASSETS_H_

#include "absl/strings/string_view.h"
#include <vector>

namespace odenek::server {

struct Asset {
  absl::string_view name;  // file name in server/assets/: "index.html"
  absl::string_view data;
};

// Every embedded file; the storage lives for the whole program.
const std::vector<Asset>& Assets();

}  // namespace odenek::server

#endif  // ODENEK_SERVER_ASSETS_H_
