#include "chat_inbox.hpp"

#include "json_writer.hpp"
#include "log.hpp"
#include "sender_limit.hpp"

namespace careerbot {

using nlohmann::json;

ChatInbox::ChatInbox(Assistant& assistant, KnowledgeService& knowledge, Outbox& outbox,
                     Metrics& metrics, SenderLimit& limit, Handoffs& handoffs,
                     std::size_t max_question_bytes, std::unique_ptr<InboundJournal> journal)
    : assistant_(assistant),
      knowledge_(knowledge),
      outbox_(outbox),
      metrics_(metrics),
      limit_(limit),
      handoffs_(handoffs),
      max_question_bytes_(max_question_bytes),
      writer_(
          knowledge.store(),
          [this](const InboundMessage& message, const InboundOutcome& outcome) {
            recorded(message, outcome);
          },
          std::move(journal)) {}

std::vector<std::string> chat_payloads(const json& to, std::vector<std::string> pieces,
                                       const std::vector<ChatButton>& buttons) {
  std::vector<std::string> payloads;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    json payload = {{"to", to}, {"text", std::move(pieces[i])}};
    if (i + 1 == pieces.size() && !buttons.empty()) payload["buttons"] = buttons_to_json(buttons);
    payloads.push_back(payload.dump());
  }
  return payloads;
}

std::vector<OutboxEntry> ChatInbox::entries(const ChatMessage& message,
                                            std::vector<std::string> pieces,
                                            const std::vector<ChatButton>& buttons) const {
  std::vector<OutboxEntry> list;
  long long now = unix_ms_now();
  auto add = [&](std::string rate_key, std::string payload) {
    OutboxEntry entry;
    entry.channel = message.channel;
    entry.rate_key = std::move(rate_key);
    entry.payload = std::move(payload);
    entry.next_attempt_ms = now;
    list.push_back(std::move(entry));
  };
  if (!message.acknowledge.is_null()) {
    add(message.channel + ":ack:" + message.message_id,
        json{{"to", message.reply_to}, {"ack", message.acknowledge}}.dump());
  }
  for (auto& payload : chat_payloads(message.reply_to, std::move(pieces), buttons)) {
    add(message.rate_key, std::move(payload));
  }
  return list;
}

bool ChatInbox::claim(const std::string& key) {
  std::lock_guard lock(claims_mutex_);
  return claims_.insert(key).second;
}

void ChatInbox::release(const std::string& key) {
  std::lock_guard lock(claims_mutex_);
  claims_.erase(key);
}

ChatInbox::Result ChatInbox::take(const ChatMessage& message, const ChatStyle& style,
                                  const InlineReply& inline_reply) {
  Store& store = knowledge_.store();
  auto duplicate = [&](std::optional<std::string> reply) -> Result {
    metrics_.add("careerbot_channel_duplicates_total", {{"channel", message.channel}});
    log::write(log::Level::info, "channel_duplicate",
               {{"channel", message.channel}, {"message_id", message.message_id}});
    return {Intake::duplicate, std::move(reply)};
  };
  // A retry of a message being answered right now, or one we already have
  // (its replies are queued or were sent): nothing more to do. The claim comes
  // first, so that a retry never answers (and moves the conversation on) again.
  const std::string key = message.channel + '\n' + message.message_id;
  if (!claim(key)) return duplicate(std::nullopt);
  struct Release {
    ChatInbox& inbox;
    const std::string& key;
    ~Release() { inbox.release(key); }
  } release{*this, key};
  if (auto seen = store.find_inbound(message.channel, message.message_id)) {
    return duplicate(seen->reply);
  }

  ChatReply reply = compose(message, style);
  Intake intake = reply.intake;
  std::optional<std::string> response;
  if (inline_reply) response = inline_reply(reply.pieces, reply.buttons);
  auto outcome =
      store.accept_inbound({message.channel, message.message_id, message.conversation},
                           entries(message, std::move(reply.pieces), reply.buttons), response);
  if (!outcome.accepted) {  // a delivery of the same message by another instance won
    metrics_.add("careerbot_channel_duplicates_total", {{"channel", message.channel}});
    return {Intake::duplicate, outcome.reply};
  }
  outbox_.wake();
  metrics_.add("careerbot_channel_deliveries_total", {{"channel", message.channel}});
  if (intake == Intake::queued && inline_reply) intake = Intake::answered_inline;
  return {intake, response};
}

