#include "answerer.hpp"

#include "log.hpp"
#include "thread_role.hpp"

namespace careerbot {

Answerer::Answerer(Store& store, Outbox& outbox)
    : store_(store), outbox_(outbox), thread_([this] {
        name_background_thread("cb-answerer");
        run();
      }) {}

Answerer::~Answerer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  handed_over_.notify_all();
  thread_.join();
}

void Answerer::serve(const std::string& channel, AnswerSource& source) {
  sources_[channel] = &source;
  outbox_.add_courier(channel, *this, {});
}

void Answerer::deliver(const OutboxEntry& entry, DeliveryHandler done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({entry, std::move(done)});
  }
  handed_over_.notify_one();
}

void Answerer::run() {
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

void Answerer::answer(std::vector<Work>& batch) {
  std::vector<Store::AnsweredEntry> answered;
  std::vector<Work*> waiting;  // answered, for the outcome of the transaction
  for (auto& work : batch) {
    auto source = sources_.find(work.entry.channel);
    std::optional<std::vector<OutboxEntry>> replies;
    try {
      if (source != sources_.end()) replies = source->second->answer(work.entry);
    } catch (const std::exception& e) {  // the store is away: the outbox tries again later
      work.done(DeliveryResult::retry(std::string("could not answer: ") + e.what()));
      continue;
    }
    if (!replies) {
      work.done(DeliveryResult::failed("not a question to answer"));
      continue;
    }
    answered.push_back({work.entry.id, work.entry.message_id, std::move(*replies)});
    waiting.push_back(&work);
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
  outbox_.wake();  // the replies are there to send
  for (std::size_t i = 0; i < waiting.size(); ++i) {
    if (!finished[i]) {
      // Its claim ran out while it was answered here, and another instance
      // answered it: this answer is not sent.
      log::write(log::Level::warn, "answer_superseded", {{"id", answered[i].id}});
    }
    waiting[i]->done(DeliveryResult::sent_and_recorded());  // finish_answers ended it
  }
}

}  // namespace careerbot
