// The chat platforms' inbound endpoints, called as the router calls them:
// the signature check over the raw body, the platform's JSON or form, and
// for a message that passes, the whole intake (the assistant answers, the
// answer is rendered for the platform and stored with its outbox entries).
//
// Input: one byte, then the body. The byte's low four bits (mod 10) pick the
// endpoint: 0 Slack events, 1 Slack interactions, 2 Telegram, 3 WhatsApp, 4
// WhatsApp's subscription GET (the body is its query string), 5 Twilio, 6
// Discord, 7 Discord deferring, 8 the generic webhook, 9 the signature checks
// no handler reaches (Twilio JSON, Mailgun). Its top bit clear, the harness
// signs the body as the platform would; set, the signature headers are the
// input's first two lines, so that the checks themselves are fuzzed.
//
// A handler must answer every request with 2xx or 4xx: an exception (which
// the router would turn into a 500) or a 5xx is a finding.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "crypto.hpp"
#include "discord_channel.hpp"
#include "ed25519_signer.hpp"
#include "fuzz_input.hpp"
#include "fuzz_support.hpp"
#include "signatures.hpp"
#include "slack_channel.hpp"
#include "telegram_channel.hpp"
#include "twilio_channel.hpp"
#include "webhook_channel.hpp"
#include "whatsapp_channel.hpp"

namespace {

using namespace careerbot;

constexpr std::int64_t kNow = 1770000000;
const std::string kNowText = std::to_string(kNow);
constexpr const char* kSecret = "fuzz-signing-secret";
constexpr const char* kTwilioUrl = "https://bot.example.org/v1/channels/twilio?x=1";
// The RFC 8032 key tests/support/ed25519_signer.cpp signs with.
constexpr const char* kDiscordKey =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

// Outbound requests never happen here (the outbox is not started).
class NoTransport final : public HttpTransport {
 public:
  void send(OutboundRequest, ResponseHandler done) override { done(OutboundResponse{}); }
};

struct Channels {
  Channels() {
    slack_config.signing_secret = kSecret;
    slack_config.bot_token = "xoxb-fuzz";
    telegram_config.secret_token = kSecret;
    telegram_config.bot_token = "fuzz";
    whatsapp_config.app_secret = kSecret;
    whatsapp_config.verify_token = "fuzz-verify";
    whatsapp_config.access_token = "fuzz";
    twilio_config.auth_token = kSecret;
    twilio_config.account_sid = "AC123";
    twilio_config.public_url = kTwilioUrl;
    discord_config.public_key = kDiscordKey;
    discord_config.application_id = "42";
    deferring_config = discord_config;
    deferring_config.defer = true;
    webhook_config.secret = kSecret;
  }

  fuzz::Service& service = fuzz::service();
  NoTransport transport;
  SlackConfig slack_config;
  TelegramConfig telegram_config;
  WhatsAppConfig whatsapp_config;
  TwilioConfig twilio_config;
  DiscordConfig discord_config;
  DiscordConfig deferring_config;
  WebhookChannelConfig webhook_config;
  UnixClock now = [] { return kNow; };

