#include "email_channel.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "crypto.hpp"
#include "log.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

EmailChannel::EmailChannel(email::ReplyIdentity identity, std::vector<std::string> own_addresses,
                           Assistant& assistant, KnowledgeService& knowledge, Outbox& outbox,
                           Metrics& metrics, SenderLimit& replies_per_sender,
                           std::size_t max_question_bytes)
    : identity_(std::move(identity)),
      own_addresses_(std::move(own_addresses)),
      assistant_(assistant),
      knowledge_(knowledge),
      outbox_(outbox),
      metrics_(metrics),
      replies_per_sender_(replies_per_sender),
      max_question_bytes_(max_question_bytes) {}

EmailChannel::Result EmailChannel::skip(const std::string& message_id, const std::string& source,
                                        const std::string& reason) {
  // Recorded all the same, so that a redelivery is recognised.
  knowledge_.store().accept_inbound({kChannel, message_id, ""}, {}, std::nullopt);
  metrics_.add("careerbot_channel_skipped_total", {{"channel", kChannel}, {"reason", reason}});
  log::write(log::Level::info, "email_not_answered",
             {{"message_id", message_id}, {"source", source}, {"reason", reason}});
  return {Intake::skipped, reason};
}

EmailChannel::Result EmailChannel::take(const email::InboundMail& mail,
                                        const std::string& return_path, const std::string& source,
                                        const std::string& raw_for_id) {
  // The Message-ID names a mail however it reaches us (SMTP or a provider's
  // webhook, first delivery or retry); without one, its bytes do.
  std::string message_id =
      !mail.message_id.empty()
          ? mail.message_id
          : "sha256:" +
                crypto::sha256_hex(raw_for_id.empty() ? mail.text + mail.subject : raw_for_id);
  Store& store = knowledge_.store();
  if (store.find_inbound(kChannel, message_id)) {
    metrics_.add("careerbot_channel_duplicates_total", {{"channel", kChannel}});
    log::write(log::Level::info, "channel_duplicate",
               {{"channel", kChannel}, {"message_id", message_id}, {"source", source}});
    return {Intake::duplicate, ""};
  }
  auto reason = email::should_skip(mail, return_path, own_addresses_);
  if (reason != email::SkipReason::none) {
    return skip(message_id, source, std::string(email::to_string(reason)));
  }
  std::string recipient = lower(email::envelope_address(return_path));
  std::string question = mail.question.empty() ? mail.subject : mail.question;
  if (question.find_first_not_of(" \t\r\n") == std::string::npos) {
    return skip(message_id, source, "no_question");
  }
  if (replies_per_sender_.check(std::string(kChannel) + ":" + recipient) !=
      SenderLimit::Verdict::allow) {
    return skip(message_id, source, "sender_rate_limit");
  }
  if (question.size() > max_question_bytes_) question.resize(max_question_bytes_);
  const std::string conversation = std::string(kChannel) + ":" + recipient;
  OutboxEntry work;
  work.channel = kAnswerChannel;
  work.rate_key = std::string(kAnswerChannel) + ":" + conversation;  // one mail at a time
  work.payload = json{{"question", question},
                      {"to", recipient},
                      {"conversation", conversation},
                      {"source", source},
                      {"parent",
                       {{"message_id", mail.message_id},
                        {"subject", mail.subject},
                        {"references", mail.references},
                        {"in_reply_to", mail.in_reply_to}}}}
                     .dump(-1, ' ', false, json::error_handler_t::replace);
  work.next_attempt_ms = unix_ms_now();
  auto outcome =
      store.accept_inbound({kChannel, message_id, conversation}, {std::move(work)}, std::nullopt);
  if (!outcome.accepted) return {Intake::duplicate, ""};
  outbox_.wake();
  log::write(log::Level::info, "email_received", {{"message_id", message_id}, {"source", source}});
  return {Intake::queued, ""};
}

