#include "slack_channel.hpp"

#include <utility>

#include "json_members.hpp"
#include "log.hpp"
#include "signatures.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

constexpr const char* kChannel = "slack";
constexpr std::size_t kMaxMessage = 3900;
constexpr std::size_t kMaxSection = 3000;  // a section block's text
constexpr std::size_t kMaxButtonText = 75;

std::string str(const json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// doc[key] when it is an object, else an empty object.
const json& member(const json& doc, const char* key) {
  static const json kEmpty = json::object();
  auto it = doc.find(key);
  return it != doc.end() && it->is_object() ? *it : kEmpty;
}

// The first of the strings that is not empty.
std::string either(std::string first, std::string second) {
  return first.empty() ? std::move(second) : std::move(first);
}

ChatStyle style() {
  return {ChatMarkup::slack_mrkdwn, kMaxMessage, true, kMaxSection};
}

// The first button click among a block_actions payload's actions.
const json& clicked_button(const json& payload) {
  static const json kNone = json::object();
  auto it = payload.find("actions");
  if (it == payload.end() || !it->is_array()) return kNone;
  for (const auto& action : *it) {
    if (action.is_object() && str(action, "type") == "button") return action;
  }
  return kNone;
}

// "<@U123> how much do nurses make" -> "how much do nurses make" (one pass).
std::string without_mentions(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "<@") == 0) {
      auto end = text.find('>', i);
      if (end != std::string_view::npos) {
        i = end + 1;
        continue;
      }
    }
    out += text[i++];
  }
  auto first = out.find_first_not_of(" \t\n");
  return first == std::string::npos ? std::string() : out.substr(first);
}

WebResponse ok() {
  WebResponse response;
  response.content_type = "text/plain";
  return response;
}

}  // namespace

SlackChannel::SlackChannel(const SlackConfig& config, ChatInbox& inbox, HttpTransport& transport,
                           Metrics& metrics, UnixClock now)
    : config_(config),
      inbox_(inbox),
      transport_(transport),
      metrics_(metrics),
      now_(std::move(now)) {}

void SlackChannel::add_routes(Router& router) {
  router.add("POST", kPath, [this](const WebRequest& r) { return events(r); });
  router.add("POST", kInteractionsPath, [this](const WebRequest& r) { return interactions(r); });
}

std::optional<WebResponse> SlackChannel::reject_unsigned(const WebRequest& request) {
  auto verdict = signatures::verify_slack(
      config_.signing_secret, request.header("x-slack-request-timestamp"),
      request.header("x-slack-signature"), request.body, now_(), config_.replay_window.count());
  if (verdict == signatures::Verdict::ok) return std::nullopt;
  return reject_request(metrics_, kChannel, signatures::to_string(verdict), request);
}

// Every event comes through here, before its 2xx: the envelope and the
// event are read without building a tree (JsonMembers), the event in turn
// from the envelope's text.
WebResponse SlackChannel::events(const WebRequest& request) {
  if (auto rejection = reject_unsigned(request)) return *rejection;
  thread_local JsonMembers envelope;
  thread_local JsonMembers event;
  if (envelope.read(request.body) != JsonMembers::Read::object) {
    return problem_response(400, "Malformed JSON", "Slack events are JSON objects.");
  }
  const auto text_of = [](const JsonMembers& members, std::string_view name) {
    auto member = members.find(name);
    return member && member->kind == JsonMembers::Kind::string ? member->text : std::string_view();
  };
  const std::string_view type = text_of(envelope, "type");
  if (type == "url_verification") {
    return json_response(200, {{"challenge", std::string(text_of(envelope, "challenge"))}});
  }
  auto inner = envelope.find("event");
  if (type != "event_callback" || !inner || inner->kind != JsonMembers::Kind::object ||
      event.read(inner->text) != JsonMembers::Read::object) {
    return ok();  // other envelope types need no answer
  }
  const std::string_view event_type = text_of(event, "type");
  const std::string_view user = text_of(event, "user");
  // Bots, our own posts included, are never answered: that is how loops start.
  // Edits, joins and other subtypes are not questions.
  if ((event_type != "message" && event_type != "app_mention") || event.find("bot_id") ||
      event.find("subtype") || user.empty()) {
    metrics_.add("careerbot_channel_skipped_total",
                 {{"channel", kChannel}, {"reason", "not_a_question"}});
    return ok();
  }
  const std::string_view event_id = text_of(envelope, "event_id");
  const std::string_view channel = text_of(event, "channel");
  std::string text = without_mentions(text_of(event, "text"));
  if (event_id.empty() || channel.empty()) {
    return problem_response(400, "Invalid event", "event_id and event.channel are required.");
  }
  if (text.empty()) return ok();
  std::string_view thread = text_of(event, "thread_ts");
  if (thread.empty() && text_of(event, "channel_type") != "im") thread = text_of(event, "ts");
  const std::string_view team = text_of(envelope, "team_id");

  ChatMessage message;
  message.channel = kChannel;
  message.message_id = event_id;
  message.sender.append(team).append(":").append(user);
  message.conversation.append("slack:").append(team).append(":").append(channel).append(":").append(
      thread.empty() ? user : thread);
  message.text = std::move(text);
  message.reply_to = {{"channel", channel}};
  if (!thread.empty()) message.reply_to["thread_ts"] = thread;
  message.rate_key.append("slack:").append(channel);
  if (auto retry = request.header("x-slack-retry-num"); !retry.empty()) {
    log::write(log::Level::info, "slack_retry",
               {{"event_id", std::string(event_id)},
                {"retry", retry},
                {"reason", request.header("x-slack-retry-reason")}});
  }
  return inbox_.receive_later({std::move(message)}, style(), ok(), kPath);
}

