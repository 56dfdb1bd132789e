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

// Where conversations are remembered between messages. A caller loads a
// conversation's state, answers, then saves it or, when it failed, releases
// it: memory shared by several instances keeps the conversation to that
// caller meanwhile, so two messages of one conversation are answered one
// after the other, the second seeing the first.
class ConversationMemory {
 public:
  virtual ~ConversationMemory() = default;
  // The state of a conversation; empty when unknown or expired.
  virtual ConversationState load(const std::string& id) = 0;
  virtual void save(const std::string& id, ConversationState state) = 0;
  // The first state of a conversation just begun (its id new, so no one
  // else can be answering it): saved as save() does, or later.
  virtual void begin(const std::string& id, ConversationState state) { save(id, std::move(state)); }
  // Gives the conversation back without saving (the answer failed).
  virtual void release(const std::string& id) { (void)id; }
};

// The memory of one process: conversations live in RAM.
class ConversationStore final : public ConversationMemory {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kStripes = 16;
  static constexpr std::size_t kStripedFrom = 1024;

  ConversationStore(std::size_t capacity, std::chrono::seconds ttl,
                    std::function<Clock::time_point()> now = Clock::now);

  ConversationState load(const std::string& id) override;
  void save(const std::string& id, ConversationState state) override;
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
