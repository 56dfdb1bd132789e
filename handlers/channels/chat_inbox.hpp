// The path every chat adapter shares once it has verified and parsed a
// platform's request: rate-limit the sender, skip a retried message, answer,
// render the answer for the platform, and store the message together with
// its queued replies before the platform gets its 2xx.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assistant.hpp"
#include "chat_format.hpp"
#include "knowledge_service.hpp"
#include "metrics.hpp"
#include "outbox.hpp"
#include "sender_limit.hpp"

namespace careerbot {

// One message from a chat platform, after verification.
struct ChatMessage {
  std::string channel;       // "slack"
  std::string message_id;    // the platform's id for the delivery (event_id, update_id, ...)
  std::string sender;        // the platform's user id
  std::string conversation;  // what follow-up questions are remembered by
  std::string text;
  nlohmann::json reply_to;  // where replies go; copied into each outbox payload
  std::string rate_key;     // replies with one key are sent in order, paced
};

// How a platform shows text.
struct ChatStyle {
  ChatMarkup markup = ChatMarkup::plain;
  std::size_t max_length = 4096;
};

enum class Intake { queued, duplicate, limited, answered_inline };

class ChatInbox {
 public:
  ChatInbox(Assistant& assistant, KnowledgeService& knowledge, Outbox& outbox, Metrics& metrics,
            SenderLimit& limit, std::size_t max_question_bytes);

  // The platform's reply to the request itself, for channels that answer in
  // the response (Discord): given the rendered pieces, it takes those it
  // answers inline and returns the response body; the rest are queued.
  using InlineReply = std::function<std::string(std::vector<std::string>& pieces)>;

  struct Result {
    Intake intake = Intake::queued;
    std::optional<std::string> inline_reply;  // also the stored one for a duplicate
  };

  Result take(const ChatMessage& message, const ChatStyle& style,
              const InlineReply& inline_reply = nullptr);

 private:
  std::vector<OutboxEntry> entries(const ChatMessage& message,
                                   std::vector<std::string> pieces) const;

  Assistant& assistant_;
  KnowledgeService& knowledge_;
  Outbox& outbox_;
  Metrics& metrics_;
  SenderLimit& limit_;
  const std::size_t max_question_bytes_;
};

// A queued reply's payload: {"to": <reply_to>, "text": <piece>}.
struct ChatPayload {
  nlohmann::json to;
  std::string text;
};
std::optional<ChatPayload> parse_chat_payload(const std::string& payload);

}  // namespace careerbot
