// Twilio Messaging (POST /v1/channels/twilio): the form is verified with
// X-Twilio-Signature over the configured public URL (the URL Twilio was
// given, which differs from the request line behind a proxy), deduplicated
// on MessageSid, acknowledged with an empty TwiML response, and answered as
// plain-text SMS through the Messages API.
#pragma once

#include "chat_common.hpp"
#include "chat_inbox.hpp"
#include "config.hpp"
#include "router.hpp"

namespace careerbot {

class TwilioChannel final : public Courier {
 public:
  static constexpr const char* kPath = "/v1/channels/twilio";
  static Pace pace() { return {std::chrono::milliseconds(0), 0}; }

  TwilioChannel(const TwilioConfig& config, ChatInbox& inbox, HttpTransport& transport,
                Metrics& metrics);

  void add_routes(Router& router);
  WebResponse message(const WebRequest& request);
  void deliver(const OutboxEntry& entry, DeliveryHandler done) override;

 private:
  const TwilioConfig& config_;
  ChatInbox& inbox_;
  HttpTransport& transport_;
  Metrics& metrics_;
};

}  // namespace careerbot
