#include "discord_channel.hpp"

#include "sender_limit.hpp"
#include "signatures.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

constexpr const char* kChannel = "discord";
constexpr std::size_t kMaxContent = 2000;
constexpr int kPing = 1;
constexpr int kCommand = 2;
constexpr int kComponent = 3;
constexpr int kPong = 1;
constexpr int kMessage = 4;
constexpr int kDeferred = 5;
constexpr int kEphemeral = 64;
constexpr int kActionRow = 1;
constexpr int kButton = 2;
constexpr int kPrimary = 1;
constexpr std::size_t kMaxLabel = 80;

std::string str(const json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The command's text: the option named "question", else the first string option.
std::string question_of(const json& data) {
  std::string first;
  for (const auto& option : data.value("options", json::array())) {
    if (!option.is_object() || !option.contains("value") || !option["value"].is_string()) continue;
    if (str(option, "name") == "question") return option["value"].get<std::string>();
    if (first.empty()) first = option["value"].get<std::string>();
  }
  return first;
}

json content(const std::string& text) {
  return DiscordChannel::message_data(text, {});
}

}  // namespace

json DiscordChannel::message_data(const std::string& text, const std::vector<ChatButton>& buttons) {
  json data = {{"content", text}, {"allowed_mentions", {{"parse", json::array()}}}};
  if (buttons.empty()) return data;
  json row = json::array();
  for (const auto& b : buttons) {
    row.push_back({{"type", kButton},
                   {"style", kPrimary},
                   {"label", clip(b.label, kMaxLabel)},
                   {"custom_id", b.data}});
  }
  data["components"] = json::array({{{"type", kActionRow}, {"components", row}}});
  return data;
}

DiscordChannel::DiscordChannel(const DiscordConfig& config, ChatInbox& inbox,
                               HttpTransport& transport, Metrics& metrics)
    : config_(config), inbox_(inbox), transport_(transport), metrics_(metrics) {}

void DiscordChannel::add_routes(Router& router) {
  router.add("POST", kPath, [this](const WebRequest& r) { return interaction(r); });
}

WebResponse DiscordChannel::interaction(const WebRequest& request) {
  std::string_view timestamp = request.header("x-signature-timestamp");
  auto verdict = timestamp.empty() ? signatures::Verdict::missing
                                   : signatures::verify_discord(
                                         config_.public_key, timestamp,
                                         request.header("x-signature-ed25519"), request.body);
  if (verdict != signatures::Verdict::ok) {
    return reject_request(metrics_, kChannel, signatures::to_string(verdict), request);
  }
  auto doc = json::parse(request.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("type") ||
      !doc["type"].is_number_integer()) {
    return problem_response(400, "Invalid interaction",
                            "An interaction is a JSON object with a type.");
  }
  int type = doc["type"].get<int>();
  if (type == kPing) return json_response(200, {{"type", kPong}});
  std::string id = str(doc, "id");
  std::string token = str(doc, "token");
  // Anything but an object is no data: value() and find() would throw on it.
  const json data = doc.contains("data") && doc["data"].is_object() ? doc["data"] : json::object();
  // A button click asks what the button says, like the command would.
  std::string question = type == kCommand     ? question_of(data)
                         : type == kComponent ? button_answer(str(data, "custom_id"))
                                              : std::string();
  if (id.empty() || token.empty() || question.empty()) {
    metrics_.add("careerbot_channel_skipped_total",
                 {{"channel", kChannel}, {"reason", "not_a_question"}});
    std::string command = str(data, "name").empty() ? "career" : str(data, "name");
    json reply = content("Ask me with /" + command +
                         " followed by your question, e.g. \"what do nurses earn?\"");
    reply["flags"] = kEphemeral;
    return json_response(200, {{"type", kMessage}, {"data", reply}});
  }
  // A member in a server, a user in a direct message.
  json user = doc.contains("member") && doc["member"].is_object()
                  ? doc["member"].value("user", json::object())
                  : doc.value("user", json::object());
  std::string user_id = str(user, "id");
  std::string place = str(doc, "channel_id");

  ChatMessage message;
  message.channel = kChannel;
  message.message_id = id;
  message.sender = user_id;
  message.conversation = "discord:" + place + ":" + user_id;
  message.text = std::move(question);
  message.reply_to = {{"token", token}};
  message.rate_key = "discord:" + id;  // follow-ups of one interaction, in order
  bool defer = config_.defer;
  auto answer_inline = [defer](std::vector<std::string>& pieces,
                               const std::vector<ChatButton>& buttons) {
    if (defer && !pieces.empty()) return json{{"type", kDeferred}}.dump();
    if (pieces.empty()) {
      json reply = content(kSlowDownNotice);
      reply["flags"] = kEphemeral;
      return json{{"type", kMessage}, {"data", reply}}.dump();
    }
    // The buttons go under the last piece: this one, when it is the only one.
    json reply =
        message_data(pieces.front(), pieces.size() == 1 ? buttons : std::vector<ChatButton>{});
    pieces.erase(pieces.begin());
    return json{{"type", kMessage}, {"data", reply}}.dump();
  };
  auto result =
      inbox_.take(message, {ChatMarkup::discord_markdown, kMaxContent, true, 0}, answer_inline);
  WebResponse response;
  response.body = result.inline_reply.value_or(json{{"type", kDeferred}}.dump());
  return response;
}

void DiscordChannel::deliver(const OutboxEntry& entry, DeliveryHandler done) {
  auto payload = parse_chat_payload(entry.payload);
  if (!payload) return done(DeliveryResult::failed("unreadable outbox payload"));
  OutboundRequest request;
  // The interaction token in the path is valid for 15 minutes; never logged.
  request.url = config_.api_base + "/webhooks/" + config_.application_id + "/" +
                payload->to.value("token", "");
  request.headers = {{"Content-Type", "application/json"}};
  request.body = message_data(payload->text, payload->buttons).dump();
  send_request(transport_, std::move(request), classify_http, std::move(done));
}

}  // namespace careerbot
