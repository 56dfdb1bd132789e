#include "chat_answerer.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include "log.hpp"

namespace careerbot {
namespace {

constexpr int kNiceness = 10;  // of the answering thread, above the process's

}  // namespace

ChatAnswerer::ChatAnswerer(ChatInbox& inbox, Store& store)
    : inbox_(inbox), store_(store), thread_([this] { run(); }) {}

ChatAnswerer::~ChatAnswerer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  handed_over_.notify_all();
  thread_.join();
}

void ChatAnswerer::deliver(const OutboxEntry& entry, DeliveryHandler done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({entry, std::move(done)});
  }
  handed_over_.notify_one();
}

void ChatAnswerer::run() {
  // Acknowledging comes first: when both want the CPU, a platform waiting for
  // its 2xx (Slack gives 3 s, then sends again) goes before the answers,
  // which catch up as soon as there is room.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kNiceness);
  std::unique_lock lock(mutex_);
  for (;;) {
    handed_over_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, with nothing left
    std::vector<Work> batch;
    batch.swap(queue_);
    lock.unlock();
    answer(batch);
    lock.lock();
  }
}

void ChatAnswerer::answer(std::vector<Work>& batch) {
  std::vector<Store::AnsweredEntry> answered;
  std::vector<Work*> waiting;  // answered, for the outcome of the transaction
  for (auto& work : batch) {
    auto read = parse_answer_payload(work.entry.payload);
    if (!read) {
      work.done(DeliveryResult::failed("not a message to answer"));
      continue;
    }
    const auto& [message, style] = *read;
    try {
      ChatReply reply = inbox_.compose(message, style);
      answered.push_back({work.entry.id, message.message_id,
                          inbox_.entries(message, std::move(reply.pieces), reply.buttons)});
      waiting.push_back(&work);
    } catch (const std::exception& e) {  // the store is away: the outbox tries again later
      work.done(DeliveryResult::retry(std::string("could not answer: ") + e.what()));
    }
  }
  if (waiting.empty()) return;
  std::vector<bool> finished;
  try {
    finished = store_.finish_answers(answered);
  } catch (const std::exception& e) {
    for (auto* work : waiting) {
      work->done(DeliveryResult::retry(std::string("could not store the answer: ") + e.what()));
    }
    return;
  }
  inbox_.wake_outbox();
  for (std::size_t i = 0; i < waiting.size(); ++i) {
    if (!finished[i]) {
      // Its claim ran out while it was answered here, and another instance
      // answered it: this answer is not sent.
      log::write(log::Level::warn, "answer_superseded", {{"id", answered[i].id}});
    }
    waiting[i]->done(DeliveryResult::sent());
  }
}

}  // namespace careerbot
