#include "whatsapp_channel.hpp"

#include "crypto.hpp"
#include "signatures.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

constexpr const char* kChannel = "whatsapp";
constexpr std::size_t kMaxBody = 4096;
constexpr std::size_t kMaxInteractiveBody = 1024;
constexpr std::size_t kMaxButtonTitle = 20;
constexpr std::size_t kMaxButtonId = 256;

std::string str(const json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json& list(const json& doc, const char* key) {
  static const json kEmpty = json::array();
  auto it = doc.find(key);
  return it != doc.end() && it->is_array() ? *it : kEmpty;
}

// doc[key] when it is an object, else an empty object.
const json& member(const json& doc, const char* key) {
  static const json kEmpty = json::object();
  auto it = doc.find(key);
  return it != doc.end() && it->is_object() ? *it : kEmpty;
}

// What the person said: a text's body, or the answer of a reply button they
// tapped (its id, "quiz:like"; its title if the id is missing).
std::string said(const json& message) {
  std::string type = str(message, "type");
  if (type == "text") return str(member(message, "text"), "body");
  if (type != "interactive") return {};
  const json& reply = member(member(message, "interactive"), "button_reply");
  std::string id = str(reply, "id");
  return id.empty() ? str(reply, "title") : button_answer(id);
}

}  // namespace

WhatsAppChannel::WhatsAppChannel(const WhatsAppConfig& config, ChatInbox& inbox,
                                 HttpTransport& transport, Metrics& metrics)
    : config_(config), inbox_(inbox), transport_(transport), metrics_(metrics) {}

void WhatsAppChannel::add_routes(Router& router) {
  router.add("GET", kPath, [this](const WebRequest& r) { return verify_subscription(r); });
  router.add("POST", kPath, [this](const WebRequest& r) { return notification(r); });
}

WebResponse WhatsAppChannel::verify_subscription(const WebRequest& request) {
  auto mode = request.query_param("hub.mode");
  auto token = request.query_param("hub.verify_token");
  auto challenge = request.query_param("hub.challenge");
  if (mode != "subscribe" || !token || !challenge ||
      !crypto::equal_constant_time(*token, config_.verify_token)) {
    return reject_request(metrics_, kChannel, "a wrong verify token", request);
  }
  WebResponse response;
  response.content_type = "text/plain";
  response.body = *challenge;
  return response;
}

WebResponse WhatsAppChannel::notification(const WebRequest& request) {
  auto verdict = signatures::verify_whatsapp(config_.app_secret,
                                             request.header("x-hub-signature-256"), request.body);
  if (verdict != signatures::Verdict::ok) {
    return reject_request(metrics_, kChannel, signatures::to_string(verdict), request);
  }
  auto doc = json::parse(request.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return problem_response(400, "Malformed JSON", "WhatsApp notifications are JSON objects.");
  }
  std::vector<ChatMessage> messages;  // stored together, before the 200
  for (const auto& entry : list(doc, "entry")) {
    for (const auto& change : list(entry, "changes")) {
      if (!change.is_object() || !change.contains("value") || !change["value"].is_object())
        continue;
      const json& value = change["value"];
      std::string phone_number_id = value.contains("metadata") && value["metadata"].is_object()
                                        ? str(value["metadata"], "phone_number_id")
                                        : std::string();
      // `statuses` (sent, delivered, read receipts) are not questions.
      for (const auto& item : list(value, "messages")) {
        if (!item.is_object()) continue;
        std::string id = str(item, "id");
        std::string from = str(item, "from");
        std::string text = said(item);
        if (text.empty() || id.empty() || from.empty() || phone_number_id.empty()) {
          metrics_.add("careerbot_channel_skipped_total",
                       {{"channel", kChannel}, {"reason", "not_a_question"}});
          continue;
        }
        ChatMessage message;
        message.channel = kChannel;
        message.message_id = id;
        message.sender = from;
        message.conversation = "whatsapp:" + phone_number_id + ":" + from;
        message.text = std::move(text);
        message.reply_to = {{"phone_number_id", phone_number_id}, {"to", from}, {"context", id}};
        message.rate_key = "whatsapp:" + from;
        messages.push_back(std::move(message));
      }
    }
  }
  return inbox_.receive_later(
      messages, {ChatMarkup::plain, kMaxBody, true, kMaxInteractiveBody, kMaxButtonTitle},
      json_response(200, json::object()), kPath);
}

json WhatsAppChannel::message_body(const ChatPayload& payload) {
  const json& to = payload.to;
  json body = {{"messaging_product", "whatsapp"},
               {"recipient_type", "individual"},
               {"to", to.value("to", "")}};
  if (to.contains("context")) body["context"] = {{"message_id", to["context"]}};
  // Reply buttons: at most three, titles of at most 20 characters (the inbox
  // leaves out longer ones, such as "Tell me about ...").
  json buttons = json::array();
  for (const auto& b : payload.buttons) {
    if (code_points(b.label) > kMaxButtonTitle || b.data.size() > kMaxButtonId) continue;
    buttons.push_back({{"type", "reply"}, {"reply", {{"id", b.data}, {"title", b.label}}}});
  }
  if (buttons.empty()) {
    body["type"] = "text";
    body["text"] = {{"preview_url", false}, {"body", payload.text}};
  } else {
    body["type"] = "interactive";
    body["interactive"] = {
        {"type", "button"}, {"body", {{"text", payload.text}}}, {"action", {{"buttons", buttons}}}};
  }
  return body;
}

void WhatsAppChannel::deliver(const OutboxEntry& entry, DeliveryHandler done) {
  auto payload = parse_chat_payload(entry.payload);
  if (!payload) return done(DeliveryResult::failed("unreadable outbox payload"));
  const json& to = payload->to;
  json body = message_body(*payload);
  OutboundRequest request;
  request.url = config_.api_base + "/" + config_.api_version + "/" +
                to.value("phone_number_id", "") + "/messages";
  request.headers = {{"Authorization", "Bearer " + config_.access_token},
                     {"Content-Type", "application/json"}};
  request.body = body.dump();
  send_request(transport_, std::move(request), classify_http, std::move(done));
}

}  // namespace careerbot
