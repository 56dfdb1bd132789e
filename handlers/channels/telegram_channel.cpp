#include "telegram_channel.hpp"

#include "log.hpp"
#include "signatures.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

constexpr const char* kChannel = "telegram";
constexpr std::size_t kMaxMessage = 4096;
constexpr std::size_t kShortLabel = 12;  // labels this short share one keyboard row

std::string id_text(const json& value) {
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_string()) return value.get<std::string>();
  return {};
}

// doc[key] when it is an object, else an empty object.
const json& member(const json& doc, const char* key) {
  static const json kEmpty = json::object();
  auto it = doc.find(key);
  return it != doc.end() && it->is_object() ? *it : kEmpty;
}

std::string str(const json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

WebResponse ok() {
  return json_response(200, json::object());
}

ChatStyle style() {
  return {ChatMarkup::telegram_html, kMaxMessage, true, 0};
}

// Short labels (the quiz's choices) side by side, longer ones a row each.
json keyboard(const std::vector<ChatButton>& buttons) {
  bool short_labels = true;
  for (const auto& b : buttons) short_labels = short_labels && code_points(b.label) <= kShortLabel;
  json rows = json::array();
  for (const auto& b : buttons) {
    json button = {{"text", b.label}, {"callback_data", b.data}};
    if (short_labels && !rows.empty()) {
      rows.back().push_back(button);
    } else {
      rows.push_back(json::array({button}));
    }
  }
  return rows;
}

DeliveryResult classify(const OutboundResponse& response) {
  DeliveryResult result = classify_http(response);
  if (response.status == 429) {
    // Telegram says how long to wait in the body, not always in a header.
    auto answer = json::parse(response.body, nullptr, false);
    if (answer.is_object() && answer.contains("parameters") && answer["parameters"].is_object() &&
        answer["parameters"].value("retry_after", -1) >= 0) {
      result.retry_after_ms = answer["parameters"].value("retry_after", 0LL) * 1000;
    }
  }
  return result;
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
  if (doc.contains("callback_query") && doc["callback_query"].is_object()) return callback(doc);
  // Only new messages are questions; edits, channel posts and the rest are
  // acknowledged so that Telegram does not send them again.
  if (!doc.contains("message") || !doc["message"].is_object()) return ok();
  return message(doc);
}

WebResponse TelegramChannel::message(const json& update) {
  const json& message = update["message"];
  const json& from = member(message, "from");
  const json& chat = member(message, "chat");
  std::string chat_id = id_text(chat.value("id", json()));
  if (chat_id.empty() || (from.contains("is_bot") && from["is_bot"] == true) ||
      !message.contains("text") || !message["text"].is_string()) {
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
  chat_message.message_id = std::to_string(update["update_id"].get<long long>());
  chat_message.sender = id_text(from.value("id", json()));
  chat_message.conversation = "telegram:" + chat_id;
  chat_message.text = std::move(text);
  chat_message.reply_to = {{"chat_id", chat.at("id")}};
  if (message.contains("message_id")) chat_message.reply_to["reply_to"] = message["message_id"];
  chat_message.rate_key = "telegram:" + chat_id;
  return inbox_.receive_later({std::move(chat_message)}, style(), ok(), kPath);
}

// A tap on an inline keyboard button: the button's answer typed into the chat
// of the message that carried it.
WebResponse TelegramChannel::callback(const json& update) {
  const json& query = update["callback_query"];
  const json& chat = member(member(query, "message"), "chat");
  std::string query_id = str(query, "id");
  std::string chat_id = id_text(chat.value("id", json()));
  if (query_id.empty() || chat_id.empty()) {
    // Only our own messages carry buttons, so this is not a tap on one of them.
    metrics_.add("careerbot_channel_skipped_total",
                 {{"channel", kChannel}, {"reason", "callback_without_chat"}});
    log::write(log::Level::warn, "telegram_callback_skipped",
               {{"update_id", update["update_id"].get<long long>()},
                {"reason", query_id.empty() ? "no id" : "no chat"}});
    return ok();
  }
  ChatMessage chat_message;
  chat_message.channel = kChannel;
  chat_message.message_id = std::to_string(update["update_id"].get<long long>());
  chat_message.sender = id_text(member(query, "from").value("id", json()));
  chat_message.conversation = "telegram:" + chat_id;
  chat_message.text = button_answer(str(query, "data"));
  chat_message.reply_to = {{"chat_id", chat.at("id")}};
  chat_message.rate_key = "telegram:" + chat_id;
  chat_message.acknowledge = {{"callback_query_id", query_id}};
  return inbox_.receive_later({std::move(chat_message)}, style(), ok(), kPath);
}

json TelegramChannel::send_message_body(const ChatPayload& payload) {
  json body = {{"chat_id", payload.to.value("chat_id", json())},
               {"text", payload.text},
               {"parse_mode", "HTML"},
               {"link_preview_options", {{"is_disabled", true}}}};
  if (payload.to.contains("reply_to")) {
    body["reply_parameters"] = {{"message_id", payload.to["reply_to"]},
                                {"allow_sending_without_reply", true}};
  }
  if (!payload.buttons.empty()) {
    body["reply_markup"] = {{"inline_keyboard", keyboard(payload.buttons)}};
  }
  return body;
}

void TelegramChannel::deliver(const OutboxEntry& entry, DeliveryHandler done) {
  auto payload = parse_chat_payload(entry.payload);
  if (!payload) return done(DeliveryResult::failed("unreadable outbox payload"));
  const bool ack = !payload->ack.is_null();
  OutboundRequest request;
  // The token is part of the path: this URL is never logged.
  request.url = config_.api_base + "/bot" + config_.bot_token +
                (ack ? "/answerCallbackQuery" : "/sendMessage");
  request.headers = {{"Content-Type", "application/json"}};
  request.body = ack ? payload->ack.dump() : send_message_body(*payload).dump();
  send_request(transport_, std::move(request), classify, std::move(done));
}

}  // namespace careerbot