ChatReply ChatInbox::compose(const ChatMessage& message, const ChatStyle& style) {
  ChatReply reply;
  auto verdict = limit_.check(message.channel + ":" + message.sender);
  if (verdict != SenderLimit::Verdict::allow) {
    reply.intake = Intake::limited;
    metrics_.add("careerbot_channel_skipped_total",
                 {{"channel", message.channel}, {"reason", "sender_rate_limit"}});
    log::write(log::Level::warn, "channel_sender_limited",
               {{"channel", message.channel},
                {"message_id", message.message_id},
                {"notice", verdict == SenderLimit::Verdict::warn}});
    if (verdict == SenderLimit::Verdict::warn) reply.pieces.emplace_back(kSlowDownNotice);
    return reply;
  }
  if (message.text.empty()) return reply;
  std::string text = message.text.substr(0, max_question_bytes_);
  if (auto held = handoffs_.holding(message.conversation)) {
    handoffs_.keep(*held, text);  // a counselor answers this conversation: no reply now
    return reply;
  }
  Answer answer = assistant_.ask(text, message.conversation);
  if (went_unanswered(answer)) knowledge_.note_unanswered(text, message.channel);
  handoffs_.after_answer({message.conversation, message.channel,
                          chat_route(message.channel, message.reply_to, message.rate_key,
                                     static_cast<int>(style.markup), style.max_length)},
                         text, answer);
  reply.pieces = render_chat(answer, style.markup, style.max_length);
  if (style.buttons) reply.buttons = chat_buttons(answer, style.max_button_label);
  if (!reply.buttons.empty())
    fit_last_piece(reply.pieces, style.markup, style.max_length_with_buttons);
  return reply;
}

std::optional<std::vector<OutboxEntry>> ChatInbox::answer(const OutboxEntry& work) {
  auto read = parse_answer_payload(work.payload);
  if (!read) return std::nullopt;
  const auto& [message, style] = *read;
  ChatReply reply = compose(message, style);
  return entries(message, std::move(reply.pieces), reply.buttons);
}

Store::Inbound ChatInbox::received(const ChatMessage& message, const ChatStyle& style) const {
  Store::Inbound inbound{{message.channel, message.message_id, message.conversation}, {}};
  // The platform's acknowledgement call (if any) goes out now, not after the answer.
  if (!message.acknowledge.is_null()) inbound.entries = entries(message, {}, {});
  OutboxEntry answer;
  answer.channel = kAnswerChannel;
  // One message of a chat at a time, in the order they came.
  answer.rate_key = std::string(kAnswerChannel) + ":" + message.rate_key;
  answer.payload = answer_payload(message, style);
  answer.next_attempt_ms = unix_ms_now();
  inbound.entries.push_back(std::move(answer));
  return inbound;
}

Intake ChatInbox::recorded(const InboundMessage& message, const InboundOutcome& outcome) {
  if (!outcome.accepted) {
    metrics_.add("careerbot_channel_duplicates_total", {{"channel", message.channel}});
    log::write(log::Level::info, "channel_duplicate",
               {{"channel", message.channel}, {"message_id", message.message_id}});
    return Intake::duplicate;
  }
  outbox_.wake();
  metrics_.add("careerbot_channel_deliveries_total", {{"channel", message.channel}});
  return Intake::queued;
}

