// The email channel: every way mail arrives (the SMTP listener, Mailgun,
// SendGrid and Postmark webhooks) ends here as one InboundMail and its
// return path. The channel deduplicates on Message-ID, leaves automatic mail,
// bounces, lists and our own replies unanswered (RFC 3834, each skip logged
// and counted), limits replies per sender, and stores the message with the
// work of answering it in one transaction before the sender is told the mail
// arrived. The Answerer answers it afterwards (`answer`): every question in
// the mail, in one threaded reply queued in the outbox.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "answerer.hpp"
#include "assistant.hpp"
#include "auto_reply_policy.hpp"
#include "handoffs.hpp"
#include "knowledge_service.hpp"
#include "mail_reader.hpp"
#include "metrics.hpp"
#include "outbox.hpp"
#include "reply_composer.hpp"
#include "sender_limit.hpp"
#include "smtp_session.hpp"

namespace careerbot {

// Sends one composed reply to the relay; `done` runs once, on any thread.
using MailSender = std::function<void(std::string envelope_from, std::string envelope_to,
                                      std::string data, DeliveryHandler done)>;

class EmailChannel final : public Courier, public AnswerSource {
 public:
  static constexpr const char* kChannel = "email";
  // The outbox channel of the work of answering a stored mail.
  static constexpr const char* kAnswerChannel = "answer-email";

  EmailChannel(email::ReplyIdentity identity, std::vector<std::string> own_addresses,
               Assistant& assistant, KnowledgeService& knowledge, Outbox& outbox, Metrics& metrics,
               SenderLimit& replies_per_sender, std::size_t max_question_bytes);

  enum class Intake { queued, duplicate, skipped };
  struct Result {
    Intake intake = Intake::queued;
    std::string reason;  // why a mail was skipped
  };

  // One inbound mail from any source, stored with the work of answering it
  // (or skipped, and recorded). Throws StoreError when it could not be
  // stored (the sender should try again later).
  Result take(const email::InboundMail& mail, const std::string& return_path,
              const std::string& source, const std::string& raw_for_id = {});

  // Takes part in human handoffs: a held conversation is kept for the
  // counselor, and the counselor's answer (and the counselors' own notice,
  // when handoff.email is set) goes out as mail composed here.
  void join_handoffs(Handoffs& handoffs);

  // The SMTP listener's sink: parses the raw message, then take().
  StoreResult receive(const ReceivedMail& mail);

  // The outbox courier: hands the stored reply to the relay.
  void set_sender(MailSender sender) { sender_ = std::move(sender); }
  void deliver(const OutboxEntry& entry, DeliveryHandler done) override;

  // The work of answering a stored mail, done: the reply, or none while a
  // counselor holds the conversation.
  std::optional<std::vector<OutboxEntry>> answer(const OutboxEntry& work) override;

 private:
  Result skip(const std::string& message_id, const std::string& source, const std::string& reason);
  OutboxEntry outbox_entry(const email::OutgoingMail& mail, const std::string& rate_key) const;

  const email::ReplyIdentity identity_;
  const std::vector<std::string> own_addresses_;
  Assistant& assistant_;
  KnowledgeService& knowledge_;
  Outbox& outbox_;
  Metrics& metrics_;
  SenderLimit& replies_per_sender_;
  const std::size_t max_question_bytes_;
  MailSender sender_;
  Handoffs* handoffs_ = nullptr;
};

}  // namespace careerbot
