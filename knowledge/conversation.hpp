// Short-term memory of conversations, so follow-ups ("what about the
// salary?") know what came before. Bounded in size and time; thread-safe.
//
// Conversations are spread over stripes, each with its own lock and its own
// least-recently-used order, so that requests of different conversations
// rarely wait for each other. A small store (under kStripedFrom) keeps one
// stripe: an exact LRU over the whole store.
#pragma once

#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "matcher.hpp"

namespace careerbot {

class ConversationStore {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kStripes = 16;
  static constexpr std::size_t kStripedFrom = 1024;

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
  struct Stripe {
    mutable std::mutex mutex;
    std::size_t capacity = 1;
    std::list<std::string> by_age;  // most recently used first
    std::unordered_map<std::string, Entry> entries;
  };

  Stripe& stripe_of(const std::string& id);

  const std::chrono::seconds ttl_;
  std::function<Clock::time_point()> now_;
  std::vector<std::unique_ptr<Stripe>> stripes_;
};

}  // namespace careerbot