std::optional<std::vector<OutboxEntry>> EmailChannel::answer(const OutboxEntry& work) {
  auto payload = json::parse(work.payload, nullptr, false);
  if (!payload.is_object() || !payload.contains("question") || !payload["question"].is_string() ||
      !payload.contains("parent") || !payload["parent"].is_object()) {
    return std::nullopt;
  }
  std::string question;
  std::string recipient;
  std::string conversation;
  email::InboundMail parent;  // as far as threading the reply needs it
  try {  // a field of another type: not a question (a dead letter), not a retry
    question = payload["question"];
    recipient = payload.value("to", "");
    conversation = payload.value("conversation", "");
    const json& about = payload["parent"];
    parent.message_id = about.value("message_id", "");
    parent.subject = about.value("subject", "");
    parent.references = about.value("references", "");
    parent.in_reply_to = about.value("in_reply_to", "");
  } catch (const json::exception&) {
    return std::nullopt;
  }
  if (auto held = handoffs_ ? handoffs_->holding(conversation) : std::nullopt) {
    handoffs_->keep(*held, question);  // a counselor answers this conversation
    log::write(log::Level::info, "email_held_for_counselor",
               {{"message_id", work.message_id}, {"handoff", held->id}});
    return std::vector<OutboxEntry>{};
  }
  // Mail is slow to go back and forth: the whole quiz goes in one reply.
  Answer answer = assistant_.ask(question, conversation, GuideOptions{true});
  if (went_unanswered(answer)) knowledge_.note_unanswered(question, kChannel);
  if (handoffs_) {
    json route = {{"kind", "email"},
                  {"to", recipient},
                  {"subject", parent.subject},
                  {"message_id", parent.message_id},
                  {"references", parent.references}};
    handoffs_->after_answer({conversation, kChannel, route}, question, answer);
  }
  email::OutgoingMail reply;
  try {
    reply = email::compose_reply(parent, recipient, answer, identity_);
  } catch (const std::invalid_argument& e) {  // no reply can be addressed from this
    log::write(log::Level::warn, "email_not_answered",
               {{"message_id", work.message_id}, {"reason", e.what()}});
    return std::nullopt;
  }
  metrics_.add("careerbot_channel_deliveries_total", {{"channel", kChannel}});
  log::write(log::Level::info, "email_answered",
             {{"message_id", work.message_id},
              {"source", payload.value("source", "")},
              {"questions", answer.replies.size()},
              {"reply_id", reply.message_id}});
  return std::vector<OutboxEntry>{outbox_entry(reply, conversation)};
}

OutboxEntry EmailChannel::outbox_entry(const email::OutgoingMail& mail,
                                       const std::string& rate_key) const {
  OutboxEntry entry;
  entry.channel = kChannel;
  entry.rate_key = rate_key;
  entry.payload = json{
      {"from", mail.envelope_from},
      {"to", mail.envelope_to},
      {"message_id", mail.message_id},
      {"data",
       mail.data}}.dump();
  entry.next_attempt_ms = unix_ms_now();
  return entry;
}

void EmailChannel::join_handoffs(Handoffs& handoffs) {
  handoffs_ = &handoffs;
  handoffs.add_courier("email", [this](const json& route, const std::string& text) {
    // The person's last mail, as far as threading needs it.
    email::InboundMail parent;
    parent.message_id = route.value("message_id", "");
    parent.subject = route.value("subject", "");
    parent.references = route.value("references", "");
    const std::string to = route.value("to", "");
    parent.from_address = to;
    Answer answer;
    Reply reply;
    reply.status = Status::answered;
    reply.intent = Intent::handoff;
    reply.text = text;
    answer.replies.push_back(std::move(reply));
    auto mail = email::compose_reply(parent, to, answer, identity_);
    return std::vector<OutboxEntry>{outbox_entry(mail, std::string(kChannel) + ":" + to)};
  });
}

StoreResult EmailChannel::receive(const ReceivedMail& received) {
  try {
    std::string error;
    auto mail = email::read_mail(received.data, &error);
    if (!mail) {
      // Kept (the sender is not asked to try again) but not answered.
      std::string id = "sha256:" + crypto::sha256_hex(received.data);
      if (!knowledge_.store().find_inbound(kChannel, id)) skip(id, "smtp", "unreadable");
      log::write(log::Level::warn, "email_unreadable",
                 {{"remote", received.remote}, {"error", error}});
      return StoreResult::stored;
    }
    take(*mail, received.return_path, "smtp", received.data);
    return StoreResult::stored;
  } catch (const StoreError& e) {
    log::write(log::Level::error, "email_store_failed",
               {{"remote", received.remote}, {"error", e.what()}});
    return e.kind() == StoreError::Kind::full ? StoreResult::no_space : StoreResult::retry_later;
  } catch (const std::exception& e) {
    log::write(log::Level::error, "email_store_failed",
               {{"remote", received.remote}, {"error", e.what()}});
    return StoreResult::retry_later;
  }
}

void EmailChannel::deliver(const OutboxEntry& entry, DeliveryHandler done) {
  auto payload = json::parse(entry.payload, nullptr, false);
  if (payload.is_discarded() || !payload.is_object() || !payload.contains("data")) {
    return done(DeliveryResult::failed("unreadable outbox payload"));
  }
  if (!sender_) return done(DeliveryResult::retry("no relay configured"));
  sender_(payload.value("from", ""), payload.value("to", ""), payload.value("data", ""),
          std::move(done));
}

}  // namespace careerbot
