// The HTTP/1.1 server: accepts connections, reads requests with timeouts and
// size limits, hands each to the router, and shuts down gracefully. Beast
// stays inside http_server.cpp; this header is plain C++.
#pragma once

#include <memory>

#include "config.hpp"
#include "metrics.hpp"
#include "router.hpp"

namespace careerbot {

class HttpServer {
 public:
  HttpServer(const HttpConfig& config, const Router& router, Metrics& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket and returns the bound port (useful with port 0).
  // Throws std::runtime_error when the address cannot be bound.
  unsigned short listen();

  // Serves until SIGTERM or SIGINT (or stop()), then stops accepting, lets
  // requests in flight finish within the grace period, and returns.
  void run();

  // Starts the graceful shutdown; safe from any thread.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace careerbot
