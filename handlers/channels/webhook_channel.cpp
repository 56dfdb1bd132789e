#include "webhook_channel.hpp"

#include <nlohmann/json.hpp>

#include "log.hpp"
#include "signatures.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxIdBytes = 200;

const std::string kChannel = "webhook";

// doc[key] when it is a string; `fallback` when it is absent or null.
std::string text_or(const json& doc, const char* key, std::string fallback) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::move(fallback);
}

bool short_text(const json& doc, const char* key, bool required) {
  if (!doc.contains(key) || doc[key].is_null()) return !required;
  return doc[key].is_string() && !doc[key].get_ref<const std::string&>().empty() &&
         doc[key].get_ref<const std::string&>().size() <= kMaxIdBytes;
}

}  // namespace

WebhookChannel::WebhookChannel(const WebhookChannelConfig& config, Assistant& assistant,
                               KnowledgeService& knowledge, Metrics& metrics,
                               std::size_t max_question_bytes, Clock now)
    : config_(config),
      assistant_(assistant),
      knowledge_(knowledge),
      metrics_(metrics),
      max_question_bytes_(max_question_bytes),
      now_(std::move(now)) {}

WebResponse WebhookChannel::operator()(const WebRequest& request) const {
  auto verdict = signatures::verify_slack(config_.secret, request.header("x-careerbot-timestamp"),
                                          request.header("x-careerbot-signature"), request.body,
                                          now_(), config_.replay_window.count());
  if (verdict != signatures::Verdict::ok) {
    metrics_.add("careerbot_channel_rejected_total",
                 {{"channel", kChannel}, {"reason", std::string(signatures::to_string(verdict))}});
    log::write(log::Level::warn, "channel_rejected",
               {{"channel", kChannel},
                {"reason", signatures::to_string(verdict)},
                {"remote", request.remote}});
    return problem_response(
        401, "Invalid signature",
        "Sign the raw body as X-Careerbot-Signature: v0=<hex HMAC-SHA256 of \"v0:\" + "
        "X-Careerbot-Timestamp + \":\" + body> with the shared secret; the timestamp must "
        "be within " +
            std::to_string(config_.replay_window.count()) + " s.");
  }
  auto doc = json::parse(request.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return problem_response(400, "Malformed JSON", "The body must be a JSON object.");
  }
  if (!short_text(doc, "message_id", true) || !short_text(doc, "conversation_id", false) ||
      !short_text(doc, "sender", false)) {
    return problem_response(
        400, "Invalid message",
        "'message_id' is required; 'message_id', 'conversation_id' and 'sender' are "
        "non-empty strings of at most 200 bytes.");
  }
  if (!doc.contains("text") || !doc["text"].is_string() ||
      doc["text"].get_ref<const std::string&>().empty() ||
      doc["text"].get_ref<const std::string&>().size() > max_question_bytes_) {
    return problem_response(400, "Invalid message",
                            "'text' is required: a non-empty string of at most " +
                                std::to_string(max_question_bytes_) + " bytes.");
  }
  std::string message_id = doc["message_id"];
  // (An optional field may be null, which value() would throw on.)
  std::string conversation =
      kChannel + ":" + text_or(doc, "conversation_id", text_or(doc, "sender", message_id));

  // A retry of a message already answered gets that same answer, also after
  // a restart. The message and its answer are stored together before the
  // response goes out.
  auto seen = knowledge_.store().find_inbound(kChannel, message_id);
  if (!seen) {
    const std::string& text = doc["text"].get_ref<const std::string&>();
    Answer answer = assistant_.ask(text, conversation);
    if (went_unanswered(answer)) knowledge_.note_unanswered(text, kChannel);
    json body = answer_to_json(answer);
    body["message_id"] = message_id;
    auto outcome =
        knowledge_.store().accept_inbound({kChannel, message_id, conversation}, {}, body.dump());
    if (outcome.accepted) {
      metrics_.add("careerbot_channel_deliveries_total", {{"channel", kChannel}});
      return json_response(200, body);
    }
    seen = outcome;  // a concurrent delivery of the same message got there first
  }
  metrics_.add("careerbot_channel_duplicates_total", {{"channel", kChannel}});
  log::write(log::Level::info, "channel_duplicate",
             {{"channel", kChannel}, {"message_id", message_id}});
  WebResponse response;
  response.body = seen->reply.value_or("{}");
  response.headers.emplace_back("X-Careerbot-Duplicate", "true");
  return response;
}

}  // namespace careerbot
