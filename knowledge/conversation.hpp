// Short-term memory of conversations, so follow-ups ("what about the
// salary?") know what came before. Bounded in size and time; thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "matcher.hpp"

namespace careerbot {

class ConversationStore {
 public:
  using Clock = std::chrono::steady_clock;

  ConversationStore(std::size_t capacity, std::chrono::seconds ttl,
                    std::function<Clock::time_point()> now = Clock::now);

  // The state of a conversation; empty when unknown or expired.
  ConversationState load(const std::string& id);
  void save(const std::string& id, ConversationState state);
  std::size_t size() const;

 private:
  struct Entry {
    ConversationState state;
    Clock::time_point touched;
    std::list<std::string>::iterator age;
  };

  const std::size_t capacity_;
  const std::chrono::seconds ttl_;
  std::function<Clock::time_point()> now_;
  mutable std::mutex mutex_;
  std::list<std::string> by_age_;  // most recently used first
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace careerbot
