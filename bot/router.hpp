// Maps method and path to a handler. Paths may hold "{name}" segments,
// captured into WebRequest::params. Unknown paths get 404, known paths with
// another method 405 with an Allow header.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "socket.hpp"
#include "web.hpp"

namespace careerbot {

using Handler = std::function<WebResponse(const WebRequest&)>;

// The response to a request whose handler failed: 503 with Retry-After when
// the store could not write (nothing was acknowledged), else 500; logged.
WebResponse failure_response(std::string_view route, const std::exception_ptr& error);

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);

  // Requests under `path_prefix` may carry bodies up to `bytes` (instead of
  // the server's default). The longest matching prefix wins.
  void limit_body(std::string path_prefix, std::size_t bytes);
  std::size_t body_limit(std::string_view path, std::size_t fallback) const;
  std::size_t largest_body_limit(std::size_t fallback) const;

  // Requests under `path_prefix` are handled on the server's pool of blocking
  // threads rather than on its event loops: handlers that wait on disk (a
  // commit's fsync, an import), so the loops keep serving meanwhile and
  // concurrent commits can share one fsync.
  void run_blocking(std::string path_prefix);
  // A path under such a prefix whose handler never waits (it answers later
  // instead: WebResponse::later) stays on the event loops.
  void run_on_loop(std::string path);
  bool blocking(std::string_view path) const;

  // A WebSocket endpoint at `path` (a GET with an upgrade there is given to it).
  void add_socket(std::string path, SocketEndpoint endpoint);
  const SocketEndpoint* socket(std::string_view path) const;

  // Handles the request; `route` is set to the matched pattern (for metrics),
  // or "unmatched".
  WebResponse handle(WebRequest& request, std::string& route) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool matches(const Route& route, const std::vector<std::string_view>& segments,
                      std::map<std::string, std::string>& params);

  std::vector<Route> routes_;
  std::vector<std::pair<std::string, std::size_t>> body_limits_;
  std::vector<std::string> blocking_prefixes_;
  std::vector<std::string> loop_paths_;
  std::vector<std::pair<std::string, SocketEndpoint>> sockets_;
};

}  // namespace careerbot
