#include "store_watch.hpp"

#include "log.hpp"
#include "thread_role.hpp"

namespace careerbot {
namespace {

// How long one wait for a notification lasts: also how soon stop() returns.
constexpr std::chrono::milliseconds kWait{250};
// The knowledge version is checked at least this often, in case a
// notification was lost.
constexpr std::chrono::milliseconds kVersionCheck{1000};

}  // namespace

StoreWatch::StoreWatch(std::string url, KnowledgeService& knowledge, Outbox& outbox)
    : events_(std::move(url), {kKnowledgeChanged, kOutboxQueued, kWebMessagesAdded}),
      knowledge_(knowledge),
      outbox_(outbox) {}

StoreWatch::~StoreWatch() {
  stop();
}

void StoreWatch::on_web_messages(WebMessagesAdded listener) {
  web_messages_added_ = std::move(listener);
}

void StoreWatch::start() {
  thread_ = std::thread([this] {
    name_this_thread("cb-store-watch");
    run();
  });
}

void StoreWatch::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void StoreWatch::run() {
  auto last_check = std::chrono::steady_clock::now();
  std::string last_problem;
  while (!stopping_) {
    auto heard = events_.wait(kWait);
    if (heard.problem != last_problem) {
      // Logged when it starts and when it ends, not every attempt.
      if (heard.problem.empty() && heard.reconnected) {
        log::write(log::Level::info, "store_events_reconnected", {});
      } else if (!heard.problem.empty()) {
        log::write(log::Level::warn, "store_events_lost", {{"error", heard.problem}});
      }
      if (!heard.problem.empty() || heard.reconnected) last_problem = heard.problem;
    }
    if (heard.reconnected || heard.channels.contains(kOutboxQueued)) outbox_.wake();
    if (web_messages_added_ && (heard.reconnected || heard.channels.contains(kWebMessagesAdded))) {
      try {
        web_messages_added_(heard.payloads[kWebMessagesAdded], heard.reconnected);
      } catch (const std::exception& e) {
        log::write(log::Level::warn, "web_catch_up_failed", {{"error", e.what()}});
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (heard.reconnected || heard.channels.contains(kKnowledgeChanged) ||
        now - last_check >= kVersionCheck) {
      last_check = now;
      try {
        if (knowledge_.refresh()) {
          log::write(log::Level::info, "knowledge_reloaded",
                     {{"careers", knowledge_.snapshot()->kb.size()}});
        }
      } catch (const std::exception& e) {
        log::write(log::Level::warn, "knowledge_reload_failed", {{"error", e.what()}});
      }
    }
  }
}

}  // namespace careerbot
