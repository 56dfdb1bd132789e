// Telegram Bot API webhook (POST /v1/channels/telegram): the secret token
// header is checked in constant time, updates are deduplicated on update_id,
// and replies go through sendMessage (HTML), about one a second per chat and
// thirty a second in all. Quiz choices are an inline keyboard under the last
// message; a tap (a callback_query update) is the person typing the choice in
// that chat, and is acknowledged with answerCallbackQuery.
#pragma once

#include "chat_common.hpp"
#include "chat_inbox.hpp"
#include "config.hpp"
#include "router.hpp"

namespace careerbot {

class TelegramChannel final : public Courier {
 public:
  static constexpr const char* kPath = "/v1/channels/telegram";
  static Pace pace() { return {std::chrono::milliseconds(1000), 30}; }

  TelegramChannel(const TelegramConfig& config, ChatInbox& inbox, HttpTransport& transport,
                  Metrics& metrics);

  void add_routes(Router& router);
  WebResponse update(const WebRequest& request);
  void deliver(const OutboxEntry& entry, DeliveryHandler done) override;

  // The sendMessage parameters for a queued reply (with its inline keyboard).
  static nlohmann::json send_message_body(const ChatPayload& payload);

 private:
  WebResponse message(const nlohmann::json& update);
  WebResponse callback(const nlohmann::json& update);

  const TelegramConfig& config_;
  ChatInbox& inbox_;
  HttpTransport& transport_;
  Metrics& metrics_;
};

}  // namespace careerbot
