// Keeps one instance in step with the others on a shared PostgreSQL
// database: when another instance changes the profiles, this one loads them
// again (within a second: on the notification, or at the latest at the
// periodic version check); when another queues replies, this instance's
// outbox looks at once. After its connection comes back, it looks at both.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "knowledge_service.hpp"
#include "outbox.hpp"
#include "store_events.hpp"

namespace careerbot {

class StoreWatch {
 public:
  // `url` (a secret) is the shared database's.
  StoreWatch(std::string url, KnowledgeService& knowledge, Outbox& outbox);
  ~StoreWatch();
  StoreWatch(const StoreWatch&) = delete;
  StoreWatch& operator=(const StoreWatch&) = delete;

  void start();
  void stop();

 private:
  void run();

  StoreEvents events_;
  KnowledgeService& knowledge_;
  Outbox& outbox_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace careerbot
