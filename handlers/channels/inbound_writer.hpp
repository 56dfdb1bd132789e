// Writes received chat messages to the store in batches, on a thread of its
// own, and tells each caller how it went: the event loops hand a message over
// and go on serving, and every message that arrived while one batch was being
// committed goes into the next (one transaction, one fsync).
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "store.hpp"

namespace careerbot {

class InboundWriter {
 public:
  // The outcome of the message's commit, or the error that kept its batch out.
  using Done = std::function<void(const InboundOutcome&, const std::exception_ptr&)>;

  explicit InboundWriter(Store& store);
  // Writes what was handed over already, then stops.
  ~InboundWriter();
  InboundWriter(const InboundWriter&) = delete;
  InboundWriter& operator=(const InboundWriter&) = delete;

  void write(Store::Inbound message, Done done);

 private:
  void run();

  Store& store_;
  std::mutex mutex_;
  std::condition_variable handed_over_;
  std::vector<Store::Inbound> messages_;
  std::vector<Done> done_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace careerbot
