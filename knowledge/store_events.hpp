// What other instances sharing a PostgreSQL database announce (LISTEN /
// NOTIFY): a dedicated connection that waits for the store's channels
// (kKnowledgeChanged, kOutboxQueued, kWebMessagesAdded). A lost connection is made again, with
// a backoff; what was announced meanwhile is lost, so after reconnecting the
// listener says so, and its user looks at everything again.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace careerbot {

class StoreEvents {
 public:
  // Does not connect yet: the first wait() does. `url` is a secret.
  StoreEvents(std::string url, std::vector<std::string> channels);
  ~StoreEvents();
  StoreEvents(const StoreEvents&) = delete;
  StoreEvents& operator=(const StoreEvents&) = delete;

  struct Heard {
    std::set<std::string> channels;  // notified since the last wait
    // What the notifications said, by channel (those with a payload).
    std::map<std::string, std::set<std::string>> payloads;
    bool reconnected = false;  // (re)connected: anything may have been missed
    std::string problem;       // the connection failed (for the log; no secret)
  };
  // Waits up to `timeout` for a notification.
  Heard wait(std::chrono::milliseconds timeout);

 private:
  struct Connection;
  std::unique_ptr<Connection> connection_;
};

}  // namespace careerbot
