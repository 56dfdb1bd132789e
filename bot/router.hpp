// Maps method and path to a handler. Paths may hold "{name}" segments,
// captured into WebRequest::params. Unknown paths get 404, known paths with
// another method 405 with an Allow header.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "web.hpp"

namespace careerbot {

using Handler = std::function<WebResponse(const WebRequest&)>;

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);

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
};

}  // namespace careerbot
