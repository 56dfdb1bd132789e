// Slack Events API (POST /v1/channels/slack/events): answers url_verification,
// takes `message` and `app_mention` events from people (never from bots, the
// bot itself included), deduplicates on event_id, and replies in the thread
// through chat.postMessage, about one message a second per channel. Quiz
// choices are Block Kit buttons under the last message; a click arrives at the
// interactivity endpoint (POST /v1/channels/slack/interactions, signed the
// same way) and is the person typing the button's value in that thread.
#pragma once

#include "chat_common.hpp"
#include "chat_inbox.hpp"
#include "config.hpp"
#include "router.hpp"

namespace careerbot {

class SlackChannel final : public Courier {
 public:
  static constexpr const char* kPath = "/v1/channels/slack/events";
  static constexpr const char* kInteractionsPath = "/v1/channels/slack/interactions";
  static Pace pace() { return {std::chrono::milliseconds(1100), 0}; }

  SlackChannel(const SlackConfig& config, ChatInbox& inbox, HttpTransport& transport,
               Metrics& metrics, UnixClock now = unix_seconds_now);

  void add_routes(Router& router);
  WebResponse events(const WebRequest& request);
  WebResponse interactions(const WebRequest& request);
  void deliver(const OutboxEntry& entry, DeliveryHandler done) override;

  // The chat.postMessage body for a queued reply (with its blocks and buttons).
  static nlohmann::json post_message_body(const ChatPayload& payload);

 private:
  // The 401 for a request without a valid, fresh signature.
  std::optional<WebResponse> reject_unsigned(const WebRequest& request);

  const SlackConfig& config_;
  ChatInbox& inbox_;
  HttpTransport& transport_;
  Metrics& metrics_;
  UnixClock now_;
};

}  // namespace careerbot