// A click on one of our buttons (a block_actions payload, form-encoded as
// payload=<JSON>): its value typed into the thread of the message that
// carried it. The click's user and action_ts deduplicate it.
WebResponse SlackChannel::interactions(const WebRequest& request) {
  if (auto rejection = reject_unsigned(request)) return *rejection;
  std::string raw;
  for (const auto& [name, value] : signatures::parse_form(request.body)) {
    if (name == "payload") raw = value;
  }
  auto doc = json::parse(raw, nullptr, false);
  if (raw.empty() || doc.is_discarded() || !doc.is_object()) {
    return problem_response(400, "Invalid interaction",
                            "Slack interactions are a form with a payload field holding a JSON "
                            "object.");
  }
  if (str(doc, "type") != "block_actions") return ok();  // shortcuts, views: not ours
  const json& action = clicked_button(doc);
  const json& user = member(doc, "user");
  const json& container = member(doc, "container");
  std::string user_id = str(user, "id");
  std::string team = either(str(member(doc, "team"), "id"), str(user, "team_id"));
  std::string channel = either(str(member(doc, "channel"), "id"), str(container, "channel_id"));
  std::string action_ts = str(action, "action_ts");
  if (user_id.empty() || channel.empty() || action_ts.empty()) {
    return problem_response(400, "Invalid interaction",
                            "block_actions need user.id, channel.id and a button action with "
                            "action_ts.");
  }
  std::string text = either(str(action, "value"), button_answer(str(action, "action_id")));
  if (text.empty()) {
    metrics_.add("careerbot_channel_skipped_total",
                 {{"channel", kChannel}, {"reason", "not_a_question"}});
    return ok();
  }
  // The thread as events see it: our replies carry thread_ts except in a DM.
  std::string thread =
      either(str(member(doc, "message"), "thread_ts"), str(container, "thread_ts"));

  ChatMessage message;
  message.channel = kChannel;
  message.message_id = "action:" + team + ":" + user_id + ":" + action_ts;
  message.sender = team + ":" + user_id;
  message.conversation =
      "slack:" + team + ":" + channel + ":" + (thread.empty() ? user_id : thread);
  message.text = std::move(text);
  message.reply_to = {{"channel", channel}};
  if (!thread.empty()) message.reply_to["thread_ts"] = thread;
  message.rate_key = "slack:" + channel;
  return inbox_.receive_later({std::move(message)}, style(), ok(), kInteractionsPath);
}

json SlackChannel::post_message_body(const ChatPayload& payload) {
  json body = payload.to;
  body["text"] = payload.text;  // with blocks, the notification's text
  body["unfurl_links"] = false;
  if (payload.buttons.empty()) return body;
  json elements = json::array();
  for (const auto& b : payload.buttons) {
    // action_ids must differ within a block; the value is what a click types.
    elements.push_back({{"type", "button"},
                        {"action_id", b.data},
                        {"text", {{"type", "plain_text"}, {"text", clip(b.label, kMaxButtonText)}}},
                        {"value", button_answer(b.data)}});
  }
  body["blocks"] =
      json::array({{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", payload.text}}}},
                   {{"type", "actions"}, {"elements", elements}}});
  return body;
}

void SlackChannel::deliver(const OutboxEntry& entry, DeliveryHandler done) {
  auto payload = parse_chat_payload(entry.payload);
  if (!payload) return done(DeliveryResult::failed("unreadable outbox payload"));
  json body = post_message_body(*payload);
  OutboundRequest request;
  request.url = config_.api_base + "/api/chat.postMessage";
  request.headers = {{"Authorization", "Bearer " + config_.bot_token},
                     {"Content-Type", "application/json; charset=utf-8"}};
  request.body = body.dump();
  send_request(
      transport_, std::move(request),
      [](const OutboundResponse& response) {
        DeliveryResult result = classify_http(response);
        if (result.outcome != DeliveryResult::Outcome::sent) return result;
        // Slack answers 200 with {"ok": false, "error": ...} for most failures.
        auto answer = json::parse(response.body, nullptr, false);
        if (answer.is_object() && answer.value("ok", false)) return result;
        std::string error =
            answer.is_object() ? answer.value("error", "unknown") : "unreadable reply";
        if (error == "ratelimited" || error == "internal_error" || error == "fatal_error" ||
            error == "service_unavailable" || error == "request_timeout") {
          return DeliveryResult::retry("slack: " + error, retry_after_ms(response));
        }
        return DeliveryResult::failed("slack: " + error);
      },
      std::move(done));
}

}  // namespace careerbot
