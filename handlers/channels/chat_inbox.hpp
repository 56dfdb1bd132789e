// The path every chat adapter shares once it has verified and parsed a
// platform's request. A channel that replies through the platform's API
// (`receive_later`) stores the message with the work of answering it and
// acknowledges at once; the Answerer answers it from the outbox (`answer`). A channel
// that answers in its response (`take`) answers first and stores the message
// with its queued replies before the platform gets its 2xx. Answering is the
// same for both (`compose`): rate-limit the sender, keep a message a counselor
// holds, answer, render the answer for the platform.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "answerer.hpp"
#include "assistant.hpp"
#include "chat_buttons.hpp"
#include "chat_format.hpp"
#include "handoffs.hpp"
#include "inbound_writer.hpp"
#include "knowledge_service.hpp"
#include "metrics.hpp"
#include "outbox.hpp"
#include "router.hpp"
#include "sender_limit.hpp"

namespace careerbot {

// One message from a chat platform, after verification.
struct ChatMessage {
  std::string channel;       // "slack"
  std::string message_id;    // the platform's id for the delivery (event_id, update_id, ...)
  std::string sender;        // the platform's user id
  std::string conversation;  // what follow-up questions are remembered by
  std::string text;          // empty: recorded (and acknowledged) but not answered
  nlohmann::json reply_to;   // where replies go; copied into each outbox payload
  std::string rate_key;      // replies with one key are sent in order, paced
  // A platform call that acknowledges the message (Telegram's
  // answerCallbackQuery), queued before the replies on a key of its own, so
  // that the chat's pacing does not hold it up; null for none.
  nlohmann::json acknowledge;
};

// How a platform shows text.
struct ChatStyle {
  ChatMarkup markup = ChatMarkup::plain;
  std::size_t max_length = 4096;
  bool buttons = false;  // the platform shows chat_buttons under the last message
  // The limit of the message that carries buttons, when smaller (0: max_length).
  std::size_t max_length_with_buttons = 0;
  // Buttons with longer labels are left out (WhatsApp: 20); 0: no limit.
  std::size_t max_button_label = 0;
};

enum class Intake { queued, duplicate, limited, answered_inline };

// A message answered, rendered for its platform.
struct ChatReply {
  Intake intake = Intake::queued;
  std::vector<std::string> pieces;  // none: nothing to send (held, not a question, silenced)
  std::vector<ChatButton> buttons;  // under the last piece
};

// The outbox channel of the work of answering a received message.
inline constexpr const char* kAnswerChannel = "answer";

class ChatInbox final : public AnswerSource {
 public:
  ChatInbox(Assistant& assistant, KnowledgeService& knowledge, Outbox& outbox, Metrics& metrics,
            SenderLimit& limit, Handoffs& handoffs, std::size_t max_question_bytes,
            std::unique_ptr<InboundJournal> journal = nullptr);

  // The platform's reply to the request itself, for channels that answer in
  // the response (Discord): given the rendered pieces and the buttons that go
  // under the last one, it takes the pieces it answers inline and returns the
  // response body; the rest are queued.
  using InlineReply = std::function<std::string(std::vector<std::string>& pieces,
                                                const std::vector<ChatButton>& buttons)>;

  struct Result {
    Intake intake = Intake::queued;
    std::optional<std::string> inline_reply;  // also the stored one for a duplicate
  };

  Result take(const ChatMessage& message, const ChatStyle& style,
              const InlineReply& inline_reply = nullptr);

  // Records each message and the work of answering it (and the platform's
  // acknowledgement call, if any) durably, batched with whatever else arrived
  // meanwhile (InboundWriter's threads), without holding the calling thread:
  // for handlers on the event loops. The response is `stored` once all of
  // them are on disk (in the journal, if there is one; a message seen before
  // records nothing when it reaches the store), or the failure's (503 when
  // they could not be written; the platform sends them again). Answers go
  // out in the order messages arrived per rate key.
  WebResponse receive_later(const std::vector<ChatMessage>& messages, const ChatStyle& style,
                            WebResponse stored, std::string route);

  // The answer to a message and its pieces for the platform.
  ChatReply compose(const ChatMessage& message, const ChatStyle& style);
  // The outbox entries that send a reply: the platform's acknowledgement call
  // (if the message has one), then the pieces, buttons under the last.
  std::vector<OutboxEntry> entries(const ChatMessage& message, std::vector<std::string> pieces,
                                   const std::vector<ChatButton>& buttons) const;
  // The work of answering a received message, done: compose(), then
  // entries(). nullopt for work that is not a received message.
  std::optional<std::vector<OutboxEntry>> answer(const OutboxEntry& work) override;

 private:
  // The message and the work of answering it, as receive_later() stores them.
  Store::Inbound received(const ChatMessage& message, const ChatStyle& style) const;
  // Counts and logs what storing a received message did; wakes the outbox.
  Intake recorded(const InboundMessage& message, const InboundOutcome& outcome);
  // Claims a message id while it is being answered, so that a concurrent
  // delivery of the same message does not advance the conversation twice.
  bool claim(const std::string& key);
  void release(const std::string& key);

  Assistant& assistant_;
  KnowledgeService& knowledge_;
  Outbox& outbox_;
  Metrics& metrics_;
  SenderLimit& limit_;
  Handoffs& handoffs_;
  const std::size_t max_question_bytes_;
  std::mutex claims_mutex_;
  std::set<std::string> claims_;
  InboundWriter writer_;  // last: its thread stops (and writes what it has) first
};

// A queued reply's payload: {"to": <reply_to>, "text": <piece>}, with
// "buttons" on an answer's last piece; or an acknowledgement, {"to":
// <reply_to>, "ack": <the platform call's parameters>}.
struct ChatPayload {
  nlohmann::json to;
  std::string text;
  std::vector<ChatButton> buttons;
  nlohmann::json ack;  // null unless this is an acknowledgement
};
std::vector<std::string> chat_payloads(const nlohmann::json& to, std::vector<std::string> pieces,
                                       const std::vector<ChatButton>& buttons);
std::optional<ChatPayload> parse_chat_payload(const std::string& payload);

// The payload of the work of answering a received message: the message
// (without its acknowledgement call, queued on its own) and how its platform
// shows text. nullopt for a payload that is not one.
std::string answer_payload(const ChatMessage& message, const ChatStyle& style);
std::optional<std::pair<ChatMessage, ChatStyle>> parse_answer_payload(const std::string& payload);

}  // namespace careerbot
