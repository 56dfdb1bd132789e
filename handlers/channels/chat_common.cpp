#include "chat_common.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "log.hpp"

namespace careerbot {

std::int64_t unix_seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

WebResponse reject_request(Metrics& metrics, std::string_view channel, std::string_view reason,
                           const WebRequest& request) {
  metrics.add("careerbot_channel_rejected_total",
              {{"channel", std::string(channel)}, {"reason", std::string(reason)}});
  log::write(log::Level::warn, "channel_rejected",
             {{"channel", channel}, {"reason", reason}, {"remote", request.remote}});
  return problem_response(401, "Request not verified",
                          "The request's signature or token is " + std::string(reason) +
                              "; see the README for this channel's set-up.");
}

std::string excerpt(std::string_view body) {
  std::string text(body.substr(0, 200));
  for (auto& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  auto encode = [&](std::string_view text) {
    for (char raw : text) {
      auto c = static_cast<unsigned char>(raw);
      if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else if (c == ' ') {
        out += '+';
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
      }
    }
  };
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    encode(name);
    out += '=';
    encode(value);
  }
  return out;
}

DeliveryResult classify_http(const OutboundResponse& response) {
  if (response.status == 0) return DeliveryResult::retry(response.error);
  std::string what = "HTTP " + std::to_string(response.status) + ": " + excerpt(response.body);
  if (response.status >= 200 && response.status < 300) return DeliveryResult::sent();
  if (response.status == 429) return DeliveryResult::retry(what, retry_after_ms(response));
  if (response.status == 408 || response.status >= 500) {
    return DeliveryResult::retry(what, retry_after_ms(response));
  }
  return DeliveryResult::failed(what);
}

void send_request(HttpTransport& transport, OutboundRequest request,
                  std::function<DeliveryResult(const OutboundResponse&)> classify,
                  DeliveryHandler done) {
  transport.send(std::move(request),
                 [classify = std::move(classify), done = std::move(done)](
                     const OutboundResponse& response) { done(classify(response)); });
}

}  // namespace careerbot
