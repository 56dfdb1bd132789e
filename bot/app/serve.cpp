// `careerbot serve`: the service wired together, from the configuration to
// the listeners, and taken down in order when it stops.
#include "command_setup.hpp"
#include "commands.hpp"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "abuse_limits.hpp"
#include "admin_auth.hpp"
#include "admin_handler.hpp"
#include "answerer.hpp"
#include "ask_handler.hpp"
#include "assessment_handler.hpp"
#include "chat_common.hpp"
#include "chat_inbox.hpp"
#include "discord_channel.hpp"
#include "email_channel.hpp"
#include "email_webhooks.hpp"
#include "handoff_admin.hpp"
#include "handoffs.hpp"
#include "http_server.hpp"
#include "https_client.hpp"
#include "inbound_journal.hpp"
#include "knowledge_service.hpp"
#include "log.hpp"
#include "ops_handler.hpp"
#include "outbox.hpp"
#include "privacy.hpp"
#include "router.hpp"
#include "sender_limit.hpp"
#include "shared_conversations.hpp"
#include "slack_channel.hpp"
#include "smtp_client.hpp"
#include "smtp_server.hpp"
#include "store_watch.hpp"
#include "telegram_channel.hpp"
#include "twilio_channel.hpp"
#include "web_chat.hpp"
#include "web_pages.hpp"
#include "webhook_channel.hpp"
#include "whatsapp_channel.hpp"