  SlackChannel slack{slack_config, service.inbox, transport, service.metrics, now};
  TelegramChannel telegram{telegram_config, service.inbox, transport, service.metrics};
  WhatsAppChannel whatsapp{whatsapp_config, service.inbox, transport, service.metrics};
  TwilioChannel twilio{twilio_config, service.inbox, transport, service.metrics};
  DiscordChannel discord{discord_config, service.inbox, transport, service.metrics};
  DiscordChannel deferring{deferring_config, service.inbox, transport, service.metrics};
  WebhookChannel webhook{webhook_config,  service.assistant,          service.knowledge,
                         service.metrics, service.max_question_bytes, now};
};

std::string twilio_signature(const std::string& body) {
  auto fields = signatures::parse_form(body);
  std::sort(fields.begin(), fields.end());
  fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
  std::string text = kTwilioUrl;
  for (const auto& [name, value] : fields) text += name + value;
  return crypto::hmac_sha1_base64(kSecret, text);
}

WebRequest request(const char* method, const char* path, std::string body) {
  WebRequest r;
  r.method = method;
  r.path = path;
  r.target = path;
  r.body = std::move(body);
  r.remote = "192.0.2.1:443";
  return r;
}

// The signature headers a platform sends: computed, or as the input says.
void sign(WebRequest& r, int endpoint, bool from_input, std::string_view first,
          std::string_view second) {
  auto header = [&r](const char* name, std::string value) {
    r.headers.emplace_back(name, std::move(value));
  };
  const std::string& body = r.body;
  switch (endpoint) {
    case 0:
    case 1:
      header("x-slack-request-timestamp", from_input ? std::string(second) : kNowText);
      header("x-slack-signature",
             from_input ? std::string(first)
                        : "v0=" + crypto::hmac_sha256_hex(kSecret, "v0:" + kNowText + ":" + body));
      break;
    case 2:
      header("x-telegram-bot-api-secret-token", from_input ? std::string(first) : kSecret);
      break;
    case 3:
      header("x-hub-signature-256",
             from_input ? std::string(first) : "sha256=" + crypto::hmac_sha256_hex(kSecret, body));
      break;
    case 5:
      header("x-twilio-signature", from_input ? std::string(first) : twilio_signature(body));
      break;
    case 6:
    case 7:
      header("x-signature-timestamp", from_input ? std::string(second) : kNowText);
      header("x-signature-ed25519",
             from_input ? std::string(first) : test::ed25519_sign_hex(kNowText + body));
      break;
    case 8:
      header("x-careerbot-timestamp", from_input ? std::string(second) : kNowText);
      header("x-careerbot-signature",
             from_input ? std::string(first)
                        : "v0=" + crypto::hmac_sha256_hex(kSecret, "v0:" + kNowText + ":" + body));
      break;
    default:
      break;
  }
}

WebResponse handle(Channels& c, int endpoint, WebRequest& r) {
  switch (endpoint) {
    case 0:
      return c.slack.events(r);
    case 1:
      return c.slack.interactions(r);
    case 2:
      return c.telegram.update(r);
    case 3:
      return c.whatsapp.notification(r);
    case 4:  // Meta's subscription check: the body is the query string
      r.method = "GET";
      r.query = r.body;
      r.body.clear();
      return c.whatsapp.verify_subscription(r);
    case 5:
      return c.twilio.message(r);
    case 6:
      return c.discord.interaction(r);
    case 7:
      return c.deferring.interaction(r);
    default:
      return c.webhook(r);
  }
}

// The checks the handlers do not reach: Twilio's JSON variant and Mailgun's
// webhook signature, with every value taken from the input.
void other_signatures(std::string_view first, std::string_view second, std::string_view body) {
  (void)signatures::verify_twilio_json(kSecret, first, body, second);
  (void)signatures::verify_mailgun(kSecret, first, second, body, kNow);
  (void)signatures::verify_twilio(kSecret, first, signatures::parse_form(body), second);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Channels* channels = new Channels();  // never destroyed, like the service
  fuzz::Input input(data, size);
  const std::uint8_t choice = input.take_byte();
  const int endpoint = (choice & 0x0f) % 10;
  const bool from_input = (choice & 0x80) != 0;
  std::string_view first;
  std::string_view second;
  if (from_input) {
    first = input.take_line();
    second = input.take_line();
  }
  if (endpoint == 9) {
    other_signatures(first, second, input.rest());
    return 0;
  }
  WebRequest r = request("POST", "/v1/channels/fuzz", std::string(input.rest()));
  sign(r, endpoint, from_input, first, second);
  WebResponse response = handle(*channels, endpoint, r);
  if (response.status >= 500) {
    std::fprintf(stderr, "endpoint %d answered %d: %s\n", endpoint, response.status,
                 response.body.c_str());
    std::abort();
  }
  return 0;
}
