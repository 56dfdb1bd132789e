// The generic JSON webhook channel: a signed POST with one message in, the
// answer in the response body. Signed like Slack's v0 scheme with a shared
// secret:
//   X-Careerbot-Timestamp: <unix seconds>
//   X-Careerbot-Signature: v0=<hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body)>
// Body: {"message_id": "...", "text": "...", "conversation_id"?: "...", "sender"?: "..."}.
// A retried message_id gets the reply stored for the first delivery, never a
// second answer.
#pragma once

#include <chrono>
#include <functional>

#include "assistant.hpp"
#include "config.hpp"
#include "knowledge_service.hpp"
#include "metrics.hpp"
#include "web.hpp"

namespace careerbot {

class WebhookChannel {
 public:
  using Clock = std::function<std::int64_t()>;  // unix seconds

  WebhookChannel(const WebhookChannelConfig& config, Assistant& assistant,
                 KnowledgeService& knowledge, Metrics& metrics, std::size_t max_question_bytes,
                 Clock now);

  WebResponse operator()(const WebRequest& request) const;

 private:
  const WebhookChannelConfig& config_;
  Assistant& assistant_;
  KnowledgeService& knowledge_;
  Metrics& metrics_;
  std::size_t max_question_bytes_;
  Clock now_;
};

}  // namespace careerbot