namespace careerbot {
namespace {

using nlohmann::json;
using setup::guarded;
using setup::Knowledge;
using setup::load;

SmtpServerConfig smtp_config(const EmailConfig& mail) {
  SmtpServerConfig c;
  c.host = mail.smtp_host;
  c.port = mail.smtp_port;
  c.hostname = mail.smtp_hostname;
  if (mail.enabled()) {
    c.accept_domains = mail.accept_domains;
    c.accept_addresses = mail.accept_addresses;
    c.accept_addresses.push_back(mail.address);
  }
  c.max_message_bytes = mail.max_message_bytes;
  c.max_recipients = static_cast<std::size_t>(mail.max_recipients);
  c.max_sessions = mail.max_sessions;
  c.tls_cert_file = mail.tls_cert_file;
  c.tls_key_file = mail.tls_key_file;
  c.require_tls = mail.require_tls;
  if (!mail.auth_user.empty()) c.auth_users.emplace_back(mail.auth_user, mail.auth_password);
  c.command_timeout = mail.command_timeout;
  c.data_timeout = mail.data_timeout;
  return c;
}

SmtpRelayConfig relay_config(const EmailConfig& mail) {
  SmtpRelayConfig c;
  c.host = mail.relay_host;
  c.port = mail.relay_port;
  c.tls = mail.relay_tls == "tls"    ? SmtpRelayConfig::Tls::implicit
          : mail.relay_tls == "none" ? SmtpRelayConfig::Tls::none
                                     : SmtpRelayConfig::Tls::starttls;
  c.ca_file = mail.relay_ca_file;
  c.username = mail.relay_username;
  c.password = mail.relay_password;
  c.helo_name = mail.smtp_hostname;
  return c;
}

DeliveryResult to_delivery(const SmtpSendResult& result) {
  std::string detail = "SMTP " + std::to_string(result.code) + ": " + result.detail;
  switch (result.outcome) {
    case SmtpSendResult::Outcome::sent:
      return DeliveryResult::sent();
    case SmtpSendResult::Outcome::retry:
      return DeliveryResult::retry(detail);
    case SmtpSendResult::Outcome::failed:
      return DeliveryResult::failed(detail);
  }
  return DeliveryResult::retry(detail);
}

void announce_channel(const char* name, bool on, const char* path, const char* needs) {
  log::write(log::Level::info, "channel",
             {{"channel", name},
              {"state", on ? std::string("on") : std::string("off: set ") + needs},
              {"path", path}});
}

// Received chat messages go to a journal beside the SQLite database first
// (acknowledged after one sync of a small file, then moved into the
// database); with PostgreSQL, straight into the database every instance
// shares. A journal another process holds: straight into the database too.
std::unique_ptr<InboundJournal> inbound_journal(const Config& config) {
  if (config.store.backend == "postgresql") return nullptr;
  try {
    // Room for many of the largest requests a chat webhook takes.
    return std::make_unique<InboundJournal>(
        std::filesystem::path(config.data_dir) / "inbound.journal",
        std::max(InboundJournal::kDefaultCapacity, 8 * config.channel_limits.max_body_bytes));
  } catch (const StoreError& e) {
    log::write(log::Level::warn, "inbound_journal_unavailable", {{"error", e.what()}});
    return nullptr;
  }
}

}  // namespace

int run_serve(const CommonOptions& common, std::optional<int> port, std::optional<int> smtp_port) {
  return guarded("serve", [&] {
    Config config = load(common, port, smtp_port);
    Knowledge knowledge(config);
    log::write(log::Level::info, "knowledge_loaded",
               {{"careers", knowledge.service->snapshot()->kb.size()},
                {"data_dir", config.data_dir},
                {"publish_ms",
                 static_cast<double>(knowledge.service->last_publish_time().count()) / 1000}});

    Metrics metrics;
    // Conversations live in this process, or in the database every instance
    // shares, where a follow-up may reach another instance.
    ConversationStore local_conversations(config.conversations.max_conversations,
                                          config.conversations.ttl);
    SharedConversations shared_conversations(*knowledge.store, instance_name(),
                                             config.conversations.ttl);
    ConversationMemory& conversations = config.store.backend == "postgresql"
                                            ? static_cast<ConversationMemory&>(shared_conversations)
                                            : static_cast<ConversationMemory&>(local_conversations);
    Assistant assistant(knowledge.service->snapshot(), config.matcher, conversations);
    knowledge.service->subscribe(assistant);
    AskHandler ask(assistant, *knowledge.service, metrics, config.max_question_bytes);
    OpsHandler ops(*knowledge.service, metrics);
    AbuseLimits limits(config.limits, metrics);
    AdminAuth auth(config.admin_tokens, &limits);
    AdminHandler admin(*knowledge.service, auth);

    Router router;
    router.add("POST", "/v1/ask", limits.questions([&ask](const WebRequest& r) { return ask(r); }));
    AssessmentHandler assessment(assistant);
    router.add("GET", "/v1/assessment",
               [&assessment](const WebRequest& r) { return assessment.items(r); });
    router.add("POST", "/v1/assessment", limits.questions([&assessment](const WebRequest& r) {
      return assessment.score(r);
    }));
    router.add("GET", "/healthz", [&ops](const WebRequest& r) { return ops.health(r); });
    router.add("GET", "/readyz", [&ops](const WebRequest& r) { return ops.ready(r); });
    router.add("GET", "/metrics", [&ops](const WebRequest& r) { return ops.metrics(r); });
    admin.add_routes(router);
    router.limit_body("/admin/v1/import", config.admin_max_import_bytes);
    // What waits on disk runs on the blocking threads: the webhooks (stored
    // durably before the 2xx), the admin API, the web chat's sessions.
    for (const char* prefix : {"/v1/channels/", "/admin/v1/", "/chat/v1/"})
      router.run_blocking(prefix);
    // Chat platforms' requests answer once stored, holding no thread meanwhile.
    for (const char* path : {SlackChannel::kPath, SlackChannel::kInteractionsPath,
                             TelegramChannel::kPath, TwilioChannel::kPath, WhatsAppChannel::kPath})
      router.run_on_loop(path);
    // Channels: each is on only when its secrets are set.
    WebhookChannel webhook(config.webhook, assistant, *knowledge.service, metrics,
                           config.max_question_bytes, unix_seconds_now);
    if (!config.webhook.secret.empty()) {
      router.add("POST", "/v1/channels/webhook",
                 [&webhook](const WebRequest& r) { return webhook(r); });
    }
    announce_channel("webhook", !config.webhook.secret.empty(), "/v1/channels/webhook",
                     "channels.webhook.secret");

    // A claimed entry is this instance's for twice an HTTPS attempt
    // (connect and request), 40 s by default, renewed while a send runs (an
    // SMTP relay may take longer); a dead instance's claims run out after it.
    const auto lease =
        std::max(2 * (config.delivery.connect_timeout + config.delivery.request_timeout),
                 std::chrono::milliseconds(5000));
    Outbox outbox(*knowledge.store,
                  {config.delivery.max_attempts, config.delivery.first_retry,
                   config.delivery.max_retry, 64, lease},
                  metrics);
    HttpsClient https({config.delivery.ca_file, config.delivery.connect_timeout,
                       config.delivery.request_timeout});
    SenderLimit sender_limit(config.channel_limits.sender_messages,
                             config.channel_limits.sender_window);
    Handoffs handoffs(config.handoff, *knowledge.store, outbox, metrics);
    HandoffAdmin handoff_admin(handoffs, auth);
    handoff_admin.add_routes(router);
    Privacy privacy(*knowledge.store, config.privacy, metrics);
    privacy.add_routes(router, auth);
    privacy.start();
    ChatInbox inbox(assistant, *knowledge.service, outbox, metrics, sender_limit, handoffs,
                    config.max_question_bytes, inbound_journal(config));
    SlackChannel slack(config.slack, inbox, https, metrics);
    TelegramChannel telegram(config.telegram, inbox, https, metrics);
    WhatsAppChannel whatsapp(config.whatsapp, inbox, https, metrics);
    TwilioChannel twilio(config.twilio, inbox, https, metrics);
    DiscordChannel discord(config.discord, inbox, https, metrics);
    auto chat = [&](const char* name, auto& channel, bool on, const char* path, const char* needs) {
      if (on) {
        channel.add_routes(router);
        router.limit_body(path, config.channel_limits.max_body_bytes);
        outbox.add_courier(name, channel, channel.pace());
      }
      announce_channel(name, on, path, needs);
    };
    chat("slack", slack, config.slack.enabled(), SlackChannel::kPath,
         "channels.slack.signing_secret and channels.slack.bot_token");
    router.limit_body(SlackChannel::kInteractionsPath, config.channel_limits.max_body_bytes);
    chat("telegram", telegram, config.telegram.enabled(), TelegramChannel::kPath,
         "channels.telegram.secret_token and channels.telegram.bot_token");
    chat("whatsapp", whatsapp, config.whatsapp.enabled(), WhatsAppChannel::kPath,
         "channels.whatsapp.app_secret, verify_token and access_token");
    chat("twilio", twilio, config.twilio.enabled(), TwilioChannel::kPath,
         "channels.twilio.auth_token, account_sid and public_url");
    chat("discord", discord, config.discord.enabled(), DiscordChannel::kPath,
         "channels.discord.public_key and application_id");

    // Email: the SMTP listener, provider webhooks, replies through the relay.
    const EmailConfig& mail = config.email;
    SenderLimit replies_per_sender(mail.replies_per_sender, mail.sender_window);
    EmailChannel email_channel({mail.address, mail.display_name, ""}, {mail.address}, assistant,
                               *knowledge.service, outbox, metrics, replies_per_sender,
                               config.max_question_bytes);
    email_channel.join_handoffs(handoffs);
    // Chat messages and mail are stored, acknowledged, then answered from the
    // outbox (declared after both: its thread stops first).
    Answerer answerer(*knowledge.store, outbox);
    answerer.serve(kAnswerChannel, inbox);
    answerer.serve(EmailChannel::kAnswerChannel, email_channel);
    std::unique_ptr<SmtpClient> relay;
    if (!mail.relay_host.empty()) {
      relay = std::make_unique<SmtpClient>(relay_config(mail));
      email_channel.set_sender([&relay](std::string from, std::string to, std::string data,
                                        DeliveryHandler done) {
        relay->send(
            std::move(from), {std::move(to)}, std::move(data),
            [done = std::move(done)](const SmtpSendResult& result) { done(to_delivery(result)); });
      });
      outbox.add_courier(EmailChannel::kChannel, email_channel, Pace{});
    }
    EmailWebhookConfig webhook_config{mail.mailgun_signing_key, mail.mailgun_window,
                                      mail.sendgrid_username,   mail.sendgrid_password,
                                      mail.postmark_username,   mail.postmark_password};
    EmailWebhooks email_webhooks(webhook_config, email_channel, metrics);
    if (mail.enabled()) {
      for (const auto& provider : email_webhooks.add_routes(router)) {
        log::write(
            log::Level::info, "email_webhook",
            {{"provider", provider}, {"path", std::string(EmailWebhooks::kPathPrefix) + provider}});
      }
      router.limit_body(EmailWebhooks::kPathPrefix, mail.max_webhook_body_bytes);
    }
    log::write(
        log::Level::info, "channel",
        {{"channel", "email"},
         {"state", !mail.enabled()           ? "off: set email.address"
                   : mail.relay_host.empty() ? "receiving; replies wait: set email.relay.host"
                                             : "on"},
         {"path", "smtp"}});
    SmtpServer smtp(
        smtp_config(mail),
        [&email_channel, &mail](const ReceivedMail& m) {
          return mail.enabled() ? email_channel.receive(m) : StoreResult::rejected;
        },
        metrics);
    unsigned short smtp_bound = smtp.listen();
    log::write(log::Level::info, "smtp_listening",
               {{"host", mail.smtp_host}, {"port", smtp_bound}});
    outbox.start();
    smtp.start();
    // The web face: the chat (widget, page, socket) and the admin console.
    WebChat web_chat(assistant, *knowledge.service, handoffs, metrics, limits, config.web,
                     config.max_question_bytes);
    web_chat.add_routes(router);
    ask.join_web_chat(web_chat);
    WebPages pages(config.web);
    pages.add_routes(router);
    // Several instances on one PostgreSQL database hear of each other's
    // changes, queued replies and web chat messages.
    std::optional<StoreWatch> store_watch;
    if (config.store.backend == "postgresql") {
      store_watch.emplace(config.store.postgresql_url, *knowledge.service, outbox);
      store_watch->on_web_messages(
          [&web_chat](const std::set<std::string>& sessions, bool every_session) {
            web_chat.catch_up(sessions, every_session);
          });
      store_watch->start();
    }
    log::write(log::Level::info, "web",
               {{"chat", "/chat"},
                {"widget", "/chat/widget.js"},
                {"console", "/admin/"},
                {"allowed_origins", config.web.allowed_origins},
                {"handoff", config.handoff.enabled() ? "on"
                                                     : "off: set handoff.email or "
                                                       "handoff.slack_channel"}});

    log::write(log::Level::info, "admin_api",
               {{"tokens", config.admin_tokens.size()},
                {"state", auth.configured() ? "on" : "off: no admin.tokens configured"}});

    HttpServer server(config.http, router, metrics);
    unsigned short bound = server.listen();
    log::write(log::Level::info, "http_listening",
               {{"host", config.http.host}, {"port", bound}, {"threads", config.http.threads}});
    server.run();
    smtp.stop();
    if (store_watch) store_watch->stop();
    outbox.stop(std::chrono::seconds(5));
    knowledge.service->flush_unanswered();
    log::write(log::Level::info, "stopped");
    return 0;
  });
}

}  // namespace careerbot
