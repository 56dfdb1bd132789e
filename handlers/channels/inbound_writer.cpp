#include "inbound_writer.hpp"

#include "thread_role.hpp"

namespace careerbot {

InboundWriter::InboundWriter(Store& store)
    : store_(store), thread_([this] {
        name_this_thread("cb-inbound");
        run();
      }) {}

InboundWriter::~InboundWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  handed_over_.notify_all();
  thread_.join();
}

void InboundWriter::write(Store::Inbound message, Done done) {
  {
    std::lock_guard lock(mutex_);
    messages_.push_back(std::move(message));
    done_.push_back(std::move(done));
  }
  handed_over_.notify_one();
}

void InboundWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    handed_over_.wait(lock, [this] { return stopping_ || !messages_.empty(); });
    if (messages_.empty()) return;  // stopping, with nothing left
    std::vector<Store::Inbound> messages;
    std::vector<Done> done;
    messages.swap(messages_);
    done.swap(done_);
    lock.unlock();
    std::vector<InboundOutcome> outcomes;
    std::exception_ptr error;
    try {
      outcomes = store_.accept_inbound_batch(messages);
    } catch (...) {
      error = std::current_exception();  // nothing of the batch was written
    }
    for (std::size_t i = 0; i < done.size(); ++i) {
      done[i](error ? InboundOutcome{false, std::nullopt} : outcomes[i], error);
    }
    lock.lock();
  }
}

}  // namespace careerbot
