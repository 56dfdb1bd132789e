// Outbound HTTP requests to platform APIs, as plain values, and the interface
// of the client that sends them (bot/net/https_client implements it with
// Beast over OpenSSL). Channels build requests; they never see Beast.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace careerbot {

struct OutboundRequest {
  std::string method = "POST";
  std::string url;  // "https://slack.com/api/chat.postMessage"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct OutboundResponse {
  int status = 0;     // 0 when no response arrived (see `error`)
  std::string error;  // why there is no response: "connect: Connection refused"
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;

  // The first header with this lower-case name, or "".
  std::string_view header(std::string_view name) const;
};

using ResponseHandler = std::function<void(OutboundResponse)>;

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends the request; `done` runs exactly once, on the transport's thread.
  virtual void send(OutboundRequest request, ResponseHandler done) = 0;
};

// The parts of an http or https URL.
struct Url {
  bool tls = true;
  std::string host;    // without brackets for IPv6
  std::string port;    // always set: "443" by default for https, "80" for http
  std::string target;  // path and query, at least "/"
};

std::optional<Url> parse_url(std::string_view url);

// "Retry-After: 120" (seconds) in milliseconds; nullopt when absent or not a
// number of seconds (HTTP dates are not used by the platforms we call).
std::optional<long long> retry_after_ms(const OutboundResponse& response);

}  // namespace careerbot
