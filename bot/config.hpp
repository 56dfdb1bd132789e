// The service configuration: one JSON file (config/careerbot.example.json
// documents every key), then CAREERBOT_* environment variables, then
// command-line flags. Invalid values fail start-up naming the key.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "matcher.hpp"

namespace careerbot {

struct HttpConfig {
  std::string host = "127.0.0.1";
  int port = 8080;            // 0 = any free port
  int threads = 2;            // event loops
  int blocking_threads = 64;  // for handlers that wait on disk (Router::run_blocking)
  int max_connections = 1024;
  std::size_t max_body_bytes = std::size_t{1024} * 1024;
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  std::chrono::milliseconds read_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds shutdown_grace{10000};
  // Proxies whose X-Forwarded-For is believed for the client's address.
  std::vector<std::string> trusted_proxies;
};

// Per-client abuse limits: token buckets keyed by the client's address. Each
// allows a burst, then a steady rate; 0 a minute means no limit.
struct LimitsConfig {
  bool enabled = true;
  int questions_per_minute = 60;  // POST /v1/ask and /v1/assessment
  int question_burst = 20;
  int admin_requests_per_minute = 300;  // /admin/v1/*
  int admin_burst = 60;
  int failed_signins_per_hour = 10;  // bad admin tokens; then 429 until the hour refills
  int web_sessions_per_hour = 60;    // new web chat sessions
  int web_session_burst = 10;
  std::size_t max_clients = 100000;  // clients tracked per limit
};

struct ConversationConfig {
  std::size_t max_conversations = 100000;
  std::chrono::seconds ttl{1800};
};

// An admin API token, stored as a salted hash (`careerbot admin token` makes one).
struct AdminToken {
  std::string name;    // who, in the audit log
  std::string salt;    // hex
  std::string sha256;  // hex of SHA-256(salt bytes + token)
  bool read = false;
  bool write = false;  // implies read
};

// The generic JSON webhook channel; off unless a secret is set.
struct WebhookChannelConfig {
  std::string secret;  // from the config, CAREERBOT_CHANNELS_WEBHOOK_SECRET or secret_file
  std::chrono::seconds replay_window{300};
};

// Slack Events API: on when both the signing secret and the bot token are set.
struct SlackConfig {
  std::string signing_secret;
  std::string bot_token;  // xoxb-...
  std::string api_base = "https://slack.com";
  std::chrono::seconds replay_window{300};
  bool enabled() const { return !signing_secret.empty() && !bot_token.empty(); }
};

// Telegram Bot API webhook: on when the webhook secret token and bot token are set.
struct TelegramConfig {
  std::string secret_token;  // given to setWebhook; comes back in a header
  std::string bot_token;
  std::string api_base = "https://api.telegram.org";
  bool enabled() const { return !secret_token.empty() && !bot_token.empty(); }
};

// WhatsApp Cloud API: on when the app secret, verify token and access token are set.
struct WhatsAppConfig {
  std::string app_secret;
  std::string verify_token;
  std::string access_token;
  std::string api_base = "https://graph.facebook.com";
  std::string api_version = "v21.0";
  bool enabled() const {
    return !app_secret.empty() && !verify_token.empty() && !access_token.empty();
  }
};

// Twilio Messaging (SMS): on when the auth token, account SID and public URL are set.
struct TwilioConfig {
  std::string auth_token;
  std::string account_sid;
  std::string public_url;  // the exact URL configured at Twilio (behind a proxy too)
  std::string api_base = "https://api.twilio.com";
  bool enabled() const {
    return !auth_token.empty() && !account_sid.empty() && !public_url.empty();
  }
};

// Discord interactions: on when the application's public key and id are set.
struct DiscordConfig {
  std::string public_key;  // hex, from the developer portal
  std::string application_id;
  std::string api_base = "https://discord.com/api/v10";
  bool defer = false;  // answer every command with a deferred response and a follow-up
  bool enabled() const { return !public_key.empty() && !application_id.empty(); }
};

// Calls to platform APIs and how the outbox retries them.
struct DeliveryConfig {
  std::string ca_file;  // PEM bundle to trust instead of the system's
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{15000};
  int max_attempts = 10;
  std::chrono::milliseconds first_retry{1000};
  std::chrono::milliseconds max_retry{600000};
};

// Limits shared by every channel.
struct ChannelLimits {
  int sender_messages = 20;  // per sender per window; 0 = no limit
  std::chrono::seconds sender_window{60};
  std::size_t max_body_bytes = std::size_t{256} * 1024;  // chat webhooks
};

// Email: the SMTP listener, replies through a relay, provider webhooks.
struct EmailConfig {
  std::string address;  // our mailbox: From of replies, always accepted as a recipient
  std::string display_name = "careerbot";
  std::vector<std::string> accept_domains;
  std::vector<std::string> accept_addresses;
  int replies_per_sender = 5;  // within sender_window; 0 = no limit
  std::chrono::seconds sender_window{3600};
  std::size_t max_webhook_body_bytes = std::size_t{25} * 1024 * 1024;
  // The SMTP listener (`serve --smtp-port`).
  std::string smtp_host = "127.0.0.1";
  int smtp_port = 2525;
  std::string smtp_hostname = "careerbot.localhost";
  std::size_t max_message_bytes = std::size_t{10} * 1024 * 1024;
  int max_recipients = 100;
  int max_sessions = 100;
  std::string tls_cert_file;
  std::string tls_key_file;
  bool require_tls = false;
  std::string auth_user;  // optional AUTH for submission-style use
  std::string auth_password;
  std::chrono::seconds command_timeout{300};
  std::chrono::seconds data_timeout{120};
  // The relay replies go through; replies wait in the outbox until it is set.
  std::string relay_host;
  int relay_port = 587;
  std::string relay_tls = "starttls";  // starttls, tls (implicit) or none
  std::string relay_ca_file;
  std::string relay_username;
  std::string relay_password;
  // Provider webhooks, each on when its secret is set.
  std::string mailgun_signing_key;
  std::chrono::seconds mailgun_window{300};
  std::string sendgrid_username = "sendgrid";
  std::string sendgrid_password;
  std::string postmark_username = "postmark";
  std::string postmark_password;
  bool enabled() const { return !address.empty(); }
};

// The web chat (widget and page) and the static pages.
// How long personal data is kept (docs/PRIVACY.md); a purge deletes what is
// older, every purge_interval.
struct PrivacyConfig {
  int messages_days = 30;    // inbound messages, replies, sent replies
  int handoff_days = 30;     // closed handoffs and their transcripts
  int unanswered_days = 90;  // unanswered questions (for the admins' review)
  std::chrono::minutes purge_interval{60};
};

struct WebConfig {
  // Origins ("https://www.example.edu") that may embed the chat and open its
  // socket, besides careerbot's own.
  std::vector<std::string> allowed_origins;
  std::string assets_dir;                // serve the pages from here instead of the built-in copy
  std::size_t max_message_bytes = 4096;  // a chat frame (question + JSON)
  int questions_per_minute = 30;         // per session; 0 = no limit
  int question_burst = 10;
  std::chrono::seconds idle_timeout{120};  // a silent socket is pinged, then closed
  int history_days = 30;                   // stored chat messages are deleted after this
};

// Where a conversation goes when the person asks for a human.
struct HandoffConfig {
  std::string email;          // the counselors' inbox (through the outbox and the relay)
  std::string slack_channel;  // a Slack channel id (needs channels.slack.bot_token)
  std::string counselor = "a careers adviser";
  std::string reply_within = "within one working day";
  std::chrono::hours timeout{72};  // careerbot answers again after this
  int after_fallbacks = 2;         // this many fallbacks in a row hand off too; 0 = never
  bool enabled() const { return !email.empty() || !slack_channel.empty(); }
};

// Where everything careerbot keeps lives: a SQLite file in the data
// directory, or a PostgreSQL database shared by several instances.
struct StoreConfig {
  std::string backend = "sqlite";  // sqlite, postgresql
  std::string postgresql_url;      // a secret (it may hold a password)
};

struct Config {
  HttpConfig http;
  LimitsConfig limits;
  PrivacyConfig privacy;
  std::string data_dir = "./var";
  StoreConfig store;
  std::string knowledge_dir;     // the curated profiles shipped with careerbot unless set
  std::string knowledge_bundle;  // the O*NET + BLS bundle seeded beside them ("" for none)
  std::string intent_model;      // the learned intent classifier ("" for none)
  ConversationConfig conversations;
  MatcherSettings matcher;
  std::size_t max_question_bytes = 4000;
  std::vector<AdminToken> admin_tokens;
  // Body limit of POST /admin/v1/import: an export of ~1,000 careers is ~15 MB.
  std::size_t admin_max_import_bytes = std::size_t{64} << 20;
  WebhookChannelConfig webhook;
  SlackConfig slack;
  TelegramConfig telegram;
  WhatsAppConfig whatsapp;
  TwilioConfig twilio;
  DiscordConfig discord;
  DeliveryConfig delivery;
  ChannelLimits channel_limits;
  EmailConfig email;
  WebConfig web;
  HandoffConfig handoff;
  std::string log_level = "info";
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where a configuration comes from; empty optionals leave values alone.
struct ConfigSources {
  std::string file;                     // --config
  std::optional<std::string> data_dir;  // --data-dir
  std::optional<int> port;              // --port
  std::optional<int> smtp_port;         // --smtp-port
};

// Built-in defaults < file < environment (`environ`) < flags. Throws ConfigError.
Config load_config(const ConfigSources& sources, char** environ_vars);

// The name of the environment variable for a key: "http.port" -> CAREERBOT_HTTP_PORT.
std::string env_name(const std::string& key);

}  // namespace careerbot
