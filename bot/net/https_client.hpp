// The outbound HTTP client for platform APIs: HTTPS with Beast over OpenSSL
// (plain http:// is allowed for local set-ups), certificate and host-name
// verification on, a configurable CA file, keep-alive connections reused per
// origin, and timeouts on connecting and on each exchange. Beast stays inside
// https_client.cpp; this header is plain C++.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "outbound_http.hpp"

namespace careerbot {

struct HttpsClientConfig {
  std::string ca_file;  // PEM bundle to trust; "" = the system's store
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{15000};  // write the request, read the response
  std::size_t max_response_bytes = std::size_t{1} << 20;
  std::size_t max_idle_per_origin = 64;
  std::string user_agent = "careerbot/0.1";
};

class HttpsClient final : public HttpTransport {
 public:
  // Throws std::runtime_error when the CA file cannot be loaded.
  explicit HttpsClient(HttpsClientConfig config);
  ~HttpsClient() override;
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  void send(OutboundRequest request, ResponseHandler done) override;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace careerbot