WebResponse ChatInbox::receive_later(const std::vector<ChatMessage>& messages,
                                     const ChatStyle& style, WebResponse stored,
                                     std::string route) {
  if (messages.empty()) return stored;
  std::vector<Store::Inbound> inbound;
  inbound.reserve(messages.size());
  for (const auto& message : messages) inbound.push_back(received(message, style));
  // What the writer reports for each message, gathered until the last (its
  // thread reports them one after the other).
  struct Gathered {
    std::size_t left;
    std::exception_ptr error;
    WebResponse stored;
    std::string route;
    Respond respond;
  };
  WebResponse response;
  // Called once: what it holds is moved on, not copied.
  response.later = [this, inbound = std::move(inbound), stored = std::move(stored),
                    route = std::move(route)](const Respond& respond) mutable {
    auto gathered = std::make_shared<Gathered>(
        Gathered{inbound.size(), nullptr, std::move(stored), std::move(route), respond});
    for (auto& message : inbound) {
      writer_.write(std::move(message), [gathered](const std::exception_ptr& error) {
        if (error && !gathered->error) gathered->error = error;
        if (--gathered->left > 0) return;
        gathered->respond(gathered->error ? failure_response(gathered->route, gathered->error)
                                          : gathered->stored);
      });
    }
  };
  return response;
}

std::optional<ChatPayload> parse_chat_payload(const std::string& payload) {
  auto doc = json::parse(payload, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  ChatPayload parsed{json::object(), {}, {}, doc.value("ack", json())};
  if (doc.contains("to") && doc["to"].is_object()) parsed.to = doc["to"];
  if (doc.contains("text") && doc["text"].is_string()) {
    parsed.text = doc["text"].get<std::string>();
  } else if (parsed.ack.is_null()) {
    return std::nullopt;
  }
  if (doc.contains("buttons")) parsed.buttons = buttons_from_json(doc["buttons"]);
  return parsed;
}

std::string answer_payload(const ChatMessage& message, const ChatStyle& style) {
  // Written without a tree: this runs for every message before its 2xx.
  std::string payload;
  payload.reserve(256 + message.text.size());
  JsonWriter w(payload);
  w.begin_object().key("message").begin_object();
  w.key("channel").string(message.channel);
  w.key("message_id").string(message.message_id);
  w.key("sender").string(message.sender);
  w.key("conversation").string(message.conversation);
  w.key("text").string(message.text);
  w.key("reply_to").raw(message.reply_to.dump(-1, ' ', false, json::error_handler_t::replace));
  w.key("rate_key").string(message.rate_key);
  w.end_object().key("style").begin_object();
  w.key("markup").number(static_cast<int>(style.markup));
  w.key("max_length").number(style.max_length);
  w.key("buttons").boolean(style.buttons);
  w.key("max_length_with_buttons").number(style.max_length_with_buttons);
  w.key("max_button_label").number(style.max_button_label);
  w.end_object().end_object();
  return payload;
}

std::optional<std::pair<ChatMessage, ChatStyle>> parse_answer_payload(const std::string& payload) {
  auto doc = json::parse(payload, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("message") || !doc.contains("style"))
    return std::nullopt;
  try {
    const json& m = doc["message"];
    const json& s = doc["style"];
    ChatMessage message;
    message.channel = m.at("channel").get<std::string>();
    message.message_id = m.at("message_id").get<std::string>();
    message.sender = m.at("sender").get<std::string>();
    message.conversation = m.at("conversation").get<std::string>();
    message.text = m.at("text").get<std::string>();
    message.reply_to = m.at("reply_to");
    message.rate_key = m.at("rate_key").get<std::string>();
    ChatStyle style;
    const int markup = s.at("markup").get<int>();
    if (markup < 0 || markup > static_cast<int>(ChatMarkup::discord_markdown))  // (the last)
      return std::nullopt;
    style.markup = static_cast<ChatMarkup>(markup);
    style.max_length = s.at("max_length").get<std::size_t>();
    style.buttons = s.at("buttons").get<bool>();
    style.max_length_with_buttons = s.at("max_length_with_buttons").get<std::size_t>();
    style.max_button_label = s.at("max_button_label").get<std::size_t>();
    if (style.max_length == 0) return std::nullopt;
    return std::pair{std::move(message), style};
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace careerbot
