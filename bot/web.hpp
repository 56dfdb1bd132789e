// Plain HTTP request and response values passed between the network layer
// and the handlers, so that handlers never see Beast.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace careerbot {

struct WebRequest {
  std::string method;                                        // "GET"
  std::string target;                                        // "/v1/ask?x=1"
  std::string path;                                          // "/v1/ask"
  std::string query;                                         // "x=1"
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string remote;  // "127.0.0.1:53122"
  std::string
      client;  // the client's address: the peer's, or X-Forwarded-For's from a trusted proxy
  std::map<std::string, std::string> params;  // from "{name}" segments of the route

  // The first header with this (lower-case) name, or "".
  std::string_view header(std::string_view name) const;
  // A query parameter, percent-decoded; nullopt when absent.
  std::optional<std::string> query_param(std::string_view name) const;
};

struct WebResponse;
// Completes a request answered later: called exactly once, from any thread.
using Respond = std::function<void(WebResponse)>;

struct WebResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set by a handler that answers once something it started has finished
  // (a commit shared with other requests), without holding a thread
  // meanwhile: the server calls it with the Respond that sends the real
  // response; the fields above are then unused. Handlers that may return
  // it run on the event loops (Router::run_on_loop).
  std::function<void(Respond)> later;
};

WebResponse json_response(int status, const nlohmann::json& body);

// An RFC 9457 problem: `title` names the problem, `detail` tells the caller what to fix.
WebResponse problem_response(int status, std::string_view title, std::string_view detail);

std::string_view reason_phrase(int status);

}  // namespace careerbot
