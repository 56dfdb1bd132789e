// Answers the chat messages that were acknowledged before they were answered
// (ChatInbox::receive): the outbox hands over each message's entry in the
// "answer" channel, in arrival order per chat, as it hands replies to a
// platform's courier. A thread of its own answers what has gathered and, in
// one transaction, marks those entries done and queues their replies. A
// message that cannot be answered now (the store is away) is retried by the
// outbox with backoff, and becomes a dead letter an admin can send again.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "chat_inbox.hpp"
#include "outbox.hpp"

namespace careerbot {

class ChatAnswerer final : public Courier {
 public:
  ChatAnswerer(ChatInbox& inbox, Store& store);
  // Answers what was handed over already, then stops.
  ~ChatAnswerer() override;
  ChatAnswerer(const ChatAnswerer&) = delete;
  ChatAnswerer& operator=(const ChatAnswerer&) = delete;

  void deliver(const OutboxEntry& entry, DeliveryHandler done) override;

 private:
  struct Work {
    OutboxEntry entry;
    DeliveryHandler done;
  };
  void run();
  void answer(std::vector<Work>& batch);

  ChatInbox& inbox_;
  Store& store_;
  std::mutex mutex_;
  std::condition_variable handed_over_;
  std::vector<Work> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace careerbot
