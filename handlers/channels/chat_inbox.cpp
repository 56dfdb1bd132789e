#include "chat_inbox.hpp"

#include "log.hpp"
#include "sender_limit.hpp"

namespace careerbot {

using nlohmann::json;

ChatInbox::ChatInbox(Assistant& assistant, KnowledgeService& knowledge, Outbox& outbox,
                     Metrics& metrics, SenderLimit& limit, std::size_t max_question_bytes)
    : assistant_(assistant),
      knowledge_(knowledge),
      outbox_(outbox),
      metrics_(metrics),
      limit_(limit),
      max_question_bytes_(max_question_bytes) {}

std::vector<OutboxEntry> ChatInbox::entries(const ChatMessage& message,
                                            std::vector<std::string> pieces) const {
  std::vector<OutboxEntry> list;
  long long now = unix_ms_now();
  for (auto& piece : pieces) {
    OutboxEntry entry;
    entry.channel = message.channel;
    entry.rate_key = message.rate_key;
    entry.payload = json{{"to", message.reply_to}, {"text", std::move(piece)}}.dump();
    entry.next_attempt_ms = now;
    list.push_back(std::move(entry));
  }
  return list;
}

ChatInbox::Result ChatInbox::take(const ChatMessage& message, const ChatStyle& style,
                                  const InlineReply& inline_reply) {
  Store& store = knowledge_.store();
  // A retry of a message we already have: its replies are queued (or were
  // sent); nothing more to do.
  if (auto seen = store.find_inbound(message.channel, message.message_id)) {
    metrics_.add("careerbot_channel_duplicates_total", {{"channel", message.channel}});
    log::write(log::Level::info, "channel_duplicate",
               {{"channel", message.channel}, {"message_id", message.message_id}});
    return {Intake::duplicate, seen->reply};
  }

  std::vector<std::string> pieces;
  Intake intake = Intake::queued;
  auto verdict = limit_.check(message.channel + ":" + message.sender);
  if (verdict != SenderLimit::Verdict::allow) {
    intake = Intake::limited;
    metrics_.add("careerbot_channel_skipped_total",
                 {{"channel", message.channel}, {"reason", "sender_rate_limit"}});
    log::write(log::Level::warn, "channel_sender_limited",
               {{"channel", message.channel},
                {"message_id", message.message_id},
                {"notice", verdict == SenderLimit::Verdict::warn}});
    if (verdict == SenderLimit::Verdict::warn) pieces.emplace_back(kSlowDownNotice);
  } else {
    std::string text = message.text.substr(0, max_question_bytes_);
    Answer answer = assistant_.ask(text, message.conversation);
    if (answer.first().status == Status::fallback) {
      knowledge_.note_unanswered(text, message.channel);
    }
    pieces = render_chat(answer, style.markup, style.max_length);
  }

  std::optional<std::string> response;
  if (inline_reply) response = inline_reply(pieces);
  auto outcome = store.accept_inbound({message.channel, message.message_id, message.conversation},
                                      entries(message, std::move(pieces)), response);
  if (!outcome.accepted) {  // a concurrent delivery of the same message won
    metrics_.add("careerbot_channel_duplicates_total", {{"channel", message.channel}});
    return {Intake::duplicate, outcome.reply};
  }
  outbox_.wake();
  metrics_.add("careerbot_channel_deliveries_total", {{"channel", message.channel}});
  if (intake == Intake::queued && inline_reply) intake = Intake::answered_inline;
  return {intake, response};
}

std::optional<ChatPayload> parse_chat_payload(const std::string& payload) {
  auto doc = json::parse(payload, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("text") || !doc["text"].is_string()) {
    return std::nullopt;
  }
  return ChatPayload{doc.value("to", json::object()), doc["text"].get<std::string>()};
}

}  // namespace careerbot
