#include "slack_channel.hpp"

#include "log.hpp"
#include "signatures.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

constexpr const char* kChannel = "slack";

std::string str(const json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
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
}

WebResponse SlackChannel::events(const WebRequest& request) {
  auto verdict = signatures::verify_slack(
      config_.signing_secret, request.header("x-slack-request-timestamp"),
      request.header("x-slack-signature"), request.body, now_(), config_.replay_window.count());
  if (verdict != signatures::Verdict::ok) {
    return reject_request(metrics_, kChannel, signatures::to_string(verdict), request);
  }
  auto doc = json::parse(request.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return problem_response(400, "Malformed JSON", "Slack events are JSON objects.");
  }
  std::string type = str(doc, "type");
  if (type == "url_verification") {
    return json_response(200, {{"challenge", str(doc, "challenge")}});
  }
  if (type != "event_callback" || !doc.contains("event") || !doc["event"].is_object()) {
    return ok();  // other envelope types need no answer
  }
  const json& event = doc["event"];
  std::string event_type = str(event, "type");
  // Bots, our own posts included, are never answered: that is how loops start.
  // Edits, joins and other subtypes are not questions.
  if ((event_type != "message" && event_type != "app_mention") || event.contains("bot_id") ||
      event.contains("subtype") || str(event, "user").empty()) {
    metrics_.add("careerbot_channel_skipped_total",
                 {{"channel", kChannel}, {"reason", "not_a_question"}});
    return ok();
  }
  std::string event_id = str(doc, "event_id");
  std::string channel = str(event, "channel");
  std::string text = without_mentions(str(event, "text"));
  if (event_id.empty() || channel.empty()) {
    return problem_response(400, "Invalid event", "event_id and event.channel are required.");
  }
  if (text.empty()) return ok();
  std::string thread = str(event, "thread_ts");
  if (thread.empty() && str(event, "channel_type") != "im") thread = str(event, "ts");

  ChatMessage message;
  message.channel = kChannel;
  message.message_id = event_id;
  message.sender = str(doc, "team_id") + ":" + str(event, "user");
  message.conversation = "slack:" + str(doc, "team_id") + ":" + channel + ":" +
                         (thread.empty() ? str(event, "user") : thread);
  message.text = std::move(text);
  message.reply_to = {{"channel", channel}};
  if (!thread.empty()) message.reply_to["thread_ts"] = thread;
  message.rate_key = "slack:" + channel;
  if (auto retry = request.header("x-slack-retry-num"); !retry.empty()) {
    log::write(log::Level::info, "slack_retry",
               {{"event_id", event_id},
                {"retry", retry},
                {"reason", request.header("x-slack-retry-reason")}});
  }
  inbox_.take(message, {ChatMarkup::slack_mrkdwn, 3900});
  return ok();
}

void SlackChannel::deliver(const OutboxEntry& entry, DeliveryHandler done) {
  auto payload = parse_chat_payload(entry.payload);
  if (!payload) return done(DeliveryResult::failed("unreadable outbox payload"));
  json body = payload->to;
  body["text"] = payload->text;
  body["unfurl_links"] = false;
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
