#include "telegram_channel.hpp"

#include "signatures.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

constexpr const char* kChannel = "telegram";
constexpr std::size_t kMaxMessage = 4096;

std::string id_text(const json& value) {
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_string()) return value.get<std::string>();
  return {};
}

WebResponse ok() {
  return json_response(200, json::object());
}

}  // namespace

TelegramChannel::TelegramChannel(const TelegramConfig& config, ChatInbox& inbox,
                                 HttpTransport& transport, Metrics& metrics)
    : config_(config), inbox_(inbox), transport_(transport), metrics_(metrics) {}

void TelegramChannel::add_routes(Router& router) {
  router.add("POST", kPath, [this](const WebRequest& r) { return update(r); });
}

WebResponse TelegramChannel::update(const WebRequest& request) {
  auto verdict = signatures::verify_telegram(config_.secret_token,
                                             request.header("x-telegram-bot-api-secret-token"));
  if (verdict != signatures::Verdict::ok) {
    return reject_request(metrics_, kChannel, signatures::to_string(verdict), request);
  }
  auto doc = json::parse(request.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("update_id") ||
      !doc["update_id"].is_number_integer()) {
    return problem_response(400, "Invalid update",
                            "A Telegram update is a JSON object with update_id.");
  }
  // Only new messages are questions; edits, channel posts and the rest are
  // acknowledged so that Telegram does not send them again.
  if (!doc.contains("message") || !doc["message"].is_object()) return ok();
  const json& message = doc["message"];
  const json from = message.value("from", json::object());
  const json chat = message.value("chat", json::object());
  std::string chat_id = id_text(chat.value("id", json()));
  if (chat_id.empty() || from.value("is_bot", false) || !message.contains("text") ||
      !message["text"].is_string()) {
    metrics_.add("careerbot_channel_skipped_total",
                 {{"channel", kChannel}, {"reason", "not_a_question"}});
    return ok();
  }
  std::string text = message["text"].get<std::string>();
  if (text.starts_with("/start") || text.starts_with("/help")) {
    text = text.starts_with("/start") ? "hello" : "help";
  }
  ChatMessage chat_message;
  chat_message.channel = kChannel;
  chat_message.message_id = std::to_string(doc["update_id"].get<long long>());
  chat_message.sender = id_text(from.value("id", json()));
  chat_message.conversation = "telegram:" + chat_id;
  chat_message.text = std::move(text);
  chat_message.reply_to = {{"chat_id", chat.at("id")}};
  if (message.contains("message_id")) chat_message.reply_to["reply_to"] = message["message_id"];
  chat_message.rate_key = "telegram:" + chat_id;
  inbox_.take(chat_message, {ChatMarkup::telegram_html, kMaxMessage});
  return ok();
}

void TelegramChannel::deliver(const OutboxEntry& entry, DeliveryHandler done) {
  auto payload = parse_chat_payload(entry.payload);
  if (!payload) return done(DeliveryResult::failed("unreadable outbox payload"));
  json body = {{"chat_id", payload->to.value("chat_id", json())},
               {"text", payload->text},
               {"parse_mode", "HTML"},
               {"link_preview_options", {{"is_disabled", true}}}};
  if (payload->to.contains("reply_to")) {
    body["reply_parameters"] = {{"message_id", payload->to["reply_to"]},
                                {"allow_sending_without_reply", true}};
  }
  OutboundRequest request;
  // The token is part of the path: this URL is never logged.
  request.url = config_.api_base + "/bot" + config_.bot_token + "/sendMessage";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = body.dump();
  send_request(
      transport_, std::move(request),
      [](const OutboundResponse& response) {
        DeliveryResult result = classify_http(response);
        if (response.status == 429) {
          // Telegram says how long to wait in the body, not always in a header.
          auto answer = json::parse(response.body, nullptr, false);
          if (answer.is_object() && answer.contains("parameters") &&
              answer["parameters"].is_object() &&
              answer["parameters"].value("retry_after", -1) >= 0) {
            result.retry_after_ms = answer["parameters"].value("retry_after", 0LL) * 1000;
          }
        }
        return result;
      },
      std::move(done));
}

}  // namespace careerbot
