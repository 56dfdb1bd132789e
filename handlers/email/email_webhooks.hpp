// Inbound mail from email providers, each turned into an InboundMail for the
// EmailChannel: Mailgun (POST /v1/channels/email/mailgun: HMAC over timestamp
// and token, stale timestamps and reused tokens refused), SendGrid Inbound
// Parse (POST /v1/channels/email/sendgrid: multipart, basic auth; the raw
// MIME when "Send Raw" is on) and Postmark (POST /v1/channels/email/postmark:
// JSON, basic auth). A provider's request that fails verification gets 401.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "chat_common.hpp"
#include "email_channel.hpp"
#include "router.hpp"

namespace careerbot {

struct EmailWebhookConfig {
  std::string mailgun_signing_key;
  std::chrono::seconds mailgun_window{300};
  std::string sendgrid_username, sendgrid_password;
  std::string postmark_username, postmark_password;
};

class EmailWebhooks {
 public:
  static constexpr const char* kPathPrefix = "/v1/channels/email/";

  EmailWebhooks(const EmailWebhookConfig& config, EmailChannel& channel, Metrics& metrics,
                UnixClock now = unix_seconds_now);

  // Adds the routes of the providers that are configured; returns their names.
  std::vector<std::string> add_routes(Router& router);

  WebResponse mailgun(const WebRequest& request);
  WebResponse sendgrid(const WebRequest& request);
  WebResponse postmark(const WebRequest& request);

 private:
  WebResponse hand_over(const email::InboundMail& mail, const std::string& return_path,
                        const std::string& source);
  bool token_reused(const std::string& token, std::int64_t now);

  const EmailWebhookConfig& config_;
  EmailChannel& channel_;
  Metrics& metrics_;
  UnixClock now_;
  std::mutex tokens_mutex_;
  std::map<std::string, std::int64_t> mailgun_tokens_;  // token -> when seen
};

}  // namespace careerbot
