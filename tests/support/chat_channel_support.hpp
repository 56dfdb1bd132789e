// What the chat channels' integration tests share: the Slack secrets and
// signed events, the environment that points careerbot's deliveries at a
// fake platform API, and reading what the fake received.
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "crypto.hpp"
#include "http_client.hpp"
#include "peer_process.hpp"
#include "server_process.hpp"

namespace careerbot::test {

using careerbot::crypto::hmac_sha256_hex;
using nlohmann::json;

inline const std::string kSlackSecret = "slack-signing-secret-for-tests";
inline const std::string kSlackToken = "xoxb-test-token-0000";

inline std::string now_text(long long offset = 0) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return std::to_string(now.count() + offset);
}

inline std::vector<std::string> delivery_env(const FakeApi& api) {
  return {"CAREERBOT_DELIVERY_CA_FILE=" + test_pki().ca_cert,
          "CAREERBOT_DELIVERY_FIRST_RETRY_MS=200",
          "CAREERBOT_CHANNELS_SLACK_API_BASE=" + api.base_url(),
          "CAREERBOT_CHANNELS_TELEGRAM_API_BASE=" + api.base_url(),
          "CAREERBOT_CHANNELS_WHATSAPP_API_BASE=" + api.base_url(),
          "CAREERBOT_CHANNELS_TWILIO_API_BASE=" + api.base_url(),
          "CAREERBOT_CHANNELS_DISCORD_API_BASE=" + api.base_url()};
}

inline std::vector<std::string> slack_env(const std::string& api_base) {
  return {"CAREERBOT_CHANNELS_SLACK_SIGNING_SECRET=" + kSlackSecret,
          "CAREERBOT_CHANNELS_SLACK_BOT_TOKEN=" + kSlackToken,
          "CAREERBOT_CHANNELS_SLACK_API_BASE=" + api_base,
          "CAREERBOT_DELIVERY_CA_FILE=" + test_pki().ca_cert,
          "CAREERBOT_DELIVERY_FIRST_RETRY_MS=200"};
}

inline std::string slack_event(const std::string& event_id, const std::string& text,
                               const json& extra = json::object()) {
  json event = {{"type", "message"}, {"channel", "C0123"},        {"user", "U777"},
                {"text", text},      {"ts", "1700000000.000200"}, {"channel_type", "channel"}};
  event.update(extra);
  return json{{"type", "event_callback"},
              {"team_id", "T1"},
              {"event_id", event_id},
              {"event_time", 1700000000},
              {"event", event}}
      .dump();
}

inline HttpReply slack_post(const ServerProcess& server, const std::string& body,
                            std::vector<std::string> headers = {},
                            const std::string& secret = kSlackSecret, long long clock_offset = 0) {
  std::string ts = now_text(clock_offset);
  headers.push_back("X-Slack-Request-Timestamp: " + ts);
  headers.push_back("X-Slack-Signature: v0=" + hmac_sha256_hex(secret, "v0:" + ts + ":" + body));
  headers.emplace_back("Content-Type: application/json");
  return request(server.port(), "POST", "/v1/channels/slack/events", body, headers);
}

inline std::vector<json> to_path(const std::vector<json>& requests, const std::string& path) {
  std::vector<json> matching;
  for (const auto& r : requests) {
    if (r["path"] == path) matching.push_back(r);
  }
  return matching;
}

inline void settle() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace careerbot::test
