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

bool is_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t size = 0;
    unsigned char low = 0x80;  // the range of the second byte
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      size = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      size = 3;
      if (lead == 0xE0) low = 0xA0;   // overlong
      if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      size = 4;
      if (lead == 0xF0) low = 0x90;   // overlong
      if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
    }
    if (size == 0 || i + size > text.size()) return false;
    for (std::size_t k = 1; k < size; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      if (k == 1 ? (byte < low || byte > high) : (byte & 0xC0) != 0x80) return false;
    }
    i += size;
  }
  return true;
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
