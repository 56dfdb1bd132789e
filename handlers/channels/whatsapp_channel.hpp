// WhatsApp Cloud API (GET and POST /v1/channels/whatsapp): the GET answers
// Meta's subscription check with the challenge, POSTs are verified with
// X-Hub-Signature-256, text messages are deduplicated on their id (status
// receipts are not questions), and replies go to /{phone_number_id}/messages
// as plain text in reply to the question. Quiz choices are reply buttons on
// the last message (an interactive message); a tap comes back as an
// interactive button_reply message and is the person typing the choice.
#pragma once

#include "chat_common.hpp"
#include "chat_inbox.hpp"
#include "config.hpp"
#include "router.hpp"

namespace careerbot {

class WhatsAppChannel final : public Courier {
 public:
  static constexpr const char* kPath = "/v1/channels/whatsapp";
  static Pace pace() { return {std::chrono::milliseconds(0), 0}; }

  WhatsAppChannel(const WhatsAppConfig& config, ChatInbox& inbox, HttpTransport& transport,
                  Metrics& metrics);

  void add_routes(Router& router);
  WebResponse verify_subscription(const WebRequest& request);
  WebResponse notification(const WebRequest& request);
  void deliver(const OutboxEntry& entry, DeliveryHandler done) override;

  // The /messages body for a queued reply: text, or interactive with buttons.
  static nlohmann::json message_body(const ChatPayload& payload);

 private:
  const WhatsAppConfig& config_;
  ChatInbox& inbox_;
  HttpTransport& transport_;
  Metrics& metrics_;
};

}  // namespace careerbot
