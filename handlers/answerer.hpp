// Answers the questions that were stored before they were answered: a chat
// message acknowledged once stored (ChatInbox::receive), a mail accepted with
// its 250 (EmailChannel::take). Each waits in the outbox as an entry of its
// channel's answering channel ("answer" for chat, "answer-email" for mail),
// which the outbox hands over in arrival order per conversation, as it hands
// replies to a platform's courier. A thread of its own answers what has
// gathered, through the channel's AnswerSource, and in one transaction marks
// those entries done and queues their replies. A question that cannot be
// answered now (the store is away) is retried by the outbox with backoff, and
// becomes a dead letter an admin can send again.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "outbox.hpp"

namespace careerbot {

// A channel's side of answering later: one stored question into its replies.
class AnswerSource {
 public:
  virtual ~AnswerSource() = default;
  // The replies to queue for the question in `entry` (none: nothing to send,
  // as for a conversation a counselor holds); nullopt when the payload is not
  // a question (a dead letter). Throws when it cannot answer now.
  virtual std::optional<std::vector<OutboxEntry>> answer(const OutboxEntry& entry) = 0;
};

class Answerer final : public Courier {
 public:
  Answerer(Store& store, Outbox& outbox);
  // Answers what was handed over already, then stops.
  ~Answerer() override;
  Answerer(const Answerer&) = delete;
  Answerer& operator=(const Answerer&) = delete;

  // The outbox's entries in `channel` are questions `source` answers. Before
  // the outbox starts.
  void serve(const std::string& channel, AnswerSource& source);

  void deliver(const OutboxEntry& entry, DeliveryHandler done) override;

 private:
  struct Work {
    OutboxEntry entry;
    DeliveryHandler done;
  };
  void run();
  void answer(std::vector<Work>& batch);

  Store& store_;
  Outbox& outbox_;
  std::map<std::string, AnswerSource*, std::less<>> sources_;  // read-only once serving
  std::mutex mutex_;
  std::condition_variable handed_over_;
  std::vector<Work> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace careerbot
