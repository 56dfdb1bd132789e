// Keeps one instance in step with the others on a shared PostgreSQL
// database: when another instance changes the profiles, this one loads them
// again (within a second: on the notification, or at the latest at the
// periodic version check); when another queues replies, this instance's
// outbox looks at once; when another adds messages to a web chat session,
// this one's open pages of it get them. After its connection comes back, it
// looks at everything.
#pragma once

#include <atomic>
#include <functional>
#include <set>
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

  // Before start(): called with the web chat sessions that have new
  // messages, or with every_session after a reconnect (anything may have
  // been missed).
  using WebMessagesAdded =
      std::function<void(const std::set<std::string>& sessions, bool every_session)>;
  void on_web_messages(WebMessagesAdded listener);

  void start();
  void stop();

 private:
  void run();

  StoreEvents events_;
  KnowledgeService& knowledge_;
  Outbox& outbox_;
  WebMessagesAdded web_messages_added_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace careerbot
