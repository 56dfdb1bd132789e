// Discord interactions (POST /v1/channels/discord): Ed25519 over the
// timestamp and raw body (Discord probes with bad signatures and disables
// endpoints that accept them), PING answered with PONG, and a slash command
// such as `/career question:...` answered in the response within Discord's
// 3 s. Longer answers continue as follow-up messages through the outbox;
// with `defer`, the response is a deferred one and the whole answer follows.
// Quiz choices are buttons (message components) on the last message; a click
// (a MESSAGE_COMPONENT interaction, verified the same way) is the person
// asking the button's answer in the same channel, answered the same way.
#pragma once

#include "chat_common.hpp"
#include "chat_inbox.hpp"
#include "config.hpp"
#include "router.hpp"

namespace careerbot {

class DiscordChannel final : public Courier {
 public:
  static constexpr const char* kPath = "/v1/channels/discord";
  static Pace pace() { return {std::chrono::milliseconds(0), 0}; }

  DiscordChannel(const DiscordConfig& config, ChatInbox& inbox, HttpTransport& transport,
                 Metrics& metrics);

  void add_routes(Router& router);
  WebResponse interaction(const WebRequest& request);
  void deliver(const OutboxEntry& entry, DeliveryHandler done) override;

  // A message's data: content, no mentions, and an action row of buttons.
  static nlohmann::json message_data(const std::string& text,
                                     const std::vector<ChatButton>& buttons);

 private:
  const DiscordConfig& config_;
  ChatInbox& inbox_;
  HttpTransport& transport_;
  Metrics& metrics_;
};

}  // namespace careerbot
